"""The demo has a published summary of last year, and benchmarks to look at."""

import datetime

from conftest import page

from healthcheck import cycles
from healthcheck.demo.seed import seed_demo
from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.publishing import summaries as publishing


def test_demo_publishes_last_years_summary_and_chooses_an_authority(app, db):
    seed_demo(db, seed=1)
    year = datetime.date.today().year
    last = cycles.get_cycle(db, f"health-check-{year - 1}")
    assert last["status"] == "closed"
    live = publishing.live_publication(db, last["id"])
    assert live and "caseloads are the biggest worry" in live["themes"]
    assert national_benchmarks.chosen_authority(db) == "Kirklees"
    html = page(app.test_client().get(f"/published/{live['token']}"))
    assert len(html.select("#standards-table tbody tr")) == 8
    assert len(html.select("#themes-text ul li")) == 3  # the themes as a list, not lines of hyphens
    rows = html.select("#published-summary [data-reference]")
    assert [row["data-reference"] for row in rows] == ["A-002", "A-004", "A-001"]  # standards 3, 4, 5
    for row in rows:  # each in public words: what staff said and what we did, not the plan's findings
        assert row.select_one(".app-said__said").text.strip() and row.select_one(".app-said__did").text.strip()
    # each answers the theme it is about, as a PSW would choose, quoting a comment only where one fits
    said = {row["data-reference"]: row.select_one(".app-said__said") for row in rows}
    assert said["A-002"].text.split()[:2] == ["Caseload", "pressure"]
    assert said["A-001"].text.split()[:2] == ["Supervision", "quality"]
    quotes = {reference: cell.select_one(".app-said__quote") for reference, cell in said.items()}
    assert quotes["A-001"] is not None and "supervision" in quotes["A-001"].text.casefold()
    assert quotes["A-002"] is None or "caseload" in quotes["A-002"].text.casefold()
    assert "Average caseload in Front Door and MASH is 24 cases per FTE" not in html.text
    seed_demo(db, seed=1)
    assert db["publications"].count == 1
