"""A practitioner's answers as the survey pages hold them, and as they are stored and shown.

The pages keep what was typed exactly (so an answer that fails a check is still
there to correct) under one name per form field: ``item_<id>`` for each question,
``item_<id>_dont_know`` beside a number that may be unknown, ``comment_<n>`` for a
standard's free text, and ``team`` and ``role_group`` for "about you".
"""

from healthcheck.questions import DONT_KNOW, PREFER_NOT_TO_SAY, ROLE_GROUPS, PractitionerItem, QuestionBank
from healthcheck.survey.store import Response

ABOUT_YOU_FIELDS = ("team", "role_group")
NOT_ANSWERED = "Not answered"


def item_field(item: PractitionerItem) -> str:
    return f"item_{item.id}"


def dont_know_field(item: PractitionerItem) -> str:
    return f"item_{item.id}_dont_know"


def comment_field(standard_number: int) -> str:
    return f"comment_{standard_number}"


def has_number_dont_know(item: PractitionerItem) -> bool:
    """A number that may be unknown gets a separate "Don't know" tick box."""
    return item.type == "number" and item.dont_know


def page_fields(bank: QuestionBank, standard_number: int) -> list[str]:
    """Every field name on one standard's page."""
    names = []
    for item in bank.items_for(standard_number):
        names.append(item_field(item))
        if has_number_dont_know(item):
            names.append(dont_know_field(item))
    names.append(comment_field(standard_number))
    return names


def raw_answer(item: PractitionerItem, fields: dict):
    """The answer to one item as typed: a value, DONT_KNOW, a list (multiple choice) or None."""
    value = fields.get(item_field(item))
    if item.type == "multiple_choice":
        return [v for v in (value or []) if v] if isinstance(value, list) else ([value] if value else [])
    if has_number_dont_know(item) and fields.get(dont_know_field(item)) == DONT_KNOW:
        return DONT_KNOW if not (value or "").strip() else value
    return value.strip() if isinstance(value, str) else value


def response_from_fields(bank: QuestionBank, fields: dict, team_ids: set[int]) -> Response:
    """The Response to store from the pages' fields. Answers are checked again when stored."""
    answers = {}
    for item in bank.items:
        value = raw_answer(item, fields)
        if value not in (None, "", []):
            answers[item.id] = value
    comments = {
        standard.number: fields[comment_field(standard.number)].strip()
        for standard in bank.standards
        if (fields.get(comment_field(standard.number)) or "").strip()
    }
    return Response(
        team_id=chosen_team(fields, team_ids),
        role_group=_known(fields.get("role_group"), ROLE_GROUPS),
        answers=answers,
        comments=comments,
    )


def chosen_team(fields: dict, team_ids: set[int]) -> int | None:
    try:
        team_id = int(fields.get("team") or "")
    except ValueError:
        return None
    return team_id if team_id in team_ids else None


def _known(value, allowed: dict) -> str | None:
    return value if value in allowed and value != PREFER_NOT_TO_SAY else None


def answer_text(bank: QuestionBank, item: PractitionerItem, fields: dict) -> str:
    """The answer in words, as the check-your-answers page shows it."""
    value = raw_answer(item, fields)
    if value in (None, "", []):
        return NOT_ANSWERED
    if value == DONT_KNOW:
        return bank.dont_know_label
    if item.type in ("agreement", "frequency", "multiple_choice"):
        labels = {choice.value: choice.label for choice in bank.choices_for(item)}
        values = value if isinstance(value, list) else [value]
        return "\n".join(labels.get(v, v) for v in values)
    if item.type == "number":
        return f"{value} {item.unit}"
    return value


def about_you_text(fields: dict, teams: list[dict]) -> dict[str, str]:
    """Team and role group in words, for check your answers."""
    names = {str(team["id"]): team["name"] for team in teams}
    prefer = "Prefer not to say"
    return {
        "team": prefer
        if fields.get("team") == PREFER_NOT_TO_SAY
        else names.get(fields.get("team") or "", NOT_ANSWERED),
        "role_group": prefer
        if fields.get("role_group") == PREFER_NOT_TO_SAY
        else ROLE_GROUPS.get(fields.get("role_group") or "", NOT_ANSWERED),
    }
