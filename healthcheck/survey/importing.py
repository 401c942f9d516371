"""Importing earlier survey answers (for example a SurveyMonkey or LimeSurvey export) from
CSV or XLSX: one row per respondent, checked in full, stored all together or not at all.

Columns: one per question, named by its id in the question bank ("5a", "S7a");
"team" (team name or web address name), "role" (role group), "submitted_on" (a date; the cycle's closing date if left out) and
"comment_1" ... "comment_8" for the free-text box of each standard. Answers
may be written as their labels ("Strongly agree") or codes ("strongly_agree");
several answers to a tick-all-that-apply question are separated by ";".

A file is refused before it is read if it is larger than MAX_BYTES or (a workbook)
unpacks to more than MAX_UNPACKED_BYTES; it may hold MAX_ROWS respondents and
MAX_COLUMNS columns, and each comment or free-text answer COMMENT_LIMIT characters.
An administrator may raise the number of rows (LIMITS.for_rows), and the sizes
grow with it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import gc
import io
from pathlib import Path

from openpyxl.utils import get_column_letter

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.questions import DONT_KNOW, PREFER_NOT_TO_SAY, ROLE_GROUPS, PractitionerItem, QuestionBank
from healthcheck.survey.store import (
    COMMENT_LIMIT,
    CheckedResponse,
    Response,
    ResponseChecker,
    store_checked,
)
from healthcheck.uploads import files
from healthcheck.uploads.files import Limits

MAX_PROBLEMS_LISTED = 30
MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 10_000  # respondents, below the header row
MAX_COLUMNS = 300
SEPARATOR = ";"
DETAIL_COLUMNS = ("team", "role", "submitted_on")
# Columns of details the survey no longer collects, and why a file holding one is refused.
NOT_COLLECTED = {
    "years": "years in social work are no longer collected, so they cannot be imported; delete this column",
}


# The defaults, unless an administrator raises the rows (LIMITS.for_rows).
LIMITS = Limits(max_rows=MAX_ROWS, max_bytes=MAX_BYTES, max_unpacked_bytes=MAX_UNPACKED_BYTES, max_columns=MAX_COLUMNS)


class ResponseImportError(ValueError):
    """Everything wrong with a file, each problem saying where; nothing was stored."""

    def __init__(self, problems: list[str]):
        shown = problems[:MAX_PROBLEMS_LISTED]
        if len(problems) > len(shown):
            shown.append(f"... and {len(problems) - len(shown)} more problems")
        super().__init__("\n".join(shown))
        self.problems = problems


def import_responses(db, cycle: dict, path: str | Path, limits: Limits = LIMITS) -> int:
    """Check every row, then store them all in one transaction. Returns how many were stored."""
    path = Path(path)
    if cycle["status"] == "draft":
        raise ResponseImportError([f"{cycle['name']} is still a draft. Open it first, so its questions are fixed"])
    bank = cycles.cycle_bank(cycle)
    with _no_cycle_collection():
        checked = read_responses(db, cycle, bank, path, limits)
        with _writing_in_bulk(db):
            return store_checked(db, cycle, bank, checked)


@contextlib.contextmanager
def _no_cycle_collection():
    """A file's millions of cells and answers hold no reference cycles, so Python's cycle
    collector would only walk them again and again as they are made: it waits for the end."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


# The page cache while an import is written (SQLite's default is 2 MB), so the pages of the
# answers' indexes that every row touches stay in memory. 10 MB gave all the gain measured
# on a new cycle; a larger database has deeper indexes, so more is allowed.
IMPORT_PAGE_CACHE_KIB = 64 * 1024


