"""GOV.UK Frontend component settings for each survey question, from its form field.

Templates stay simple: each question becomes one `{"kind": ..., "params": ...}` that
templates/survey/_question.html hands to the matching GOV.UK macro. Text the practitioner
typed is marked `Typed` (survey.rendering keeps renderings, never typed text).
"""

from healthcheck.questions import DONT_KNOW, NONE_OF_THESE, PREFER_NOT_TO_SAY, PractitionerItem, QuestionBank
from healthcheck.survey.answers import comment_field, dont_know_field, has_number_dont_know, item_field
from healthcheck.survey.rendering import Typed
from healthcheck.survey.store import COMMENT_LIMIT

LEGEND = "govuk-fieldset__legend--s"
DO_NOT_NAME = (
    "Do not name anyone, and leave out anything that could identify you or someone else, "
    "such as a job title or details of a case."
)


def _error(field) -> dict | None:
    return {"text": field.errors[0]} if field.errors else None


def _hint(text: str | None) -> dict | None:
    return {"text": text} if text else None


def radios(
    field,
    hint: str | None = None,
    divider_before: str | None = None,
    legend_classes: str = LEGEND,
    hints: dict | None = None,
) -> dict:
    """Radios in a fieldset whose legend is the question; a divider ("or") before one value."""
    items = []
    for choice in field.choices:
        if choice.value == divider_before:
            items.append({"divider": "or"})
        item = {"value": choice.value, "text": choice.label, "checked": field.data == choice.value}
        if hints and choice.value in hints:
            item["hint"] = {"text": hints[choice.value]}
        items.append(item)
    return {
        "name": field.name,
        "idPrefix": field.id,
        "fieldset": {"legend": {"text": field.label.text, "classes": legend_classes}},
        "hint": _hint(hint),
        "errorMessage": _error(field),
        "items": items,
    }


def question(bank: QuestionBank, form, item: PractitionerItem) -> dict:
    """One practitioner question as a GOV.UK component."""
    field = form[item_field(item)]
    if item.type in ("agreement", "frequency"):
        return {"kind": "radios", "params": radios(field, item.hint, divider_before=DONT_KNOW)}
    if item.type == "multiple_choice":
        chosen = field.data or []
        items = []
        for choice in field.choices:
            entry = {"value": choice.value, "text": choice.label, "checked": choice.value in chosen}
            if choice.value == NONE_OF_THESE:
                items.append({"divider": "or"})
                entry["behaviour"] = "exclusive"
            items.append(entry)
        return {
            "kind": "checkboxes",
            "params": {
                "name": field.name,
                "idPrefix": field.id,
                "fieldset": {"legend": {"text": field.label.text, "classes": LEGEND}},
                "hint": _hint(item.hint),
                "errorMessage": _error(field),
                "items": items,
            },
        }
    if item.type == "text":
        return {"kind": "character_count", "params": _character_count(field, item.hint)}
    return _number(bank, form, item, field)


def _number(bank: QuestionBank, form, item: PractitionerItem, field) -> dict:
    bounds = f"Enter a number from {_plain(item.min)} to {_plain(item.max)}."
    hint = f"{item.hint} {bounds}" if item.hint else bounds
    entry = {
        "id": field.id,
        "name": field.name,
        "value": _typed(field.data),
        "inputmode": "decimal",
        "spellcheck": False,
        "autocomplete": "off",
        "classes": "govuk-input--width-5",
        "suffix": {"text": item.unit},
        "errorMessage": _error(field),
    }
    if not has_number_dont_know(item):
        entry.update(label={"text": item.text, "classes": "govuk-label--s"}, hint=_hint(hint))
        return {"kind": "number", "params": entry}
    # A question with two ways to answer: the number, or "Don't know". The fieldset's
    # legend is the question; the box is labelled with what to enter.
    unknown = form[dont_know_field(item)]
    entry.pop("suffix")
    entry.update(label={"text": f"Number of {item.unit}"}, formGroup={"classes": "app-number-answer"})
    return {
        "kind": "number_or_dont_know",
        "fieldset": {"legend": {"text": item.text, "classes": LEGEND}, "describedBy": f"{field.id}-hint"},
        "hint": {"id": f"{field.id}-hint", "text": hint},
        "has_error": bool(field.errors),
        "params": entry,
        "dont_know": {
            "name": unknown.name,
            "idPrefix": unknown.id,
            "classes": "app-dont-know",
            "items": [
                {"divider": "or"},
                {
                    "id": unknown.id,
                    "value": DONT_KNOW,
                    "text": bank.dont_know_label,
                    "checked": unknown.data == DONT_KNOW,
                },
            ],
        },
    }


def _character_count(field, hint: str | None, label_classes: str = "govuk-label--s") -> dict:
    return {
        "id": field.id,
        "name": field.name,
        "label": {"text": field.label.text, "classes": label_classes},
        "hint": _hint(hint),
        "value": _typed(field.data),
        "maxlength": COMMENT_LIMIT,
        "rows": 4,
        "errorMessage": _error(field),
    }


def comment(form, standard_number: int) -> dict:
    """The optional free-text box at the end of a standard's page, with its reminder."""
    field = form[comment_field(standard_number)]
    return {"kind": "character_count", "params": _character_count(field, DO_NOT_NAME, "govuk-label--m")}


def about_you(form, teams: list[dict]) -> list[dict]:
    service_areas = {str(team["id"]): team["service_area"] for team in teams}
    return [
        {
            "kind": "radios",
            "params": radios(
                form.team,
                "Choose “Prefer not to say” if your team is small and you would rather not say.",
                divider_before=PREFER_NOT_TO_SAY,
                legend_classes="govuk-fieldset__legend--m",
                hints=service_areas,
            ),
        },
        {
            "kind": "radios",
            "params": radios(
                form.role_group, divider_before=PREFER_NOT_TO_SAY, legend_classes="govuk-fieldset__legend--m"
            ),
        },
    ]


def _typed(text: str | None) -> str:
    """What the practitioner typed into a box, marked so that no rendering keeps it."""
    return Typed(text) if text else ""


def _plain(number) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
