"""Scoring a whole cycle: 10,000 and 100,000 responses across 500 teams.

Timed: results_for (every score the pages, JSON and exports show) without and with
its cache, releasing with and without the intervals and clear-change verdicts, the scores JSON by team, and the `healthcheck scores --format json`
command. The baseline is one hand-written SQL GROUP BY over the same answers that
works out each item's mean score, the least any scoring has to do.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from benchmarks import common, data

SIZES = ((10_000, 500), (100_000, 500))
QUICK_SIZES = ((300, 20),)


def baseline_sql(db, cycle: dict, bank) -> list:
    """Per-item mean scores in one GROUP BY: choice scores from a small table, numbers
    scored linearly in SQL, "don't know" left out."""
    db.execute(
        "create temp table if not exists bench_choice_scores (item_id text, value text, score real, "
        "primary key (item_id, value)) without rowid"
    )
    db.execute("create temp table if not exists bench_number_items (item_id text primary key, good real, poor real)")
    db.execute("delete from bench_choice_scores")
    db.execute("delete from bench_number_items")
    for item in bank.items:
        if not item.scored:
            continue
        if item.type == "number":
            db.execute("insert into bench_number_items values (?, ?, ?)", [item.id, item.good, item.poor])
        else:
            for choice in bank.choices_for(item):
                score = 100 - choice.score if item.reverse else choice.score
                db.execute("insert into bench_choice_scores values (?, ?, ?)", [item.id, choice.value, score])
    return db.execute(
        """
        select a.item_id, count(*),
               avg(coalesce(s.score, min(100.0, max(0.0, (cast(a.value as real) - n.poor) * 100.0 / (n.good - n.poor)))))
        from answers a
        join responses r on r.id = a.response_id
        left join bench_choice_scores s on s.item_id = a.item_id and s.value = a.value
        left join bench_number_items n on n.item_id = a.item_id and a.value != 'dont_know'
        where r.cycle_id = ? and (s.score is not null or n.item_id is not null)
        group by a.item_id
        """,
        [cycle["id"]],
    ).fetchall()


def _open(path: str):
    from healthcheck import cycles
    from healthcheck.db import open_database

    db = open_database(path)
    cycle = cycles.get_cycle(db, data.SLUG)
    return db, cycle, cycles.cycle_bank(cycle)


def child_baseline(path: str) -> float:
    db, cycle, bank = _open(path)
    started = time.perf_counter()
    baseline_sql(db, cycle, bank)
    return time.perf_counter() - started


def child_idle(path: str) -> float:
    """The interpreter, the app's modules and an open database: what every child starts with."""
    _open(path)
    return 0.0


def child_score(path: str) -> float:
    from healthcheck.results import compute as results

    db, cycle, _ = _open(path)
    cycle = data.take_back_release(db)
    started = time.perf_counter()
    results.results_for(db, results.release_results(db, cycle))
    return time.perf_counter() - started


def scores_command(path: Path, by: str | None = "team") -> str:
    """`healthcheck scores --cycle bench --format json [--by team]`, run as the command line runs it."""
    from healthcheck import create_app
    from healthcheck.cli.results import scores_command as command

    app = create_app({"DATABASE": str(path), "SECRET_KEY": "benchmark", "TESTING": True})
    arguments = ["--cycle", data.SLUG, "--format", "json"] + (["--by", by] if by else [])
    result = app.test_cli_runner().invoke(command, arguments)
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return result.output


