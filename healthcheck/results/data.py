"""Reading what results are made from: one cycle's responses, comments, workforce figures,
organisation answers and teams, as plain data for scoring. Reads only; SQL lives here."""

from __future__ import annotations

import math
from dataclasses import dataclass

from healthcheck.comments import review
from healthcheck.questions import QuestionBank
from healthcheck.results import tally_store
from healthcheck.results.scoring import Respondent, score_columns
from healthcheck.results.tallies import CycleTallies, cycle_tallies
from healthcheck.results.uncertainty import respondent_scores_from_answers


@dataclass
class ResultsInput:
    teams: list[dict]  # id, slug, name, service_area, headcount
    tallies: CycleTallies  # the answers counted, per team and role group
    # (team_id or None, standard number or item id, text) for every comment and free-text answer
    comments: list[tuple]
    figures: dict  # team_id -> {field: value}
    organisation_answers: dict  # item id -> {"answer", "evidence"}
    respondents: list[Respondent] | None = None  # every response, when read one by one
    respondent_scores: object = None  # uncertainty.RespondentScores: each respondent's step and standard scores


def load_counted_input(
    db, cycle: dict, bank: QuestionBank, respondent_scores: bool = True, comments: list | None = None
) -> ResultsInput:
    """What results are made from, with the answers read as the counts kept as they were
    stored: a few thousand rows however many responses there are. `comments` are the
    cycle's comments as review.cycle_comments reads them, when already read."""
    cycle_id = cycle["id"]
    if not tally_store.in_step(db, cycle_id):
        with db.atomic():
            tally_store.recount(db)
    tallies = tally_store.read(db, cycle_id)
    if tallies is None:  # more items than the counts can follow: read every answer instead
        return load_results_input(db, cycle, bank)
    step_items, standard_steps = score_columns(bank)
    return ResultsInput(
        _teams(db, cycle_id),
        tallies,
        _kept_comments(db, cycle, comments),
        _figures(db, cycle_id),
        _organisation_answers(db, cycle_id),
        respondent_scores=load_respondent_scores(db, cycle, bank, step_items, standard_steps)
        if respondent_scores
        else None,
    )


def load_results_input(db, cycle: dict, bank: QuestionBank) -> ResultsInput:
    """What results are made from, reading every answer of every response (for checks and
    tests; results themselves use load_counted_input)."""
    cycle_id = cycle["id"]
    teams = _teams(db, cycle_id)
    multiple = {item.id for item in bank.items if item.type == "multiple_choice"}
    text_items = {item.id for item in bank.items if item.type == "text"}
    by_response: dict[int, Respondent] = {}
    for row in db.query("select id, team_id, role_group from responses where cycle_id = ? order by id", [cycle_id]):
        by_response[row["id"]] = Respondent(row["team_id"], row["role_group"], {})
    for row in db.query(
        "select a.response_id, a.item_id, a.value from answers a join responses r on r.id = a.response_id "
        "where r.cycle_id = ? order by a.rowid",
        [cycle_id],
    ):
        respondent = by_response[row["response_id"]]
        if row["item_id"] in multiple:
            respondent.answers.setdefault(row["item_id"], []).append(row["value"])
        elif row["item_id"] not in text_items:
            respondent.answers.setdefault(row["item_id"], row["value"])
    respondents = list(by_response.values())
    step_items, standard_steps = score_columns(bank)
    return ResultsInput(
        teams,
        cycle_tallies(bank, respondents),
        _kept_comments(db, cycle),
        _figures(db, cycle_id),
        _organisation_answers(db, cycle_id),
        respondents,
        respondent_scores_from_answers(bank, step_items, standard_steps, respondents),
    )


def _teams(db, cycle_id: int) -> list[dict]:
    return list(
        db.query(
            "select id, slug, name, service_area, headcount from teams where cycle_id = ? order by service_area, name",
            [cycle_id],
        )
    )


def _kept_comments(db, cycle: dict, stored: list | None = None) -> list[tuple]:
    """(team id, item id or standard number, text) of every free-text answer and comment as
    reviewed: redacted words are already gone from the stored text, and hidden comments are
    left out."""
    hidden = review.hidden_comments(db, cycle["id"])
    stored = review.cycle_comments(db, cycle) if stored is None else stored
    return [
        (team_id, int(about) if about.isdigit() else about, text)
        for response_id, team_id, about, text in stored
        if (response_id, about) not in hidden
    ]


