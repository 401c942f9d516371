"""Comment retention: each cycle says how many months comments are kept after it closes,
and `healthcheck retention` deletes them (and other features' free text) when that runs out."""

import datetime

import pytest
from conftest import page

from healthcheck import cycles, retention
from healthcheck.retention import add_months, apply_retention, retention_notice
from healthcheck.survey.store import Response, store_response

TODAY = datetime.date.today()


@pytest.fixture
def closed_cycle(db, make_cycle):
    """closed_cycle(slug, closed_on, months) -> a closed cycle with two responses, three
    comments and one answer to a free-text question."""

    def factory(slug="health-check-2023", closed_on=None, months=24):
        cycle = make_cycle(slug=slug, status="open")
        bank = cycles.cycle_bank(cycle)
        item = next(item for item in bank.items_for(3) if item.type == "agreement")
        store_response(
            db,
            cycle,
            bank,
            Response(
                answers={item.id: "agree", "10c": "Our practice educator is brilliant"},
                comments={3: "Caseloads are too high", 5: "Supervision is rushed"},
            ),
        )
        store_response(
            db, cycle, bank, Response(answers={item.id: "agree"}, comments={8: "Good links with the university"})
        )
        cycles.close_cycle(db, cycle)
        db["cycles"].update(
            cycle["id"], {"closed_on": (closed_on or TODAY).isoformat(), "comment_retention_months": months}
        )
        return cycles.get_cycle(db, slug)

    return factory


def comment_count(db, cycle):
    return db.execute(
        "select count(*) from comments join responses on responses.id = comments.response_id "
        "where responses.cycle_id = ?",
        [cycle["id"]],
    ).fetchone()[0]


def test_closing_a_cycle_records_the_day(db, make_cycle):
    cycle = cycles.close_cycle(db, make_cycle(status="open"))
    assert cycle["closed_on"] == TODAY.isoformat()


def test_new_cycles_keep_comments_for_24_months(make_cycle):
    assert make_cycle()["comment_retention_months"] == 24


def test_comments_past_their_retention_are_deleted_and_answers_kept(db, closed_cycle):
    old = closed_cycle(closed_on=add_months(TODAY, -25), months=24)
    recent = closed_cycle(slug="health-check-2025", closed_on=add_months(TODAY, -23), months=24)
    results = apply_retention(db, today=TODAY)
    assert [(result.cycle["slug"], result.deleted) for result in results] == [
        ("health-check-2023", {"comments": 3, "free-text answers": 1, "survey drafts": 0})
    ]
    assert comment_count(db, old) == 0
    assert comment_count(db, recent) == 3
    assert db["responses"].count == 4

    def items_kept(cycle):
        return sorted(
            row[0]
            for row in db.execute(
                "select item_id from answers join responses on responses.id = answers.response_id "
                "where responses.cycle_id = ?",
                [cycle["id"]],
            )
        )

    assert "10c" not in items_kept(old) and len(items_kept(old)) == 2  # the two agreement answers stay
    assert "10c" in items_kept(recent) and len(items_kept(recent)) == 3


def test_comments_go_on_the_day_the_period_ends(db, closed_cycle):
    cycle = closed_cycle(closed_on=datetime.date(2024, 1, 31), months=1)
    assert apply_retention(db, today=datetime.date(2024, 2, 28)) == []
    assert comment_count(db, cycle) == 3
    assert [r.deleted for r in apply_retention(db, today=datetime.date(2024, 2, 29))] == [
        {"comments": 3, "free-text answers": 1, "survey drafts": 0}
    ]
    assert comment_count(db, cycle) == 0


def test_open_cycles_keep_their_comments_however_old(db, make_cycle):
    cycle = make_cycle(status="open")
    bank = cycles.cycle_bank(cycle)
    store_response(db, cycle, bank, Response(comments={1: "Still open"}))
    db["cycles"].update(cycle["id"], {"closes_on": "2015-01-01", "comment_retention_months": 1})
    assert apply_retention(db, today=TODAY) == []
    assert db["comments"].count == 1


def test_a_cycle_closed_before_the_day_was_recorded_counts_from_its_closing_date(db, closed_cycle):
    cycle = closed_cycle()
    db["cycles"].update(cycle["id"], {"closed_on": None, "closes_on": "2020-11-30"})
    assert [r.cycle["slug"] for r in apply_retention(db, today=TODAY)] == ["health-check-2023"]


