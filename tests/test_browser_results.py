"""A steering group member reads the results in a browser; every results page passes axe."""

import pytest
from conftest import assert_no_axe_violations, sign_in_in_browser
from results_seed import SMALL, STRUGGLING, released, seed_results

pytestmark = pytest.mark.browser


def test_results_pages_are_accessible_and_reachable_by_clicking(live_server, browser_page, db, make_cycle, users):
    seed_results(db, make_cycle)
    tab = browser_page
    sign_in_in_browser(tab, live_server, "viewer")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026")
    tab.get_by_role("link", name="Results", exact=True).click()
    assert tab.locator("h1").inner_text() == "Results"
    assert tab.get_by_role("img", name="Scores by standard").is_visible()
    assert_no_axe_violations(tab)

    tab.get_by_role("link", name="3. Safe workloads and case allocation").click()
    assert tab.locator("h1").inner_text() == "Standard 3: Safe workloads and case allocation"
    assert_no_axe_violations(tab)

    tab.get_by_role("link", name="Teams and groups").click()
    assert tab.locator("h1").inner_text() == "Teams by standard"
    heatmap = tab.locator("#heatmap")

    def row(name):
        return heatmap.get_by_role("row").filter(has=tab.get_by_role("rowheader", name=name, exact=True))

    assert "Fewer than 5 responses" in row(SMALL).inner_text()
    assert "Low" in row(STRUGGLING).inner_text()
    assert_no_axe_violations(tab)
    # a wide heatmap scrolls inside its own box; the page itself never scrolls sideways
    for width in (1100, 320):
        tab.set_viewport_size({"width": width, "height": 900})
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
    tab.set_viewport_size({"width": 1280, "height": 720})

    for name, heading in (("Service areas", "Service areas by standard"), ("Role groups", "Role groups by standard")):
        tab.locator("#breakdowns").get_by_role("link", name=name).click()
        assert tab.locator("h1").inner_text() == heading
        assert_no_axe_violations(tab)

    tab.get_by_role("link", name="Comments", exact=True).click()
    assert tab.locator("h1").inner_text() == "Comments"
    assert_no_axe_violations(tab)


def test_every_standard_page_passes_axe(live_server, browser_page, db, make_cycle, users):
    seed_results(db, make_cycle)
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026/results")
    for number in range(1, 9):
        tab.get_by_role("navigation", name="Results").get_by_role("link", name=f"Standard {number}").click()
        assert tab.locator("h1").inner_text().startswith(f"Standard {number}:")
        assert_no_axe_violations(tab)


def test_results_below_the_threshold_pass_axe(live_server, browser_page, db, make_cycle, users):
    released(db, make_cycle(status="closed"))
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026/results")
    assert "Fewer than 5 so far" in tab.locator("#results-summary").inner_text()
    assert_no_axe_violations(tab)
    tab.goto(f"{live_server}/admin/cycles/health-check-2026/results/standards/1")
    assert_no_axe_violations(tab)


def test_the_psw_releases_the_results_after_confirming_and_every_step_passes_axe(
    live_server, browser_page, db, make_cycle, users
):
    from healthcheck import cycles

    cycle = seed_results(db, make_cycle, release=False)
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/{cycle['slug']}/results")
    assert tab.locator("h1").inner_text() == "Results appear after release"
    assert_no_axe_violations(tab)
    tab.goto(f"{live_server}/admin/cycles/{cycle['slug']}")
    tab.get_by_role("button", name="Close the survey").click()  # the check page, then confirmed
    tab.get_by_label("I understand").check()
    tab.get_by_role("button", name="Close the survey").click()
    tab.get_by_role("button", name="Release the results").click()
    assert tab.locator("h1").inner_text() == "Are you sure you want to release the results?"
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Release the results").click()
    tab.wait_for_url(f"{live_server}/admin/cycles/{cycle['slug']}")
    assert tab.locator("#cycle-stage").inner_text() == "Results released"
    assert_no_axe_violations(tab)
    assert cycles.is_released(cycles.get_cycle(db, cycle["slug"]))
    tab.locator("#cycle-sections").get_by_role("link", name="Results").click()
    assert "68 of" in tab.locator("#results-summary").inner_text()