def _figures(db, cycle_id: int) -> dict:
    figures: dict = {}
    for row in db.query("select team_id, field, value from workforce_figures where cycle_id = ?", [cycle_id]):
        figures.setdefault(row["team_id"], {})[row["field"]] = row["value"]
    return figures


def _organisation_answers(db, cycle_id: int) -> dict:
    return {
        row["item_id"]: {"answer": row["answer"], "evidence": row["evidence"]}
        for row in db.query("select item_id, answer, evidence from organisation_answers where cycle_id = ?", [cycle_id])
    }


def previous_cycle(db, cycle: dict) -> dict | None:
    """The released cycle (or one recorded from an earlier report) with the latest closing
    date before this one opened, if any."""
    rows = list(
        db.query(
            "select * from cycles where id != ? and closes_on < ? and (released_on is not null "
            "or id in (select cycle_id from report_summaries)) "
            "order by closes_on desc, id desc limit 1",
            [cycle["id"], cycle["opens_on"]],
        )
    )
    return rows[0] if rows else None


def load_respondent_scores(db, cycle: dict, bank: QuestionBank, step_items: dict, standard_steps: dict):
    """Each respondent's score per step and standard (uncertainty.RespondentScores): the
    step scores kept as answers were stored (score_store), those of any response without
    them worked out here in SQL from its answers and kept; standards from the steps."""
    import numpy as np

    from healthcheck.results import score_store
    from healthcheck.results.uncertainty import RespondentScores, standards_from_steps

    step_keys = list(step_items)
    _, teams, roles, matrix = score_store.read(
        db, cycle["id"], step_keys, lambda ids: _step_scores_in_sql(db, bank, step_items, ids)
    )
    return RespondentScores(
        step_keys + list(standard_steps),
        np.hstack([matrix, standards_from_steps(matrix, step_keys, standard_steps)]),
        teams,
        roles,
    )


def _step_scores_in_sql(db, bank: QuestionBank, step_items: dict, ids: list) -> dict:
    """{response id: step scores as score_store keeps them} for these responses, from their answers."""
    from array import array

    choice_rows = []
    number_items = []
    for column, items in enumerate(step_items.values()):
        for item in items:
            if item.type == "number":
                number_items.append((item.id, column, item.good, item.poor))
            else:
                for choice in bank.choices_for(item):
                    score = 100.0 - choice.score if item.reverse else float(choice.score)
                    choice_rows.append((item.id, choice.value, column, score))
    for statement in (
        "create temp table if not exists respondent_choice_scores "
        "(item_id text, value text, col integer, score real, primary key (item_id, value)) without rowid",
        "create temp table if not exists respondent_number_items "
        "(item_id text primary key, col integer, good real, poor real) without rowid",
        "create temp table if not exists respondents_to_score (id integer primary key)",
        "delete from respondent_choice_scores",
        "delete from respondent_number_items",
        "delete from respondents_to_score",
    ):
        db.execute(statement)
    db.conn.executemany("insert into respondent_choice_scores values (?, ?, ?, ?)", choice_rows)
    db.conn.executemany("insert into respondent_number_items values (?, ?, ?, ?)", number_items)
    db.conn.executemany("insert into respondents_to_score values (?)", ((response_id,) for response_id in ids))
    rows = {response_id: [math.nan] * len(step_items) for response_id in ids}
    for response_id, column, score in db.execute(
        """select rid, col, avg(score) from (
             select a.response_id as rid, s.col as col, s.score as score from respondents_to_score p
               join answers a on a.response_id = p.id
               join respondent_choice_scores s on s.item_id = a.item_id and s.value = a.value
             union all
             select a.response_id, n.col,
                    max(0.0, min(100.0, 100.0 * (cast(a.value as real) - n.poor) / (n.good - n.poor)))
               from respondents_to_score p
               join answers a on a.response_id = p.id
               join respondent_number_items n on n.item_id = a.item_id
               where a.value != 'dont_know')
           group by rid, col"""
    ):
        rows[response_id][column] = score
    db.execute("delete from respondents_to_score")
    return {response_id: array("d", scores).tobytes() for response_id, scores in rows.items()}
