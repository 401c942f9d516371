"""Forms for the staff pages that get the survey to practitioners."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovTextInput
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired


class AccessCodeOptionForm(FlaskForm):
    required = RadioField(
        "Do practitioners need an access code to start the survey?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("yes", "Yes, each person needs one of the printed codes"),
            SelectChoice("no", "No, anyone with the link can answer (you are asked to confirm this)"),
        ],
        validators=[InputRequired(message="Choose whether an access code is needed")],
    )


class GenerateCodesForm(FlaskForm):
    how_many = StringField(
        "How many codes do you want to print?",
        widget=GovTextInput(),
        description="One for each person who can answer. You can make more later.",
        validators=[InputRequired(message="Enter how many codes you want to print")],
    )


class PublicLinkForm(FlaskForm):
    understood = BooleanField(
        "I understand that anyone with the link can answer more than once and choose any team",
        widget=GovCheckboxInput(),
        validators=[
            InputRequired(
                message="Confirm that you understand anyone with the link can answer more than once and choose any team"
            )
        ],
    )
