"""A file of earlier answers, imported all at once, is stored exactly as the same answers
given one by one through the survey's own storing function would be: the same rows in
the same order, the same counts for scoring. And the import leaves the connection as it
found it."""

import csv
import datetime
import gc

import pytest

from healthcheck import cycles
from healthcheck.migrations import init_db
from healthcheck.results import tally_store
from healthcheck.survey import store
from healthcheck.survey.importing import ResponseImportError, import_responses
from healthcheck.survey.store import Response, store_response

CLOSES_ON = datetime.date(2025, 10, 31)
HEADER = [
    "team",
    "role",
    "submitted_on",
    "29a",
    "20b",
    "5a",
    "7a",
    "19a",
    "10a",
    "10c",
    "8a",
    "S7a",
    "comment_3",
    "comment_5",
]

# Each respondent as a survey tool exports them (labels, codes, either date style, "Don't
# know" as written, several choices separated by ";") and as the survey itself would have
# sent the same answers to the store.
RESPONDENTS = [
    (
        {
            "team": "Locality North",
            "role": "Social worker",
            "submitted_on": "2025-10-02",
            "29a": "Strongly agree",
            "20b": "agree",
            "5a": "18",
            "19a": "IT systems and recording;Something else",
            "8a": "Monthly",
            "S7a": "strongly_agree",
            "comment_3": "Too many cases",
        },
        dict(
            team="Locality North",
            role_group="social_worker",
            answers={
                "29a": "strongly_agree",
                "20b": "agree",
                "5a": "18",
                "19a": ["systems", "other"],
                "8a": "monthly",
                "S7a": "strongly_agree",
            },
            comments={3: "Too many cases"},
        ),
        datetime.date(2025, 10, 2),
    ),
    (
        {
            "team": "front-door",
            "role": "team_manager",
            "20b": "Don't know / not applicable",
            "7a": "don't know",
            "19a": "none",
            "8a": "never",
            "S7a": "Agree",
        },
        dict(
            team="Front Door",
            role_group="team_manager",
            answers={"20b": "dont_know", "7a": "dont_know", "19a": ["none"], "8a": "never", "S7a": "agree"},
        ),
        CLOSES_ON,
    ),
    (
        {
            "team": "Locality North",
            "role": "Prefer not to say",
            "submitted_on": "09/10/2025",
            "29a": "NEITHER agree nor disagree",
            "5a": "16.0",
            "7a": "2.5",
            "10a": "student; mentoring",
            "10c": "Words of my own",
            "comment_5": "Supervision is rushed",
        },
        dict(
            team="Locality North",
            answers={
                "29a": "neither",
                "5a": "16.0",
                "7a": "2.5",
                "10a": ["student", "mentoring"],
                "10c": "Words of my own",
            },
            comments={5: "Supervision is rushed"},
        ),
        datetime.date(2025, 10, 9),
    ),
    (
        {"role": "Other", "29a": "disagree", "19a": "systems;systems", "8a": "Every 2 weeks"},
        dict(
            role_group="other",
            answers={"29a": "disagree", "19a": ["systems"], "8a": "fortnightly"},
        ),
        CLOSES_ON,
    ),
    (
        {"team": "Front Door", "29a": "Don't know / not applicable", "5a": "0", "10c": "Words of my own"},
        dict(team="Front Door", answers={"29a": "dont_know", "5a": "0", "10c": "Words of my own"}),
        CLOSES_ON,
    ),
]


def _new_cycle(path):
    """A fresh database with an open cycle of two teams; the same ids every time."""
    db = init_db(str(path))
    cycle = cycles.create_cycle(
        db,
        {
            "name": "Health check 2025",
            "slug": "hc-2025",
            "capture_date": "2025-09-01",
            "opens_on": "2025-10-01",
            "closes_on": CLOSES_ON.isoformat(),
            "reporting_threshold": 3,
        },
    )
    for name, service in (("Locality North", "Adults"), ("Front Door", "Children")):
        cycles.add_team(db, cycle, {"name": name, "service_area": service, "headcount": 10})
    return db, cycles.open_cycle(db, cycle)


def _file(tmp_path, repeats):
    path = tmp_path / "last-year.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for _ in range(repeats):
            for cells, _, _ in RESPONDENTS:
                writer.writerow([cells.get(column, "") for column in HEADER])
    return path


def _one_by_one(db, cycle, repeats):
    bank = cycles.cycle_bank(cycle)
    team_ids = {team["name"]: team["id"] for team in cycles.teams_for(db, cycle["id"])}
    for _ in range(repeats):
        for _, given, submitted_on in RESPONDENTS:
            given = dict(given)
            team = given.pop("team", None)
            store_response(db, cycle, bank, Response(team_id=team_ids.get(team), **given), submitted_on)


def _stored(db):
    """Every stored row (answers with their rowids, in order) and every count kept for scoring."""
    return {
        "responses": db.execute("select * from responses order by id").fetchall(),
        "answers": db.execute("select rowid, * from answers order by rowid").fetchall(),
        "comments": db.execute("select * from comments order by id").fetchall(),
        "counts by team": db.execute(
            "select cycle_id, team_key, item_id, value, count from answer_counts_by_team order by 1, 2, 3, 4"
        ).fetchall(),
        "counts by role": db.execute(
            "select cycle_id, role_key, item_id, value, count from answer_counts_by_role order by 1, 2, 3, 4"
        ).fetchall(),
        "items": db.execute("select * from tally_items order by cycle_id, item_id").fetchall(),
        "coverage": db.execute("select * from response_coverage order by response_id").fetchall(),
    }


