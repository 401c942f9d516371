"""The demo's results show its struggling team and its small team (suppressed) plainly: last
year's are released; this year's survey is open, with no results until they are released."""

import pytest

from healthcheck import cycles
from healthcheck.demo import seed as demo
from healthcheck.results import compute as results


def test_demo_results_show_the_struggling_team_lowest_and_the_small_team_suppressed(db):
    seeded = demo.seed_demo(db, seed=1)
    with pytest.raises(results.ResultsNotReleased):
        results.results_for(db, cycles.get_cycle(db, seeded["open_cycle"]))
    cycle = cycles.get_cycle(db, seeded["released_cycle"])
    assert cycles.is_released(cycle)
    view = results.results_for(db, cycle)
    assert view["respondents"] is not None and view["respondents"] >= cycle["reporting_threshold"]
    rows = {row["name"]: row for row in view["groups"]["team"]}
    small = rows[demo.SMALL_TEAM]
    assert small["suppressed"] and small["respondents"] is None
    assert all(cell["score"] is None for cell in small["standards"])
    assert small["note"].startswith(f"Fewer than {cycle['reporting_threshold']} responses")
    shown = [row for row in view["groups"]["team"] if not row["suppressed"] and not row["combined"]]
    struggling = rows[demo.STRUGGLING_TEAM]
    assert not struggling["suppressed"]

    def mean(row):
        return sum(c["score"] for c in row["standards"] if c["score"] is not None) / len(row["standards"])

    assert min(shown, key=mean)["name"] == demo.STRUGGLING_TEAM
    assert all(
        demo.SMALL_TEAM not in (comment["group"] or "")
        for comments in view["comments"].values()
        for comment in comments
    )
