"""Real dates: the survey opens by itself on its opening date and closes at the end of its
closing date (worked out when a request arrives), and every page, the workbook and the
published summary show the dates that actually happened."""

import datetime
import io

import openpyxl
from conftest import page

from healthcheck import cycles
from healthcheck.formatting import long_date
from healthcheck.publishing import summaries as publishing
from healthcheck.results import compute as results
from healthcheck.workbook import build as workbook

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def dates(db, cycle, opens, closes):
    db["cycles"].update(cycle["id"], {"opens_on": opens.isoformat(), "closes_on": closes.isoformat()})
    return cycles.get_cycle(db, cycle["slug"])


def test_effective_status_follows_the_dates():
    draft = {"status": "draft", "opens_on": TODAY.isoformat(), "closes_on": (TODAY + 7 * DAY).isoformat()}
    assert cycles.effective_status(draft, TODAY) == "open"
    assert cycles.effective_status(draft, TODAY - DAY) == "draft"
    opened = {**draft, "status": "open"}
    assert cycles.effective_status(opened, TODAY + 7 * DAY) == "open"  # open all of its closing day
    assert cycles.effective_status(opened, TODAY + 8 * DAY) == "closed"
    assert cycles.effective_status({**draft, "status": "released"}, TODAY + 30 * DAY) == "released"


def test_a_cycle_whose_opening_date_is_today_takes_answers_without_anyone_opening_it(client, db, make_cycle):
    cycle = dates(db, make_cycle(), TODAY, TODAY + 14 * DAY)
    assert cycle["status"] == "draft"
    start = client.get(f"/survey/{cycle['slug']}")
    assert start.status_code == 200
    assert client.post(f"/survey/{cycle['slug']}", data={}).status_code == 302  # the survey has started
    opened = cycles.get_cycle(db, cycle["slug"])
    assert opened["status"] == "open" and opened["opened_on"] == TODAY.isoformat()
    assert opened["bank_version"]


def test_a_draft_without_teams_does_not_open_and_its_page_says_why(sign_in, db, make_cycle):
    cycle = dates(db, make_cycle(teams=[]), TODAY, TODAY + 14 * DAY)
    html = page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}"))
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "draft"
    assert "cannot open until it has teams" in html.select_one("#waiting-for-teams").text


def test_a_cycle_whose_closing_date_has_passed_takes_no_answers(client, db, make_cycle):
    cycle = dates(db, make_cycle(status="open"), TODAY - 20 * DAY, TODAY - DAY)
    response = client.post(f"/survey/{cycle['slug']}", data={})
    assert response.status_code == 403
    closed = cycles.get_cycle(db, cycle["slug"])
    assert closed["status"] == "closed" and closed["closed_on"] == (TODAY - DAY).isoformat()
    html = page(client.get(f"/survey/{cycle['slug']}"))
    assert f"closed on {long_date(TODAY - DAY)}" in html.text


def test_a_cycle_closed_early_shows_its_real_closing_date_everywhere(client, sign_in, db, make_cycle):
    cycle = make_cycle(status="open")
    planned = long_date(cycle["closes_on"])
    closed = cycles.close_cycle(db, cycle)
    real = long_date(TODAY)
    assert closed["closed_on"] == TODAY.isoformat()
    survey = page(client.get(f"/survey/{cycle['slug']}"))
    assert f"closed on {real}" in survey.text and planned not in survey.text
    staff = page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}"))
    assert f"closed {real}" in staff.select_one("#survey-dates").text and planned not in staff.text
    book = openpyxl.load_workbook(
        io.BytesIO(workbook.workbook_bytes(workbook.build_workbook(db, closed, generated_by="psw@council.example")))
    )
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row and row[0]}
    assert about["Survey dates"] == f"Opened {real}, closed {real}"
    released = results.release_results(db, closed)  # a summary is published once results are released
    publication, _ = publishing.save_publication(db, released, "Themes.", "psw@council.example")
    summary = page(client.get(f"/published/{publication['token']}"))
    facts = {
        row.select_one("dt").text.strip(): row.select_one("dd").text.strip()
        for row in summary.select("#summary-facts .govuk-summary-list__row")
    }
    assert facts["The survey closed"] == real


def test_dates_cannot_be_set_in_the_past_for_a_draft(sign_in, db, make_cycle):
    cycle = make_cycle()
    form = {
        "name": cycle["name"],
        "slug": cycle["slug"],
        "capture_date": ["30", "9", "2026"],
        "opens_on": [str((TODAY - DAY).day), str((TODAY - DAY).month), str((TODAY - DAY).year)],
        "closes_on": [str((TODAY + 9 * DAY).day), str((TODAY + 9 * DAY).month), str((TODAY + 9 * DAY).year)],
        "reporting_threshold": "5",
    }
    html = page(sign_in("psw").post(f"/admin/cycles/{cycle['slug']}/edit", data=form))
    summary = html.select_one(".govuk-error-summary a")
    assert summary["href"] == "#opens_on" and "cannot be in the past" in summary.text
    assert cycles.get_cycle(db, cycle["slug"])["opens_on"] == cycle["opens_on"]


def test_an_open_surveys_opening_date_is_fixed_and_its_closing_date_not_before_today(db, make_cycle):
    cycle = make_cycle(status="open")
    values = {**cycle, "opens_on": (TODAY + DAY).isoformat()}
    try:
        cycles.update_cycle(db, cycle, values, today=TODAY)
    except cycles.Problem as problem:
        assert problem.field == "opens_on" and "opened on" in problem.message
    else:
        raise AssertionError("an open survey's opening date changed")
    values = {**cycle, "closes_on": (TODAY - DAY).isoformat()}
    try:
        cycles.update_cycle(db, cycle, values, today=TODAY)
    except cycles.Problem as problem:
        assert problem.field == "closes_on" and "Close the survey" in problem.message
    else:
        raise AssertionError("an open survey's closing date was put in the past")
    later = cycles.update_cycle(db, cycle, {**cycle, "closes_on": (TODAY + 40 * DAY).isoformat()}, today=TODAY)
    assert later["closes_on"] == (TODAY + 40 * DAY).isoformat()


def test_a_closed_surveys_dates_cannot_change(db, make_cycle):
    cycle = make_cycle(status="closed")
    try:
        cycles.update_cycle(db, cycle, {**cycle, "closes_on": (TODAY + 9 * DAY).isoformat()}, today=TODAY)
    except cycles.Problem as problem:
        assert f"closed on {long_date(TODAY)}" in problem.message
    else:
        raise AssertionError("a closed survey's dates changed")


def test_the_command_sees_the_cycle_as_its_dates_make_it(runner, db, make_cycle):
    cycle = dates(db, make_cycle(status="open"), TODAY - 20 * DAY, TODAY - 2 * DAY)
    listing = runner.invoke(args=["cycles", "list"])
    assert f"Opened {long_date(TODAY)}, closed {long_date(TODAY - 2 * DAY)}" in listing.output
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "closed"