def test_dry_run_counts_and_deletes_nothing(db, closed_cycle):
    cycle = closed_cycle(closed_on=add_months(TODAY, -30))
    results = apply_retention(db, today=TODAY, dry_run=True)
    assert [r.deleted for r in results] == [{"comments": 3, "free-text answers": 1, "survey drafts": 0}]
    assert comment_count(db, cycle) == 3


def test_other_features_register_what_they_delete(db, closed_cycle, monkeypatch):
    cycle = closed_cycle(closed_on=add_months(TODAY, -30))
    calls = []

    def survey_drafts(db_, cycle_, dry_run):
        calls.append((cycle_["slug"], dry_run))
        return {"survey drafts": 2}

    monkeypatch.setattr(retention, "RETENTION_HOOKS", [survey_drafts])
    results = apply_retention(db, today=TODAY, dry_run=True)
    assert results[0].deleted == {"comments": 3, "free-text answers": 1, "survey drafts": 2}
    assert calls == [(cycle["slug"], True)]


def test_a_failing_hook_leaves_the_comments_in_place(db, closed_cycle, monkeypatch):
    cycle = closed_cycle(closed_on=add_months(TODAY, -30))

    def broken(db_, cycle_, dry_run):
        raise RuntimeError("drafts table is locked")

    monkeypatch.setattr(retention, "RETENTION_HOOKS", [broken])
    with pytest.raises(RuntimeError):
        apply_retention(db, today=TODAY)
    assert comment_count(db, cycle) == 3


def test_retention_command_says_what_it_deleted_per_cycle(runner, db, closed_cycle):
    cycle = closed_cycle(closed_on=datetime.date(2023, 11, 30), months=24)
    dry = runner.invoke(args=["retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.strip() == (
        "health-check-2023 (Health check 2023): closed 30 November 2023, "
        "comments kept 24 months: would delete 3 comments, 1 free-text answer, 0 survey drafts."
    )
    assert comment_count(db, cycle) == 3
    done = runner.invoke(args=["retention"])
    assert "deleted 3 comments, 1 free-text answer, 0 survey drafts." in done.output
    assert comment_count(db, cycle) == 0
    again = runner.invoke(args=["retention"])
    assert "deleted 0 comments, 0 free-text answers, 0 survey drafts." in again.output


def test_retention_command_with_nothing_due_says_so(runner, closed_cycle):
    closed_cycle()
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0
    assert "nothing to delete" in result.output


def test_months_are_added_the_way_a_calendar_does():
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2023, 11, 30), 24) == datetime.date(2025, 11, 30)
    assert add_months(datetime.date(2024, 12, 15), 1) == datetime.date(2025, 1, 15)
    assert add_months(datetime.date(2024, 3, 31), -1) == datetime.date(2024, 2, 29)


def test_practitioners_are_told_how_long_comments_are_kept(make_cycle):
    assert retention_notice(make_cycle()).startswith("Written comments are kept for 24 months after the survey closes")


def test_the_survey_start_page_says_how_long_comments_are_kept(client, db, make_cycle):
    cycle = make_cycle(status="open")
    db["cycles"].update(cycle["id"], {"comment_retention_months": 1})
    shown = page(client.get("/survey/health-check-2026")).select_one("#retention").text.strip()
    assert shown == (
        "Written comments are kept for 1 month after the survey closes, then deleted. "
        "Your answers to the other questions are kept as part of the results."
    )


def test_drafts_a_closed_cycle_still_holds_go_with_its_comments(db, closed_cycle):
    """Closing deletes drafts; one started in the instant the cycle closed must not stay for ever."""
    from healthcheck.survey import drafts

    cycle = closed_cycle(closed_on=add_months(TODAY, -30))
    db["survey_drafts"].insert(
        {
            "cycle_id": cycle["id"],
            "session_hash": "late",
            "submitted": 0,
            "data": '{"fields": {"comment_3": "typed as it closed"}, "page": "standard-3"}',
        }
    )
    assert drafts.delete_after_retention in retention.RETENTION_HOOKS
    dry = apply_retention(db, today=TODAY, dry_run=True)
    assert dry[0].deleted["survey drafts"] == 1
    assert db["survey_drafts"].count == 1
    done = apply_retention(db, today=TODAY)
    assert done[0].deleted == {"comments": 3, "free-text answers": 1, "survey drafts": 1}
    assert db["survey_drafts"].count == 0


