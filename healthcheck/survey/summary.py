"""Check your answers: every answer in words, grouped by page, each with its change link."""

from healthcheck.questions import DONT_KNOW, QuestionBank
from healthcheck.survey import journey
from healthcheck.survey.answers import about_you_text, answer_text, comment_field, item_field, raw_answer
from healthcheck.survey.rendering import Typed

ABOUT_YOU_LABELS = {
    "team": "Team",
    "role_group": "Role",
}


def _row(key: str, value: str, href: str, hidden: str) -> dict:
    return {
        "key": {"text": key},
        "value": {"text": value, "classes": "app-multiline"},
        "actions": {"items": [{"href": href, "text": "Change", "visuallyHiddenText": hidden}]},
    }


def _typed(bank: QuestionBank, item, fields: dict) -> bool:
    """Whether the answer shown is something the practitioner typed, rather than a choice offered."""
    value = raw_answer(item, fields)
    if value in (None, "", [], DONT_KNOW):
        return False
    if item.type in ("agreement", "frequency", "multiple_choice"):
        offered = {choice.value for choice in bank.choices_for(item)}
        return not set(value if isinstance(value, list) else [value]) <= offered
    return True


def _shown(bank: QuestionBank, item, fields: dict) -> str:
    text = answer_text(bank, item, fields)
    return Typed(text) if _typed(bank, item, fields) else text


def sections(bank: QuestionBank, fields: dict, teams: list[dict], page_url) -> list[dict]:
    """[{"title", "id", "rows"}] for govukSummaryList cards; page_url(page, anchor) builds links.
    What the practitioner typed (a number, a comment) is marked Typed."""
    about = about_you_text(fields, teams)
    result = [
        {
            "title": "About you",
            "id": journey.ABOUT_YOU,
            "rows": [
                _row(label, about[name], page_url(journey.ABOUT_YOU, name), label.lower())
                for name, label in ABOUT_YOU_LABELS.items()
            ],
        }
    ]
    for number in journey.standard_numbers(bank):
        page = journey.standard_page(number)
        rows = [
            _row(
                item.text, _shown(bank, item, fields), page_url(page, item_field(item)), f"your answer to: {item.text}"
            )
            for item in bank.items_for(number)
        ]
        comment = (fields.get(comment_field(number)) or "").strip()
        rows.append(
            _row(
                "Your comments",
                Typed(comment) if comment else "None",
                page_url(page, comment_field(number)),
                f"your comments on {bank.standard(number).name}",
            )
        )
        result.append({"title": f"Standard {number}: {bank.standard(number).name}", "id": page, "rows": rows})
    return result
