"""Benchmarks for adults' social work: Skills for Care's figures for social workers employed in
adult social care, by council, region and England.

Skills for Care's licence does not allow the app to ship its local authority workbook, so the
user brings it (`healthcheck import-adult-benchmarks FILE`, or the upload on the benchmarks
page). Until then the page uses England-level figures from Skills for Care's published reports,
bundled as a small cited table (healthcheck/data/sfc_adult_social_workers_england.csv).
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from dataclasses import dataclass

from healthcheck.dfe import files
from healthcheck.paths import PACKAGE_DIR

NATIONAL_FILE = PACKAGE_DIR / "data" / "sfc_adult_social_workers_england.csv"
SOURCE_SETTING = "adult_benchmarks_source"  # organisation key: what was imported, and when
SHEET = "LA level data"
SUPPRESSED = "*"
MAX_BYTES = 30_000_000
MAX_ROWS = 500_000
MAX_PROBLEMS = 20
ENGLAND, REGION, LOCAL = "England", "Region", "Local authority"
# The job-role labels Skills for Care has used for social workers, across editions.
SOCIAL_WORKER_ROLES = ("social worker", "individual role - social worker")
# Column -> the headings Skills for Care has used for it (compared without case or spacing).
HEADINGS = {
    "level": ("area type", "area level", "geography level", "geographic level", "level"),
    "name": ("area name", "local authority area", "local authority", "la name", "area", "geography name"),
    "region": ("region", "region name"),
    "sector": ("sector",),
    "service": ("service", "service type", "main service", "service group"),
    "role": ("job role", "job role group", "main job role", "role"),
    "vacancy_rate": ("vacancy rate", "vacancy rate (%)"),
    "turnover_rate": ("turnover rate", "turnover rate (%)"),
    "sickness_days": ("mean sickness days", "average sickness days", "mean days sickness", "sickness days"),
}
REQUIRED = ("name", "role", "vacancy_rate", "turnover_rate")
FIGURES = ("vacancy_rate", "turnover_rate", "sickness_days")
# The sector whose social workers are the council's own, and the "all" rows of a breakdown.
COUNCIL_SECTORS = ("local authority", "local authority (adult services)")
ALL_WORDS = ("all", "all sectors", "all services", "all job roles", "total")


class AdultFileError(ValueError):
    """A workbook that cannot be used; nothing was changed. `problems` say where and why."""

    def __init__(self, problems: list[str]):
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
        super().__init__("\n".join(shown))
        self.problems = problems


@dataclass(frozen=True)
class Figure:
    """One Skills for Care figure: a number, or None with why ("suppressed" or "not given")."""

    value: float | None
    marker: str | None = None

    @classmethod
    def stored(cls, text: str | None) -> Figure:
        if text == SUPPRESSED:
            return cls(None, "suppressed")
        if text in (None, ""):
            return cls(None, "not given")
        return cls(float(text))


@dataclass(frozen=True)
class AdultArea:
    level: str
    name: str
    region: str
    figures: dict[str, Figure]
    row: int | None = None


@dataclass(frozen=True)
class AdultSource:
    file: str
    period: str | None
    imported_on: str
    sector: str
    areas: int


@dataclass(frozen=True)
class NationalFigures:
    as_at: str
    figures: dict[str, Figure]
    source: str
    url: str


def national_figures() -> NationalFigures:
    """The latest England-level figures from Skills for Care's reports, bundled with the app."""
    with NATIONAL_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = rows[-1]
    figures = {key: Figure.stored(row[key].strip()) for key in ("vacancy_rate", "turnover_rate", "agency_rate")}
    figures["sickness_days"] = Figure(None, "not given")
    return NationalFigures(row["as_at"], figures, row["source"], row["url"])


# --- reading the workbook -------------------------------------------------------------


def _plain(value) -> str:
    return " ".join(str(value if value is not None else "").split()).casefold()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def matching_name(name: str) -> str:
    """A council's name as compared across sources: "Bristol, City of" and "City of Bristol" agree."""
    text = _plain(name).replace("&", "and")
    text = re.sub(r",?\s*city of\b|\bcity of\s+", " ", text)
    text = re.sub(r"\b(council|county|borough|metropolitan|district)\b", " ", text)
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text).split())


