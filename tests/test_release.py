"""Releasing results: draft → open → closed → released, from the cycle's page and the shell.
Each step refuses, saying why, where it is not allowed, and changes nothing."""

import pytest
from conftest import page
from results_seed import released, seed_results

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.results import compute as results
from healthcheck.survey.importing import ResponseImportError, import_responses
from healthcheck.survey.store import Response, store_response

NEW_CYCLE = {
    "name": "Health check 2026",
    "slug": "",
    "capture_date": ["30", "9", "2026"],
    "opens_on": ["1", "10", "2027"],
    "closes_on": ["30", "11", "2027"],
    "reporting_threshold": "5",
}


# --- The comment threshold ------------------------------------------------------------


def test_a_new_cycle_has_a_comment_threshold_of_ten(sign_in, db):
    psw = sign_in("psw")
    assert page(psw.get("/admin/cycles/new")).select_one("#comment_threshold")["value"] == "10"
    assert psw.post("/admin/cycles/new", data=NEW_CYCLE).status_code == 302
    cycle = cycles.get_cycle(db, "health-check-2026")
    assert cycle["comment_threshold"] == 10
    shown = page(psw.get("/admin/cycles/health-check-2026"))
    assert "at least 10 responses" in shown.select_one("main").text


def test_a_comment_threshold_below_the_reporting_threshold_is_refused(sign_in, db):
    data = {**NEW_CYCLE, "reporting_threshold": "8", "comment_threshold": "6"}
    html = page(sign_in("psw").post("/admin/cycles/new", data=data))
    link = html.select_one('.govuk-error-summary a[href="#comment_threshold"]')
    assert link.text.strip().startswith("Comment threshold must be at least the reporting threshold (8)")
    assert cycles.list_cycles(db) == []


def test_a_comment_threshold_in_words_is_refused(sign_in, db):
    html = page(sign_in("psw").post("/admin/cycles/new", data={**NEW_CYCLE, "comment_threshold": "ten"}))
    assert "Comment threshold must be a whole number, like 10" in html.select_one(".govuk-error-summary").text
    assert cycles.list_cycles(db) == []


def test_the_comment_threshold_is_set_and_checked_from_the_shell(runner, db):
    base = ["cycles", "create", "--name", "Check 2026", "--slug", "check-2026", "--capture-date", "2026-09-30"]
    base += ["--opens", "2027-10-01", "--closes", "2027-11-30", "--threshold", "6"]
    refused = runner.invoke(args=[*base, "--comment-threshold", "5"])
    assert refused.exit_code == 1
    assert "--comment-threshold: Comment threshold must be at least the reporting threshold (6)" in refused.output
    assert cycles.list_cycles(db) == []
    assert runner.invoke(args=[*base, "--comment-threshold", "12"]).exit_code == 0
    assert cycles.get_cycle(db, "check-2026")["comment_threshold"] == 12


def test_a_high_reporting_threshold_lifts_the_default_comment_threshold(db, make_cycle):
    assert make_cycle(threshold=12)["comment_threshold"] == 12


def test_thresholds_cannot_change_once_the_results_are_released(db, make_cycle):
    cycle = released(db, make_cycle(status="closed"))
    values = {**cycle, "comment_threshold": 20}
    with pytest.raises(Problem, match="comment threshold cannot change once the results are released"):
        cycles.update_cycle(db, cycle, values)
    assert cycles.get_cycle(db, cycle["slug"])["comment_threshold"] == 10


# --- The cycle page ---------------------------------------------------------------------


def test_psw_closes_reopens_and_closes_again(sign_in, make_cycle, db):
    cycle = make_cycle(status="closed")
    psw = sign_in("psw")
    html = page(psw.get(f"/admin/cycles/{cycle['slug']}"))
    assert html.select_one("#reopen-cycle") is not None and html.select_one("#release-results") is not None
    psw.post(f"/admin/cycles/{cycle['slug']}/reopen")
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "open"
    psw.post(f"/admin/cycles/{cycle['slug']}/close", data={"confirm": "y"})
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "closed"


