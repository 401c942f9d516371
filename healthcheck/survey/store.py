"""Checking and storing one practitioner's answers. The one way a response is written:
the survey, the demo and imports of earlier results all come through here."""

import datetime
import secrets
import sqlite3
from dataclasses import dataclass, field

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.questions import (
    DONT_KNOW,
    NONE_OF_THESE,
    ROLE_GROUPS,
    PractitionerItem,
    QuestionBank,
)
from healthcheck.results import tally_store
from healthcheck.survey import bulk_insert

COMMENT_LIMIT = 2000


@dataclass
class Response:
    """One practitioner's answers, before they are stored. Every part is optional."""

    team_id: int | None = None
    role_group: str | None = None
    # item id -> a choice value, a number as text, DONT_KNOW, or (multiple choice) a list of values
    answers: dict = field(default_factory=dict)
    # standard number -> free text
    comments: dict = field(default_factory=dict)


def check_answer(bank: QuestionBank, item: PractitionerItem, value) -> str | list[str] | None:
    """The answer in stored form, None when blank; Problem when not allowed."""
    if value is None or value == "" or value == []:
        return None
    if value == DONT_KNOW:
        if not item.dont_know:
            raise Problem("“Don't know” is not an answer to this question", item.id)
        return DONT_KNOW
    if item.type in ("agreement", "frequency"):
        if not isinstance(value, str) or value not in bank.choice_values(item):
            raise Problem("Choose one of the answers given", item.id)
        return value
    if item.type == "multiple_choice":
        values = [value] if isinstance(value, str) else list(value)
        allowed = {choice.value for choice in item.choices}
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise Problem("Choose from the answers given", item.id)
        if NONE_OF_THESE in values and len(set(values)) > 1:
            label = next(choice.label for choice in item.choices if choice.value == NONE_OF_THESE)
            raise Problem(f"Select “{label}” or the answers that apply, not both", item.id)
        return sorted(set(values), key=values.index)
    if item.type == "number":
        text = str(value).strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise Problem(f"Number of {item.unit} must be a number, like 3", item.id) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise Problem(f"Number of {item.unit} must be a number, like 3", item.id)
        if item.min is not None and number < item.min or item.max is not None and number > item.max:
            raise Problem(f"Number of {item.unit} must be between {_plain(item.min)} and {_plain(item.max)}", item.id)
        return _plain(number)
    if item.type == "text":
        text = str(value).strip()
        if len(text) > COMMENT_LIMIT:
            raise Problem(f"Write {COMMENT_LIMIT} characters or fewer", item.id)
        return text or None
    raise Problem(f"Unknown question type {item.type}", item.id)


def _plain(number) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


@dataclass(frozen=True)
class CheckedResponse:
    """A response that passed every check, as it is written: its responses row (cycle_id,
    team_id, role_group, submitted_on), its answers as (item_id, value) rows
    and its comments by standard. Made only by ResponseChecker.response."""

    row: tuple
    answers: list[tuple[str, str]]
    comments: dict[int, str]


class ResponseChecker:
    """The checks every response passes before it is stored, for many responses against
    one cycle's bank. Thousands of responses give the same few answers to each question,
    so each distinct answer is checked once and its result reused: the same answer always
    gets the same rows, or the same error."""

    def __init__(self, cycle: dict | None, bank: QuestionBank):
        self.cycle = cycle
        self.bank = bank
        self._known: dict[str, dict] = {}  # item id -> {answer as given: its rows, or its Problem}

    def answer(self, item_id: str, value) -> tuple[tuple[str, str], ...]:
        """The stored (item_id, value) rows of one answer, none when blank; Problem when
        the bank does not allow it."""
        known = self._known.get(item_id)
        if known is None:
            known = self._known[item_id] = self._remembered(item_id)
        # Only text and lists of text are remembered: what forms and files give.
        if type(value) is str:
            key = value
        elif type(value) is list and all(type(one) is str for one in value):
            key = tuple(value)
        else:
            key = None
        if key is None or known is False:
            return self._check(item_id, value)
        result = known.get(key)
        if result is None:
            try:
                result = self._check(item_id, value)
            except Problem as error:
                result = Problem(error.message, error.field)  # kept without its traceback
            known[key] = result
        if type(result) is Problem:
            raise Problem(result.message, result.field)
        return result

    def _remembered(self, item_id: str) -> dict | bool:
        """A memory for the item's answers, or False for free text: each answer differs and may be long."""
        try:
            return {} if self.bank.item(item_id).type != "text" else False
        except KeyError:
            return {}

    def _check(self, item_id: str, value) -> tuple[tuple[str, str], ...]:
        try:
            item = self.bank.item(item_id)
        except KeyError:
            raise Problem(f"There is no question {item_id} in this cycle's question bank", item_id) from None
        checked = check_answer(self.bank, item, value)
        if checked is None:
            return ()
        return tuple((item_id, one) for one in (checked if isinstance(checked, list) else [checked]))

    def answer_rows(self, response: Response) -> list[tuple[str, str]]:
        """(item_id, value) rows for every answered item; Problem on the first bad one."""
        rows = []
        for item_id, value in response.answers.items():
            rows.extend(self.answer(item_id, value))
        return rows

    def response(self, response: Response, submitted_on: datetime.date | None = None) -> CheckedResponse:
        """The response as it will be written; Problem names the first bad answer."""
        return CheckedResponse(
            _row(self.cycle, response, submitted_on), self.answer_rows(response), _comments(response)
        )


