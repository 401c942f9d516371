"""The form on the suggested-actions page: each draft editable, with a box to keep it.
Only kept drafts are checked; a discarded draft is never looked at."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextArea, GovTextInput
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired

from healthcheck.web.forms import GovDateField

NONE_KEPT = "Choose at least one suggested action to keep, or go back to the action plan"


class DraftForm(Form):
    key = HiddenField()
    keep = BooleanField("Keep this action", widget=GovCheckboxInput())
    finding = TextAreaField("Finding", widget=GovTextArea(), description="What the results show, from the figures")
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
        "Target date", description="For example, 31 3 2027", validators=[InputRequired(message="Enter the target date")]
    )

    def validate(self, extra_validators=None):
        if not self.keep.data:
            return True  # discarded: whatever is typed in it does not matter
        return super().validate(extra_validators)


class SuggestionsForm(FlaskForm):
    drafts = FieldList(FormField(DraftForm))

    @classmethod
    def for_suggestions(cls, suggestions) -> "SuggestionsForm":
        """The drafts as suggested; a sent form keeps what the PSW typed."""
        form = cls(
            data={
                "drafts": [
                    {"key": draft.key, "finding": draft.finding, "action": draft.action} for draft in suggestions.drafts
                ]
            }
        )
        form.headings = {draft.key: draft.heading for draft in suggestions.drafts}
        for entry in form.drafts:
            heading = form.headings.get(entry.key.data)
            if heading:
                entry.keep.label.text = f"Keep the action for {heading[0].lower()}{heading[1:]}"
        return form

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for entry in self.drafts:
            heading = self.headings.get(entry.key.data)
            for field in entry.form:
                if heading and field.errors:
                    # Several drafts have the same fields: say which one each message is about.
                    field.errors = [f"{heading}: {message}" for message in field.errors]
        if self.drafts.entries and not any(entry.keep.data for entry in self.drafts):
            self.drafts.entries[0].keep.errors = [NONE_KEPT]
            valid = False
        self._collect_errors()
        return valid

    def kept(self) -> list[dict]:
        """What the PSW kept, as edited, for suggestions.keep_drafts."""
        return [
            {name: entry.form[name].data for name in ("key", "finding", "action", "owner", "lead", "target_date")}
            for entry in self.drafts
            if entry.keep.data
        ]

    def show(self, problems) -> None:
        """Put the domain's problems ([(draft key, field, message)]) beside the fields they concern."""
        entries = {entry.key.data: entry for entry in self.drafts}
        for key, name, message in problems:
            entry = entries.get(key)
            if entry is None:
                continue
            field = entry.form._fields.get(name) or entry.form.action
            field.errors = list(field.errors) + [message]
        self._collect_errors()

    def _collect_errors(self) -> None:
        # The list's errors are gathered while validating; gather them again after changing any.
        errors = [entry.errors for entry in self.drafts]
        self.drafts.errors = errors if any(errors) else []
