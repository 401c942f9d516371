"""The survey's forms. A standard's page is built from the cycle's question bank, and
every check on an answer ends in store.check_answer, the same check storing makes."""

import threading
from collections import OrderedDict

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from healthcheck.questions import DONT_KNOW, PractitionerItem, QuestionBank
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
from healthcheck.survey.store import (
    COMMENT_LIMIT,
    PREFER_NOT_TO_SAY,
    ROLE_GROUPS,
    YEARS_BANDS,
    AnswerError,
    check_answer,
)

PREFER_NOT_TO_SAY_LABEL = "Prefer not to say"


class StartForm(FlaskForm):
    """Starting the survey; the access code is asked for only when the cycle needs one."""

    access_code = StringField("Access code")


class ResumeForm(FlaskForm):
    resume_code = StringField("Resume code")


class ButtonForm(FlaskForm):
    """A button that changes something, with only the CSRF token."""


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


# Form classes are built from the bank and the teams, and a form class holds no answers,
# so each is built once per process and reused while its bank and teams stay the same.
FORM_CLASSES_KEPT = 64
_form_classes: OrderedDict = OrderedDict()
_form_classes_lock = threading.Lock()


def _kept_class(key: tuple, anchor, build):
    """The class built for `key` earlier, if `anchor` (what it was built from) is the same object."""
    with _form_classes_lock:
        kept = _form_classes.get(key)
        if kept is not None and kept[0] is anchor:
            _form_classes.move_to_end(key)
            return kept[1]
    form_class = build()
    with _form_classes_lock:
        _form_classes[key] = (anchor, form_class)
        while len(_form_classes) > FORM_CLASSES_KEPT:
            _form_classes.popitem(last=False)
    return form_class


def about_you_form_class(teams: list[dict]):
    """About you: team, role group and years in role. Every question may be left out."""
    choices = tuple((str(team["id"]), team["name"]) for team in teams)
    return _kept_class(("about you", choices), None, lambda: _about_you_form_class(teams))


