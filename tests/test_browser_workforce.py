"""A principal social worker uploads workforce figures in a browser: upload, check, confirm;
and answers the organisation's view. Every page passes axe."""

import re

import pytest
from conftest import assert_no_axe_violations, sign_in_in_browser
from playwright.sync_api import expect

from healthcheck import cycles, workforce

pytestmark = pytest.mark.browser

FIGURES = (
    b"team,inpost_fte,inpost_headcount,vacancy_fte,agency_fte,cases,case_holders_fte,working_days_lost\n"
    b"Locality North,10.5,12,2,1,150,9.5,120\nFront Door,7,8,1,2,140,8,61.5\nTiny,3,3,0,0,40,3,77.7\n"
)


def test_upload_check_and_confirm_in_a_browser(live_server, browser_page, users, db, make_cycle, tmp_path):
    cycle = make_cycle(
        status="open", teams=[("Locality North", "Adults", 12), ("Front Door", "Children", 8), ("Tiny", "Adults", 3)]
    )
    bad = tmp_path / "bad figures.csv"
    bad.write_bytes(b"team,inpost_fte\nLocality North,ten\n")
    good = tmp_path / "figures.csv"
    good.write_bytes(FIGURES)
    tab = browser_page
    sign_in_in_browser(tab, live_server)
    tab.goto(f"{live_server}/admin/cycles/{cycle['slug']}")
    tab.get_by_role("link", name="Workforce figures").click()
    assert tab.locator("h1").inner_text() == "Workforce figures"
    assert_no_axe_violations(tab)

    tab.get_by_role("button", name="Upload figures").click()
    assert_no_axe_violations(tab)
    tab.get_by_label("Upload a file").set_input_files(str(bad))
    tab.get_by_role("button", name="Continue").click()
    expect(tab).to_have_title(re.compile("^Error: Upload workforce figures"))
    assert '"ten" is not a number' in tab.locator(".govuk-error-summary").inner_text()
    assert tab.locator("#problems tbody tr").count() == 1
    assert_no_axe_violations(tab)
    assert db["workforce_figures"].count == 0

    tab.get_by_label("Upload a file").set_input_files(str(good))
    tab.get_by_role("button", name="Continue").click()
    assert tab.locator("h1").inner_text() == "Check the changes before importing"
    assert "Figures added\t21" in tab.locator("#import-summary").inner_text()
    assert_no_axe_violations(tab)
    assert db["workforce_figures"].count == 0  # nothing until confirmed

    tab.get_by_role("button", name="Import these figures").click()
    assert tab.locator("h1").inner_text() == "Workforce figures"
    assert "Imported figures.csv: 21 figures added" in tab.locator(".govuk-notification-banner").inner_text()
    tiny_absence = tab.locator('#team-indicators tr[data-team="tiny"] [data-indicator="absence_rate"]')
    assert tiny_absence.inner_text() == "Hidden: fewer than 5 staff"
    assert "77.7" not in tab.content()
    assert_no_axe_violations(tab)
    assert db["workforce_figures"].count == 21

    tab.get_by_role("link", name="Tiny").click()
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Change figures").click()
    tab.get_by_label("Cases held by case-holding staff").fill("forty")
    tab.get_by_role("button", name="Save figures").click()
    expect(tab).to_have_title(re.compile("^Error: "))
    assert_no_axe_violations(tab)
    tab.get_by_label("Cases held by case-holding staff").fill("42")
    tab.get_by_role("button", name="Save figures").click()
    assert "Figures for Tiny saved." in tab.locator(".govuk-notification-banner").inner_text()
    tiny = next(t for t in cycles.teams_for(db, cycle["id"]) if t["name"] == "Tiny")
    figures = workforce.figures_for(db, cycle["id"])[tiny["id"]]
    assert figures["cases"] == 42 and figures["working_days_lost"] == 77.7


def test_the_organisations_view_is_answered_with_the_keyboard(live_server, browser_page, users, db, make_cycle):
    from healthcheck.organisation_view import answers_for

    cycle = make_cycle(status="open")
    tab = browser_page
    sign_in_in_browser(tab, live_server)
    tab.goto(f"{live_server}/admin/cycles/{cycle['slug']}/organisation-view")
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Answer standard 5").click()
    assert_no_axe_violations(tab)
    tab.get_by_label("In place and working well").focus()
    tab.keyboard.press("Space")
    tab.get_by_label("Evidence").fill("Supervision audit every quarter")
    tab.get_by_label("Link to a document (optional)").fill("not a link")
    tab.get_by_role("button", name="Save and continue").click()
    expect(tab).to_have_title(re.compile("^Error: "))
    assert_no_axe_violations(tab)
    tab.get_by_label("Link to a document (optional)").fill("https://intranet.example/supervision")
    tab.get_by_role("button", name="Save and continue").click()
    assert "Standard 5: 1 answer saved." in tab.locator(".govuk-notification-banner").inner_text()
    assert answers_for(db, cycle["id"])["O25"]["answer"] == "working_well"
