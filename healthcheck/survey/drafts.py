"""Survey answers in progress: start, save, resume with a code, and send exactly once.

A draft holds what the pages were given, exactly as typed, and the page the
practitioner reached. It is found through a random token in their session or a
resume code; the database keeps only keyed hashes of both. Drafts carry no time,
address or name, are never counted in results, and are deleted when the cycle closes.
"""

import json
from dataclasses import dataclass, field

from healthcheck import cycles
from healthcheck.db import rows, write_transaction
from healthcheck.survey import codes
from healthcheck.survey.answers import response_from_fields
from healthcheck.survey.store import store_response

FIRST_PAGE = "about-you"


class SurveyNotOpen(Exception):
    """The cycle is not taking answers (still a draft, or closed)."""


class AccessCodeAlreadyUsed(Exception):
    """The access code this draft started with has been used to send answers already."""


class InvitationAlreadyUsed(Exception):
    """The invitation this draft started from has been used to send answers already."""


@dataclass
class Draft:
    id: int
    cycle_id: int
    submitted: bool
    access_code_id: int | None
    fields: dict = field(default_factory=dict)
    page: str = FIRST_PAGE
    # Pages whose saved answers passed their checks when last sent, so check your answers
    # need not check them again (a page's answers change only when that page is sent).
    passed: list[str] = field(default_factory=list)
    # The invitation it started from (its team is fixed); forgotten when the answers are sent.
    invitation_id: int | None = None


def _from_row(row) -> Draft:
    data = json.loads(row["data"]) if row["data"] else {}
    return Draft(
        id=row["id"],
        cycle_id=row["cycle_id"],
        submitted=bool(row["submitted"]),
        access_code_id=row["access_code_id"],
        fields=data.get("fields", {}),
        page=data.get("page", FIRST_PAGE),
        passed=data.get("passed", []),
        invitation_id=row["invitation_id"],
    )


def _one(db, where: str, params: list) -> Draft | None:
    found = rows(db, f"select * from survey_drafts where {where} limit 1", params)
    return _from_row(found[0]) if found else None


def start(
    db,
    cycle: dict,
    secret: str,
    team_id: int | None = None,
    access_code_id: int | None = None,
    invitation_id: int | None = None,
) -> str:
    """Begin a draft for an open cycle; returns the token to keep in the session."""
    if cycle["status"] != "open":
        raise SurveyNotOpen(cycle["status"])
    token = codes.new_session_token()
    fields = {"team": str(team_id)} if team_id else {}
    with write_transaction(db, wait_for_disk=False):
        db.conn.execute(
            "insert into survey_drafts (cycle_id, session_hash, access_code_id, invitation_id, data, submitted) "
            "values (?, ?, ?, ?, ?, 0)",
            [
                cycle["id"],
                codes.keyed_hash(secret, "session", token),
                access_code_id,
                invitation_id,
                json.dumps({"fields": fields, "page": FIRST_PAGE}),
            ],
        )
    return token


def find(db, cycle: dict, secret: str, token: str | None) -> Draft | None:
    """The draft this session token opens in this cycle, sent or not; None if there is none."""
    if not token:
        return None
    return _one(db, "cycle_id = ? and session_hash = ?", [cycle["id"], codes.keyed_hash(secret, "session", token)])


def save(db, draft: Draft, fields: dict, page: str, checked: dict[str, bool] | None = None) -> Draft:
    """Keep the given fields (merged over earlier ones), the page reached and, in `checked`,
    whether the answers of the page they came from passed its checks."""
    if draft.submitted:
        return draft
    draft.fields = {**draft.fields, **fields}
    draft.page = page
    for name, passed in (checked or {}).items():
        draft.passed = [known for known in draft.passed if known != name] + ([name] if passed else [])
    data = {"fields": draft.fields, "page": draft.page, "passed": draft.passed}
    # Answers in progress are saved on every page, so they do not wait for the disk; sending
    # them (submit) does.
    with write_transaction(db, wait_for_disk=False):
        db.conn.execute("update survey_drafts set data = ? where id = ?", [json.dumps(data), draft.id])
    return draft


def new_resume_code(db, draft: Draft, secret: str) -> str:
    """A new resume code for the draft; any earlier code stops working."""
    code = codes.new_code()
    db["survey_drafts"].update(draft.id, {"resume_hash": codes.keyed_hash(secret, "resume", code)})
    return code


def resume(db, cycle: dict, secret: str, code: str) -> tuple[str, Draft] | None:
    """Open the draft a resume code belongs to, in a new session.

    Returns (new session token, draft), or None when no unsent draft of this cycle has
    the code. The old session token stops working, so a shared computer left signed
    into a draft cannot follow the practitioner.
    """
    normalised = codes.normalise(code)
    if normalised is None:
        return None
    draft = _one(
        db,
        "cycle_id = ? and resume_hash = ? and submitted = 0",
        [cycle["id"], codes.keyed_hash(secret, "resume", normalised)],
    )
    if draft is None:
        return None
    token = codes.new_session_token()
    db["survey_drafts"].update(draft.id, {"session_hash": codes.keyed_hash(secret, "session", token)})
    return token, draft


def submit(db, cycle: dict, bank, secret: str, token: str) -> bool:
    """Store the draft's answers as one response, once.

    Returns True when this call stored it and False when it had been sent already
    (a double click or a refresh). In one write transaction the draft is emptied and
    marked sent, its access code (if any) is marked used, and the response is stored
    through store_response; nothing in the response points back to the draft or code.
    """
    with write_transaction(db):
        current = cycles.get_cycle(db, cycle["slug"])
        if current is None or current["status"] != "open":
            raise SurveyNotOpen(current["status"] if current else "missing")
        draft = find(db, current, secret, token)
        if draft is None:
            raise LookupError("There is no draft for this session")
        if draft.submitted:
            return False
        if draft.access_code_id is not None:
            claimed = db.execute(
                "update access_codes set used = 1 where id = ? and used = 0", [draft.access_code_id]
            ).rowcount
            if claimed != 1:
                raise AccessCodeAlreadyUsed()
        fields = draft.fields
        if draft.invitation_id is not None:
            # The invitation's team is the response's team, whatever the pages were sent.
            invitation = db.execute(
                "select team_id from invitations where id = ? and used = 0", [draft.invitation_id]
            ).fetchone()
            if invitation is None:
                raise InvitationAlreadyUsed()
            db.execute("update invitations set used = 1 where id = ?", [draft.invitation_id])
            fields = {**fields, "team": str(invitation[0])}
        db.execute(
            "update survey_drafts set submitted = 1, data = null, resume_hash = null, "
            "access_code_id = null, invitation_id = null where id = ?",
            [draft.id],
        )
        team_ids = {team["id"] for team in cycles.teams_for(db, current["id"])}
        store_response(db, current, bank, response_from_fields(bank, fields, team_ids))
    return True


def delete_after_retention(db, cycle: dict, dry_run: bool) -> dict:
    """Retention step: any draft a closed cycle still holds goes with its comments.

    Closing deletes a cycle's drafts, but one started in the moment the cycle closed, or
    kept by a cycle closed before that rule existed, could outlive it; this catches them.
    """
    count = db["survey_drafts"].count_where("cycle_id = ?", [cycle["id"]])
    if not dry_run:
        cycles.delete_drafts(db, cycle)
    return {"survey drafts": count}


def count_unsent(db, cycle: dict) -> int:
    return db.execute(
        "select count(*) from survey_drafts where cycle_id = ? and submitted = 0", [cycle["id"]]
    ).fetchone()[0]
