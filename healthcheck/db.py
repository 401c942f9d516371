"""The SQLite database: one connection per request, foreign keys on, WAL (migrations.py brings
its tables up to date)."""

import contextlib
import gc
import sqlite3
import threading
import time
from collections import OrderedDict

import sqlite_utils
from flask import current_app, g

# Each server thread keeps its connections between requests: opening one and reading the
# schema costs more than most requests' own work. A kept connection is never inside a
# transaction between requests, so it always reads the latest committed data.
KEPT_PER_THREAD = 4
_kept = threading.local()


def open_database(path: str) -> sqlite_utils.Database:
    """A connection with foreign keys enforced and write-ahead logging on."""
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(_WAIT_FOR_WRITERS)
    if path != ":memory:" and not conn.in_transaction:
        # journal_mode cannot change inside a transaction.
        db.enable_wal()
    return db


# Writers in one server process queue here, where the next one starts the moment the last
# finishes; only one of them at a time waits on SQLite's own lock, which other processes share.
_writers = threading.RLock()
WRITE_WAIT_SECONDS = 30.0
_RETRY_SECONDS = 0.0005
_WAIT_FOR_WRITERS = f"PRAGMA busy_timeout = {int(WRITE_WAIT_SECONDS * 1000)}"


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database, wait_for_disk: bool = True):
    """One write transaction that takes the write lock first (BEGIN IMMEDIATE), so that
    concurrent writers queue rather than fail, and commits at the end (or rolls back).

    With wait_for_disk=False it commits without waiting for the disk (synchronous=NORMAL
    in write-ahead logging): it may be lost if the machine itself fails, never if the app
    stops, and the next ordinary commit makes it durable too. For writes made on every
    page of a journey, such as answers in progress."""
    conn = db.conn
    if conn.in_transaction:
        raise RuntimeError("a write transaction cannot start inside another transaction")
    with _writers:
        if not wait_for_disk:
            conn.execute("PRAGMA synchronous = NORMAL")
        try:
            _begin_immediate(conn)
            try:
                yield db
            except BaseException:
                conn.rollback()
                raise
            else:
                conn.commit()
        finally:
            if not wait_for_disk:
                conn.execute("PRAGMA synchronous = FULL")


def _begin_immediate(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, retrying every half millisecond while another process writes
    (SQLite's own wait sleeps for a millisecond or more at a time)."""
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(_RETRY_SECONDS)
    finally:
        conn.execute(_WAIT_FOR_WRITERS)


def rows(db: sqlite_utils.Database, sql: str, params=()) -> list[dict]:
    """The rows of a select as dicts, for lookups made on every survey request (sqlite-utils'
    query() reads each statement's first keyword first)."""
    cursor = db.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = _thread_connection(current_app.config["DATABASE"])
    return g.db


def close_db(exception=None) -> None:
    db = g.pop("db", None)
    if db is None:
        return
    try:
        if db.conn.in_transaction:
            db.conn.rollback()
    except sqlite3.Error:
        _forget(db)
        db.close()
        return
    if not _is_kept(db):
        db.close()


def _thread_connection(path: str) -> sqlite_utils.Database:
    if path == ":memory:" or not path:  # each such connection is a database of its own
        return open_database(path)
    kept = getattr(_kept, "connections", None)
    if kept is None:
        kept = _kept.connections = OrderedDict()
    db = kept.get(path)
    if db is None:
        db = kept[path] = open_database(path)
        while len(kept) > KEPT_PER_THREAD:
            kept.popitem(last=False)[1].close()
    kept.move_to_end(path)
    return db


def _is_kept(db) -> bool:
    return any(kept is db for kept in getattr(_kept, "connections", {}).values())


def _forget(db) -> None:
    kept = getattr(_kept, "connections", {})
    for path, connection in list(kept.items()):
        if connection is db:
            del kept[path]


def init_app(app) -> None:
    app.teardown_appcontext(close_db)


@contextlib.contextmanager
def no_cycle_collection():
    """Python's cycle collector left off while bulk work builds many small objects from or for
    the database (a file's answers on import, a release and its view): none is in a reference
    cycle, and each full collection would walk every object the process holds. Whatever they
    leave is freed as usual; the collector runs again after, if it was on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
