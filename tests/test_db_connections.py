"""A server thread keeps its database connection between requests: each request still starts
outside any transaction, sees everything committed, and leaves nothing uncommitted behind."""

import sqlite3

from healthcheck import create_app
from healthcheck import db as database
from healthcheck.db import get_db, open_database


def test_a_request_reuses_its_threads_connection_and_sees_the_latest_data(app):
    with app.app_context():
        first = get_db()
        first.execute("select 1")
    other = open_database(app.config["DATABASE"])
    with other.conn:
        other.execute("insert into organisation (key, value) values ('name', 'Northfield')")
    other.close()
    with app.app_context():
        assert get_db() is first
        assert get_db().execute("select value from organisation").fetchone()[0] == "Northfield"


def test_what_a_request_left_uncommitted_is_rolled_back(app):
    with app.app_context():
        get_db().conn.execute("BEGIN IMMEDIATE")  # as a write that failed half way would leave it
        get_db().execute("insert into organisation (key, value) values ('name', 'Unsaved')")
        assert get_db().conn.in_transaction
    with app.app_context():
        db = get_db()
        assert not db.conn.in_transaction
        assert db.execute("select count(*) from organisation").fetchone()[0] == 0


def test_each_thread_keeps_only_a_few_connections(tmp_path):
    apps = [
        create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / f"{n}.sqlite")})
        for n in range(database.KEPT_PER_THREAD + 2)
    ]
    opened = []
    for app in apps:
        with app.app_context():
            opened.append(get_db())
    kept = [db for db in opened if database._is_kept(db)]
    assert kept == opened[-database.KEPT_PER_THREAD :]
    for closed in opened[:2]:
        try:
            closed.execute("select 1")
        except sqlite3.ProgrammingError as error:
            assert "closed" in str(error)
        else:
            raise AssertionError("a connection no longer kept was left open")


def test_a_database_in_memory_is_never_kept():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": ":memory:"})
    with app.app_context():
        db = get_db()
    assert not database._is_kept(db)
