"""Health check cycles and the teams in scope: plain functions over the database."""

import datetime
import json
import re

from healthcheck import lookalikes, questions
from healthcheck.db import rows
from healthcheck.formatting import long_date
from healthcheck.problems import Problem
from healthcheck.questions import cycle_bank as cycle_bank  # read where cycles are
from healthcheck.settings import MINIMUM_REPORTING_THRESHOLD

STATUSES = ("draft", "open", "closed")
# A closed cycle whose results are released has released_on set: it stays "closed" (the
# survey takes no answers) and from then on its results and responses are fixed.
STAGES = ("draft", "open", "closed", "released")
# Comments are labelled with a group only when it has at least this many respondents.
DEFAULT_COMMENT_THRESHOLD = 10
SERVICE_AREAS = ("Adults", "Children", "All-age disability", "Mental health", "Other")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Practitioners' comments are deleted this many months after the cycle closes.
DEFAULT_COMMENT_RETENTION_MONTHS = 24
COMMENT_RETENTION_RANGE = (1, 120)
# Names are shown in headings, tables, posters and exports: long enough for any real name.
NAME_LIMIT = 100


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")


def _date(field: str, value, label: str) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise Problem(f"{label} must be a real date, like 2026-03-31, not {value!r}", field) from None


def _check_cycle(db, values: dict, cycle_id: int | None = None) -> dict:
    name = (values.get("name") or "").strip()
    if not name:
        raise Problem("Enter a name for the cycle", "name")
    if len(name) > NAME_LIMIT:
        raise Problem(f"The cycle name must be {NAME_LIMIT} characters or fewer", "name")
    slug = (values.get("slug") or "").strip() or slugify(name)
    if not SLUG_PATTERN.match(slug):
        raise Problem(
            "The web address name can only use lower-case letters, numbers and single hyphens, like health-check-2026",
            "slug",
        )
    clash = db.execute("select id from cycles where slug = ?", [slug]).fetchone()
    if clash and clash[0] != cycle_id:
        raise Problem(f"There is already a cycle with the web address name {slug}", "slug")
    capture = _date("capture_date", values.get("capture_date"), "Capture date")
    opens = _date("opens_on", values.get("opens_on"), "Opening date")
    closes = _date("closes_on", values.get("closes_on"), "Closing date")
    if closes < opens:
        raise Problem("Closing date must be on or after the opening date", "closes_on")
    try:
        threshold = int(values.get("reporting_threshold"))
    except (TypeError, ValueError):
        raise Problem("Reporting threshold must be a whole number, like 5", "reporting_threshold") from None
    if threshold < MINIMUM_REPORTING_THRESHOLD:
        raise Problem(f"Reporting threshold must be {MINIMUM_REPORTING_THRESHOLD} or more", "reporting_threshold")
    return {
        "name": name,
        "slug": slug,
        "capture_date": capture,
        "opens_on": opens,
        "closes_on": closes,
        "reporting_threshold": threshold,
        "comment_threshold": _comment_threshold(values.get("comment_threshold"), threshold),
        "comment_retention_months": _retention_months(values.get("comment_retention_months")),
    }


def _comment_threshold(value, reporting_threshold: int) -> int:
    """The cycle's comment threshold: 10 unless set, and never below the reporting threshold."""
    if value is None or str(value).strip() == "":
        return max(DEFAULT_COMMENT_THRESHOLD, reporting_threshold)
    try:
        threshold = int(str(value).strip())
    except ValueError:
        raise Problem("Comment threshold must be a whole number, like 10", "comment_threshold") from None
    if threshold < reporting_threshold:
        raise Problem(
            f"Comment threshold must be at least the reporting threshold ({reporting_threshold}), "
            "so a comment never names a group too small to show",
            "comment_threshold",
        )
    return threshold


def _retention_months(value) -> int:
    if value is None or str(value).strip() == "":
        return DEFAULT_COMMENT_RETENTION_MONTHS
    low, high = COMMENT_RETENTION_RANGE
    message = f"Keep comments for between {low} and {high} months"
    try:
        months = int(str(value).strip())
    except ValueError:
        raise Problem(message + ", like 24", "comment_retention_months") from None
    if not low <= months <= high:
        raise Problem(message, "comment_retention_months")
    return months


