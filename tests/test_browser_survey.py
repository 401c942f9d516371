"""The survey in Chromium: a whole survey with the keyboard alone, axe on every page and
error state, and no sideways scrolling on a 320-pixel-wide phone."""

import re
from pathlib import Path

import pytest
from conftest import assert_no_axe_violations
from playwright.sync_api import expect

from healthcheck import cycles
from healthcheck.survey import journey

pytestmark = pytest.mark.browser

ARTEFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SLUG = "health-check-2026"
ERROR_TITLE = re.compile(r"^Error: ")


@pytest.fixture
def survey(app, make_cycle, live_server):
    app.config["WTF_CSRF_ENABLED"] = True
    cycle = make_cycle(slug=SLUG, status="open")
    return {"base": f"{live_server}/survey/{SLUG}", "cycle": cycle, "bank": cycles.cycle_bank(cycle)}


FOCUSED = """() => { const e = document.activeElement;
  return {tag: e.tagName, type: e.type || "", name: e.name || "", id: e.id || "",
          value: e.value || "", checked: !!e.checked}; }"""


def focused(tab):
    return tab.evaluate(FOCUSED)


def press_tab_until(tab, wanted, limit=300):
    for _ in range(limit):
        tab.keyboard.press("Tab")
        element = focused(tab)
        if wanted(element):
            return element
    raise AssertionError("never reached the element with the Tab key")


def answer_with_keyboard(tab, leave_out=(), comment=None):
    """Tab through the page, choosing the first answer of each unanswered radio group and
    typing into empty number boxes, then press Enter on Continue."""
    answered = set()
    for _ in range(400):
        tab.keyboard.press("Tab")
        element = focused(tab)
        if element["id"] == "continue":
            with tab.expect_navigation():
                tab.keyboard.press("Enter")
            return
        if element["name"] in leave_out:
            continue
        if element["type"] == "radio" and element["name"] not in answered:
            if not element["checked"]:
                tab.keyboard.press("Space")
            answered.add(element["name"])
        elif element["type"] == "text" and element["name"].startswith("item_") and not element["value"]:
            tab.keyboard.type("4")
        elif element["tag"] == "TEXTAREA" and element["name"].startswith("comment") and comment:
            tab.keyboard.type(comment)
    raise AssertionError("never reached Continue")


def test_whole_survey_with_only_the_keyboard(survey, browser_page, playwright_browser, db):
    tab, base, bank = browser_page, survey["base"], survey["bank"]
    numbers = journey.standard_numbers(bank)
    tab.goto(base)
    press_tab_until(tab, lambda e: e["id"] == "start")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{base}/about-you")
    answer_with_keyboard(tab)
    tab.wait_for_url(f"{base}/standard/1")
    answer_with_keyboard(tab, comment="Team meetings are often cancelled.")

    # Standard 2: one question left out gives one error, fixed from the error summary.
    tab.wait_for_url(f"{base}/standard/2")
    answer_with_keyboard(tab, leave_out={"item_20b"})
    assert tab.title().startswith("Error: ")
    summary_links = tab.locator(".govuk-error-summary__list a")
    assert summary_links.count() == 1
    press_tab_until(
        tab,
        lambda e: (
            e["tag"] == "A"
            and "error" not in e["id"]
            and tab.evaluate("() => document.activeElement.closest('.govuk-error-summary') !== null")
        ),
    )
    tab.keyboard.press("Enter")
    assert focused(tab)["name"] == "item_20b"
    tab.keyboard.press("Space")
    answer_with_keyboard(tab)

    for number in numbers[2:4]:
        tab.wait_for_url(f"{base}/standard/{number}")
        answer_with_keyboard(tab)

    # Standard 5: save half way and carry on in another browser with the resume code.
    tab.wait_for_url(f"{base}/standard/{numbers[4]}")
    press_tab_until(tab, lambda e: e["type"] == "radio")
    tab.keyboard.press("Space")
    first_answer = focused(tab)
    press_tab_until(tab, lambda e: e["id"] == "save")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{base}/saved")
    code = tab.locator("#resume-code").inner_text().strip()
    assert db["responses"].count == 0

    other = playwright_browser.new_context().new_page()
    other.goto(f"{base}/resume")
    press_tab_until(other, lambda e: e["id"] == "resume_code")
    other.keyboard.type(code)
    other.keyboard.press("Enter")
    other.wait_for_url(f"{base}/standard/{numbers[4]}")
    assert other.locator(f"input[name='{first_answer['name']}'][value='{first_answer['value']}']").is_checked()
    answer_with_keyboard(other)
    for number in numbers[5:]:
        other.wait_for_url(f"{base}/standard/{number}")
        answer_with_keyboard(other)

    other.wait_for_url(f"{base}/check-your-answers")
    assert "Team meetings are often cancelled." in other.locator("#summary-standard-1").inner_text()
    press_tab_until(other, lambda e: e["id"] == "send")
    other.keyboard.press("Enter")
    other.wait_for_url(f"{base}/confirmation")
    assert other.locator("h1").inner_text().strip() == "Your answers have been sent"
    other.go_back()  # the browser's back button, then sending again, stores nothing more
    other.wait_for_load_state()
    assert db["responses"].count == 1
    [response] = db["responses"].rows
    assert db.execute("select count(*) from comments where response_id = ?", [response["id"]]).fetchone()[0] == 1
    other.context.close()


