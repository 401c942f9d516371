"""Scoring from counted answers gives exactly what scoring answer by answer gives: for any
answers in memory, and for a stored cycle whose counts the database kept as it was written."""

import random
import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from results_seed import seed_results
from scoring_reference import item_summary as reference_summary
from scoring_reference import scorecard as reference_scorecard

from healthcheck import cycles
from healthcheck.questions import DONT_KNOW, ROLE_GROUPS, load_bank
from healthcheck.results import compute as results
from healthcheck.results import scoring, tally_store
from healthcheck.results.data import load_counted_input, load_results_input
from healthcheck.results.scoring import Respondent
from healthcheck.survey import store
from healthcheck.survey.store import Response, store_response

BANK = load_bank()


def any_answer(item):
    if item.type == "number":
        numbers = st.floats(min_value=-10, max_value=200, allow_nan=False).map(lambda n: f"{n:g}")
        return st.one_of(numbers, st.just(DONT_KNOW), st.just("not a number"), st.just(""))
    if item.type == "multiple_choice":
        return st.lists(st.sampled_from([choice.value for choice in item.choices]), max_size=3, unique=True)
    if item.type == "text":
        return st.text(max_size=5)
    return st.sampled_from([choice.value for choice in BANK.choices_for(item)] + [DONT_KNOW, "unknown value"])


@st.composite
def respondent(draw):
    items = draw(st.lists(st.sampled_from(BANK.items), unique_by=lambda i: i.id, max_size=len(BANK.items)))
    return Respondent(
        draw(st.sampled_from([1, 2, None])),
        draw(st.sampled_from([None, *ROLE_GROUPS])),
        {item.id: draw(any_answer(item)) for item in items},
    )


organisation = st.dictionaries(
    st.sampled_from([item.id for item in BANK.organisation_items]),
    st.sampled_from([choice.value for choice in BANK.organisation_answers]),
)
indicators = st.fixed_dictionaries(
    {
        indicator.id: st.one_of(st.none(), st.floats(min_value=0, max_value=500, allow_nan=False))
        for indicator in BANK.indicators
    }
)


@settings(max_examples=80, deadline=None)
@given(st.lists(respondent(), max_size=12), organisation, indicators, st.integers(min_value=0, max_value=4))
def test_counted_scorecard_equals_answer_by_answer(people, answers, values, minimum):
    assert scoring.scorecard(BANK, people, answers, values, minimum) == reference_scorecard(
        BANK, people, answers, values, minimum
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(respondent(), max_size=12))
def test_counted_item_summaries_equal_answer_by_answer(people):
    for item in BANK.items:
        if item.type != "text":
            assert scoring.item_summary(BANK, item, people) == reference_summary(BANK, item, people), item.id


def test_number_means_and_medians_are_exact():
    item = next(item for item in BANK.items if item.type == "number" and item.good is not None)
    people = [Respondent(None, None, {item.id: value}) for value in ("0.1", "0.2", "0.3", "7", "7", "2.5")]
    counted = scoring.item_summary(BANK, item, people)
    assert counted == reference_summary(BANK, item, people)
    assert counted["median_value"] == 1.4  # (0.3 + 2.5) / 2, the two middle values


def _random_cycle(db, make_cycle, seed=5, responses=160):
    """A cycle of varied answers written through the one storing function."""
    cycle = make_cycle(
        slug="counted",
        status="open",
        threshold=3,
        teams=[(f"Team {n}", ("Adults", "Children")[n % 2], 12) for n in range(6)],
    )
    bank = cycles.cycle_bank(cycle)
    rng = random.Random(seed)
    teams = [team["id"] for team in cycles.teams_for(db, cycle["id"])] + [None]
    for _ in range(responses):
        answers = {}
        for item in bank.items:
            if rng.random() < 0.15:
                continue
            if item.type == "number":
                answers[item.id] = (
                    DONT_KNOW
                    if item.dont_know and rng.random() < 0.2
                    else str(round(rng.uniform(item.min, item.max), 1))
                )
            elif item.type == "multiple_choice":
                answers[item.id] = [rng.choice(item.choices[:-1]).value]
            elif item.type == "text":
                answers[item.id] = f"free text {rng.random()}"
            else:
                choices = [c.value for c in bank.choices_for(item)] + ([DONT_KNOW] if item.dont_know else [])
                answers[item.id] = rng.choice(choices)
        store_response(
            db,
            cycle,
            bank,
            Response(
                team_id=rng.choice(teams),
                role_group=rng.choice([None, *ROLE_GROUPS]),
                answers=answers,
                comments={1: "a comment"} if rng.random() < 0.1 else {},
            ),
        )
    return cycles.get_cycle(db, "counted")