def create_cycle(db, values: dict) -> dict:
    row = _check_cycle(db, values)
    row["status"] = "draft"
    row["created_on"] = datetime.date.today().isoformat()
    db["cycles"].insert(row)
    return get_cycle(db, row["slug"])


def update_cycle(db, cycle: dict, values: dict) -> dict:
    row = _check_cycle(db, values, cycle["id"])
    if cycle["status"] != "draft" and row["reporting_threshold"] < cycle["reporting_threshold"]:
        raise Problem("The reporting threshold cannot be lowered once the survey has opened", "reporting_threshold")
    if is_released(cycle):
        for field, label in (("reporting_threshold", "reporting"), ("comment_threshold", "comment")):
            if row[field] != cycle[field]:
                raise Problem(f"The {label} threshold cannot change once the results are released", field)
    db["cycles"].update(cycle["id"], row)
    return get_cycle(db, row["slug"])


def get_cycle(db, slug: str) -> dict | None:
    return _first(db, "select * from cycles where slug = ?", [slug])


def _first(db, sql: str, params: list) -> dict | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def list_cycles(db) -> list[dict]:
    return list(db["cycles"].rows_where(order_by="opens_on desc, id desc"))


def open_cycle(db, cycle: dict, bank_dir=None) -> dict:
    """Open the survey, freezing a copy of the question bank into the cycle."""
    if cycle["status"] != "draft":
        raise Problem(f"Only a draft cycle can be opened; this one is {cycle['status']}", "status")
    if not teams_for(db, cycle["id"]):
        raise Problem("Add at least one team before opening the cycle", "status")
    directory = bank_dir or questions.default_bank_dir()
    files = questions.read_bank_files(directory)
    bank = questions.build_bank(files)  # refuse to freeze a broken bank
    db["cycles"].update(
        cycle["id"],
        {"status": "open", "bank_json": json.dumps(files), "bank_version": bank.version},
    )
    return get_cycle(db, cycle["slug"])


def close_cycle(db, cycle: dict) -> dict:
    if cycle["status"] != "open":
        raise Problem(f"Only an open cycle can be closed; this one is {cycle['status']}", "status")
    # Deleted rows are overwritten with zeros, not only marked free, so no address is left
    # in the database file's free space.
    db.execute("PRAGMA secure_delete = ON")
    with db.atomic():
        db["cycles"].update(cycle["id"], {"status": "closed", "closed_on": datetime.date.today().isoformat()})
        delete_drafts(db, cycle)
        delete_invitation_addresses(db, cycle)
    # The write-ahead log still holds earlier copies of those pages: copy the overwritten ones
    # into the file and empty the log (a reader still busy finishes this at the next checkpoint).
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return get_cycle(db, cycle["slug"])


def delete_drafts(db, cycle: dict) -> None:
    """A closed cycle keeps no unfinished answers (and no sent markers)."""
    db.execute("delete from survey_drafts where cycle_id = ?", [cycle["id"]])


def delete_invitation_addresses(db, cycle: dict) -> None:
    """A closed cycle keeps no email address and no working invitation link, only the counts
    (how many were invited and answered). A staff list waiting to be confirmed goes too."""
    db.execute("delete from invitation_addresses where cycle_id = ?", [cycle["id"]])
    db.execute("delete from invitation_links where cycle_id = ?", [cycle["id"]])
    db.execute("delete from waiting_uploads where cycle_id = ? and kind = 'invitations'", [cycle["id"]])


def reopen_cycle(db, cycle: dict) -> dict:
    """Take answers again: a closed cycle can reopen until its results are released."""
    if is_released(cycle):
        raise Problem(f"The results of {cycle['name']} have been released, so the survey cannot reopen", "status")
    if cycle["status"] != "closed":
        raise Problem(f"Only a closed cycle can be reopened; this one is {cycle['status']}", "status")
    db["cycles"].update(cycle["id"], {"status": "open", "closed_on": None})
    return get_cycle(db, cycle["slug"])


