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


def create_cycle(db, values: dict, today: datetime.date | None = None) -> dict:
    """A new draft cycle. Given today (as pages and commands give it), the survey's dates
    must not have passed, since a draft whose opening date has come opens by itself."""
    row = _check_cycle(db, values)
    if today is not None:
        check_date_change(None, row, today)
    row["status"] = "draft"
    row["created_on"] = datetime.date.today().isoformat()
    db["cycles"].insert(row)
    return get_cycle(db, row["slug"])


def update_cycle(db, cycle: dict, values: dict, today: datetime.date | None = None) -> dict:
    row = _check_cycle(db, values, cycle["id"])
    if today is not None:
        check_date_change(cycle, row, today)
    if cycle["status"] != "draft" and row["reporting_threshold"] < cycle["reporting_threshold"]:
        raise Problem("The reporting threshold cannot be lowered once the survey has opened", "reporting_threshold")
    if is_released(cycle):
        for field, label in (("reporting_threshold", "reporting"), ("comment_threshold", "comment")):
            if row[field] != cycle[field]:
                raise Problem(f"The {label} threshold cannot change once the results are released", field)
    db["cycles"].update(cycle["id"], row)
    return get_cycle(db, row["slug"])


def figures_locked(cycle: dict) -> bool:
    """Whether the workforce figures and the organisation's view can no longer change.

    Released results are computed from the council's own figures too, so those stay open to
    corrections after the survey closes (HR figures often arrive after fieldwork) until the
    release fixes them."""
    return is_released(cycle)


def get_cycle(db, slug: str) -> dict | None:
    return _first(db, "select * from cycles where slug = ?", [slug])


def _first(db, sql: str, params: list) -> dict | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def list_cycles(db) -> list[dict]:
    return list(db["cycles"].rows_where(order_by="opens_on desc, id desc"))


def open_cycle(db, cycle: dict, bank_dir=None, today: datetime.date | None = None) -> dict:
    """Open the survey (by hand before its opening date, or by date), freezing a copy of the
    question bank into the cycle and keeping the day it really opened."""
    if cycle["status"] != "draft":
        raise Problem(f"Only a draft cycle can be opened; this one is {cycle['status']}", "status")
    if not teams_for(db, cycle["id"]):
        raise Problem("Add at least one team before opening the cycle", "status")
    directory = bank_dir or questions.default_bank_dir()
    files = questions.read_bank_files(directory)
    bank = questions.build_bank(files)  # refuse to freeze a broken bank
    changes = {"status": "open", "bank_json": json.dumps(files), "bank_version": bank.version}
    # A database part-way through its migrations (as upgrade tests build) has no opened_on yet.
    if "opened_on" in db["cycles"].columns_dict:
        changes["opened_on"] = (today or datetime.date.today()).isoformat()
    db["cycles"].update(cycle["id"], changes)
    return get_cycle(db, cycle["slug"])


def close_cycle(db, cycle: dict, closed_on: datetime.date | None = None) -> dict:
    """Close the survey: by hand (today), or by date (on its closing date)."""
    if cycle["status"] != "open":
        raise Problem(f"Only an open cycle can be closed; this one is {cycle['status']}", "status")
    # Deleted rows are overwritten with zeros, not only marked free, so no address is left
    # in the database file's free space.
    db.execute("PRAGMA secure_delete = ON")
    with db.atomic():
        db["cycles"].update(
            cycle["id"], {"status": "closed", "closed_on": (closed_on or datetime.date.today()).isoformat()}
        )
        delete_drafts(db, cycle)
        delete_invitation_addresses(db, cycle)
    # The write-ahead log still holds earlier copies of those pages: copy the overwritten ones
    # into the file and empty the log (a reader still busy finishes this at the next checkpoint).
    if not db.conn.in_transaction:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return get_cycle(db, cycle["slug"])


def close_without_opening(db, cycle: dict, bank_dir=None) -> dict:
    """A past year's cycle, for answers imported from elsewhere or scores from a report: its
    questions are fixed as opening would fix them, and it is closed without its survey ever
    being open to anyone."""
    if cycle["status"] != "draft":
        raise Problem(f"Only a draft cycle can be closed without opening; this one is {cycle['status']}", "status")
    if datetime.date.fromisoformat(cycle["closes_on"]) >= datetime.date.today():
        raise Problem("Only a cycle whose closing date has passed can be closed without its survey opening", "status")
    files = questions.read_bank_files(bank_dir or questions.default_bank_dir())
    bank = questions.build_bank(files)
    db["cycles"].update(
        cycle["id"],
        {
            "status": "closed",
            "bank_json": json.dumps(files),
            "bank_version": bank.version,
            "closed_on": datetime.date.today().isoformat(),
        },
    )
    return get_cycle(db, cycle["slug"])


