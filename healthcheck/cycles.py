"""Health check cycles and the teams in scope: plain functions over the database."""

import datetime
import functools
import json
import re

from healthcheck import questions
from healthcheck.db import rows
from healthcheck.formatting import long_date
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


class CycleError(ValueError):
    """Bad input for a cycle or team, naming the field it concerns."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")


def _date(field: str, value, label: str) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise CycleError(field, f"{label} must be a real date, like 2026-03-31, not {value!r}") from None


def _check_cycle(db, values: dict, cycle_id: int | None = None) -> dict:
    name = (values.get("name") or "").strip()
    if not name:
        raise CycleError("name", "Enter a name for the cycle")
    if len(name) > NAME_LIMIT:
        raise CycleError("name", f"The cycle name must be {NAME_LIMIT} characters or fewer")
    slug = (values.get("slug") or "").strip() or slugify(name)
    if not SLUG_PATTERN.match(slug):
        raise CycleError(
            "slug",
            "The web address name can only use lower-case letters, numbers and single hyphens, like health-check-2026",
        )
    clash = db.execute("select id from cycles where slug = ?", [slug]).fetchone()
    if clash and clash[0] != cycle_id:
        raise CycleError("slug", f"There is already a cycle with the web address name {slug}")
    capture = _date("capture_date", values.get("capture_date"), "Capture date")
    opens = _date("opens_on", values.get("opens_on"), "Opening date")
    closes = _date("closes_on", values.get("closes_on"), "Closing date")
    if closes < opens:
        raise CycleError("closes_on", "Closing date must be on or after the opening date")
    try:
        threshold = int(values.get("reporting_threshold"))
    except (TypeError, ValueError):
        raise CycleError("reporting_threshold", "Reporting threshold must be a whole number, like 5") from None
    if threshold < MINIMUM_REPORTING_THRESHOLD:
        raise CycleError(
            "reporting_threshold",
            f"Reporting threshold must be {MINIMUM_REPORTING_THRESHOLD} or more",
        )
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
        raise CycleError("comment_threshold", "Comment threshold must be a whole number, like 10") from None
    if threshold < reporting_threshold:
        raise CycleError(
            "comment_threshold",
            f"Comment threshold must be at least the reporting threshold ({reporting_threshold}), "
            "so a comment never names a group too small to show",
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
        raise CycleError("comment_retention_months", message + ", like 24") from None
    if not low <= months <= high:
        raise CycleError("comment_retention_months", message)
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
        raise CycleError(
            "reporting_threshold",
            "The reporting threshold cannot be lowered once the survey has opened",
        )
    if is_released(cycle):
        for field, label in (("reporting_threshold", "reporting"), ("comment_threshold", "comment")):
            if row[field] != cycle[field]:
                raise CycleError(field, f"The {label} threshold cannot change once the results are released")
    db["cycles"].update(cycle["id"], row)
    return get_cycle(db, row["slug"])


def get_cycle(db, slug: str) -> dict | None:
    return _first(db, "select * from cycles where slug = ?", [slug])


def _first(db, sql: str, params: list) -> dict | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def list_cycles(db) -> list[dict]:
    return list(db["cycles"].rows_where(order_by="opens_on desc, id desc"))


def cycle_bank(cycle: dict) -> questions.QuestionBank:
    """The question bank the cycle froze when it opened, or the current bank for a draft."""
    if cycle.get("bank_json"):
        return _frozen_bank(cycle["bank_json"])
    return questions.load_bank()


@functools.lru_cache(maxsize=16)
def _frozen_bank(bank_json: str) -> questions.QuestionBank:
    # A frozen bank never changes and QuestionBank is immutable, so each process builds
    # it once rather than on every request.
    return questions.build_bank(json.loads(bank_json))


def open_cycle(db, cycle: dict, bank_dir=None) -> dict:
    """Open the survey, freezing a copy of the question bank into the cycle."""
    if cycle["status"] != "draft":
        raise CycleError("status", f"Only a draft cycle can be opened; this one is {cycle['status']}")
    if not teams_for(db, cycle["id"]):
        raise CycleError("status", "Add at least one team before opening the cycle")
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
        raise CycleError("status", f"Only an open cycle can be closed; this one is {cycle['status']}")
    with db.atomic():
        db["cycles"].update(cycle["id"], {"status": "closed", "closed_on": datetime.date.today().isoformat()})
        for hook in CLOSE_HOOKS:
            hook(db, cycle)
    return get_cycle(db, cycle["slug"])


def reopen_cycle(db, cycle: dict) -> dict:
    """Take answers again: a closed cycle can reopen until its results are released."""
    if is_released(cycle):
        raise CycleError("status", f"The results of {cycle['name']} have been released, so the survey cannot reopen")
    if cycle["status"] != "closed":
        raise CycleError("status", f"Only a closed cycle can be reopened; this one is {cycle['status']}")
    db["cycles"].update(cycle["id"], {"status": "open", "closed_on": None})
    return get_cycle(db, cycle["slug"])


def is_released(cycle: dict) -> bool:
    """Whether the cycle's results are released (and its responses therefore fixed)."""
    return bool(cycle.get("released_on"))


def stage(cycle: dict) -> str:
    """draft, open, closed or released: where the cycle is in its life."""
    return "released" if is_released(cycle) else cycle["status"]


def check_responses_may_change(db, cycle: dict) -> None:
    """Refuse (CycleError) when the cycle's results are released: its responses are fixed."""
    row = db.execute("select released_on from cycles where id = ?", [cycle["id"]]).fetchone()
    if row and row[0]:
        raise CycleError(
            "status",
            f"The results of {cycle['name']} were released on {long_date(row[0])}, so its responses can no longer "
            "change: no answer can be added or imported",
        )


# Functions called (inside the closing transaction) when a cycle closes, e.g. to delete
# unfinished survey drafts. Other modules append to this list.
CLOSE_HOOKS: list = []


def _check_team(db, cycle_id: int, values: dict, team_id: int | None = None) -> dict:
    name = (values.get("name") or "").strip()
    if not name:
        raise CycleError("name", "Enter the team name")
    if len(name) > NAME_LIMIT:
        raise CycleError("name", f"The team name must be {NAME_LIMIT} characters or fewer")
    slug = slugify(values.get("slug") or name)
    if not slug:
        raise CycleError("name", "The team name must contain letters or numbers")
    for column, value, label in (("name", name, "name"), ("slug", slug, "web address name")):
        clash = db.execute(f"select id from teams where cycle_id = ? and {column} = ?", [cycle_id, value]).fetchone()
        if clash and clash[0] != team_id:
            raise CycleError("name", f"There is already a team with the {label} {value} in this cycle")
    service = (values.get("service_area") or "").strip()
    if not service:
        raise CycleError("service_area", "Enter the service area, like Adults or Children")
    if len(service) > NAME_LIMIT:
        raise CycleError("service_area", f"The service area must be {NAME_LIMIT} characters or fewer")
    raw = values.get("headcount")
    try:
        headcount = int(str(raw).strip())
    except (TypeError, ValueError):
        raise CycleError("headcount", "Eligible headcount must be a whole number, like 12") from None
    if headcount < 0 or headcount > 100000:
        raise CycleError("headcount", "Eligible headcount must be between 0 and 100,000")
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
