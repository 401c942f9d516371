"""Forms for the published summary: its main themes, and each action's public wording."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from healthcheck.publishing.you_said import OWN_WORDS


class PublicationForm(FlaskForm):
    themes = TextAreaField(
        "What are the main themes?",
        widget=GovTextArea(),
        description=(
            "In plain words, for all staff and elected members: what practitioners told you and what "
            "matters most. It appears near the top of the summary. Leave a blank line between "
            "paragraphs; start a line with - for a bulleted list."
        ),
        validators=[InputRequired(message="Enter the main themes, in plain words")],
    )


class PublicActionForm(FlaskForm):
    """One action in the published summary: in or out, "You said" and "We did"."""

    in_summary = RadioField(
        "Include this action in the published summary?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("yes", "Yes, include it"),
            SelectChoice("no", "No, leave it out"),
        ],
        validators=[InputRequired(message="Choose whether to include the action in the published summary")],
    )
    said = RadioField("You said", widget=GovRadioInput(), validators=[Optional()], validate_choice=False)
    public_said = TextAreaField(
        "What staff said, in your words",
        widget=GovTextArea(),
        description="For example: You told us supervision is often cancelled when teams are busy.",
    )
    # One of the chosen theme's example comments to quote (optional); the page lists each
    # theme's examples under its name, and the choice is checked against the theme chosen.
    public_example = StringField("Quote one comment from the theme (optional)")
    public_wording = TextAreaField(
        "We did",
        widget=GovTextArea(),
        description=(
            "What we are doing about it, in plain words for all staff and elected members. "
            "The action plan's own wording and findings are not published."
        ),
    )

    @classmethod
    def for_themes(cls, themes: list[dict], **kwargs) -> "PublicActionForm":
        form = cls(**kwargs)
        form.said.choices = [
            SelectChoice(theme["id"], f"{theme['name']} ({theme['count']} comment{'' if theme['count'] == 1 else 's'})")
            for theme in themes
        ] + [SelectChoice(OWN_WORDS, "In my own words")]
        return form


def public_form_data(action: dict) -> dict:
    return {
        "in_summary": "yes" if action.get("in_summary") else "no",
        "said": action.get("public_theme") or OWN_WORDS,
        "public_said": action.get("public_said") or "",
        "public_wording": action.get("public_wording") or "",
        "public_example": action.get("public_example") or "",
    }
