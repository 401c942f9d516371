"""National benchmarks: the organisation's workforce indicators beside the published DfE
figures for the local authority it corresponds to, its statistical neighbours, its region and
England, for the year of the cycle's capture date (or the latest year before it); its own
trend beside the authority's; and its adults' teams beside Skills for Care's figures.

Like is compared with like: children's figures come from the teams of the service areas
counted as children's social work, adults' from the adults' ones (see scope.py)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from healthcheck import cycles, workforce
from healthcheck.dfe import adults as adults_module
from healthcheck.dfe import figures as dfe_figures
from healthcheck.dfe import neighbours as neighbours_module
from healthcheck.dfe import scope as scope_module
from healthcheck.problems import Problem
from healthcheck.workforce.figures import figures_for
from healthcheck.workforce.indicators import (
    compute_indicator,
    individual_indicators,
    organisation_inputs,
    staff_count,
)

# The organisation setting (in the organisation key/value table) naming the local authority.
AUTHORITY_SETTING = "dfe_local_authority"
# Our indicator -> the DfE column that publishes the same measure, worked out the same way.
DFE_COLUMNS = {
    "vacancy_rate": "vacancy_rate_fte",
    "agency_rate": "agency_rate_fte",
    "agency_cover_rate": "vacancy_agency_cover_rate_fte",
    "turnover_rate": "turnover_rate_fte",
    "caseload": "caseload_fte",
    "absence_rate": "absence_rate_fte",
}


def chosen_authority(db) -> str | None:
    row = db.execute("select value from organisation where key = ?", [AUTHORITY_SETTING]).fetchone()
    return row[0] if row and row[0] else None


def choose_authority(db, name: str, figures: dfe_figures.DfeFigures) -> str:
    """Record the local authority the organisation corresponds to; it must be one the DfE names."""
    name = (name or "").strip()
    if name not in figures.authorities():
        raise Problem("Choose a local authority from the list", "authority")
    db["organisation"].upsert({"key": AUTHORITY_SETTING, "value": name}, pk="key")
    return name


@dataclass(frozen=True)
class Published:
    """One published DfE figure: its number, or None with the marker the DfE gave."""

    value: float | None
    marker: str | None = None

    @classmethod
    def of(cls, area: dfe_figures.Area | None, column: str) -> Published:
        if area is None:
            return cls(None)
        text = area.text(column)
        value = dfe_figures.figure(text)
        return cls(value, None if value is not None else (text or None))


@dataclass(frozen=True)
class Spread:
    """The statistical neighbours' figures for one indicator: their median and range."""

    median: float | None
    low: float | None
    high: float | None
    count: int  # how many neighbours published the figure


@dataclass(frozen=True)
class Comparison:
    indicator_id: str
    name: str
    unit: str
    column: str
    ours: float | None
    ours_hidden: bool
    authority: Published
    region: Published
    england: Published
    neighbours: Spread = Spread(None, None, None, 0)


@dataclass(frozen=True)
class NeighbourRow:
    """One statistical neighbour and its published figures for the year shown."""

    rank: int
    code: int
    name: str  # as the DfE's neighbours table names it
    closeness: str
    published_as: str | None  # the area in the indicators file, when it differs (a joint return)
    figures: dict  # DfE column -> Published


@dataclass(frozen=True)
class TrendSeries:
    label: str
    points: list  # (year, label, value or None, hidden)
    line: str  # SVG polyline points on the chart's shared scale; "" when fewer than two values


@dataclass(frozen=True)
class Trend:
    indicator_id: str
    name: str
    unit: str
    authority: TrendSeries
    ours: TrendSeries

    @property
    def years(self) -> list[int]:
        return sorted({point[0] for point in self.authority.points + self.ours.points})

    def at(self, series: TrendSeries, year: int):
        """The series' point for a year (the latest cycle's, if two share a capture year)."""
        found = [point for point in series.points if point[0] == year]
        return found[-1] if found else None


