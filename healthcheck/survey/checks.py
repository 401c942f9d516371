"""What a survey page's answers must pass before the practitioner moves on, as plain
functions of the fields the page was given. Every check on an answer ends in
store.check_answer, the same check storing makes; the messages are the ones the page shows.

A page's checks run when it is sent and again at check your answers, so they read the
fields as the pages keep them (answers.py) and build no form.
"""

from healthcheck.problems import Problem
from healthcheck.questions import DONT_KNOW, PREFER_NOT_TO_SAY, ROLE_GROUPS, PractitionerItem, QuestionBank
from healthcheck.survey import journey
from healthcheck.survey.answers import (
    ABOUT_YOU_FIELDS,
    comment_field,
    dont_know_field,
    has_number_dont_know,
    item_field,
    page_fields,
    raw_answer,
)
from healthcheck.survey.store import COMMENT_LIMIT, check_answer

ABOUT_YOU_MESSAGES = {
    "team": "Choose your team from the list, or “Prefer not to say”",
    "role_group": "Choose your role from the list, or “Prefer not to say”",
}


def given(bank: QuestionBank, page: str, form) -> dict:
    """What the page was sent, exactly as typed, from the request's form: every field the
    page shows, "" when left blank, and a list of the ticked values for multiple choice."""
    lists = _multiple_choice_fields(bank, page)
    values = {}
    for name in page_field_names(bank, page):
        if name in lists:
            values[name] = [value for value in form.getlist(name) if value]
        else:
            values[name] = form.get(name) or ""
    return values


def problems(bank: QuestionBank, page: str, teams: list[dict], fields: dict) -> dict[str, str]:
    """Field name -> what is wrong with it, in the order the page shows its fields; empty
    when the page's answers pass."""
    if page == journey.ABOUT_YOU:
        return _about_you_problems(teams, fields)
    number = int(page.removeprefix("standard-"))
    found = {}
    for item in bank.items_for(number):
        message = _item_problem(bank, item, fields)
        if message:
            found[item_field(item)] = message
    if len((fields.get(comment_field(number)) or "").strip()) > COMMENT_LIMIT:
        found[comment_field(number)] = f"Your comments must be {COMMENT_LIMIT:,} characters or fewer"
    return found


def first_unfinished_page(bank: QuestionBank, teams: list[dict], fields: dict, passed=()) -> str | None:
    """The first page whose saved answers do not pass its checks, or None when all do.
    Pages in `passed` passed them when they were sent and are not checked again."""
    for page in journey.pages(bank):
        if page == journey.CHECK or page in passed:
            continue
        if problems(bank, page, teams, fields):
            return page
    return None


def page_field_names(bank: QuestionBank, page: str) -> tuple[str, ...]:
    """The names of the fields a page shows."""
    if page == journey.ABOUT_YOU:
        return ABOUT_YOU_FIELDS
    return tuple(page_fields(bank, int(page.removeprefix("standard-"))))


def _multiple_choice_fields(bank: QuestionBank, page: str) -> set[str]:
    if page == journey.ABOUT_YOU:
        return set()
    return {
        item_field(item)
        for item in bank.items_for(int(page.removeprefix("standard-")))
        if item.type == "multiple_choice"
    }


def _about_you_problems(teams: list[dict], fields: dict) -> dict[str, str]:
    """Every question about you may be left blank; anything else must be one it offers."""
    offered = {
        "team": {str(team["id"]) for team in teams},
        "role_group": set(ROLE_GROUPS),
    }
    return {
        name: ABOUT_YOU_MESSAGES[name]
        for name in ABOUT_YOU_FIELDS
        if fields.get(name) and fields[name] not in offered[name] | {PREFER_NOT_TO_SAY}
    }


def _item_problem(bank: QuestionBank, item: PractitionerItem, fields: dict) -> str | None:
    """Required where the bank's scale offers "Don't know"; then the bank's own check."""
    if has_number_dont_know(item):
        ticked = fields.get(dont_know_field(item)) == DONT_KNOW
        if ticked and (fields.get(item_field(item)) or "").strip():
            return f"Enter the number of {item.unit} or select “{bank.dont_know_label}”, not both"
    value = raw_answer(item, fields)
    if value in (None, "", []):
        return _missing_message(bank, item) if item.type in ("agreement", "frequency", "number") else None
    try:
        check_answer(bank, item, value)
    except Problem as error:
        return error.message
    return None


def _missing_message(bank: QuestionBank, item: PractitionerItem) -> str:
    if item.type == "agreement":
        return f"Select how much you agree with “{item.text.rstrip('.')}”"
    if item.type == "number":
        either = f", or select “{bank.dont_know_label}”" if item.dont_know else ""
        return f"Enter the number of {item.unit}{either}"
    return f"Select an answer to “{item.text}”"
