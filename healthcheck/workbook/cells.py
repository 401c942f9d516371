"""The workbook's cells: styles, safe text, rows, widths and the context every sheet reads."""

from __future__ import annotations

import dataclasses
import datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill

from healthcheck.formatting import DIRECTION_CONTROLS
from healthcheck.questions import QuestionBank

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


def clean_text(value) -> str:
    """Free text as a cell can hold it, exactly as people wrote it.

    Characters XML cannot hold are removed, and so are Unicode direction controls (as on
    every page), so no cell reads backwards. Nothing is added: a cell written with
    write_text stays text through its type and style, not through an extra character.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)).translate(DIRECTION_CONTROLS)
    return text[:CELL_LIMIT]


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def unsafe_text(value) -> str:
    """Text read back from a workbook. Workbooks made before cells carried Excel's
    quote-prefix style marked such text with a single quote: that quote is taken off,
    so a round trip of an older workbook changes nothing either."""
    text = "" if value is None else str(value)
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


def write_text(cell, value) -> None:
    """Write free text to a cell so that no spreadsheet can evaluate it, keeping every character.

    The cell is a string cell (openpyxl would otherwise guess a formula for "=..." or an
    error for "#N/A"), and text that starts with a formula trigger carries Excel's
    quote-prefix style: the hidden "this is text" flag, which Excel and LibreOffice keep
    when someone edits the cell, instead of an apostrophe people would see.
    """
    text = clean_text(value)
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    elif cell.has_style and cell.quotePrefix:
        cell.quotePrefix = False


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


# A chart's bars in the colours the pages give each band (static/app.css), strong enough
# against white for a bar (WCAG's 3:1 for graphics).
CHART_RED, CHART_AMBER, CHART_GREEN = "CA3535", "8F5B00", "0F7A52"


def _band_position(bank: QuestionBank, band_name: str | None) -> str | None:
    """ "low", "middle" or "high": where a band sits among the bank's bands."""
    names = [band.name for band in sorted(bank.bands, key=lambda band: band.min)]
    if band_name not in names:
        return None
    position = names.index(band_name)
    return "low" if position == 0 else "high" if position == len(names) - 1 else "middle"


def band_style(bank: QuestionBank, band_name: str | None):
    """(fill, font) for a band: the lowest red, the highest green, any between amber."""
    position = _band_position(bank, band_name)
    return None if position is None else {"low": RED, "middle": AMBER, "high": GREEN}[position]


def band_chart_colour(bank: QuestionBank, band_name: str | None) -> str | None:
    """A chart bar's colour for a band, as band_style colours its cell."""
    position = _band_position(bank, band_name)
    return None if position is None else {"low": CHART_RED, "middle": CHART_AMBER, "high": CHART_GREEN}[position]


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
