"""The reporting threshold: small groups are folded or hidden, and nothing hidden leaks."""

from results_seed import SMALL, STRUGGLING, released, seed_results

from healthcheck import cycles
from healthcheck.results import compute as results
from healthcheck.results import disclosure


def team(slug, area, respondents, team_id=None):
    return {"id": team_id or slug, "slug": slug, "name": slug.title(), "service_area": area, "respondents": respondents}


def test_fold_leaves_groups_of_k_alone():
    alone, pool = disclosure.fold([{"key": "a", "respondents": 5}, {"key": "b", "respondents": 9}], 5)
    assert [g["key"] for g in alone] == ["a", "b"]
    assert pool == []


def test_fold_adds_the_smallest_group_until_the_pool_reaches_k():
    groups = [
        {"key": "a", "respondents": 3},
        {"key": "b", "respondents": 12},
        {"key": "c", "respondents": 7},
        {"key": "d", "respondents": 1},
    ]
    alone, pool = disclosure.fold(groups, 5)
    assert sorted(g["key"] for g in pool) == ["a", "c", "d"]  # 3 + 1 is below 5, so the 7 joins them
    assert [g["key"] for g in alone] == ["b"]


def test_a_small_team_is_combined_inside_its_service_area():
    plan = disclosure.plan_teams(
        [team("north", "Adults", 9), team("south", "Adults", 12), team("tiny", "Adults", 3)], 5
    )
    units = {unit["name"]: unit for unit in plan["units"]}
    assert set(units) == {"South", "Other Adults teams"}
    assert units["Other Adults teams"]["respondents"] == 12  # tiny (3) with north (9), the smallest shown
    assert plan["teams"]["team:tiny"] == {"status": "fewer", "unit": units["Other Adults teams"]["key"]}
    assert plan["teams"]["team:north"]["status"] == "combined"
    assert plan["areas"] == [
        {"name": "Adults", "team_ids": ["north", "south", "tiny"], "respondents": 24, "status": "shown"}
    ]


def test_a_small_service_area_folds_across_areas_and_protects_the_area_it_borrows_from():
    plan = disclosure.plan_teams(
        [
            team("amhp", "Mental health", 3),
            team("north", "Adults", 12),
            team("disabled", "All-age disability", 6),
            team("front-door", "Children", 11),
        ],
        5,
    )
    other = next(unit for unit in plan["units"] if unit["name"] == "Other teams")
    assert sorted(other["team_ids"]) == ["amhp", "disabled"]
    status = {area["name"]: area["status"] for area in plan["areas"]}
    assert status == {
        "Mental health": "fewer",
        "Adults": "shown",
        "All-age disability": "protected",
        "Children": "shown",
    }


def test_below_k_in_total_nothing_is_shown():
    plan = disclosure.plan_teams([team("a", "Adults", 2), team("b", "Children", 2)], 5)
    assert plan["units"] == []
    assert {entry["status"] for entry in plan["teams"].values()} == {"fewer"}


def test_small_role_groups_fold_into_other_roles():
    plan = disclosure.plan_roles({"social_worker": 20, "occupational_therapist": 3, "assessment_officer": 2}, 5)
    names = {unit["name"]: unit for unit in plan["units"]}
    assert set(names) == {"Social worker", "Other roles"}
    assert names["Other roles"]["respondents"] == 5
    assert plan["roles"]["occupational_therapist"]["status"] == "fewer"


def test_individual_figures_are_hidden_for_small_teams_and_one_more(db, make_cycle):
    # The results use the workforce package's rule (its own tests cover it in full).
    teams = [("Small", "Adults", 4), ("Middle", "Adults", 9), ("Large", "Adults", 20)]
    cycle = make_cycle(status="open", teams=teams)
    ids = {team["name"]: team["id"] for team in cycles.teams_for(db, cycle["id"])}
    db["workforce_figures"].insert_all(
        {"cycle_id": cycle["id"], "team_id": team_id, "field": field, "value": value}
        for team_id in ids.values()
        for field, value in (("inpost_fte", 4), ("working_days_lost", 10))
    )
    released = results.release_results(db, cycles.close_cycle(db, cycle))
    hidden = results.released_results(db, released)["indicators"]["hidden_individual"]
    assert hidden == [ids["Small"], ids["Middle"]]