def read_workbook(name: str, data: bytes) -> tuple[list[AdultArea], dict]:
    """Every council's, region's and England's social-worker figures in a Skills for Care
    LA-level workbook, and what the file says about itself; AdultFileError names every problem."""
    rows = _sheet_rows(name, data)
    where_sheet = f"{name}, sheet {SHEET}"
    header_number, columns = _header(rows)
    if header_number is None:
        raise AdultFileError(
            [
                f"{where_sheet}: no heading row found in the first 30 rows; it needs columns headed "
                "Job role, Vacancy rate and Turnover rate, and the area's name"
            ]
        )
    problems = [
        f"{where_sheet}, row {header_number}: there is no column headed {HEADINGS[key][0].capitalize()}"
        for key in REQUIRED
        if key not in columns
    ]
    if problems:
        raise AdultFileError(problems)
    period = _period(rows[: header_number - 1], name)
    candidates: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    regions = set()
    for number, cells in enumerate(rows[header_number:], start=header_number + 1):
        values = [cell[0] for cell in cells]
        if not any(_plain(value) for value in values):
            continue
        cell = _reader(cells, columns)
        role = _plain(cell("role"))
        if role not in SOCIAL_WORKER_ROLES:
            continue
        area = str(cell("name") or "").strip()
        where = f"{where_sheet}, row {number}"
        if not area:
            problems.append(f"{where}, column {_letter(columns['name'])}: a social worker row needs its area's name")
            continue
        sector = _plain(cell("sector")) if "sector" in columns else ""
        service = _plain(cell("service")) if "service" in columns else ""
        figures = {}
        for key in FIGURES:
            if key not in columns:
                figures[key] = ""
                continue
            text, problem = _figure(cells[columns[key]] if columns[key] < len(cells) else (None, None), key)
            if problem:
                problems.append(f"{where}, column {_letter(columns[key])} ({HEADINGS[key][0]}): {problem}")
            figures[key] = text
        level = _plain(cell("level")) if "level" in columns else ""
        region = str(cell("region") or "").strip() if "region" in columns else ""
        if region:
            regions.add(region)
        candidates.setdefault((area, sector), []).append(
            (number, {"level": level, "region": region, "service": service, "figures": figures})
        )
    if problems:
        raise AdultFileError(problems)
    if not candidates:
        raise AdultFileError(
            [
                f"{where_sheet}: there are no social worker rows (the Job role column should say "
                "'Social worker' or 'Individual role - Social worker')"
            ]
        )
    sector = _sector({sector for _, sector in candidates})
    if sector is None and "sector" in columns:
        raise AdultFileError(
            [
                f"{where_sheet}, column {_letter(columns['sector'])}: the social worker rows are for the sectors "
                f"{', '.join(sorted({s for _, s in candidates}))}, and none is Local authority or All sectors"
            ]
        )
    areas, seen = [], {}
    for (area, area_sector), found in candidates.items():
        if area_sector != sector:
            continue
        chosen = _one_service(found)
        if chosen is None:
            rows_named = ", ".join(str(number) for number, _ in found)
            problems.append(
                f"{where_sheet}, rows {rows_named}: {area} has more than one social worker row for "
                "the same sector and none of them is for all services"
            )
            continue
        number, row = chosen
        level = _level(row["level"], area, regions)
        if level is None:
            problems.append(
                f"{where_sheet}, row {number}, column {_letter(columns['level'])}: "
                f"{row['level']!r} is not England, a region or a local authority"
            )
            continue
        key = matching_name(area)
        if key in seen:
            problems.append(f"{where_sheet}, row {number}: {area} is already on row {seen[key]}")
            continue
        seen[key] = number
        areas.append(
            AdultArea(level, area, row["region"], {k: Figure.stored(v) for k, v in row["figures"].items()}, number)
        )
    if problems:
        raise AdultFileError(problems)
    if not any(area.level == LOCAL for area in areas):
        raise AdultFileError([f"{where_sheet}: there are no councils' social worker rows"])
    return areas, {"period": period, "sector": sector or "all"}


def _sheet_rows(name: str, data: bytes) -> list[list[tuple]]:
    """The sheet's rows, each cell as (value, number format)."""
    if not data.startswith(b"PK") and len(data) <= MAX_BYTES:
        raise AdultFileError([f"{name}: is not an Excel workbook (.xlsx); upload Skills for Care's LA data download"])
    with files.opened_workbook(name, data, MAX_BYTES, lambda message: AdultFileError([message])) as workbook:
        sheet = next((s for s in workbook.worksheets if _plain(s.title) == _plain(SHEET)), None)
        if sheet is None:
            names = ", ".join(s.title for s in workbook.worksheets) or "none"
            raise AdultFileError([f"{name}: there is no sheet called {SHEET!r} (its sheets: {names})"])
        sheet.reset_dimensions()
        rows = []
        for row in sheet.iter_rows():
            rows.append([(getattr(cell, "value", None), getattr(cell, "number_format", None)) for cell in row])
            if len(rows) > MAX_ROWS:
                raise AdultFileError([f"{name}, sheet {SHEET}: more than {MAX_ROWS:,} rows"])
        return rows


def _header(rows) -> tuple[int | None, dict[str, int]]:
    for number, cells in enumerate(rows[:30], start=1):
        headings = [_plain(cell[0]) for cell in cells]
        columns = {}
        for key, names in HEADINGS.items():
            index = next((i for i, heading in enumerate(headings) if heading in names), None)
            if index is not None:
                columns[key] = index
        if "role" in columns and ("vacancy_rate" in columns or "turnover_rate" in columns):
            return number, columns
    return None, {}