def test_psw_releases_after_a_confirmation_page(sign_in, db, make_cycle):
    cycle = seed_results(db, make_cycle, release=False)
    cycle = cycles.close_cycle(db, cycle)
    psw = sign_in("psw")
    confirm = page(psw.get(f"/admin/cycles/{cycle['slug']}/release"))
    assert confirm.select_one("h1").text.strip() == "Are you sure you want to release the results?"
    assert "cannot reopen" in confirm.select_one("#release-consequences").text
    assert not cycles.is_released(cycles.get_cycle(db, cycle["slug"]))  # asking changed nothing
    done = page(psw.post(f"/admin/cycles/{cycle['slug']}/release", follow_redirects=True))
    assert "The results are released" in done.select_one("main").text
    assert done.select_one("#cycle-stage").text.strip() == "Results released"
    assert done.select_one("#reopen-cycle") is None and done.select_one("#release-results") is None
    stored = db["result_releases"].get(1)
    assert stored["released_by"] == "psw@council.example"
    assert results.results_for(db, cycles.get_cycle(db, cycle["slug"]))["respondents"] == 68
    summary = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/results")).select_one("#results-summary")
    assert "68 of" in summary.text and "These results are fixed" in summary.text


def test_only_the_psw_releases(sign_in, db, make_cycle):
    cycle = make_cycle(status="closed")
    assert sign_in("admin").post(f"/admin/cycles/{cycle['slug']}/release").status_code == 403
    assert sign_in("viewer").post(f"/admin/cycles/{cycle['slug']}/release").status_code == 403
    assert db["result_releases"].count == 0


def test_an_open_cycle_cannot_be_released_from_the_page(sign_in, db, make_cycle):
    cycle = make_cycle(status="open")
    html = page(sign_in("psw").post(f"/admin/cycles/{cycle['slug']}/release", follow_redirects=True))
    assert "Close the survey before releasing its results" in html.select_one(".govuk-error-summary").text
    assert db["result_releases"].count == 0 and not cycles.get_cycle(db, cycle["slug"])["released_on"]


def test_a_released_cycle_cannot_reopen(sign_in, db, make_cycle):
    cycle = released(db, make_cycle(status="closed"))
    html = page(sign_in("psw").post(f"/admin/cycles/{cycle['slug']}/reopen", follow_redirects=True))
    assert "have been released, so the survey cannot reopen" in html.select_one(".govuk-error-summary").text
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "closed"


def test_results_pages_say_plainly_that_results_come_after_release(sign_in, db, make_cycle):
    cycle = seed_results(db, make_cycle, release=False)
    viewer = sign_in("viewer")
    base = f"/admin/cycles/{cycle['slug']}"
    for path in ("/results", "/results/standards/3", "/results/heatmap", "/results/comments", "/gaps", "/trends"):
        html = page(viewer.get(base + path))
        assert html.select_one("h1").text.strip() == "Results appear after release", path
        assert "appear after they are released" in html.select_one("#not-released").text
    response = viewer.get(base + "/results/scores.json")
    assert response.status_code == 404
    assert response.get_json() == {
        "cycle": cycle["slug"],
        "released": False,
        "message": results.ResultsNotReleased(cycle).message,
    }
    suggested = page(sign_in("psw").get(base + "/actions/suggested"))
    assert suggested.select_one("h1").text.strip() == "Results appear after release"


# --- The stored release ---------------------------------------------------------------------


def test_the_first_view_after_release_is_exactly_the_view_of_the_stored_release(db, make_cycle):
    """The view made from the results just released, before they are read back, is the one
    every later view decodes from the database: same figures, same types, same order."""
    cycle = seed_results(db, make_cycle)
    first = results.results_for(db, cycle)
    results.forget_views()
    stored = results.results_for(db, cycle)
    assert first["standards"] and first["comments"]
    assert repr(first) == repr(stored)


# --- Answers after release ----------------------------------------------------------------


def test_after_release_no_response_can_be_stored_even_bypassing_the_app(db, make_cycle):
    import sqlite3

    cycle = released(db, make_cycle(status="closed"))
    with pytest.raises(Problem, match="responses can no longer change"):
        store_response(db, cycle, cycles.cycle_bank(cycle), Response(answers={"29a": "agree"}))
    with pytest.raises(sqlite3.IntegrityError, match="responses cannot change"):
        db.execute("insert into responses (cycle_id, submitted_on) values (?, '2026-10-01')", [cycle["id"]])
    assert db["responses"].count == 0


