"""Free text has a limit, enforced where every response is written (survey/store.py):
too long is refused with a clear message naming the question, and nothing is stored."""

import pytest

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.survey.store import COMMENT_LIMIT, Response, check_answer, store_response


@pytest.fixture
def cycle(make_cycle):
    return make_cycle(status="open")


def counts(db):
    return {table: db[table].count for table in ("responses", "answers", "comments")}


def text_item(bank):
    return next(item for item in bank.items if item.type == "text")


def test_a_comment_at_the_limit_is_stored_whole(db, cycle):
    text = "é" * COMMENT_LIMIT
    store_response(db, cycle, cycles.cycle_bank(cycle), Response(comments={3: text}))
    assert [row["text"] for row in db["comments"].rows] == [text]


def test_a_comment_over_the_limit_is_refused_and_nothing_is_stored(db, cycle):
    bank = cycles.cycle_bank(cycle)
    item = next(item for item in bank.items_for(3) if item.type == "agreement")
    response = Response(answers={item.id: bank.choices_for(item)[0].value}, comments={3: "x" * (COMMENT_LIMIT + 1)})
    with pytest.raises(Problem) as refused:
        store_response(db, cycle, bank, response)
    assert refused.value.field == "comment-3"
    assert refused.value.message == f"Write {COMMENT_LIMIT} characters or fewer"
    assert counts(db) == {"responses": 0, "answers": 0, "comments": 0}


def test_a_free_text_answer_over_the_limit_is_refused(cycle):
    bank = cycles.cycle_bank(cycle)
    item = text_item(bank)
    assert check_answer(bank, item, "y" * COMMENT_LIMIT) == "y" * COMMENT_LIMIT
    with pytest.raises(Problem, match=f"Write {COMMENT_LIMIT} characters or fewer") as refused:
        check_answer(bank, item, "y" * (COMMENT_LIMIT + 1))
    assert refused.value.field == item.id


def test_a_response_with_an_over_long_free_text_answer_stores_nothing(db, cycle):
    bank = cycles.cycle_bank(cycle)
    with pytest.raises(Problem):
        store_response(
            db, cycle, bank, Response(answers={text_item(bank).id: "z" * (COMMENT_LIMIT + 1)}, comments={1: "fine"})
        )
    assert counts(db) == {"responses": 0, "answers": 0, "comments": 0}