def test_stored_counts_score_exactly_as_the_answers_do(db, make_cycle):
    cycle = _random_cycle(db, make_cycle)
    bank = cycles.cycle_bank(cycle)
    counted = results.compute_results(cycle, bank, load_counted_input(db, cycle, bank))
    every_answer = load_results_input(db, cycle, bank)
    assert counted == results.compute_results(cycle, bank, every_answer)
    # and against scoring worked out answer by answer, for the whole organisation and each role group
    answers = {item_id: entry["answer"] for item_id, entry in every_answer.organisation_answers.items()}
    indicators = counted["indicators"]["organisation"]
    k = cycle["reporting_threshold"]
    people = every_answer.respondents
    assert _scores_only(counted["overall"]) == reference_scorecard(bank, people, answers, indicators, k)
    # a role group is scored from its own answers alone: no organisation view, no workforce figures
    no_figures = {indicator_id: None for indicator_id in indicators}
    for unit in counted["plan"]["roles"]["units"]:
        members = [person for person in people if person.role_group in unit["roles"]]
        assert _scores_only(counted["groups"][unit["key"]]) == reference_scorecard(
            bank, members, {}, no_figures, minimum_answers=k
        )
    for item in bank.items:
        if item.type != "text":
            assert counted["items"][item.id] == reference_summary(bank, item, people)


def _scores_only(card: dict) -> dict:
    """A scorecard without the respondent spreads kept beside it for intervals."""

    def strip(entry: dict) -> dict:
        return {key: value for key, value in entry.items() if key != "spread"}

    return {
        **card,
        "standards": [
            {**strip(standard), "steps": [strip(step) for step in standard["steps"]]} for standard in card["standards"]
        ],
    }


def _counts(db):
    """The kept counts, with each response's mask written as the items it stands for
    (bit numbers depend on the order items were first answered, so they may differ)."""
    snapshot = {
        table: sorted(tuple(row) for row in db.execute(f"select * from {table}").fetchall())
        for table in ("answer_counts_by_team", "answer_counts_by_role")
    }
    snapshot["items counted"] = sorted(db.execute("select cycle_id, item_id, counted from tally_items").fetchall())
    bits = {
        (cycle_id, bit): item_id
        for cycle_id, item_id, bit in db.execute("select cycle_id, item_id, bit from tally_items where counted")
    }
    snapshot["response_coverage"] = sorted(
        (
            response_id,
            cycle_id,
            team,
            role,
            frozenset(item for (cycle, bit), item in bits.items() if cycle == cycle_id and answered >> bit & 1),
        )
        for response_id, cycle_id, team, role, answered, _ in db.execute("select * from response_coverage")
    )
    return snapshot


def test_counts_follow_answers_added_removed_and_changed(db, make_cycle):
    cycle = _random_cycle(db, make_cycle, responses=40)
    teams = [team["id"] for team in cycles.teams_for(db, cycle["id"])]
    with db.atomic():
        db.execute("delete from answers where item_id = '10c'")  # as retention removes free text
        db.execute("update answers set value = 'dont_know' where item_id = '29a' and response_id % 3 = 0")
        db.execute("update answers set value = 'strongly_agree' where item_id = '29a' and response_id % 3 = 1")
        db.execute("update responses set team_id = ? where id % 4 = 0", [teams[0]])
        db.execute("update responses set role_group = null where id % 5 = 0")
        first = db.execute("select min(id) from responses").fetchone()[0]
        db.execute("delete from comments where response_id = ?", [first])
        db.execute("delete from answers where response_id = ?", [first])
        db.execute("delete from responses where id = ?", [first])
    kept = _counts(db)
    changes = [row[0] for row in db.execute("select changes from response_coverage")]
    with db.atomic():
        tally_store.recount(db)
    assert kept == _counts(db)
    assert all(count > 0 for count in changes)


def test_a_response_cannot_move_to_another_cycle(db, make_cycle):
    cycle = _random_cycle(db, make_cycle, responses=3)
    other = make_cycle(slug="other", status="open")
    try:
        db.execute("update responses set cycle_id = ? where cycle_id = ?", [other["id"], cycle["id"]])
    except sqlite3.IntegrityError as error:
        assert "cannot move to another cycle" in str(error)
    else:
        raise AssertionError("a response moved to another cycle")


