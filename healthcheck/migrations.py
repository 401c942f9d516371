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