@contextlib.contextmanager
def _writing_in_bulk(db):
    """The connection set for writing millions of rows while the block runs, then as it was.

    A larger page cache. And statement journals kept in memory: SQLite copies each page a
    statement of many rows changes, in case that statement alone must be undone, and past
    64 kB writes the copies to a temporary file, which every statement of an import would
    do. The main journal and the commit are untouched. temp_store can change only outside
    a transaction, and changing it drops the connection's temporary tables and triggers,
    so it is left as it is when there are any (or when it is already 2, memory)."""
    cache_size = db.execute("pragma cache_size").fetchone()[0]
    temp_store = db.execute("pragma temp_store").fetchone()[0]
    in_memory = (
        not db.conn.in_transaction
        and temp_store != 2
        and not db.execute("select count(*) from sqlite_temp_master").fetchone()[0]
    )
    db.execute(f"pragma cache_size = -{IMPORT_PAGE_CACHE_KIB}")
    if in_memory:
        db.execute("pragma temp_store = memory")
    try:
        yield
    finally:
        db.execute(f"pragma cache_size = {int(cache_size)}")
        if in_memory and not db.conn.in_transaction:
            db.execute(f"pragma temp_store = {int(temp_store)}")


def read_rows(path: Path, limits: Limits = LIMITS) -> list[list[str | None]]:
    """The file's cells as text (None when empty), header row first, within the limits."""
    if not path.is_file():
        raise ResponseImportError([f"{path}: there is no file here"])
    size = path.stat().st_size
    if limits.too_large(size):
        raise ResponseImportError(
            [
                f"{path.name}: the file is {size / 1024 / 1024:.1f} MB; the largest file "
                f"that can be imported is {limits.megabytes} MB. "
                "Split it into smaller files"
            ]
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ResponseImportError(
                [f"{path.name}: the file is not UTF-8 text; save it again as 'CSV UTF-8' and import that"]
            ) from None
        try:
            return _within_limits(
                path.name,
                ([cell.strip() or None for cell in row] for row in csv.reader(io.StringIO(text))),
                limits,
            )
        except csv.Error as error:
            raise ResponseImportError([f"{path.name}: the file cannot be read as CSV ({error})"]) from None
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        _check_unpacked_size(path, limits)
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file
            raise ResponseImportError([f"{path.name}: the file cannot be read as an Excel workbook (.xlsx)"]) from None
        try:
            return _within_limits(
                path.name,
                ([_cell_text(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)),
                limits,
            )
        except ResponseImportError:
            raise
        except Exception:
            raise ResponseImportError([f"{path.name}: the file cannot be read as an Excel workbook (.xlsx)"]) from None
        finally:
            workbook.close()
    raise ResponseImportError([f"{path.name}: only .csv and .xlsx files can be imported"])


def _check_unpacked_size(path: Path, limits: Limits) -> None:
    """A workbook is a zip: refuse one that would unpack to far more than answers need."""
    refusal = files.workbook_refusal(path, limits)
    if refusal is None:
        return
    if refusal.reason == files.UNPACKS_TOO_LARGE:
        raise ResponseImportError(
            [
                f"{path.name}: the workbook unpacks to more than "
                f"{limits.unpacked_megabytes} MB, far more than survey answers need; "
                "it was refused"
            ]
        )
    raise ResponseImportError([f"{path.name}: the file cannot be read as an Excel workbook (.xlsx)"])


def _within_limits(name: str, rows, limits: Limits) -> list[list[str | None]]:
    """The rows, read one at a time, refusing a file with too many rows or columns."""
    kept, filled = [], 0
    for number, row in enumerate(rows, start=1):
        while row and row[-1] is None:
            row.pop()
        if len(row) > limits.max_columns:
            raise ResponseImportError(
                [f"{name}, row {number}: the row has {len(row)} columns; the most allowed is {limits.max_columns}"]
            )
        kept.append(row)
        filled += bool(row)
        if filled > limits.max_rows + 1:  # the header row and max_rows respondents
            raise ResponseImportError(
                [f"{name}: the file has more than {limits.max_rows:,} rows of answers; split it into smaller files"]
            )
    return kept


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def read_responses(db, cycle: dict, bank: QuestionBank, path: Path, limits: Limits = LIMITS) -> list[CheckedResponse]:
    """Every row of the file checked as the store checks it, ready to store; ResponseImportError
    naming every problem (file, row, column) if any row has one."""
    rows = read_rows(path, limits)
    name = path.name
    if not rows or not any(rows[0]):
        raise ResponseImportError([f"{name}: the first row must name the columns, such as team, role, 5a, 8a"])
    header = rows[0]
    columns, problems = _columns(bank, name, header)
    item_columns = {target.id: index for index, (kind, target) in columns.items() if kind == "item"}
    teams = {}
    for team in cycles.teams_for(db, cycle["id"]):
        teams[team["name"].casefold()] = teams[team["slug"]] = team
    answers = _Answers(bank)
    checker = ResponseChecker(cycle, bank)
    closes_on = datetime.date.fromisoformat(cycle["closes_on"])
    dates: dict[str, datetime.date] = {}
    imported = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        response, submitted, found = Response(), closes_on, []
        for index, cell in enumerate(row):
            if cell is None:
                continue
            column = columns.get(index)
            if column is None:
                if index >= len(header):
                    found.append(
                        (
                            index,
                            f"{name}, row {number}, column {get_column_letter(index + 1)}: "
                            "this cell has no column name in row 1",
                        )
                    )
                continue
            kind, target = column
            try:
                if kind == "item":
                    response.answers[target.id] = answers.read(target, cell)
                elif kind == "comment":
                    if len(cell) > COMMENT_LIMIT:
                        raise Problem(
                            f"the comment is {len(cell):,} characters long; "
                            f"write {COMMENT_LIMIT:,} characters or fewer",
                            f"comment_{target}",
                        )
                    response.comments[target] = cell
                elif target == "team":
                    response.team_id = _team(teams, cell)
                elif target == "role":
                    response.role_group = answers.code(ROLE_GROUPS, cell, "role group")
                else:
                    date = dates.get(cell)
                    submitted = date if date is not None else dates.setdefault(cell, _date(cell))
            except Problem as error:
                found.append((index, f"{_where(name, number, index, header)}: {error.message}"))
        try:
            checked = checker.response(response, submitted)
        except Problem as error:
            found.extend(_refused(checker, response, item_columns, error, name, number, header))
        if found:
            problems.extend(message for _, message in sorted(found, key=lambda problem: problem[0]))
        elif not problems:
            imported.append(checked)
    if not imported and not problems:
        problems.append(f"{name}: there are no responses below the header row")
    if problems:
        raise ResponseImportError(problems)
    return imported


def _where(name: str, number: int, index: int, header: list) -> str:
    return f"{name}, row {number}, column {get_column_letter(index + 1)} ({header[index]})"


def _refused(
    checker: ResponseChecker,
    response: Response,
    item_columns: dict,
    error: Problem,
    name: str,
    number: int,
    header: list,
) -> list[tuple[int, str]]:
    """Each answer of a row the checks refused, with its column; the whole row if none is to blame."""
    found = []
    for item_id, value in response.answers.items():
        try:
            checker.answer(item_id, value)
        except Problem as refused:
            index = item_columns[item_id]
            found.append((index, f"{_where(name, number, index, header)}: {refused.message}"))
    return found or [(len(header), f"{name}, row {number}: {error.message}")]


def _columns(bank: QuestionBank, name: str, header: list) -> tuple[dict, list[str]]:
    """{column index: (kind, target)} and the problems with the header row."""
    items = {item.id.casefold(): item for item in bank.items}
    comments = {f"comment_{standard.number}": standard.number for standard in bank.standards}
    columns, problems, seen = {}, [], {}
    for index, heading in enumerate(header):
        if heading is None:
            continue
        key = heading.strip().casefold()
        letter = get_column_letter(index + 1)
        if key in seen:
            problems.append(
                f"{name}, row 1, column {letter}: '{heading}' is also column {seen[key]}; each column may appear once"
            )
            continue
        seen[key] = letter
        if key in items:
            columns[index] = ("item", items[key])
        elif key in comments:
            columns[index] = ("comment", comments[key])
        elif key in DETAIL_COLUMNS:
            columns[index] = ("detail", key)
        elif key in NOT_COLLECTED:
            problems.append(f"{name}, row 1, column {letter} ('{heading}'): {NOT_COLLECTED[key]}")
        else:
            problems.append(
                f"{name}, row 1, column {letter}: '{heading}' is not a question in this cycle's question bank, "
                f"nor one of {', '.join(DETAIL_COLUMNS)} or comment_1 to comment_{len(bank.standards)}"
            )
    return columns, problems


def _plain(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


class _Answers:
    """Reads answers written as labels or codes. Each distinct cell of a question is read
    once per file, and each item's choices are looked up by their plain text."""

    def __init__(self, bank: QuestionBank):
        self.bank = bank
        self.dont_know = {DONT_KNOW, _plain(bank.dont_know_label), "don't know"}
        self.known: dict[str, dict] = {}  # item id -> {cell: answer, or the Problem it gave}
        self.choices: dict[str, dict[str, str]] = {}
        self.codes: dict[int, dict[str, str | None]] = {}
        self.known_codes: dict[tuple[int, str], str | None] = {}

    def read(self, item: PractitionerItem, cell: str):
        if item.type == "text":  # every answer differs: nothing to remember
            return self._read(item, cell)
        known = self.known.get(item.id)
        if known is None:
            known = self.known[item.id] = {}
        answer = known.get(cell)
        if answer is None:
            try:
                answer = known[cell] = self._read(item, cell)
            except Problem as error:
                known[cell] = Problem(error.message, error.field)
                raise
        if type(answer) is Problem:
            raise Problem(answer.message, answer.field)
        return list(answer) if type(answer) is list else answer

    def _read(self, item: PractitionerItem, cell: str):
        plain = _plain(cell)
        if plain in self.dont_know:
            return DONT_KNOW
        if item.type in ("agreement", "frequency"):
            return self._match(item, self.bank.choices_for(item), cell, plain)
        if item.type == "multiple_choice":
            return [
                self._match(item, item.choices, part, _plain(part)) for part in cell.split(SEPARATOR) if part.strip()
            ]
        return cell

    def _match(self, item: PractitionerItem, choices, text: str, plain: str) -> str:
        table = self.choices.get(item.id)
        if table is None:
            table = self.choices[item.id] = {}
            for choice in choices:  # the first choice a text names wins, as when read in order
                table.setdefault(_plain(choice.value), choice.value)
                table.setdefault(_plain(choice.label), choice.value)
        value = table.get(plain)
        if value is None:
            raise Problem(f"'{text}' is not one of the answers: {', '.join(c.label for c in choices)}", item.id)
        return value

    def code(self, options: dict, cell: str, what: str) -> str | None:
        known = self.known_codes.get((id(options), cell), self)  # most cells repeat a few codes or labels
        if known is self:
            known = self.known_codes[id(options), cell] = self._code(options, cell, what)
        return known

    def _code(self, options: dict, cell: str, what: str) -> str | None:
        table = self.codes.get(id(options))
        if table is None:
            table = self.codes[id(options)] = {PREFER_NOT_TO_SAY: None, "prefer not to say": None}
            for code, label in options.items():
                table.setdefault(_plain(code), code)
                table.setdefault(_plain(label), code)
        wanted = _plain(cell)
        if wanted not in table:
            raise Problem(f"'{cell}' is not a {what}; use one of {', '.join(options.values())}", what)
        return table[wanted]


def _team(teams: dict, cell: str) -> int:
    team = teams.get(cell.casefold()) or teams.get(cell.strip().lower())
    if team is None:
        names = sorted({team["name"] for team in teams.values()})
        raise Problem(f"'{cell}' is not a team in this cycle; the teams are {', '.join(names)}", "team")
    return team["id"]


def _date(cell: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(cell.strip()[:10], pattern).date()
        except ValueError:
            continue
    raise Problem(f"'{cell}' is not a date; write it like 2025-10-31", "submitted_on")
