"""Importing workforce figures from a CSV or XLSX file: check everything, show what
will change, then apply it all in one transaction or not at all."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.uploads.files import Limits
from healthcheck.workforce.columns import Layout, column_label, dfe_scope_problems, read_layout
from healthcheck.workforce.figures import check_editable, figures_for, write_figures
from healthcheck.workforce.indicators import disclosure
from healthcheck.workforce.reading import UPLOAD_LIMITS, Grid, read_upload
from healthcheck.workforce.values import (
    FORMULA_STARTS,
    FileProblem,
    Formula,
    WorkforceFileError,
    is_blank,
    parse_figure,
    part_whole_problems,
    shown,
)

CREATE_HINT = "add the teams to the cycle first, or choose to add teams that are not in the cycle"
DFE_SERVICE_AREA = "Children"  # the DfE figures are for children's social work
DEFAULT_SERVICE_AREA = "Other"
TEAM_NAME_LIMIT = 100
# Rows of a council's own workbook that are not a team: totals and subtotals.
TOTAL_ROW = re.compile(r"^(grand\s+)?(sub\s*-?\s*)?totals?\b|\b(sub\s*-?\s*)?totals?$|^all\s+teams$|^overall$", re.I)
# Figures that are a small part of a team, where a column of values all below 1 is a
# column of rates (0.18 for 18 %) rather than of FTE.
RATE_PRONE = ("vacancy_fte", "agency_fte", "agency_cover_fte", "long_term_absence_fte", "starters_fte", "leavers_fte")


@dataclass(frozen=True)
class Change:
    team: str
    team_slug: str
    field: str
    old: float | None
    new: float | None
    # The stored figure is about individuals in a team below the reporting threshold.
    old_hidden: bool = False

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"


@dataclass(frozen=True)
class NewTeam:
    name: str
    slug: str
    service_area: str
    headcount: int


@dataclass
class ImportPlan:
    """What an import will do, worked out without changing anything."""

    file_name: str
    cycle_id: int
    fields: list[str]
    not_imported: list[str]
    teams: list[str]
    new_teams: list[NewTeam]
    changes: list[Change]
    unchanged: int
    dfe: bool = False
    values: dict[str, dict[str, float | None]] = field(default_factory=dict, repr=False)
    # Rows left out because they are not a team (a title, a section heading, a total), each said.
    left_out: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def fingerprint(self) -> str:
        """Identifies the changes, so a confirmation applies exactly what was previewed."""
        content = json.dumps(
            [[c.team_slug, c.field, c.old, c.new] for c in self.changes]
            + [[t.slug, t.service_area, t.headcount] for t in self.new_teams]
        )
        return hashlib.sha256(content.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    removed: int
    teams: int
    created_teams: int

    def summary(self) -> str:
        text = (
            f"{self.added} {_plural(self.added, 'figure')} added, {self.changed} changed and "
            f"{self.removed} removed for {self.teams} {_plural(self.teams, 'team')}"
        )
        if self.created_teams:
            text += f"; {self.created_teams} new {_plural(self.created_teams, 'team')} added to the cycle"
        return text


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"


def plan_import(
    db,
    cycle: dict,
    file_name: str,
    data: bytes,
    *,
    team_column: str | None = None,
    create_teams: bool = False,
    create_hint: str = CREATE_HINT,
    limits: Limits = UPLOAD_LIMITS,
) -> ImportPlan:
    """Read and check the whole file against the cycle; raise WorkforceFileError listing
    every problem (with row and column), or return the plan. Changes nothing."""
    check_editable(cycle)
    grid = read_upload(file_name, data, limits)
    bank = cycles.cycle_bank(cycle)
    layout, problems = read_layout(grid.headers, bank, team_column, grid.header_row)
    if problems:
        raise WorkforceFileError(grid.file_name, problems)
    if layout.dfe:
        problems = dfe_scope_problems(grid.rows, grid.headers)
        if problems:
            raise WorkforceFileError(grid.file_name, problems)
    rows = _RowReader(db, cycle, bank, grid, layout, create_teams, create_hint)
    values = rows.read()
    if rows.problems:
        raise WorkforceFileError(grid.file_name, rows.problems)
    stored = figures_for(db, cycle["id"])
    teams = list(rows.existing.values())
    hidden = disclosure(
        bank, teams, {team["id"]: stored.get(team["id"], {}) for team in teams}, cycle["reporting_threshold"]
    ).teams
    individual = {f.key for f in bank.workforce_fields if f.individual}
    changes, unchanged = [], 0
    for slug, team_values in values.items():
        team_id = rows.team_ids.get(slug)
        before = stored.get(team_id, {}) if team_id else {}
        for key in layout.fields.values():
            old, new = before.get(key), team_values[key]
            old_hidden = old is not None and team_id in hidden and key in individual
            # A hidden figure is always listed, so "unchanged" never confirms a guess at it.
            same = old == new or (old is not None and new is not None and abs(old - new) < 1e-9)
            if same and not old_hidden:
                unchanged += old is not None
                continue
            changes.append(Change(rows.names[slug], slug, key, old, new, old_hidden))
    return ImportPlan(
        file_name=grid.file_name,
        cycle_id=cycle["id"],
        fields=list(layout.fields.values()),
        not_imported=layout.not_imported,
        teams=[rows.names[slug] for slug in values],
        new_teams=rows.new_teams,
        changes=changes,
        unchanged=unchanged,
        dfe=layout.dfe,
        values=values,
        left_out=[f"row {number}: {what}; left out" for number, what in sorted(grid.left_out + rows.left_out)],
    )


def apply_import(db, cycle: dict, plan: ImportPlan, changed_by: str = cycles.ON_THE_SERVER) -> ImportResult:
    """Create any new teams and store every change, in one transaction."""
    check_editable(cycle)
    with db.atomic():
        for team in plan.new_teams:
            cycles.add_team(
                db,
                cycle,
                {"name": team.name, "service_area": team.service_area, "headcount": team.headcount},
                changed_by,
            )
        team_ids = {team["slug"]: team["id"] for team in cycles.teams_for(db, cycle["id"])}
        by_team: dict[str, dict[str, float | None]] = {}
        for change in plan.changes:
            by_team.setdefault(change.team_slug, {})[change.field] = change.new
        for slug, values in by_team.items():
            write_figures(db, cycle["id"], team_ids[slug], values)
    return ImportResult(
        added=plan.count("added"),
        changed=plan.count("changed"),
        removed=plan.count("removed"),
        teams=len(plan.teams),
        created_teams=len(plan.new_teams),
    )


def import_file(db, cycle: dict, file_name: str, data: bytes, **options) -> tuple[ImportPlan, ImportResult]:
    plan = plan_import(db, cycle, file_name, data, **options)
    return plan, apply_import(db, cycle, plan)


class _RowReader:
    """Reads the data rows of a grid, collecting every problem rather than stopping at one."""

    def __init__(self, db, cycle, bank, grid: Grid, layout: Layout, create_teams: bool, create_hint: str):
        self.cycle = cycle
        self.grid = grid
        self.layout = layout
        self.create_teams = create_teams
        self.create_hint = create_hint
        self.fields = {f.key: f for f in bank.workforce_fields}
        self.labels = {f.key: f.label for f in bank.workforce_fields}
        self.existing = {team["slug"]: team for team in cycles.teams_for(db, cycle["id"])}
        self.team_ids = {slug: team["id"] for slug, team in self.existing.items()}
        self.names: dict[str, str] = {}
        self.first_row: dict[str, int] = {}
        self.new_teams: list[NewTeam] = []
        self.problems: list[FileProblem] = []
        self.row_team: str | None = None
        # Columns with no name in the header row; cells beyond the last header have none either.
        self.unnamed = [index for index, header in enumerate(grid.headers) if is_blank(header)]
        # A file gives the same few values again and again: each distinct one is checked once.
        self.parsed: dict[tuple, tuple[float | None, str | None]] = {}
        self.left_out: list[tuple[int, str]] = []

    def problem(self, row: int, index: int | None, message: str) -> None:
        header = column_label(self.grid.headers, index) if index is not None else None
        self.problems.append(
            FileProblem(
                message,
                row=row,
                column=None if index is None else index + 1,
                header=header or None,
                team=self.row_team,
            )
        )

    def _row_team(self, cells: list) -> str | None:
        """The team the row names, as written, to say where a problem is."""
        value = self._cell(cells, self.layout.team)
        if value is None or isinstance(value, Formula):
            return None
        return shown(re.sub(r"\s+", " ", str(value)).strip()) or None

    def read(self) -> dict[str, dict[str, float | None]]:
        values = {}
        rows = {}
        named = {}  # the team as each row wrote it, for problems found after every row is read
        for row, cells in self.grid.rows:
            self.row_team = self._row_team(cells)
            self._check_unnamed_columns(row, cells)
            if self._not_a_team(row, cells):
                continue
            slug = self._team(row, cells)
            figures = self._figures(row, cells)
            if slug is None or figures is None:
                continue
            values[slug] = figures
            rows[slug] = row
            named[slug] = self.row_team
            if slug not in self.existing:
                self._new_team(row, cells, slug, figures)
        self._check_rates(values, rows, named)
        return values

    def _not_a_team(self, row: int, cells: list) -> bool:
        """A total or subtotal row, or a section heading (a name with no figures that is not a
        team of the cycle): noted as left out, never made into a team."""
        value = self._cell(cells, self.layout.team)
        name = re.sub(r"\s+", " ", str(value)).strip() if isinstance(value, (str, int, float)) else ""
        if not name:
            return False
        if TOTAL_ROW.search(name):
            self.left_out.append((row, f'"{shown(name)}" is a total, not a team'))
            return True
        figures = [self._cell(cells, index) for index in self.layout.fields]
        if all(is_blank(figure) for figure in figures) and cycles.slugify(name) not in self.existing:
            self.left_out.append((row, f'"{shown(name)}" has no figures, so it is taken as a section heading'))
            return True
        return False

    def _check_rates(self, values: dict, rows: dict, named: dict) -> None:
        """A column of a part of each team (vacancies, agency, leavers) whose every figure is
        below 1 holds rates typed as decimals (0.18 for 18 %), not FTE: refused, saying so."""
        columns = {key: index for index, key in self.layout.fields.items()}
        for key in RATE_PRONE:
            if key not in columns:
                continue
            figures = [(slug, team[key]) for slug, team in values.items() if team.get(key)]
            if len(figures) >= 2 and all(0 < figure < 1 for _, figure in figures):
                shown_figures = ", ".join(f"{figure:g}" for _, figure in figures[:3])
                self.row_team = named[figures[0][0]]
                self.problem(
                    rows[figures[0][0]],
                    columns[key],
                    f"every figure in this column is below 1 ({shown_figures}): these look like rates "
                    f"typed as decimals, not {self.labels[key].lower()} in FTE. Put the FTE itself "
                    "(the rate is worked out from it)",
                )

    def _cell(self, cells: list, index: int | None):
        return cells[index] if index is not None and index < len(cells) else None

    def _check_unnamed_columns(self, row: int, cells: list) -> None:
        named = len(self.grid.headers)
        for index in [index for index in self.unnamed if index < len(cells)] + list(range(named, len(cells))):
            value = cells[index]
            if not is_blank(value):
                self.problem(
                    row,
                    index,
                    f'"{shown(value)}" is in a column with no name in the header row; '
                    "name the column or delete the cell",
                )

    def _team(self, row: int, cells: list) -> str | None:
        index = self.layout.team
        value = self._cell(cells, index)
        if isinstance(value, Formula):
            self.problem(row, index, f"the team name is a formula ({shown(value.text)}); type the name itself")
            return None
        name = re.sub(r"\s+", " ", str(value if value is not None else "")).strip()
        # The template writes a name that starts like a formula with an apostrophe first.
        if name.startswith("'") and name[1:2] and name[1] in FORMULA_STARTS + ("+", "-", "@"):
            name = name[1:]
        if not name:
            self.problem(row, index, "the team name is empty; every row needs the name of its team")
            return None
        if len(name) > TEAM_NAME_LIMIT:
            self.problem(row, index, f"the team name is longer than {TEAM_NAME_LIMIT} characters")
            return None
        slug = cycles.slugify(name)
        if not slug:
            self.problem(row, index, f'"{shown(name)}" is not a team name; it needs letters or numbers')
            return None
        if slug in self.first_row:
            self.problem(
                row,
                index,
                f'"{shown(name)}" appears more than once (first on row {self.first_row[slug]}); give each team one row',
            )
            return None
        self.first_row[slug] = row
        if slug in self.existing:
            self.names[slug] = self.existing[slug]["name"]
        elif not self.create_teams:
            self.problem(row, index, f'"{shown(name)}" is not a team in {self.cycle["name"]}: {self.create_hint}')
            return None
        else:
            self.names[slug] = name
        return slug

    def _figures(self, row: int, cells: list) -> dict[str, float | None] | None:
        figures, ok = {}, True
        decimal_comma = self.grid.delimiter == ";"
        for index, key in self.layout.fields.items():
            try:
                figures[key] = self._figure(self._cell(cells, index), self.fields[key].unit, decimal_comma)
            except Problem as error:
                self.problem(row, index, error.message)
                ok = False
        if not ok:
            return None
        columns = {key: index for index, key in self.layout.fields.items()}
        for key, message in part_whole_problems(figures, self.labels):
            self.problem(row, columns[key], message)
            ok = False
        return figures if ok else None

    def _figure(self, value, unit: str, decimal_comma: bool) -> float | None:
        """parse_figure, worked out once for each distinct text or number and unit in the file."""
        if type(value) not in (str, int, float):
            return parse_figure(value, unit, decimal_comma=decimal_comma)
        key = (type(value), value, unit)
        known = self.parsed.get(key)
        if known is None:
            try:
                known = (parse_figure(value, unit, decimal_comma=decimal_comma), None)
            except Problem as error:
                known = (None, error.message)
            self.parsed[key] = known
        if known[1] is not None:
            raise Problem(known[1])
        return known[0]

    def _new_team(self, row: int, cells: list, slug: str, figures: dict) -> None:
        service = self._cell(cells, self.layout.service_area)
        if is_blank(service):
            service_area = DFE_SERVICE_AREA if self.layout.dfe else DEFAULT_SERVICE_AREA
        else:
            matches = [area for area in cycles.SERVICE_AREAS if area.lower() == str(service).strip().lower()]
            if not matches:
                self.problem(
                    row,
                    self.layout.service_area,
                    f'"{shown(service)}" is not a service area; use one of {", ".join(cycles.SERVICE_AREAS)}',
                )
                return
            service_area = matches[0]
        raw_headcount = self._cell(cells, self.layout.headcount)
        if is_blank(raw_headcount):
            headcount = int(figures.get("inpost_headcount") or 0)
        else:
            try:
                number = parse_figure(raw_headcount, "people")
            except Problem as error:
                self.problem(row, self.layout.headcount, error.message)
                return
            if number is None or number > 100000:
                self.problem(
                    row, self.layout.headcount, "the eligible headcount must be a whole number from 0 to 100,000"
                )
                return
            headcount = int(number)
        self.new_teams.append(NewTeam(self.names[slug], slug, service_area, headcount))
