"""Large, realistic cycles for the benchmarks, written straight into a fresh database.

Responses and answers go in with bulk inserts rather than through the survey, so
100,000 responses take seconds to make. The answers look like a real council's:
each team has a mood its answers cluster around, some people answer "don't know",
a few leave questions out, some write comments, and a few teams are below the
reporting threshold.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from healthcheck import cycles
from healthcheck.migrations import init_db
from healthcheck.questions import DONT_KNOW, ROLE_GROUPS

SLUG = "bench"
SERVICE_AREAS = ("Adults", "Children", "All-age disability", "Mental health", "Other")
ROLES = list(ROLE_GROUPS)
ROLE_WEIGHTS = [50, 20, 10, 8, 7, 5]
BATCH = 20_000
TODAY = datetime.date(2026, 10, 1)


def new_cycle(db, teams: int, threshold: int = 5, team_headcount: int | None = None) -> dict:
    """An open cycle with `teams` teams spread over the service areas (bulk inserted)."""
    cycle = cycles.create_cycle(
        db,
        {
            "name": "Benchmark cycle",
            "slug": SLUG,
            "capture_date": TODAY,
            "opens_on": TODAY,
            "closes_on": TODAY + datetime.timedelta(days=30),
            "reporting_threshold": threshold,
        },
    )
    db["teams"].insert_all(
        {
            "cycle_id": cycle["id"],
            "name": f"Team {number:05d}",
            "slug": f"team-{number:05d}",
            "service_area": SERVICE_AREAS[number % len(SERVICE_AREAS)],
            "headcount": team_headcount or 0,
        }
        for number in range(1, teams + 1)
    )
    return cycles.open_cycle(db, cycle)


def _answer_pools(bank, rng):
    """For each scored item, a function (mood, count) -> answers near that mood."""

    def choice_answers(item):
        choices = bank.choices_for(item)
        values = [choice.value for choice in choices]
        scores = [100 - choice.score if item.reverse else choice.score for choice in choices]

        def answers(mood, count):
            weights = [1.0 / (1.0 + abs(score - mood) / 12.0) ** 3 for score in scores]
            picked = rng.choices(values, weights=weights, k=count)
            return [DONT_KNOW if item.dont_know and rng.random() < 0.04 else value for value in picked]

        return answers

    def number_answers(item):
        def answers(mood, count):
            out = []
            for _ in range(count):
                target = min(100.0, max(0.0, rng.gauss(mood, 15)))
                value = item.poor + (item.good - item.poor) * target / 100
                if item.min is not None:
                    value = max(item.min, value)
                if item.max is not None:
                    value = min(item.max, value)
                out.append(f"{round(value):g}")
            return out

        return answers

    pools = {}
    for item in bank.items:
        if item.type in ("agreement", "frequency"):
            pools[item.id] = choice_answers(item)
        elif item.type == "number":
            pools[item.id] = number_answers(item)
    return pools


def add_responses(db, cycle: dict, count: int, seed: int = 8, comment_share: float = 0.03) -> None:
    """`count` responses spread unevenly over the cycle's teams, with answers, in bulk."""
    bank = cycles.cycle_bank(cycle)
    rng = random.Random(seed)
    teams = [team["id"] for team in cycles.teams_for(db, cycle["id"])]
    # Uneven team sizes: a few teams get very few responses (below the threshold).
    weights = [rng.choice((0.02, 1, 1, 1, 2, 3)) for _ in teams]
    team_of = rng.choices(teams, weights=weights, k=count)
    mood_of_team = {team: rng.uniform(25, 85) for team in teams}
    pools = _answer_pools(bank, rng)
    multiple = [item for item in bank.items if item.type == "multiple_choice"]
    text_items = [item for item in bank.items if item.type == "text"]
    standards = [standard.number for standard in bank.standards]
    first_id = (db.execute("select max(id) from responses").fetchone()[0] or 0) + 1
    submitted = cycle["opens_on"]
    from healthcheck.results import tally_store

    # Bulk inserts, with the answers counted for scoring together (as the app's own bulk
    # writes do) rather than one by one.
    tally_store.register(db, cycle["id"], bank)
    with db.atomic(), tally_store.counted_together(db, cycle["id"]) as count_answers:
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            ids = range(first_id + start, first_id + start + size)
            batch_teams = team_of[start : start + size]
            roles = [rng.choices(ROLES, ROLE_WEIGHTS)[0] if rng.random() > 0.05 else None for _ in ids]
            db["responses"].insert_all(
                (
                    {
                        "id": response_id,
                        "cycle_id": cycle["id"],
                        "team_id": team,
                        "role_group": role,
                        "submitted_on": submitted,
                    }
                    for response_id, team, role in zip(ids, batch_teams, roles)
                ),
                batch_size=BATCH,
            )
            # Answers item by item for the whole batch, grouped by team mood.
            columns = {}
            moods = [mood_of_team[team] + rng.gauss(0, 8) for team in batch_teams]
            for item_id, answers_near in pools.items():
                columns[item_id] = [answers_near(mood, 1)[0] for mood in moods]
            rows = []
            for index, response_id in enumerate(ids):
                given = []
                for item_id, column in columns.items():
                    # About one in fifty answers is left out altogether.
                    if rng.random() >= 0.02:
                        given.append((item_id, column[index]))
                for item in multiple:
                    chosen = (
                        rng.sample(item.choices[:-1], rng.randint(1, 3)) if rng.random() < 0.7 else item.choices[-1:]
                    )
                    given.extend((item.id, choice.value) for choice in chosen)
                for item in text_items:
                    if rng.random() < comment_share:
                        given.append((item.id, f"Free text answer {response_id}"))
                rows.extend((response_id, item_id, value) for item_id, value in given)
                count_answers(response_id, batch_teams[index], roles[index], given)
            db["answers"].insert_all(
                ({"response_id": r, "item_id": i, "value": v} for r, i, v in rows), batch_size=BATCH
            )
            db["comments"].insert_all(
                (
                    {
                        "response_id": response_id,
                        "standard": rng.choice(standards),
                        "text": f"Comment {response_id}: caseloads and supervision",
                    }
                    for response_id in ids
                    if rng.random() < comment_share
                ),
                batch_size=BATCH,
            )


