"""Jinja filters that present figures and dates the way a council report would."""

import datetime


def long_date(value) -> str:
    """2026-11-24 -> 24 November 2026 (GOV.UK date style)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day} {value:%B %Y}"


def init_app(app) -> None:
    app.add_template_filter(long_date)
