"""The action plan: actions that answer a standard (and optionally a step), with dated
progress notes, who last changed them, and carry-over of unfinished actions to the next
cycle. Plain functions over the database; no Flask."""

from __future__ import annotations

import datetime
import re

from healthcheck import cycles
from healthcheck.problems import Problem

STATUSES = ("Not started", "In progress", "Complete", "Cancelled")
# An action with one of these statuses is finished: never overdue, never carried over.
FINISHED = ("Complete", "Cancelled")
PROGRESS = ("On track", "At risk", "Off track")
# The fields a person edits, in the order they are shown and exported.
FIELDS = ("standard", "step", "finding", "action", "owner", "lead", "target_date", "status", "progress")
LABELS = {
    "standard": "Standard",
    "step": "Step",
    "finding": "Finding",
    "action": "Action",
    "owner": "Owner",
    "lead": "Lead",
    "target_date": "Target date",
    "status": "Status",
    "progress": "Progress",
}
TEXT_LIMITS = {"finding": 4000, "action": 4000, "owner": 200, "lead": 200}
NOTE_LIMIT = 4000
REFERENCE = re.compile(r"^A-(\d{3,})$")


def now_stamp() -> str:
    """When a person changed something, to the minute (staff edits, never survey responses)."""
    return datetime.datetime.now().isoformat(sep=" ", timespec="minutes")


def _text(values: dict, field: str, required: bool, missing: str) -> str:
    text = str(values.get(field) or "").strip()
    if required and not text:
        raise Problem(missing, field)
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        raise Problem(f"{LABELS[field]} must be {limit:,} characters or fewer", field)
    return text


def _whole_number(value, field: str, message: str) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise Problem(message, field) from None


def _target_date(value) -> str:
    if value in (None, ""):
        raise Problem("Enter the target date", "target_date")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise Problem("Target date must be a real date", "target_date") from None


def check_action(bank, values: dict) -> dict:
    """The action's fields checked against the cycle's question bank; raise Problem at the first problem."""
    numbers = [standard.number for standard in bank.standards]
    standard = _whole_number(values.get("standard"), "standard", "Choose the standard the action answers")
    if standard is None or standard not in numbers:
        raise Problem("Choose the standard the action answers", "standard")
    step = _whole_number(values.get("step"), "step", "The step must be a step number, like 8")
    if step is not None:
        try:
            step_standard = bank.step(step).standard
        except KeyError:
            raise Problem(f"There is no step {step}; steps are numbered 1 to {len(bank.steps)}", "step") from None
        if step_standard != standard:
            raise Problem(f"Step {step} belongs to standard {step_standard}, not standard {standard}", "step")
    status = str(values.get("status") or "").strip()
    if status not in STATUSES:
        raise Problem(f"Status must be one of: {', '.join(STATUSES)}", "status")
    progress = str(values.get("progress") or "").strip()
    if progress not in PROGRESS:
        raise Problem(f"Progress must be one of: {', '.join(PROGRESS)}", "progress")
    return {
        "standard": standard,
        "step": step,
        "finding": _text(values, "finding", False, ""),
        "action": _text(values, "action", True, "Enter the action"),
        "owner": _text(values, "owner", True, "Enter the owner, a name or a role"),
        "lead": _text(values, "lead", False, ""),
        "target_date": _target_date(values.get("target_date")),
        "status": status,
        "progress": progress,
    }


def group_choices(db, cycle_id: int) -> list[tuple[str, str]]:
    """[(value, label)] of what an action can be for: the cycle's service areas, then its
    teams. Values are "area:<name>" and "team:<id>"; "" (the whole organisation) is not listed."""
    teams = list(db.query("select id, name, service_area from teams where cycle_id = ? order by name", [cycle_id]))
    areas = sorted({team["service_area"] for team in teams if team["service_area"]})
    return [(f"area:{area}", f"{area} (service area)") for area in areas] + [
        (f"team:{team['id']}", team["name"]) for team in teams
    ]


