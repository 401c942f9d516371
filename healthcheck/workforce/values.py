"""One workforce figure read from a cell or a form box: a number, "not available", or a problem.

The rules are the same for an uploaded file and for the form, so a figure that one
accepts the other accepts too.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from healthcheck.problems import Problem

# The DfE's markers for a figure that is not available: c confidential, x not
# available, z not applicable, u low reliability, low a small non-zero number.
# They never mean zero.
MARKERS = ("c", "x", "z", "u", "low")
# What councils' own spreadsheets write for a figure they do not have: never zero either.
NOT_AVAILABLE = ("n/a", "na", "-", "\u2013", "\u2014", "tbc", "tba", "not known", "unknown", "not available")
MARKER_HINT = "Leave the cell blank, or write n/a, -, TBC (or c, x, z, u or low), if the figure is not available"
# Counts of whole things; FTE, days and hours may have decimals.
WHOLE_UNITS = {"people", "cases", "referrals", "sessions"}
LARGEST = 1_000_000
LARGEST_BY_UNIT = {"hours per week": 168}
# Figures that are, by their definition in the bank, a part of another figure:
# the part can never be more than the whole (that would be a rate above 100 %).
PART_OF = {
    "agency_cover_fte": "agency_fte",
    "long_term_absence_fte": "inpost_fte",
    "re_referrals": "referrals",
    "supervisions_held": "supervisions_due",
    "cpd_attended": "cpd_planned",
}
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
FORMULA_STARTS = ("=",)


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell holding a formula rather than a value."""

    text: str


@dataclass(frozen=True)
class FileProblem:
    """Something wrong in an upload, and where: a row and column as a spreadsheet numbers them."""

    message: str
    row: int | None = None
    column: int | None = None
    header: str | None = None
    team: str | None = None  # the team named on the problem's row, if it names one

    @property
    def column_text(self) -> str:
        """Like "D (vacancy_fte)": the column's letter and its header."""
        if self.column is None:
            return ""
        return get_column_letter(self.column) + (f" ({self.header})" if self.header else "")

    @property
    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}" + (f" (team {self.team})" if self.team else ""))
        if self.column is not None:
            parts.append(f"column {self.column_text}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class WorkforceFileError(ValueError):
    """An upload that cannot be imported. Nothing has been changed."""

    def __init__(self, file_name: str, problems: list[FileProblem]):
        self.file_name = file_name
        self.problems = list(problems)
        super().__init__("\n".join(f"{file_name}: {problem}" for problem in self.problems))


def shown(value) -> str:
    """A cell's content as a person would read it in a message."""
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "..."


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_marker(value) -> bool:
    return isinstance(value, str) and (value.strip().lower() in MARKERS or value.strip().lower() in NOT_AVAILABLE)


def parse_figure(value, unit: str, *, decimal_comma: bool = False, hint: str = MARKER_HINT) -> float | None:
    """A figure from a cell or form box: a number, or None when it is not available.

    `decimal_comma` is set for files whose columns are separated by semicolons,
    where "1,234" could mean either 1234 or 1.234 and so is refused.
    """
    if is_blank(value) or is_marker(value):
        return None
    if isinstance(value, Formula):
        raise Problem(
            f"the cell holds a formula ({shown(value.text)}); type the figure itself, as formulas are not imported"
        )
    if isinstance(value, bool):
        raise Problem(f"the cell holds {str(value).upper()}, not a number")
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise Problem(f"the cell holds a date or time ({shown(value)}), not a number")
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            raise Problem("the cell does not hold a number")
        text = shown(value)
    else:
        text = str(value).strip()
        number = _number_from_text(text, decimal_comma, hint)
    return check_figure(number, unit, text)


def _number_from_text(text: str, decimal_comma: bool, hint: str) -> float:
    if text.startswith(FORMULA_STARTS):
        raise Problem(f'"{shown(text)}" is a formula; type the figure itself, as formulas are not imported')
    compact = text.replace(" ", "").replace("\u00a0", "")
    if DECIMAL_COMMA.match(compact) and (decimal_comma or not THOUSANDS.match(compact)):
        raise Problem(
            f'"{shown(text)}" uses a comma as the decimal point; write it with a full stop, '
            f"like {compact.replace(',', '.')}"
        )
    if THOUSANDS.match(compact):
        if decimal_comma:
            raise Problem(
                f'"{shown(text)}" has a comma in it; in a file separated by semicolons write '
                "numbers without commas, like 1234.5"
            )
        compact = compact.replace(",", "")
    if compact.endswith("%") and NUMBER.match(compact[:-1]):
        raise Problem(
            f'"{shown(text)}" is a rate, not a figure this column holds; put the number itself '
            "(for example the FTE of vacant posts), and the rate is worked out from it"
        )
    if not NUMBER.match(compact):
        raise Problem(f'"{shown(text)}" is not a number. {hint}')
    return float(compact)


def check_figure(number: float, unit: str, text: str | None = None) -> float:
    text = text if text is not None else f"{number:g}"
    if number < 0:
        raise Problem(f"{text} is negative; a count of {unit} cannot be less than 0")
    if unit in WHOLE_UNITS and number != int(number):
        raise Problem(f"{text} is not a whole number; {unit} are counted in whole numbers")
    largest = LARGEST_BY_UNIT.get(unit, LARGEST)
    if number > largest:
        reason = "there are 168 hours in a week" if unit == "hours per week" else f"the most allowed is {largest:,}"
        raise Problem(f"{text} is too large: {reason}")
    return number


def part_whole_problems(values: dict[str, float | None], labels: dict[str, str]) -> list[tuple[str, str]]:
    """(field, message) for each part that is larger than its whole, such as more
    supervisions held than were due: a rate above 100 %."""
    problems = []
    for part, whole in PART_OF.items():
        if part not in labels or whole not in labels:
            continue
        if values.get(part) is not None and values.get(whole) is not None and values[part] > values[whole]:
            problems.append(
                (
                    part,
                    f"{values[part]:g} is more than the {values[whole]:g} in {labels[whole].lower()} "
                    f"({whole}), which would make a rate above 100 %; "
                    f"{labels[part].lower()} are part of {labels[whole].lower()}",
                )
            )
    return problems