def test_import_is_refused_after_release(db, make_cycle, tmp_path):
    cycle = released(db, make_cycle(status="closed"))
    file = tmp_path / "late.csv"
    file.write_text("team,role,29a\nLocality North,social_worker,agree\n")
    with pytest.raises(ResponseImportError, match="Import earlier answers before releasing the results"):
        import_responses(db, cycle, file)
    assert db["responses"].count == 0


# --- The shell ------------------------------------------------------------------------------


def test_cycles_close_reopen_and_release_from_the_shell(runner, db, make_cycle):
    cycle = make_cycle(status="open")
    result = runner.invoke(args=["cycles", "close", cycle["slug"]])
    assert result.exit_code == 0, result.output
    assert "Closed health-check-2026" in result.output
    assert cycles.get_cycle(db, cycle["slug"])["status"] == "closed"
    result = runner.invoke(args=["cycles", "reopen", cycle["slug"]])
    assert result.exit_code == 0 and cycles.get_cycle(db, cycle["slug"])["status"] == "open"
    runner.invoke(args=["cycles", "close", cycle["slug"]])
    declined = runner.invoke(args=["cycles", "release", cycle["slug"]], input="n\n")
    assert declined.exit_code == 1 and db["result_releases"].count == 0
    result = runner.invoke(args=["cycles", "release", cycle["slug"]], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Released the results of health-check-2026" in result.output
    assert cycles.is_released(cycles.get_cycle(db, cycle["slug"]))
    assert "\treleased\t" in runner.invoke(args=["cycles", "list"]).output


@pytest.mark.parametrize(
    "step, status, message",
    [
        ("close", "draft", "Only an open cycle can be closed; this one is draft"),
        ("reopen", "open", "Only a closed cycle can be reopened; this one is open"),
        ("release", "open", "Close the survey before releasing its results: Health check 2026 is open"),
        ("release", "draft", "Close the survey before releasing its results: Health check 2026 is draft"),
    ],
)
def test_a_step_not_allowed_is_refused_from_the_shell(runner, db, make_cycle, step, status, message):
    cycle = make_cycle(status=status)
    result = runner.invoke(args=["cycles", step, cycle["slug"], *(["--yes"] if step == "release" else [])])
    assert result.exit_code == 1
    assert message in result.output
    assert cycles.get_cycle(db, cycle["slug"]) == cycle


def test_a_released_cycle_is_neither_reopened_nor_released_again_from_the_shell(runner, db, make_cycle):
    cycle = released(db, make_cycle(status="closed"))
    reopen = runner.invoke(args=["cycles", "reopen", cycle["slug"]])
    assert reopen.exit_code == 1 and "so the survey cannot reopen" in reopen.output
    again = runner.invoke(args=["cycles", "release", cycle["slug"], "--yes"])
    assert again.exit_code == 1 and "were already released on" in again.output
    assert db["result_releases"].count == 1


def test_steps_on_an_unknown_cycle_say_so(runner):
    for step in ("close", "reopen", "release"):
        result = runner.invoke(args=["cycles", step, "nope"])
        assert result.exit_code == 1 and "There is no cycle called 'nope'" in result.output


def test_scores_before_release_say_why(runner, make_cycle):
    make_cycle(status="open")
    result = runner.invoke(args=["scores", "--cycle", "health-check-2026"])
    assert result.exit_code == 1 and "appear after they are released" in result.output


def test_cycles_open_from_the_shell_opens_a_draft_and_refuses_anything_else(runner, db, make_cycle):
    draft = make_cycle(slug="health-check-2027", teams=[("North", "Adults", 12)])
    result = runner.invoke(args=["cycles", "open", draft["slug"]])
    assert result.exit_code == 0, result.output
    assert "Opened health-check-2027" in result.output
    opened = cycles.get_cycle(db, draft["slug"])
    assert opened["status"] == "open" and opened["bank_json"]
    again = runner.invoke(args=["cycles", "open", draft["slug"]])
    assert again.exit_code == 1 and "Only a draft cycle can be opened" in again.output
    missing = runner.invoke(args=["cycles", "open", "nope"])
    assert missing.exit_code == 1 and "There is no cycle called 'nope'" in missing.output