# From this many responses at once, their answers go in many rows a statement (one survey
# response keeps one prepared statement for all its answers).
MANY_ROWS_A_STATEMENT_FROM = 100


def store_response(
    db, cycle: dict, bank: QuestionBank, response: Response, submitted_on: datetime.date | None = None
) -> None:
    """Check and write one response in a single transaction. Only the date is kept."""
    store_responses(db, cycle, bank, [(response, submitted_on)])


def store_responses(db, cycle: dict, bank: QuestionBank, responses) -> int:
    """Check every (response, submitted_on or None) pair, then write them all in one
    transaction: all or nothing. Problem names the first bad answer. Only dates are kept."""
    checker = ResponseChecker(cycle, bank)
    return store_checked(
        db, cycle, bank, [checker.response(response, submitted_on) for response, submitted_on in responses]
    )


def store_checked(db, cycle: dict, bank: QuestionBank, checked: list[CheckedResponse]) -> int:
    """Write responses a ResponseChecker for this cycle and bank has checked, all in one
    transaction: all or nothing. Their answers are counted for scoring together at the end
    (tally_store.counted_together)."""
    with db.atomic(), tally_store.counted_together(db, cycle["id"]) as count:
        cycles.check_responses_may_change(db, cycle)  # a released cycle's responses are fixed
        tally_store.register(db, cycle["id"], bank)
        comments = []
        ids = []
        for response in checked:
            response_id = _insert_response(db, response.row)
            ids.append(response_id)
            comments.extend((response_id, standard, text) for standard, text in response.comments.items())
            count(response_id, response.row[1], response.row[2], response.answers)
        answers = (
            (response_id, item_id, value)
            for response_id, response in zip(ids, checked)
            for item_id, value in response.answers
        )
        if len(checked) >= MANY_ROWS_A_STATEMENT_FROM:
            bulk_insert.insert_rows(db.conn, "answers", ("response_id", "item_id", "value"), answers)
        else:
            db.conn.executemany("insert into answers (response_id, item_id, value) values (?, ?, ?)", answers)
        db.conn.executemany("insert into comments (response_id, standard, text) values (?, ?, ?)", comments)
    return len(checked)


def random_response_id() -> int:
    """A response's id: random, from 1 to SQLite's largest integer, so no id says which
    response came before another (sequential ids would line up with the server's log)."""
    return secrets.randbelow(2**63 - 1) + 1


def _insert_response(db, row: tuple) -> int:
    while True:
        response_id = random_response_id()
        try:
            db.conn.execute(
                "insert into responses (id, cycle_id, team_id, role_group, submitted_on) values (?, ?, ?, ?, ?)",
                (response_id, *row),
            )
        except sqlite3.IntegrityError:
            # One chance in billions: the id is taken. Anything else wrong with the row is a bug.
            if db.conn.execute("select 1 from responses where id = ?", [response_id]).fetchone() is None:
                raise
            continue
        return response_id


def _row(cycle: dict, response: Response, submitted_on: datetime.date | None) -> tuple:
    role = response.role_group if response.role_group in ROLE_GROUPS else None
    return (cycle["id"], response.team_id, role, (submitted_on or datetime.date.today()).isoformat())


def _comments(response: Response) -> dict[int, str]:
    comments = {int(standard): text.strip() for standard, text in response.comments.items() if text and text.strip()}
    for standard, text in comments.items():
        if len(text) > COMMENT_LIMIT:
            raise Problem(f"Write {COMMENT_LIMIT} characters or fewer", f"comment-{standard}")
    return comments