def measure(report: common.Report, responses: int, teams: int, quick: bool) -> None:
    from healthcheck import cycles
    from healthcheck.results import compute as results

    path, built = data.shared_database(responses, teams)
    report.figure(f"{responses:,} responses: database built in", built, "s", rows_per_s=responses / built)
    db, cycle, bank = _open(str(path))
    repeat = 2 if quick else 3
    baseline, rows = common.timed(lambda: baseline_sql(db, cycle, bank), repeat=repeat)
    report.figure(
        f"{responses:,} responses: SQL GROUP BY per-item means (baseline)", baseline.best, "s", items=len(rows)
    )

    def clear():
        data.take_back_release(db)

    def release_and_read():
        return results.results_for(db, results.release_results(db, cycles.get_cycle(db, data.SLUG)))

    uncached, view = common.timed(release_and_read, repeat=repeat, setup=clear)
    report.figure(
        f"{responses:,} responses: release, then results_for (uncached)", uncached.best, "s", median=uncached.median
    )

    def release_and_read_without_intervals():
        cycle = results.release_results(db, cycles.get_cycle(db, data.SLUG), intervals=False)
        return results.results_for(db, cycle)

    plain, _ = common.timed(release_and_read_without_intervals, repeat=repeat, setup=clear)
    report.figure(
        f"{responses:,} responses: release without intervals and verdicts, then results_for (uncached)",
        plain.best,
        "s",
        median=plain.median,
    )
    report.ratio(
        f"release with intervals and verdicts, {responses:,} responses",
        uncached.best,
        plain.best,
        "the same release without them",
    )
    cached, _ = common.timed(lambda: results.results_for(db, cycle), repeat=5)
    report.figure(f"{responses:,} responses: results_for, cached (kept in this process)", cached.best * 1000, "ms")
    stored, _ = common.timed(lambda: results.results_for(db, cycle), repeat=5, setup=results.forget_views)
    report.figure(f"{responses:,} responses: results_for, cached (read from the database)", stored.best * 1000, "ms")
    by_team, document = common.timed(
        lambda: json.dumps(results.scores_document(release_and_read(), "team")), repeat=repeat, setup=clear
    )
    report.figure(
        f"{responses:,} responses: scores JSON by team, uncached", by_team.best, "s", groups=len(view["groups"]["team"])
    )
    command, _ = common.timed(lambda: scores_command(path), repeat=repeat, setup=lambda: data.release_afresh(db))
    report.figure(f"{responses:,} responses: `healthcheck scores --format json --by team`, uncached", command.best, "s")
    db.close()

    score_seconds, score_peak = common.in_child(child_score, str(path))
    _, baseline_peak = common.in_child(child_baseline, str(path))
    _, idle_peak = common.in_child(child_idle, str(path))
    report.figure(
        f"{responses:,} responses: peak memory, scoring (uncached, fresh process)",
        score_peak,
        "MB",
        seconds=score_seconds,
    )
    report.figure(f"{responses:,} responses: peak memory, SQL baseline", baseline_peak, "MB")
    report.figure(f"{responses:,} responses: peak memory, process before any work", idle_peak, "MB")
    report.ratio(
        f"scoring {responses:,} responses (results_for, uncached)", uncached.best, baseline.best, "the SQL GROUP BY"
    )
    report.ratio(
        f"scores JSON {responses:,} responses (command, uncached)", command.best, baseline.best, "the SQL GROUP BY"
    )
    report.ratio(f"scoring {responses:,} responses, cached", cached.best, baseline.best, "the SQL GROUP BY")
    if responses == 100_000:
        report.target("scoring 100,000 responses (uncached)", 2.0, "s", uncached.best)
        report.target("scoring 100,000 responses against the SQL baseline", 3.0, "x", uncached.best / baseline.best)
        report.target("scores JSON for 100,000 responses", 3.0, "s", command.best)
        report.target(
            "releasing with intervals and verdicts, 100,000 responses across 500 teams", 3.0, "s", uncached.best
        )
        report.target(
            "releasing with intervals and verdicts against without, in the same run",
            1.5,
            "x",
            uncached.best / plain.best,
        )


def run(quick: bool = False) -> common.Report:
    common.heading("Scoring")
    report = common.Report("scoring", quick)
    for responses, teams in QUICK_SIZES if quick else SIZES:
        measure(report, responses, teams, quick)
    return report