# --- Real dates -------------------------------------------------------------------------
# The survey opens on its opening date and closes at the end of its closing date. Nothing
# runs in the background: each request (and each command) brings the cycles up to date
# first, so every page, export and summary sees the state the dates give.


def effective_status(cycle: dict, today: datetime.date) -> str:
    """The status the cycle's dates give it today (a draft due to open, an open survey past
    its closing date), before anything is written. Other statuses are left as they are."""
    day = today.isoformat()
    if cycle["status"] == "draft" and cycle["opens_on"] <= day <= cycle["closes_on"]:
        return "open"
    if cycle["status"] == "open" and cycle["closes_on"] < day:
        return "closed"
    return cycle["status"]


def open_or_close_by_date(db, cycle: dict, today: datetime.date) -> dict:
    """Open or close the survey if its dates say so; returns the cycle as it now is. A draft
    with no teams cannot open, and stays a draft (its page says why)."""
    due = effective_status(cycle, today)
    if due == cycle["status"]:
        return cycle
    try:
        if due == "open":
            if not teams_for(db, cycle["id"]):
                return cycle
            return open_cycle(db, cycle, today=today)
        return close_cycle(db, cycle, closed_on=datetime.date.fromisoformat(cycle["closes_on"]))
    except Problem:
        # Another request opened or closed it first.
        return get_cycle(db, cycle["slug"]) or cycle


def apply_dates(db, today: datetime.date) -> None:
    """Bring every cycle whose dates have come up to date (one small query when none has)."""
    day = today.isoformat()
    due = rows(
        db,
        "select * from cycles where (status = 'draft' and opens_on <= ? and closes_on >= ?) "
        "or (status = 'open' and closes_on < ?)",
        [day, day, day],
    )
    for cycle in due:
        open_or_close_by_date(db, cycle, today)


def waiting_for_teams(cycle: dict, teams: list, today: datetime.date) -> bool:
    """A draft whose opening date has come but which cannot open: it has no teams."""
    return cycle["status"] == "draft" and effective_status(cycle, today) == "open" and not teams


def check_date_change(cycle: dict | None, row: dict, today: datetime.date) -> None:
    """The rules for setting a survey's dates, by where the survey is (None: a new cycle)."""
    day = today.isoformat()
    status = cycle["status"] if cycle else "draft"
    opens_changed = cycle is None or row["opens_on"] != cycle["opens_on"]
    closes_changed = cycle is None or row["closes_on"] != cycle["closes_on"]
    if status == "draft":
        if opens_changed and row["opens_on"] < day:
            raise Problem(
                "The opening date cannot be in the past: the survey opens by itself on its opening date. "
                "To open it now, set today's date or use 'Open the survey'",
                "opens_on",
            )
        if closes_changed and row["closes_on"] < day:
            raise Problem("The closing date cannot be in the past", "closes_on")
    elif status == "open":
        if opens_changed:
            raise Problem(
                f"The survey opened on {long_date(opened_on(cycle))}, so its opening date cannot change", "opens_on"
            )
        if closes_changed and row["closes_on"] < day:
            raise Problem(
                "The closing date cannot be before today. To close the survey now, use 'Close the survey'",
                "closes_on",
            )
    elif opens_changed or closes_changed:
        raise Problem(
            f"The survey closed on {long_date(closed_on(cycle))}, so its dates cannot change",
            "opens_on" if opens_changed else "closes_on",
        )


def opened_on(cycle: dict) -> str | None:
    """The day the survey really opened (None before it has)."""
    if cycle["status"] == "draft":
        return None
    return cycle.get("opened_on") or cycle["opens_on"]


def closed_on(cycle: dict) -> str | None:
    """The day the survey really closed (None while it has not): early by hand, or its closing date."""
    if cycle["status"] in ("draft", "open"):
        return None
    return cycle.get("closed_on") or cycle["closes_on"]


