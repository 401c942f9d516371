"""A person signs in with the keyboard, sets up a cycle, and the pages pass axe."""

import pytest
from conftest import PASSWORD, assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible_and_styled(live_server, browser_page):
    browser_page.goto(f"{live_server}/sign-in")
    assert browser_page.title().startswith("Sign in")
    # the GOV.UK stylesheet loaded: the button has its green background
    button = browser_page.get_by_role("button", name="Sign in", exact=True)
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(15, 122, 82)"
    assert_no_axe_violations(browser_page)


def test_error_state_is_accessible(live_server, browser_page, users):
    browser_page.goto(f"{live_server}/sign-in")
    browser_page.get_by_role("button", name="Sign in", exact=True).click()
    assert browser_page.title().startswith("Error: ")
    assert browser_page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(browser_page)


def test_psw_signs_in_and_creates_a_cycle_with_the_keyboard(live_server, browser_page, users):
    tab = browser_page
    tab.goto(f"{live_server}/sign-in")
    tab.keyboard.press("Tab")  # skip link
    tab.focus("#email")
    tab.keyboard.type("psw@council.example")
    tab.keyboard.press("Tab")
    tab.keyboard.type(PASSWORD)
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{live_server}/admin/")
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Create a cycle").click()
    tab.get_by_label("Cycle name").fill("Health check 2027")
    for field, (day, month, year) in {
        "capture_date": ("30", "9", "2027"),
        "opens_on": ("1", "10", "2027"),
        "closes_on": ("30", "11", "2027"),
    }.items():
        tab.fill(f"#{field}-day", day)
        tab.fill(f"#{field}-month", month)
        tab.fill(f"#{field}-year", year)
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Save cycle").click()
    assert tab.locator("h1").inner_text().startswith("Health check 2027")
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="Add one team").click()
    tab.get_by_label("Team name").fill("Front Door")
    tab.get_by_label("Service area").select_option("Children")
    tab.get_by_label("Eligible headcount").fill("12")
    tab.get_by_role("button", name="Save team").click()
    assert "Front Door" in tab.locator("#teams-table").inner_text()
    # The next step after the teams is the workforce figures, not opening the survey; the
    # survey can still be opened by hand before its date from the task list (see
    # test_browser_cycle_setup for the whole journey).
    assert tab.locator("#next-step .govuk-button").inner_text().strip() == "Enter workforce figures"
    assert tab.locator("#task-teams-status").inner_text().strip() == "1 team, 12 staff"
