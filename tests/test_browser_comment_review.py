"""The principal social worker reviews flagged comments in a browser, as a person would:
from the cycle's task list, selecting the words to remove with the mouse, hiding one with a
reason, then releasing. The page passes axe."""

import pytest
from conftest import assert_no_axe_violations, sign_in_in_browser

from healthcheck import cycles
from healthcheck.comments import flags
from healthcheck.results import compute as results
from healthcheck.survey.store import Response, store_response

pytestmark = pytest.mark.browser
NAMED = "My manager Sarah Jenkins cancels supervision every month"
PHONE = "Ring me on 07700 900461 about the duty rota"


def test_the_psw_redacts_and_hides_flagged_comments_then_releases(live_server, browser_page, db, make_cycle, users):
    cycle = make_cycle(slug="health-check-2026", status="open", teams=[("Locality North", "Adults", 12)])
    bank = cycles.cycle_bank(cycle)
    team = cycles.teams_for(db, cycle["id"])[0]
    for text in (NAMED, PHONE, "Caseloads are too high", "Supervision is rushed", "Good team", "Laptops are slow"):
        store_response(db, cycle, bank, Response(team_id=team["id"], comments={3: text}))
    cycles.close_cycle(db, cycle)

    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026")
    tab.get_by_role("link", name="Review comments").click()
    assert tab.locator("h1").inner_text() == "Review comments"
    assert tab.locator("#count-awaiting").inner_text() == "2"
    assert_no_axe_violations(tab)

    named = tab.locator(".app-review-item", has_text="Sarah Jenkins")
    # Select the name in the comment with the mouse: the words box fills in by itself.
    mark = named.locator("mark", has_text="Sarah Jenkins")
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    middle = box["y"] + box["height"] / 2
    tab.mouse.move(box["x"] + 1, middle)
    tab.mouse.down()
    tab.mouse.move(box["x"] + box["width"] - 1, middle, steps=5)
    tab.mouse.up()
    assert named.get_by_label("Remove some words", exact=True).is_checked()
    assert named.get_by_label("Words to remove (if you remove some words)").input_value() == "Sarah Jenkins"
    named.get_by_role("button", name="Save decision").click()
    assert "The words are removed from the comment for good." in tab.locator(".govuk-notification-banner").inner_text()

    phone = tab.locator("#awaiting-comments .app-review-item", has_text="07700")
    phone.get_by_label("Hide it", exact=True).check()
    phone.get_by_label("Why hide it (if you hide it)").fill("Gives a phone number")
    phone.get_by_role("button", name="Save decision").click()

    assert tab.locator("#count-awaiting").inner_text() == "0"
    reviewed = tab.locator("#reviewed-comments").inner_text()
    assert f"My manager {flags.REMOVED} cancels supervision every month" in reviewed
    assert "Hidden: Gives a phone number" in reviewed and "Sarah" not in reviewed
    assert_no_axe_violations(tab)

    tab.get_by_role("link", name="Release the results").click()
    assert "1 with words removed, 1 hidden" in tab.locator("#release-comment-review").inner_text()
    tab.get_by_role("button", name="Release the results").click()
    assert results.is_released(db, cycles.get_cycle(db, "health-check-2026"))
    texts = [comment["text"] for comment in results.released_results(db, cycle)["comments"]]
    assert f"My manager {flags.REMOVED} cancels supervision every month" in texts
    assert PHONE not in texts and not any("Sarah" in text for text in texts)
