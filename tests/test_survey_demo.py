"""The demo's synthetic answers: stored the survey's way, believable, and within headcounts."""

from healthcheck import cycles
from healthcheck.demo.seed import SEEDERS, SMALL_TEAM, STRUGGLING_TEAM, seed_demo
from healthcheck.demo.survey_answers import seed_survey_answers

SCORE = {"strongly_disagree": 0, "disagree": 25, "neither": 50, "agree": 75, "strongly_agree": 100}


def _team_counts(db, cycle):
    return {
        row[0]: (row[1], row[2])
        for row in db.execute(
            "select t.name, t.headcount, count(r.id) from teams t left join responses r on r.team_id = t.id "
            "where t.cycle_id = ? group by t.id",
            [cycle["id"]],
        ).fetchall()
    }


def _agreement(db, cycle, team_name, item_id):
    values = [
        row[0]
        for row in db.execute(
            "select a.value from answers a join responses r on r.id = a.response_id join teams t on t.id = r.team_id "
            "where r.cycle_id = ? and t.name = ? and a.item_id = ?",
            [cycle["id"], team_name, item_id],
        ).fetchall()
    ]
    scored = [SCORE[v] for v in values if v in SCORE]
    return sum(scored) / len(scored)


def test_demo_seeds_answers_for_both_cycles_within_headcount(db):
    assert seed_survey_answers in SEEDERS
    seed_demo(db, seed=1)
    for cycle in cycles.list_cycles(db):
        counts = _team_counts(db, cycle)
        assert all(count <= headcount for headcount, count in counts.values())
        assert counts[SMALL_TEAM][1] == 3
        assert sum(count for _, count in counts.values()) > 60
    assert db["survey_drafts"].count == 0
    assert db.execute("select count(*) from answers where value = 'dont_know'").fetchone()[0] > 0
    comments = [row[0] for row in db.execute("select text from comments")]
    assert len({*comments}) > 20


def test_the_struggling_team_is_clearly_worse(db):
    seed_demo(db, seed=1)
    this_year = [c for c in cycles.list_cycles(db) if c["status"] == "open"][0]
    for item in ("5b", "8b", "31a"):
        struggling = _agreement(db, this_year, STRUGGLING_TEAM, item)
        others = _agreement(db, this_year, "Hospital Discharge", item)
        assert struggling < others - 20, item
    rare = db.execute(
        "select count(*) from answers a join responses r on r.id = a.response_id join teams t on t.id = r.team_id "
        "where r.cycle_id = ? and t.name = ? and a.item_id = '8a' and a.value in ('less_often', 'never', 'six_to_eight_weeks')",
        [this_year["id"], STRUGGLING_TEAM],
    ).fetchone()[0]
    total = db.execute(
        "select count(*) from responses r join teams t on t.id = r.team_id where r.cycle_id = ? and t.name = ?",
        [this_year["id"], STRUGGLING_TEAM],
    ).fetchone()[0]
    assert rare > total / 2
    hours = [
        float(row[0])
        for row in db.execute(
            "select a.value from answers a join responses r on r.id = a.response_id join teams t on t.id = r.team_id "
            "where r.cycle_id = ? and t.name = ? and a.item_id = '6a'",
            [this_year["id"], STRUGGLING_TEAM],
        )
    ]
    assert sum(hours) / len(hours) >= 8


def test_demo_answers_are_the_same_for_the_same_seed(app, tmp_path):
    from healthcheck.migrations import init_db

    def answers(path):
        database = init_db(str(path))
        seed_demo(database, seed=7)
        rows = list(database.execute("select item_id, value from answers order by rowid"))
        database.close()
        return rows

    assert answers(tmp_path / "a.sqlite") == answers(tmp_path / "b.sqlite")
