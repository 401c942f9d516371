"""Imports: 50,000 rows of workforce figures as CSV and as XLSX (the command line's row
limit raised from the 5,000 a web upload may have), and 100,000 earlier responses
through `import-responses` (its limit of 10,000 raised the same way). Each is checked in full and applied in one transaction,
into a fresh copy of the database each time.

Baselines: the same file parsed with nothing checked (csv.reader, or openpyxl's
read-only rows) and its values bulk-inserted with executemany: the least an import
of that file can cost. The responses' baseline also counts the answers for scoring, as
every stored answer is counted, and gets every plain speed-up the import has: the same
connection settings, the cycle collector paused, and the answers inserted many rows to
a statement.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import time
from pathlib import Path

from benchmarks import common, data

WORKFORCE_ROWS = 50_000
RESPONSE_ROWS = 100_000
QUICK_WORKFORCE_ROWS = 200
QUICK_RESPONSE_ROWS = 200
FIELDS = (
    "establishment_fte",
    "inpost_fte",
    "inpost_headcount",
    "vacancy_fte",
    "agency_fte",
    "agency_cover_fte",
    "leavers_fte",
    "case_holders_fte",
    "cases",
    "working_days_lost",
    "long_term_absence_fte",
    "supervisions_due",
    "supervisions_held",
)


def workforce_rows(count: int, seed: int = 11) -> list[list]:
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        fte = round(rng.uniform(5, 30), 1)
        agency = round(rng.uniform(0, 3), 1)
        rows.append(
            [
                f"Team {number:05d}",
                round(fte * 1.1, 1),
                fte,
                round(fte * 1.1),
                round(fte * 0.1, 1),
                agency,
                round(agency / 2, 1),
                round(rng.uniform(0, 4), 1),
                round(fte * 0.9, 1),
                round(fte * rng.uniform(12, 25)),
                round(rng.uniform(5, 60), 1),
                round(rng.uniform(0, 1), 1),
                30,
                rng.randint(15, 30),
            ]
        )
    return rows


def workforce_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["team", *FIELDS])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def workforce_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Figures")
    sheet.append(["team", *FIELDS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_database(folder: Path, teams: int) -> Path:
    """An open cycle with `teams` teams and nothing else, to copy for each run."""
    from healthcheck.migrations import init_db

    path = folder / f"teams-{teams}.sqlite"
    db = init_db(str(path))
    data.new_cycle(db, teams, team_headcount=10)
    db.close()
    return path


def fresh_copy(template: Path, name: str) -> Path:
    target = template.with_name(name)
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def _open(path: Path):
    from healthcheck import cycles
    from healthcheck.db import open_database

    db = open_database(str(path))
    return db, cycles.get_cycle(db, data.SLUG)


def import_workforce(path: Path, file_name: str, content: bytes, rows: int) -> tuple[float, float, int]:
    """(seconds to read and check, seconds to apply, figures stored) with the row limit raised."""
    from healthcheck.workforce import apply_import, plan_import
    from healthcheck.workforce.reading import UPLOAD_LIMITS

    db, cycle = _open(path)
    started = time.perf_counter()
    plan = plan_import(db, cycle, file_name, content, limits=UPLOAD_LIMITS.for_rows(rows))
    planned = time.perf_counter()
    result = apply_import(db, cycle, plan)
    applied = time.perf_counter()
    db.close()
    return planned - started, applied - planned, result.added


def baseline_workforce(path: Path, records) -> float:
    """Bulk-insert already-parsed rows as figures; `records` is a callable returning the rows."""
    db, cycle = _open(path)
    started = time.perf_counter()
    rows = records()
    team_ids = {row[0]: row[1] for row in db.execute("select name, id from teams where cycle_id = ?", [cycle["id"]])}
    values = [
        (cycle["id"], team_ids[row[0]], field, float(value))
        for row in rows[1:]
        for field, value in zip(FIELDS, row[1:])
    ]
    with db.conn:
        db.conn.executemany(
            "insert into workforce_figures (cycle_id, team_id, field, value) values (?, ?, ?, ?)", values
        )
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def xlsx_records(content: bytes):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def responses_file(folder: Path, count: int, teams: int, seed: int = 12) -> Path:
    """A CSV of earlier answers, one row per respondent, written as a survey tool exports them:
    answers as their labels, several choices separated by ";"."""
    from healthcheck import questions
    from healthcheck.questions import ROLE_GROUPS

    bank = questions.load_bank()
    rng = random.Random(seed)
    items = [item for item in bank.items if item.type != "text"]
    header = ["team", "role", "submitted_on", *(item.id for item in items), "comment_3"]
    path = folder / f"responses-{count}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for _number in range(count):
            mood = rng.uniform(20, 90)
            row = [
                f"Team {rng.randint(1, teams):05d}",
                rng.choice(list(ROLE_GROUPS.values())),
                "2025-10-0" + str(rng.randint(1, 9)),
            ]
            for item in items:
                if item.type == "number":
                    row.append(f"{round(item.poor + (item.good - item.poor) * mood / 100):g}")
                elif item.type == "multiple_choice":
                    row.append(";".join(choice.label for choice in rng.sample(item.choices[:-1], 2)))
                elif item.dont_know and rng.random() < 0.04:
                    row.append(bank.dont_know_label)
                else:
                    choices = bank.choices_for(item)
                    row.append(
                        choices[
                            min(len(choices) - 1, int(rng.gauss(mood, 20) / 100 * len(choices)) % len(choices))
                        ].label
                    )
            row.append("Caseloads are high" if rng.random() < 0.05 else "")
            writer.writerow(row)
    return path


def import_responses(path: Path, file: Path, rows: int) -> tuple[float, int]:
    """import-responses with its row limit raised to `rows`, as `--max-rows` raises it."""
    from healthcheck.survey.importing import LIMITS
    from healthcheck.survey.importing import import_responses as run_import

    db, cycle = _open(path)
    started = time.perf_counter()
    count = run_import(db, cycle, file, LIMITS.for_rows(rows))
    seconds = time.perf_counter() - started
    db.close()
    return seconds, count


def baseline_responses(path: Path, file: Path) -> float:
    """Parse the CSV and bulk-insert its rows as responses and answers, checking nothing,
    the fastest plain way found: the import's connection settings (a larger page cache,
    statement journals in memory), Python's cycle collector paused as the import pauses it,
    and the answers inserted many rows to a statement."""
    import gc

    from healthcheck import cycles
    from healthcheck.results import tally_store
    from healthcheck.survey import bulk_insert
    from healthcheck.survey import importing as response_import

    db, cycle = _open(path)
    db.execute(f"pragma cache_size = -{response_import.IMPORT_PAGE_CACHE_KIB}")
    db.execute("pragma temp_store = memory")
    started = time.perf_counter()
    gc.disable()
    with file.open(newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    teams = {row[0]: row[1] for row in db.execute("select name, id from teams where cycle_id = ?", [cycle["id"]])}
    first = (db.execute("select max(id) from responses").fetchone()[0] or 0) + 1
    responses, by_response = [], {}
    for offset, row in enumerate(body):
        response_id = first + offset
        responses.append((response_id, cycle["id"], teams[row[0]], row[1], row[2]))
        by_response[response_id] = [(item_id, value) for item_id, value in zip(header[3:-1], row[3:-1]) if value]
    answers = ((response_id, item_id, value) for response_id, given in by_response.items() for item_id, value in given)
    # The answers are counted for scoring all together, the quickest way this database allows.
    tally_store.register(db, cycle["id"], cycles.cycle_bank(cycle))
    with db.atomic(), tally_store.counted_together(db, cycle["id"]) as count:
        db.conn.executemany(
            "insert into responses (id, cycle_id, team_id, role_group, submitted_on) values (?, ?, ?, ?, ?)",
            responses,
        )
        bulk_insert.insert_rows(db.conn, "answers", ("response_id", "item_id", "value"), answers)
        for response_id, _, team_id, role_group, _ in responses:
            count(response_id, team_id, role_group, by_response.get(response_id, []))
    seconds = time.perf_counter() - started
    gc.enable()
    db.close()
    return seconds


def run(quick: bool = False) -> common.Report:
    common.heading("Imports")
    report = common.Report("import", quick)
    rows = QUICK_WORKFORCE_ROWS if quick else WORKFORCE_ROWS
    response_rows = QUICK_RESPONSE_ROWS if quick else RESPONSE_ROWS
    with common.scratch_dir("import") as scratch:
        folder = Path(scratch)
        figures = workforce_rows(rows)
        files = {"CSV": ("figures.csv", workforce_csv(figures)), "XLSX": ("figures.xlsx", workforce_xlsx(figures))}
        template = template_database(folder, rows)
        results = {}
        for kind, (name, content) in files.items():
            read, apply, added = import_workforce(fresh_copy(template, f"run-{kind}.sqlite"), name, content, rows)
            total = read + apply
            results[kind] = total
            report.figure(
                f"workforce {kind}, {rows:,} rows ({len(content) / 1024 / 1024:.1f} MB): read and checked", read, "s"
            )
            report.figure(f"workforce {kind}, {rows:,} rows: applied", apply, "s", figures=added)
            report.figure(f"workforce {kind}, {rows:,} rows: total", total, "s", rows_per_s=rows / total)
            if kind == "CSV":
                baseline = baseline_workforce(
                    fresh_copy(template, "base-csv.sqlite"), lambda: list(csv.reader(io.StringIO(content.decode())))
                )
            else:
                baseline = baseline_workforce(fresh_copy(template, "base-xlsx.sqlite"), lambda: xlsx_records(content))
            report.figure(f"workforce {kind}: parse and bulk insert, nothing checked (baseline)", baseline, "s")
            report.ratio(f"workforce import, {kind}, {rows:,} rows", total, baseline, "parse and bulk insert")
        responses_template = template_database(folder, 500)
        file = responses_file(folder, response_rows, 500)
        seconds, count = import_responses(fresh_copy(responses_template, "run-responses.sqlite"), file, response_rows)
        report.figure(
            f"import-responses, {count:,} rows ({file.stat().st_size / 1024 / 1024:.1f} MB)",
            seconds,
            "s",
            rows_per_s=count / seconds,
        )
        baseline = baseline_responses(fresh_copy(responses_template, "base-responses.sqlite"), file)
        report.figure("responses: parse and bulk insert, nothing checked (baseline)", baseline, "s")
        report.ratio(f"import-responses, {count:,} rows", seconds, baseline, "parse and bulk insert")
        if not quick:
            report.target(f"workforce import, {rows:,} rows, CSV", 5.0, "s", results["CSV"])
            report.target(f"workforce import, {rows:,} rows, XLSX", 15.0, "s", results["XLSX"])
            report.target(f"import-responses, {response_rows:,} rows", 20.0, "s", seconds)
    return report