def check_group(db, cycle_id: int, value) -> dict:
    """{"team_id", "service_area"} for a group_choices value ("" or None: the whole organisation)."""
    value = str(value or "").strip()
    if not value:
        return {"team_id": None, "service_area": None}
    if value not in dict(group_choices(db, cycle_id)):
        raise Problem("Choose a team or service area of this cycle, or the whole organisation", "for_group")
    kind, _, name = value.partition(":")
    return {"team_id": int(name), "service_area": None} if kind == "team" else {"team_id": None, "service_area": name}


def group_value(action: dict) -> str:
    """The group_choices value of an action's team or service area ("" for the whole organisation)."""
    if action.get("team_id"):
        return f"team:{action['team_id']}"
    return f"area:{action['service_area']}" if action.get("service_area") else ""


def group_label(db, action: dict) -> str | None:
    """The team or service area an action is for, in words; None for the whole organisation."""
    return dict(group_choices(db, action["cycle_id"])).get(group_value(action))


def check_note(text) -> str:
    text = str(text or "").strip()
    if not text:
        raise Problem("Enter the progress note", "text")
    if len(text) > NOTE_LIMIT:
        raise Problem(f"The progress note must be {NOTE_LIMIT:,} characters or fewer", "text")
    return text


def next_reference(db, cycle_id: int) -> str:
    numbers = [
        int(match.group(1))
        for (reference,) in db.execute("select reference from actions where cycle_id = ?", [cycle_id])
        if (match := REFERENCE.match(reference))
    ]
    return f"A-{max(numbers, default=0) + 1:03d}"


def create_action(db, cycle: dict, values: dict, author: str, bank=None, note: str | None = None) -> dict:
    """Add an action to the cycle's plan with the next reference (A-001, A-002 ...)."""
    row = check_action(bank or cycles.cycle_bank(cycle), values)
    row.update(check_group(db, cycle["id"], values.get("for_group")))
    note = check_note(note) if note else None
    with db.atomic():
        row.update(
            cycle_id=cycle["id"],
            reference=next_reference(db, cycle["id"]),
            updated_by=author,
            updated_on=now_stamp(),
            carried_from=None,
        )
        action_id = db["actions"].insert(row).last_pk
        if note:
            _insert_note(db, action_id, note, author)
    return get_action(db, action_id)


def update_action(db, action: dict, values: dict, author: str, bank=None) -> dict:
    """Save changed fields; who changed it and when is recorded only if something changed."""
    if bank is None:
        bank = cycles.cycle_bank(_cycle_of(db, action))
    row = check_action(bank, values)
    if "for_group" in values:  # left as it is when not given (a workbook without the column)
        row.update(check_group(db, action["cycle_id"], values["for_group"]))
    if any(row[field] != action[field] for field in row):
        row.update(updated_by=author, updated_on=now_stamp())
        db["actions"].update(action["id"], row)
    return get_action(db, action["id"])


def add_note(db, action: dict, text: str, author: str, noted_on: datetime.date | None = None) -> dict:
    """A dated progress note; the action counts as changed by its author."""
    text = check_note(text)
    with db.atomic():
        note_id = _insert_note(db, action["id"], text, author, noted_on)
        db["actions"].update(action["id"], {"updated_by": author, "updated_on": now_stamp()})
    return db["action_notes"].get(note_id)


def _insert_note(db, action_id: int, text: str, author: str, noted_on=None) -> int:
    noted_on = (noted_on or datetime.date.today()).isoformat()
    return (
        db["action_notes"]
        .insert({"action_id": action_id, "noted_on": noted_on, "text": text, "author": author})
        .last_pk
    )


def _cycle_of(db, action: dict) -> dict:
    return db["cycles"].get(action["cycle_id"])


def get_action(db, action_id: int) -> dict | None:
    rows = list(db["actions"].rows_where("id = ?", [action_id]))
    return rows[0] if rows else None


def find_action(db, cycle_id: int, reference: str) -> dict | None:
    rows = list(db["actions"].rows_where("cycle_id = ? and reference = ?", [cycle_id, reference]))
    return rows[0] if rows else None


def notes_for(db, action_id: int) -> list[dict]:
    """Newest first."""
    return list(db["action_notes"].rows_where("action_id = ?", [action_id], order_by="noted_on desc, id desc"))


