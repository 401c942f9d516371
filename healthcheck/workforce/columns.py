"""Matching an upload's header row to workforce fields, including the DfE layout as published.

Headers match case-insensitively, ignoring spaces, underscores, punctuation and a
trailing "%", so "Vacancy FTE", "vacancy_fte" and "VACANCY_FTE %" are one column.
A field's label from the bank works as a header too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from healthcheck.questions import QuestionBank
from healthcheck.workforce.values import FileProblem, is_blank

TEAM_HEADERS = ("team", "teamname", "laname")
SERVICE_AREA_HEADERS = ("servicearea",)
HEADCOUNT_HEADERS = ("headcount", "eligibleheadcount")
# The DfE children's social work workforce files: older years use other names.
DFE_ALIASES = {
    "socialworkerfte": "inpost_fte",
    "socialworkerheadcount": "inpost_headcount",
    "starterfte": "starters_fte",
    "leaverfte": "leavers_fte",
    "workingdayslostfte": "working_days_lost",
}
DFE_SIGNATURE = {"timeperiod", "geographiclevel", "laname"}
DFE_LOCAL_AUTHORITY = "Local authority"
# Columns the DfE publishes that are not imported: codes, and rates we work out ourselves.
DFE_NOT_IMPORTED = {
    "timeperiod",
    "timeidentifier",
    "geographiclevel",
    "countrycode",
    "countryname",
    "regioncode",
    "regionname",
    "oldlacode",
    "newlacode",
    "startersheadcount",
    "leaversheadcount",
    "leaverheadcount",
    "turnoverratefte",
    "turnoverrateheadcount",
    "agencyheadcount",
    "agencyratefte",
    "agencyrateheadcount",
    "agencyworkerratefte",
    "agencyworkerrateheadcount",
    "agencycoverratefte",
    "vacancyratefte",
    "vacancyagencycoverratefte",
    "caseloadfte",
    "absenceratefte",
}


def normalise(header) -> str:
    text = str(header if header is not None else "").replace("\ufeff", "").strip().lower()
    text = text.rstrip().removesuffix("%")
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass
class Layout:
    """Which column is the team, and which columns hold which fields (0-based indexes)."""

    team: int
    fields: dict[int, str]
    service_area: int | None = None
    headcount: int | None = None
    dfe: bool = False
    not_imported: list[str] = field(default_factory=list)


def column_label(headers: list, index: int) -> str:
    return str(headers[index]).replace("\ufeff", "").strip() if index < len(headers) else ""


def read_layout(
    headers: list, bank: QuestionBank, team_column: str | None, header_row: int = 1
) -> tuple[Layout | None, list[FileProblem]]:
    """The layout of the header row, or the problems that stop it being read."""
    names = [normalise(header) for header in headers]
    known = _known_names(bank)
    problems = []

    def problem(index: int | None, message: str):
        problems.append(
            FileProblem(
                message,
                row=header_row,
                column=None if index is None else index + 1,
                header=None if index is None else column_label(headers, index) or None,
            )
        )

    dfe = DFE_SIGNATURE <= set(names)
    team = _team_column(names, headers, team_column, problem)
    layout = Layout(team=team if team is not None else -1, fields={}, dfe=dfe)
    first_seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if index == team:
            continue
        if not name:
            continue  # a column with no header; its cells are checked row by row
        target = known.get(name)
        if name in SERVICE_AREA_HEADERS:
            target = "service_area"
        elif name in HEADCOUNT_HEADERS:
            target = "headcount"
        if target is None:
            if not (dfe and name in DFE_NOT_IMPORTED) and name not in TEAM_HEADERS:
                suggestion = _looks_like(name, known)
                if suggestion:
                    problem(
                        index,
                        f'"{column_label(headers, index)}" is not a column this import knows. '
                        f'Did you mean "{suggestion}"? Correct the header, or delete the column',
                    )
                    continue
            layout.not_imported.append(column_label(headers, index))
            continue
        if target in first_seen:
            earlier = first_seen[target]
            problem(
                index,
                f"this column is {target} again (column {_letter(earlier)}, "
                f'"{column_label(headers, earlier)}", is {target} too); keep one of them',
            )
            continue
        first_seen[target] = index
        if target == "service_area":
            layout.service_area = index
        elif target == "headcount":
            layout.headcount = index
        else:
            layout.fields[index] = target
    if team is not None and not layout.fields and not problems:
        problem(
            None,
            "no column is a workforce figure. The columns should be named as in the template, "
            "such as inpost_fte or vacancy_fte; download the template to see them all",
        )
    return (None if problems else layout), problems


def _team_column(names, headers, team_column, problem) -> int | None:
    if team_column:
        wanted = normalise(team_column)
        for index, name in enumerate(names):
            if name == wanted:
                return index
        listed = ", ".join(f'"{column_label(headers, i)}"' for i in range(len(headers)) if column_label(headers, i))
        problem(None, f'there is no column named "{team_column}" for the team names. The columns are: {listed}')
        return None
    for wanted in TEAM_HEADERS:
        if wanted in names:
            return names.index(wanted)
    problem(
        None,
        'there is no column of team names: add a column headed "team" with each team\'s name, '
        "or say which column holds them",
    )
    return None


def _known_names(bank: QuestionBank) -> dict[str, str]:
    known = {}
    for workforce_field in bank.workforce_fields:
        known[normalise(workforce_field.key)] = workforce_field.key
        known.setdefault(normalise(workforce_field.label), workforce_field.key)
    for alias, key in DFE_ALIASES.items():
        if any(f.key == key for f in bank.workforce_fields):
            known.setdefault(alias, key)
    return known


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _looks_like(name: str, known: dict[str, str]) -> str | None:
    """The field an unknown header is probably a typo of: one or two letters out."""
    allowed = 1 if len(name) <= 6 else 2
    best = None
    for candidate, key in known.items():
        distance = _edit_distance(name, candidate, allowed)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, key)
    return best[1] if best else None


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Letters added, removed, changed or swapped to turn a into b (stops counting past limit)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def dfe_scope_problems(grid_rows, headers: list) -> list[FileProblem]:
    """A DfE file must be cut down to one year of local-authority rows before import."""
    names = [normalise(header) for header in headers]
    year_index, level_index = names.index("timeperiod"), names.index("geographiclevel")
    years, levels = {}, {}
    for row_number, cells in grid_rows:
        year = str(cells[year_index]).strip() if year_index < len(cells) and not is_blank(cells[year_index]) else ""
        level = str(cells[level_index]).strip() if level_index < len(cells) and not is_blank(cells[level_index]) else ""
        years.setdefault(year, row_number)
        levels.setdefault(level, row_number)
    problems = []
    if len(years) > 1:
        listed = ", ".join(sorted(year for year in years if year))
        problems.append(
            FileProblem(
                f"the file holds figures for {len(years)} years ({listed}); keep the rows of one "
                "time_period only, so each local authority appears once",
                column=year_index + 1,
                header=column_label(headers, year_index),
            )
        )
    others = sorted(level for level in levels if level != DFE_LOCAL_AUTHORITY)
    if others:
        listed = ", ".join(f'"{level}"' for level in others)
        problems.append(
            FileProblem(
                f"the file has {listed} rows as well as local authorities (first on row "
                f'{min(levels[level] for level in others)}); keep only the "{DFE_LOCAL_AUTHORITY}" rows',
                column=level_index + 1,
                header=column_label(headers, level_index),
            )
        )
    return problems
