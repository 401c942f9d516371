"""National benchmarks for children's social work: the organisation's workforce indicators
beside the published DfE figures for the local authority it corresponds to, its region
and England, for the year of the cycle's capture date (or the latest year before it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from healthcheck import workforce
from healthcheck.dfe import figures as dfe_figures
from healthcheck.problems import Problem

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

    @property
    def earlier_year(self) -> bool:
        return self.year is not None and self.year != self.capture_year


def benchmarks_for(db, cycle: dict, instance_file: Path) -> Benchmarks:
    """The comparison for the cycle; only disclosable figures (the workforce report's) are ours."""
    release = dfe_figures.load(dfe_figures.current_file(instance_file))
    authority = chosen_authority(db)
    capture_year = int(cycle["capture_date"][:4]) if cycle.get("capture_date") else None
    report = workforce.workforce_report(db, cycle)
    year = None
    if authority and capture_year:
        year = release.latest_year_for(authority, capture_year)
    local = release.authority(authority, year) if year else None
    region = release.region(local.region, year) if local else None
    england = release.england(year) if year else None
    rows = []
    if local:
        for item in report.organisation:
            column = DFE_COLUMNS.get(item.indicator.id)
            if column is None:
                continue
            rows.append(
                Comparison(
                    indicator_id=item.indicator.id,
                    name=item.indicator.name,
                    unit=item.indicator.unit,
                    column=column,
                    ours=None if item.hidden else item.value,
                    ours_hidden=item.hidden,
                    authority=Published.of(local, column),
                    region=Published.of(region, column),
                    england=Published.of(england, column),
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
    )


def instance_file(app) -> Path:
    """Where a refreshed release is kept: DFE_INDICATORS_FILE, else the instance folder."""
    configured = app.config.get("DFE_INDICATORS_FILE")
    return Path(configured) if configured else Path(app.instance_path) / dfe_figures.INSTANCE_FILE_NAME
