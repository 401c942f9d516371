"""The Excel workbook the steering group works from: one small function per sheet, and
safe_text() for every free-text cell so nothing written from the app can become a formula.

The sheets made from scores (Summary, Standards, Teams, Comments) read only the
disclosable view, `results.results_for(db, cycle)`, so the reporting threshold holds
in the workbook exactly as it does on the results pages; before the results are
released they are left out and the Summary sheet says so. The Workforce sheet reads
the workforce package's report, which hides figures about individuals in small teams.
"""

from __future__ import annotations

import dataclasses
import datetime
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName

from healthcheck import cycles
from healthcheck.formatting import long_date
from healthcheck.questions import QuestionBank
from healthcheck.results import compute as results
from healthcheck.web.security import DIRECTION_CONTROLS

# OWASP's list: a cell starting with one of these may be evaluated by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel keeps at most this many characters in a cell.
CELL_LIMIT = 32767
SHEET_ORDER = ("Summary", "Standards", "Teams", "Workforce", "Action plan", "Comments", "About")
STANDARD_LIST = "StandardList"
BOLD = Font(bold=True)
HEADING = Font(bold=True, size=14)
WRAPPED = Alignment(wrap_text=True, vertical="top")
# Colours with enough contrast for their dark text (WCAG AA).
RED = (PatternFill("solid", start_color="F6D7D2"), Font(color="942514", bold=True))
AMBER = (PatternFill("solid", start_color="FFF1C2"), Font(color="594D00"))
GREEN = (PatternFill("solid", start_color="CCE2D8"), Font(color="005A30"))


def safe_text(value) -> str:
    """Free text as a cell value that can never be evaluated.

    Characters XML cannot hold are removed, and so are Unicode direction controls (as on
    every page), so no cell reads backwards; text starting with a formula trigger is
    prefixed with a single quote, so it reads as text in Excel and LibreOffice.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)).translate(DIRECTION_CONTROLS)
    if text.startswith(FORMULA_TRIGGERS):
        text = "'" + text
    return text[:CELL_LIMIT]


def unsafe_text(value) -> str:
    """Undo safe_text's quote when text comes back from a workbook, so a round trip changes nothing."""
    text = "" if value is None else str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def write_text(cell, value) -> None:
    """Write free text to a cell as a string, whatever it looks like."""
    cell.value = safe_text(value)
    # openpyxl guesses a type from the value ('f' for "=...", 'e' for "#N/A"): text is text.
    cell.data_type = "s"


def write_row(sheet, row: int, values, font=None, alignment=None) -> list:
    """Strings through write_text; numbers and dates as they are. Returns the cells written,
    so callers can format them without reading the row back (which scans the whole sheet)."""
    cells = []
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            write_text(cell, value)
        else:
            cell.value = value
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        cells.append(cell)
    return cells


def set_widths(sheet, widths) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def fit_row_heights(sheet, first_row: int = 1) -> None:
    """Tall enough rows for wrapped text: spreadsheets do not always work this out on opening."""
    from openpyxl.utils import get_column_letter

    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            width = sheet.column_dimensions[get_column_letter(cell.column)].width or 8.43
            per_line = max(int(width * 1.1) - 1, 1)
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in cell.value.split("\n")))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = 15 * lines


