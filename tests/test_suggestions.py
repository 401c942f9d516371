"""Suggested actions: a draft for each Low standard and Low step, its finding written from
the disclosable results, never a figure the threshold hides, and nothing saved until kept."""

import copy
import datetime

import pytest
from results_seed import TEAMS, released, seed_results

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.actions import suggestions
from healthcheck.results import compute as results
from healthcheck.survey.store import Response, store_response

TARGET = datetime.date.today() + datetime.timedelta(days=120)
# The seeded council with its children's teams struggling, so supervision (step 8) is Low too.
LOW_CHILDREN = [
    (name, area, headcount, respondents, 25 if area == "Children" else mood)
    for name, area, headcount, respondents, mood in TEAMS
]


@pytest.fixture
def council(db, make_cycle):
    return seed_results(db, make_cycle, teams=LOW_CHILDREN)


def low_in(view):
    standards = {f"standard-{s['number']}" for s in view["standards"] if s["band"] == "Low"}
    steps = {
        f"step-{step['number']}"
        for s in view["standards"]
        for step in s["steps"]
        if step["band"] == "Low" and not step["supplementary"]
    }
    return standards | steps


def step_view(view, number):
    return next(step for s in view["standards"] for step in s["steps"] if step["number"] == number)


def test_one_draft_for_each_low_standard_and_each_low_step(db, council):
    view = results.results_for(db, council)
    found = suggestions.suggest_actions(db, council)
    keys = [draft.key for draft in found.drafts]
    # the organisation's low standards and steps; groups low on a standard come as well
    assert {key for key in keys if not key.startswith("group-")} == low_in(view) and len(keys) == len(set(keys))
    assert {"standard-3", "step-8", "step-37"} <= set(keys)
    assert "step-1" not in keys  # a High step gets nothing
    step_8 = found.draft("step-8")
    assert (step_8.standard, step_8.step, step_8.heading) == (5, 8, "Step 8 (standard 5)")
    standard_3 = found.draft("standard-3")
    assert (standard_3.standard, standard_3.step) == (3, None)
    assert standard_3.standard_title == "Safe workloads and case allocation"
    assert found.covered == []
    # nothing is written by suggesting
    assert db["actions"].count == 0


def test_the_finding_is_written_from_the_results(db, council):
    view = results.results_for(db, council)
    step = step_view(view, 8)
    frequency = next(item for item in step["items"] if item["id"] == "8a")
    poor = sum(
        row["count"]
        for row in frequency["distribution"]
        if row["value"] in ("six_to_eight_weeks", "less_often", "never")
    )
    share = round(100 * poor / frequency["scored"])
    practitioners = step["parts"]["practitioner"]
    finding = suggestions.suggest_actions(db, council).draft("step-8").finding
    assert finding.startswith(f"Step 8 scores {step['score']} (Low). Practitioners score it {practitioners} (")
    assert (
        f"{share}% answered Every 6 to 8 weeks, Less often or Never to "
        '"How often do you have planned one-to-one supervision?"'
    ) in finding
    compliance = next(i for i in step["indicators"] if i["id"] == "supervision_compliance")
    assert f"Supervision held as planned is {compliance['value']:g}% (scoring {compliance['score']} (" in finding


def test_standard_and_organisation_findings(db, council):
    view = results.results_for(db, council)
    found = suggestions.suggest_actions(db, council)
    standard = next(s for s in view["standards"] if s["number"] == 3)
    finding = found.draft("standard-3").finding
    assert finding.startswith(
        f"Standard 3 (Safe workloads and case allocation) scores {standard['score']} (Low), "
        f"from {standard['coverage']['with_data']} of 9 steps with data."
    )
    assert f"the organisation's own view {standard['parts']['organisation']} (Low)" in finding
    lowest = min((step for step in standard["steps"] if step["score"] is not None), key=lambda s: s["score"])
    assert f"Lowest: step {lowest['number']} scores {lowest['score']} (Low)" in finding
    assert found.draft("step-37").finding == "Step 37 scores 0 (Low). The organisation rates it as not in place."
    assert "step 37" in found.draft("step-37").action


def test_a_question_the_threshold_hides_is_never_quoted(db, council):
    bank = cycles.cycle_bank(council)
    view = results.results_for(db, council)
    step = step_view(view, 8)
    weakest = suggestions.weakest_item(step)
    assert weakest["id"] == "8a"
    hidden = copy.deepcopy(view)
    for item in step_view(hidden, 8)["items"]:
        if item["id"] == "8a":
            for key in list(item):
                if key not in ("id", "text", "type", "reverse", "unit"):
                    del item[key]
            item["suppressed"] = True
    finding = suggestions.draft_actions(bank, hidden, set()).draft("step-8").finding
    assert "How often do you have planned" not in finding
    next_weakest = min((i for i in step["items"] if i["id"] != "8a"), key=lambda i: (i["score"], i["id"]))
    assert next_weakest["text"].rstrip(".") in finding