@pytest.mark.parametrize("repeats", [1, 21])  # 5 responses, and 105: many answers a statement
def test_an_import_stores_exactly_what_storing_one_by_one_stores(tmp_path, repeats, monkeypatch):
    assert (len(RESPONDENTS) * repeats >= store.MANY_ROWS_A_STATEMENT_FROM) == (repeats == 21)
    # Response ids are random; both ways of storing draw the same ones here, to compare every row.
    monkeypatch.setattr(store, "random_response_id", iter(range(7_000_001, 8_000_000, 7)).__next__)
    imported, cycle = _new_cycle(tmp_path / "imported.sqlite")
    assert import_responses(imported, cycle, _file(tmp_path, repeats)) == len(RESPONDENTS) * repeats
    monkeypatch.setattr(store, "random_response_id", iter(range(7_000_001, 8_000_000, 7)).__next__)
    one_by_one, cycle = _new_cycle(tmp_path / "one-by-one.sqlite")
    _one_by_one(one_by_one, cycle, repeats)
    stored = _stored(imported)
    assert stored == _stored(one_by_one)
    assert len(stored["responses"]) == len(RESPONDENTS) * repeats
    assert len(stored["answers"]) == 24 * repeats
    # and the counts are what counting every stored answer afresh gives
    with imported.atomic():
        tally_store.recount(imported)
    assert _stored(imported) == stored
    imported.close()
    one_by_one.close()


def test_the_answers_a_file_gives_are_stored_as_the_bank_reads_them(tmp_path):
    db, cycle = _new_cycle(tmp_path / "imported.sqlite")
    import_responses(db, cycle, _file(tmp_path, 21))
    # Response ids are random: the third respondent is the third whose answers were written.
    third = db.execute(
        "select response_id from answers group by response_id order by min(rowid) limit 1 offset 2"
    ).fetchone()[0]
    assert db.execute(
        "select item_id, value from answers where response_id = ? order by rowid", [third]
    ).fetchall() == [
        ("29a", "neither"),
        ("5a", "16"),
        ("7a", "2.5"),
        ("10a", "student"),
        ("10a", "mentoring"),
        ("10c", "Words of my own"),
    ]
    assert db.execute("select role_group, submitted_on from responses where id = ?", [third]).fetchone() == (
        None,
        "2025-10-09",
    )
    # Free text is stored but never counted.
    assert db.execute("select count(*) from answers where item_id = '10c'").fetchone()[0] == 42
    assert db.execute("select count(*) from answer_counts_by_team where item_id = '10c'").fetchone()[0] == 0
    db.close()


def test_every_bad_cell_of_a_large_file_is_named_in_column_order_and_nothing_is_stored(tmp_path):
    db, cycle = _new_cycle(tmp_path / "imported.sqlite")
    path = _file(tmp_path, 21)
    lines = path.read_text(encoding="utf-8").splitlines()
    bad = dict(RESPONDENTS[0][0], **{"5a": "500", "8a": "sometimes"})
    row = [bad.get(column, "") for column in HEADER]
    lines[3] = lines[60] = ",".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ResponseImportError) as refused:
        import_responses(db, cycle, path)
    # The number is refused by the bank's check, the frequency as the file is read: each
    # is named where it is, in the order of the columns, on both rows.
    assert refused.value.problems == [
        f"last-year.csv, row {number}, column {column}: {message}"
        for number in (4, 61)
        for column, message in (
            ("F (5a)", "Number of cases must be between 0 and 150"),
            (
                "K (8a)",
                "'sometimes' is not one of the answers: Weekly, Every 2 weeks, Monthly, "
                "Every 6 to 8 weeks, Less often, Never",
            ),
        )
    ]
    assert db.execute("select count(*) from responses").fetchone()[0] == 0
    assert db.execute("select count(*) from answers").fetchone()[0] == 0
    db.close()


def test_an_import_leaves_the_connection_and_python_as_it_found_them(tmp_path):
    db, cycle = _new_cycle(tmp_path / "imported.sqlite")
    # A temporary trigger of the caller's own, which changing where temporary tables are
    # kept would drop: it must still be there, and still fire, after the import.
    db.execute("create temp table written (response_id integer)")
    db.execute(
        "create temp trigger note_written after insert on responses begin insert into written values (new.id); end"
    )
    settings = [db.execute(f"pragma {name}").fetchone()[0] for name in ("cache_size", "temp_store")]
    assert gc.isenabled()
    import_responses(db, cycle, _file(tmp_path, 21))
    assert [db.execute(f"pragma {name}").fetchone()[0] for name in ("cache_size", "temp_store")] == settings
    assert gc.isenabled()
    assert db.execute("select count(*) from written").fetchone()[0] == 105
    db.execute("drop trigger note_written")
    db.execute("drop table written")
    # Without temporary tables the import may keep its statement journals in memory; the
    # settings still come back, also when the import is refused. (The same file twice is
    # refused, so the second import is a different file of 100 respondents.)
    import_responses(db, cycle, _file(tmp_path, 20))
    assert [db.execute(f"pragma {name}").fetchone()[0] for name in ("cache_size", "temp_store")] == settings
    (tmp_path / "bad.csv").write_text("team,29a\nNowhere,agree\n", encoding="utf-8")
    with pytest.raises(ResponseImportError):
        import_responses(db, cycle, tmp_path / "bad.csv")
    assert gc.isenabled()
    assert db.execute("select count(*) from responses").fetchone()[0] == 205
    db.close()