def print_landscape(sheet, title_rows: str | None = None) -> None:
    """Landscape on A4, fitted to the page width, as many pages tall as it needs."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddHeader.center.text = "&A"
    sheet.oddFooter.center.text = "Page &P of &N"


@dataclasses.dataclass(frozen=True)
class WorkbookContext:
    """What every sheet needs to know about the cycle and who asked for the workbook."""

    cycle: dict
    bank: QuestionBank
    organisation: str
    generated_by: str
    generated_on: datetime.datetime

    @property
    def threshold(self) -> int:
        return self.cycle["reporting_threshold"]

    @property
    def today(self) -> datetime.date:
        return self.generated_on.date()

    def standard_label(self, number: int) -> str:
        """ "3 Safe workloads and case allocation": the number first, so imports can read it back."""
        return f"{number} {self.bank.standard(number).name}"


def build_workbook(db, cycle: dict, generated_by: str, now: datetime.datetime | None = None) -> Workbook:
    """The cycle's workbook, every sheet in SHEET_ORDER, opening on the Action plan."""
    from healthcheck.workbook.action_plan import add_action_plan_sheet
    from healthcheck.workbook.scores import add_comments_sheet, add_standards_sheet, add_summary_sheet
    from healthcheck.workbook.teams import add_teams_sheet
    from healthcheck.workbook.workforce import add_workforce_sheet

    context = WorkbookContext(
        cycle=cycle,
        bank=cycles.cycle_bank(cycle),
        organisation=cycles.organisation_name(db),
        generated_by=generated_by,
        generated_on=(now or datetime.datetime.now()).replace(microsecond=0),
    )
    book = Workbook()
    book.remove(book.active)
    try:
        view = results.results_for(db, cycle)
    except results.ResultsNotReleased as error:
        view = None
        add_not_released_sheet(book, context, error.message)
    if view is not None:
        add_summary_sheet(book, context, view)
        add_standards_sheet(book, context, view)
        add_teams_sheet(book, context, view)
    add_workforce_sheet(book, db, context)
    add_action_plan_sheet(book, db, context)
    if view is not None:
        add_comments_sheet(book, context, view)
    add_about_sheet(book, context)
    order_sheets(book)
    book.active = book.sheetnames.index("Action plan")
    return book


def add_not_released_sheet(book, context: WorkbookContext, message: str) -> None:
    """The Summary sheet of a cycle whose results are not released: it says so, and holds no
    score, count, distribution or comment (the Standards, Teams and Comments sheets are left out)."""
    sheet = book.create_sheet("Summary")
    write_row(sheet, 1, [f"{context.bank.name}: {context.cycle['name']}"], font=HEADING)
    write_row(sheet, 3, ["Results appear after release"], font=BOLD)
    write_row(sheet, 4, [message])
    sheet.column_dimensions["A"].width = 110


def band_style(bank: QuestionBank, band_name: str | None):
    """(fill, font) for a band: the lowest red, the highest green, any between amber."""
    names = [band.name for band in sorted(bank.bands, key=lambda band: band.min)]
    if band_name not in names:
        return None
    position = names.index(band_name)
    return RED if position == 0 else GREEN if position == len(names) - 1 else AMBER


def add_band_formats(sheet, cells: str, bank: QuestionBank) -> None:
    """Colour scores in `cells` (a range like "C5:J40") by band.

    Only numbers are coloured: a spreadsheet counts an empty cell as 0, which
    would paint "no score" as Low.
    """
    top_left = cells.split(":")[0].replace("$", "")
    for band in bank.bands:
        fill, font = band_style(bank, band.name)
        rule = f"AND(ISNUMBER({top_left}),{top_left}>={band.min},{top_left}<={band.max})"
        sheet.conditional_formatting.add(cells, FormulaRule(formula=[rule], fill=fill, font=font))


def band_number_format(band_name: str) -> str:
    """Shows a score with its band in words ("38 Low") while the cell stays a number."""
    return '0" ' + band_name.replace('"', "") + '"'


def order_sheets(book: Workbook) -> None:
    """Put the sheets in SHEET_ORDER, whichever were built."""
    for position, title in enumerate(name for name in SHEET_ORDER if name in book.sheetnames):
        book.move_sheet(title, position - book.sheetnames.index(title))


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def action_plan_filename(cycle: dict) -> str:
    return f"{cycle['slug']}-action-plan.xlsx"


