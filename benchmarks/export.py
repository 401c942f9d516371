"""The action-plan workbook for 100,000 responses, 500 teams and 1,000 actions: what
the download on a cycle's page does (its scores read first, uncached), in a fresh
process so its peak memory is its own. The baseline writes the same cell values with
openpyxl's streaming (write-only) mode and no formatting: the least an .xlsx of that
content can cost."""

from __future__ import annotations

import io
import time

from benchmarks import common, data

SIZE = (100_000, 500, 1_000)
QUICK_SIZE = (300, 20, 30)


def _open(path: str):
    from healthcheck import cycles
    from healthcheck.db import open_database

    db = open_database(path)
    return db, cycles.get_cycle(db, data.SLUG)


def child_export(path: str) -> dict:
    """Seconds for each part of the export, and the workbook's size."""
    from healthcheck.results import compute as results
    from healthcheck.workbook import build as workbook

    db, cycle = _open(path)
    cycle = data.take_back_release(db)
    started = time.perf_counter()
    cycle = results.release_results(db, cycle)  # where the scores are worked out now
    results.results_for(db, cycle)
    scored = time.perf_counter()
    book = workbook.build_workbook(db, cycle, generated_by="benchmark")  # reads the view just made
    built = time.perf_counter()
    content = workbook.workbook_bytes(book)
    saved = time.perf_counter()
    cells = sum(sheet.max_row * sheet.max_column for sheet in book.worksheets)
    return {
        "scores": scored - started,
        "build": built - scored,
        "save": saved - built,
        "total": saved - started,
        "bytes": len(content),
        "sheets": book.sheetnames,
        "cells": cells,
    }


def child_baseline(path: str) -> float:
    """The same values written in write-only mode; only the writing is timed."""
    from openpyxl import Workbook

    from healthcheck.workbook import build as workbook

    db, cycle = _open(path)
    book = workbook.build_workbook(db, cycle, generated_by="benchmark")
    sheets = [(sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]) for sheet in book.worksheets]
    del book
    started = time.perf_counter()
    plain = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = plain.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    plain.save(buffer)
    return time.perf_counter() - started


def run(quick: bool = False) -> common.Report:
    common.heading("Action-plan workbook export")
    report = common.Report("export", quick)
    responses, teams, actions = QUICK_SIZE if quick else SIZE
    path, built = data.shared_database(responses, teams, actions)
    report.figure(f"{responses:,} responses, {teams} teams, {actions:,} actions: database built in", built, "s")
    parts, peak = common.in_child(child_export, str(path))
    report.figure("export: scores read (uncached)", parts["scores"], "s")
    report.figure("export: workbook built", parts["build"], "s", cells=parts["cells"])
    report.figure("export: workbook saved", parts["save"], "s", kilobytes=parts["bytes"] / 1024)
    report.figure("export: total", parts["total"], "s")
    report.figure("export: peak memory (fresh process)", peak, "MB")
    report.note("sheets: " + ", ".join(parts["sheets"]))
    baseline, _ = common.in_child(child_baseline, str(path))
    report.figure("same values, write-only openpyxl, no formatting (baseline)", baseline, "s")
    report.ratio("export (build and save)", parts["build"] + parts["save"], baseline, "a plain write-only workbook")
    if not quick:
        report.target(f"export for {responses:,} responses", 10.0, "s", parts["total"])
        report.target(f"export peak memory for {responses:,} responses", 300, "MB", peak)
    return report
