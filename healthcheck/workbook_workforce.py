"""The Workforce sheet: each team's indicators and figures, the organisation's totals, and
the definitions. Figures about individual people's circumstances (sickness, long-term
absence) are hidden for teams smaller than the reporting threshold, and more teams are
hidden with them when one could otherwise be worked out from the total."""

from __future__ import annotations

from healthcheck import cycles
from healthcheck.formatting import long_date
from healthcheck.questions import Indicator
from healthcheck.workbook import (
    BOLD, HEADING, WRAPPED, WorkbookContext, fit_row_heights, print_landscape, set_widths, write_row,
)

NOT_SHOWN = "Not shown"
NO_DATA = "No data"
# Indicators without a denominator (a team's average) are combined weighted by this field.
WEIGHT_FIELD = "inpost_fte"


def figures_for(db, cycle_id: int) -> dict[int, dict[str, float]]:
    """{team id: {field: value}} from the workforce_figures table."""
    figures: dict[int, dict[str, float]] = {}
    for row in db.query("select team_id, field, value from workforce_figures where cycle_id = ?", [cycle_id]):
        figures.setdefault(row["team_id"], {})[row["field"]] = row["value"]
    return figures


def indicator_value(indicator: Indicator, figures: dict[str, float]) -> float | None:
    """sum(numerator) / (sum(denominator) × denominator_factor) × multiplier; None if a figure is missing."""
    if any(field not in figures for field in indicator.numerator + indicator.denominator):
        return None
    numerator = sum(figures[field] for field in indicator.numerator)
    if not indicator.denominator:
        return numerator * indicator.multiplier
    denominator = sum(figures[field] for field in indicator.denominator) * indicator.denominator_factor
    if denominator == 0:
        return None
    return numerator / denominator * indicator.multiplier


def organisation_value(indicator: Indicator, team_figures: list[dict[str, float]]) -> float | None:
    """The indicator over the given teams from their summed figures.

    An indicator without a denominator is already an average per team, so teams are
    weighted by their in-post FTE instead of added up.
    """
    complete = [figures for figures in team_figures if indicator_value(indicator, figures) is not None]
    if not complete:
        return None
    if not indicator.denominator:
        weights = [figures.get(WEIGHT_FIELD) for figures in complete]
        if None in weights or sum(weights) == 0:
            weights = [1.0] * len(complete)
        values = [indicator_value(indicator, figures) for figures in complete]
        return sum(value * weight for value, weight in zip(values, weights)) / sum(weights)
    fields = indicator.numerator + indicator.denominator
    return indicator_value(indicator, {field: sum(figures[field] for figures in complete) for field in fields})


def hidden_teams(values: dict[int, object], headcounts: dict[int, int], threshold: int) -> tuple[set[int], bool]:
    """Which teams' values to hide, and whether to hide the total too.

    Teams under the threshold are hidden. If any are, further teams (smallest first) are
    hidden until at least two are and their headcounts add up to the threshold, so the
    total minus the shown teams never reveals a small group. If that cannot be done the
    total is hidden as well.
    """
    hidden = {team for team in values if headcounts[team] < threshold}
    if not hidden:
        return hidden, False
    others = sorted((team for team in values if team not in hidden), key=lambda team: (headcounts[team], team))
    while others and (len(hidden) < 2 or sum(headcounts[team] for team in hidden) < threshold):
        hidden.add(others.pop(0))
    return hidden, sum(headcounts[team] for team in hidden) < threshold


def individual_fields(bank) -> set[str]:
    return {field.key for field in bank.workforce_fields if field.individual}


