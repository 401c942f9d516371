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
    assert live and "Caseloads are the biggest worry" in live["themes"]
    assert national_benchmarks.chosen_authority(db) == "Kirklees"
    html = page(app.test_client().get(f"/published/{live['token']}"))
    assert len(html.select("#standards-table tbody tr")) == 8
    assert len(html.select("#actions-table tbody tr")) == 4
    seed_demo(db, seed=1)
    assert db["publications"].count == 1
