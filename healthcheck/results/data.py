"""Reading what results are made from: one cycle's responses, comments, workforce figures,
organisation answers and teams, as plain data for scoring. Reads only; SQL lives here."""

from __future__ import annotations

from dataclasses import dataclass

from healthcheck.questions import QuestionBank
from healthcheck.results import tally_store
from healthcheck.results.scoring import Respondent
from healthcheck.results.tallies import CycleTallies, cycle_tallies


@dataclass
class ResultsInput:
    teams: list[dict]  # id, slug, name, service_area, headcount
    tallies: CycleTallies  # the answers counted, per team and role group
    # (team_id or None, standard number or item id, text) for every comment and free-text answer
    comments: list[tuple]
    figures: dict  # team_id -> {field: value}
    organisation_answers: dict  # item id -> {"answer", "evidence"}
    respondents: list[Respondent] | None = None  # every response, when read one by one


def load_counted_input(db, cycle: dict, bank: QuestionBank) -> ResultsInput:
    """What results are made from, with the answers read as the counts kept as they were
    stored: a few thousand rows however many responses there are."""
    cycle_id = cycle["id"]
    if not tally_store.in_step(db, cycle_id):
        with db.atomic():
            tally_store.recount(db)
    tallies = tally_store.read(db, cycle_id)
    if tallies is None:  # more items than the counts can follow: read every answer instead
        return load_results_input(db, cycle, bank)
    text_items = [item.id for item in bank.items if item.type == "text"]
    comments = (
        [
            (row["team_id"], row["item_id"], row["value"])
            for row in db.query(
                "select r.team_id, a.item_id, a.value from answers a join responses r on r.id = a.response_id "
                f"where r.cycle_id = ? and a.item_id in ({', '.join('?' * len(text_items))}) order by a.rowid",
                [cycle_id, *text_items],
            )
        ]
        if text_items
        else []
    )
    return ResultsInput(
        _teams(db, cycle_id),
        tallies,
        comments + _comments(db, cycle_id),
        _figures(db, cycle_id),
        _organisation_answers(db, cycle_id),
    )


def load_results_input(db, cycle: dict, bank: QuestionBank) -> ResultsInput:
    """What results are made from, reading every answer of every response (for checks and
    tests; results themselves use load_counted_input)."""
    cycle_id = cycle["id"]
    teams = _teams(db, cycle_id)
    multiple = {item.id for item in bank.items if item.type == "multiple_choice"}
    text_items = {item.id for item in bank.items if item.type == "text"}
    by_response: dict[int, Respondent] = {}
    comments = []
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
        elif row["item_id"] in text_items:
            comments.append((respondent.team_id, row["item_id"], row["value"]))
        else:
            respondent.answers.setdefault(row["item_id"], row["value"])
    respondents = list(by_response.values())
    return ResultsInput(
        teams,
        cycle_tallies(bank, respondents),
        comments + _comments(db, cycle_id),
        _figures(db, cycle_id),
        _organisation_answers(db, cycle_id),
        respondents,
    )


def _teams(db, cycle_id: int) -> list[dict]:
    return list(
        db.query(
            "select id, slug, name, service_area, headcount from teams where cycle_id = ? order by service_area, name",
            [cycle_id],
        )
    )


def _comments(db, cycle_id: int) -> list[tuple]:
    return [
        (row["team_id"], int(row["standard"]), row["text"])
        for row in db.query(
            "select r.team_id, c.standard, c.text from comments c join responses r on r.id = c.response_id "
            "where r.cycle_id = ?",
            [cycle_id],
        )
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
