"""How answers are found: storing a response adds its index entries together at the end of
one index, and neither results nor storing reads through every answer to find some."""

from survey_helpers import answer_whole_survey

from healthcheck import cycles
from healthcheck.results import data as results_data
from healthcheck.survey import store


def statements_run(db, action) -> list[str]:
    seen = []
    db.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        db.conn.set_trace_callback(None)
    return seen


def plan(db, statement: str) -> str:
    return " / ".join(row[-1] for row in db.execute(f"explain query plan {statement}").fetchall())


def test_answers_have_one_index_by_response_then_item(db, make_cycle):
    make_cycle(status="open")
    indexes = {
        row[1]: [column[2] for column in db.execute(f"pragma index_info('{row[1]}')")]
        for row in db.execute("pragma index_list('answers')")
    }
    assert indexes == {"idx_answers_response_id_item_id": ["response_id", "item_id"]}


def test_results_find_free_text_answers_without_reading_every_answer(app, client, db, make_cycle):
    cycle = make_cycle(status="open", teams=[("North", "Adults", 12)])
    answer_whole_survey(client, cycle, comment="More time for reflection")
    client.post(f"/survey/{cycle['slug']}/check-your-answers")
    bank = cycles.cycle_bank(cycle)
    assert any(item.type == "text" for item in bank.items)
    run = statements_run(db, lambda: results_data.load_counted_input(db, cycle, bank))
    reading_answers = [statement for statement in run if "from answers" in statement.lower()]
    assert reading_answers, "the free-text answers are read from the answers table"
    for statement in reading_answers:
        assert "SCAN a" not in plan(db, statement) and "SCAN answers" not in plan(db, statement), statement


def test_storing_a_response_looks_nothing_up_by_scanning_answers(db, make_cycle):
    cycle = make_cycle(status="open", teams=[("North", "Adults", 12)])
    bank = cycles.cycle_bank(cycle)
    item = next(item for item in bank.items if item.type == "agreement")
    response = store.Response(answers={item.id: "agree"})
    run = statements_run(db, lambda: store.store_response(db, cycle, bank, response))
    assert any("insert into answers" in statement.lower() for statement in run)
    for statement in run:
        if statement.lstrip().lower().startswith(("select", "update", "delete")):
            assert "SCAN answers" not in plan(db, statement), statement