def add_workforce_sheet(book, db, context: WorkbookContext) -> None:
    sheet = book.create_sheet("Workforce")
    bank, threshold = context.bank, context.threshold
    teams = cycles.teams_for(db, context.cycle["id"])
    figures = figures_for(db, context.cycle["id"])
    headcounts = {team["id"]: team["headcount"] or 0 for team in teams}
    private = individual_fields(bank)
    write_row(sheet, 1, [f"Workforce indicators at {long_date(context.cycle['capture_date'])}"], font=HEADING)
    write_row(sheet, 2, [
        f"Figures about individual people's circumstances are not shown for teams of fewer than {threshold} "
        "people, nor for other teams when a hidden figure could be worked out from the total."
    ])
    row = 4
    if not figures:
        write_row(sheet, row, ["No workforce figures have been entered for this cycle yet."])
        row += 2
    else:
        columns = [(indicator.id, f"{indicator.name} ({indicator.unit})", indicator) for indicator in bank.indicators]
        row = _team_table(sheet, row, teams, figures, headcounts, columns, private, threshold) + 2
    row = _definitions(sheet, row, bank) + 2
    if figures:
        columns = [(field.key, f"{field.label} ({field.unit})", field) for field in bank.workforce_fields]
        write_row(sheet, row, ["Figures supplied"], font=BOLD)
        _team_table(sheet, row + 1, teams, figures, headcounts, columns, private, threshold)
    set_widths(sheet, [32, 40] + [14] * max(len(bank.indicators), len(bank.workforce_fields)))
    sheet.freeze_panes = "B1"
    fit_row_heights(sheet, first_row=3)
    print_landscape(sheet)
    # Too many columns for one page across: two pages, team names on each.
    sheet.page_setup.fitToWidth = 2
    sheet.print_title_cols = "A:A"


def _team_table(sheet, row, teams, figures, headcounts, columns, private, threshold) -> int:
    """Teams down, indicators or fields across, an "All teams" row; returns the last row written."""
    write_row(sheet, row, ["Team", "Service area"] + [heading for _, heading, _ in columns], font=BOLD, alignment=WRAPPED)
    shown_teams = [team for team in teams if team["id"] in figures]
    cells: dict[tuple[int, str], object] = {}
    totals: dict[str, object] = {}
    for key, _, measure in columns:
        values = {team["id"]: _value(measure, figures[team["id"]]) for team in shown_teams}
        values = {team: value for team, value in values.items() if value is not None}
        sensitive = _uses(measure) & private
        hidden, hide_total = hidden_teams(values, headcounts, threshold) if sensitive else (set(), False)
        for team in shown_teams:
            value = values.get(team["id"])
            cells[team["id"], key] = NOT_SHOWN if team["id"] in hidden else (NO_DATA if value is None else value)
        total = _total(measure, [figures[team] for team in values])
        totals[key] = NOT_SHOWN if hide_total else (NO_DATA if total is None else total)
    for team in shown_teams:
        row += 1
        write_row(sheet, row, [team["name"], team["service_area"]] + [cells[team["id"], key] for key, _, _ in columns])
        _number_format(sheet, row)
    row += 1
    write_row(sheet, row, ["All teams", ""] + [totals[key] for key, _, _ in columns], font=BOLD)
    _number_format(sheet, row)
    return row


def _uses(measure) -> set[str]:
    if isinstance(measure, Indicator):
        return set(measure.numerator + measure.denominator)
    return {measure.key}


def _value(measure, team_figures):
    if isinstance(measure, Indicator):
        return indicator_value(measure, team_figures)
    return team_figures.get(measure.key)


def _total(measure, team_figures):
    if isinstance(measure, Indicator):
        return organisation_value(measure, team_figures)
    return sum(figures[measure.key] for figures in team_figures) if team_figures else None


def _number_format(sheet, row: int) -> None:
    for cell in sheet[row][2:]:
        if isinstance(cell.value, float):
            cell.number_format = "0.0"


def _definitions(sheet, row: int, bank) -> int:
    labels = {field.key: field.label for field in bank.workforce_fields}
    write_row(sheet, row, ["Definitions"], font=BOLD)
    row += 1
    write_row(sheet, row, ["Indicator", "How it is worked out", "Unit", "Good", "Poor", "Step"], font=BOLD)
    for indicator in bank.indicators:
        row += 1
        write_row(sheet, row, [indicator.name, _formula_in_words(indicator, labels), indicator.unit,
                               indicator.good, indicator.poor, indicator.step], alignment=WRAPPED)
    row += 1
    write_row(sheet, row, [
        "Scores", "An indicator scores 100 at or better than 'Good', 0 at or worse than 'Poor', and in "
        "proportion between. 'All teams' adds up the figures of every team that supplied them; an average per "
        "team is combined weighted by in-post FTE."
    ], alignment=WRAPPED)
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
