"""The SQLite database: one connection per request, foreign keys on, WAL, migrations applied."""

import sqlite3

import sqlite_utils
from flask import current_app, g


def open_database(path: str) -> sqlite_utils.Database:
    """A connection with foreign keys enforced and write-ahead logging on."""
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    if path != ":memory:" and not conn.in_transaction:
        # journal_mode cannot change inside a transaction.
        db.enable_wal()
    return db


def migrate(db: sqlite_utils.Database) -> None:
    from healthcheck.migrations import migrations

    migrations.apply(db)


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = open_database(current_app.config["DATABASE"])
    return g.db


def close_db(exception=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db(path: str) -> sqlite_utils.Database:
    """Open the database at `path` and bring its tables up to date."""
    db = open_database(path)
    migrate(db)
    return db


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
    with app.app_context():
        # Every start brings the schema up to date, so a fresh install needs no extra step.
        init_db(app.config["DATABASE"]).close()
