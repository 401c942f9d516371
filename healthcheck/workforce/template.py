"""The workforce template to download: a Figures sheet with a row per team and a Notes
sheet explaining every column, its unit and the organisation's definitions."""

from __future__ import annotations

import csv
import io

from healthcheck import cycles
from healthcheck.formatting import long_date
from healthcheck.workbook.cells import safe_text as workbook_text
from healthcheck.workforce.figures import definitions
from healthcheck.workforce.values import MARKERS

TEAM_HEADER = "team"


def safe_text(value):
    """Text that a spreadsheet will show as text, never run as a formula (see
    workbook.safe_text); numbers and other values as they are."""
    return workbook_text(value) if isinstance(value, str) else value


def template_csv(db, cycle: dict) -> bytes:
    bank = cycles.cycle_bank(cycle)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([TEAM_HEADER] + [field.key for field in bank.workforce_fields])
    for team in cycles.teams_for(db, cycle["id"]):
        writer.writerow([safe_text(team["name"])] + [""] * len(bank.workforce_fields))
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
        ("One row per team", "Write each team's name in the team column exactly as it appears in the cycle."),
        (
            "Not available",
            "Leave a cell blank, or write " + ", ".join(MARKERS[:-1]) + f" or {MARKERS[-1]}, when a "
            "figure is not available. These never count as zero.",
        ),
        ("Numbers only", "Type numbers, not formulas; decimals use a full stop, like 12.5."),
        ("Small teams", f"Figures about individuals are hidden for teams with fewer than {threshold} staff."),
    ]
    return lines


def template_xlsx(db, cycle: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bank = cycles.cycle_bank(cycle)
    workbook = Workbook()
    figures = workbook.active
    figures.title = "Figures"
    figures.append([TEAM_HEADER] + [field.key for field in bank.workforce_fields])
    for cell in figures[1]:
        cell.font = Font(bold=True)
    for team in cycles.teams_for(db, cycle["id"]):
        figures.append([safe_text(team["name"])])
    figures.freeze_panes = "B2"
    figures.column_dimensions["A"].width = 36
    for cell in figures[1][1:]:
        figures.column_dimensions[cell.column_letter].width = max(12, len(cell.value) + 2)

    notes = workbook.create_sheet("Notes")
    notes.append([safe_text(f"Workforce figures for {cycle['name']}")])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append([])
    for heading, text in notes_lines(cycle):
        notes.append([safe_text(heading), safe_text(text)])
        notes.cell(notes.max_row, 1).font = Font(bold=True)
    notes.append([])
    notes.append(["Column", "What to enter", "Unit", "Step it evidences", "Label"])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    individual = f"About individuals: hidden for teams with fewer than {cycle['reporting_threshold']} staff. "
    for field in bank.workforce_fields:
        description = (individual if field.individual else "") + field.description
        notes.append([field.key, safe_text(description), safe_text(field.unit), field.step, safe_text(field.label)])
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
