"""Reviewing comments: 5,000 comments in one cycle, every one checked for names, email
addresses, phone numbers and job titles, as the Review comments page and the cycle's task
list do on each visit.

Timed: review.comments_to_review (read, flag and sort every comment) and the same with
twenty names pasted in for a check. Baseline: reading the same comments from the database
(review.stored_comments), the least the page has to do."""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks import common, data

COMMENTS = 5_000
QUICK_COMMENTS = 200
TEAMS = 20
NAMES = "\n".join(f"Firstname{n} Surname{n}" for n in range(20))


def _prepare(path: Path, count: int) -> dict:
    from healthcheck import cycles
    from healthcheck.demo.comments import FRAGMENTS, PLANTED, POSITIVE, WORRIED, compose
    from healthcheck.migrations import init_db
    from healthcheck.survey.store import Response, store_responses

    db = init_db(str(path))
    cycle = data.new_cycle(db, TEAMS, team_headcount=1000)
    teams = [team["id"] for team in cycles.teams_for(db, cycle["id"])]
    rng = random.Random(11)
    planted = [text for *_, text, _ in PLANTED]
    responses = []
    for number in range(count):
        standard = rng.choice(list(FRAGMENTS))
        text = (
            planted[number % len(planted)]
            if number % 50 == 0
            else compose(rng, standard, rng.choice((WORRIED, POSITIVE)))
        )
        responses.append((Response(team_id=rng.choice(teams), comments={standard: text}), None))
    with db.atomic():
        store_responses(db, cycle, cycles.cycle_bank(cycle), responses)
    db.close()
    return cycle


def run(quick: bool = False) -> common.Report:
    from healthcheck.comments import flags, review
    from healthcheck.db import open_database

    count = QUICK_COMMENTS if quick else COMMENTS
    common.heading(f"Comment review: {count:,} comments checked for names and contacts")
    report = common.Report("comment-review", quick)
    with common.scratch_dir("comment-review") as scratch:
        path = Path(scratch) / "bench.sqlite"
        _prepare(path, count)
        db = open_database(str(path))
        cycle = db["cycles"].get(1)
        read, stored = common.timed(lambda: review.stored_comments(db, cycle), repeat=5)
        checked, found = common.timed(lambda: review.comments_to_review(db, cycle), repeat=5)
        names = flags.entered_names(NAMES)
        with_names, _ = common.timed(lambda: review.comments_to_review(db, cycle, names), repeat=5)
        db.close()
    report.figure("read every comment (baseline)", read.best, "s", comments=len(stored))
    report.figure("read, flag and sort every comment", checked.best, "s", flagged=len(found))
    report.figure("the same with 20 names pasted in", with_names.best, "s")
    report.ratio(f"checking {count:,} comments", checked.best, read.best, "reading them from the database")
    report.target(f"Review comments page's check of {count:,} comments", 1.0, "s", checked.best)
    return report
