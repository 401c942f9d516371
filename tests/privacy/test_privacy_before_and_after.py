"""Attack: "before and after". A read-only viewer saves every results page, the scores JSON and
the workbook, waits for a known colleague to send the survey, and saves them again: whatever
moved is her answer. While the cycle is open nothing made from the answers is shown, so the
two snapshots are identical."""

from privacy_snapshots import a_response, differences, snapshot
from results_seed import seed_results

from healthcheck import cycles
from healthcheck.survey.store import store_response


def test_a_viewer_sees_nothing_move_when_a_colleague_sends_the_survey(db, sign_in, make_cycle):
    cycle = seed_results(db, make_cycle, release=False)  # 68 answers in, the survey still open
    viewer = sign_in("viewer")
    before = snapshot(viewer, cycle["slug"])
    team = next(team for team in cycles.teams_for(db, cycle["id"]) if team["name"] == "Children in Care")
    store_response(
        db,
        cycle,
        cycles.cycle_bank(cycle),
        a_response(cycle, team, "strongly_disagree", "My manager cancels supervision every month"),
    )
    after = snapshot(viewer, cycle["slug"])
    assert differences(before, after) == []
    # ... because there is nothing to compare: no score, count or comment is shown before release.
    assert "Results appear after release" in before["results"][1]
    assert "My manager cancels supervision" not in str(after)
    assert after["results/scores.json"] == (404, after["results/scores.json"][1])
    assert "respondents" not in after["results/scores.json"][1]
    assert set(after["workbook"]) == {"Summary", "Workforce", "Action plan", "About"}


def test_closing_the_survey_shows_nothing_either_until_release(db, sign_in, make_cycle):
    cycle = seed_results(db, make_cycle, release=False)
    viewer = sign_in("viewer")
    before = snapshot(viewer, cycle["slug"])
    cycles.close_cycle(db, cycle)
    assert differences(before, snapshot(viewer, cycle["slug"])) == []
