"""The store's checks for many responses at once (ResponseChecker) remember each distinct
answer: they must give exactly what checking each answer afresh gives, every time, and the
rows of many rows a statement must be the rows of one statement a row."""

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthcheck.problems import Problem
from healthcheck.questions import DONT_KNOW, load_bank
from healthcheck.survey.bulk_insert import ROWS_PER_STATEMENT, insert_rows
from healthcheck.survey.store import ResponseChecker, check_answer

BANK = load_bank()
ITEM_IDS = [item.id for item in BANK.items]

values = st.one_of(
    st.sampled_from([choice.value for item in BANK.items for choice in BANK.choices_for(item)]),
    st.sampled_from([DONT_KNOW, "", "18", "18.0", "1,200", "-1", "nan", "inf", " 7 ", "none", "systems"]),
    st.text(max_size=6),
    st.lists(st.sampled_from(["systems", "other", "none", "student", "nowhere", DONT_KNOW]), max_size=3),
    st.none(),
)


def checked_afresh(item_id, value):
    """What one answer becomes, checked on its own: its rows, or the error's item and message."""
    try:
        item = BANK.item(item_id)
    except KeyError:
        return ("refused", item_id, f"There is no question {item_id} in this cycle's question bank")
    try:
        checked = check_answer(BANK, item, value)
    except Problem as error:
        return ("refused", error.field, error.message)
    if checked is None:
        return ()
    return tuple((item_id, one) for one in (checked if isinstance(checked, list) else [checked]))


def checked_by(checker, item_id, value):
    try:
        return checker.answer(item_id, value)
    except Problem as error:
        return ("refused", error.field, error.message)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*ITEM_IDS, "Q99"]), values), max_size=25))
def test_remembered_checks_equal_checking_every_answer_afresh(answers):
    checker = ResponseChecker(None, BANK)
    for _ in range(2):  # the second time round, every answer has been seen before
        for item_id, value in answers:
            assert checked_by(checker, item_id, value) == checked_afresh(item_id, value), (item_id, value)


def test_a_list_of_choices_is_remembered_as_given_in_its_order():
    checker = ResponseChecker(None, BANK)
    chosen = ["systems", "other"]
    first = checker.answer("19a", chosen)
    chosen.append("none")  # the same list, now a different answer
    with pytest.raises(Problem, match="not both"):
        checker.answer("19a", chosen)
    assert checker.answer("19a", ["systems", "other"]) == first == (("19a", "systems"), ("19a", "other"))
    # The same choices in another order are another answer: stored in the order given.
    assert checker.answer("19a", ["other", "systems"]) == (("19a", "other"), ("19a", "systems"))
    assert checker.answer("19a", "systems") == checker.answer("19a", ["systems"]) == (("19a", "systems"),)


@pytest.mark.parametrize(
    "count", [0, 1, ROWS_PER_STATEMENT - 1, ROWS_PER_STATEMENT, ROWS_PER_STATEMENT + 1, 3 * ROWS_PER_STATEMENT + 7]
)
def test_many_rows_a_statement_stores_the_rows_one_a_statement_stores(count):
    conn = sqlite3.connect(":memory:")
    for table in ("one_by_one", "together"):
        conn.execute(f"create table {table} (response_id integer, item_id text, value text)")
    rows = [(n // 40, f"{n % 40}a", f"value {n}") for n in range(count)]
    conn.executemany("insert into one_by_one values (?, ?, ?)", rows)
    insert_rows(conn, "together", ("response_id", "item_id", "value"), iter(rows))
    together = conn.execute("select rowid, * from together order by rowid").fetchall()
    assert together == conn.execute("select rowid, * from one_by_one order by rowid").fetchall()
    assert len(together) == count


def test_rows_of_the_wrong_width_are_refused():
    conn = sqlite3.connect(":memory:")
    conn.execute("create table answers (response_id integer, item_id text, value text)")
    with pytest.raises(ValueError, match="needs 3 values"):
        insert_rows(conn, "answers", ("response_id", "item_id", "value"), [(1, "29a", "agree"), (2, "29a")])


def test_several_answers_to_a_one_choice_question_are_refused_plainly():
    item = next(item for item in BANK.items if item.type == "agreement")
    with pytest.raises(Problem, match="Choose one of the answers given"):
        check_answer(BANK, item, ["agree", "disagree"])
    with pytest.raises(Problem, match="Choose one of the answers given"):
        ResponseChecker(None, BANK).answer(item.id, ["agree"])
