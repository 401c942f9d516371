"""The Department for Education's children's social work workforce indicators, by local
authority, region and England, one row per area and year.

The app ships a copy (healthcheck/data/csww_indicators.csv, Open Government Licence).
`healthcheck refresh-benchmarks FILE` checks a newer release and saves it in the instance
folder, where it takes precedence: the package folder may be read-only once installed.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from healthcheck.paths import PACKAGE_DIR

BUNDLED_FILE = PACKAGE_DIR / "data" / "csww_indicators.csv"
INSTANCE_FILE_NAME = "csww_indicators.csv"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
SOURCE_URL = "https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce"

NATIONAL, REGIONAL, LOCAL = "National", "Regional", "Local authority"
LEVELS = (NATIONAL, REGIONAL, LOCAL)
# Columns that name the area and year; every other column holds a figure.
NAME_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
# The DfE's symbols for a figure it does not give; each means "not available", never zero.
MARKERS = {
    "c": "confidential",
    "low": "rounds to zero",
    "u": "low reliability",
    "x": "not available",
    "z": "not applicable",
}
MAX_PROBLEMS = 20


class DfeFileError(ValueError):
    """A file that is not a usable DfE indicators release; `problems` says where and why."""

    def __init__(self, problems: list[str]):
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
        super().__init__("\n".join(shown))
        self.problems = problems


def figure(text: str | None) -> float | None:
    """A published figure as a number, or None for a marker (c, low, u, x, z) or a blank."""
    try:
        return float(str(text).strip().replace(",", ""))
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Area:
    """One area's published figures for one year, as the text the DfE published."""

    year: int
    level: str
    name: str  # the local authority, the region or "England"
    region: str
    values: dict
    codes: tuple[int, ...] = ()  # the DfE's three-digit LA numbers (old_la_code); two for a joint return

    def value(self, column: str) -> float | None:
        return figure(self.values.get(column))

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


class DfeFigures:
    """Every row of a release, found by area and year."""

    def __init__(self, columns: list[str], areas: list[Area]):
        self.columns = columns
        self.areas = areas
        self._index = {(area.level, area.name, area.year): area for area in areas}
        self._by_code = {(code, area.year): area for area in areas if area.level == LOCAL for code in area.codes}

    @property
    def years(self) -> list[int]:
        return sorted({area.year for area in self.areas})

    def authorities(self) -> list[str]:
        """Every local authority named in any year, A to Z."""
        return sorted({area.name for area in self.areas if area.level == LOCAL}, key=str.casefold)

    def authority_years(self, name: str) -> list[int]:
        return sorted(area.year for area in self.areas if area.level == LOCAL and area.name == name)

    def latest_year_for(self, name: str, up_to: int) -> int | None:
        """The latest year, no later than `up_to`, with figures for the local authority."""
        years = [year for year in self.authority_years(name) if year <= up_to]
        return years[-1] if years else None

    def authority(self, name: str, year: int) -> Area | None:
        return self._index.get((LOCAL, name, year))

    def region(self, name: str, year: int) -> Area | None:
        return self._index.get((REGIONAL, name, year))

    def england(self, year: int) -> Area | None:
        return next((area for area in self.areas if area.level == NATIONAL and area.year == year), None)

    def authority_by_code(self, code: int, year: int) -> Area | None:
        """The local authority a DfE LA number belongs to in a year (a joint return counts for both)."""
        return self._by_code.get((code, year))

    def codes_for(self, name: str) -> tuple[int, ...]:
        """The DfE LA numbers of a local authority, from its latest row."""
        rows = [area for area in self.areas if area.level == LOCAL and area.name == name]
        return max(rows, key=lambda area: area.year).codes if rows else ()


def current_file(instance_file: Path) -> Path:
    """The release in use: the instance folder's copy if there is one, else the bundled one."""
    return instance_file if instance_file.is_file() else BUNDLED_FILE


_kept: dict = {}


