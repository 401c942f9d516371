"""How text and dates are shown: dates the way a council report writes them, and typed text
made inert for pages and exports."""

import datetime

from markupsafe import Markup


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


# Unicode embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069). Typed into a
# name or comment they can make the text around them read backwards ("Trojan Source"), so
# pages and exports show text without them. Plain right-to-left text needs none of them.
DIRECTION_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None)


def inert_text(value):
    """The value without direction controls; Markup stays Markup, non-text is untouched."""
    if isinstance(value, str) and not value.isascii():
        stripped = str.translate(value, DIRECTION_CONTROLS)
        return Markup(stripped) if isinstance(value, Markup) else stripped
    return value


# OWASP's list: a spreadsheet may evaluate a cell that starts with one of these.
CSV_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_text(value) -> str:
    """Free text for a CSV cell that no spreadsheet will run: text starting with a formula
    trigger gets a single quote in front (a CSV cell has no "this is text" flag to set)."""
    text = inert_text("" if value is None else str(value))
    return "'" + text if text.startswith(CSV_FORMULA_TRIGGERS) else text


def indicator_text(value, unit: str) -> str:
    """A workforce indicator as every page and paper shows it: one decimal place, with its unit."""
    if value is None:
        return "Not available"
    return f"{value:,.1f}%" if unit == "%" else f"{value:,.1f} {unit}"
