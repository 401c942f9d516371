"""Comment themes for 5,000 comments: matching the bank's themes by stemmed words and
phrases, then grouping the rest into other topics (TF-IDF and NMF), as releasing does.

The baseline is reading the same comments from the database in the same run (the query
the release makes). The first run includes loading scikit-learn, as a server's first
release does. Target: themes for 5,000 comments in under 3 s."""

from __future__ import annotations

import random
import time

from benchmarks import common, data

SIZES = (5_000,)
QUICK_SIZES = (300,)
TEAMS = 40
# Fragments a practitioner's comment is made of: some a theme catches, some no theme does.
OPENINGS = ("Honestly,", "In our team", "Since the restructure", "This year", "Most weeks", "Sadly", "On the whole")
SUBJECTS = (
    "my caseload is far too high",
    "caseloads keep rising",
    "unallocated cases sit on the waiting list",
    "duty weeks are relentless",
    "supervision gets cancelled",
    "reflective supervision really helps",
    "the laptop crashes during visits",
    "recording takes longer than the visit",
    "hot desking means I never sit with my team",
    "agency staff come and go",
    "senior leaders are rarely seen",
    "stress and sick leave are rising",
    "training was cancelled again",
    "the night shifts are long and the canteen shuts early",
    "parking near the office is impossible and expensive",
    "the new forms for panel take hours",
    "interpreters are hard to book for families",
    "the court deadlines are unrealistic",
    "colleagues are kind and supportive",
    "lone working at night worries me",
)
ENDINGS = ("", "and nothing changes.", "which affects families.", "but managers listen.", "and morale is low.")


def comment(rng: random.Random) -> str:
    return " ".join(part for part in (rng.choice(OPENINGS), rng.choice(SUBJECTS), rng.choice(ENDINGS)) if part)


def build(path, count: int) -> dict:
    from healthcheck.migrations import init_db

    db = init_db(str(path))
    cycle = data.new_cycle(db, TEAMS)
    teams = [row["id"] for row in db.query("select id from teams where cycle_id = ?", [cycle["id"]])]
    rng = random.Random(19)
    with db.atomic():
        db["responses"].insert_all(
            {"id": n + 1, "cycle_id": cycle["id"], "team_id": teams[n % len(teams)], "submitted_on": "2026-10-05"}
            for n in range(count)
        )
        db["comments"].insert_all(
            {"response_id": n + 1, "standard": rng.randint(1, 8), "text": comment(rng)} for n in range(count)
        )
    return cycle


def read_comments(db, cycle: dict) -> list[dict]:
    rows = db.execute(
        "select r.team_id, c.standard, c.text from comments c join responses r on r.id = c.response_id "
        "where r.cycle_id = ?",
        [cycle["id"]],
    ).fetchall()
    return [{"about": standard, "unit": f"team:{team}", "text": text} for team, standard, text in rows]


def release_of(comments: list[dict]) -> dict:
    units = [{"key": f"team:{n}", "name": f"Team {n}", "respondents": 12} for n in range(1, TEAMS + 1)]
    return {
        "reporting_threshold": 5,
        "comment_threshold": 10,
        "plan": {"teams": {"units": units}},
        "comments": [dict(entry) for entry in comments],
    }


def child_first_release(path: str) -> dict:
    """A fresh server process's first release: read the comments, load scikit-learn, group them."""
    from healthcheck import cycles
    from healthcheck.comments import themes
    from healthcheck.db import open_database

    db = open_database(path)
    cycle = cycles.get_cycle(db, data.SLUG)
    bank = cycles.cycle_bank(cycle)
    started = time.perf_counter()
    release = release_of(read_comments(db, cycle))
    read = time.perf_counter()
    import sklearn.decomposition  # noqa: F401  (what the first grouping loads)
    import sklearn.feature_extraction.text  # noqa: F401

    loaded = time.perf_counter()
    themes.add_themes(release, bank)
    done = time.perf_counter()
    return {"read": read - started, "load": loaded - read, "themes": done - loaded}


def measure(report: common.Report, count: int, quick: bool) -> None:
    from healthcheck import cycles
    from healthcheck.comments import themes
    from healthcheck.db import open_database

    with common.scratch_dir("themes") as scratch:
        path = f"{scratch}/themes.sqlite"
        build(path, count)
        first, peak = common.in_child(child_first_release, path)
        report.figure(f"{count:,} comments, fresh process: loading scikit-learn", first["load"], "s")
        report.figure(f"{count:,} comments, fresh process: themes after loading it", first["themes"], "s", peak_mb=peak)
        db = open_database(path)
        cycle = cycles.get_cycle(db, data.SLUG)
        bank = cycles.cycle_bank(cycle)
        read, comments = common.timed(lambda: read_comments(db, cycle), repeat=3 if quick else 5)
        report.figure(f"{count:,} comments: read from the database (baseline)", read.best, "s")
        release = release_of(comments)
        themes.add_themes(release, bank)
        warm, _ = common.timed(lambda: themes.add_themes(release_of(comments), bank), repeat=2 if quick else 3)
        others = [theme for theme in release["themes"] if theme["kind"] == "other"]
        report.figure(
            f"{count:,} comments: themes",
            warm.best,
            "s",
            median=warm.median,
            themes=len(release["themes"]) - len(others),
            other_topics=len(others),
            not_grouped=release["themes_about"]["not_grouped"],
        )
        report.ratio(f"themes for {count:,} comments", warm.best, read.best, "reading them from the database")
        if count == 5_000:
            report.target("themes for 5,000 comments", 3.0, "s", warm.best)
            report.target(
                "themes for 5,000 comments in a fresh process, loading scikit-learn included",
                3.0,
                "s",
                first["load"] + first["themes"],
            )
        db.close()


def run(quick: bool = False) -> common.Report:
    common.heading("Comment themes")
    report = common.Report("comment-themes", quick)
    for count in QUICK_SIZES if quick else SIZES:
        measure(report, count, quick)
    return report