def is_released(cycle: dict) -> bool:
    """Whether the cycle's results are released (and its responses therefore fixed)."""
    return bool(cycle.get("released_on"))


def stage(cycle: dict) -> str:
    """draft, open, closed or released: where the cycle is in its life."""
    return "released" if is_released(cycle) else cycle["status"]


def check_responses_may_change(db, cycle: dict) -> None:
    """Refuse (Problem) when the cycle's results are released: its responses are fixed."""
    row = db.execute("select released_on from cycles where id = ?", [cycle["id"]]).fetchone()
    if row and row[0]:
        raise Problem(
            f"The results of {cycle['name']} were released on {long_date(row[0])}, so its responses can no longer "
            "change: no answer can be added or imported",
            "status",
        )


def _check_team(db, cycle_id: int, values: dict, team_id: int | None = None) -> dict:
    name = lookalikes.normalised(values.get("name") or "")
    if not name:
        raise Problem("Enter the team name", "name")
    if len(name) > NAME_LIMIT:
        raise Problem(f"The team name must be {NAME_LIMIT} characters or fewer", "name")
    slug = slugify(values.get("slug") or name)
    if not slug:
        raise Problem("The team name must contain letters or numbers", "name")
    for column, value, label in (("name", name, "name"), ("slug", slug, "web address name")):
        clash = db.execute(f"select id from teams where cycle_id = ? and {column} = ?", [cycle_id, value]).fetchone()
        if clash and clash[0] != team_id:
            raise Problem(f"There is already a team with the {label} {value} in this cycle", "name")
    others = db.execute("select id, name from teams where cycle_id = ?", [cycle_id]).fetchall()
    for other_id, other_name in others:
        if other_id != team_id and lookalikes.skeleton(other_name) == lookalikes.skeleton(name):
            raise Problem(
                f"The team name {name} looks the same as the team {other_name} in this cycle "
                "(some letters look alike, such as a Cyrillic or Greek letter for a Latin one). "
                "Give the team a name that reads differently",
                "name",
            )
    service = (values.get("service_area") or "").strip()
    if not service:
        raise Problem("Enter the service area, like Adults or Children", "service_area")
    if len(service) > NAME_LIMIT:
        raise Problem(f"The service area must be {NAME_LIMIT} characters or fewer", "service_area")
    raw = values.get("headcount")
    try:
        headcount = int(str(raw).strip())
    except (TypeError, ValueError):
        raise Problem("Eligible headcount must be a whole number, like 12", "headcount") from None
    if headcount < 0 or headcount > 100000:
        raise Problem("Eligible headcount must be between 0 and 100,000", "headcount")
    return {"name": name, "slug": slug, "service_area": service, "headcount": headcount}


def add_team(db, cycle: dict, values: dict) -> dict:
    row = _check_team(db, cycle["id"], values)
    row["cycle_id"] = cycle["id"]
    team_id = db["teams"].insert(row).last_pk
    return get_team(db, team_id)


def update_team(db, team: dict, values: dict) -> dict:
    row = _check_team(db, team["cycle_id"], values, team["id"])
    db["teams"].update(team["id"], row)
    return get_team(db, team["id"])


def delete_team(db, team: dict) -> None:
    db["teams"].delete(team["id"])


def get_team(db, team_id: int) -> dict | None:
    return _first(db, "select * from teams where id = ?", [team_id])


def find_team(db, cycle_id: int, slug: str) -> dict | None:
    return _first(db, "select * from teams where cycle_id = ? and slug = ?", [cycle_id, slug])


def teams_for(db, cycle_id: int) -> list[dict]:
    return rows(db, "select * from teams where cycle_id = ? order by service_area, name", [cycle_id])


def organisation_name(db, default: str = "") -> str:
    row = db.execute("select value from organisation where key = 'name'").fetchone()
    return row[0] if row else default


def set_organisation_name(db, name: str) -> None:
    db["organisation"].upsert({"key": "name", "value": name.strip()}, pk="key")