def test_seeded_results_hide_the_small_team_and_show_the_struggling_one(db, make_cycle):
    view = results.results_for(db, seed_results(db, make_cycle))
    rows = {row["name"]: row for row in view["groups"]["team"]}
    small = rows[SMALL]
    assert small["suppressed"] and small["respondents"] is None and small["response_rate"] is None
    assert {cell["score"] for cell in small["standards"]} == {None}
    assert small["note"] == "Fewer than 5 responses: included in Other teams"
    shown = [row for row in view["groups"]["team"] if not row["suppressed"]]
    for standard in range(8):
        lowest = min(shown, key=lambda row: row["standards"][standard]["score"])
        assert lowest["name"] == STRUGGLING
    assert rows["Other teams"]["respondents"] == 9 and rows["Other teams"]["combined"]


def test_comments_are_labelled_with_shown_groups_only_and_sorted_by_text(db, make_cycle):
    view = results.results_for(db, seed_results(db, make_cycle))
    comments = view["comments"][3]
    assert len(comments) == 16  # two from each of the 8 teams
    named = {row["name"]: row["respondents"] for row in view["groups"]["team"] if not row["suppressed"]}
    assert {c["group"] for c in comments} - {None} <= set(named)
    # a group is named only when it reaches the comment threshold (10 by default)
    assert all(named[c["group"]] >= 10 for c in comments if c["group"])
    assert all(SMALL not in (c["group"] or "") for c in comments)
    assert [c["text"].casefold() for c in comments] == sorted(c["text"].casefold() for c in comments)


def test_below_threshold_no_practitioner_figure_or_comment_is_shown(db, make_cycle):
    from healthcheck import cycles
    from healthcheck.survey.store import Response, store_response

    cycle = make_cycle(status="open", threshold=5)
    bank = cycles.cycle_bank(cycle)
    for _ in range(4):
        store_response(db, cycle, bank, Response(answers={"29a": "agree", "5a": "12"}, comments={1: "hello"}))
    db["organisation_answers"].insert({"cycle_id": cycle["id"], "item_id": "O35", "answer": "working_well"})
    view = results.results_for(db, released(db, cycle))
    assert view["respondents"] is None and view["fewer_than_threshold"]
    assert view["comments"] == {}
    first = view["standards"][0]
    assert first["parts"]["practitioner"] is None
    assert first["parts"]["organisation"] == 100  # the organisation's own view is not about respondents
    item = next(i for step in first["steps"] for i in step["items"] if i["id"] == "29a")
    assert item == {
        "id": "29a",
        "text": item["text"],
        "type": "agreement",
        "reverse": False,
        "unit": None,
        "suppressed": True,
    }
    assert all(row["suppressed"] for rows in view["groups"].values() for row in rows)


def test_sickness_figures_are_hidden_for_a_small_team(db, make_cycle):
    view = results.results_for(db, seed_results(db, make_cycle))
    absence = next(
        i for s in view["standards"] for step in s["steps"] for i in step["indicators"] if i["id"] == "absence_rate"
    )
    teams = {row["name"]: row for row in absence["teams"]}
    assert teams[SMALL]["hidden"] and teams[SMALL]["value"] is None
    # one more team is hidden so the two cannot be told apart from the total
    assert sum(row["hidden"] for row in absence["teams"]) == 2
    assert absence["value"] is not None
    vacancy = next(
        i for s in view["standards"] for step in s["steps"] for i in step["indicators"] if i["id"] == "vacancy_rate"
    )
    assert {row["name"]: row for row in vacancy["teams"]}[SMALL]["value"] is not None
