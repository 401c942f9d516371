"""The action plan pages: the PSW adds, changes and notes actions; the steering group reads."""

import datetime

import pytest
from conftest import page

from healthcheck.actions import plan as actions

TODAY = datetime.date.today()
TARGET = TODAY + datetime.timedelta(days=90)

NEW_ACTION = {
    "standard": "5",
    "step": "8",
    "finding": "Practitioners score supervision frequency 38 (Low)",
    "action": "Book monthly supervision for every practitioner",
    "owner": "Head of Service, Adults",
    "lead": "Team managers",
    "target_date": [str(TARGET.day), str(TARGET.month), str(TARGET.year)],
    "status": "Not started",
    "progress": "On track",
}


def add(db, cycle, **changes):
    row = {
        "standard": 5,
        "step": 8,
        "finding": "",
        "action": "Book monthly supervision",
        "owner": "Head of Service",
        "lead": "",
        "target_date": TARGET,
        "status": "In progress",
        "progress": "On track",
    }
    row.update(changes)
    return actions.create_action(db, cycle, row, "psw@council.example")


def test_cycle_page_links_to_the_action_plan(sign_in, make_cycle):
    make_cycle(status="open")
    html = page(sign_in("viewer").get("/admin/cycles/health-check-2026"))
    link = html.select_one("#cycle-tasks").find("a", string="Action plan")  # a task on the cycle's list
    assert link["href"] == "/admin/cycles/health-check-2026/actions"


def test_psw_adds_an_action(sign_in, make_cycle, db):
    make_cycle(status="open")
    psw = sign_in("psw")
    form = page(psw.get("/admin/cycles/health-check-2026/actions/new"))
    assert form.select_one("h1").text.strip() == "Add an action"
    assert form.select_one("#standard option[value='5']").text == "5 Effective and appropriate supervision"
    assert form.select_one("#status")["value"] == "Not started" and form.select_one("#status").has_attr("checked")
    response = psw.post("/admin/cycles/health-check-2026/actions/new", data=NEW_ACTION)
    assert response.status_code == 302
    assert response.location == "/admin/cycles/health-check-2026/actions/A-001"
    shown = page(psw.get(response.location))
    assert shown.select_one("h1").text.strip() == "Action A-001"
    details = shown.select_one("#action-details").text
    assert "5 Effective and appropriate supervision" in details
    assert "Book monthly supervision for every practitioner" in details
    assert f"By psw@council.example on {TODAY.day} {TODAY:%B %Y}" in details


def test_missing_and_wrong_fields_are_named_and_nothing_is_saved(sign_in, make_cycle, db):
    make_cycle(status="open")
    psw = sign_in("psw")
    html = page(
        psw.post(
            "/admin/cycles/health-check-2026/actions/new",
            data={**NEW_ACTION, "action": "", "target_date": ["31", "2", "2027"]},
        )
    )
    assert html.title.text.startswith("Error: ")
    summary = html.select_one(".govuk-error-summary")
    assert summary.select_one('a[href="#action"]').text.strip() == "Enter the action"
    assert summary.select_one('a[href="#target_date"]').text.strip() == "Target date must be a real date"
    # the typed answers survive the error
    assert html.select_one("#owner")["value"] == "Head of Service, Adults"
    html = page(psw.post("/admin/cycles/health-check-2026/actions/new", data={**NEW_ACTION, "step": "1"}))
    assert "Step 1 belongs to standard 2, not standard 5" in html.select_one(".govuk-error-summary").text
    assert db["actions"].count == 0