def fill_page(tab):
    """Answer every question on a standard's page by clicking, as a person with a mouse would."""
    names = tab.evaluate("""() => [...new Set([...document.querySelectorAll('input[type=radio]')]
                                     .map(e => e.name))]""")
    for name in names:
        tab.locator(f"input[name='{name}']").first.check()
    for box in tab.locator("input.govuk-input[name^='item_']").all():
        box.fill("4")


def walk_survey(tab, survey, visit):
    """Visit every survey page and error state, calling visit(name) on each."""
    base, bank = survey["base"], survey["bank"]
    tab.goto(base)
    visit("start")
    tab.goto(f"{base}/resume")
    visit("resume")
    tab.get_by_role("button", name="Continue").click()
    visit("resume-error")
    tab.goto(base)
    tab.get_by_role("button", name="Start now").click()
    tab.wait_for_url(f"{base}/about-you")
    visit("about-you")
    tab.get_by_role("button", name="Continue").click()
    for number in journey.standard_numbers(bank):
        tab.wait_for_url(f"{base}/standard/{number}")
        visit(f"standard-{number}")
        tab.get_by_role("button", name="Continue").click()
        expect(tab).to_have_title(ERROR_TITLE)  # waits for the page that comes back
        visit(f"standard-{number}-error")
        fill_page(tab)
        tab.get_by_role("button", name="Continue").click()
    tab.wait_for_url(f"{base}/check-your-answers")
    visit("check-your-answers")
    tab.get_by_role("button", name="Save and come back later").click()
    tab.wait_for_url(f"{base}/saved")
    visit("saved")
    tab.get_by_role("link", name="Continue the survey now").click()
    tab.get_by_role("button", name="Send your answers").click()
    tab.wait_for_url(f"{base}/confirmation")
    visit("confirmation")


def test_every_survey_page_and_error_state_passes_axe(survey, browser_page, make_cycle, db, live_server):
    visited = []

    def visit(name):
        visited.append(name)
        assert_no_axe_violations(browser_page)

    walk_survey(browser_page, survey, visit)
    assert len(visited) == 7 + 2 * len(journey.standard_numbers(survey["bank"]))
    make_cycle(slug="next-year", status="draft")
    browser_page.goto(f"{live_server}/survey/next-year")
    assert browser_page.locator("h1").inner_text() == "This survey is not open yet"
    assert_no_axe_violations(browser_page)
    browser_page.goto(f"{live_server}/survey/no-such-survey")
    assert_no_axe_violations(browser_page)


def test_access_code_start_page_passes_axe(app, survey, browser_page, db):
    from healthcheck.survey import access_codes

    access_codes.set_required(db, survey["cycle"], True)
    browser_page.goto(survey["base"])
    assert_no_axe_violations(browser_page)
    browser_page.get_by_label("Access code").fill("not a code")
    browser_page.get_by_role("button", name="Start now").click()
    expect(browser_page).to_have_title(ERROR_TITLE)
    assert_no_axe_violations(browser_page)


def test_no_survey_page_scrolls_sideways_at_320_pixels(survey, playwright_browser):
    folder = ARTEFACTS / "survey-320px"
    folder.mkdir(parents=True, exist_ok=True)
    context = playwright_browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    too_wide = {}

    def visit(name):
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
        tab.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    walk_survey(tab, survey, visit)
    context.close()
    assert too_wide == {}
    assert (folder / "standard-3-error.png").stat().st_size > 0
