"""Many teams added at once, from pasted lines or a CSV or XLSX file of name, service
area and headcount: read, checked as a whole (nothing is added if any line is wrong) and
then added together."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from healthcheck import cycles, lookalikes
from healthcheck.problems import Problem
from healthcheck.workforce import reading
from healthcheck.workforce.values import WorkforceFileError

MAX_TEAMS = 500
# Header names people use for the three columns, compared in lower case without spaces.
HEADERS = {
    "name": ("name", "team", "teamname"),
    "service_area": ("servicearea", "service", "area"),
    "headcount": ("headcount", "eligibleheadcount", "staff", "people"),
}


@dataclass(frozen=True)
class TeamLine:
    """One team as given, and where: "line 3" of a paste, or "row 3" of a file."""

    place: str
    name: str
    service_area: str
    headcount: str


@dataclass(frozen=True)
class CheckedTeam:
    place: str
    team: dict
    below_threshold: bool


def lines_from_paste(text: str) -> list[TeamLine]:
    """Lines of name, service area and headcount, separated by tabs (as copied from a
    spreadsheet) or commas; a first line of headings is skipped."""
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        delimiter = "\t" if "\t" in line else ","
        cells = [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]
        if not found and _is_heading(cells):
            continue
        found.append(_line(f"line {number}", cells))
    return found


def lines_from_file(file_name: str, data: bytes) -> list[TeamLine]:
    """The teams in a CSV or XLSX file with a heading row naming the three columns."""
    try:
        grid = reading.read_upload(file_name, data)
    except WorkforceFileError as error:
        raise Problem(f"{error.file_name}: {error.problems[0]}", "file") from None
    columns = {}
    for index, header in enumerate(grid.headers):
        key = "".join(str(header or "").lower().split()).replace("_", "")
        for field, names in HEADERS.items():
            if key in names and field not in columns:
                columns[field] = index
    missing = [field.replace("_", " ") for field in HEADERS if field not in columns]
    if missing:
        raise Problem(
            f"{grid.file_name}: the heading row (row {grid.header_row}) needs columns named team name, "
            f"service area and headcount; there is no {' or '.join(missing)} column",
            "file",
        )
    found = []
    for row_number, cells in grid.rows:
        values = [cells[columns[field]] if columns[field] < len(cells) else "" for field in HEADERS]
        if all(str(value or "").strip() == "" for value in values):
            continue
        found.append(_line(f"{grid.file_name} row {row_number}", [str(v if v is not None else "") for v in values]))
    return found


def _is_heading(cells: list[str]) -> bool:
    last = cells[-1] if cells else ""
    return not last.replace(",", "").isdigit() and any("".join(c.lower().split()) in HEADERS["name"] for c in cells)


def _line(place: str, cells: list[str]) -> TeamLine:
    cells = [str(cell).strip() for cell in cells] + ["", "", ""]
    headcount = cells[2].replace(",", "")
    if headcount.endswith(".0"):  # a whole number a spreadsheet stored as a decimal
        headcount = headcount[:-2]
    return TeamLine(place, cells[0], cells[1], headcount)


def check_lines(db, cycle: dict, lines: list[TeamLine]) -> list[CheckedTeam]:
    """Every team checked against the cycle's teams and each other; a Problem listing
    every line that is wrong, saying where and what, if any is."""
    if not lines:
        raise Problem("Enter at least one team: its name, service area and headcount", "teams")
    if len(lines) > MAX_TEAMS:
        raise Problem(f"Add at most {MAX_TEAMS} teams at once; there are {len(lines)}", "teams")
    checked, messages, seen = [], [], {}
    for line in lines:
        values = {"name": line.name, "service_area": line.service_area, "headcount": line.headcount}
        try:
            team = cycles.check_team(db, cycle["id"], values)
        except Problem as problem:
            messages.append(f"{line.place} ({line.name or 'no name'}): {problem.message}")
            continue
        skeleton = lookalikes.skeleton(team["name"])
        if skeleton in seen or any(team["slug"] == other.team["slug"] for other in checked):
            messages.append(
                f"{line.place} ({team['name']}): the same team is also on {seen.get(skeleton, 'another line')}"
            )
            continue
        seen[skeleton] = line.place
        checked.append(CheckedTeam(line.place, team, team["headcount"] < cycle["reporting_threshold"]))
    if messages:
        problems = [Problem(message, "teams") for message in messages]
        raise Problem("; ".join(messages), problems=problems)
    return checked


def add_checked(db, cycle: dict, lines: list[TeamLine], changed_by: str = cycles.ON_THE_SERVER) -> list[dict]:
    """Check every line again (the teams may have changed since the preview) and add them
    all, or none; each is recorded in the teams' history."""
    checked = check_lines(db, cycle, lines)
    with db.atomic():
        for each in checked:
            cycles.add_team(db, cycle, each.team, changed_by)
    return [each.team for each in checked]
