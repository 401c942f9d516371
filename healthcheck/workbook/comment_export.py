"""The comment export: a release's reviewed comments with their standard, themes and group
(only a group at or above the comment threshold), as XLSX and as CSV, formula-safe."""

from __future__ import annotations

import csv
import io

import openpyxl

from healthcheck.comments.finding import comment_rows
from healthcheck.formatting import csv_text
from healthcheck.workbook.cells import BOLD, HEADING, WRAPPED, set_widths, write_row

HEADINGS = ("Standard", "Standard name", "Question", "Themes", "Group", "Comment")


def notes(view: dict) -> list[str]:
    """What the export's reader needs to know; the page beside the download links says the same."""
    if view["fewer_than_threshold"]:
        return [f"Comments are shown once at least {view['reporting_threshold']} people have answered."]
    return [
        f"The comments of {view['cycle']['name']} as released, after the principal social worker's review.",
        "In alphabetical order within each standard, so their order says nothing about who wrote them.",
        f"A comment names its group only when the group has at least {view['comment_threshold']} respondents; "
        "otherwise it carries no group.",
        "Themes are found by their words in any form; comments no theme catches are grouped into other topics "
        "named by their commonest words.",
        "In the CSV file, a comment starting with =, +, -, @ or a tab has a single quote added in front, so no "
        "spreadsheet treats it as a formula.",
    ]


def comments_xlsx(view: dict) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Comments"
    write_row(sheet, 1, HEADINGS, font=BOLD)
    rows = [] if view["fewer_than_threshold"] else comment_rows(view)
    for number, row in enumerate(rows, start=2):
        write_row(sheet, number, row, alignment=WRAPPED)
    sheet.auto_filter.ref = f"A1:F{len(rows) + 1}"
    sheet.freeze_panes = "A2"
    set_widths(sheet, [10, 30, 30, 30, 24, 90])
    about = book.create_sheet("About")
    write_row(about, 1, ["About these comments"], font=HEADING)
    for number, line in enumerate(notes(view), start=3):
        write_row(about, number, [line], alignment=WRAPPED)
    set_widths(about, [110])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def comments_csv(view: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in [] if view["fewer_than_threshold"] else comment_rows(view):
        writer.writerow([value if isinstance(value, int) else csv_text(value) for value in row])
    # utf-8-sig so Excel opens accented words correctly
    return out.getvalue().encode("utf-8-sig")
