"""Reading back an action-plan workbook the steering group has edited.

The upload is checked as a file (size, zip bomb, password, damage) before openpyxl opens
it, then the Action plan sheet is read row by row against the cycle's actions. Every
problem is collected with its sheet, row and column; with any problem nothing is applied.
Changes are previewed and applied in one transaction only when the PSW confirms.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import re

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from healthcheck.actions import plan as actions
from healthcheck.formatting import DIRECTION_CONTROLS, long_date
from healthcheck.problems import Problem
from healthcheck.uploads import files
from healthcheck.workbook.action_plan import COLUMNS, OPTIONAL, SHEET, WHOLE_ORGANISATION
from healthcheck.workbook.cells import unsafe_text

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 1000
MAX_ROWS = 5000
# The sheet has len(COLUMNS) columns; a few more (a column of the steering group's own) are fine.
MAX_COLUMNS = 50
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected .xlsx and old .xls files
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
LEADING_NUMBER = re.compile(r"^\s*(\d+)\b")
LIMITS = files.Limits(
    max_rows=MAX_ROWS,
    max_bytes=MAX_UPLOAD_BYTES,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
    max_columns=MAX_COLUMNS,
    max_parts=MAX_PARTS,
)


class WorkbookError(ValueError):
    """The upload cannot be used; `problems` says where and why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0])
        self.problems = problems


def read_upload(db, cycle: dict, content: bytes, filename: str = "The file") -> ActionPlanChanges:
    """Check an uploaded workbook and work out its changes to the cycle's action plan."""
    from healthcheck.cycles import cycle_bank

    return read_action_plan(db, cycle, cycle_bank(cycle), open_workbook(content, filename))


def open_workbook(content: bytes, filename: str = "The file") -> openpyxl.Workbook:
    """The upload as an openpyxl workbook, once it is known to be a sound, modest .xlsx file."""
    if not content:
        raise WorkbookError([f"{filename} is empty"])
    if LIMITS.too_large(len(content)):
        raise WorkbookError([f"{filename} must be smaller than {LIMITS.megabytes} MB"])
    if content.startswith(OLE_SIGNATURE):
        raise WorkbookError(
            [
                f"{filename} is protected with a password or is an old-style .xls workbook. "
                "Save it as an Excel Workbook (.xlsx) without a password and upload it again"
            ]
        )
    refusal = files.workbook_refusal(content, LIMITS)
    if refusal is not None:
        raise WorkbookError([_refused(refusal.reason, filename)])
    try:
        return openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise WorkbookError([f"{filename} could not be read as an Excel workbook. Save it again as .xlsx"]) from None


def _refused(reason: str, filename: str) -> str:
    if reason == files.PASSWORD_PROTECTED:
        return f"{filename} is protected with a password. Remove the password and upload it again"
    if reason in (files.TOO_MANY_PARTS, files.UNPACKS_TOO_LARGE):
        return (
            f"{filename} unpacks to more than {LIMITS.unpacked_megabytes} MB, far more than an "
            "action plan needs. Upload the action plan workbook itself"
        )
    if reason == files.DAMAGED:
        return f"{filename} is damaged and cannot be read. Save it again and upload it again"
    return f"{filename} is not an Excel workbook. Upload the .xlsx file you downloaded from the action plan"


@dataclasses.dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclasses.dataclass
class ActionUpdate:
    action: dict
    row: int
    values: dict
    changes: list[FieldChange]
    note: str | None


@dataclasses.dataclass
class NewAction:
    row: int
    values: dict
    note: str | None


@dataclasses.dataclass
class ActionPlanChanges:
    updates: list[ActionUpdate]
    new: list[NewAction]
    missing: list[dict]  # actions whose row is not in the workbook: reported, never deleted

    @property
    def has_changes(self) -> bool:
        return bool(self.updates or self.new)

    def digest(self) -> str:
        """A fingerprint of what would be applied, so a confirmation applies exactly what was previewed."""
        text = repr([(u.action["id"], u.values, u.note) for u in self.updates] + [(n.values, n.note) for n in self.new])
        return hashlib.sha256(text.encode()).hexdigest()