def test_the_best_answer_is_drawn_greener_than_the_worst(live_server, browser_page, db, make_cycle, users):
    """Frequency, number and reverse agreement items: colour follows the score, not the order."""
    seed_results(db, make_cycle)
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    greenness = """(element) => {
        const style = getComputedStyle(element);
        const colour = element.tagName.toLowerCase() === "rect" ? style.fill : style.backgroundColor;
        const [r, g, b] = colour.match(/\\d+/g).map(Number);
        return g - (r + b) / 2;
    }"""
    for standard, item in ((1, "28a"), (3, "5a"), (2, "20b")):
        tab.goto(f"{live_server}/admin/cycles/health-check-2026/results/standards/{standard}")
        segments = tab.locator(f"svg#chart-{item} rect.app-chart__segment[data-score]:not([data-score=''])")
        scored = sorted(
            (float(segments.nth(i).get_attribute("data-score")), segments.nth(i)) for i in range(segments.count())
        )
        # Every scored answer is drawn in the swatches of the table, even those no one gave.
        swatches = tab.locator(f"#answers-{item} .app-swatch:not(.app-answer--dont-know)")
        # These three list their best answer first (the reverse item's "Strongly disagree").
        first, last = swatches.first.evaluate(greenness), swatches.nth(swatches.count() - 1).evaluate(greenness)
        worst, best = scored[0][1], scored[-1][1]
        assert scored[-1][0] > scored[0][0], item
        assert best.evaluate(greenness) > worst.evaluate(greenness), item
        assert first > 0 > last, item


TEN_TEAMS = [
    ("Hospital Discharge", "Adults", 14, 9, 70),
    ("Adults Locality North", "Adults", 19, 12, 75),
    ("Adults Locality South", "Adults", 17, 10, 65),
    ("Adults Locality East", "Adults", 15, 8, 60),
    ("Approved Mental Health Professionals", "Mental health", 12, 7, 80),
    ("Front Door and MASH", "Children", 16, 11, 15),
    ("Child Protection East", "Children", 15, 9, 60),
    ("Child Protection West", "Children", 15, 9, 55),
    ("Children in Care", "Children", 12, 8, 70),
    ("Disabled Children and Transitions", "All-age disability", 9, 6, 50),
]


def test_the_heatmap_fits_a_1280_window_and_one_a4_landscape_page(live_server, browser_page, db, make_cycle, users):
    import re

    seed_results(db, make_cycle, teams=TEN_TEAMS)
    tab = browser_page
    tab.set_viewport_size({"width": 1280, "height": 800})
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026/results/heatmap")
    region = tab.locator(".app-table-scroll")
    # no sideways scrolling: every standard's column is inside the window
    assert region.evaluate("(box) => box.scrollWidth <= box.clientWidth")
    headers = tab.locator("#heatmap thead th")
    assert headers.count() == 10
    last = headers.nth(9).bounding_box()
    assert last["x"] + last["width"] <= 1280
    assert headers.nth(2).locator("abbr").get_attribute("title") == "1. Clear social work accountability framework"
    assert tab.locator("#standards-key dt").count() == 8
    assert_no_axe_violations(tab)
    tab.screenshot(path="/tmp/heatmap-1280.png", full_page=True)
    # a small screen scrolls the table, with the group names kept in view
    tab.set_viewport_size({"width": 400, "height": 800})
    first = tab.locator("#heatmap tbody th").first
    region.evaluate("(box) => { box.scrollLeft = 400; }")
    assert first.bounding_box()["x"] >= 0 and first.evaluate("(cell) => getComputedStyle(cell).position") == "sticky"
    tab.set_viewport_size({"width": 1280, "height": 800})
    tab.emulate_media(media="print")
    tab.set_viewport_size({"width": 1085, "height": 760})
    tab.screenshot(path="/tmp/heatmap-print.png", full_page=True)
    pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
    with open("/tmp/heatmap.pdf", "wb") as file:
        file.write(pdf)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert (round(float(box.group(1))), round(float(box.group(2)))) == (842, 595)  # A4 landscape, in points
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1
    # the colours print too
    cell = tab.locator("#heatmap tbody td.app-heat").first
    assert cell.evaluate("(c) => getComputedStyle(c).printColorAdjust") == "exact"


def test_a_teams_standard_page_and_the_method_page_pass_axe(live_server, browser_page, db, make_cycle, users):
    seed_results(db, make_cycle)
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/health-check-2026/results/standards/3")
    tab.get_by_label("Show this standard for").select_option(label=STRUGGLING)
    tab.get_by_role("button", name="Show").click()
    assert tab.locator("#group-name").inner_text() == STRUGGLING
    assert "Clearly lower" in tab.locator("#standard-summary").inner_text()
    assert_no_axe_violations(tab)
    tab.screenshot(path="/tmp/team-standard.png", full_page=False)
    tab.get_by_role("link", name="How it is worked out").click()
    assert tab.locator("h1").inner_text() == "How the figures are worked out"
    assert_no_axe_violations(tab)
