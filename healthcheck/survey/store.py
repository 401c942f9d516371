"""Checking and storing one practitioner's answers. The one way a response is written:
the survey, the demo and imports of earlier results all come through here."""

import datetime
from dataclasses import dataclass, field

from healthcheck import tally_store
from healthcheck.questions import DONT_KNOW, PractitionerItem, QuestionBank

ROLE_GROUPS = {
    "social_worker": "Social worker",
    "senior_practitioner": "Senior or advanced practitioner",
    "team_manager": "Team manager",
    "occupational_therapist": "Occupational therapist",
    "assessment_officer": "Assessment or support officer",
    "other": "Other",
}
YEARS_BANDS = {
    "under_2": "Less than 2 years",
    "2_to_5": "2 to 5 years",
    "6_to_10": "6 to 10 years",
    "over_10": "More than 10 years",
}
PREFER_NOT_TO_SAY = "prefer_not_to_say"
# A multiple-choice answer with this value ("None of these") excludes every other answer.
NONE_OF_THESE = "none"
COMMENT_LIMIT = 2000


@dataclass
class Response:
    """One practitioner's answers, before they are stored. Every part is optional."""

    team_id: int | None = None
    role_group: str | None = None
    years_band: str | None = None
    # item id -> a choice value, a number as text, DONT_KNOW, or (multiple choice) a list of values
    answers: dict = field(default_factory=dict)
    # standard number -> free text
    comments: dict = field(default_factory=dict)


class AnswerError(ValueError):
    """An answer the bank does not allow, naming the item."""

    def __init__(self, item_id: str, message: str):
        super().__init__(message)
        self.item_id = item_id
        self.message = message


def check_answer(bank: QuestionBank, item: PractitionerItem, value) -> str | list[str] | None:
    """The answer in stored form, None when blank; AnswerError when not allowed."""
    if value is None or value == "" or value == []:
        return None
    if value == DONT_KNOW:
        if not item.dont_know:
            raise AnswerError(item.id, "“Don't know” is not an answer to this question")
        return DONT_KNOW
    if item.type in ("agreement", "frequency"):
        if value not in bank.choice_values(item):
            raise AnswerError(item.id, "Choose one of the answers given")
        return value
    if item.type == "multiple_choice":
        values = [value] if isinstance(value, str) else list(value)
        allowed = {choice.value for choice in item.choices}
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise AnswerError(item.id, "Choose from the answers given")
        if NONE_OF_THESE in values and len(set(values)) > 1:
            label = next(choice.label for choice in item.choices if choice.value == NONE_OF_THESE)
            raise AnswerError(item.id, f"Select “{label}” or the answers that apply, not both")
        return sorted(set(values), key=values.index)
    if item.type == "number":
        text = str(value).strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise AnswerError(item.id, f"Number of {item.unit} must be a number, like 3") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise AnswerError(item.id, f"Number of {item.unit} must be a number, like 3")
        if item.min is not None and number < item.min or item.max is not None and number > item.max:
            raise AnswerError(
                item.id, f"Number of {item.unit} must be between {_plain(item.min)} and {_plain(item.max)}"
            )
        return _plain(number)
    if item.type == "text":
        text = str(value).strip()
        if len(text) > COMMENT_LIMIT:
            raise AnswerError(item.id, f"Write {COMMENT_LIMIT} characters or fewer")
        return text or None
    raise AnswerError(item.id, f"Unknown question type {item.type}")


def _plain(number) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def answer_rows(bank: QuestionBank, response: Response) -> list[tuple[str, str]]:
    """(item_id, value) rows for every answered item; AnswerError on the first bad one."""
    rows = []
    for item_id, value in response.answers.items():
        try:
            item = bank.item(item_id)
        except KeyError:
            raise AnswerError(item_id, f"There is no question {item_id} in this cycle's question bank") from None
        checked = check_answer(bank, item, value)
        if checked is None:
            continue
        for one in checked if isinstance(checked, list) else [checked]:
            rows.append((item_id, one))
    return rows


def store_response(db, cycle: dict, bank: QuestionBank, response: Response,
                   submitted_on: datetime.date | None = None) -> None:
    """Check and write one response in a single transaction. Only the date is kept."""
    store_responses(db, cycle, bank, [(response, submitted_on)])


def store_responses(db, cycle: dict, bank: QuestionBank, responses) -> int:
    """Check every (response, submitted_on or None) pair, then write them all in one
    transaction: all or nothing. AnswerError names the first bad answer. Only dates are kept."""
    checked = [(_row(cycle, response, submitted_on), answer_rows(bank, response), _comments(response))
               for response, submitted_on in responses]
    # Their answers are counted for scoring together at the end (tally_store.counted_together).
    with db.atomic(), tally_store.counted_together(db, cycle["id"]) as count:
        tally_store.register(db, cycle["id"], bank)
        answers, comments = [], []
        for row, rows, texts in checked:
            response_id = db.conn.execute(
                "insert into responses (cycle_id, team_id, role_group, years_band, submitted_on) values (?, ?, ?, ?, ?)",
                row,
            ).lastrowid
            answers.extend((response_id, item_id, value) for item_id, value in rows)
            comments.extend((response_id, standard, text) for standard, text in texts.items())
            count(response_id, row[1], row[2], rows)
        db.conn.executemany("insert into answers (response_id, item_id, value) values (?, ?, ?)", answers)
        db.conn.executemany("insert into comments (response_id, standard, text) values (?, ?, ?)", comments)
    return len(checked)


def _row(cycle: dict, response: Response, submitted_on: datetime.date | None) -> tuple:
    role = response.role_group if response.role_group in ROLE_GROUPS else None
    years = response.years_band if response.years_band in YEARS_BANDS else None
    return (cycle["id"], response.team_id, role, years, (submitted_on or datetime.date.today()).isoformat())


def _comments(response: Response) -> dict[int, str]:
    comments = {
        int(standard): text.strip()
        for standard, text in response.comments.items()
        if text and text.strip()
    }
    for standard, text in comments.items():
        if len(text) > COMMENT_LIMIT:
            raise AnswerError(f"comment-{standard}", f"Write {COMMENT_LIMIT} characters or fewer")
    return comments
