"""The cycle page as a task list: each step's status worked out from the data, the next
step as the one primary button, the list of cycles with state and response rate, and
closing the survey only after a check page and a confirmation."""

import datetime

from conftest import page

from healthcheck import cycles, organisation_view
from healthcheck.actions import plan as actions
from healthcheck.running import tasks as task_list
from healthcheck.workforce import figures as workforce_figures

TODAY = datetime.date.today()


def statuses(html) -> dict:
    return {
        item["data-task"]: item.select_one(".govuk-task-list__status").text.strip()
        for item in html.select("#cycle-tasks li")
    }


def primary(html):
    return html.select_one("#next-step .govuk-button")


def add_responses(db, cycle, count):
    team = cycles.teams_for(db, cycle["id"])[0]
    for _ in range(count):
        db["responses"].insert({"cycle_id": cycle["id"], "team_id": team["id"], "submitted_on": TODAY.isoformat()})


def test_a_new_cycle_starts_with_adding_teams(sign_in, make_cycle):
    cycle = make_cycle(teams=[])
    html = page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}"))
    assert primary(html).text.strip() == "Add teams"
    assert len(html.select(".govuk-button:not(.govuk-button--secondary):not(.app-button--small)")) == 1
    found = statuses(html)
    assert found["teams"] == "Not started"
    assert found["workforce"] == "Add teams first"
    assert found["release"] == "Not released yet"
    assert html.select_one("#open-cycle") is None


def test_statuses_follow_the_data_as_the_cycle_is_set_up(sign_in, db, make_cycle):
    cycle = make_cycle(teams=[("North", "Adults", 12), ("South", "Adults", 9), ("Tiny", "Adults", 3)])
    psw = sign_in("psw")
    html = page(psw.get(f"/admin/cycles/{cycle['slug']}"))
    assert statuses(html)["teams"] == "3 teams, 24 staff"
    assert primary(html).text.strip() == "Enter workforce figures"
    north = cycles.teams_for(db, cycle["id"])[0]
    workforce_figures.save_team_figures(db, cycle, north, {"inpost_fte": "10", "vacancy_fte": "2"})
    bank = cycles.cycle_bank(cycle)
    html = page(psw.get(f"/admin/cycles/{cycle['slug']}"))
    assert statuses(html)["workforce"] == f"2 of {3 * len(bank.workforce_fields)} figures"
    assert primary(html).text.strip() == "Answer the organisation's view"
    items = bank.organisation_items_for(1)
    organisation_view.save_answers(db, cycle, items, {items[0].id: organisation_view.Entry("working_well")}, "p")
    html = page(psw.get(f"/admin/cycles/{cycle['slug']}"))
    assert statuses(html)["organisation_view"] == f"1 of {len(bank.organisation_items)} answered"
    assert primary(html).text.strip() == "Open the survey"
    psw.post(f"/admin/cycles/{cycle['slug']}/open")
    html = page(psw.get(f"/admin/cycles/{cycle['slug']}"))
    assert statuses(html)["survey"] == "Open: no responses yet"
    assert primary(html).text.strip() == "Close the survey"


def test_the_survey_status_keeps_to_the_reporting_threshold(sign_in, db, make_cycle):
    cycle = make_cycle(status="open", teams=[("North", "Adults", 10), ("South", "Adults", 10)])
    add_responses(db, cycle, 4)
    assert statuses(page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}")))["survey"] == (
        "Open: fewer than 5 responses"
    )
    add_responses(db, cycle, 13)
    assert statuses(page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}")))["survey"] == (
        "Open: 17 responses, 85 %"
    )
    listing = page(sign_in("viewer").get("/admin/"))
    row = [td.text.strip() for td in listing.select("#cycles-table tbody tr")[0].select("td")]
    assert row[1] == "Open" and row[3] == "85 %"


def test_actions_and_publishing_statuses(db, make_cycle):
    cycle = make_cycle(status="closed")
    action = {
        "standard": 5,
        "step": 8,
        "finding": "",
        "action": "Book supervision",
        "owner": "Head of service",
        "target_date": TODAY - datetime.timedelta(days=3),
        "status": "In progress",
        "progress": "At risk",
    }
    actions.create_action(db, cycle, action, "psw")
    actions.create_action(db, cycle, {**action, "target_date": TODAY + datetime.timedelta(days=30)}, "psw")
    found = {task.key: task for task in task_list.cycle_tasks(db, cycle)}
    assert found["action_plan"].status == "2 actions, 1 overdue"
    assert found["close"].status.startswith("Closed ")
    assert found["publish"].status == "Not published"
    assert task_list.next_task(cycle, list(found.values())).key == "release"


def test_closing_goes_to_a_check_page_and_needs_confirming(sign_in, db, make_cycle):
    cycle = make_cycle(status="open")
    psw = sign_in("psw")
    cycle_page = page(psw.get(f"/admin/cycles/{cycle['slug']}"))
    assert primary(cycle_page)["href"] == f"/admin/cycles/{cycle['slug']}/close"
    check = page(psw.get(f"/admin/cycles/{cycle['slug']}/close"))
    assert check.select_one("h1").text.strip() == "Close the survey now?"
    unfinished = check.select_one("#unfinished").text
    assert "Workforce figures: not started" in unfinished and "still add them after closing" in unfinished
    assert "Answers saved but not sent are deleted" in check.select_one("#what-closing-does").text
    refused = page(psw.post(f"/admin/cycles/{cycle['slug']}/close", data={}))
    assert "Confirm that you want to close the survey" in refused.select_one(".govuk-error-summary").text
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "open"
    done = psw.post(f"/admin/cycles/{cycle['slug']}/close", data={"confirm": "y"})
    assert done.status_code == 302
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "closed"


def test_viewers_see_the_statuses_but_no_next_step(sign_in, make_cycle):
    cycle = make_cycle(status="open")
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}"))
    assert html.select_one("#next-step") is None
    assert statuses(html)["teams"] == "2 teams, 20 staff"
