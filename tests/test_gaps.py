"""The gap report ranks the steps where the organisation's own view and practitioners'
scores disagree most, from the disclosable view, for the steering group."""

from conftest import page
from results_seed import released, seed_results

from healthcheck.results import compute as results
from healthcheck.results import gaps


def test_steps_are_ranked_by_the_size_of_the_gap(db, make_cycle):
    cycle = seed_results(db, make_cycle)
    view = results.results_for(db, cycle)
    report = gaps.gap_report(view)
    ranked = report["ranked"]
    assert len(ranked) >= 5
    sizes = [abs(entry["difference"]) for entry in ranked]
    assert sizes == sorted(sizes, reverse=True)
    assert [entry["rank"] for entry in ranked] == list(range(1, len(ranked) + 1))
    steps = {step["key"]: step for standard in view["standards"] for step in standard["steps"]}
    for entry in ranked:
        step = steps[entry["key"]]
        assert entry["practitioners"] == step["parts"]["practitioner"]
        assert entry["difference"] == step["organisation"][0]["score"] - step["parts"]["practitioner"]
        assert entry["sentence"] == step["gap"]


def test_steps_answered_from_one_side_only_are_left_out(db, make_cycle):
    cycle = seed_results(db, make_cycle)
    report = gaps.gap_report(results.results_for(db, cycle))
    keys = {entry["key"] for entry in report["ranked"] + report["not_compared"]}
    assert "35" not in keys  # the organisation's view only
    assert "6" not in keys  # practitioners only


def test_an_unanswered_organisation_view_cannot_be_compared(db, make_cycle):
    cycle = seed_results(db, make_cycle, release=False)
    db["organisation_answers"].delete_where("cycle_id = ? and item_id = ?", [cycle["id"], "O15"])
    cycle = released(db, cycle)
    report = gaps.gap_report(results.results_for(db, cycle))
    assert "15" not in {entry["key"] for entry in report["ranked"]}
    assert [entry["key"] for entry in report["not_compared"]] == ["15"]


def test_below_the_threshold_nothing_is_compared(db, make_cycle, sign_in):
    cycle = seed_results(db, make_cycle, threshold=100)
    report = gaps.gap_report(results.results_for(db, cycle))
    assert report["ranked"] == [] and report["not_compared"]
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/gaps"))
    assert "No step can be compared yet" in html.select_one("#no-gaps").text
    assert html.select_one("#gap-table") is None


def test_the_gap_page_shows_the_ranking(db, make_cycle, sign_in):
    cycle = seed_results(db, make_cycle)
    ranked = gaps.gap_report(results.results_for(db, cycle))["ranked"]
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/gaps"))
    assert html.select_one("h1").text.strip() == "Gap report"
    rows = html.select("#gap-table tbody tr")
    assert [row["data-step"] for row in rows] == [entry["key"] for entry in ranked]
    top = rows[0]
    assert top.select_one("td").text.strip() == "1"
    assert int(top.select_one("[data-difference]")["data-difference"]) == ranked[0]["difference"]
    assert f"Step {ranked[0]['number']}" in top.select_one("th").text


def test_the_gap_report_is_for_the_steering_group_and_psw(db, make_cycle, sign_in, client):
    cycle = seed_results(db, make_cycle)
    assert sign_in("psw").get(f"/admin/cycles/{cycle['slug']}/gaps").status_code == 200
    assert sign_in("admin").get(f"/admin/cycles/{cycle['slug']}/gaps").status_code == 403
    assert client.get(f"/admin/cycles/{cycle['slug']}/gaps").status_code == 302