def add_about_sheet(book: Workbook, context: WorkbookContext) -> None:
    sheet = book.create_sheet("About")
    cycle, bank = context.cycle, context.bank
    write_row(sheet, 1, [f"{bank.name}: {cycle['name']}"], font=HEADING)
    details = [
        ("Organisation", context.organisation or "Not set"),
        ("Cycle", cycle["name"]),
        ("Workforce figures taken on", long_date(cycle["capture_date"])),
        ("Survey open", f"{long_date(cycle['opens_on'])} to {long_date(cycle['closes_on'])}"),
        (
            "Reporting threshold",
            f"{context.threshold}: no figure or comment is shown for a group of fewer than "
            f"{context.threshold} people, and no figure that would let anyone work one out.",
        ),
        ("Question bank version", cycle["bank_version"] or f"{bank.version} (the survey has not opened yet)"),
        ("Generated on", f"{long_date(context.generated_on)} at {context.generated_on:%H:%M}"),
        ("Generated by", context.generated_by),
    ]
    row = 3
    for label, value in details:
        write_row(sheet, row, [label, value], alignment=WRAPPED)
        sheet.cell(row=row, column=1).font = BOLD
        row += 1
    for heading, paragraphs in explanations(context):
        row += 1
        write_row(sheet, row, [heading], font=BOLD)
        for paragraph in paragraphs:
            row += 1
            write_row(sheet, row, ["", paragraph], alignment=WRAPPED)
    row += 2
    write_row(sheet, row, ["Standards"], font=BOLD)
    first = row + 1
    for standard in bank.standards:
        row += 1
        write_row(sheet, row, [context.standard_label(standard.number), standard.description], alignment=WRAPPED)
    # The Action plan sheet's Standard dropdown lists these cells.
    book.defined_names[STANDARD_LIST] = DefinedName(STANDARD_LIST, attr_text=f"About!$A${first}:$A${row}")
    set_widths(sheet, [34, 100])
    fit_row_heights(sheet)
    print_landscape(sheet)


def explanations(context: WorkbookContext) -> list[tuple[str, list[str]]]:
    """What the figures mean and how they are scored, in words taken from the cycle's bank."""
    bank = context.bank
    bands = ", ".join(f"{band.name} {band.min} to {band.max}" for band in bank.bands)
    agreement = ", ".join(f"{choice.label} {choice.score:g}" for choice in bank.agreement)
    organisation = ", ".join(f"{choice.label} {choice.score:g}" for choice in bank.organisation_answers)
    return [
        (
            "What the figures mean",
            [
                "Every score is out of 100 and has a band: "
                + bands
                + ". A score is always shown with its band in words.",
                "Each score comes with its coverage (how many steps had data) and the number of people who answered.",
                f"A figure based on fewer than {context.threshold} people is never shown as a number: its cell says why, "
                f"for example 'Fewer than {context.threshold} responses'. Small groups are combined with others where "
                "that keeps everyone's answers safe, and no figure is shown that would let anyone work a hidden one out.",
            ],
        ),
        (
            "Scoring method",
            [
                "Practitioners' answers on the agreement scale score " + agreement + "; statements where agreeing is "
                "bad news are scored the other way round. '"
                + bank.dont_know_label
                + "' is left out, not counted as zero.",
                "The organisation's own view of each step scores " + organisation + ".",
                "Workforce indicators score 100 at or better than their 'good' level, 0 at or worse than their 'poor' "
                "level, and in proportion between. The Workforce sheet gives each definition.",
                "A step's score is the mean of the parts it has; a standard's score is the mean of its steps' scores.",
            ],
        ),
        (
            "Using the Action plan sheet",
            [
                "Change the status, progress, owner, lead, target date or the action itself, and write the latest "
                "progress in 'Latest note'. Choose status and progress from the lists.",
                "To add an action, fill in a new row and leave 'Action id' blank. Do not change an action id.",
                "Removing a row does not delete the action; the principal social worker will be told it is missing.",
                "Type values, not formulas: a workbook with a formula on the Action plan sheet is refused.",
                "The principal social worker uploads the saved workbook and checks every change before it is applied.",
            ],
        ),
        (
            "Status and progress",
            [
                "Status: Not started, In progress, Complete or Cancelled. An action is overdue when its target date has "
                "passed and it is not Complete or Cancelled; overdue target dates are shown in red.",
                "Progress: On track (green), At risk (amber) or Off track (red).",
            ],
        ),
    ]
