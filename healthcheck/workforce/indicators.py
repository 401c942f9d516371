"""Workforce indicators, per team and for the whole organisation, and which of them
may be shown.

value = sum(numerator) / (sum(denominator) x denominator_factor) x multiplier, as the
bank defines each indicator. The organisation's figure sums the teams' inputs; it
never averages team rates.
"""

from __future__ import annotations

from dataclasses import dataclass

from healthcheck.questions import Indicator, QuestionBank

# Fields whose unit is a rate ("hours per week") are averages, not counts: across teams
# they are weighted by each team's in-post FTE instead of being added up.
WEIGHT_FIELD = "inpost_fte"


def compute_indicator(indicator: Indicator, figures: dict[str, float]) -> float | None:
    """The indicator's value, or None when an input is missing or the denominator is 0."""
    inputs = indicator.numerator + indicator.denominator
    if any(figures.get(key) is None for key in inputs):
        return None
    numerator = sum(figures[key] for key in indicator.numerator)
    if not indicator.denominator:
        return numerator * indicator.multiplier
    denominator = sum(figures[key] for key in indicator.denominator) * indicator.denominator_factor
    if denominator == 0:
        return None
    return numerator / denominator * indicator.multiplier


def compute_indicators(bank: QuestionBank, figures: dict[str, float]) -> dict[str, float | None]:
    """{indicator id: value or None} for one team's figures."""
    return {indicator.id: compute_indicator(indicator, figures) for indicator in bank.indicators}


def averaged_fields(bank: QuestionBank) -> set[str]:
    return {field.key for field in bank.workforce_fields if " per " in f" {field.unit} "}


def indicator_inputs(indicator: Indicator) -> tuple[str, ...]:
    return tuple(dict.fromkeys(indicator.numerator + indicator.denominator))


def organisation_inputs(
    bank: QuestionBank, indicator: Indicator, figures_by_team: dict[int, dict[str, float]]
) -> tuple[dict[str, float], list[int]]:
    """The organisation's inputs to one indicator, and the teams they come from.

    Only teams with every input count, as the DfE leaves out authorities with a
    missing figure: adding one team's vacancies to another team's staff in post
    would give a rate that describes nobody.
    """
    keys = indicator_inputs(indicator)
    averaged = averaged_fields(bank) & set(keys)
    needed = keys + ((WEIGHT_FIELD,) if averaged else ())
    teams = [
        team_id
        for team_id, figures in figures_by_team.items()
        if all(figures.get(key) is not None for key in needed) and (not averaged or figures[WEIGHT_FIELD] > 0)
    ]
    totals: dict[str, float] = {}
    for key in keys:
        if key in averaged:
            weight = sum(figures_by_team[team][WEIGHT_FIELD] for team in teams)
            if weight:
                totals[key] = sum(figures_by_team[t][key] * figures_by_team[t][WEIGHT_FIELD] for t in teams) / weight
        elif teams:
            totals[key] = sum(figures_by_team[team][key] for team in teams)
    return totals, teams


def organisation_indicators(
    bank: QuestionBank, figures_by_team: dict[int, dict[str, float]]
) -> dict[str, float | None]:
    """{indicator id: value or None} for the whole organisation, from summed inputs."""
    return {
        indicator.id: compute_indicator(indicator, organisation_inputs(bank, indicator, figures_by_team)[0])
        for indicator in bank.indicators
    }


@dataclass(frozen=True)
class Disclosure:
    """Which figures about individuals may not be shown.

    `teams`: teams whose figures about individuals (sickness, long-term absence) are
    hidden. `organisation`: indicators whose organisation-wide value is hidden too.
    """

    teams: frozenset[int]
    organisation: frozenset[str]
    threshold: int

    def team_hidden(self, team_id: int) -> bool:
        return team_id in self.teams


def staff_count(team: dict, figures: dict[str, float]) -> float:
    """The fewer of the eligible headcount and the headcount in post, when both are known."""
    counts = [team.get("headcount") or 0]
    if figures.get("inpost_headcount") is not None:
        counts.append(figures["inpost_headcount"])
    return min(counts)


def individual_indicators(bank: QuestionBank) -> list[Indicator]:
    individual = {field.key for field in bank.workforce_fields if field.individual}
    return [indicator for indicator in bank.indicators if individual & set(indicator_inputs(indicator))]


def disclosure(
    bank: QuestionBank, teams: list[dict], figures_by_team: dict[int, dict[str, float]], threshold: int
) -> Disclosure:
    """Hide figures about individuals for teams with fewer staff than the threshold, and
    hide enough else that no total minus the shown teams gives a hidden team's figure.

    Where a hidden team adds to an organisation-wide value, at least two teams with
    at least `threshold` staff between them must be hidden, so differencing reveals
    only a group that large; a further small team is hidden if needed, and the
    organisation-wide value itself if even that is not enough.
    """
    size = {team["id"]: staff_count(team, figures_by_team.get(team["id"], {})) for team in teams}
    hidden = {team_id for team_id, count in size.items() if count < threshold}
    hidden_organisation = set()
    changed = True
    while changed:
        changed = False
        for indicator in individual_indicators(bank):
            _, contributors = organisation_inputs(bank, indicator, figures_by_team)
            contributors = [team for team in contributors if team in size]
            shielded = [team for team in contributors if team in hidden]
            if not shielded or _safe(shielded, size, threshold):
                continue
            visible = sorted((team for team in contributors if team not in hidden), key=lambda t: (size[t], t))
            while visible and not _safe(shielded, size, threshold):
                team = visible.pop(0)
                hidden.add(team)
                shielded.append(team)
                changed = True
            if not _safe(shielded, size, threshold):
                hidden_organisation.add(indicator.id)
    return Disclosure(frozenset(hidden), frozenset(hidden_organisation), threshold)


def _safe(shielded: list[int], size: dict[int, float], threshold: int) -> bool:
    return len(shielded) >= 2 and sum(size[team] for team in shielded) >= threshold