def test_answers_stored_before_counting_began_are_counted(tmp_path):
    from healthcheck.db import open_database
    from healthcheck.migrations import migrations

    db = open_database(str(tmp_path / "old.sqlite"))
    migrations.apply(db, stop_before="m8_answer_tallies")
    cycle = cycles.open_cycle(db, _old_cycle(db))
    bank = cycles.cycle_bank(cycle)
    with db.atomic():  # written as the app wrote answers before they were counted
        for value in ("agree", "disagree", DONT_KNOW, "strongly_agree"):
            response_id = (
                db["responses"]
                .insert({"cycle_id": cycle["id"], "role_group": "social_worker", "submitted_on": "2025-10-02"})
                .last_pk
            )
            db["answers"].insert_all(
                [
                    {"response_id": response_id, "item_id": "29a", "value": value},
                    {"response_id": response_id, "item_id": "10c", "value": f"Words {value}"},
                ]
            )
    assert not db["response_coverage"].exists()
    migrations.apply(db)
    counted = load_counted_input(db, cycle, bank)
    assert counted.tallies.overall().respondents == 4
    assert counted.tallies.overall().counts["29a"] == {"agree": 1, "disagree": 1, DONT_KNOW: 1, "strongly_agree": 1}
    # Free text is never copied into the counts.
    assert db.execute("select count(*) from answer_counts_by_team where item_id = '10c'").fetchone()[0] == 0
    assert results.compute_results(cycle, bank, counted) == results.compute_results(
        cycle, bank, load_results_input(db, cycle, bank)
    )
    db.close()


def _old_cycle(db):
    # Written as a row of that time: the schema then had fewer columns than create_cycle fills.
    db["cycles"].insert(
        {
            "name": "Old",
            "slug": "old",
            "capture_date": "2025-10-01",
            "opens_on": "2025-10-01",
            "closes_on": "2025-10-31",
            "reporting_threshold": 3,
            "status": "draft",
        }
    )
    cycle = cycles.get_cycle(db, "old")
    cycles.add_team(db, cycle, {"name": "North", "service_area": "Adults", "headcount": 9})
    return cycle


def test_a_cycle_with_more_items_than_a_mask_holds_is_scored_from_every_answer(db, make_cycle, monkeypatch):
    cycle = seed_results(db, make_cycle)
    expected = results.results_for(db, cycle)
    db.execute("delete from score_cache")
    monkeypatch.setattr(tally_store, "MASK_BITS", 8)
    bank = cycles.cycle_bank(cycle)
    assert tally_store.read(db, cycle["id"]) is None
    assert load_counted_input(db, cycle, bank).respondents is not None
    assert results.results_for(db, cycle) == expected


def _responses(bank, teams, count, seed=9):
    rng = random.Random(seed)
    for _ in range(count):
        answers = {
            item.id: rng.choice([c.value for c in bank.choices_for(item)] + [DONT_KNOW])
            for item in bank.items
            if item.type == "agreement" and rng.random() < 0.9
        }
        yield Response(team_id=rng.choice(teams), role_group=rng.choice([None, *ROLE_GROUPS]), answers=answers), None


def test_many_responses_stored_at_once_are_counted_as_one_by_one(db, make_cycle):
    cycle = _random_cycle(db, make_cycle, responses=20)
    bank = cycles.cycle_bank(cycle)
    teams = [team["id"] for team in cycles.teams_for(db, cycle["id"])] + [None]
    assert store.store_responses(db, cycle, bank, _responses(bank, teams, 300)) == 300
    counted = _counts(db)
    with db.atomic():
        tally_store.recount(db)
    assert counted == _counts(db)
    assert _answers_counted_one_by_one_again(db)


def test_many_responses_that_fail_to_store_leave_the_counts_as_they_were(db, make_cycle):
    cycle = _random_cycle(db, make_cycle, responses=20)
    bank = cycles.cycle_bank(cycle)
    teams = [team["id"] for team in cycles.teams_for(db, cycle["id"])]
    before = _counts(db)
    db.execute("create temp trigger fail_late after insert on comments begin select raise(abort, 'disk full'); end")
    responses = list(_responses(bank, teams, 200))
    responses[-1][0].comments[1] = "the last one has a comment, and the database fails on it"
    with pytest.raises(sqlite3.IntegrityError):
        store.store_responses(db, cycle, bank, responses)
    db.execute("drop trigger fail_late")
    assert _counts(db) == before
    assert _answers_counted_one_by_one_again(db)
    store_response(db, cycle, bank, Response(answers={"29a": "agree"}))  # one by one again afterwards
    counted = _counts(db)
    with db.atomic():
        tally_store.recount(db)
    assert counted == _counts(db)


