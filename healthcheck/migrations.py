"""Named schema migrations, applied in order; each function is one step that never changes."""

from sqlite_utils.migrations import Migrations

migrations = Migrations("healthcheck")


@migrations()
def m001_users(db):
    db["users"].create(
        {
            "id": int,
            "email": str,
            "password_hash": str,
            "role": str,
            "active": int,
            "session_version": int,
            "created_on": str,
        },
        pk="id",
        not_null={"email", "password_hash", "role"},
        defaults={"active": 1, "session_version": 1},
    )
    db["users"].create_index(["email"], unique=True)


@migrations()
def m002_organisation(db):
    db["organisation"].create({"key": str, "value": str}, pk="key")


@migrations()
def m003_cycles(db):
    db["cycles"].create(
        {
            "id": int,
            "slug": str,
            "name": str,
            "capture_date": str,
            "opens_on": str,
            "closes_on": str,
            "reporting_threshold": int,
            "status": str,
            "bank_version": str,
            "bank_json": str,
            "created_on": str,
        },
        pk="id",
        not_null={"slug", "name", "status", "reporting_threshold"},
        defaults={"status": "draft"},
    )
    db["cycles"].create_index(["slug"], unique=True)


@migrations()
def m004_teams(db):
    db["teams"].create(
        {
            "id": int,
            "cycle_id": int,
            "slug": str,
            "name": str,
            "service_area": str,
            "headcount": int,
        },
        pk="id",
        not_null={"cycle_id", "slug", "name"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["teams"].create_index(["cycle_id", "slug"], unique=True)
    db["teams"].create_index(["cycle_id", "name"], unique=True)


# The survey's stored answers. A response carries its team and role group (both
# optional) and the submission date at most: nothing that identifies a person.
@migrations()
def m005_responses(db):
    db["responses"].create(
        {
            "id": int,
            "cycle_id": int,
            "team_id": int,
            "role_group": str,
            "years_band": str,
            "submitted_on": str,
        },
        pk="id",
        not_null={"cycle_id"},
        foreign_keys=[("cycle_id", "cycles", "id"), ("team_id", "teams", "id")],
    )
    db["responses"].create_index(["cycle_id", "team_id"])
    # One row per answered item; a multiple-choice item has one row per chosen value.
    # value is the choice value, the number as text, or "dont_know".
    db["answers"].create(
        {"response_id": int, "item_id": str, "value": str},
        not_null={"response_id", "item_id", "value"},
        foreign_keys=[("response_id", "responses", "id")],
    )
    db["answers"].create_index(["response_id"])
    db["answers"].create_index(["item_id"])
    db["comments"].create(
        {"id": int, "response_id": int, "standard": int, "text": str},
        pk="id",
        not_null={"response_id", "standard", "text"},
        foreign_keys=[("response_id", "responses", "id")],
    )
    db["comments"].create_index(["response_id"])


# Workforce figures per team (one row per field, e.g. vacancy_fte) and the
# organisation's own answer to each organisation item of the question bank.
@migrations()
def m006_workforce_and_organisation_view(db):
    db["workforce_figures"].create(
        {"id": int, "cycle_id": int, "team_id": int, "field": str, "value": float},
        pk="id",
        not_null={"cycle_id", "team_id", "field", "value"},
        foreign_keys=[("cycle_id", "cycles", "id"), ("team_id", "teams", "id")],
    )
    db["workforce_figures"].create_index(["team_id", "field"], unique=True)
    db["workforce_figures"].create_index(["cycle_id"])
    db["organisation_answers"].create(
        {
            "id": int,
            "cycle_id": int,
            "item_id": str,
            "answer": str,
            "evidence": str,
            "updated_by": str,
            "updated_on": str,
        },
        pk="id",
        not_null={"cycle_id", "item_id", "answer"},
        foreign_keys=[("cycle_id", "cycles", "id")],
    )
    db["organisation_answers"].create_index(["cycle_id", "item_id"], unique=True)


# How long practitioners' comments are kept after a cycle closes, and the day it
# actually closed (cycles closed before this step fall back to their closing date).
@migrations()
def m7_cycle_comment_retention(db):
    db["cycles"].add_column("comment_retention_months", int, not_null_default=24)
    db["cycles"].add_column("closed_on", str)


# Failed sign-ins per email address (stored only as a keyed hash), for the temporary lockout.
@migrations()
def m7_sign_in_failures(db):
    db["sign_in_failures"].create(
        {"account_key": str, "failures": int, "last_failed_at": str, "locked_until": str},
        pk="account_key",
        not_null={"failures", "last_failed_at"},
    )
