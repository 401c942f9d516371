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
import dataclasses
import datetime
import hashlib
import io
from pathlib import Path

from openpyxl.utils import get_column_letter

from healthcheck import cycles, questions
from healthcheck.comments import flags as comment_flags
from healthcheck.comments import review
from healthcheck.db import no_cycle_collection
from healthcheck.problems import Problem
from healthcheck.questions import DONT_KNOW, PREFER_NOT_TO_SAY, ROLE_GROUPS, PractitionerItem, QuestionBank
from healthcheck.survey import mapping
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
    """Check every row of a file in this app's layout, then store them all in one
    transaction. Returns how many were stored. A file imported before is refused."""
    path = Path(path)
    cycle = check_importable(db, cycle)
    bank = cycles.cycle_bank(cycle)
    with no_cycle_collection():
        checked = read_responses(db, cycle, bank, path, limits)
        planned = Plan(path.name, _digest(path), None, None, [])
        _refuse_repeat(db, planned)
        with _writing_in_bulk(db), db.atomic():
            count = store_checked(db, cycle, bank, checked)
            _remember_file(db, cycle, planned, count)
            return count


def in_our_layout(planned: Plan) -> bool:
    return planned.shape.layout == mapping.OURS


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


@dataclasses.dataclass
class Plan:
    """A file read and recognised, with the mapping an import would follow."""

    name: str
    digest: str
    shape: mapping.Shape
    mapping: mapping.Mapping
    rows: list[list[str | None]] = dataclasses.field(repr=False)


@dataclasses.dataclass
class ColumnSummary:
    letter: str
    header: str
    use: str
    stored: int = 0  # cells stored
    left_out: int = 0  # cells with something in them that were not stored


