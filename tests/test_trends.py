"""Trends: every standard and step across the cycles so far, from each cycle's disclosable
results, with the actions completed between one cycle and the next."""

import pytest
from conftest import page
from publish_seed import LAST, THIS, dated, seed_two_years
from results_seed import released, seed_results

from healthcheck import cycles
from healthcheck.results import compute as results
from healthcheck.results import trends


@pytest.fixture
def two_years(db, make_cycle):
    return seed_two_years(db, make_cycle, close_this_year=True)


def test_trend_cycles_run_oldest_first_up_to_this_cycle(db, make_cycle, two_years):
    last, this = two_years
    later = make_cycle(slug="health-check-2027", status="open", teams=[("Front Door", "Children", 8)])
    db["cycles"].update(later["id"], {"opens_on": "2027-10-01", "closes_on": "2027-11-30"})
    make_cycle(slug="draft-2026", status="draft")
    assert [c["slug"] for c in trends.trend_cycles(db, this)] == [LAST, THIS]
    assert [c["slug"] for c in trends.trend_cycles(db, last)] == [LAST]


def test_every_score_is_the_one_each_cycles_results_show(db, two_years):
    last, this = two_years
    found = trends.trends_for(db, this)
    assert found["enough"] and [c["label"] for c in found["cycles"]] == ["2025", "2026"]
    views = [results.results_for(db, last), results.results_for(db, this)]
    for standard in found["standards"]:
        shown = [next(s for s in view["standards"] if s["number"] == standard["number"]) for view in views]
        assert [p["score"] for p in standard["points"]] == [s["score"] for s in shown]
        assert standard["change"] == shown[1]["score"] - shown[0]["score"]
        for step in standard["steps"]:
            expected = [next(s for s in each["steps"] if s["key"] == step["key"])["score"] for each in shown]
            assert [p["score"] for p in step["points"]] == expected


def test_completed_actions_are_those_finished_from_the_earlier_plan(db, two_years):
    last, this = two_years
    periods = trends.trends_for(db, this)["completed"]
    assert len(periods) == 1
    assert (periods[0]["from"]["slug"], periods[0]["to"]["slug"]) == (LAST, THIS)
    assert [a["action"] for a in periods[0]["actions"]] == ["Book monthly supervision for every practitioner."]
    only_five = trends.for_standard(trends.trends_for(db, this), 5)["completed"][0]["actions"]
    assert [a["reference"] for a in only_five] == ["A-001"]
    assert trends.for_standard(trends.trends_for(db, this), 3)["completed"][0]["actions"] == []


def test_the_trend_page_shows_a_chart_and_table_for_each_standard(db, sign_in, two_years):
    _, this = two_years
    html = page(sign_in("viewer").get(f"/admin/cycles/{THIS}/trends"))
    assert html.select_one("h1").text.strip() == "Trends"
    found = trends.trends_for(db, this)
    for standard in found["standards"]:
        number = standard["number"]
        svg = html.select_one(f"#trend-{number}")
        assert svg["role"] == "img" and svg.select_one("title").text == f"Standard {number} scores by cycle"
        circles = svg.select("circle")
        assert len(circles) == sum(p["score"] is not None for p in standard["points"])
        cells = [row.select_one("td").text.strip() for row in html.select(f"#trend-table-{number} tbody tr")]
        assert cells == [str(p["score"]) if p["score"] is not None else "No score" for p in standard["points"]]
    assert not html.select("[style]")  # no inline styles: the content security policy forbids them
    completed = html.select_one('[data-period="health-check-2025"]')
    assert "A-001" in completed.text and "Book monthly supervision" in completed.text


def test_the_step_page_shows_every_step_in_every_cycle(db, sign_in, two_years):
    _, this = two_years
    response = sign_in("psw").get(f"/admin/cycles/{THIS}/trends/standards/3")
    html = page(response)
    assert html.select_one("h1").text.strip() == "Standard 3: Safe workloads and case allocation"
    standard = trends.for_standard(trends.trends_for(db, this), 3)
    rows = html.select("#trend-steps-table tbody tr")
    assert [row["data-step"] for row in rows] == [step["key"] for step in standard["steps"]]
    for row, step in zip(rows, standard["steps"]):
        shown = [cell.text.strip() for cell in row.select("td")][:2]
        assert shown == [f"{p['score']} {p['band']}" if p["score"] is not None else "No score" for p in step["points"]]
    columns = html.select("#trend-steps rect")
    assert len(columns) == sum(p["score"] is not None for step in standard["steps"] for p in step["points"])
    assert "No actions from the Health check 2025 plan are marked complete." in html.select_one("main").text


def test_one_cycle_says_trends_need_two(db, sign_in, make_cycle):
    released(db, make_cycle(slug="health-check-2026", status="closed"))
    html = page(sign_in("psw").get("/admin/cycles/health-check-2026/trends"))
    assert "Trends need at least two cycles" in html.select_one("#no-trend").text


def test_a_suppressed_score_stays_suppressed_in_the_trend(db, sign_in, make_cycle):
    # nobody's answers can show for last year
    dated(db, seed_results(db, make_cycle, slug=LAST, seed=3, threshold=100), 2025)
    this = dated(db, seed_results(db, make_cycle, slug=THIS, seed=7), 2026)
    found = trends.trends_for(db, this)
    last_view = results.results_for(db, cycles.get_cycle(db, LAST))
    assert last_view["respondents"] is None
    step_six = next(s for s in found["standards"][2]["steps"] if s["key"] == "6")  # a practitioners-only step
    assert step_six["points"][0]["score"] is None and step_six["change"] is None
    html = page(sign_in("viewer").get(f"/admin/cycles/{THIS}/trends/standards/3"))
    assert html.select_one('#trend-steps-table tr[data-step="6"] td').text.strip() == "No score"


def test_an_unknown_standard_is_not_found(sign_in, two_years):
    assert sign_in("psw").get(f"/admin/cycles/{THIS}/trends/standards/9").status_code == 404


def test_trends_are_for_those_who_read_results(sign_in, client, two_years):
    assert sign_in("admin").get(f"/admin/cycles/{THIS}/trends").status_code == 403
    assert client.get(f"/admin/cycles/{THIS}/trends").status_code == 302