@dataclass(frozen=True)
class Benchmarks:
    authority: str | None
    region: str | None
    capture_year: int | None
    year: int | None  # the DfE year shown; None when there is nothing to show
    rows: list[Comparison]
    hidden_message: str
    first_year: int  # the years the DfE release in use covers
    last_year: int
    neighbours: list[NeighbourRow] = field(default_factory=list)
    neighbours_group: str | None = None  # the authority as the neighbours table names it
    scope: scope_module.Scope | None = None
    trends: list[Trend] = field(default_factory=list)
    adults: AdultBenchmarks | None = None

    @property
    def earlier_year(self) -> bool:
        return self.year is not None and self.year != self.capture_year


# --- like with like: the figures of the teams of one kind -------------------------------


def scoped_values(db, cycle: dict, report, scope: scope_module.Scope) -> dict[str, dict[str, tuple]]:
    """{kind: {indicator id: (value, hidden)}} for the children's and the adults' teams alone.

    The whole organisation's figure is shown on the workforce pages, so the groups' figures
    and it give each group's total by subtraction, and the group's total minus its teams shown
    gives its hidden teams'. A figure about individuals (sickness) is shown for a group only if,
    in every group it can be worked out for, the hidden teams are none or at least two with
    at least the threshold's staff between them; the children's figure is kept first.
    """
    bank = report.bank
    all_figures = figures_for(db, cycle["id"])
    by_team = {team["id"]: all_figures.get(team["id"], {}) for team in scope.teams}
    size = {team["id"]: staff_count(team, by_team[team["id"]]) for team in scope.teams}
    threshold = report.disclosure.threshold
    hidden_teams = report.disclosure.teams
    children, adults = scope.team_ids(scope_module.CHILDREN), scope.team_ids(scope_module.ADULTS)
    everyone = set(by_team)
    individual = {indicator.id for indicator in individual_indicators(bank)}
    values = {scope_module.CHILDREN: {}, scope_module.ADULTS: {}}
    for indicator in bank.indicators:

        def safe(group: set[int], indicator=indicator) -> bool:
            _, contributors = organisation_inputs(bank, indicator, {team: by_team[team] for team in group})
            shielded = [team for team in contributors if team in hidden_teams]
            return not shielded or (len(shielded) >= 2 and sum(size[team] for team in shielded) >= threshold)

        shown = {scope_module.CHILDREN: True, scope_module.ADULTS: True}
        if indicator.id in individual:
            if indicator.id in report.disclosure.organisation:
                shown = {scope_module.CHILDREN: False, scope_module.ADULTS: False}
            elif not (safe(children) and safe(adults) and safe(everyone - children - adults)):
                keep_children = safe(children) and safe(everyone - children)
                keep_adults = not keep_children and safe(adults) and safe(everyone - adults)
                shown = {scope_module.CHILDREN: keep_children, scope_module.ADULTS: keep_adults}
        for kind, teams in ((scope_module.CHILDREN, children), (scope_module.ADULTS, adults)):
            if not shown[kind]:
                values[kind][indicator.id] = (None, True)
                continue
            totals, _ = organisation_inputs(bank, indicator, {team: by_team[team] for team in teams})
            values[kind][indicator.id] = (compute_indicator(indicator, totals) if teams else None, False)
    return values


# --- the statistical neighbours --------------------------------------------------------


def _spread(values: list[float]) -> Spread:
    if not values:
        return Spread(None, None, None, 0)
    return Spread(statistics.median(values), min(values), max(values), len(values))


def neighbour_rows(release, table, authority: str, year: int) -> tuple[str | None, list[NeighbourRow]]:
    group = table.for_codes(release.codes_for(authority))
    if group is None:
        return None, []
    rows = []
    for neighbour in group.neighbours:
        area = release.authority_by_code(neighbour.code, year)
        figures = {column: Published.of(area, column) for column in DFE_COLUMNS.values()}
        published_as = area.name if area and area.name != _neighbour_name(release, neighbour.code) else None
        rows.append(
            NeighbourRow(
                neighbour.rank,
                neighbour.code,
                _neighbour_name(release, neighbour.code) or str(neighbour.code),
                neighbour.closeness,
                published_as,
                figures,
            )
        )
    return group.name, rows


