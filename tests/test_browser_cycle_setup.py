"""A principal social worker sets up a cycle from nothing by following only the primary
button on the cycle page, and each task's status changes as its step is done, up to
closing the survey. Every page passes axe."""

import datetime

import pytest
from conftest import assert_no_axe_violations, sign_in_in_browser

from healthcheck import cycles

pytestmark = pytest.mark.browser

TEAMS = """Locality North, Adults, 12
Locality South, Adults, 14
Front Door, Children, 9
Hospital Discharge, Adults, 4
Children in Care, Children, 18
Mental Health Hub, Mental health, 7
"""
FIGURES = b"team,inpost_fte,vacancy_fte\nLocality North,10.5,2\nFront Door,7,n/a\n"
LATER = datetime.date.today() + datetime.timedelta(days=10)
END = LATER + datetime.timedelta(days=28)


def status(tab, key: str) -> str:
    return tab.locator(f"#task-{key}-status").inner_text().strip()


def follow_the_primary_button(tab, expected: str) -> None:
    button = tab.locator("#next-step .govuk-button")
    assert button.count() == 1
    assert button.inner_text().strip() == expected
    button.click()


def test_a_cycle_is_set_up_from_nothing_by_following_the_primary_button(live_server, browser_page, users, db, tmp_path):
    tab = browser_page
    figures = tmp_path / "figures.csv"
    figures.write_bytes(FIGURES)
    sign_in_in_browser(tab, live_server)
    tab.get_by_role("button", name="Create a cycle").click()
    tab.get_by_label("Cycle name").fill("Health check 2027")
    for field, day in {"capture_date": LATER, "opens_on": LATER, "closes_on": END}.items():
        tab.fill(f"#{field}-day", str(day.day))
        tab.fill(f"#{field}-month", str(day.month))
        tab.fill(f"#{field}-year", str(day.year))
    tab.get_by_role("button", name="Save cycle").click()
    cycle_page = tab.url
    assert status(tab, "teams") == "Not started"
    assert status(tab, "release") == "Not released yet"
    assert_no_axe_violations(tab)

    follow_the_primary_button(tab, "Add teams")
    tab.get_by_label("Paste the teams").fill(TEAMS)
    tab.get_by_role("button", name="Continue").click()
    assert "1 team has fewer than 5 people" in tab.locator("#small-teams-warning").inner_text()
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Add these 6 teams").click()
    assert tab.url == cycle_page
    assert status(tab, "teams") == "6 teams, 64 staff"
    assert status(tab, "workforce") == "Not started"

    follow_the_primary_button(tab, "Enter workforce figures")
    tab.get_by_role("button", name="Upload figures").click()
    tab.get_by_label("Upload a file").set_input_files(str(figures))
    tab.get_by_role("button", name="Continue").click()
    tab.get_by_role("button", name="Import these figures").click()
    tab.goto(cycle_page)
    fields = len(cycles.cycle_bank(cycles.get_cycle(db, "health-check-2027")).workforce_fields)
    assert status(tab, "workforce") == f"3 of {6 * fields} figures"

    follow_the_primary_button(tab, "Answer the organisation's view")
    tab.get_by_role("link", name="Answer standard 1").click()
    for item in tab.locator(".app-organisation-item").all():
        item.get_by_label("In place and working well").check()
    tab.get_by_role("button", name="Save and continue").click()
    assert "Standard 2" in tab.locator("h1").inner_text()
    tab.goto(cycle_page)
    assert status(tab, "organisation_view") == "3 of 14 answered"
    assert status(tab, "survey") == f"Opens {LATER.day} {LATER:%B %Y}"

    follow_the_primary_button(tab, "Open the survey")
    assert status(tab, "survey") == "Open: no responses yet"
    assert cycles.get_cycle(db, "health-check-2027")["status"] == "open"
    assert_no_axe_violations(tab)

    follow_the_primary_button(tab, "Close the survey")
    assert tab.locator("h1").inner_text() == "Close the survey now?"
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Close the survey").click()  # not confirmed: nothing changes
    assert "Confirm that you want to close the survey" in tab.locator(".govuk-error-summary").inner_text()
    assert cycles.get_cycle(db, "health-check-2027")["status"] == "open"
    tab.get_by_label("I understand").check()
    tab.get_by_role("button", name="Close the survey").click()
    assert tab.url == cycle_page
    today = datetime.date.today()
    assert status(tab, "close") == f"Closed {today.day} {today:%B %Y}"
    assert status(tab, "survey") == "Closed: no responses yet"
    assert status(tab, "release") == "Not released yet"
    assert status(tab, "workforce") == f"3 of {6 * fields} figures"  # still editable, until release