def _answers_counted_one_by_one_again(db) -> bool:
    trigger = db.execute(
        "select count(*) from sqlite_master where type = 'trigger' and name = 'tally_answer_added'"
    ).fetchone()[0]
    return trigger == 1 and db.execute("select count(*) from tally_counting_together").fetchone()[0] == 0


def test_free_text_is_never_copied_into_the_counts(db, make_cycle):
    cycle = make_cycle(status="open")
    bank = cycles.cycle_bank(cycle)
    text_item = next(item for item in bank.items if item.type == "text")
    store_response(db, cycle, bank, Response(answers={text_item.id: "Words of my own", "29a": "agree"}))
    store.store_responses(
        db, cycle, bank, [(Response(answers={text_item.id: f"More words {n}"}), None) for n in range(100)]
    )
    for table in ("answer_counts_by_team", "answer_counts_by_role"):
        assert db.execute(f"select count(*) from {table} where item_id = ?", [text_item.id]).fetchone()[0] == 0
        assert db.execute(f"select count(*) from {table} where value like '%words%'").fetchone()[0] == 0
    assert db.execute("select count(*) from answer_counts_by_team where item_id = '29a'").fetchone()[0] == 1


def test_a_value_no_one_gives_any_more_leaves_no_count(db, make_cycle):
    cycle = make_cycle(status="open")
    bank = cycles.cycle_bank(cycle)
    store_response(db, cycle, bank, Response(answers={"29a": "strongly_disagree"}))
    assert db.execute("select count(*) from answer_counts_by_role where value = 'strongly_disagree'").fetchone()[0] == 1
    db.execute("delete from answers where value = 'strongly_disagree'")
    for table in ("answer_counts_by_team", "answer_counts_by_role"):
        assert db.execute(f"select count(*) from {table} where value = 'strongly_disagree'").fetchone()[0] == 0


def _respondent_scores(scores):
    return scores.columns, scores.scores.tolist(), scores.teams.tolist(), scores.roles.tolist()


def _same_scores(kept, worked_out):
    columns, rows, teams, roles = _respondent_scores(kept)
    assert columns == worked_out.columns
    assert teams == worked_out.teams.tolist() and roles == worked_out.roles.tolist()
    assert np.array_equal(np.array(rows), worked_out.scores, equal_nan=True)


def test_respondent_scores_kept_as_answers_are_stored_follow_every_change(db, make_cycle):
    from healthcheck.results.data import load_respondent_scores, score_columns

    cycle = _random_cycle(db, make_cycle, responses=40)
    bank = cycles.cycle_bank(cycle)
    # every response was stored together with its answers: its step scores are kept
    kept = db.execute("select count(*) from response_scores where cycle_id = ?", [cycle["id"]]).fetchone()[0]
    assert kept == db.execute("select count(*) from responses where cycle_id = ?", [cycle["id"]]).fetchone()[0] > 0

    def check():
        worked_out = load_results_input(db, cycle, bank).respondent_scores
        _same_scores(load_respondent_scores(db, cycle, bank, *score_columns(bank)), worked_out)

    check()
    teams = [team["id"] for team in cycles.teams_for(db, cycle["id"])]
    with db.atomic():
        db.execute("update answers set value = 'strongly_agree' where item_id = '29a' and response_id % 3 = 1")
        db.execute("delete from answers where item_id = '8a' and response_id % 4 = 0")
        db.execute("update responses set team_id = ? where id % 4 = 1", [teams[0]])
        db.execute("update responses set role_group = null where id % 5 = 0")
    # a changed response's kept scores are dropped (then worked out again and kept); a moved one keeps them
    assert db.execute("select count(*) from response_scores").fetchone()[0] < kept
    check()
    assert db.execute("select count(*) from response_scores").fetchone()[0] == kept
    first = db.execute("select min(id) from responses").fetchone()[0]
    with db.atomic():
        db.execute("delete from comments where response_id = ?", [first])
        db.execute("delete from answers where response_id = ?", [first])
        db.execute("delete from responses where id = ?", [first])
    assert db.execute("select count(*) from response_scores where response_id = ?", [first]).fetchone()[0] == 0
    check()