def test_psw_changes_an_action_and_adds_a_note(sign_in, make_cycle, db):
    cycle = make_cycle(status="open")
    add(db, cycle)
    admin = sign_in("admin")
    form = page(admin.get("/admin/cycles/health-check-2026/actions/A-001/edit"))
    assert form.select_one("#target_date-year")["value"] == str(TARGET.year)
    response = admin.post(
        "/admin/cycles/health-check-2026/actions/A-001/edit",
        data={**NEW_ACTION, "status": "Complete", "progress": "On track"},
    )
    assert response.status_code == 302
    response = admin.post("/admin/cycles/health-check-2026/actions/A-001/notes", data={"text": "All teams booked"})
    assert response.status_code == 302
    html = page(admin.get("/admin/cycles/health-check-2026/actions/A-001"))
    notes = html.select("#notes-list li")
    assert len(notes) == 1
    assert "All teams booked" in notes[0].text and "admin@council.example" in notes[0].text
    assert "By admin@council.example" in html.select_one("#action-details").text
    assert actions.find_action(db, cycle["id"], "A-001")["status"] == "Complete"


def test_empty_note_is_refused(sign_in, make_cycle, db):
    cycle = make_cycle(status="open")
    add(db, cycle)
    html = page(sign_in("psw").post("/admin/cycles/health-check-2026/actions/A-001/notes", data={"text": " "}))
    assert html.select_one('.govuk-error-summary a[href="#text"]').text.strip() == "Enter the progress note"
    assert db["action_notes"].count == 0


def test_list_filters_by_standard_status_and_overdue(sign_in, make_cycle, db):
    cycle = make_cycle(status="open")
    add(db, cycle, action="Supervision audit")
    add(db, cycle, standard=3, step=None, action="Caseload weighting", target_date=TODAY - datetime.timedelta(days=2))
    add(
        db,
        cycle,
        standard=3,
        step=None,
        action="Finished work",
        status="Complete",
        target_date=TODAY - datetime.timedelta(days=2),
    )
    viewer = sign_in("viewer")

    def listed(query=""):
        html = page(viewer.get("/admin/cycles/health-check-2026/actions" + query))
        return html, [a.text for a in html.select("#actions-table tbody tr td:first-child a")]

    html, references = listed()
    assert references == ["A-001", "A-002", "A-003"]
    assert html.select_one("#filters")["method"] == "get"
    overdue_rows = [row for row in html.select("#actions-table tbody tr") if "Overdue" in row.text]
    assert [row.select_one("a").text for row in overdue_rows] == ["A-002"]
    assert listed("?standard=3")[1] == ["A-002", "A-003"]
    assert listed("?standard=3&status=Complete")[1] == ["A-003"]
    html, references = listed("?overdue=y")
    assert references == ["A-002"]
    assert html.select_one("#overdue").has_attr("checked")
    assert html.find("a", string="Clear filters") is not None


def test_unknown_filter_value_is_explained(sign_in, make_cycle):
    make_cycle(status="open")
    html = page(sign_in("viewer").get("/admin/cycles/health-check-2026/actions?standard=12&status=Done"))
    assert html.title.text.startswith("Error: ")
    summary = html.select_one(".govuk-error-summary").text
    assert "Choose a standard from the list" in summary and "Choose a status from the list" in summary


def test_viewer_reads_but_cannot_change_anything(sign_in, make_cycle, db):
    cycle = make_cycle(status="open")
    add(db, cycle)
    viewer = sign_in("viewer")
    html = page(viewer.get("/admin/cycles/health-check-2026/actions"))
    assert html.select_one("#add-action") is None and html.select_one("#import-workbook") is None
    assert html.select_one("#download-workbook") is not None
    html = page(viewer.get("/admin/cycles/health-check-2026/actions/A-001"))
    assert html.select_one("#change-action") is None and html.select_one("form textarea") is None
    base = "/admin/cycles/health-check-2026"
    for method, path, data in [
        ("get", f"{base}/actions/new", None),
        ("post", f"{base}/actions/new", NEW_ACTION),
        ("get", f"{base}/actions/A-001/edit", None),
        ("post", f"{base}/actions/A-001/edit", {**NEW_ACTION, "status": "Cancelled"}),
        ("post", f"{base}/actions/A-001/notes", {"text": "Sneaky"}),
        ("get", f"{base}/actions/carry-over", None),
        ("get", f"{base}/action-plan/import", None),
        ("post", f"{base}/action-plan/import", {}),
    ]:
        assert getattr(viewer, method)(path, data=data).status_code == 403, path
    assert actions.find_action(db, cycle["id"], "A-001")["status"] == "In progress"
    assert db["action_notes"].count == 0
    assert db["actions"].count == 1


