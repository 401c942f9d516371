"""Uploaded files kept between the preview and the confirmation, in the instance folder.

Nothing goes into the database until the person confirms, so a file that is checked
and then abandoned changes nothing; old files are swept away after a day.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

KEEP_SECONDS = 24 * 60 * 60
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def keep(folder: Path, data: bytes) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / token).write_bytes(data)
    return token


def load(folder: Path, token: str | None) -> bytes | None:
    if not token or not TOKEN.match(token):
        return None
    path = folder / token
    return path.read_bytes() if path.is_file() else None


def discard(folder: Path, token: str | None) -> None:
    if token and TOKEN.match(token):
        (folder / token).unlink(missing_ok=True)


def sweep(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