def _neighbour_name(release, code: int) -> str | None:
    """The authority's own name: a joint return names both, so take the part for this number."""
    for year in reversed(release.years):
        area = release.authority_by_code(code, year)
        if area is not None:
            parts = [part.strip() for part in area.name.split("/")]
            if len(parts) == len(area.codes):
                return parts[area.codes.index(code)]
            return area.name
    return None


def neighbour_spread(rows: list[NeighbourRow], column: str) -> Spread:
    """Median and range over the neighbours; a joint return shared by two counts once."""
    seen, values = set(), []
    for row in rows:
        area = row.published_as or row.name
        published = row.figures[column]
        if published.value is not None and area not in seen:
            seen.add(area)
            values.append(published.value)
    return _spread(values)


# --- trends ----------------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 240, 60


def _trends(release, authority: str, db, current_cycle: dict) -> list[Trend]:
    dated = [cycle for cycle in cycles.list_cycles(db) if cycle.get("capture_date")]
    dated.sort(key=lambda cycle: (cycle["capture_date"], cycle["id"]))
    ours_by_cycle = []
    for cycle in dated:
        report = workforce.workforce_report(db, cycle)
        found = scoped_values(db, cycle, report, scope_module.scope_for(db, cycle))[scope_module.CHILDREN]
        ours_by_cycle.append((cycle, found))
    trends = []
    for indicator in cycles.cycle_bank(current_cycle).indicators:
        column = DFE_COLUMNS.get(indicator.id)
        if column is None:
            continue
        authority_points = []
        for year in release.years:
            published = Published.of(release.authority(authority, year), column)
            authority_points.append((year, str(year), published.value, False))
        ours_points = []
        for cycle, found in ours_by_cycle:
            value, hidden = found.get(indicator.id, (None, False))
            ours_points.append((int(cycle["capture_date"][:4]), cycle["name"], value, hidden))
        years = [point[0] for point in authority_points + ours_points]
        values = [point[2] for point in authority_points + ours_points if point[2] is not None]
        scale = (min(years), max(years), min(values, default=0), max(values, default=0))
        trends.append(
            Trend(
                indicator.id,
                indicator.name,
                indicator.unit,
                TrendSeries(authority, authority_points, _line(authority_points, scale)),
                TrendSeries("Your children's teams", ours_points, _line(ours_points, scale)),
            )
        )
    return trends


def _line(points, scale) -> str:
    first, last, low, high = scale
    known = [(year, value) for year, _, value, _ in points if value is not None]
    if len(known) < 2:
        return ""
    span_x = (last - first) or 1
    span_y = (high - low) or 1
    return " ".join(
        f"{(year - first) / span_x * CHART_WIDTH:.1f},{CHART_HEIGHT - (value - low) / span_y * CHART_HEIGHT:.1f}"
        for year, value in known
    )


# --- adults' social work -----------------------------------------------------------------

# Our indicator -> Skills for Care's figure. Sickness days per FTE are worked out from the
# absence rate (days lost / (FTE x 253 working days) x 100), so x 2.53 turns one into the other.
ADULT_MEASURES = (
    ("vacancy_rate", "vacancy_rate", "Vacancy rate", "%"),
    ("turnover_rate", "turnover_rate", "Turnover rate", "%"),
    ("agency_rate", "agency_rate", "Agency worker rate", "%"),
    ("absence_rate", "sickness_days", "Sickness days per FTE in a year", "days"),
)
WORKING_DAYS = 253


@dataclass(frozen=True)
class AdultRow:
    indicator_id: str
    name: str
    unit: str
    ours: float | None
    ours_hidden: bool
    council: adults_module.Figure | None
    region: adults_module.Figure | None
    england: adults_module.Figure


@dataclass(frozen=True)
class AdultBenchmarks:
    teams: list[str]
    rows: list[AdultRow]
    source: adults_module.AdultSource | None  # None: the bundled national figures are shown
    national: adults_module.NationalFigures
    council: str | None
    region: str | None


