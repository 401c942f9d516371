"""Migrations keep the names every database has recorded, new ones follow one sortable
scheme, and they are applied in the order they are declared."""

import re

import sqlite_utils

from healthcheck.db import open_database
from healthcheck.migrations import migrate, migrations

# The names recorded in every existing database, in the order they are applied. They
# never change, move or go.
RECORDED = [
    "m001_users",
    "m002_organisation",
    "m003_cycles",
    "m004_teams",
    "m005_responses",
    "m006_workforce_and_organisation_view",
    "m301_survey_drafts",
    "m302_survey_options",
    "m501_score_cache",
    "m6_001_actions",
    "m6_002_action_plan_uploads",
    "m401_cycle_definitions",
    "m402_organisation_answer_links",
    "m7_cycle_comment_retention",
    "m7_sign_in_failures",
    "m9_publications",
    "m8_answer_tallies",
    "m10_answers_counted_together",
    "m11_answers_found_by_response",
]
FIRST_NEW_NUMBER = 12
NEW_NAME = re.compile(r"m(\d{3})_[a-z0-9]+(_[a-z0-9]+)*")


def declared() -> list[str]:
    """The migrations in the order the module declares them (all pending on an empty database)."""
    return [migration.name for migration in migrations.pending(sqlite_utils.Database(memory=True))]


def scheme_problems(names: list[str]) -> list[str]:
    """What is wrong with the names declared after RECORDED, in plain words."""
    problems = []
    expected = FIRST_NEW_NUMBER
    for name in names:
        match = NEW_NAME.fullmatch(name)
        if match is None:
            problems.append(f"{name}: a new migration is named m{expected:03d}_what_it_does")
        elif int(match.group(1)) != expected:
            problems.append(f"{name}: the next migration is numbered m{expected:03d}")
        expected += 1
    return problems


def test_the_recorded_names_are_declared_first_and_unchanged():
    assert declared()[: len(RECORDED)] == RECORDED


def test_new_migrations_follow_the_sortable_scheme():
    new = declared()[len(RECORDED) :]
    assert scheme_problems(new) == []


def test_the_scheme_check_names_each_mistake():
    assert scheme_problems(["m012_reports", "m013_more_reports"]) == []
    assert scheme_problems(["m12_reports"]) == ["m12_reports: a new migration is named m012_what_it_does"]
    assert scheme_problems(["m012_reports", "m014_skipped"]) == ["m014_skipped: the next migration is numbered m013"]
    assert scheme_problems(["m013_first"]) == ["m013_first: the next migration is numbered m012"]


def test_a_fresh_database_applies_them_in_the_declared_order(tmp_path):
    db = open_database(str(tmp_path / "fresh.sqlite"))
    migrate(db)
    applied = [migration.name for migration in migrations.applied(db)]
    recorded = [row["name"] for row in db.query("select name from _sqlite_migrations order by rowid")]
    db.close()
    assert applied == recorded == declared()
    assert applied[: len(RECORDED)] == RECORDED


def test_a_database_part_way_along_applies_the_rest_in_the_declared_order(tmp_path):
    db = open_database(str(tmp_path / "older.sqlite"))
    migrations.apply(db, stop_before="m401_cycle_definitions")
    assert [migration.name for migration in migrations.applied(db)] == RECORDED[
        : RECORDED.index("m401_cycle_definitions")
    ]
    migrate(db)
    applied = [migration.name for migration in migrations.applied(db)]
    db.close()
    assert applied == declared()


def test_cycles_made_before_codes_were_the_default_keep_the_public_link(tmp_path):
    from healthcheck.survey import access_codes

    db = open_database(str(tmp_path / "old.sqlite"))
    migrations.apply(db, stop_before="m016_public_link_kept_where_it_was")
    db["cycles"].insert_all(
        [
            {"id": 1, "name": "Open link", "slug": "open-link", "status": "open", "reporting_threshold": 5},
            {"id": 2, "name": "With codes", "slug": "with-codes", "status": "open", "reporting_threshold": 5},
        ]
    )
    db["survey_options"].insert({"cycle_id": 2, "access_codes_required": 1})
    migrate(db)
    assert not access_codes.required(db, {"id": 1})
    assert access_codes.required(db, {"id": 2})
    db["cycles"].insert({"id": 3, "name": "New", "slug": "new", "status": "draft", "reporting_threshold": 5})
    assert access_codes.required(db, {"id": 3})  # a cycle made now needs codes
    db.close()
