"""The workforce template to download: a Figures sheet with a row per team and a Notes
sheet explaining every column, its unit and the organisation's definitions."""

from __future__ import annotations

import csv
import io

from healthcheck import cycles
from healthcheck.formatting import csv_text, long_date
from healthcheck.workbook.cells import clean_text, write_text
from healthcheck.workforce.figures import definitions
from healthcheck.workforce.values import LARGEST, LARGEST_BY_UNIT, WHOLE_UNITS

TEAM_HEADER = "Team"
# What a cell may say instead of a figure; an upload accepts these (and the DfE's markers).
NOT_AVAILABLE_TEXT = (
    "Leave the cell blank, or write n/a, N/A, - or TBC, when a figure is not available. These never count as zero."
)


def headings(bank) -> list[str]:
    """The heading row: plain-English labels (an upload accepts these or the short codes)."""
    return [TEAM_HEADER] + [field.label for field in bank.workforce_fields]


def heading_note(field, threshold: int) -> str:
    """The note on a heading cell: what to enter, its unit and the code an upload accepts."""
    whole = " Whole numbers only." if field.unit in WHOLE_UNITS else ""
    individual = f" About individuals: hidden for teams with fewer than {threshold} staff." if field.individual else ""
    return (
        f"{field.description}{individual}\n\nUnit: {field.unit}.{whole} Evidences step {field.step}. "
        f"Blank, n/a, - or TBC: not available.\n\nShort code: {field.key}"
    )


def cell_rule(field, column: str):
    """Number validation for a column's cells: a number in range, or a not-available word."""
    from openpyxl.worksheet.datavalidation import DataValidation

    cell = f"{column}2"
    largest = LARGEST_BY_UNIT.get(field.unit, LARGEST)
    number = (
        f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<={largest}"
        + (f",{cell}=INT({cell})" if field.unit in WHOLE_UNITS else "")
        + ")"
    )
    words = ",".join(f'LOWER(TRIM({cell}))="{word}"' for word in ("n/a", "na", "-", "tbc", "c", "x", "z", "u", "low"))
    rule = DataValidation(type="custom", formula1=f"OR({number},{words})", allow_blank=True)
    rule.error = (
        f"Enter a number of {field.unit} from 0 to {largest:,}"
        + (" (whole numbers only)" if field.unit in WHOLE_UNITS else "")
        + ", or n/a, - or TBC if the figure is not available."
    )
    rule.errorTitle = "Not a figure"
    rule.prompt = f"{field.unit}: blank, n/a, - or TBC if not available"
    rule.promptTitle = field.label[:32]
    rule.showErrorMessage = True
    rule.showInputMessage = True
    return rule


def csv_value(value):
    """Text for a CSV cell that no spreadsheet will run as a formula (formatting.csv_text);
    numbers and other values as they are."""
    return csv_text(value) if isinstance(value, str) else value


def append_row(sheet, values) -> None:
    """sheet.append, with every text cell rewritten by workbook.cells.write_text."""
    sheet.append([clean_text(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            write_text(cell, cell.value)


def template_csv(db, cycle: dict) -> bytes:
    bank = cycles.cycle_bank(cycle)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings(bank))
    for team in cycles.teams_for(db, cycle["id"]):
        writer.writerow([csv_value(team["name"])] + [""] * len(bank.workforce_fields))
    # utf-8-sig so Excel opens names with accents correctly.
    return out.getvalue().encode("utf-8-sig")


def notes_lines(cycle: dict) -> list[tuple[str, str]]:
    """(heading, text) lines describing the figures, for the Notes sheet."""
    threshold = cycle["reporting_threshold"]
    lines = [
        ("Cycle", cycle["name"]),
        (
            "Capture date",
            f"Give every figure at {long_date(cycle['capture_date'])}; figures for a year "
            "cover the 12 months to that date.",
        ),
    ]
    for label, text in definitions(cycle):
        lines.append((label, text or "Not recorded yet: ask the principal social worker."))
    lines += [
        ("One row per team", "Write each team's name in the Team column exactly as it appears in the cycle."),
        ("Not available", NOT_AVAILABLE_TEXT),
        ("Headings", "Keep the headings as they are. An upload also accepts each column's short code, listed below."),
        ("Numbers only", "Type numbers, not formulas; decimals use a full stop, like 12.5."),
        ("Small teams", f"Figures about individuals are hidden for teams with fewer than {threshold} staff."),
    ]
    return lines


def template_xlsx(db, cycle: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font

    bank = cycles.cycle_bank(cycle)
    workbook = Workbook()
    figures = workbook.active
    figures.title = "Figures"
    figures.append(headings(bank))
    for cell in figures[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    teams = cycles.teams_for(db, cycle["id"])
    for team in teams:
        append_row(figures, [team["name"]])
    figures.freeze_panes = "B2"
    figures.column_dimensions["A"].width = 36
    figures.row_dimensions[1].height = 60
    figures["A1"].comment = Comment(
        "Each team's name exactly as it appears in the cycle. Add no rows for other teams.", "Health check", 80, 300
    )
    last_row = max(len(teams) + 1, 2) + 200  # room for teams added later
    for field, cell in zip(bank.workforce_fields, figures[1][1:], strict=True):
        column = cell.column_letter
        figures.column_dimensions[column].width = 18
        cell.comment = Comment(heading_note(field, cycle["reporting_threshold"]), "Health check", 200, 320)
        rule = cell_rule(field, column)
        rule.add(f"{column}2:{column}{last_row}")
        figures.add_data_validation(rule)

    notes = workbook.create_sheet("Notes")
    append_row(notes, [f"Workforce figures for {cycle['name']}"])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append([])
    for heading, text in notes_lines(cycle):
        append_row(notes, [heading, text])
        notes.cell(notes.max_row, 1).font = Font(bold=True)
    notes.append([])
    notes.append(["Short code", "What to enter", "Unit", "Step it evidences", "Heading"])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    individual = f"About individuals: hidden for teams with fewer than {cycle['reporting_threshold']} staff. "
    for field in bank.workforce_fields:
        description = (individual if field.individual else "") + field.description
        append_row(notes, [field.key, description, field.unit, field.step, field.label])
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 90
    notes.column_dimensions["C"].width = 16
    notes.column_dimensions["D"].width = 18
    notes.column_dimensions["E"].width = 44
    for row in notes.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