def test_cycle_form_shows_and_saves_the_retention_period(sign_in, db, make_cycle):
    make_cycle()
    psw = sign_in("psw")
    form = page(psw.get("/admin/cycles/health-check-2026/edit"))
    field = form.select_one("input#comment_retention_months")
    assert field["value"] == "24"
    assert (
        form.select_one("label[for=comment_retention_months]").text.strip()
        == "How many months to keep comments after the survey closes"
    )
    data = {
        "name": "Health check 2026",
        "slug": "health-check-2026",
        "capture_date": ["30", "9", "2026"],
        "opens_on": ["1", "10", "2027"],
        "closes_on": ["30", "11", "2027"],
        "reporting_threshold": "5",
        "comment_retention_months": "36",
    }
    assert psw.post("/admin/cycles/health-check-2026/edit", data=data).status_code == 302
    assert cycles.get_cycle(db, "health-check-2026")["comment_retention_months"] == 36
    shown = page(psw.get("/admin/cycles/health-check-2026"))
    assert "36 months after the survey closes" in shown.text


@pytest.mark.parametrize("value", ["0", "121", "two years", "-3"])
def test_retention_outside_1_to_120_months_is_refused(value, sign_in, db, make_cycle):
    make_cycle()
    data = {
        "name": "Health check 2026",
        "slug": "health-check-2026",
        "capture_date": ["30", "9", "2026"],
        "opens_on": ["1", "10", "2027"],
        "closes_on": ["30", "11", "2027"],
        "reporting_threshold": "5",
        "comment_retention_months": value,
    }
    html = page(sign_in("psw").post("/admin/cycles/health-check-2026/edit", data=data))
    summary = html.select_one(".govuk-error-summary")
    assert "Keep comments for between 1 and 120 months" in summary.text
    assert summary.select_one("a")["href"] == "#comment_retention_months"
    assert cycles.get_cycle(db, "health-check-2026")["comment_retention_months"] == 24


def test_new_cycle_form_suggests_24_months(sign_in):
    form = page(sign_in("psw").get("/admin/cycles/new"))
    assert form.select_one("input#comment_retention_months")["value"] == "24"


@pytest.mark.browser
def test_psw_changes_how_long_comments_are_kept(live_server, browser_page, users, make_cycle, db):
    from conftest import PASSWORD, assert_no_axe_violations

    make_cycle()
    tab = browser_page
    tab.goto(f"{live_server}/sign-in")
    tab.get_by_label("Email address").fill("psw@council.example")
    tab.locator("#password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in", exact=True).click()
    tab.goto(f"{live_server}/admin/cycles/health-check-2026/edit")
    field = tab.get_by_label("How many months to keep comments after the survey closes")
    field.fill("0")
    tab.get_by_role("button", name="Save cycle").click()
    assert tab.title().startswith("Error: ")
    tab.get_by_role("link", name="Keep comments for between 1 and 120 months").click()
    assert tab.evaluate("document.activeElement.id") == "comment_retention_months"
    assert_no_axe_violations(tab)
    field.fill("36")
    tab.get_by_role("button", name="Save cycle").click()
    tab.wait_for_url(f"{live_server}/admin/cycles/health-check-2026")
    assert "36 months after the survey closes" in tab.locator("main").inner_text()
    assert_no_axe_violations(tab)
    assert cycles.get_cycle(db, "health-check-2026")["comment_retention_months"] == 36


def test_deleted_comments_are_gone_from_the_database_file_itself(app, db, closed_cycle):
    """Not just from every query: from the file and its write-ahead log, released results included."""
    from pathlib import Path

    from healthcheck.results import compute as results

    cycle = closed_cycle(closed_on=add_months(TODAY, -30))
    db["cycles"].update(cycle["id"], {"reporting_threshold": 3})
    cycle = cycles.get_cycle(db, cycle["slug"])
    store_response(db, cycle, cycles.cycle_bank(cycle), Response(comments={1: "A third voice"}))
    cycle = results.release_results(db, cycle)  # results worked out once are kept, comments and all
    assert "Caseloads are too high" in db.execute("select json from result_releases").fetchone()[0]
    before = results.results_for(db, cycle)
    assert any(before["comments"].values())

    def file_bytes() -> bytes:
        database = Path(app.config["DATABASE"])
        wal = database.with_name(database.name + "-wal")
        return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

    typed = [
        b"Caseloads are too high",
        b"Supervision is rushed",
        b"Good links with the university",
        b"Our practice educator is brilliant",
        b"A third voice",
    ]
    assert all(text in file_bytes() for text in typed)
    apply_retention(db, today=TODAY)
    assert [text for text in typed if text in file_bytes()] == []
    after = results.results_for(db, cycle)  # the release keeps its figures and loses its comments
    assert not any(after["comments"].values()) and after["standards"] == before["standards"]