@dataclasses.dataclass
class Summary:
    """Exactly what an import stored and what it left out."""

    file_name: str
    layout: str
    responses: int = 0
    answers_by_item: dict[str, int] = dataclasses.field(default_factory=dict)
    comments: int = 0
    flagged: int = 0  # comments that look like they name or contact someone: reviewed before release
    incomplete_left_out: int = 0
    empty_left_out: int = 0
    columns: list[ColumnSummary] = dataclasses.field(default_factory=list)
    dry_run: bool = False

    @property
    def not_stored(self) -> list[ColumnSummary]:
        return [column for column in self.columns if column.use.startswith("not stored")]

    @property
    def ignored(self) -> list[ColumnSummary]:
        return [column for column in self.columns if column.use == "ignored"]

    def lines(self) -> list[str]:
        verb = "Would store" if self.dry_run else "Stored"
        lines = [
            f"{verb} {self.responses} {_plural(self.responses, 'response')} from {self.file_name} ({self.layout})."
        ]
        if self.incomplete_left_out:
            lines.append(
                f"Left out {self.incomplete_left_out} unfinished {_plural(self.incomplete_left_out, 'response')}."
            )
        if self.empty_left_out:
            lines.append(f"Left out {self.empty_left_out} {_plural(self.empty_left_out, 'row')} with no answers.")
        lines.append(
            "Answers stored per question: "
            + (", ".join(f"{item} {count}" for item, count in self.answers_by_item.items()) or "none")
        )
        if self.comments:
            lines.append(f"Comments stored: {self.comments} (they go through the same review as the survey's).")
        if self.flagged:
            looks = "looks like it names or contacts" if self.flagged == 1 else "look like they name or contact"
            lines.append(
                f"{self.flagged} {_plural(self.flagged, 'comment')} {looks} someone: review "
                f"{'it' if self.flagged == 1 else 'them'} on the cycle's Review comments page before releasing results."
            )
        for column in self.columns:
            if column.use.startswith("not stored") or column.use == "ignored":
                lines.append(
                    f"Column {column.letter} ({_short(column.header)}): {column.use}; "
                    f"{column.left_out} {_plural(column.left_out, 'cell')} left out."
                )
        return lines


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join((text or "no header").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_importable(db, cycle: dict) -> dict:
    """The one check every import of answers makes first: answers may be imported until a
    cycle's results are released. A draft whose closing date has passed is a past year's
    cycle: its questions are fixed and it is closed without its survey ever opening.
    Returns the cycle as it now is."""
    try:
        cycles.check_responses_may_change(db, cycle)
    except Problem as error:
        raise ResponseImportError([error.message + ". Import earlier answers before releasing the results"]) from None
    if cycle["status"] == "draft":
        if datetime.date.fromisoformat(cycle["closes_on"]) >= datetime.date.today():
            raise ResponseImportError([f"{cycle['name']} is still a draft. Open it first, so its questions are fixed"])
        cycle = cycles.close_without_opening(db, cycle)
    return cycle


def plan(db, cycle: dict, path: str | Path, saved: dict | None = None, limits: Limits = LIMITS) -> Plan:
    """Read the file, recognise its layout and suggest (or take from a saved mapping) what each
    column and label means. Changes nothing."""
    path = Path(path)
    rows = read_rows(path, limits)
    if not rows or not any(rows[0]):
        raise ResponseImportError([f"{path.name}: the first row must name the columns"])
    bank = cycles.cycle_bank(cycle) if cycle.get("bank_json") else questions.load_bank()
    shape = mapping.recognise(rows, bank)
    teams = [team["name"] for team in cycles.teams_for(db, cycle["id"])]
    suggested = mapping.suggest(shape, rows[shape.header_rows :], bank, teams, saved)
    return Plan(path.name, _digest(path), shape, suggested, rows)


def plan_upload(
    db, cycle: dict, file_name: str, data: bytes, saved: dict | None = None, limits: Limits = LIMITS
) -> Plan:
    """plan() for an uploaded file's bytes (kept in a temporary folder while it is read)."""
    import tempfile

    name = Path(file_name or "upload.csv").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return plan(db, cycle, path, saved, limits)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_mapped(db, cycle: dict, planned: Plan, *, dry_run: bool = False) -> Summary:
    """Store the answers of a planned file as its mapping says: refused while anything is
    undecided, if the file was imported before, or if any cell cannot be read."""
    cycle = check_importable(db, cycle) if not dry_run else cycle
    undecided = planned.mapping.undecided()
    if undecided:
        raise ResponseImportError([f"{planned.name}: {problem}" for problem in undecided])
    if not dry_run:
        _refuse_repeat(db, planned)
    bank = cycles.cycle_bank(cycle) if cycle.get("bank_json") else questions.load_bank()
    with no_cycle_collection():
        checked, summary = read_mapped(db, cycle, bank, planned, ours=in_our_layout(planned))
        summary.dry_run = dry_run
        if dry_run:
            return summary
        with _writing_in_bulk(db), db.atomic():
            summary.responses = store_checked(db, cycle, bank, checked)
            _remember_file(db, cycle, planned, summary.responses)
    return summary


def _refuse_repeat(db, planned: Plan) -> None:
    earlier = db.execute(
        "select cycles.name, imported_answer_files.imported_on from imported_answer_files "
        "join cycles on cycles.id = imported_answer_files.cycle_id where digest = ?",
        [planned.digest],
    ).fetchone()
    if earlier:
        raise ResponseImportError(
            [
                f"{planned.name}: this file was already imported into {earlier[0]} on {earlier[1]}; it was not imported again"
            ]
        )


def _remember_file(db, cycle: dict, planned: Plan, responses: int) -> None:
    db["imported_answer_files"].insert(
        {
            "digest": planned.digest,
            "cycle_id": cycle["id"],
            "filename": planned.name,
            "imported_on": datetime.date.today().isoformat(),
            "responses": responses,
        }
    )


def read_responses(db, cycle: dict, bank: QuestionBank, path: Path, limits: Limits = LIMITS) -> list[CheckedResponse]:
    """Every row of a file in this app's layout checked as the store checks it, ready to
    store; ResponseImportError naming every problem (file, row, column) if any row has one."""
    rows = read_rows(path, limits)
    name = path.name
    if not rows or not any(rows[0]):
        raise ResponseImportError([f"{name}: the first row must name the columns, such as team, role, 5a, 8a"])
    problems = _header_problems(bank, name, rows[0])
    if problems:
        raise ResponseImportError(problems)
    shape = mapping.recognise(rows, bank)
    suggested = mapping.suggest(shape, rows[1:], bank, [t["name"] for t in cycles.teams_for(db, cycle["id"])])
    planned = Plan(name, "", shape, suggested, rows)
    for column in suggested.columns:
        if column.use is None:  # a column with no header but answers in it
            problems.extend(
                f"{name}, row {number}, column {column.letter}: this cell has no column name in row 1"
                for number, row in enumerate(rows[1:], start=2)
                if column.index < len(row) and row[column.index] is not None
            )
    if problems:
        raise ResponseImportError(problems)
    checked, _ = read_mapped(db, cycle, bank, planned, ours=True)
    return checked


def read_mapped(db, cycle: dict, bank: QuestionBank, planned: Plan, ours: bool = False) -> tuple[list, Summary]:
    """Every data row checked as the store checks it, and the summary of what would be stored."""
    name, rows, chosen = planned.name, planned.rows, planned.mapping
    columns = [column for column in chosen.columns if column.use not in (None, mapping.IGNORE, mapping.NOT_STORED)]
    headers = {column.index: column.header for column in chosen.columns}
    items = {item.id: item for item in bank.items}
    item_columns = {column.item: column.index for column in columns if column.use == mapping.ITEM}
    for column in columns:
        if column.use == mapping.OPTION:
            item_columns.setdefault(column.item, column.index)
    teams = {}
    for team in cycles.teams_for(db, cycle["id"]):
        teams[team["name"].casefold()] = teams[team["slug"]] = team
    labels = {owner: dict(table) for owner, table in chosen.labels.items()}
    answers = _Answers(bank)
    checker = ResponseChecker(cycle, bank)
    closes_on = datetime.date.fromisoformat(cycle["closes_on"])
    earliest = datetime.date.fromisoformat(cycle["opens_on"]) - DATE_MARGIN
    latest = closes_on + DATE_MARGIN
    submitted_column = next((c.index for c in columns if c.use == mapping.SUBMITTED), None)
    completion_column = next((c.index for c in columns if c.use == mapping.COMPLETION), None)
    limesurvey = chosen.layout == mapping.LIMESURVEY
    dates: dict[str, datetime.date] = {}
    summary = Summary(name, chosen.layout)
    known = review.known_words(db, cycle)
    stored_cells = {column.index: 0 for column in chosen.columns}
    counted: dict[str, int] = {}
    imported, problems = [], []
    first = planned.shape.first_data_row
    for number, row in enumerate(rows[planned.shape.header_rows :], start=first):
        if not any(row):
            continue
        if not chosen.include_incomplete and (
            (completion_column is not None and mapping.incomplete(_at(row, completion_column)))
            or (limesurvey and submitted_column is not None and _at(row, submitted_column) is None)
        ):
            summary.incomplete_left_out += 1
            continue
        response, submitted, found, used = Response(), closes_on, [], []
        for column in columns:
            index = column.index
            cell = _at(row, index)
            if cell is None:
                continue
            kind = column.use
            try:
                if kind == mapping.ITEM:
                    item = items[column.item]
                    response.answers[item.id] = answers.read(item, _labelled(labels.get(item.id), item, cell))
                    used.append(index)
                elif kind == mapping.OPTION:
                    if mapping.ticked(cell):
                        chosen_values = response.answers.setdefault(column.item, [])
                        if isinstance(chosen_values, list):
                            chosen_values.append(column.choice)
                        used.append(index)
                elif kind == mapping.COMMENT:
                    if len(cell) > COMMENT_LIMIT:
                        raise Problem(
                            f"the comment is {len(cell):,} characters long; "
                            f"write {COMMENT_LIMIT:,} characters or fewer",
                            f"comment_{column.standard}",
                        )
                    response.comments[column.standard] = cell
                    used.append(index)
                elif kind == mapping.TEAM:
                    response.team_id = _team(teams, _relabelled(labels.get(mapping.TEAM), cell))
                    used.append(index)
                elif kind == mapping.ROLE:
                    response.role_group = answers.code(
                        ROLE_GROUPS, _relabelled(labels.get(mapping.ROLE), cell), "role group"
                    )
                    used.append(index)
                elif kind == mapping.SUBMITTED:
                    date = dates.get(cell)
                    if date is None:
                        date = dates[cell] = _date(cell, chosen.date_order, ours)
                        if not ours and not earliest <= date <= latest:
                            dates.pop(cell)
                            raise Problem(
                                f"{date:%d %B %Y} is not within three months of {cycle['name']}'s dates "
                                f"({cycle['opens_on']} to {cycle['closes_on']}); check the file's date order "
                                "or the cycle's dates",
                                mapping.SUBMITTED,
                            )
                    submitted = date
                    used.append(index)
            except Problem as error:
                found.append((index, f"{_where(name, number, index, headers)}: {error.message}"))
        if not found and not ours and not response.answers and not response.comments:
            summary.empty_left_out += 1
            continue
        try:
            checked = checker.response(response, submitted)
        except Problem as error:
            found.extend(_refused(checker, response, item_columns, error, name, number, headers))
        if found:
            problems.extend(message for _, message in sorted(found, key=lambda problem: problem[0]))
        elif not problems:
            imported.append(checked)
            for index in used:
                stored_cells[index] += 1
            for item_id in response.answers:
                counted[item_id] = counted.get(item_id, 0) + 1
            summary.comments += len(checked.comments)
            summary.flagged += sum(1 for text in checked.comments.values() if comment_flags.flags_in(text, (), known))
    if not imported and not problems:
        problems.append(f"{name}: there are no responses below the header row")
    if problems:
        raise ResponseImportError(problems)
    summary.responses = len(imported)
    summary.answers_by_item = {item.id: counted[item.id] for item in bank.items if item.id in counted}
    filled = {column.index: 0 for column in chosen.columns}
    for row in rows[planned.shape.header_rows :]:
        for index, cell in enumerate(row):
            if cell is not None and index in filled:
                filled[index] += 1
    for column in chosen.columns:
        use = column.described()
        summary.columns.append(
            ColumnSummary(
                column.letter,
                column.header,
                use,
                stored_cells[column.index],
                filled[column.index] - stored_cells[column.index],
            )
        )
    return imported, summary


# How far before a cycle opens or after it closes an imported answer's date may be.
DATE_MARGIN = datetime.timedelta(days=92)


def _at(row: list, index: int) -> str | None:
    return row[index] if index < len(row) else None


def _labelled(table: dict | None, item: PractitionerItem, cell: str):
    """A cell's answer with the mapping's labels put in the bank's words (codes)."""
    if not table:
        return cell
    if item.type == "multiple_choice":
        parts = mapping.split_choices(cell, {label: value for label, value in table.items() if value})
        return SEPARATOR.join(table.get(_plain(part)) or part for part in parts)
    return table.get(_plain(cell)) or cell


def _relabelled(table: dict | None, cell: str) -> str:
    return (table or {}).get(_plain(cell)) or cell


def _where(name: str, number: int, index: int, headers: dict) -> str:
    return f"{name}, row {number}, column {get_column_letter(index + 1)} ({_short(headers.get(index, ''), 40)})"


def _refused(
    checker: ResponseChecker,
    response: Response,
    item_columns: dict,
    error: Problem,
    name: str,
    number: int,
    headers: dict,
) -> list[tuple[int, str]]:
    """Each answer of a row the checks refused, with its column; the whole row if none is to blame."""
    found = []
    for item_id, value in response.answers.items():
        try:
            checker.answer(item_id, value)
        except Problem as refused:
            index = item_columns[item_id]
            found.append((index, f"{_where(name, number, index, headers)}: {refused.message}"))
    return found or [(len(headers), f"{name}, row {number}: {error.message}")]


def _header_problems(bank: QuestionBank, name: str, header: list) -> list[str]:
    """What is wrong with the header row of a file in this app's layout."""
    items = {item.id.casefold() for item in bank.items}
    comments = {f"comment_{standard.number}" for standard in bank.standards}
    problems, seen = [], {}
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
        if key in NOT_COLLECTED:
            problems.append(f"{name}, row 1, column {letter} ('{heading}'): {NOT_COLLECTED[key]}")
        elif key not in items and key not in comments and key not in DETAIL_COLUMNS:
            problems.append(
                f"{name}, row 1, column {letter}: '{heading}' is not a question in this cycle's question bank, "
                f"nor one of {', '.join(DETAIL_COLUMNS)} or comment_1 to comment_{len(bank.standards)}"
            )
    return problems


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


def _date(cell: str, order: str | None = None, ours: bool = True) -> datetime.date:
    """A date as the whole file writes it: ISO, or with slashes in the file's order (this
    app's own layout: day first)."""
    try:
        return mapping.read_date(cell, order or ("day-first" if ours else None))
    except ValueError:
        raise Problem(f"'{cell}' is not a date; write it like 2025-10-31", "submitted_on") from None