def _reader(cells, columns):
    def cell(key):
        index = columns.get(key)
        return cells[index][0] if index is not None and index < len(cells) else None

    return cell


def _period(rows, name: str) -> str | None:
    """The year the figures are for, from the title rows above the header (or the file name)."""
    texts = [str(cell[0]) for cells in rows for cell in cells if isinstance(cell[0], str)] + [name]
    for text in texts:
        found = re.search(r"\b(20\d\d)\s*/\s*(\d\d)\b|\b(?:september|march)\s+20\d\d\b|\b20\d\d\b", text, re.I)
        if found:
            return found.group(0)
    return None


def _figure(cell: tuple, key: str) -> tuple[str, str | None]:
    """A figure as stored text ("" not given, "*" suppressed, else a number), or a problem."""
    value, number_format = cell
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", None
    if isinstance(value, str) and value.strip() == SUPPRESSED:
        return SUPPRESSED, None
    percent = key != "sickness_days"
    if isinstance(value, bool):
        return "", f"{value!r} is not a number or * (suppressed)"
    if isinstance(value, int | float):
        number = float(value) * (100 if percent and "%" in str(number_format or "") else 1)
    else:
        text = value.strip().replace(",", "")
        is_percent = text.endswith("%")
        try:
            number = float(text.rstrip("%").strip())
        except ValueError:
            return "", f"{value.strip()!r} is not a number or * (suppressed)"
        if is_percent and not percent:
            return "", f"{value.strip()!r} is a percentage, but this column counts days"
    if number < 0:
        return "", f"{number:g} is below zero"
    if percent and number > 100:
        return "", f"{number:g}% is more than 100%"
    return f"{round(number, 4):g}", None


def _sector(sectors: set[str]) -> str | None:
    """The council's own social workers where the file breaks them down by sector."""
    if len(sectors) == 1:
        return next(iter(sectors))
    for wanted in COUNCIL_SECTORS + ALL_WORDS:
        if wanted in sectors:
            return wanted
    return None


def _one_service(found: list[tuple[int, dict]]):
    if len(found) == 1:
        return found[0]
    totals = [item for item in found if item[1]["service"] in ALL_WORDS or item[1]["service"].startswith("all ")]
    return totals[0] if len(totals) == 1 else None


def _level(level: str, area: str, regions: set[str]) -> str | None:
    if level:
        if level in ("england", "national", "country"):
            return ENGLAND
        if level in ("region", "regional"):
            return REGION
        if level in ("local authority", "la", "local authority area", "council", "cassr"):
            return LOCAL
        return None
    if _plain(area) == "england":
        return ENGLAND
    if area in regions:
        return REGION
    return LOCAL


# --- keeping them ---------------------------------------------------------------------


def import_workbook(db, name: str, data: bytes) -> AdultSource:
    """Check the whole workbook, then replace the adults' benchmarks with it in one transaction."""
    areas, about = read_workbook(name, data)
    source = AdultSource(
        file=name,
        period=about["period"],
        imported_on=datetime.date.today().isoformat(),
        sector=about["sector"],
        areas=sum(area.level == LOCAL for area in areas),
    )
    with db.atomic():
        db.execute("delete from adult_benchmarks")
        db["adult_benchmarks"].insert_all(
            [
                {
                    "level": area.level,
                    "name": area.name,
                    "region": area.region,
                    **{key: _stored(area.figures[key]) for key in FIGURES},
                    "source_row": area.row,
                }
                for area in areas
            ]
        )
        db["organisation"].upsert({"key": SOURCE_SETTING, "value": json.dumps(source.__dict__)}, pk="key")
    return source


def _stored(figure: Figure) -> str:
    if figure.value is not None:
        return f"{figure.value:g}"
    return SUPPRESSED if figure.marker == "suppressed" else ""


def loaded_source(db) -> AdultSource | None:
    row = db.execute("select value from organisation where key = ?", [SOURCE_SETTING]).fetchone()
    return AdultSource(**json.loads(row[0])) if row and row[0] else None


def _area(row: dict) -> AdultArea:
    return AdultArea(
        row["level"],
        row["name"],
        row["region"] or "",
        {key: Figure.stored(row[key]) for key in FIGURES},
        row["source_row"],
    )


def find_areas(db, authority: str | None) -> tuple[AdultArea | None, AdultArea | None, AdultArea | None]:
    """The council matching the DfE authority's name, its region and England, where loaded."""
    rows = [dict(row) for row in db.query("select * from adult_benchmarks")]
    wanted = {matching_name(part) for part in (authority or "").split("/") if part.strip()}
    council = next((_area(row) for row in rows if row["level"] == LOCAL and matching_name(row["name"]) in wanted), None)
    region = None
    if council and council.region:
        region = next(
            (_area(row) for row in rows if row["level"] == REGION and _plain(row["name"]) == _plain(council.region)),
            None,
        )
    england = next((_area(row) for row in rows if row["level"] == ENGLAND), None)
    return council, region, england
