"""Cycles and teams: the PSW sets up the year's health check."""

import json

from conftest import page

from healthcheck import cycles

NEW_CYCLE = {
    "name": "Health check 2026",
    "slug": "",
    "capture_date": ["30", "9", "2026"],
    "opens_on": ["1", "10", "2027"],
    "closes_on": ["30", "11", "2027"],
    "reporting_threshold": "5",
}


def test_psw_creates_a_cycle(sign_in, db):
    psw = sign_in("psw")
    form = page(psw.get("/admin/cycles/new"))
    assert form.select_one("h1").text.strip() == "Create a cycle"
    assert form.select_one("#reporting_threshold")["value"] == "5"
    assert {i["id"] for i in form.select("#capture_date-day, #capture_date-month, #capture_date-year")} == {
        "capture_date-day",
        "capture_date-month",
        "capture_date-year",
    }
    response = psw.post("/admin/cycles/new", data=NEW_CYCLE)
    assert response.status_code == 302
    assert response.location == "/admin/cycles/health-check-2026"
    cycle = cycles.get_cycle(db, "health-check-2026")
    assert cycle["capture_date"] == "2026-09-30"
    assert cycle["status"] == "draft"
    shown = page(psw.get(response.location))
    assert shown.select_one("h1").text.strip().startswith("Health check 2026")
    assert "30 September 2026" in shown.text


def test_cycle_with_closing_before_opening_is_refused(sign_in, db):
    html = page(sign_in("psw").post("/admin/cycles/new", data={**NEW_CYCLE, "closes_on": ["1", "9", "2026"]}))
    assert html.title.text.startswith("Error: ")
    assert "Closing date must be on or after the opening date" in html.select_one(".govuk-error-summary").text
    assert cycles.list_cycles(db) == []


def test_cycle_threshold_below_three_is_refused(sign_in, db):
    html = page(sign_in("psw").post("/admin/cycles/new", data={**NEW_CYCLE, "reporting_threshold": "2"}))
    assert "Reporting threshold must be 3 or more" in html.select_one(".govuk-error-summary").text
    assert cycles.list_cycles(db) == []


def test_impossible_date_is_named(sign_in, db):
    html = page(sign_in("psw").post("/admin/cycles/new", data={**NEW_CYCLE, "opens_on": ["31", "2", "2026"]}))
    link = html.select_one('.govuk-error-summary a[href="#opens_on"]')
    assert link.text.strip() == "Survey opening date must be a real date"
    assert html.select_one("#opens_on-day")["value"] == "31"
    assert cycles.list_cycles(db) == []


def test_duplicate_slug_is_refused(sign_in, make_cycle, db):
    make_cycle(slug="health-check-2026")
    html = page(sign_in("psw").post("/admin/cycles/new", data={**NEW_CYCLE, "slug": "health-check-2026"}))
    assert "already a cycle" in html.select_one(".govuk-error-summary").text
    assert len(cycles.list_cycles(db)) == 1


def test_viewer_cannot_create_a_cycle(sign_in, db):
    viewer = sign_in("viewer")
    assert viewer.get("/admin/cycles/new").status_code == 403
    assert viewer.post("/admin/cycles/new", data=NEW_CYCLE).status_code == 403
    assert cycles.list_cycles(db) == []


def test_viewer_sees_cycles_without_edit_controls(sign_in, make_cycle):
    make_cycle()
    html = page(sign_in("viewer").get("/admin/cycles/health-check-2026"))
    assert html.select_one("#teams-table") is not None
    assert html.select_one("#open-cycle") is None
    assert not html.find("a", string="Add a team")


