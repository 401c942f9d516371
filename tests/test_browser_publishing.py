"""In a browser: the principal social worker publishes a summary, a member of staff opens
the link without signing in and prints it on A4, the summary is withdrawn; the trend pages,
the gap report and the benchmark panel are reached by clicking, and all pass axe."""

import io
import re

import pytest
from conftest import assert_no_axe_violations, sign_in_in_browser
from publish_seed import AUTHOR, LAST, THIS, seed_two_years
from pypdf import PdfReader
from results_seed import TEAMS, seed_results

from healthcheck import cycles
from healthcheck.publishing import summaries as publishing
from healthcheck.results import compute as results
from healthcheck.results import scoring
from healthcheck.results.data import load_results_input

pytestmark = pytest.mark.browser

A4 = (595, 842)  # points
THEMES = "Caseloads are the biggest worry.\nSupervision happens more often than it did."


def printed(tab) -> PdfReader:
    """The page printed to PDF as Chromium prints it, on the page size the stylesheet asks for."""
    return PdfReader(io.BytesIO(tab.pdf(prefer_css_page_size=True)))


def pdf_text(reader: PdfReader) -> str:
    """Every page's text with line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(pdf_page.extract_text() for pdf_page in reader.pages).split())


def publish_by_clicking(tab, live_server, slug, themes=THEMES) -> str:
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/{slug}")
    tab.locator("#cycle-sections").get_by_role("link", name="Published summary").click()
    assert tab.locator("h1").inner_text() == "Published summary"
    tab.get_by_label("What are the main themes?").fill(themes)
    tab.get_by_role("button", name="Save and preview").click()
    # The preview says plainly that the page will be public, before anything is published.
    assert "This page is public: anyone with the link can read it" in tab.locator("#public-warning").inner_text()
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Publish the summary").click()
    assert "The summary is published" in tab.locator(".govuk-notification-banner").inner_text()
    assert_no_axe_violations(tab)
    return tab.locator("#published-link").inner_text().strip()


def test_a_published_summary_is_read_printed_and_withdrawn(
    live_server, browser_page, playwright_browser, db, make_cycle, users
):
    seed_two_years(db, make_cycle, close_this_year=True)
    psw_tab = browser_page
    link = publish_by_clicking(psw_tab, live_server, THIS)
    assert re.fullmatch(rf"{re.escape(live_server)}/published/[A-Za-z0-9_-]{{43}}", link)

    staff = playwright_browser.new_context()  # someone who was sent the link: never signed in
    try:
        tab = staff.new_page()
        tab.goto(link)
        assert tab.locator("h1").inner_text() == "Health check 2026: what you told us and what we are doing"
        assert tab.locator("#themes-text").inner_text().strip() == THEMES
        assert tab.get_by_role("img", name="Scores by standard").is_visible()
        assert tab.get_by_role("button", name="Sign out").count() == 0
        assert_no_axe_violations(tab)

        reader = printed(tab)
        assert 1 <= len(reader.pages) <= 3
        for pdf_page in reader.pages:
            assert (round(float(pdf_page.mediabox.width)), round(float(pdf_page.mediabox.height))) == A4
        text = pdf_text(reader)
        assert "You said, we did" in text and " ".join(THEMES.split()) in text
        assert "Social Work Health Check: open-source software" not in text  # the footer is not printed
        view = results.results_for(db, cycles.get_cycle(db, THIS))
        for standard in view["standards"]:
            assert f"{standard['number']}. {standard['title']} {standard['score']} {standard['band']}" in text
        # No group is published, so no team appears, least of all the one below the threshold.
        assert not [name for name, *_ in TEAMS if name in text]

        psw_tab.get_by_role("button", name="Withdraw the summary").click()
        assert "The summary is withdrawn" in psw_tab.locator(".govuk-notification-banner").inner_text()
        response = tab.goto(link)
        assert response.status == 410
        assert tab.locator("h1").inner_text() == "This summary is no longer published"
        assert_no_axe_violations(tab)
    finally:
        staff.close()


def scores_with_every_answer(db, cycle) -> dict:
    """Each standard's score as it would be if answers below the threshold counted: the
    figures the published summary must never show."""
    bank = cycles.cycle_bank(cycle)
    data = load_results_input(db, cycle, bank)
    answers = {item: entry["answer"] for item, entry in data.organisation_answers.items()}
    indicators = scoring.combined_indicator_values(bank, data.figures, [team["id"] for team in data.teams])
    card = scoring.scorecard(bank, data.respondents, answers, indicators, minimum_answers=1)
    return {standard["number"]: scoring.shown_score(standard["score"]) for standard in card["standards"]}


def test_a_summary_below_the_threshold_prints_no_suppressed_figure(live_server, browser_page, db, make_cycle, users):
    # 68 people answered, but this cycle only shows practitioners' answers from 100 or more.
    cycle = seed_results(db, make_cycle, slug=LAST, threshold=100)
    link = publish_by_clicking(browser_page, live_server, LAST)
    tab = browser_page
    tab.goto(link)
    assert_no_axe_violations(tab)
    text = pdf_text(printed(tab))
    assert "Fewer than 100 people answered" in text
    assert "68 of" not in text and "64%" not in text
    view = results.results_for(db, cycle)
    hidden = scores_with_every_answer(db, cycle)
    assert any(hidden[s["number"]] != s["score"] for s in view["standards"])  # there is something to hide
    for standard in view["standards"]:
        heading = f"{standard['number']}. {standard['title']}"
        assert f"{heading} {standard['score'] if standard['score'] is not None else 'No score'} " in text
        if hidden[standard["number"]] != standard["score"]:
            assert f"{heading} {hidden[standard['number']]} " not in text


def test_trend_pages_and_the_gap_report_are_reached_by_clicking(live_server, browser_page, db, make_cycle, users):
    seed_two_years(db, make_cycle, close_this_year=True)
    tab = browser_page
    sign_in_in_browser(tab, live_server, "viewer")
    tab.goto(f"{live_server}/admin/cycles/{THIS}")
    tab.locator("#cycle-sections").get_by_role("link", name="trends").click()
    assert tab.locator("h1").inner_text() == "Trends"
    assert tab.get_by_role("img", name="Standard 3 scores by cycle").is_visible()
    assert_no_axe_violations(tab)
    tab.get_by_role("link", name="5. Effective and appropriate supervision").click()
    assert tab.locator("h1").inner_text() == "Standard 5: Effective and appropriate supervision"
    assert tab.get_by_role("img", name="Standard 5 scores by step and cycle").is_visible()
    assert "Book monthly supervision for every practitioner." in tab.locator("main").inner_text()
    assert_no_axe_violations(tab)

    tab.goto(f"{live_server}/admin/cycles/{THIS}")
    tab.locator("#cycle-sections").get_by_role("link", name="gap report").click()
    assert tab.locator("h1").inner_text() == "Gap report"
    assert tab.locator("#gap-table tbody tr").count() >= 5
    assert_no_axe_violations(tab)


def test_the_psw_chooses_an_authority_and_reads_the_benchmark_panel(
    live_server, browser_page, app, db, make_cycle, users, tmp_path
):
    app.config["DFE_INDICATORS_FILE"] = str(tmp_path / "instance" / "csww_indicators.csv")
    cycle = seed_results(db, make_cycle)
    db["cycles"].update(cycle["id"], {"capture_date": "2025-09-30"})
    tab = browser_page
    sign_in_in_browser(tab, live_server, "psw")
    tab.goto(f"{live_server}/admin/cycles/{cycle['slug']}")
    tab.locator("#cycle-sections").get_by_role("link", name="national benchmarks").click()
    assert tab.locator("h1").inner_text() == "National benchmarks"
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Choose the local authority").click()
    assert_no_axe_violations(tab)
    tab.get_by_role("button", name="Continue").click()
    assert "Choose a local authority from the list" in tab.locator(".govuk-error-summary").inner_text()
    assert tab.title().startswith("Error: ")
    assert_no_axe_violations(tab)
    tab.get_by_label("Which local authority does your organisation correspond to?").select_option("Leeds")
    tab.get_by_role("button", name="Continue").click()
    assert "Benchmarks now compare with Leeds" in tab.locator(".govuk-notification-banner").inner_text()
    table = tab.get_by_role("table", name=re.compile("Workforce indicators"))
    assert table.get_by_role("columnheader", name="Yorkshire and The Humber").is_visible()
    row = table.get_by_role("row").filter(has=tab.get_by_role("rowheader", name="Vacancy rate", exact=True))
    assert "7.4%" in row.inner_text() and "14.2%" in row.inner_text()  # the region and England, DfE 2025
    assert_no_axe_violations(tab)


# Text sizes of everything written in the chart, as rendered: an SVG's text by the height it
# is drawn at (a drawing scaled down to a phone shrinks its text), page text by its font size.
CHART_TEXT_SIZES = """chart => {
    const sizes = [];
    for (const element of chart.querySelectorAll("*")) {
        const own = Array.from(element.childNodes).some(node => node.nodeType === 3 && node.textContent.trim());
        if (!own || element.closest(".govuk-visually-hidden")) continue;
        const box = element.getBoundingClientRect();
        const size = element instanceof SVGElement ? box.height : parseFloat(getComputedStyle(element).fontSize);
        sizes.push({text: element.textContent.trim(), size: size, right: box.right});
    }
    return sizes;
}"""


def test_on_a_phone_the_chart_reads_and_printed_the_headings_stay_with_what_follows(
    live_server, browser_page, playwright_browser, db, make_cycle, users
):
    seed_two_years(db, make_cycle)
    psw = browser_page
    sign_in_in_browser(psw, live_server, "psw")
    # The PSW includes a third action, in public words, by clicking.
    psw.goto(f"{live_server}/admin/cycles/{LAST}/publish")
    psw.get_by_role("link", name="Choose what it says about action A-003").click()
    assert "anyone with the link can read it" in psw.locator("#public-warning").inner_text()
    psw.get_by_label("Yes, include it").check()
    # staff's comments have themes, so "You said" is a choice: this action is in the PSW's own words
    psw.get_by_label("In my own words").check()
    psw.get_by_label("What staff said, in your words").fill("You told us learning time is not protected.")
    psw.get_by_label("We did").fill("We now protect two learning days a year for everyone.")
    psw.get_by_role("button", name="Save").click()
    assert "A-003 is in the published summary" in psw.locator(".govuk-notification-banner").inner_text()
    assert_no_axe_violations(psw)
    themes = "Thank you for answering.\n\n" + "\n".join(f"- Theme number {n} that staff raised" for n in range(1, 4))
    link = publish_by_clicking(psw, live_server, LAST, themes)

    phone = playwright_browser.new_context(viewport={"width": 375, "height": 812})
    try:
        tab = phone.new_page()
        tab.goto(link)
        chart = tab.get_by_role("img", name="Scores by standard")
        assert chart.is_visible()
        sizes = chart.evaluate(CHART_TEXT_SIZES)
        assert len(sizes) == 16  # a label and a value for each of the eight standards
        small = [entry for entry in sizes if entry["size"] < 12]
        assert small == [], small
        assert max(entry["right"] for entry in sizes) <= 375  # nothing runs off the screen
        assert tab.locator("#themes-text li").count() == 3 and "- Theme" not in tab.locator("#themes-text").inner_text()
        said = tab.locator("#published-summary [data-reference]")
        assert said.evaluate_all("rows => rows.map(row => row.dataset.reference)") == ["A-002", "A-001", "A-003"]
        assert_no_axe_violations(tab)

        # Printed, "You said, we did" starts a page's worth of its own content, never ends a page:
        # the heading, its introduction and the first action are kept together.
        tab.emulate_media(media="print")
        kept = tab.locator("#you-said-start").evaluate("element => getComputedStyle(element).breakInside")
        assert kept == "avoid"
        # (printed with the print stylesheet, as the browser prints)
        # Longer and longer themes move the heading down the pages, to the foot of one and past it.
        for count in range(0, 40, 3):
            lines = "\n".join(f"- Theme number {n} that staff raised in their comments" for n in range(count))
            publishing.save_publication(db, cycles.get_cycle(db, LAST), f"Thank you for answering.\n\n{lines}", AUTHOR)
            tab.goto(link)
            pages = [" ".join(pdf_page.extract_text().split()) for pdf_page in printed(tab).pages]
            holding = [text for text in pages if "You said, we did" in text]
            assert len(holding) == 1, count
            after = holding[0].split("You said, we did", 1)[1]
            assert "What you told us, what we are doing about it" in after, count
            assert "You told us caseloads in the Front Door are too high." in after, count  # the first action
    finally:
        phone.close()
