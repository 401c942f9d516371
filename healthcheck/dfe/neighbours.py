"""The DfE's statistical neighbours: for each local authority with children's services, the ten
authorities most like it, and how close each is.

The app ships the DfE's table (healthcheck/data/sn_may_2025.xlsx, Open Government Licence), kept
as published. `healthcheck refresh-benchmarks FILE.xlsx` checks a newer table and saves it in the
instance folder, where it takes precedence, as a newer indicators release does.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from healthcheck.dfe import files
from healthcheck.dfe.figures import DfeFileError, read_once
from healthcheck.paths import PACKAGE_DIR

BUNDLED_FILE = PACKAGE_DIR / "data" / "sn_may_2025.xlsx"
INSTANCE_FILE_NAME = "statistical_neighbours.xlsx"
SHEET = "LA SN Groups"
HEADER_ROW = 3  # the first two rows number and letter the columns
NEIGHBOURS = 10
# The DfE's closeness labels, normalised (the file mixes "Very close" and "Very Close").
CLOSENESS = ("Extremely close", "Very close", "Close", "Somewhat close", "Not close")
OLD_BLOCK = "old sns:"  # the heading of the block of authorities that no longer exist
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Neighbour:
    rank: int  # 1 is the closest
    code: int  # the DfE's three-digit LA number, old_la_code in the indicators file
    closeness: str


@dataclass(frozen=True)
class Group:
    code: int
    name: str
    neighbours: tuple[Neighbour, ...]
    former: bool  # from the DfE's block of authorities that no longer exist


class StatisticalNeighbours:
    def __init__(self, groups: list[Group]):
        self.groups = groups
        self._by_code: dict[int, Group] = {}
        for group in groups:  # current authorities win over a former one with the same number
            if group.code not in self._by_code or self._by_code[group.code].former:
                self._by_code[group.code] = group

    def for_codes(self, codes: tuple[int, ...]) -> Group | None:
        """The group of the first of an authority's LA numbers that has one."""
        return next((self._by_code[code] for code in codes if code in self._by_code), None)


def current_file(instance_file: Path) -> Path:
    return instance_file if instance_file.is_file() else BUNDLED_FILE


def load(path: Path) -> StatisticalNeighbours:
    """The table at `path`, read once and kept until the file changes."""
    return read_once(path, read_table)


def closeness(text) -> str | None:
    """A closeness label in the one spelling the app uses, or None if it is not one."""
    wanted = " ".join(str(text or "").split()).casefold()
    return next((label for label in CLOSENESS if label.casefold() == wanted), None)


def _code(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_table(name: str, data: bytes) -> StatisticalNeighbours:
    """Check a whole statistical neighbours table; raise DfeFileError naming every problem."""
    rows = _sheet_rows(name, data)
    if len(rows) < HEADER_ROW:
        raise DfeFileError(
            [f"{name}, sheet {SHEET}: the header should be on row {HEADER_ROW}, but the sheet ends first"]
        )
    header = [" ".join(str(cell or "").split()) for cell in rows[HEADER_ROW - 1]]
    expected = ["LA num", "LA Name"]
    problems = []
    for index, label in enumerate(expected):
        if index >= len(header) or header[index].casefold() != label.casefold():
            found = header[index] if index < len(header) and header[index] else "nothing"
            problems.append(
                f"{name}, sheet {SHEET}, row {HEADER_ROW}, column {_column_letter(index)}: "
                f"expected the heading {label!r}, found {found!r}"
            )
    neighbour_columns = []
    for rank in range(1, NEIGHBOURS + 1):
        try:
            column = next(i for i, cell in enumerate(header) if cell.upper() == f"SN{rank}")
        except StopIteration:
            problems.append(f"{name}, sheet {SHEET}, row {HEADER_ROW}: there is no column headed SN{rank}")
            continue
        if column + 1 >= len(header) or header[column + 1].upper() != "SNP":
            problems.append(
                f"{name}, sheet {SHEET}, row {HEADER_ROW}, column {_column_letter(column + 1)}: "
                f"the column after SN{rank} should be SNP, its closeness"
            )
            continue
        neighbour_columns.append(column)
    if problems:
        raise DfeFileError(problems)
    groups, seen, former = [], {}, False
    for number, cells in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
        cells = list(cells) + [None] * (len(header) - len(cells))
        if not any(str(cell or "").strip() for cell in cells):
            continue
        if str(cells[1] or "").strip().casefold() == OLD_BLOCK:
            former = True
            continue
        where = f"{name}, sheet {SHEET}, row {number}"
        before = len(problems)
        code = _code(cells[0])
        if code is None:
            problems.append(f"{where}, column A: {cells[0]!r} is not a DfE LA number like 301")
        authority = str(cells[1] or "").strip()
        if not authority:
            problems.append(f"{where}, column B: the authority's name is missing")
        neighbours = []
        for rank, column in enumerate(neighbour_columns, start=1):
            neighbour = _code(cells[column])
            label = closeness(cells[column + 1])
            if neighbour is None:
                problems.append(
                    f"{where}, column {_column_letter(column)}: {cells[column]!r} is not a DfE LA number (SN{rank})"
                )
            if label is None:
                problems.append(
                    f"{where}, column {_column_letter(column + 1)}: {cells[column + 1]!r} is not a closeness "
                    f"({', '.join(CLOSENESS)})"
                )
            if neighbour is not None and label is not None:
                neighbours.append(Neighbour(rank, neighbour, label))
        if len(problems) > before:
            continue
        if (code, former) in seen:
            problems.append(f"{where}: LA number {code} is already on row {seen[(code, former)]}")
            continue
        seen[(code, former)] = number
        groups.append(Group(code, authority, tuple(neighbours), former))
    if not groups and not problems:
        problems.append(f"{name}, sheet {SHEET}: there are no authorities under the header")
    if problems:
        raise DfeFileError(problems)
    return StatisticalNeighbours(groups)


def _sheet_rows(name: str, data: bytes) -> list[tuple]:
    with files.opened_workbook(
        name, data, MAX_BYTES, lambda message: DfeFileError([message]), "; it is not the DfE's table"
    ) as workbook:
        sheet = next((s for s in workbook.worksheets if s.title.strip().casefold() == SHEET.casefold()), None)
        if sheet is None:
            names = ", ".join(s.title for s in workbook.worksheets) or "none"
            raise DfeFileError([f"{name}: there is no sheet called {SHEET!r} (its sheets: {names})"])
        return list(sheet.iter_rows(values_only=True))


def refresh(instance_file: Path, name: str, data: bytes) -> StatisticalNeighbours:
    """Check a newer table and save it as the instance copy; all or nothing."""
    table = read_table(name, data)
    instance_file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=instance_file.parent, prefix=".sn-", suffix=".xlsx")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, instance_file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return table
