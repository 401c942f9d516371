"""The rate limiter's counts in SQLite, so every worker of `healthcheck serve` counts
against the same limit (counted in each process's memory, five workers let five times
as many attempts through).

A limit's key already names the client only by a keyed hash; each key is hashed once more
before it is stored, and a count is forgotten when its window has passed. The table holds
nothing else: no address, no time of any one attempt."""

import hashlib
import os
import sqlite3
import threading
import time

from limits.storage import Storage

SCHEME = "sqlite"
TABLE = "rate_limit_counts"


def uri_for(database: str) -> str:
    """The store's address for the app's own database file."""
    return f"{SCHEME}:///{database}"


class SQLiteStorage(Storage):
    """Fixed-window counters (the limiter's default strategy) in one table, each counter
    incremented by a single statement, so concurrent workers never lose a count."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.removeprefix(f"{SCHEME}:///")
        self._local = threading.local()

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        # One per process and thread: a connection must not cross the fork into a worker.
        owner = (os.getpid(), threading.get_ident())
        if getattr(self._local, "owner", None) != owner:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute(
                f"create table if not exists {TABLE} "
                "(key text primary key, count integer not null, expires_at real not null)"
            )
            self._local.conn, self._local.owner = conn, owner
        return self._local.conn

    @staticmethod
    def _stored(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        conn = self._connection()
        (count,) = conn.execute(
            f"insert into {TABLE} (key, count, expires_at) values (:key, :amount, :now + :expiry) "
            "on conflict (key) do update set "
            "count = case when expires_at <= :now then :amount else count + :amount end, "
            "expires_at = case when expires_at <= :now then :now + :expiry else expires_at end "
            "returning count",
            {"key": self._stored(key), "amount": amount, "now": now, "expiry": expiry},
        ).fetchone()
        # Forget windows that have passed (the key is the only index; the table stays small).
        conn.execute(f"delete from {TABLE} where expires_at <= ?", [now])
        return count

    def get(self, key: str) -> int:
        row = (
            self._connection()
            .execute(f"select count from {TABLE} where key = ? and expires_at > ?", [self._stored(key), time.time()])
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = (
            self._connection()
            .execute(f"select expires_at from {TABLE} where key = ? and expires_at > ?", [self._stored(key), now])
            .fetchone()
        )
        return row[0] if row else now

    def check(self) -> bool:
        try:
            self._connection().execute("select 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._connection().execute(f"delete from {TABLE}").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute(f"delete from {TABLE} where key = ?", [self._stored(key)])
