"""Results are computed once, at release, compared with the previous released cycle,
and printed by `healthcheck scores`."""

import datetime
import json

import pytest
from results_seed import SMALL, STRUGGLING, released, seed_results

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.results import compute as results
from healthcheck.survey.store import Response, store_response


def test_results_are_computed_once_at_release_and_never_again(db, make_cycle, monkeypatch):
    cycle = seed_results(db, make_cycle)
    first = results.results_for(db, cycle)
    calls = []
    original = results.compute_results
    monkeypatch.setattr(results, "compute_results", lambda *args: calls.append(1) or original(*args))
    results.forget_views()
    assert results.results_for(db, cycle) == first
    assert calls == []  # read from the stored release
    bank = cycles.cycle_bank(cycle)
    with pytest.raises(Problem, match="responses can no longer change"):
        store_response(db, cycle, bank, Response(answers={"29a": "strongly_disagree"}))
    assert results.results_for(db, cycle) == first
    assert calls == []


def test_results_of_an_unreleased_cycle_are_refused(db, make_cycle):
    cycle = seed_results(db, make_cycle, release=False)
    with pytest.raises(results.ResultsNotReleased, match="appear after they are released"):
        results.results_for(db, cycle)
    closed = cycles.close_cycle(db, cycle)
    with pytest.raises(results.ResultsNotReleased):
        results.results_for(db, closed)


def test_workforce_figures_and_organisation_answers_count_as_they_stood_at_release(db, make_cycle):
    untouched = results.results_for(db, seed_results(db, make_cycle, slug="untouched"))["standards"][1]
    cycle = seed_results(db, make_cycle, release=False)
    db.execute("update workforce_figures set value = 0 where field = 'vacancy_fte' and cycle_id = ?", [cycle["id"]])
    db.execute("update organisation_answers set answer = 'working_well' where cycle_id = ?", [cycle["id"]])
    db.conn.commit()
    view = results.results_for(db, released(db, cycle))
    edited = view["standards"][1]
    assert edited["parts"]["workforce"] > untouched["parts"]["workforce"]
    assert edited["parts"]["organisation"] == 100
    # The same kind of edit after release moves nothing.
    db.execute("update workforce_figures set value = 9 where field = 'vacancy_fte' and cycle_id = ?", [cycle["id"]])
    db.execute("update organisation_answers set answer = 'not_in_place' where cycle_id = ?", [cycle["id"]])
    db.conn.commit()
    results.forget_views()
    assert results.results_for(db, cycle) == view


def test_change_is_measured_against_the_cycle_that_closed_before(db, make_cycle):
    last = seed_results(db, make_cycle, slug="health-check-2025", seed=3)
    db["cycles"].update(last["id"], {"opens_on": "2025-10-01", "closes_on": "2025-11-30", "status": "closed"})
    db.execute("update organisation_answers set answer = 'not_in_place' where cycle_id = ?", [last["id"]])
    db.conn.commit()
    this = seed_results(db, make_cycle, slug="health-check-2026", seed=4)
    view = results.results_for(db, this)
    before = results.results_for(db, cycles.get_cycle(db, "health-check-2025"))
    assert view["previous_cycle"]["slug"] == "health-check-2025"
    for now, then in zip(view["standards"], before["standards"]):
        assert now["change"] == now["score"] - then["score"]
    rows = {row["name"]: row for row in view["groups"]["team"]}
    assert rows[STRUGGLING]["standards"][0]["change"] is not None
    assert {cell["change"] for cell in rows[SMALL]["standards"]} == {None}
    assert before["previous_cycle"] is None


def test_scores_command_prints_the_json_shape(runner, db, make_cycle):
    seed_results(db, make_cycle)
    result = runner.invoke(args=["scores", "--cycle", "health-check-2026", "--format", "json", "--by", "team"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["cycle"] == "health-check-2026"
    assert document["reporting_threshold"] == 5
    assert document["respondents"] == 68
    assert [s["number"] for s in document["standards"]] == list(range(1, 9))
    standard = document["standards"][6]
    assert set(standard) >= {"number", "title", "score", "band", "coverage", "parts", "change", "steps"}
    assert set(standard["parts"]) == {"practitioner", "organisation", "workforce"}
    assert [step["number"] for step in standard["steps"]] == [32, "S7"]
    assert set(standard["steps"][0]) >= {"number", "title", "score", "band", "coverage", "parts", "change"}
    groups = {group["name"]: group for group in document["groups"]}
    assert groups[SMALL]["suppressed"] is True
    assert groups[SMALL]["respondents"] is None
    assert all(cell["score"] is None for cell in groups[SMALL]["standards"])
    assert groups[STRUGGLING]["respondents"] == 11
    assert all(isinstance(cell["score"], int) for cell in groups[STRUGGLING]["standards"])


def test_scores_command_table_by_role(runner, db, make_cycle):
    seed_results(db, make_cycle)
    result = runner.invoke(args=["scores", "--cycle", "health-check-2026", "--by", "role"])
    assert result.exit_code == 0, result.output
    assert "Health check 2026: 68 responses; reporting threshold 5" in result.output
    assert "3 Safe workloads and case allocation" in result.output
    lines = {line[:45].strip(): line for line in result.output.splitlines()}
    assert "Fewer than 5 responses: included in Other roles" in lines["Occupational therapist"]
    assert lines["Other roles"].split()[2] == "5"


def test_scores_command_for_an_unknown_cycle_says_so(runner):
    result = runner.invoke(args=["scores", "--cycle", "nope"])
    assert result.exit_code == 1
    assert "there is no cycle called 'nope'" in result.output


def test_previous_cycle_ignores_drafts_unreleased_and_later_cycles(db, make_cycle):
    from healthcheck.results.data import previous_cycle

    this = make_cycle(slug="this-year")
    draft = make_cycle(slug="a-draft")
    db["cycles"].update(draft["id"], {"closes_on": "2020-01-01"})
    assert previous_cycle(db, this) is None
    old = make_cycle(slug="old", status="closed")
    db["cycles"].update(
        old["id"],
        {"opens_on": "2021-10-01", "closes_on": (datetime.date.today() - datetime.timedelta(days=60)).isoformat()},
    )
    assert previous_cycle(db, this) is None  # closed, but its results are not released
    released(db, cycles.get_cycle(db, "old"))
    assert previous_cycle(db, this)["slug"] == "old"
