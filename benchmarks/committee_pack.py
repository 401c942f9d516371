"""The committee pack for 100,000 responses, 500 teams and 1,000 actions: the Word report,
the PowerPoint briefing and every chart image (PNG and SVG), each in a fresh process so its
peak memory is its own, against the action-plan workbook export in the same run. The
release is made once first; each part reads it as the download does (the view uncached)."""

from __future__ import annotations

import time

from benchmarks import common, data

SIZE = (100_000, 500, 1_000)
QUICK_SIZE = (300, 20, 30)


def _pack(path: str):
    from healthcheck import cycles
    from healthcheck.db import open_database
    from healthcheck.reports.pack import committee_pack

    db = open_database(path)
    return db, committee_pack(db, cycles.get_cycle(db, data.SLUG))


def child_release(path: str) -> None:
    from healthcheck.db import open_database

    data.release_afresh(open_database(path))


def child_part(path: str, part: str) -> dict:
    """Seconds to read the release and make one part of the pack, and its size in bytes."""
    from healthcheck.reports import charts, slides, word

    started = time.perf_counter()
    db, pack = _pack(path)
    read = time.perf_counter()
    if part == "word":
        size = len(word.committee_report(pack))
    elif part == "slides":
        size = len(slides.briefing(pack))
    elif part == "charts":
        size = sum(
            len(charts.chart_image(pack, name, image_format))
            for name, _ in charts.chart_names(pack)
            for image_format in charts.FORMATS
        )
    else:
        from healthcheck.workbook import build as workbook

        size = len(workbook.workbook_bytes(workbook.build_workbook(db, pack.cycle, generated_by="benchmark")))
    done = time.perf_counter()
    return {"read": read - started, "make": done - read, "total": done - started, "bytes": size}


PARTS = {
    "word": "Word report",
    "slides": "PowerPoint briefing",
    "charts": "chart images (9 PNG and 9 SVG)",
    "workbook": "action-plan workbook (for comparison)",
}


def run(quick: bool = False) -> common.Report:
    common.heading("Committee pack")
    report = common.Report("committee-pack", quick)
    responses, teams, actions = QUICK_SIZE if quick else SIZE
    path, built = data.shared_database(responses, teams, actions)
    report.figure(f"{responses:,} responses, {teams} teams, {actions:,} actions: database built in", built, "s")
    common.in_child(child_release, str(path))
    found = {}
    for part, what in PARTS.items():
        figures, peak = common.in_child(child_part, str(path), part)
        found[part] = (figures, peak)
        report.figure(f"{what}: release read", figures["read"], "s")
        report.figure(f"{what}: made", figures["make"], "s", kilobytes=figures["bytes"] / 1024)
        report.figure(f"{what}: peak memory (fresh process)", peak, "MB")
    pack_seconds = sum(found[part][0]["total"] for part in ("word", "slides", "charts"))
    pack_peak = max(found[part][1] for part in ("word", "slides", "charts"))
    report.figure("committee pack: all three, total", pack_seconds, "s")
    report.ratio("committee pack (all three)", pack_seconds, found["workbook"][0]["total"], "the workbook export")
    report.note(
        f"the heatmap slides show the service areas and the {12} lowest-scoring teams when more than 12 teams are shown"
    )
    if not quick:
        report.target(f"committee pack for {responses:,} responses", 15.0, "s", pack_seconds)
        report.target(f"committee pack peak memory for {responses:,} responses", 400, "MB", pack_peak)
    return report
