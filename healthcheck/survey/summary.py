"""Check your answers: every answer in words, grouped by page, each with its change link."""

from healthcheck.questions import QuestionBank
from healthcheck.survey import journey
from healthcheck.survey.answers import about_you_text, answer_text, comment_field, item_field

ABOUT_YOU_LABELS = {
    "team": "Team",
    "role_group": "Role",
    "years_band": "Time in your current role",
}


def _row(key: str, value: str, href: str, hidden: str) -> dict:
    return {
        "key": {"text": key},
        "value": {"text": value, "classes": "app-multiline"},
        "actions": {"items": [{"href": href, "text": "Change", "visuallyHiddenText": hidden}]},
    }


def sections(bank: QuestionBank, fields: dict, teams: list[dict], page_url) -> list[dict]:
    """[{"title", "id", "rows"}] for govukSummaryList cards; page_url(page, anchor) builds links."""
    about = about_you_text(fields, teams)
    result = [{
        "title": "About you",
        "id": journey.ABOUT_YOU,
        "rows": [
            _row(label, about[name], page_url(journey.ABOUT_YOU, name), label.lower())
            for name, label in ABOUT_YOU_LABELS.items()
        ],
    }]
    for number in journey.standard_numbers(bank):
        page = journey.standard_page(number)
        rows = [
            _row(item.text, answer_text(bank, item, fields), page_url(page, item_field(item)),
                 f"your answer to: {item.text}")
            for item in bank.items_for(number)
        ]
        comment = (fields.get(comment_field(number)) or "").strip()
        rows.append(_row("Your comments", comment or "None", page_url(page, comment_field(number)),
                         f"your comments on {bank.standard(number).name}"))
        result.append({"title": f"Standard {number}: {bank.standard(number).name}", "id": page, "rows": rows})
    return result