def read_once(path: Path, read):
    """read(file name, contents) of the file at `path`, kept until the file changes (one file
    kept for each kind of reading: the DfE's release, its neighbours table)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    kept = _kept.get(read)
    if kept is None or kept[0] != key:
        _kept[read] = kept = (key, read(path.name, path.read_bytes()))
    return kept[1]


def load(path: Path) -> DfeFigures:
    """The release at `path`, read once and kept until the file changes."""
    return read_once(path, read_release)


def expected_columns() -> list[str]:
    """The columns of the bundled release: a newer release must have the same ones."""
    with BUNDLED_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def read_release(name: str, data: bytes) -> DfeFigures:
    """Check a whole release and return its figures; raise DfeFileError naming every problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DfeFileError([f"{name}: is not UTF-8 text (byte {error.start + 1}); save it as CSV UTF-8"]) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DfeFileError([f"{name}: the file is empty; it needs a header row and the figures"])
    header = [cell.strip() for cell in rows[0]]
    expected = expected_columns()
    problems = [f"{name}: column {column} is missing" for column in expected if column not in header]
    problems += [
        f"{name}: column {column} is not a column of the DfE indicators file"
        for column in header
        if column not in expected
    ]
    problems += [
        f"{name}: column {column} appears more than once" for column in sorted(set(header)) if header.count(column) > 1
    ]
    if problems:
        raise DfeFileError(problems)
    areas, seen = [], {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        where = f"{name}, row {number}"
        if len(cells) != len(header):
            problems.append(f"{where}: has {len(cells)} values but the header has {len(header)} columns")
            continue
        row = dict(zip(header, (cell.strip() for cell in cells)))
        area = _area(row, where, problems)
        if area is None:
            continue
        key = (area.level, area.name, area.year)
        if key in seen:
            problems.append(f"{where}: {area.name} {area.year} is already on row {seen[key]}")
            continue
        seen[key] = number
        areas.append(area)
    if not areas and not problems:
        problems.append(f"{name}: there are no rows of figures under the header")
    for year in sorted({area.year for area in areas}):
        if not any(area.level == NATIONAL and area.year == year for area in areas):
            problems.append(f"{name}: there is no England (National) row for {year}")
    if problems:
        raise DfeFileError(problems)
    return DfeFigures(header, areas)


def _area(row: dict, where: str, problems: list[str]) -> Area | None:
    before = len(problems)
    period = row["time_period"]
    year = int(period) if period.isdigit() and len(period) == 4 else None
    if year is None:
        problems.append(f"{where}, column time_period: {period!r} is not a year like 2025")
    level = row["geographic_level"]
    if level not in LEVELS:
        problems.append(f"{where}, column geographic_level: {level!r} is not one of {', '.join(LEVELS)}")
    if level == LOCAL and not row["la_name"]:
        problems.append(f"{where}, column la_name: a local authority row needs the authority's name")
    if level in (LOCAL, REGIONAL) and not row["region_name"]:
        problems.append(f"{where}, column region_name: a {level.lower()} row needs its region's name")
    for column, value in row.items():
        if column in NAME_COLUMNS or value == "" or value in MARKERS:
            continue
        number = figure(value)
        if number is None:
            problems.append(
                f"{where}, column {column}: {value!r} is not a number or one of the DfE's "
                f"markers ({', '.join(sorted(MARKERS))})"
            )
        elif number < 0:
            problems.append(f"{where}, column {column}: {value} is below zero")
    if len(problems) > before:
        return None
    name = {LOCAL: row["la_name"], REGIONAL: row["region_name"]}.get(level) or row["country_name"] or "England"
    values = {column: value for column, value in row.items() if column not in NAME_COLUMNS}
    codes = tuple(int(part) for part in row["old_la_code"].split("/") if part.strip().isdigit())
    return Area(year, level, name, row["region_name"], values, codes)


def refresh(instance_file: Path, name: str, data: bytes) -> DfeFigures:
    """Check a newer release and save it as the instance copy; all or nothing.

    The release must have the bundled file's columns, every row must read, and it
    must not be older than the release in use. It is written beside the instance
    copy and moved into place, so a failure leaves the figures in use untouched.
    """
    release = read_release(name, data)
    in_use = load(current_file(instance_file))
    if release.years[-1] < in_use.years[-1]:
        raise DfeFileError(
            [
                f"{name}: its latest year is {release.years[-1]}, older than the {in_use.years[-1]} "
                "figures in use; download the latest release from the DfE"
            ]
        )
    instance_file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=instance_file.parent, prefix=".dfe-", suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, instance_file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return release
