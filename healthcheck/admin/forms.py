"""Forms for the staff pages."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, IntegerField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from healthcheck.accounts import ROLES
from healthcheck.cycles import (
    COMMENT_RETENTION_RANGE,
    DEFAULT_COMMENT_RETENTION_MONTHS,
    DEFAULT_COMMENT_THRESHOLD,
    SERVICE_AREAS,
)
from healthcheck.settings import MINIMUM_REPORTING_THRESHOLD
from healthcheck.web.forms import GovDateField


class CycleForm(FlaskForm):
    name = StringField(
        "Cycle name",
        widget=GovTextInput(),
        description="For example, Health check 2026",
        validators=[InputRequired(message="Enter a name for the cycle")],
    )
    slug = StringField(
        "Web address name",
        widget=GovTextInput(),
        description="Used in the survey link. Lower-case letters, numbers and hyphens. Leave blank to make one from the name.",
        validators=[Optional()],
    )
    capture_date = GovDateField(
        "Capture date",
        description="The one date all workforce figures are taken at. For example, 30 9 2026",
        validators=[InputRequired(message="Enter the capture date")],
    )
    opens_on = GovDateField(
        "Survey opening date",
        validators=[InputRequired(message="Enter the survey opening date")],
    )
    closes_on = GovDateField(
        "Survey closing date",
        validators=[InputRequired(message="Enter the survey closing date")],
    )
    reporting_threshold = IntegerField(
        "Reporting threshold",
        widget=GovTextInput(),
        description=f"No figure or comment is shown for a group with fewer responses than this. At least {MINIMUM_REPORTING_THRESHOLD}.",
        validators=[
            InputRequired(message="Enter the reporting threshold"),
            NumberRange(
                min=MINIMUM_REPORTING_THRESHOLD,
                message=f"Reporting threshold must be {MINIMUM_REPORTING_THRESHOLD} or more",
            ),
        ],
    )
    # Checked by cycles._check_cycle, which says what is wrong in plain words.
    comment_threshold = StringField(
        "Comment threshold",
        widget=GovTextInput(),
        default=str(DEFAULT_COMMENT_THRESHOLD),
        description="A comment is labelled with its team or group only when that group has at least this many "
        f"responses; otherwise it is shown with no group. At least the reporting threshold; {DEFAULT_COMMENT_THRESHOLD} "
        "unless you choose otherwise.",
        validators=[Optional()],
    )
    comment_retention_months = StringField(
        "How many months to keep comments after the survey closes",
        widget=GovTextInput(),
        default=str(DEFAULT_COMMENT_RETENTION_MONTHS),
        description="Practitioners' written comments are deleted after this. Between "
        f"{COMMENT_RETENTION_RANGE[0]} and {COMMENT_RETENTION_RANGE[1]} months.",
        validators=[Optional()],
    )


class TeamForm(FlaskForm):
    name = StringField(
        "Team name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the team name")],
    )
    service_area = SelectField(
        "Service area",
        widget=GovSelect(),
        choices=[SelectChoice("", "Choose a service area")] + [SelectChoice(area, area) for area in SERVICE_AREAS],
        validators=[InputRequired(message="Choose the service area")],
    )
    headcount = IntegerField(
        "Eligible headcount",
        widget=GovTextInput(),
        description="How many people in this team can answer the survey",
        validators=[
            InputRequired(message="Enter the eligible headcount"),
            NumberRange(min=0, max=100000, message="Eligible headcount must be between 0 and 100,000"),
        ],
    )


class AccountForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter an email address")],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role, label) for role, label in ROLES.items()],
        validators=[InputRequired(message="Choose a role")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        description="At least 12 characters. Give it to the person in a safe way.",
        validators=[InputRequired(message="Enter a password")],
    )


class AccountEditForm(FlaskForm):
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role, label) for role, label in ROLES.items()],
        validators=[InputRequired(message="Choose a role")],
    )
    active = RadioField(
        "Can sign in",
        widget=GovRadioInput(),
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No, the account is switched off")],
        validators=[InputRequired(message="Choose whether the account can sign in")],
    )
    password = PasswordField(
        "New password (optional)",
        widget=GovPasswordInput(),
        description="Leave blank to keep the current password.",
        validators=[Optional()],
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        "Organisation name",
        widget=GovTextInput(),
        description="Shown on the survey start page and in every export",
        validators=[
            InputRequired(message="Enter the organisation name"),
            Length(max=200, message="The organisation name must be 200 characters or fewer"),
        ],
    )


class CloseForm(FlaskForm):
    confirm = BooleanField(
        "I understand that no more answers will be taken and unsent answers will be deleted",
        widget=GovCheckboxInput(),
        validators=[InputRequired(message="Confirm that you want to close the survey")],
    )


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change state."""
