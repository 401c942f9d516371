"""Uploads waiting for the person who uploaded them to check the preview and confirm.

Nothing from the file is applied until they confirm, so a file that is checked and then
abandoned changes nothing. The file waits in the database under a random token (never in
the session cookie), belongs to one cycle and one kind of import, and is deleted when
applied or discarded; one more than a day old can no longer be confirmed and is deleted
at the next upload.
"""

import datetime
import secrets

KEEP_FOR = datetime.timedelta(days=1)
ACTION_PLAN = "action plan"
WORKFORCE = "workforce"
SURVEY_ANSWERS = "survey answers"
ANSWERS_MAPPING = "survey answers mapping"
TEAMS = "teams"


def keep(db, cycle: dict, kind: str, content: bytes, filename: str, uploaded_by: str) -> str:
    """Keep the upload until it is confirmed or discarded; returns its token."""
    now = datetime.datetime.now()
    token = secrets.token_urlsafe(24)
    with db.atomic():
        db.execute("delete from waiting_uploads where uploaded_on < ?", [(now - KEEP_FOR).isoformat()])
        db["waiting_uploads"].insert(
            {
                "token": token,
                "kind": kind,
                "cycle_id": cycle["id"],
                "uploaded_by": uploaded_by,
                "uploaded_on": now.isoformat(timespec="seconds"),
                "filename": filename,
                "content": content,
            }
        )
    return token


def waiting(db, cycle: dict, kind: str, token: str | None) -> dict | None:
    """The upload of this kind waiting for this cycle, or None if it was applied, discarded or has expired."""
    if not token:
        return None
    cutoff = (datetime.datetime.now() - KEEP_FOR).isoformat()
    rows = list(
        db["waiting_uploads"].rows_where(
            "token = ? and kind = ? and cycle_id = ? and uploaded_on >= ?", [token, kind, cycle["id"], cutoff]
        )
    )
    return rows[0] if rows else None


def discard(db, cycle: dict, token: str | None) -> None:
    """Delete the upload, if it is one waiting for this cycle."""
    if token:
        with db.atomic():
            db.execute("delete from waiting_uploads where token = ? and cycle_id = ?", [token, cycle["id"]])