def test_psw_adds_and_changes_a_team(sign_in, make_cycle, db):
    cycle = make_cycle(teams=[])
    psw = sign_in("psw")
    response = psw.post(
        f"/admin/cycles/{cycle['slug']}/teams/new",
        data={"name": "Hospital Discharge", "service_area": "Adults", "headcount": "14"},
    )
    assert response.status_code == 302
    team = cycles.teams_for(db, cycle["id"])[0]
    assert (team["name"], team["service_area"], team["headcount"]) == ("Hospital Discharge", "Adults", 14)
    table = page(psw.get(f"/admin/cycles/{cycle['slug']}")).select_one("#teams-table")
    assert "Hospital Discharge" in table.text
    psw.post(
        f"/admin/cycles/{cycle['slug']}/teams/{team['id']}/edit",
        data={"name": "Hospital Discharge", "service_area": "Adults", "headcount": "16"},
    )
    assert cycles.get_team(db, team["id"])["headcount"] == 16


def test_team_with_bad_headcount_is_refused(sign_in, make_cycle, db):
    cycle = make_cycle(teams=[])
    html = page(
        sign_in("psw").post(
            f"/admin/cycles/{cycle['slug']}/teams/new",
            data={"name": "X", "service_area": "Adults", "headcount": "lots"},
        )
    )
    assert html.select_one('.govuk-error-summary a[href="#headcount"]') is not None
    assert cycles.teams_for(db, cycle["id"]) == []


def test_opening_a_cycle_freezes_the_question_bank(sign_in, make_cycle, db):
    cycle = make_cycle()
    response = sign_in("psw").post(f"/admin/cycles/{cycle['slug']}/open")
    assert response.status_code == 302
    opened = cycles.get_cycle(db, cycle["slug"])
    assert opened["status"] == "open"
    frozen = json.loads(opened["bank_json"])
    assert "steps.toml" in frozen
    bank = cycles.cycle_bank(opened)
    assert len(bank.steps) == 39


def test_frozen_bank_ignores_later_edits(make_cycle, db, tmp_path):
    import shutil

    from healthcheck import questions

    bank_copy = tmp_path / "bank"
    shutil.copytree(questions.default_bank_dir(), bank_copy)
    cycle = make_cycle(teams=[("A", "Adults", 5)])
    cycle = cycles.open_cycle(db, cycle, bank_dir=bank_copy)
    wording = cycles.cycle_bank(cycle).steps[0].wording
    steps = bank_copy / "steps.toml"
    steps.write_text(steps.read_text().replace(wording, "Edited afterwards"))
    assert cycles.cycle_bank(cycles.get_cycle(db, cycle["slug"])).steps[0].wording == wording


def test_cycle_without_teams_cannot_open(sign_in, make_cycle, db):
    cycle = make_cycle(teams=[])
    html = page(sign_in("psw").post(f"/admin/cycles/{cycle['slug']}/open", follow_redirects=True))
    assert "Add at least one team" in html.select_one(".govuk-error-summary").text
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "draft"


def test_viewer_cannot_open_a_cycle(sign_in, make_cycle, db):
    cycle = make_cycle()
    assert sign_in("viewer").post(f"/admin/cycles/{cycle['slug']}/open").status_code == 403
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "draft"


def test_unknown_cycle_is_not_found(sign_in):
    assert sign_in("psw").get("/admin/cycles/no-such-cycle").status_code == 404


def test_links_in_tables_are_real_links_with_names_escaped(sign_in, make_cycle, db):
    cycle = make_cycle(teams=[("<b>Bold</b> team", "Adults", 6)], name="Cycle <i>2026</i>")
    psw = sign_in("psw")
    listing = page(psw.get("/admin/"))
    link = listing.select_one(f'a[href="/admin/cycles/{cycle["slug"]}"]')
    assert link.text == "Cycle <i>2026</i>"
    assert listing.select_one("i") is None
    table = page(psw.get(f"/admin/cycles/{cycle['slug']}")).select_one("#teams-table")
    change = table.select_one("a.govuk-link")
    assert change.text.startswith("Change")
    assert "<b>Bold</b> team" in change.text
    assert table.select_one("b") is None