def is_overdue(action: dict, today: datetime.date | None = None) -> bool:
    """Target date passed and not finished: always worked out, never stored."""
    today = today or datetime.date.today()
    return (
        bool(action["target_date"]) and action["target_date"] < today.isoformat() and action["status"] not in FINISHED
    )


def list_actions(
    db,
    cycle_id: int,
    standard: int | None = None,
    status: str | None = None,
    overdue: bool = False,
    today: datetime.date | None = None,
) -> list[dict]:
    """The cycle's actions by reference, each with `overdue`, `latest_note` (text or None)
    and `for_group` (the team or service area it is for, in words, or None)."""
    where, params = ["cycle_id = ?"], [cycle_id]
    if standard is not None:
        where.append("standard = ?")
        params.append(standard)
    if status:
        where.append("status = ?")
        params.append(status)
    rows = db.query(
        f"""
        select actions.*, (
            select text from action_notes where action_id = actions.id
            order by noted_on desc, id desc limit 1
        ) as latest_note
        from actions where {" and ".join(where)}
        order by length(reference), reference
        """,
        params,
    )
    listed = []
    labels = dict(group_choices(db, cycle_id))
    for row in rows:
        row["for_group"] = labels.get(group_value(row))
        row["overdue"] = is_overdue(row, today)
        if row["overdue"] or not overdue:
            listed.append(row)
    return listed


def carried_from(db, action: dict) -> dict | None:
    """The action (and its cycle) this one was carried over from, if any."""
    if not action.get("carried_from"):
        return None
    rows = list(
        db.query(
            "select actions.reference, cycles.slug as cycle_slug, cycles.name as cycle_name "
            "from actions join cycles on cycles.id = actions.cycle_id where actions.id = ?",
            [action["carried_from"]],
        )
    )
    return rows[0] if rows else None


def carry_over_candidates(db, source: dict, target: dict) -> list[dict]:
    """Unfinished actions of `source` not yet carried into `target`."""
    return list(
        db.query(
            """
            select * from actions
            where cycle_id = :source and status not in (:complete, :cancelled)
              and id not in (select carried_from from actions where cycle_id = :target and carried_from is not null)
            order by length(reference), reference
            """,
            {"source": source["id"], "target": target["id"], "complete": FINISHED[0], "cancelled": FINISHED[1]},
        )
    )


def carry_over(db, source: dict, target: dict, author: str, today: datetime.date | None = None) -> list[dict]:
    """Copy the unfinished actions of `source` into `target` with their notes; return the new actions.

    Each copy gets the next reference in the target cycle, points back at the original,
    keeps every note with its original date and author, and gains a note saying where it
    came from. Running it again carries nothing twice.
    """
    if source["id"] == target["id"]:
        raise Problem("Choose a different cycle to carry actions over from", "source")
    carried = []
    with db.atomic():
        for original in carry_over_candidates(db, source, target):
            row = {field: original[field] for field in FIELDS}
            # teams belong to one cycle: the same team (by its web address name) in the next
            row.update(team_id=_same_team(db, original["team_id"], target["id"]), service_area=original["service_area"])
            row.update(
                cycle_id=target["id"],
                reference=next_reference(db, target["id"]),
                updated_by=author,
                updated_on=now_stamp(),
                carried_from=original["id"],
            )
            action_id = db["actions"].insert(row).last_pk
            history = list(
                db.query(
                    "select noted_on, text, author from action_notes where action_id = ? order by noted_on, id",
                    [original["id"]],
                )
            )
            db["action_notes"].insert_all({**note, "action_id": action_id} for note in history)
            _insert_note(
                db,
                action_id,
                f"Carried over from {source['name']} (action {original['reference']}), not finished.",
                author,
                today,
            )
            carried.append(get_action(db, action_id))
    return carried


def _same_team(db, team_id: int | None, cycle_id: int) -> int | None:
    if team_id is None:
        return None
    row = db.execute(
        "select t.id from teams t join teams o on o.slug = t.slug where o.id = ? and t.cycle_id = ?",
        [team_id, cycle_id],
    ).fetchone()
    return row[0] if row else None
