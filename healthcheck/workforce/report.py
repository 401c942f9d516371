"""A cycle's workforce figures and indicators as staff may see them: the one place the
reporting threshold is applied to workforce data, for the pages and the exports alike."""

from __future__ import annotations

from dataclasses import dataclass

from healthcheck import cycles
from healthcheck.questions import Indicator, QuestionBank
from healthcheck.workforce.figures import definitions, figures_for
from healthcheck.workforce.indicators import (
    Disclosure,
    compute_indicator,
    disclosure,
    indicator_inputs,
    organisation_inputs,
    staff_count,
)


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    value: float | None
    inputs: dict[str, float]  # empty when hidden
    hidden: bool = False
    teams: int | None = None  # organisation-wide: how many teams' figures it sums


@dataclass(frozen=True)
class TeamReport:
    team: dict
    figures: dict[str, float]  # without the hidden ones
    hidden_fields: frozenset[str]
    indicators: list[IndicatorValue]
    entered: int  # figures stored, hidden or not
    hidden_reason: str | None = None  # why its figures about individuals are hidden, in words


@dataclass(frozen=True)
class WorkforceReport:
    cycle: dict
    bank: QuestionBank
    disclosure: Disclosure
    organisation: list[IndicatorValue]
    teams: list[TeamReport]

    @property
    def hidden_message(self) -> str:
        return hidden_message(self.cycle["reporting_threshold"])

    def team(self, team_id: int) -> TeamReport | None:
        return next((report for report in self.teams if report.team["id"] == team_id), None)


def hidden_message(threshold: int) -> str:
    return f"Hidden: fewer than {threshold} staff"


PROTECTING_MESSAGE = "Hidden so that a smaller team's figures cannot be worked out from the total"


def hidden_reason(team: dict, figures: dict, threshold: int) -> str:
    """The true reason a team's figures about individuals are hidden: too few staff of its
    own, or to protect a smaller team whose figure the total would otherwise give away."""
    return hidden_message(threshold) if staff_count(team, figures) < threshold else PROTECTING_MESSAGE


def workforce_report(db, cycle: dict) -> WorkforceReport:
    bank = cycles.cycle_bank(cycle)
    teams = cycles.teams_for(db, cycle["id"])
    all_figures = figures_for(db, cycle["id"])
    figures_by_team = {team["id"]: all_figures.get(team["id"], {}) for team in teams}
    shown = disclosure(bank, teams, figures_by_team, cycle["reporting_threshold"])
    individual = frozenset(field.key for field in bank.workforce_fields if field.individual)
    team_reports = []
    for team in teams:
        figures = figures_by_team[team["id"]]
        withheld = individual if shown.team_hidden(team["id"]) else frozenset()
        values = []
        for indicator in bank.indicators:
            keys = indicator_inputs(indicator)
            if withheld & set(keys):
                values.append(IndicatorValue(indicator, None, {}, hidden=True))
            else:
                values.append(
                    IndicatorValue(
                        indicator,
                        compute_indicator(indicator, figures),
                        {key: figures[key] for key in keys if key in figures},
                    )
                )
        team_reports.append(
            TeamReport(
                team=team,
                figures={key: value for key, value in figures.items() if key not in withheld},
                hidden_fields=withheld & frozenset(figures),
                indicators=values,
                entered=len(figures),
                hidden_reason=hidden_reason(team, figures, cycle["reporting_threshold"])
                if shown.team_hidden(team["id"])
                else None,
            )
        )
    organisation = []
    for indicator in bank.indicators:
        if indicator.id in shown.organisation:
            organisation.append(IndicatorValue(indicator, None, {}, hidden=True))
            continue
        totals, contributors = organisation_inputs(bank, indicator, figures_by_team)
        organisation.append(
            IndicatorValue(indicator, compute_indicator(indicator, totals), totals, teams=len(contributors))
        )
    return WorkforceReport(cycle, bank, shown, organisation, team_reports)


def _number(value: float | None):
    return None if value is None else round(value, 2)


def _indicator_dict(item: IndicatorValue, message: str) -> dict:
    indicator = item.indicator
    entry = {
        "id": indicator.id,
        "name": indicator.name,
        "step": indicator.step,
        "unit": indicator.unit,
        "value": _number(item.value),
        "status": message if item.hidden else ("shown" if item.value is not None else "not available"),
        "inputs": {key: _number(value) for key, value in item.inputs.items()},
        "numerator": list(indicator.numerator),
        "denominator": list(indicator.denominator),
    }
    if item.teams is not None:
        entry["teams_included"] = item.teams
    return entry


def report_as_dict(report: WorkforceReport, by_team: bool = False) -> dict:
    """The report for JSON: each indicator with its value, inputs and the step it evidences."""
    message = report.hidden_message
    cycle = report.cycle
    result = {
        "cycle": cycle["slug"],
        "name": cycle["name"],
        "capture_date": cycle["capture_date"],
        "reporting_threshold": cycle["reporting_threshold"],
        "definitions": {label: text for label, text in definitions(cycle)},
        "organisation": [_indicator_dict(item, message) for item in report.organisation],
    }
    if by_team:
        result["teams"] = [
            {
                "team": team.team["name"],
                "service_area": team.team["service_area"],
                "indicators": [_indicator_dict(item, message) for item in team.indicators],
            }
            for team in report.teams
        ]
    return result


CSV_HEADER = ["team", "service_area", "indicator", "name", "step", "unit", "value", "status"]


def report_rows(report: WorkforceReport, by_team: bool = False) -> list[list]:
    """Rows for CSV: the organisation first, then each team when asked."""
    message = report.hidden_message
    groups = [("Whole organisation", "", report.organisation)]
    if by_team:
        groups += [(team.team["name"], team.team["service_area"], team.indicators) for team in report.teams]
    rows = []
    for name, service, items in groups:
        for item in items:
            entry = _indicator_dict(item, message)
            rows.append(
                [
                    name,
                    service,
                    entry["id"],
                    entry["name"],
                    entry["step"],
                    entry["unit"],
                    "" if entry["value"] is None else entry["value"],
                    entry["status"],
                ]
            )
    return rows
