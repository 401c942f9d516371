"""The Workforce sheet: each team's indicators and figures, the whole organisation's, the
organisation's definitions of a case and of long-term absence, and how each indicator is
worked out. Every value comes from the workforce package's report, which applies the
hiding of figures about individuals in small teams: this sheet computes nothing itself."""

from __future__ import annotations

from openpyxl.styles import Alignment

from healthcheck import workforce
from healthcheck.formatting import long_date
from healthcheck.questions import Indicator
from healthcheck.workbook.cells import (
    BOLD,
    HEADING,
    WRAPPED,
    WorkbookContext,
    fit_row_heights,
    print_landscape,
    set_widths,
    write_row,
)

NO_DATA = "No data"
RIGHT = Alignment(horizontal="right")
NOT_RECORDED = "Not recorded"
WHOLE_ORGANISATION = "Whole organisation"


def add_workforce_sheet(book, db, context: WorkbookContext) -> None:
    sheet = book.create_sheet("Workforce")
    report = workforce.workforce_report(db, context.cycle)
    bank, hidden = context.bank, report.hidden_message
    write_row(sheet, 1, [f"Workforce indicators at {long_date(context.cycle['capture_date'])}"], font=HEADING)
    write_row(
        sheet,
        2,
        [
            f"Figures about individual people's circumstances (sickness, long-term absence) are not shown for teams "
            f"with fewer than {context.threshold} staff, nor for other teams when a hidden figure could be worked out "
            f"from the whole organisation's. Their cells say '{hidden}'."
        ],
    )
    row = _organisation_definitions(sheet, 4, context) + 2
    supplied = [team for team in report.teams if team.entered]
    if not supplied:
        write_row(sheet, row, ["No workforce figures have been entered for this cycle yet."])
        row += 2
    else:
        row = _indicator_table(sheet, row, report, supplied) + 2
    row = _definitions(sheet, row, bank) + 2
    if supplied:
        _figures_table(sheet, row, report, supplied)
    set_widths(sheet, [32, 40] + [14] * max(len(bank.indicators), len(bank.workforce_fields)))
    sheet.freeze_panes = "B1"
    fit_row_heights(sheet, first_row=3)
    print_landscape(sheet)
    # Too many columns for one page across: two pages, team names on each.
    sheet.page_setup.fitToWidth = 2
    sheet.print_title_cols = "A:A"


def _organisation_definitions(sheet, row: int, context: WorkbookContext) -> int:
    """How the organisation counts a case and long-term absence, as the PSW recorded them."""
    write_row(sheet, row, ["The organisation's definitions"], font=BOLD)
    for label, text in workforce.definitions(context.cycle):
        row += 1
        write_row(sheet, row, [label, text or NOT_RECORDED], alignment=WRAPPED)
    return row


def _shown(item, hidden_message: str):
    if item.hidden:
        return hidden_message
    return NO_DATA if item.value is None else item.value


def _indicator_table(sheet, row: int, report, supplied) -> int:
    """Teams down, indicators across, then the whole organisation; returns the last row written."""
    indicators = report.bank.indicators
    write_row(
        sheet,
        row,
        ["Team", "Service area"] + [f"{i.name} ({i.unit})" for i in indicators],
        font=BOLD,
        alignment=WRAPPED,
    )
    for team in supplied:
        row += 1
        _number_format(
            write_row(
                sheet,
                row,
                [team.team["name"], team.team["service_area"]]
                + [_shown(item, team.hidden_reason or report.hidden_message) for item in team.indicators],
            )
        )
    row += 1
    _number_format(
        write_row(
            sheet,
            row,
            [WHOLE_ORGANISATION, ""] + [_shown(item, report.hidden_message) for item in report.organisation],
            font=BOLD,
        )
    )
    row += 1
    write_row(
        sheet,
        row,
        ["Teams counted in the whole organisation", ""]
        + ["" if item.hidden or item.value is None else item.teams for item in report.organisation],
    )
    return row


def _figures_table(sheet, row: int, report, supplied) -> int:
    fields = report.bank.workforce_fields
    write_row(sheet, row, ["Figures supplied"], font=BOLD)
    row += 1
    write_row(
        sheet,
        row,
        ["Team", "Service area"] + [f"{field.label} ({field.unit})" for field in fields],
        font=BOLD,
        alignment=WRAPPED,
    )
    for team in supplied:
        row += 1
        values = []
        for field in fields:
            if field.key in team.hidden_fields:
                values.append(report.hidden_message)
            else:
                values.append(team.figures.get(field.key, NO_DATA))
        _number_format(write_row(sheet, row, [team.team["name"], team.team["service_area"]] + values))
    return row


def _number_format(cells: list) -> None:
    """One decimal place, and words ("No data") lined up with the numbers beside them."""
    for cell in cells[2:]:
        cell.alignment = RIGHT
        if isinstance(cell.value, float):
            cell.number_format = "0.0"


def _definitions(sheet, row: int, bank) -> int:
    labels = {field.key: field.label for field in bank.workforce_fields}
    write_row(sheet, row, ["Definitions"], font=BOLD)
    row += 1
    write_row(sheet, row, ["Indicator", "How it is worked out", "Unit", "Good", "Poor", "Step"], font=BOLD)
    for indicator in bank.indicators:
        row += 1
        write_row(
            sheet,
            row,
            [
                indicator.name,
                _formula_in_words(indicator, labels),
                indicator.unit,
                indicator.good,
                indicator.poor,
                indicator.step,
            ],
            alignment=WRAPPED,
        )
    row += 1
    write_row(
        sheet,
        row,
        [
            "Scores",
            "An indicator scores 100 at or better than 'Good', 0 at or worse than 'Poor', and in "
            "proportion between. 'Whole organisation' adds up the figures of the teams that supplied every figure "
            "the indicator needs, as the Department for Education does; an average per team, such as weekly hours, "
            "is weighted by in-post FTE instead of added up.",
        ],
        alignment=WRAPPED,
    )
    return row


def _formula_in_words(indicator: Indicator, labels: dict[str, str]) -> str:
    def names(fields):
        text = " + ".join(labels.get(field, field) for field in fields)
        return f"({text})" if len(fields) > 1 else text

    text = names(indicator.numerator)
    if indicator.denominator:
        below = names(indicator.denominator)
        if indicator.denominator_factor != 1:
            below = f"{below} × {indicator.denominator_factor:g}"
        text = f"{text} ÷ {below}"
    if indicator.multiplier != 1:
        text = f"{text} × {indicator.multiplier:g}"
    return text
