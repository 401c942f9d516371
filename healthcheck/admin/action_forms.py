"""Forms for the action plan pages; standards and steps come from the cycle's question bank."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, Form, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Optional

from healthcheck.actions.plan import PROGRESS, STATUSES, group_value
from healthcheck.web.forms import GovDateField

WORDING_SHOWN = 70


def standard_choices(bank, blank: str) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [
        SelectChoice(str(standard.number), f"{standard.number} {standard.name}") for standard in bank.standards
    ]


def step_choices(bank) -> list[SelectChoice]:
    def short(wording):
        return wording if len(wording) <= WORDING_SHOWN else wording[:WORDING_SHOWN].rsplit(" ", 1)[0] + " …"

    return [SelectChoice("", "No particular step")] + [
        SelectChoice(str(step.number), f"Step {step.number} (standard {step.standard}): {short(step.wording)}")
        for step in bank.steps
    ]


class ActionForm(FlaskForm):
    standard = SelectField(
        "Standard",
        widget=GovSelect(),
        description="The employer standard this action answers",
        validators=[InputRequired(message="Choose the standard the action answers")],
    )
    step = SelectField("Step (optional)", widget=GovSelect(), validators=[Optional()])
    for_group = SelectField(
        "Team or service area (optional)",
        widget=GovSelect(),
        description="Who the action is for, when it is not for the whole organisation",
        validators=[Optional()],
    )
    finding = TextAreaField(
        "Finding (optional)",
        widget=GovTextArea(),
        description="What the health check found, for example: Practitioners score supervision frequency 38 (Low)",
    )
    action = TextAreaField(
        "Action",
        widget=GovTextArea(),
        description="What will be done",
        validators=[InputRequired(message="Enter the action")],
    )
    owner = StringField(
        "Owner",
        widget=GovTextInput(),
        description="A name or a role, for example Head of Service, Children's Safeguarding",
        validators=[InputRequired(message="Enter the owner, a name or a role")],
    )
    lead = StringField("Lead (optional)", widget=GovTextInput(), description="Who does the work day to day")
    target_date = GovDateField(
        "Target date",
        description="For example, 31 3 2027",
        validators=[InputRequired(message="Enter the target date")],
    )
    status = RadioField(
        "Status",
        widget=GovRadioInput(),
        choices=[SelectChoice(name, name) for name in STATUSES],
        validators=[InputRequired(message="Choose the status")],
    )
    progress = RadioField(
        "Progress",
        widget=GovRadioInput(),
        choices=[SelectChoice(name, name) for name in PROGRESS],
        validators=[InputRequired(message="Choose the progress")],
    )

    @classmethod
    def for_bank(cls, bank, groups=(), **kwargs) -> "ActionForm":
        """groups: actions.group_choices of the cycle."""
        form = cls(**kwargs)
        form.standard.choices = standard_choices(bank, "Choose a standard")
        form.step.choices = step_choices(bank)
        form.for_group.choices = [SelectChoice("", "The whole organisation")] + [
            SelectChoice(value, label) for value, label in groups
        ]
        return form


def action_form_data(action: dict) -> dict:
    import datetime

    data = dict(action)
    data["standard"] = str(action["standard"])
    data["step"] = "" if action["step"] is None else str(action["step"])
    data["for_group"] = group_value(action)
    data["target_date"] = datetime.date.fromisoformat(action["target_date"]) if action["target_date"] else None
    return data


class NoteForm(FlaskForm):
    text = TextAreaField(
        "Add a progress note",
        widget=GovTextArea(),
        description="It is dated today and shows who wrote it",
        validators=[InputRequired(message="Enter the progress note")],
    )


class CarryOverForm(FlaskForm):
    source = RadioField(
        "Which cycle should unfinished actions come from?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the cycle to carry actions over from")],
    )


class ImportForm(FlaskForm):
    workbook = FileField(
        "Upload the edited action plan",
        widget=GovFileInput(),
        description="The .xlsx workbook downloaded from this page, saved after editing. Up to 5 MB.",
        validators=[FileRequired(message="Choose the action plan workbook to upload")],
    )


class FilterForm(Form):
    """The list's filters, read from the address (GET), so a filtered list can be bookmarked."""

    standard = SelectField("Standard", widget=GovSelect(), validate_choice=False)
    status = SelectField(
        "Status",
        widget=GovSelect(),
        validate_choice=False,
        choices=[SelectChoice("", "Any status")] + [SelectChoice(name, name) for name in STATUSES],
        validators=[Optional(), AnyOf(STATUSES, message="Choose a status from the list")],
    )
    overdue = BooleanField("Only overdue actions", widget=GovCheckboxInput())

    @classmethod
    def for_bank(cls, bank, args) -> "FilterForm":
        form = cls(args)
        form.standard.choices = standard_choices(bank, "Any standard")
        form.standard.validators = [
            Optional(),
            AnyOf([choice.value for choice in form.standard.choices[1:]], message="Choose a standard from the list"),
        ]
        return form

    def filters(self) -> dict:
        """Keyword arguments for actions.list_actions."""
        return {
            "standard": int(self.standard.data) if self.standard.data else None,
            "status": self.status.data or None,
            "overdue": bool(self.overdue.data),
        }
