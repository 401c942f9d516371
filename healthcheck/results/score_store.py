"""Each respondent's score per step, kept as their answers are stored, so releasing a cycle
reads them instead of working them out again from every answer. SQL only; the scores are
read as uncertainty.RespondentScores.

- response_scores: one row per response whose answers were stored together (a survey
  response, a file of them: tally_store.counted_together), with its team and role group
  (kept in step by trigger) and its step scores as an array of 8-byte floats (NaN where it
  has none), in the order of response_score_columns.
- response_score_columns: for each cycle, the step keys the arrays follow (the cycle's
  frozen bank gives them); a layout that no longer matches drops the cycle's scores.
Any other change to a response's answers (an edit, a removal, an answer written on its
own) deletes its row by trigger; release works out the scores of responses without one
from their answers, in SQL, and keeps them.
"""

from __future__ import annotations

import json
import math
from array import array

from healthcheck.questions import QuestionBank, cycle_bank

_NOT_COUNTING_TOGETHER = "when not exists (select 1 from tally_counting_together)"

SCHEMA = [
    """create table response_scores (
         response_id integer primary key, cycle_id integer not null, team_key integer not null,
         role_key text not null, scores blob not null)""",
    "create index response_scores_cycle on response_scores (cycle_id)",
    "create table response_score_columns (cycle_id integer primary key, columns text not null)",
    f"""create trigger response_scores_answer_added after insert on answers {_NOT_COUNTING_TOGETHER} begin
         delete from response_scores where response_id = new.response_id;
       end""",
    """create trigger response_scores_answer_changed after update of response_id, item_id, value on answers begin
         delete from response_scores where response_id in (old.response_id, new.response_id);
       end""",
    """create trigger response_scores_answer_removed after delete on answers begin
         delete from response_scores where response_id = old.response_id;
       end""",
    """create trigger response_scores_response_moved after update of team_id, role_group on responses begin
         update response_scores set team_key = coalesce(new.team_id, 0), role_key = coalesce(new.role_group, '')
           where response_id = new.id;
       end""",
    """create trigger response_scores_response_removed after delete on responses begin
         delete from response_scores where response_id = old.id;
       end""",
]


def install(db) -> None:
    for statement in SCHEMA:
        db.execute(statement)


class StepScorer:
    """Scores one response's answers per step, as uncertainty.respondent_scores_from_answers does."""

    def __init__(self, bank: QuestionBank):
        from healthcheck.results.scoring import score_columns

        step_items, _ = score_columns(bank)
        self.columns = list(step_items)
        self.choices: dict = {}  # (item id, value) -> (column, score)
        self.numbers: dict = {}  # item id -> (column, good, poor)
        for column, items in enumerate(step_items.values()):
            for item in items:
                if item.type == "number":
                    self.numbers[item.id] = (column, item.good, item.poor)
                else:
                    for choice in bank.choices_for(item):
                        score = 100.0 - choice.score if item.reverse else float(choice.score)
                        self.choices[(item.id, choice.value)] = (column, score)

    def scores(self, answers) -> bytes:
        """The step scores of one response's [(item id, value), ...], as stored."""
        from healthcheck.results.points import linear_score

        totals = [0.0] * len(self.columns)
        counts = [0] * len(self.columns)
        for item_id, value in answers:
            found = self.choices.get((item_id, value))
            if found is None:
                number = self.numbers.get(item_id)
                if number is None:
                    continue
                try:
                    figure = float(value)
                except (TypeError, ValueError):
                    continue
                if math.isnan(figure):
                    continue
                found = (number[0], linear_score(figure, number[1], number[2]))
            column, score = found
            totals[column] += score
            counts[column] += 1
        return array("d", (t / c if c else math.nan for t, c in zip(totals, counts))).tobytes()


def keep(db, cycle_id: int, written: list) -> None:
    """Keep the step scores of new responses written together: [(response id, team key,
    role key, [(item id, value), ...]), ...] (each response's answers all there)."""
    if not written:
        return
    cycle = db.execute("select * from cycles where id = ?", [cycle_id]).fetchone()
    if cycle is None:
        return
    names = [column[0] for column in db.execute("select * from cycles limit 0").description]
    scorer = StepScorer(cycle_bank(dict(zip(names, cycle))))
    settle_layout(db, cycle_id, scorer.columns)
    db.conn.executemany(
        "insert or replace into response_scores (response_id, cycle_id, team_key, role_key, scores) "
        "values (?, ?, ?, ?, ?)",
        [
            (response_id, cycle_id, team_key, role_key, scorer.scores(answers))
            for response_id, team_key, role_key, answers in written
        ],
    )


def settle_layout(db, cycle_id: int, columns: list) -> None:
    """Record the cycle's layout if it has none; a different one drops the cycle's scores."""
    row = db.execute("select columns from response_score_columns where cycle_id = ?", [cycle_id]).fetchone()
    if row is not None and json.loads(row[0]) == columns:
        return
    db.execute("delete from response_scores where cycle_id = ?", [cycle_id])
    db.execute(
        "insert or replace into response_score_columns (cycle_id, columns) values (?, ?)",
        [cycle_id, json.dumps(columns)],
    )


def read(db, cycle_id: int, columns: list, work_out) -> tuple:
    """(response ids, team keys, role keys, step score matrix) of every response of the
    cycle, in id order. `work_out(ids)` gives {response id: step scores as stored} for
    responses without kept scores; they are kept from then on."""
    import numpy as np

    settle_layout(db, cycle_id, columns)
    responses = db.execute("select count(*) from responses where cycle_id = ?", [cycle_id]).fetchone()[0]
    kept = _kept(db, cycle_id)
    if len(kept) != responses:
        ids = [row[0] for row in db.execute("select id from responses where cycle_id = ?", [cycle_id])]
        missing = sorted(set(ids) - {row[0] for row in kept})
        found = work_out(missing) if missing else {}
        db.conn.executemany(
            "insert or replace into response_scores (response_id, cycle_id, team_key, role_key, scores) "
            "select id, cycle_id, coalesce(team_id, 0), coalesce(role_group, ''), ? from responses where id = ?",
            [(scores, response_id) for response_id, scores in found.items()],
        )
        kept = _kept(db, cycle_id)
    ids, teams, roles, blobs = zip(*kept) if kept else ((), (), (), ())
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float64).reshape(len(kept), len(columns))
    as_objects = np.empty(len(roles), dtype=object)
    as_objects[:] = roles
    return np.array(ids, dtype=np.int64), np.array(teams, dtype=np.int64), as_objects, matrix.copy()


def _kept(db, cycle_id: int) -> list:
    # In id order straight through ("+cycle_id": not by the cycle index, whose random order
    # costs far more than passing over other cycles' rows).
    return db.execute(
        "select response_id, team_key, role_key, scores from response_scores where +cycle_id = ? order by response_id",
        [cycle_id],
    ).fetchall()


def empty_scores(columns: list) -> bytes:
    return array("d", [math.nan] * len(columns)).tobytes()
