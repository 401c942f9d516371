"""The Teams sheet: teams and service areas by standard, coloured by band, from the
disclosable view. A group the view hides gets words in every cell ("Fewer than 5
responses"), never a number, so nothing on the sheet can be added up or taken away to
give a hidden group's figures."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from healthcheck.workbook.cells import (
    BOLD,
    HEADING,
    WRAPPED,
    WorkbookContext,
    add_band_formats,
    band_number_format,
    band_style,
    fit_row_heights,
    print_landscape,
    set_widths,
    write_row,
)
from healthcheck.workbook.scores import NO_SCORE, NOT_AVAILABLE, fewer_than

SHEET = "Teams"
FIRST_SCORE_COLUMN = 6  # after name, service area, eligible staff, responses, response rate
WHOLE_ORGANISATION = "Whole organisation"


def hidden_reason(context: WorkbookContext, row: dict) -> str:
    """The words in each cell of a group the view does not show."""
    if row["status"] == "fewer":
        return fewer_than(context)
    if row["status"] == "combined":
        return "In a combined group"
    return "Not shown"


def add_teams_sheet(book, context: WorkbookContext, view: dict) -> None:
    sheet = book.create_sheet(SHEET)
    bank = context.bank
    write_row(sheet, 1, ["Teams and service areas by standard"], font=HEADING)
    write_row(
        sheet,
        2,
        [
            "Each cell gives the score out of 100 and its band in words; the colour repeats the band. Groups with "
            f"fewer than {context.threshold} responses are combined with others or not shown, so that no one's "
            "answers can be picked out: their cells say so in words."
        ],
    )
    write_row(sheet, 3, ["Bands"], font=BOLD)
    for column, band in enumerate(bank.bands, start=2):
        cell = sheet.cell(row=3, column=column, value=f"{band.name} {band.min} to {band.max}")
        cell.fill, cell.font = band_style(bank, band.name)
    row = _table(sheet, 5, context, view, "Team", view["groups"]["team"])
    last = _table(sheet, row + 2, context, view, "Service area", view["groups"]["service"])
    first_letter = get_column_letter(FIRST_SCORE_COLUMN)
    last_letter = get_column_letter(FIRST_SCORE_COLUMN + len(view["standards"]) - 1)
    add_band_formats(sheet, f"{first_letter}6:{last_letter}{last}", bank)
    set_widths(sheet, [34, 18, 10, 13, 10] + [13] * len(view["standards"]) + [48])
    sheet.freeze_panes = "B1"
    fit_row_heights(sheet, first_row=5)
    print_landscape(sheet)
    sheet.print_title_cols = "A:A"


def _table(sheet, row: int, context: WorkbookContext, view: dict, by: str, groups: list[dict]) -> int:
    """One heatmap: a header, the whole organisation, then each group; returns the last row."""
    headers = [by, "Service area" if by == "Team" else "", "Eligible staff", "Responses", "Response rate"]
    headers += [context.standard_label(standard["number"]) for standard in view["standards"]] + ["Note"]
    write_row(sheet, row, headers, font=BOLD, alignment=WRAPPED)
    row += 1
    responses = fewer_than(context) if view["respondents"] is None else view["respondents"]
    for cell in _write_group(
        sheet, row, [WHOLE_ORGANISATION, "", view["eligible"], responses, view["response_rate"]], view["standards"], ""
    ):
        cell.font = BOLD
    for group in groups:
        row += 1
        if group["combined"]:
            note = "Combined: " + ", ".join(group["members"])
        else:
            note = group["note"] or ""
        first = [group["name"], (group.get("service_area") or "") if by == "Team" else "", group["headcount"]]
        if group["suppressed"]:
            reason = hidden_reason(context, group)
            write_row(sheet, row, first + [reason] * (2 + len(group["standards"])) + [note], alignment=WRAPPED)
        else:
            _write_group(sheet, row, first + [group["respondents"], group["response_rate"]], group["standards"], note)
    return row


def _write_group(sheet, row: int, first: list, standards: list[dict], note: str) -> list:
    rate = first[4]
    values = first[:4] + [NOT_AVAILABLE if rate is None else rate / 100]
    values += [NO_SCORE if cell["score"] is None else cell["score"] for cell in standards] + [note]
    cells = write_row(sheet, row, values, alignment=WRAPPED)
    if rate is not None:
        sheet.cell(row=row, column=5).number_format = "0%"
    for offset, cell in enumerate(standards):
        if cell["score"] is not None:
            sheet.cell(row=row, column=FIRST_SCORE_COLUMN + offset).number_format = band_number_format(cell["band"])
    return cells