def adult_benchmarks(scope, ours: dict, db, authority: str | None) -> AdultBenchmarks:
    source = adults_module.loaded_source(db)
    national = adults_module.national_figures()
    council = region = england = None
    if source:
        council, region, england = adults_module.find_areas(db, authority)
    missing = adults_module.Figure(None, "not given")
    rows = []
    for indicator_id, measure, name, unit in ADULT_MEASURES:
        value, hidden = ours.get(indicator_id, (None, False))
        if value is not None and measure == "sickness_days":
            value = value * WORKING_DAYS / 100
        if source:
            rows.append(
                AdultRow(
                    indicator_id,
                    name,
                    unit,
                    value,
                    hidden,
                    council.figures.get(measure, missing) if council else None,
                    region.figures.get(measure, missing) if region else None,
                    england.figures.get(measure, missing) if england else missing,
                )
            )
        else:
            rows.append(AdultRow(indicator_id, name, unit, value, hidden, None, None, national.figures[measure]))
    return AdultBenchmarks(
        scope.team_names(scope_module.ADULTS),
        rows,
        source,
        national,
        council.name if council else None,
        region.name if region else None,
    )


# --- the whole page ---------------------------------------------------------------------


def benchmarks_for(db, cycle: dict, instance_file: Path, neighbours_file: Path | None = None) -> Benchmarks:
    """The comparison for the cycle; only disclosable figures (the workforce report's) are ours,
    from the teams of the service areas counted as children's social work."""
    release = dfe_figures.load(dfe_figures.current_file(instance_file))
    neighbours_file = neighbours_file or instance_file.with_name(neighbours_module.INSTANCE_FILE_NAME)
    authority = chosen_authority(db)
    capture_year = int(cycle["capture_date"][:4]) if cycle.get("capture_date") else None
    report = workforce.workforce_report(db, cycle)
    scope = scope_module.scope_for(db, cycle)
    scoped = scoped_values(db, cycle, report, scope)
    children = scoped[scope_module.CHILDREN]
    year = None
    if authority and capture_year:
        year = release.latest_year_for(authority, capture_year)
    local = release.authority(authority, year) if year else None
    region = release.region(local.region, year) if local else None
    england = release.england(year) if year else None
    rows, neighbours, group = [], [], None
    if local:
        table = neighbours_module.load(neighbours_module.current_file(neighbours_file))
        group, neighbours = neighbour_rows(release, table, authority, year)
        for indicator in report.bank.indicators:
            column = DFE_COLUMNS.get(indicator.id)
            if column is None:
                continue
            ours, hidden = children.get(indicator.id, (None, False))
            rows.append(
                Comparison(
                    indicator_id=indicator.id,
                    name=indicator.name,
                    unit=indicator.unit,
                    column=column,
                    ours=None if hidden else ours,
                    ours_hidden=hidden,
                    authority=Published.of(local, column),
                    region=Published.of(region, column),
                    england=Published.of(england, column),
                    neighbours=neighbour_spread(neighbours, column),
                )
            )
    return Benchmarks(
        authority,
        local.region if local else None,
        capture_year,
        year if local else None,
        rows,
        report.hidden_message,
        release.years[0],
        release.years[-1],
        neighbours=neighbours,
        neighbours_group=group,
        scope=scope,
        trends=_trends(release, authority, db, cycle) if local else [],
        adults=adult_benchmarks(scope, scoped[scope_module.ADULTS], db, authority),
    )


def instance_file(app) -> Path:
    """Where a refreshed release is kept: DFE_INDICATORS_FILE, else the instance folder."""
    configured = app.config.get("DFE_INDICATORS_FILE")
    return Path(configured) if configured else Path(app.instance_path) / dfe_figures.INSTANCE_FILE_NAME


def neighbours_instance_file(app) -> Path:
    """Where a refreshed statistical neighbours table is kept, beside the indicators."""
    return instance_file(app).with_name(neighbours_module.INSTANCE_FILE_NAME)