def test_too_few_responses_means_no_practitioner_figures_at_all(db, make_cycle):
    cycle = make_cycle(status="open")
    bank = cycles.cycle_bank(cycle)
    team = cycles.teams_for(db, cycle["id"])[0]
    for _ in range(4):  # below the threshold of 5
        store_response(
            db,
            cycle,
            bank,
            Response(
                team_id=team["id"], role_group="social_worker", answers={"8a": "never", "8b": "strongly_disagree"}
            ),
        )
    db["organisation_answers"].insert(
        {
            "cycle_id": cycle["id"],
            "item_id": "O25",
            "answer": "not_in_place",
            "evidence": "",
            "updated_by": "psw@council.example",
            "updated_on": "2026-10-10",
        }
    )
    found = suggestions.suggest_actions(db, released(db, cycle))
    assert [draft.key for draft in found.drafts] == ["standard-5", "step-25"]
    for draft in found.drafts:
        assert "%" not in draft.finding and "Practitioners" not in draft.finding
    assert found.draft("step-25").finding == "Step 25 scores 0 (Low). The organisation rates it as not in place."


def test_no_draft_where_the_plan_already_has_an_action(db, council):
    for standard, step in ((5, 8), (3, None)):
        actions.create_action(
            db,
            council,
            {
                "standard": standard,
                "step": step,
                "finding": "",
                "action": "Already agreed",
                "owner": "Head of Service",
                "lead": "",
                "target_date": TARGET,
                "status": "In progress",
                "progress": "On track",
            },
            "psw@council.example",
        )
    found = suggestions.suggest_actions(db, council)
    keys = {draft.key for draft in found.drafts}
    assert "step-8" not in keys and "standard-3" not in keys
    assert "step-5" in keys  # an action for the standard as a whole does not answer its low steps
    assert found.covered == ["Standard 3: Safe workloads and case allocation", "Step 8 (standard 5)"]


def test_low_supplementary_questions_join_their_standards_draft(db, council):
    bank = cycles.cycle_bank(council)
    view = copy.deepcopy(results.results_for(db, council))
    standard_7 = next(s for s in view["standards"] if s["number"] == 7)
    standard_7.update(score=60, band="Moderate")
    supplementary = next(step for step in standard_7["steps"] if step["supplementary"])
    supplementary.update(score=40, band="Low")
    draft = suggestions.draft_actions(bank, view, set()).draft("standard-7")
    assert (draft.standard, draft.step) == (7, None)
    assert draft.finding.startswith("The supplementary questions score 40 (Low). Practitioners score them ")


def kept(draft, **changes):
    entry = {
        "key": draft.key,
        "finding": draft.finding,
        "action": draft.action,
        "owner": "Head of Service",
        "lead": "",
        "target_date": TARGET,
    }
    entry.update(changes)
    return entry


def test_kept_drafts_become_actions_as_edited(db, council):
    found = suggestions.suggest_actions(db, council)
    step_8, standard_3 = found.draft("step-8"), found.draft("standard-3")
    added = suggestions.keep_drafts(
        db, council, [kept(step_8, finding="Edited finding"), kept(standard_3)], "psw@council.example"
    )
    assert [action["reference"] for action in added] == ["A-001", "A-002"]
    first = actions.find_action(db, council["id"], "A-001")
    assert (first["standard"], first["step"], first["finding"]) == (5, 8, "Edited finding")
    assert (first["status"], first["progress"], first["owner"]) == ("Not started", "On track", "Head of Service")
    assert actions.find_action(db, council["id"], "A-002")["step"] is None
    # the same drafts cannot be saved twice
    with pytest.raises(suggestions.SuggestionsChanged):
        suggestions.keep_drafts(db, council, [kept(step_8)], "psw@council.example")
    assert db["actions"].count == 2


def test_a_problem_in_one_kept_draft_saves_none_of_them(db, council):
    found = suggestions.suggest_actions(db, council)
    with pytest.raises(suggestions.DraftError) as raised:
        suggestions.keep_drafts(
            db,
            council,
            [kept(found.draft("step-8")), kept(found.draft("step-37"), owner="  ", target_date=None)],
            "psw@council.example",
        )
    assert raised.value.problems == [("step-37", "owner", "Step 37 (standard 8): Enter the owner, a name or a role")]
    assert db["actions"].count == 0


def test_a_draft_that_was_never_suggested_cannot_be_kept(db, council):
    with pytest.raises(suggestions.SuggestionsChanged):
        suggestions.keep_drafts(
            db, council, [{"key": "step-1", "action": "x", "owner": "y", "target_date": TARGET}], "psw@council.example"
        )
    assert db["actions"].count == 0


def test_a_low_teams_draft_is_kept_as_an_action_for_that_team(db, council):
    found = suggestions.suggest_actions(db, council)
    team_drafts = [draft for draft in found.drafts if draft.key.startswith("group-team-")]
    area_drafts = [draft for draft in found.drafts if draft.key.startswith("group-service-")]
    role_drafts = [draft for draft in found.drafts if draft.key.startswith("group-role-")]
    assert team_drafts and area_drafts
    team = db.execute(
        "select id, name from teams where cycle_id = ? and name = ?", [council["id"], team_drafts[0].for_name]
    ).fetchone()
    assert team_drafts[0].for_group == f"team:{team[0]}"
    assert area_drafts[0].for_group == f"area:{area_drafts[0].for_name}"
    assert all(draft.for_group is None for draft in role_drafts)
    suggestions.keep_drafts(db, council, [kept(team_drafts[0]), kept(area_drafts[0])], "psw@council.example")
    first, second = actions.list_actions(db, council["id"])
    assert (first["team_id"], first["service_area"], first["for_group"]) == (team[0], None, team[1])
    assert (second["team_id"], second["service_area"]) == (None, area_drafts[0].for_name)
    assert second["for_group"] == f"{area_drafts[0].for_name} (service area)"
