"""Another tool's export through the mapping step: 10,000 respondents in a SurveyMonkey
"expanded" XLSX (two header rows, a matrix per standard with blank first-row headers after
its first statement, a column per tick-box option, its identifying metadata columns),
recognised, mapped by wording and imported.

Baseline, measured in the same run: the same answers already in this app's layout, as
XLSX, through `import-responses` (which recognises nothing and maps nothing). The issue's
target is within 2x of it.
"""

from __future__ import annotations

import datetime
import random
import time
from pathlib import Path

from openpyxl import Workbook

from benchmarks import common, data
from benchmarks.imports import _open, fresh_copy, template_database

ROWS = 10_000
QUICK_ROWS = 200
TEAMS = 50


def _people(count: int, teams: int, seed: int = 20):
    from healthcheck import questions
    from healthcheck.questions import ROLE_GROUPS

    bank = questions.load_bank()
    rng = random.Random(seed)
    items = [item for item in bank.items if item.type != "text"]
    people = []
    for _ in range(count):
        mood = rng.uniform(20, 90)
        answers = {}
        for item in items:
            if item.type == "number":
                answers[item.id] = f"{round(item.poor + (item.good - item.poor) * mood / 100):g}"
            elif item.type == "multiple_choice":
                answers[item.id] = [choice.label for choice in rng.sample(item.choices[:-1], 2)]
            else:
                choices = bank.choices_for(item)
                answers[item.id] = choices[int(rng.gauss(mood, 20) / 100 * len(choices)) % len(choices)].label
        people.append(
            {
                "team": f"Team {rng.randint(1, teams):05d}",
                "role": rng.choice(list(ROLE_GROUPS.values())),
                # Other tools' exports often ask for years in social work; we no longer keep it.
                "years": rng.choice(["Less than 2 years", "2 to 5 years", "6 to 10 years", "More than 10 years"]),
                "sent": datetime.datetime.combine(data.TODAY, datetime.time(8))
                + datetime.timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 600)),
                "answers": answers,
            }
        )
    return bank, items, people


def surveymonkey_xlsx(folder: Path, count: int, teams: int) -> Path:
    bank, items, people = _people(count, teams)
    first = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
    first += ["Which team do you work in?", "What is your role?", "How long have you been a social worker?"]
    second = [None] * 6 + ["Response"] * 3
    layout = []  # (item, choice label or None) per answer column
    for standard in bank.standards:
        scale = [item for item in items if item.standard == standard.number and item.type in ("agreement",)]
        for position, item in enumerate(scale):
            first.append(f"Standard {standard.number}: how far do you agree?" if position == 0 else None)
            second.append(item.text)
            layout.append((item, None))
        for item in items:
            if item.standard != standard.number or item.type == "agreement":
                continue
            if item.type == "multiple_choice":
                for position, choice in enumerate(item.choices[:-1]):
                    first.append(item.text if position == 0 else None)
                    second.append(choice.label)
                    layout.append((item, choice.label))
            else:
                first.append(item.text)
                second.append("Response")
                layout.append((item, None))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(first)
    sheet.append(second)
    for number, person in enumerate(people):
        sent = person["sent"]
        row = [
            11_400_000_000 + number,
            4_150_000,
            (sent - datetime.timedelta(minutes=9)).strftime("%m/%d/%Y %I:%M:%S %p"),
        ]
        row += [sent.strftime("%m/%d/%Y %I:%M:%S %p"), f"192.0.2.{number % 250}", f"person{number}@example.org"]
        row += [person["team"], person["role"], person["years"]]
        for item, choice in layout:
            value = person["answers"][item.id]
            row.append((choice if choice in value else None) if choice else value)
        sheet.append(row)
    path = folder / f"surveymonkey-{count}.xlsx"
    book.save(path)
    return path, bank, items, people


def our_layout_xlsx(folder: Path, items, people) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["team", "role", "submitted_on", *(item.id for item in items)])
    for person in people:
        row = [person["team"], person["role"], person["sent"].date().isoformat()]
        for item in items:
            value = person["answers"][item.id]
            row.append(";".join(value) if isinstance(value, list) else value)
        sheet.append(row)
    path = folder / f"ours-{len(people)}.xlsx"
    book.save(path)
    return path


def mapped(path: Path, file: Path, rows: int) -> tuple[float, int, list[str]]:
    from healthcheck.survey import importing

    db, cycle = _open(path)
    started = time.perf_counter()
    # The second header row counts as a row against the limit, so the limit is one more.
    planned = importing.plan(db, cycle, file, limits=importing.LIMITS.for_rows(rows + 1))
    undecided = planned.mapping.undecided()
    count = 0
    if not undecided:
        count = importing.import_mapped(db, cycle, planned).responses
    seconds = time.perf_counter() - started
    db.close()
    return seconds, count, undecided


def ours(path: Path, file: Path, rows: int) -> tuple[float, int]:
    from healthcheck.survey import importing

    db, cycle = _open(path)
    started = time.perf_counter()
    count = importing.import_responses(db, cycle, file, importing.LIMITS.for_rows(rows))
    seconds = time.perf_counter() - started
    db.close()
    return seconds, count


def run(quick: bool = False) -> common.Report:
    common.heading("Another tool's export through the mapping step")
    report = common.Report("mapped-import", quick)
    rows = QUICK_ROWS if quick else ROWS
    with common.scratch_dir("mapped-import") as scratch:
        folder = Path(scratch)
        template = template_database(folder, TEAMS)
        export, _bank, items, people = surveymonkey_xlsx(folder, rows, TEAMS)
        plain = our_layout_xlsx(folder, items, people)
        seconds, count, undecided = mapped(fresh_copy(template, "mapped.sqlite"), export, rows)
        if undecided:
            report.note(
                f"{len(undecided)} columns or labels were left undecided, so nothing was imported: {undecided[:3]}"
            )
        report.figure(
            f"SurveyMonkey XLSX, {rows:,} rows ({export.stat().st_size / 1024 / 1024:.1f} MB): "
            "recognised, mapped and imported",
            seconds,
            "s",
            responses=count,
        )
        baseline, stored = ours(fresh_copy(template, "ours.sqlite"), plain, rows)
        report.figure(
            "the same answers in this app's layout (XLSX) through import-responses (baseline)",
            baseline,
            "s",
            responses=stored,
        )
        ratio = report.ratio(
            f"mapped import of a SurveyMonkey export, {rows:,} rows",
            seconds,
            baseline,
            "import-responses of the same answers",
        )
        if not quick:
            report.target("mapped import against import-responses of the same answers", 2.0, "x", ratio)
    return report