def add_workforce_and_organisation(db, cycle: dict, seed: int = 9) -> None:
    bank = cycles.cycle_bank(cycle)
    rng = random.Random(seed)
    rows = []
    for team in cycles.teams_for(db, cycle["id"]):
        fte = rng.uniform(5, 30)
        figures = {
            "establishment_fte": fte * 1.1,
            "inpost_fte": fte,
            "inpost_headcount": round(fte * 1.1),
            "vacancy_fte": fte * 0.1,
            "agency_fte": rng.uniform(0, 3),
            "leavers_fte": rng.uniform(0, 4),
            "case_holders_fte": fte * 0.9,
            "cases": fte * rng.uniform(12, 25),
            "working_days_lost": rng.uniform(5, 60),
            "long_term_absence_fte": rng.uniform(0, 1),
            "supervisions_due": 30,
            "supervisions_held": rng.randint(15, 30),
            "average_weekly_hours": rng.uniform(36, 45),
        }
        rows.extend(
            {"cycle_id": cycle["id"], "team_id": team["id"], "field": key, "value": value}
            for key, value in figures.items()
        )
        db["teams"].update(team["id"], {"headcount": figures["inpost_headcount"]})
    db["workforce_figures"].insert_all(rows, batch_size=BATCH)
    db["organisation_answers"].insert_all(
        {
            "cycle_id": cycle["id"],
            "item_id": item.id,
            "updated_by": "psw@council.example",
            "updated_on": "2026-10-10",
            "answer": ("working_well", "needs_improvement", "not_in_place")[index % 3],
            "evidence": f"Evidence for {item.id}",
        }
        for index, item in enumerate(bank.organisation_items)
    )


def add_actions(db, cycle: dict, count: int, seed: int = 10) -> None:
    """`count` actions, each with a progress note, through the action plan's own checks."""
    from healthcheck.actions import plan as actions

    rng = random.Random(seed)
    bank = cycles.cycle_bank(cycle)
    for number in range(1, count + 1):
        standard = rng.choice(bank.standards).number
        steps = [step.number for step in bank.steps_for(standard)]
        actions.create_action(
            db,
            cycle,
            {
                "standard": standard,
                "step": rng.choice(steps) if steps and rng.random() < 0.7 else None,
                "finding": f"Finding {number}: practitioners say caseloads are too high in some teams",
                "action": f"Action {number}: review allocation and report back to the steering group",
                "owner": rng.choice(("Head of service", "Principal social worker", "Workforce lead")),
                "lead": rng.choice(("Team manager", "HR business partner", "")),
                "target_date": TODAY + datetime.timedelta(days=rng.randint(-60, 365)),
                "status": rng.choice(actions.STATUSES),
                "progress": rng.choice(actions.PROGRESS),
            },
            "psw@council.example",
            bank=bank,
            note=f"Progress note for action {number}",
        )


def build(path: Path, responses: int, teams: int, actions: int = 0) -> dict:
    """A database at `path` with one cycle of that size, closed and its results released
    (results exist only once released); returns the cycle."""
    from healthcheck.results import compute as results

    db = init_db(str(path))
    cycle = new_cycle(db, teams)
    add_workforce_and_organisation(db, cycle)
    add_responses(db, cycle, responses)
    if actions:
        add_actions(db, cycle, actions)
    db.conn.commit()
    cycle = results.release_results(db, cycles.close_cycle(db, cycle), released_by="benchmark")
    db.close()
    return cycle


def take_back_release(db) -> dict:
    """Remove the cycle's release, as if it had just closed, so the next release works the
    results out afresh (for timing only: the app never takes a release back)."""
    from healthcheck.results import compute as results

    results.forget_views()
    with db.conn:
        db.execute("delete from result_releases where cycle_id = (select id from cycles where slug = ?)", [SLUG])
        db.execute("update cycles set released_on = null where slug = ?", [SLUG])
    return cycles.get_cycle(db, SLUG)


def release_afresh(db) -> dict:
    """Work the results out again from the answers, as releasing does; returns the cycle."""
    from healthcheck.results import compute as results

    return results.release_results(db, take_back_release(db), released_by="benchmark")


_built: dict[tuple, tuple[Path, float]] = {}
_scratch = None


def shared_database(responses: int, teams: int, actions: int | None = None) -> tuple[Path, float]:
    """A database of this size, built once per run and shared by the benchmarks that read
    it; returns (path, seconds it took to build)."""
    import tempfile
    import time

    global _scratch
    if actions is None:  # the export's 1,000 actions, or a few for small sizes: one database serves all
        actions = 1000 if responses >= 10_000 else 30
    key = (responses, teams, actions)
    if key not in _built:
        if _scratch is None:
            _scratch = tempfile.TemporaryDirectory(prefix="healthcheck-bench-data-")
        path = Path(_scratch.name) / f"r{responses}-t{teams}-a{actions}.sqlite"
        started = time.perf_counter()
        build(path, responses, teams, actions)
        _built[key] = (path, time.perf_counter() - started)
    return _built[key]


def clear_score_cache(path: Path) -> None:
    """Forget every view this process keeps and work the released results out afresh."""
    from healthcheck.db import open_database

    db = open_database(str(path))
    release_afresh(db)
    db.close()