def test_signed_out_people_are_sent_to_sign_in(client, make_cycle):
    make_cycle(status="open")
    response = client.get("/admin/cycles/health-check-2026/actions")
    assert response.status_code == 302 and response.location.startswith("/sign-in")


@pytest.mark.parametrize(
    "path", ["/admin/cycles/health-check-2026/actions/A-009", "/admin/cycles/no-such-cycle/actions"]
)
def test_unknown_action_or_cycle_is_not_found(sign_in, make_cycle, path):
    make_cycle(status="open")
    assert sign_in("psw").get(path).status_code == 404


def test_psw_carries_unfinished_actions_over(sign_in, make_cycle, db):
    last_year = make_cycle(slug="health-check-2025", status="closed", name="Health check 2025")
    make_cycle(slug="health-check-2026", status="open")
    add(db, last_year)
    add(db, last_year, status="Complete")
    psw = sign_in("psw")
    html = page(psw.get("/admin/cycles/health-check-2026/actions/carry-over"))
    assert "Health check 2025 (1 unfinished)" in html.select_one("main form").text
    response = psw.post("/admin/cycles/health-check-2026/actions/carry-over", data={"source": "health-check-2025"})
    assert response.status_code == 302
    html = page(psw.get("/admin/cycles/health-check-2026/actions/A-001"))
    carried = html.select_one("#action-details").find("a", string="Health check 2025, action A-001")
    assert carried["href"] == "/admin/cycles/health-check-2025/actions/A-001"
    assert "Carried over from Health check 2025" in html.select_one("#notes-list").text
    html = page(psw.post("/admin/cycles/health-check-2026/actions/carry-over", data={}))
    assert "Choose the cycle to carry actions over from" in html.select_one(".govuk-error-summary").text


def test_an_action_names_the_team_or_service_area_it_is_for(sign_in, make_cycle, db):
    cycle = make_cycle(status="open")
    front_door = db.execute(
        "select id from teams where cycle_id = ? and name = 'Front Door'", [cycle["id"]]
    ).fetchone()[0]
    psw = sign_in("psw")
    form = page(psw.get("/admin/cycles/health-check-2026/actions/new"))
    options = [(option["value"], option.text) for option in form.select("#for_group option")]
    assert options == [
        ("", "The whole organisation"),
        ("area:Adults", "Adults (service area)"),
        ("area:Children", "Children (service area)"),
        (f"team:{front_door}", "Front Door"),
        (f"team:{front_door - 1}", "Locality North"),
    ]
    response = psw.post(
        "/admin/cycles/health-check-2026/actions/new", data={**NEW_ACTION, "for_group": f"team:{front_door}"}
    )
    assert response.status_code == 302
    details = page(psw.get(response.location)).select_one("#action-details")
    row = next(row for row in details.select(".govuk-summary-list__row") if row.dt.text.strip() == "For")
    assert row.dd.text.strip() == "Front Door"
    listed = page(psw.get("/admin/cycles/health-check-2026/actions")).select_one("#actions-table tbody tr")
    assert listed.select_one(".app-action-for").text.strip() == "For Front Door"
    # the edit form shows the choice, and can move it to the whole organisation
    edit = page(psw.get("/admin/cycles/health-check-2026/actions/A-001/edit"))
    assert edit.select_one("#for_group option[selected]")["value"] == f"team:{front_door}"
    psw.post("/admin/cycles/health-check-2026/actions/A-001/edit", data={**NEW_ACTION, "for_group": ""})
    saved = actions.find_action(db, cycle["id"], "A-001")
    assert (saved["team_id"], saved["service_area"]) == (None, None)
    html = page(psw.post("/admin/cycles/health-check-2026/actions/new", data={**NEW_ACTION, "for_group": "team:0"}))
    assert html.title.text.startswith("Error: ")
    assert db["actions"].count == 1