def survey_period(cycle: dict) -> str:
    """The survey's dates as they happened, or as planned where they have not happened yet."""
    if cycle["status"] == "draft":
        return f"Opens {long_date(cycle['opens_on'])}, closes {long_date(cycle['closes_on'])}"
    if cycle["status"] == "open":
        return f"Opened {long_date(opened_on(cycle))}, closes {long_date(cycle['closes_on'])}"
    return f"Opened {long_date(opened_on(cycle))}, closed {long_date(closed_on(cycle))}"


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
    if cycle["closes_on"] < datetime.date.today().isoformat():
        raise Problem(
            f"{cycle['name']}'s closing date, {long_date(cycle['closes_on'])}, has passed: move the closing date "
            "to today or later first, or the survey would close again at once",
            "closes_on",
        )
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


# --- What happened to the teams ------------------------------------------------
# Moving a team between service areas, renaming it or changing its headcount changes how
# small teams are grouped in the results, so every change is kept with who made it and
# the date (no time of day: the database holds none that could sit beside a response),
# newest first, and shown to the PSW.

TEAM_FIELDS = ("name", "service_area", "headcount")
TEAM_FIELD_NAMES = {"name": "name", "service_area": "service area", "headcount": "eligible headcount"}
# Who made a change through a command on the server rather than a signed-in page.
ON_THE_SERVER = "a command on the server"


def check_team(db, cycle_id: int, values: dict, team_id: int | None = None) -> dict:
    """A team's row as it would be saved, or a Problem saying what is wrong with it."""
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


def add_team(db, cycle: dict, values: dict, changed_by: str = ON_THE_SERVER) -> dict:
    row = check_team(db, cycle["id"], values)
    row["cycle_id"] = cycle["id"]
    with db.atomic():
        team_id = db["teams"].insert(row).last_pk
        _record_team_change(db, {**row, "id": team_id}, "added", [(f, None, row[f]) for f in TEAM_FIELDS], changed_by)
    return get_team(db, team_id)


def update_team(db, team: dict, values: dict, changed_by: str = ON_THE_SERVER) -> dict:
    row = check_team(db, team["cycle_id"], values, team["id"])
    changed = [(f, team[f], row[f]) for f in TEAM_FIELDS if team[f] != row[f]]
    with db.atomic():
        db["teams"].update(team["id"], row)
        if changed:
            _record_team_change(db, {**team, **row}, "changed", changed, changed_by)
    return get_team(db, team["id"])


def delete_team(db, team: dict, changed_by: str = ON_THE_SERVER) -> None:
    with db.atomic():
        db["teams"].delete(team["id"])
        _record_team_change(db, team, "removed", [(f, team[f], None) for f in TEAM_FIELDS], changed_by)


def _record_team_change(db, team: dict, change: str, fields: list[tuple], changed_by: str) -> None:
    db["team_changes"].insert(
        {
            "cycle_id": team["cycle_id"],
            "team_id": team["id"],
            "team_name": team["name"],
            "change": change,
            "fields": json.dumps([{"field": f, "from": old, "to": new} for f, old, new in fields]),
            "changed_by": changed_by or ON_THE_SERVER,
            "changed_on": datetime.date.today().isoformat(),
        }
    )


def team_history(db, cycle_id: int) -> list[dict]:
    """Every recorded change to the cycle's teams, newest first, each with `what` in words."""
    history = rows(db, "select * from team_changes where cycle_id = ? order by id desc", [cycle_id])
    for entry in history:
        entry["what"] = _team_change_words(entry["change"], json.loads(entry["fields"]))
    return history


def _team_change_words(change: str, fields: list[dict]) -> str:
    if change in ("added", "removed"):
        values = {field["field"]: field["to" if change == "added" else "from"] for field in fields}
        return f"{change.capitalize()}: {values['service_area']}, eligible headcount {values['headcount']}"
    words = "; ".join(f"{TEAM_FIELD_NAMES[field['field']]} {field['from']} → {field['to']}" for field in fields)
    return words[:1].upper() + words[1:]


def remove_team(db, cycle: dict, team: dict, changed_by: str = ON_THE_SERVER) -> None:
    """Take a team out of the cycle, with its workforce figures: only before the survey opens,
    since afterwards people may have answered as members of it."""
    if cycle["status"] != "draft":
        raise Problem("A team cannot be removed once the survey has opened", "team")
    with db.atomic():
        db.execute("delete from workforce_figures where team_id = ?", [team["id"]])
        delete_team(db, team, changed_by)


def below_threshold(cycle: dict, team: dict) -> bool:
    """A team too small for its answers ever to be shown on their own."""
    return team["headcount"] < cycle["reporting_threshold"]


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
