"""`healthcheck invite`, `healthcheck remind` and `healthcheck send-test-email`: invitations by
email from the command line. They print counts only, never who has or has not answered."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from healthcheck import cycles
from healthcheck.cli.common import cycle_or_fail, fail
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.survey import invitations, mail
from healthcheck.survey.invitations import ListError


def mail_settings() -> mail.MailSettings:
    """The mail settings from the environment, or stop saying what is wrong with them."""
    try:
        return mail.settings_from(current_app.config.get("SMTP_URL"), current_app.config.get("MAIL_FROM"))
    except mail.MailError as error:
        fail(error.message)


def _plural(count: int, noun: str) -> str:
    plural = {"person": "people", "address": "addresses"}.get(noun, noun + "s")
    return f"{count:,} {noun if count == 1 else plural}"


def _send(db, cycle: dict, kind: str) -> dict:
    settings = mail_settings()
    organisation = cycles.organisation_name(db, current_app.config.get("ORGANISATION_NAME", ""))
    try:
        with mail.Mailer(settings) as mailer:
            return invitations.send_batch(
                db,
                cycle,
                kind,
                mailer,
                current_app.config["SECRET_KEY"],
                current_app.config.get("BASE_URL"),
                organisation,
            )
    except mail.MailError as error:
        counts = invitations.counts(db, cycle)
        waiting = counts["invitations_waiting"] if kind == invitations.INVITATION else counts["reminders_waiting"]
        fail(
            f"{error.message}. {_plural(waiting, 'message')} still to send: run the command again to send "
            "them (no one is sent a second copy)."
        )
    except Problem as error:
        fail(error.message)


def _summary(db, cycle: dict) -> str:
    counts = invitations.counts(db, cycle)
    return f"{counts['invited']:,} invited, {counts['not_answered']:,} have not answered."


@click.command("invite")
@click.option("--cycle", "slug", required=True, help="The cycle whose survey people are invited to.")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A CSV or XLSX staff list with columns email and team.",
)
@click.option("--dry-run", is_flag=True, help="Check the list and count what would be sent, sending nothing.")
@with_appcontext
def invite_command(slug, file, dry_run):
    """Add the people in a staff list (if given) and send every invitation not sent yet."""
    db = get_db()
    cycle = cycle_or_fail(db, slug)
    if cycle["status"] != "open":
        fail(f"--cycle: {cycle['name']} is {cycles.stage(cycle)}; invitations can only be sent while it is open.")
    found = []
    if file is not None:
        if not file.is_file():
            fail(f"--file: there is no file at {file}.")
        try:
            found = invitations.read_list(db, cycle, file.name, file.read_bytes())
        except ListError as error:
            fail(f"Nothing was added or sent.\n{error}")
    if dry_run:
        waiting = invitations.counts(db, cycle)["invitations_waiting"] + len(found)
        click.echo(
            f"Dry run: {_plural(len(found), 'person')} would be added; {_plural(waiting, 'invitation')} would be sent."
        )
        return
    if not dry_run and not current_app.config.get("BASE_URL"):
        fail(
            "HEALTHCHECK_BASE_URL is not set: links in the messages start with it, like https://healthcheck.council.example"
        )
    mail_settings()
    if found:
        try:
            invitations.add(db, cycle, found)
        except Problem as error:
            fail(error.message)
    result = _send(db, cycle, invitations.INVITATION)
    refused = f" The mail server refused {_plural(result['refused'], 'address')}." if result["refused"] else ""
    click.echo(
        f"Added {_plural(len(found), 'person')}; sent {_plural(result['sent'], 'invitation')}.{refused} {_summary(db, cycle)}"
    )


@click.command("remind")
@click.option("--cycle", "slug", required=True, help="The cycle whose survey people are reminded about.")
@click.option("--dry-run", is_flag=True, help="Count the reminders that would be sent, sending nothing.")
@with_appcontext
def remind_command(slug, dry_run):
    """Send a reminder to everyone invited who has not answered yet (finishing an interrupted round first)."""
    db = get_db()
    cycle = cycle_or_fail(db, slug)
    counts = invitations.counts(db, cycle)
    if dry_run:
        waiting = counts["reminders_waiting"] or (counts["not_answered"] if not counts["invitations_waiting"] else 0)
        click.echo(f"Dry run: {_plural(waiting, 'reminder')} would be sent. {_summary(db, cycle)}")
        return
    mail_settings()
    if not counts["reminders_waiting"]:
        try:
            invitations.start_reminders(db, cycle)
        except Problem as error:
            fail(error.message)
    result = _send(db, cycle, invitations.REMINDER)
    refused = f" The mail server refused {_plural(result['refused'], 'address')}." if result["refused"] else ""
    click.echo(f"Sent {_plural(result['sent'], 'reminder')}.{refused} {_summary(db, cycle)}")


@click.command("send-test-email")
@click.argument("address")
@with_appcontext
def send_test_email_command(address):
    """Check the mail settings by sending one short message to ADDRESS."""
    settings = mail_settings()
    try:
        mail.send_test(settings, address)
    except mail.MailError as error:
        fail(error.message)
    click.echo(f"Sent a test message to {address} through {settings.describe()}.")


COMMANDS = (invite_command, remind_command, send_test_email_command)