def read_action_plan(db, cycle: dict, bank, book: openpyxl.Workbook) -> ActionPlanChanges:
    """Compare the workbook's Action plan sheet with the cycle's actions; raise WorkbookError listing every problem."""
    if SHEET not in book.sheetnames:
        raise WorkbookError(
            [f"The workbook has no sheet called '{SHEET}'. Upload the action plan workbook you downloaded"]
        )
    sheet = book[SHEET]
    if sheet.max_row > LIMITS.max_rows:
        raise WorkbookError(
            [f"{SHEET} sheet has {sheet.max_row:,} rows; an action plan can have at most {LIMITS.max_rows:,}"]
        )
    if sheet.max_column > LIMITS.max_columns:
        raise WorkbookError(
            [
                f"{SHEET} sheet has {sheet.max_column:,} columns; an action plan has {len(COLUMNS)}, "
                f"and a sheet with more than {LIMITS.max_columns} cannot be read. Delete the extra columns"
            ]
        )
    problems = formula_problems(sheet)
    positions = header_positions(sheet, problems)
    if problems:
        raise WorkbookError(problems)
    current = {action["reference"]: action for action in actions.list_actions(db, cycle["id"])}
    labels = dict(actions.group_choices(db, cycle["id"]))
    groups = {label.casefold(): value for value, label in labels.items()}
    # A row without an id that matches an action already in the plan is most likely the
    # same workbook uploaded twice: adding it again would duplicate the action.
    known = {(action["standard"], action["action"].casefold()): reference for reference, action in current.items()}
    seen: dict[str, int] = {}
    changes = ActionPlanChanges([], [], [])
    for cells in sheet.iter_rows(min_row=2):
        row = cells[0].row
        raw = {field: cells[index].value if index < len(cells) else None for field, index in positions.items()}
        if all(value is None or str(value).strip() == "" for value in raw.values()):
            continue
        where = RowPlace(row, positions, problems)
        reference = str(raw["reference"] or "").strip().upper()
        if reference and reference not in current:
            where.problem(
                "reference", f"{reference} is not an action in this cycle. Leave the id blank for a new action"
            )
            continue
        if reference in seen:
            where.problem("reference", f"{reference} is also on row {seen[reference]}; each action can appear once")
            continue
        if reference:
            seen[reference] = row
        values, note = read_row(raw, where)
        if values is None:
            continue
        if "for_group" in raw:
            given = text(raw["for_group"]).casefold()
            values["for_group"] = "" if given in ("", WHOLE_ORGANISATION.casefold()) else groups.get(given, given)
        try:
            checked = actions.check_action(bank, values)
            if "for_group" in values:
                checked["for_group"] = values["for_group"]
                actions.check_group(db, cycle["id"], values["for_group"])
            note = actions.check_note(note) if note else None
        except Problem as error:
            if error.field == "for_group":
                error = Problem(
                    f"'{text(raw['for_group'])}' is not a team or service area of this cycle. Use a name from the "
                    f"action plan page, or '{WHOLE_ORGANISATION}'",
                    "for_group",
                )
            where.problem("latest_note" if error.field == "text" else error.field, error.message)
            continue
        if not reference:
            duplicate = known.get((checked["standard"], checked["action"].casefold()))
            if duplicate:
                where.problem(
                    "reference",
                    f"this action is already in the plan as {duplicate}. "
                    f"Put {duplicate} in the Action id column, or remove the row",
                )
            else:
                changes.new.append(NewAction(row, checked, note))
            continue
        action = current[reference]
        differences = [
            FieldChange(actions.LABELS[field], show(bank, field, action[field]), show(bank, field, checked[field]))
            for field in actions.FIELDS
            if not same(checked[field], action[field])
        ]
        if "for_group" in checked and checked["for_group"] != actions.group_value(action):
            differences.append(
                FieldChange(
                    "For",
                    action["for_group"] or WHOLE_ORGANISATION,
                    labels.get(checked["for_group"], WHOLE_ORGANISATION),
                )
            )
        note = note if note and not same(note, (action["latest_note"] or "").strip()) else None
        if differences or note:
            changes.updates.append(ActionUpdate(action, row, checked, differences, note))
    if problems:
        raise WorkbookError(problems)
    changes.missing = [action for reference, action in current.items() if reference not in seen]
    return changes


