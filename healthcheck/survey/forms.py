"""The survey's forms. A standard's page is built from the cycle's question bank. The
forms show a page's fields; what its answers must pass is checked by survey.checks."""

import threading
from collections import OrderedDict

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from healthcheck.questions import DONT_KNOW, PREFER_NOT_TO_SAY, ROLE_GROUPS, PractitionerItem, QuestionBank
from healthcheck.survey import journey
from healthcheck.survey.answers import comment_field, dont_know_field, has_number_dont_know, item_field

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
    """About you: team and role group. Every question may be left out."""
    choices = tuple((str(team["id"]), team["name"]) for team in teams)
    return _kept_class(("about you", choices), None, lambda: _about_you_form_class(teams))


def _about_you_form_class(teams: list[dict]):

    class AboutYouForm(FlaskForm):
        team = RadioField(
            "Which team do you work in?",
            choices=_choices(
                [(str(team["id"]), team["name"]) for team in teams] + [(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]
            ),
            validate_choice=False,
        )
        role_group = RadioField(
            "What is your role?",
            choices=_choices(list(ROLE_GROUPS.items()) + [(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]),
            validate_choice=False,
        )

    return AboutYouForm


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
        TextAreaField(f"Is there anything else you want to tell us about {standard.name.lower()}? (optional)"),
    )
    return StandardForm


def _item_field(bank: QuestionBank, item: PractitionerItem):
    if item.type in ("agreement", "frequency"):
        choices = [(choice.value, choice.label) for choice in bank.choices_for(item)]
        if item.dont_know:
            choices.append((DONT_KNOW, bank.dont_know_label))
        return RadioField(item.text, choices=_choices(choices), validate_choice=False)
    if item.type == "multiple_choice":
        return SelectMultipleField(
            item.text, choices=_choices((choice.value, choice.label) for choice in item.choices), validate_choice=False
        )
    if item.type == "text":
        return TextAreaField(item.text)
    return StringField(item.text)


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


def page_form(bank: QuestionBank, page: str, teams: list[dict], fields: dict, problems: dict | None = None):
    """The form for a page, showing its saved fields and what is wrong with them
    (checks.problems: field name -> message)."""
    if page == journey.ABOUT_YOU:
        form_class = about_you_form_class(teams)
    else:
        form_class = standard_form_class(bank, int(page.removeprefix("standard-")))
    form = form_class(formdata=as_formdata(fields), meta=NO_FORM_TOKEN)
    for name, message in (problems or {}).items():
        form[name].errors = [message]
    return form
