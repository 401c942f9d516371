"""A server process keeps the views it made while the release stays the same: each caller still
gets a copy of its own, and any change to the release (retention removing its comments) is seen at once."""

from results_seed import seed_results

from healthcheck.results import compute as results


def test_each_caller_gets_its_own_copy(db, make_cycle):
    cycle = seed_results(db, make_cycle)
    first = results.results_for(db, cycle)
    first["standards"][0]["score"] = -1
    first["groups"]["team"].clear()
    second = results.results_for(db, cycle)
    assert second["standards"][0]["score"] != -1
    assert second["groups"]["team"]


def test_a_kept_view_is_not_used_once_the_release_changes(db, make_cycle, monkeypatch):
    cycle = seed_results(db, make_cycle)
    before = results.results_for(db, cycle)
    computed = []
    original = results.compute_results
    monkeypatch.setattr(results, "compute_results", lambda *args: computed.append(1) or original(*args))
    assert results.results_for(db, cycle) == before
    assert computed == []
    assert any(before["comments"].values())
    # Retention removes the comments kept in the release: the next view has none.
    with db.atomic():
        results.forget_released_comments(db, cycle)
    after = results.results_for(db, cycle)
    assert not any(after["comments"].values())
    assert after["standards"] == before["standards"]
    assert computed == []


def test_a_view_read_again_after_a_restart_is_the_same(db, make_cycle):
    cycle = seed_results(db, make_cycle)
    kept = results.results_for(db, cycle)
    results.forget_views()
    assert results.results_for(db, cycle) == kept
