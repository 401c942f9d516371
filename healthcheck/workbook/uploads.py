"""Uploaded action-plan workbooks waiting for the PSW to confirm their changes.

The file is kept in the database under a random token (never in the session cookie) from
the upload to the confirmation, and deleted when applied, discarded or a day old.
"""

import datetime
import secrets

KEEP_FOR = datetime.timedelta(days=1)


def store_upload(db, cycle: dict, content: bytes, filename: str, uploaded_by: str) -> str:
    now = datetime.datetime.now()
    token = secrets.token_urlsafe(24)
    with db.atomic():
        db.execute("delete from action_plan_uploads where uploaded_on < ?", [(now - KEEP_FOR).isoformat()])
        db["action_plan_uploads"].insert(
            {
                "token": token,
                "cycle_id": cycle["id"],
                "uploaded_by": uploaded_by,
                "uploaded_on": now.isoformat(timespec="seconds"),
                "filename": filename,
                "content": content,
            }
        )
    return token


def get_upload(db, cycle: dict, token: str) -> dict | None:
    """The waiting upload for this cycle, or None if it was applied, discarded or has expired."""
    cutoff = (datetime.datetime.now() - KEEP_FOR).isoformat()
    rows = list(
        db["action_plan_uploads"].rows_where(
            "token = ? and cycle_id = ? and uploaded_on >= ?", [token, cycle["id"], cutoff]
        )
    )
    return rows[0] if rows else None


def discard_upload(db, cycle: dict, token: str) -> bool:
    """Delete this cycle's waiting upload; an upload for another cycle stays. True if one went."""
    with db.atomic():
        cursor = db.execute("delete from action_plan_uploads where token = ? and cycle_id = ?", [token, cycle["id"]])
    return cursor.rowcount > 0
