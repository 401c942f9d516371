"""Deleting practitioners' free text once a cycle's retention period has run out.

Each cycle keeps comments for `comment_retention_months` after it closed (the day it was
closed, or its closing date for cycles closed before that day was recorded). Then its
comments and answers to free-text questions go; scores and every other answer stay.
Other features that keep free text are listed in RETENTION_HOOKS, so `healthcheck retention`
removes theirs at the same time.
"""

import calendar
import datetime
from dataclasses import dataclass, field

import click
from flask.cli import with_appcontext

from healthcheck import cycles
from healthcheck.db import get_db
from healthcheck.formatting import long_date
from healthcheck.survey import drafts

# hook(db, cycle, dry_run) -> {"what was deleted": how many}, e.g. {"survey drafts": 3}.
# Called inside the cycle's transaction, after its comments; with dry_run it only counts.
RETENTION_HOOKS = (drafts.delete_after_retention,)


@dataclass
class RetentionResult:
    cycle: dict
    delete_from: datetime.date
    deleted: dict = field(default_factory=dict)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def closed_on(cycle: dict) -> datetime.date | None:
    if cycle["status"] != "closed":
        return None
    return datetime.date.fromisoformat(cycle.get("closed_on") or cycle["closes_on"])


def delete_from(cycle: dict) -> datetime.date | None:
    """The first day the cycle's comments may no longer be kept; None while it is not closed."""
    closed = closed_on(cycle)
    if closed is None:
        return None
    return add_months(closed, cycle["comment_retention_months"])


def retention_notice(cycle: dict) -> str:
    """What practitioners are told about their comments, e.g. on the survey's start page."""
    months = cycle["comment_retention_months"]
    return (
        f"Written comments are kept for {months} month{'s' if months != 1 else ''} "
        "after the survey closes, then deleted. Your answers to the other questions are "
        "kept as part of the results."
    )


def delete_free_text(db, cycle: dict, dry_run: bool) -> dict:
    """The cycle's comments and its answers to free-text questions."""
    in_cycle = "response_id in (select id from responses where cycle_id = ?)"
    text_items = [item.id for item in cycles.cycle_bank(cycle).items if item.type == "text"]
    text_answers = f"{in_cycle} and item_id in ({', '.join('?' for _ in text_items)})"
    counts = {
        "comments": db["comments"].count_where(in_cycle, [cycle["id"]]),
        "free-text answers": db["answers"].count_where(text_answers, [cycle["id"], *text_items]) if text_items else 0,
    }
    if not dry_run:
        db.execute(f"delete from comments where {in_cycle}", [cycle["id"]])
        if text_items:
            db.execute(f"delete from answers where {text_answers}", [cycle["id"], *text_items])
        # Cached results hold the comments too; they are worked out again when next shown.
        db.execute("delete from score_cache where cycle_id = ?", [cycle["id"]])
        # The released results keep their figures and lose their comments.
        from healthcheck.results import compute as results

        results.forget_released_comments(db, cycle)
    return counts


def apply_retention(db, today: datetime.date | None = None, dry_run: bool = False) -> list[RetentionResult]:
    """Delete (or with dry_run, count) the free text of every cycle past its retention date."""
    today = today or datetime.date.today()
    if not dry_run:
        # Overwrite deleted text with zeros rather than only marking its space free, so it is
        # gone from the database file itself, not just from every query.
        db.execute("PRAGMA secure_delete = ON")
    results = []
    for cycle in cycles.list_cycles(db):
        due = delete_from(cycle)
        if due is None or today < due:
            continue
        result = RetentionResult(cycle=cycle, delete_from=due)
        with db.atomic():
            for hook in [delete_free_text, *RETENTION_HOOKS]:
                result.deleted.update(hook(db, cycle, dry_run))
        results.append(result)
    if results and not dry_run:
        # Copy the overwritten pages into the file and empty the write-ahead log, which
        # still holds earlier copies of them (a busy server finishes this at its next checkpoint).
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return results


def describe(result: RetentionResult, dry_run: bool) -> str:
    verb = "would delete" if dry_run else "deleted"
    counts = ", ".join(
        f"{count} {what[:-1] if count == 1 and what.endswith('s') else what}" for what, count in result.deleted.items()
    )
    return (
        f"{result.cycle['slug']} ({result.cycle['name']}): closed "
        f"{long_date(closed_on(result.cycle))}, comments kept "
        f"{result.cycle['comment_retention_months']} months: {verb} {counts}."
    )


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Say what would be deleted; delete nothing.")
@with_appcontext
def retention_command(dry_run):
    """Delete comments (and drafts) of cycles whose retention period has run out.

    Run it daily, for example from cron.
    """
    results = apply_retention(get_db(), dry_run=dry_run)
    if not results:
        click.echo("No cycle has reached the end of its retention period: nothing to delete.")
    for result in results:
        click.echo(describe(result, dry_run))
