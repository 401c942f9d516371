"""`healthcheck backup FILE`: a consistent copy of the live database, taken with SQLite's
online backup API while the server goes on taking submissions."""

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

# Counted in the summary so whoever runs the backup can see it holds what they expect.
SUMMARY_TABLES = {
    "users": "account",
    "cycles": "cycle",
    "teams": "team",
    "responses": "response",
    "comments": "comment",
}


class BackupError(ValueError):
    """A backup that cannot be made; nothing has been written."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    counts: dict
    integrity: str


def backup_database(source: str, target: Path, force: bool = False) -> BackupSummary:
    """Copy the database at `source` to `target` in one read transaction.

    With write-ahead logging, readers never block writers, so the copy is a snapshot of
    every transaction committed before it started while new submissions carry on. The
    copy is written beside the target and renamed into place only once it has passed
    SQLite's integrity check, so a failed backup never leaves a half-written file.
    """
    target = Path(target)
    if not Path(source).is_file():
        raise BackupError(f"There is no database at {source} to back up.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent} to put the backup in.")
    if target.exists():
        if target.resolve() == Path(source).resolve():
            raise BackupError(f"{target} is the live database itself. Choose another file name.")
        if not force:
            raise BackupError(f"{target} already exists. Choose a new file name, or add --force to replace it.")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    # The copy holds password hashes and comments: readable by its owner only.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        summary = _copy(source, partial)
        if summary.integrity != "ok":
            raise BackupError(f"The copy failed SQLite's integrity check: {summary.integrity}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(path=target, counts=summary.counts, integrity=summary.integrity)


def _copy(source: str, destination: Path) -> BackupSummary:
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(destination)
    try:
        live.execute("PRAGMA busy_timeout = 30000")
        live.backup(copy)  # all pages in one step: one consistent snapshot
        # A self-contained file, with no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode = DELETE")
        integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in copy.execute("select name from sqlite_master where type = 'table'")}
        counts = {
            table: copy.execute(f"select count(*) from [{table}]").fetchone()[0]
            for table in SUMMARY_TABLES
            if table in tables
        }
        copy.commit()
    finally:
        copy.close()
        live.close()
    with open(destination, "rb") as handle:
        os.fsync(handle.fileno())
    return BackupSummary(path=destination, counts=counts, integrity=integrity)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@with_appcontext
def backup_command(file, force):
    """Copy the live database to FILE, safely, while the server is running."""
    try:
        summary = backup_database(current_app.config["DATABASE"], file, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    counts = ", ".join(
        f"{count} {SUMMARY_TABLES[table]}{'' if count == 1 else 's'}" for table, count in summary.counts.items()
    )
    click.echo(
        f"Backed up {current_app.config['DATABASE']} to {summary.path} ({counts}). "
        f"Integrity check: {summary.integrity}."
    )
