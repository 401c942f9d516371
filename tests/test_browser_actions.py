"""The PSW works on the action plan in a browser; every page passes axe (WCAG 2.2 AA)."""

import datetime
import io
import re

import openpyxl
import pytest
from conftest import assert_no_axe_violations, sign_in_in_browser
from playwright.sync_api import expect

from healthcheck.actions import plan as actions

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()


def test_psw_adds_an_action_notes_it_and_filters_the_list(live_server, browser_page, users, make_cycle, db):
    last_year = make_cycle(slug="health-check-2025", status="closed", name="Health check 2025")
    actions.create_action(
        db,
        last_year,
        {
            "standard": 3,
            "step": None,
            "finding": "",
            "action": "Agree a caseload weighting tool",
            "owner": "Assistant Director",
            "lead": "",
            "target_date": TODAY - datetime.timedelta(days=3),
            "status": "In progress",
            "progress": "Off track",
        },
        "psw@council.example",
    )
    make_cycle(status="open")
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026")
    tab.get_by_role("link", name="Action plan").click()
    expect(tab.locator("h1")).to_have_text("Action plan")
    assert_no_axe_violations(tab)

    tab.get_by_role("button", name="Add an action").click()
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Save action").click()
    expect(tab).to_have_title(re.compile(r"^Error: "))
    assert_no_axe_violations(tab)
    tab.get_by_label("Standard", exact=True).select_option("5")
    tab.get_by_label("Step (optional)").select_option("8")
    tab.get_by_label("Action", exact=True).fill("Book monthly supervision for every practitioner")
    tab.get_by_label("Owner").fill("Head of Service, Adults")
    tab.fill("#target_date-day", "31")
    tab.fill("#target_date-month", "3")
    tab.fill("#target_date-year", str(TODAY.year + 1))
    tab.get_by_label("In progress").check()
    tab.get_by_label("At risk").check()
    tab.get_by_role("button", name="Save action").click()
    expect(tab.locator("h1")).to_have_text("Action A-001")
    assert_no_axe_violations(tab)

    tab.get_by_label("Add a progress note").fill("Three teams have booked")
    tab.get_by_role("button", name="Add note").click()
    expect(tab.locator("#notes-list")).to_contain_text("Three teams have booked")
    assert_no_axe_violations(tab)

    tab.get_by_role("link", name="Action plan").first.click()
    tab.get_by_role("link", name="Carry over unfinished actions from another cycle").click()
    assert_no_axe_violations(tab)
    tab.get_by_label("Health check 2025 (1 unfinished)").check()
    tab.get_by_role("button", name="Carry over actions").click()
    assert "carried over from Health check 2025" in tab.locator(".govuk-notification-banner").inner_text()

    tab.get_by_label("Only overdue actions").check()
    tab.get_by_role("button", name="Apply filters").click()
    expect(tab).to_have_url(re.compile(r"overdue=y"))
    rows = tab.locator("#actions-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Agree a caseload weighting tool")
    assert_no_axe_violations(tab)


def test_import_and_preview_pages_are_accessible(live_server, browser_page, users, make_cycle, db, tmp_path):
    cycle = make_cycle(status="open")
    actions.create_action(
        db,
        cycle,
        {
            "standard": 5,
            "step": 8,
            "finding": "",
            "action": "Book monthly supervision",
            "owner": "Head of Service",
            "lead": "",
            "target_date": TODAY,
            "status": "In progress",
            "progress": "On track",
        },
        "psw@council.example",
    )
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026/actions")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download the action plan (Excel workbook)").click()
    path = tmp_path / "plan.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    book["Action plan"]["I2"] = "Complete"
    book["Action plan"]["J2"] = "Somewhere"
    book.save(path)

    tab.get_by_role("link", name="Upload an edited action plan").click()
    assert_no_axe_violations(tab)
    tab.get_by_label("Upload the edited action plan").set_input_files(str(path))
    tab.get_by_role("button", name="Upload and preview changes").click()
    expect(tab).to_have_title(re.compile(r"^Error: "))
    assert "row 2, column J (Progress)" in tab.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(tab)

    book["Action plan"]["J2"] = "On track"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    tab.get_by_label("Upload the edited action plan").set_input_files(str(path))
    tab.get_by_role("button", name="Upload and preview changes").click()
    expect(tab.locator("h1")).to_have_text("Check the changes to the action plan")
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Apply these changes").click()
    assert "1 changed, 0 added" in tab.locator(".govuk-notification-banner").inner_text()
    assert actions.find_action(db, cycle["id"], "A-001")["status"] == "Complete"


def test_psw_keeps_a_suggested_action(live_server, browser_page, users, make_cycle, db):
    from results_seed import seed_results

    cycle = seed_results(db, make_cycle)
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026/actions")
    tab.get_by_role("button", name="Suggest actions from the results").click()
    expect(tab.locator("h1")).to_have_text("Suggested actions")
    assert_no_axe_violations(tab)

    draft = tab.locator("#draft-step-37")
    draft.get_by_label("Keep the action for step 37 (standard 8)").check()
    draft.get_by_label("Action", exact=True).fill("Ask partner agencies for feedback twice a year")
    tab.get_by_role("button", name="Add the chosen actions").click()
    expect(tab).to_have_title(re.compile(r"^Error: "))
    summary = tab.locator(".govuk-error-summary").inner_text()
    assert "Step 37 (standard 8): Enter the owner, a name or a role" in summary
    assert_no_axe_violations(tab)
    assert db["actions"].count == 0

    draft = tab.locator("#draft-step-37")
    assert draft.get_by_label("Action", exact=True).input_value() == "Ask partner agencies for feedback twice a year"
    draft.get_by_label("Owner").fill("Head of Partnerships")
    draft.get_by_label("Day").fill("31")
    draft.get_by_label("Month").fill("3")
    draft.get_by_label("Year").fill(str(TODAY.year + 1))
    tab.get_by_role("button", name="Add the chosen actions").click()
    assert "1 suggested action added: A-001." in tab.locator(".govuk-notification-banner").inner_text()
    saved = actions.find_action(db, cycle["id"], "A-001")
    assert (saved["standard"], saved["step"], saved["owner"]) == (8, 37, "Head of Partnerships")
    assert saved["action"] == "Ask partner agencies for feedback twice a year"
