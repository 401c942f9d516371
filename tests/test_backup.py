"""`healthcheck backup FILE`: a consistent, restorable copy of the live database, taken
while submissions keep arriving."""

import datetime
import shutil
import sqlite3
import stat
import threading

import pytest

from healthcheck import create_app
from healthcheck.backup import BackupError, backup_database
from healthcheck.db import get_db, open_database


def insert_response(db, cycle_id) -> int:
    row_id = db["responses"].insert({"cycle_id": cycle_id, "submitted_on": datetime.date.today().isoformat()}).last_pk
    db.conn.commit()
    return row_id


class Submissions(threading.Thread):
    """Keeps storing responses, one committed transaction each, until told to stop."""

    def __init__(self, path, cycle_id):
        super().__init__(daemon=True)
        self.path, self.cycle_id = path, cycle_id
        self.committed: list[int] = []
        self.errors: list[Exception] = []
        self.stop = threading.Event()
        self.warmed_up = threading.Event()

    def run(self):
        db = open_database(self.path)
        try:
            while not self.stop.is_set():
                self.committed.append(insert_response(db, self.cycle_id))
                if len(self.committed) >= 200:
                    self.warmed_up.set()
        except Exception as error:  # reported by the test
            self.errors.append(error)
            self.warmed_up.set()
        finally:
            db.close()


def restored_app(backup_file, tmp_path):
    """A fresh app on a copy of the backup, as the README's restore steps make one."""
    restored = tmp_path / "restored" / "healthcheck.sqlite"
    restored.parent.mkdir()
    shutil.copy(backup_file, restored)
    return create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE": str(restored)})


def test_backup_while_responses_arrive_restores_every_committed_response(app, runner, make_cycle, tmp_path):
    cycle = make_cycle(status="open")
    source = app.config["DATABASE"]
    writer = Submissions(source, cycle["id"])
    writer.start()
    assert writer.warmed_up.wait(timeout=60)
    committed_before = list(writer.committed)

    # A submission is half-written (its transaction open) while the backup runs.
    in_flight = open_database(source)
    in_flight.execute("BEGIN IMMEDIATE")
    in_flight.execute("insert into responses (cycle_id, submitted_on) values (?, '2026-01-01')", [cycle["id"]])
    result = runner.invoke(args=["backup", str(tmp_path / "backup.sqlite")])
    in_flight.conn.commit()
    in_flight.close()

    while len(writer.committed) < len(committed_before) + 100 and not writer.errors:
        writer.stop.wait(0.01)  # submissions carry on after the backup
    writer.stop.set()
    writer.join()
    assert writer.errors == []
    assert result.exit_code == 0, result.output
    assert "Integrity check: ok" in result.output

    app2 = restored_app(tmp_path / "backup.sqlite", tmp_path)
    with app2.app_context():
        db = get_db()
        restored = [row[0] for row in db.execute("select id from responses order by id")]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("select count(*) from responses where submitted_on = '2026-01-01'").fetchone()[0] == 0
    assert set(committed_before) <= set(restored)
    # A snapshot: the responses it holds are exactly the first ones committed, no gaps.
    assert restored == list(range(1, len(restored) + 1))
    assert set(restored) <= set(writer.committed)
    assert app2.test_client().get("/healthz").get_json() == {"status": "ok", "database": "ok"}


def test_backup_holds_accounts_cycles_and_teams(app, runner, users, make_cycle, tmp_path):
    make_cycle(status="open")
    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")])
    assert result.exit_code == 0, result.output
    assert "3 accounts, 1 cycle, 2 teams, 0 responses, 0 comments" in result.output
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert copy.execute("select count(*) from users").fetchone()[0] == 3
    copy.close()
    assert not (tmp_path / "copy.sqlite-wal").exists()


def test_backup_file_is_readable_by_its_owner_only(app, runner, tmp_path):
    assert runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")]).exit_code == 0
    mode = (tmp_path / "copy.sqlite").stat().st_mode
    assert not mode & (stat.S_IRWXG | stat.S_IRWXO)


def test_backup_refuses_to_overwrite_without_force(app, runner, tmp_path):
    target = tmp_path / "existing.sqlite"
    target.write_text("last week's backup")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert target.read_text() == "last week's backup"
    forced = runner.invoke(args=["backup", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()


def test_backup_into_a_missing_folder_says_so(app, runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "nowhere" / "copy.sqlite")])
    assert result.exit_code == 1
    assert "There is no folder" in result.output and "nowhere" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_backup_never_replaces_the_live_database(app, tmp_path):
    with pytest.raises(BackupError, match="live database itself"):
        backup_database(app.config["DATABASE"], app.config["DATABASE"], force=True)


def test_backup_of_a_missing_database_says_so(tmp_path):
    with pytest.raises(BackupError, match="There is no database"):
        backup_database(str(tmp_path / "none.sqlite"), tmp_path / "copy.sqlite")
    assert list(tmp_path.iterdir()) == []
