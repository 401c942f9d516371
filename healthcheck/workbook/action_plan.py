"""The Action plan sheet: an Excel table the steering group filters, edits and hands back."""

from __future__ import annotations

import dataclasses
import datetime

from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from healthcheck.actions import plan as actions
from healthcheck.workbook.cells import (
    AMBER,
    GREEN,
    RED,
    STANDARD_LIST,
    WRAPPED,
    WorkbookContext,
    fit_row_heights,
    print_landscape,
    set_widths,
    write_text,
)

SHEET = "Action plan"
TABLE = "ActionPlan"
DATE_FORMAT = "d mmm yyyy"
# Dropdowns and formats reach this many rows below the last action, for rows added in Excel.
SPARE_ROWS = 200
# The For column: a team's name, "<area> (service area)", or this.
WHOLE_ORGANISATION = "Whole organisation"
# Columns a workbook may lack (one downloaded before they were added): left as they are.
OPTIONAL = ("for_group",)
EARLIEST_DATE = "2000-01-01"
LATEST_DATE = "2100-12-31"


@dataclasses.dataclass(frozen=True)
class Column:
    header: str
    field: str
    width: int


COLUMNS = (
    Column("Action id", "reference", 10),
    Column("Standard", "standard", 26),
    Column("Step", "step", 7),
    Column("Finding", "finding", 38),
    Column("Action", "action", 44),
    Column("Owner", "owner", 18),
    Column("Lead", "lead", 18),
    Column("Target date", "target_date", 13),
    Column("Status", "status", 13),
    Column("Progress", "progress", 12),
    Column("Latest note", "latest_note", 44),
    # last, so a workbook downloaded before it was added still reads column by column
    Column("For", "for_group", 22),
)


def letter(field: str) -> str:
    return get_column_letter(next(i for i, column in enumerate(COLUMNS, start=1) if column.field == field))


def add_action_plan_sheet(book, db, context: WorkbookContext) -> None:
    sheet = book.create_sheet(SHEET)
    rows = actions.list_actions(db, context.cycle["id"], today=context.today)
    for number, column in enumerate(COLUMNS, start=1):
        write_text(sheet.cell(row=1, column=number), column.header)
    for row_number, action in enumerate(rows, start=2):
        write_action(sheet, row_number, action, context)
    last = max(len(rows) + 1, 2)  # a table needs a row under its header, even an empty one
    table = Table(displayName=TABLE, ref=f"A1:{get_column_letter(len(COLUMNS))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    end = last + SPARE_ROWS
    add_validations(sheet, end)
    add_conditional_formats(sheet, end)
    sheet.freeze_panes = "B2"
    set_widths(sheet, [column.width for column in COLUMNS])
    fit_row_heights(sheet)
    print_landscape(sheet, title_rows="1:1")


def write_action(sheet, row: int, action: dict, context: WorkbookContext) -> None:
    for number, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=row, column=number)
        value = action.get(column.field)
        if column.field == "standard":
            write_text(cell, context.standard_label(value))
        elif column.field == "step":
            cell.value = value
        elif column.field == "for_group":
            write_text(cell, value or WHOLE_ORGANISATION)
        elif column.field == "target_date":
            cell.value = _date(value)
            cell.number_format = DATE_FORMAT
        else:
            write_text(cell, value or "")
        cell.alignment = WRAPPED


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def add_validations(sheet, end: int) -> None:
    """Dropdowns for standard, status and progress; whole numbers for step; real dates for target date."""

    def column_range(field):
        return f"{letter(field)}2:{letter(field)}{end}"

    def listed(field, formula, message):
        validation = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"Choose the {field}",
            error=message,
        )
        validation.add(column_range(field))
        sheet.add_data_validation(validation)

    listed("standard", STANDARD_LIST, "Choose the standard from the list.")
    listed(
        "status",
        '"' + ",".join(actions.STATUSES) + '"',
        "Choose a status from the list: " + ", ".join(actions.STATUSES),
    )
    listed(
        "progress",
        '"' + ",".join(actions.PROGRESS) + '"',
        "Choose progress from the list: " + ", ".join(actions.PROGRESS),
    )
    step = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2="99",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Step number",
        error="Enter a step number, like 8, or leave it blank.",
    )
    step.add(column_range("step"))
    sheet.add_data_validation(step)
    target = DataValidation(
        type="date",
        operator="between",
        allow_blank=True,
        showErrorMessage=True,
        formula1=str(int(to_excel(_date(EARLIEST_DATE)))),
        formula2=str(int(to_excel(_date(LATEST_DATE)))),
        errorTitle="Target date",
        error="Enter a real date, like 31/03/2027.",
    )
    target.add(column_range("target_date"))
    sheet.add_data_validation(target)
    # A date typed into a new row shows the same way as the others.
    date_column = COLUMNS.index(next(column for column in COLUMNS if column.field == "target_date")) + 1
    for row in range(2, end + 1):
        sheet.cell(row=row, column=date_column).number_format = DATE_FORMAT


def add_conditional_formats(sheet, end: int) -> None:
    """Overdue target dates in red; progress in red, amber or green (the words are there too)."""
    date, status, progress = letter("target_date"), letter("status"), letter("progress")
    finished = "".join(f',${status}2<>"{name}"' for name in actions.FINISHED)
    fill, font = RED
    sheet.conditional_formatting.add(
        f"{date}2:{date}{end}",
        FormulaRule(formula=[f'AND(${date}2<>"",${date}2<TODAY(){finished})'], fill=fill, font=font, stopIfTrue=True),
    )
    for name, (fill, font) in zip(actions.PROGRESS, (GREEN, AMBER, RED)):
        sheet.conditional_formatting.add(
            f"{progress}2:{progress}{end}",
            CellIsRule(operator="equal", formula=[f'"{name}"'], fill=fill, font=font),
        )
