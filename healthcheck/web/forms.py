"""Form pieces shared by every blueprint: GOV.UK date input and helpers."""

import datetime

from wtforms import DateField

from healthcheck.problems import Problem


class GovDateField(DateField):
    """A day/month/year date with GOV.UK error messages ("Enter a real opening date")."""

    def __init__(self, label=None, validators=None, **kwargs):
        from govuk_frontend_wtf.wtforms_widgets import GovDateInput

        kwargs.setdefault("widget", GovDateInput())
        super().__init__(label, validators, format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:
            # Not sent by the page's three boxes: show them empty rather than fail to draw them.
            self.raw_data = None
            if valuelist:
                self.data = None
                raise ValueError(f"{self.label.text} must be a day, a month and a year")
            return
        parts = [part.strip() for part in valuelist]
        if not any(parts):
            self.data = None
            return
        if not all(parts):
            missing = [name for name, part in zip(("day", "month", "year"), parts) if not part]
            self.data = None
            raise ValueError(f"{self.label.text} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(part) for part in parts)
            self.data = datetime.date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date") from None
        if year < 1900:
            self.data = None
            raise ValueError(f"{self.label.text} must include a 4-digit year, like 2026")


def show_problem(form, problem: Problem) -> None:
    """Show each of a Problem's messages against its form field (the first field when it names
    none), so the page's error summary lists it and links to the field."""
    for each in problem.problems:
        field = getattr(form, each.field, None) if each.field else None
        if field is None:
            field = next(iter(form))
        field.errors = list(field.errors) + [each.message]