def _about_you_form_class(teams: list[dict]):

    class AboutYouForm(FlaskForm):
        team = RadioField(
            "Which team do you work in?",
            choices=_choices([(str(team["id"]), team["name"]) for team in teams]
                             + [(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]),
            validators=[_one_of("Choose your team from the list, or “Prefer not to say”")],
            validate_choice=False,
        )
        role_group = RadioField(
            "What is your role?",
            choices=_choices(list(ROLE_GROUPS.items()) + [(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]),
            validators=[_one_of("Choose your role from the list, or “Prefer not to say”")],
            validate_choice=False,
        )
        years_band = RadioField(
            "How long have you worked in your current role?",
            choices=_choices(list(YEARS_BANDS.items()) + [(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]),
            validators=[_one_of("Choose how long you have worked in your role, or “Prefer not to say”")],
            validate_choice=False,
        )

    return AboutYouForm


def _one_of(message):
    """Blank is allowed (every question about you is optional); anything else must be offered."""

    def check(form, field):
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(message)

    return check


def standard_form_class(bank: QuestionBank, number: int):
    """The form for one standard's page: its practitioner items and a comment box."""
    return _kept_class(("standard", id(bank), number), bank, lambda: _standard_form_class(bank, number))


def _standard_form_class(bank: QuestionBank, number: int):
    standard = bank.standard(number)

    class StandardForm(FlaskForm):
        pass

    for item in bank.items_for(number):
        setattr(StandardForm, item_field(item), _item_field(bank, item))
        if has_number_dont_know(item):
            setattr(StandardForm, dont_know_field(item), StringField(bank.dont_know_label))
    setattr(
        StandardForm,
        comment_field(number),
        TextAreaField(
            f"Is there anything else you want to tell us about {standard.name.lower()}? (optional)",
            validators=[_comment_length],
        ),
    )
    return StandardForm


def _item_field(bank: QuestionBank, item: PractitionerItem):
    check = _ItemCheck(bank, item)
    if item.type in ("agreement", "frequency"):
        choices = [(choice.value, choice.label) for choice in bank.choices_for(item)]
        if item.dont_know:
            choices.append((DONT_KNOW, bank.dont_know_label))
        return RadioField(item.text, choices=_choices(choices), validators=[check], validate_choice=False)
    if item.type == "multiple_choice":
        return SelectMultipleField(
            item.text,
            choices=_choices((choice.value, choice.label) for choice in item.choices),
            validators=[check],
            validate_choice=False,
        )
    if item.type == "text":
        return TextAreaField(item.text, validators=[check])
    return StringField(item.text, validators=[check])


class _ItemCheck:
    """Required where the bank's scale offers "Don't know"; then the bank's own check."""

    def __init__(self, bank: QuestionBank, item: PractitionerItem):
        self.bank = bank
        self.item = item

    def __call__(self, form, field):
        item, bank = self.item, self.bank
        fields = {item_field(item): field.data}
        if has_number_dont_know(item):
            ticked = form[dont_know_field(item)].data == DONT_KNOW
            fields[dont_know_field(item)] = DONT_KNOW if ticked else ""
            if ticked and (field.data or "").strip():
                raise ValidationError(
                    f"Enter the number of {item.unit} or select “{bank.dont_know_label}”, not both"
                )
        value = raw_answer(item, fields)
        if value in (None, "", []):
            if item.type in ("agreement", "frequency", "number"):
                raise ValidationError(_missing_message(bank, item))
            return
        try:
            check_answer(bank, item, value)
        except AnswerError as error:
            raise ValidationError(error.message) from None


def _missing_message(bank: QuestionBank, item: PractitionerItem) -> str:
    if item.type == "agreement":
        return f"Select how much you agree with “{item.text.rstrip('.')}”"
    if item.type == "number":
        either = f", or select “{bank.dont_know_label}”" if item.dont_know else ""
        return f"Enter the number of {item.unit}{either}"
    return f"Select an answer to “{item.text}”"


def _comment_length(form, field):
    if len((field.data or "").strip()) > COMMENT_LIMIT:
        raise ValidationError(f"Your comments must be {COMMENT_LIMIT:,} characters or fewer")


def field_values(form) -> dict:
    """What the page was given, exactly as typed, to keep in the draft."""
    values = {}
    for name, field in form._fields.items():
        if name == "csrf_token":
            continue
        if isinstance(field, SelectMultipleField):
            values[name] = [value for value in (field.data or []) if value]
        else:
            values[name] = field.data or ""
    return values


def as_formdata(fields: dict) -> MultiDict:
    """Saved field values in the shape a form reads from a request."""
    pairs = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            if one not in (None, ""):
                pairs.append((name, one))
    return MultiDict(pairs)


# The app checks the CSRF token of every POST before any view runs (CSRFProtect), so a
# page's form does not check it a second time; pages show csrf_token() themselves.
NO_FORM_TOKEN = {"csrf": False}


def page_field_names(bank: QuestionBank, page: str) -> tuple[str, ...]:
    """The names of the fields a page shows."""
    if page == journey.ABOUT_YOU:
        return ABOUT_YOU_FIELDS
    return tuple(page_fields(bank, int(page.removeprefix("standard-"))))


def page_form(bank: QuestionBank, page: str, teams: list[dict], fields: dict | None = None):
    """The form for a page, filled from saved fields (fields=None reads the request)."""
    if page == journey.ABOUT_YOU:
        form_class = about_you_form_class(teams)
    else:
        form_class = standard_form_class(bank, int(page.removeprefix("standard-")))
    if fields is None:
        return form_class(meta=NO_FORM_TOKEN)
    return form_class(formdata=as_formdata(fields), meta=NO_FORM_TOKEN)


def first_unfinished_page(bank: QuestionBank, teams: list[dict], fields: dict,
                          passed=()) -> str | None:
    """The first page whose saved answers do not pass its checks, or None when all do.
    Pages in `passed` passed them when they were sent and are not checked again."""
    for page in journey.pages(bank):
        if page == journey.CHECK or page in passed:
            continue
        form = page_form(bank, page, teams, fields)
        if not form.validate():
            return page
    return None


def about_you_values(form) -> dict:
    return {name: form[name].data or "" for name in ABOUT_YOU_FIELDS}
