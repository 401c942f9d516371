"""write_transaction: one way to write a transaction that waits its turn, commits or rolls
back, and says whether it waits for the disk."""

import threading
import time

import pytest

from healthcheck.db import open_database, write_transaction
from healthcheck.migrations import init_db


def _synchronous(db) -> int:
    return db.execute("PRAGMA synchronous").fetchone()[0]


def test_a_write_commits_and_a_failed_write_leaves_nothing(tmp_path):
    db = init_db(str(tmp_path / "w.sqlite"))
    with write_transaction(db):
        db.execute("insert into organisation (key, value) values ('name', 'Northfield')")
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            db.execute("update organisation set value = 'Half written' where key = 'name'")
            raise RuntimeError("the disk is full")
    other = open_database(str(tmp_path / "w.sqlite"))
    assert other.execute("select value from organisation").fetchall() == [("Northfield",)]
    assert not db.conn.in_transaction


def test_a_write_that_need_not_wait_for_the_disk_leaves_the_connection_waiting_again(tmp_path):
    db = init_db(str(tmp_path / "w.sqlite"))
    assert _synchronous(db) == 2  # FULL
    with write_transaction(db, wait_for_disk=False):
        db.execute("insert into organisation (key, value) values ('name', 'Northfield')")
        assert _synchronous(db) == 1  # NORMAL, for this commit only
    assert _synchronous(db) == 2
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 30000


def test_a_write_waits_while_another_process_writes_then_goes_ahead(tmp_path):
    path = str(tmp_path / "w.sqlite")
    db = init_db(path)
    holder = open_database(path)
    holder.conn.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    holder.conn.execute("insert into organisation (key, value) values ('holder', 'first')")
    threading.Timer(0.2, holder.conn.commit).start()
    started = time.monotonic()
    with write_transaction(db):
        db.execute("insert into organisation (key, value) values ('writer', 'second')")
    assert time.monotonic() - started >= 0.15
    assert dict(db.execute("select key, value from organisation").fetchall()) == {"holder": "first", "writer": "second"}


def test_a_write_cannot_start_inside_another_transaction(tmp_path):
    db = init_db(str(tmp_path / "w.sqlite"))
    db.conn.execute("BEGIN")
    with pytest.raises(RuntimeError, match="inside another transaction"):
        with write_transaction(db):
            pass