def same(given, stored) -> bool:
    """The workbook leaves direction controls out of text, so text that differs from what
    is stored only by them has not been changed."""
    if isinstance(given, str) and isinstance(stored, str):
        return given == stored or given == stored.translate(DIRECTION_CONTROLS)
    return given == stored


class RowPlace:
    """Where a problem is: the sheet, the row, and the column by letter and heading."""

    def __init__(self, row: int, positions: dict[str, int], problems: list[str]):
        self.row, self.positions, self.problems = row, positions, problems

    def problem(self, field: str, message: str) -> None:
        column = next(column for column in COLUMNS if column.field == field)
        letter = get_column_letter(self.positions[field] + 1)
        self.problems.append(f"{SHEET} sheet, row {self.row}, column {letter} ({column.header}): {message}")


def formula_problems(sheet) -> list[str]:
    return [
        f"{SHEET} sheet, row {cell.row}, column {cell.column_letter}: contains a formula. "
        "Type the value itself instead of a formula"
        for cells in sheet.iter_rows()
        for cell in cells
        if cell.data_type == "f"
    ]


def header_positions(sheet, problems: list[str]) -> dict[str, int]:
    """{field: column index} from the heading row, whatever order the columns are in."""
    headings = {
        str(cell.value).strip().lower(): index
        for index, cell in enumerate(next(sheet.iter_rows(max_row=1), ()))
        if cell.value is not None
    }
    positions = {}
    for column in COLUMNS:
        if column.header.lower() in headings:
            positions[column.field] = headings[column.header.lower()]
        elif column.field not in OPTIONAL:
            problems.append(
                f"{SHEET} sheet, row 1: the column '{column.header}' is missing. "
                "Keep the heading row as it was downloaded"
            )
    return positions


def read_row(raw: dict, where: RowPlace) -> tuple[dict | None, str | None]:
    """The row's cells as the values check_action expects; None when a cell cannot be read."""
    count = len(where.problems)
    values = {field: text(raw[field]) for field in ("finding", "action", "owner", "lead")}
    values["standard"] = number(
        raw["standard"],
        lambda: where.problem(
            "standard", "Choose the standard from the list, like '3 Safe workloads and case allocation'"
        ),
    )
    values["step"] = number(
        raw["step"], lambda: where.problem("step", "Enter a step number, like 8, or leave it blank")
    )
    values["target_date"] = a_date(
        raw["target_date"],
        lambda shown: where.problem("target_date", f"Target date must be a real date, like 31/03/2027, not {shown}"),
    )
    for field, allowed in (("status", actions.STATUSES), ("progress", actions.PROGRESS)):
        given = text(raw[field])
        values[field] = next((name for name in allowed if name.lower() == given.lower()), given)
    if len(where.problems) > count:
        return None, None
    return values, text(raw["latest_note"])


def text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = value.strftime("%d/%m/%Y")
    return unsafe_text(value).strip()


def number(value, complain):
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    match = LEADING_NUMBER.match(str(value))
    if not match:
        complain()
        return None
    return int(match.group(1))


def a_date(value, complain):
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:  # a date typed into a cell that lost its date format arrives as Excel's day number
            return from_excel(value).date()
        except (ValueError, OverflowError, TypeError, AttributeError):
            pass
    shown = str(value).strip()
    for parse in (datetime.date.fromisoformat, *(_strptime(pattern) for pattern in DATE_FORMATS)):
        try:
            return parse(shown)
        except ValueError:
            continue
    complain(shown)
    return None


def _strptime(pattern):
    return lambda value: datetime.datetime.strptime(value, pattern).date()


def show(bank, field: str, value) -> str:
    """A field's value as the preview shows it."""
    if value in (None, ""):
        return "(blank)"
    if field == "standard":
        return f"{value} {bank.standard(value).name}"
    if field == "target_date":
        return long_date(value)
    return str(value)


def apply_changes(db, cycle: dict, bank, changes: ActionPlanChanges, author: str) -> dict:
    """Apply every previewed change in one transaction; returns how many actions changed and were added."""
    with db.atomic():
        for update in changes.updates:
            action = actions.update_action(db, update.action, update.values, author, bank)
            if update.note:
                actions.add_note(db, action, update.note, author)
        for new in changes.new:
            actions.create_action(db, cycle, new.values, author, bank, note=new.note)
    return {"changed": len(changes.updates), "added": len(changes.new)}
