"""The `healthcheck` command (also `flask --app healthcheck ...`)."""

import datetime
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from healthcheck import accounts, cycles, questions
from healthcheck.backup import backup_command
from healthcheck.cli.action_plan import export_action_plan_command
from healthcheck.cli.common import cycle_or_fail, fail
from healthcheck.cli.demo import demo_command
from healthcheck.cli.dfe import COMMANDS as DFE_COMMANDS
from healthcheck.cli.invitations import COMMANDS as INVITATION_COMMANDS
from healthcheck.cli.reports import report_command
from healthcheck.cli.results import COMMANDS as RESULTS_COMMANDS
from healthcheck.cli.workforce import import_workforce_command, indicators_command
from healthcheck.db import get_db
from healthcheck.migrations import init_db
from healthcheck.problems import Problem
from healthcheck.retention import retention_command
from healthcheck.settings import MINIMUM_REPORTING_THRESHOLD
from healthcheck.uploads import team_lists


def _create_app():
    from healthcheck import create_app

    return create_app()


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or update the database tables."""
    init_db(current_app.config["DATABASE"]).close()
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


@click.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(list(accounts.ROLES)), help="admin, psw or viewer")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(email, role, password_stdin):
    """Create a staff account."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(get_db(), email, password, role)
    except Problem as error:
        fail(error.message)
    click.echo(f"Created {accounts.ROLES[user['role']].lower()} account {user['email']}.")


@click.command("check-bank")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def check_bank_command(directory):
    """Validate the question bank and summarise it, one line per standard."""
    directory = directory or questions.default_bank_dir()
    if not directory.is_dir():
        fail(f"There is no question bank folder at {directory}.")
    try:
        bank = questions.load_bank(directory)
    except questions.BankError as error:
        fail(str(error))
    for line in questions.summary_lines(bank):
        click.echo(line)


@click.group("cycles")
def cycles_group():
    """List, create, open, close, reopen and release health check cycles."""


@cycles_group.command("list")
@with_appcontext
def cycles_list():
    cycles.apply_dates(get_db(), datetime.date.today())
    rows = cycles.list_cycles(get_db())
    if not rows:
        click.echo("No cycles yet.")
    for cycle in rows:
        teams = cycles.teams_for(get_db(), cycle["id"])
        click.echo(
            f"{cycle['slug']}\t{cycle['name']}\t{cycles.stage(cycle)}\t{cycles.survey_period(cycle)}\t{len(teams)} teams"
        )


@cycles_group.command("create")
@click.option("--name", required=True)
@click.option("--slug", required=True)
@click.option("--capture-date", required=True, help="YYYY-MM-DD")
@click.option("--opens", required=True, help="YYYY-MM-DD")
@click.option("--closes", required=True, help="YYYY-MM-DD")
@click.option("--threshold", type=int, default=None, help=f"Reporting threshold, {MINIMUM_REPORTING_THRESHOLD} or more")
@click.option(
    "--comment-threshold",
    type=int,
    default=None,
    help="The fewest responses a group needs for a comment to name it (default 10, never below the reporting threshold)",
)
@with_appcontext
def cycles_create(name, slug, capture_date, opens, closes, threshold, comment_threshold):
    values = {
        "name": name,
        "slug": slug,
        "capture_date": capture_date,
        "opens_on": opens,
        "closes_on": closes,
        "reporting_threshold": threshold if threshold is not None else current_app.config["REPORTING_THRESHOLD"],
        "comment_threshold": comment_threshold,
    }
    try:
        cycle = cycles.create_cycle(get_db(), values, today=datetime.date.today())
    except Problem as error:
        fail(f"--{error.field.replace('_', '-')}: {error.message}")
    click.echo(f"Created draft cycle {cycle['slug']} ({cycle['name']}).")


def _cycle_for_step(slug: str) -> dict:
    return cycle_or_fail(get_db(), slug, option=None)


@cycles_group.command("open")
@click.argument("slug")
@with_appcontext
def cycles_open(slug):
    """Open the survey now, before its opening date if need be (a cycle also opens by itself on that date)."""
    try:
        cycle = cycles.open_cycle(get_db(), _cycle_for_step(slug))
    except Problem as error:
        fail(error.message)
    click.echo(f"Opened {cycle['slug']}: the survey takes answers until the end of {cycle['closes_on']}.")


@cycles_group.command("close")
@click.argument("slug")
@with_appcontext
def cycles_close(slug):
    """Close the survey: no more answers; unfinished drafts are deleted."""
    try:
        cycle = cycles.close_cycle(get_db(), _cycle_for_step(slug))
    except Problem as error:
        fail(error.message)
    click.echo(f"Closed {cycle['slug']}: the survey takes no more answers. Release its results when ready.")


@cycles_group.command("reopen")
@click.argument("slug")
@with_appcontext
def cycles_reopen(slug):
    """Open a closed survey again (only before its results are released)."""
    try:
        cycle = cycles.reopen_cycle(get_db(), _cycle_for_step(slug))
    except Problem as error:
        fail(error.message)
    click.echo(f"Reopened {cycle['slug']}: the survey takes answers again.")


@cycles_group.command("release")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Release without asking for confirmation.")
@with_appcontext
def cycles_release(slug, yes):
    """Release a closed cycle's results: worked out once and fixed from then on."""
    from healthcheck.results import compute as results

    cycle = _cycle_for_step(slug)
    try:
        results.check_releasable(get_db(), cycle)
    except Problem as error:
        fail(error.message)
    if not yes:
        click.confirm(
            f"Release the results of {cycle['name']}? They are worked out once, with the teams as they stand, "
            "and never change afterwards; the survey cannot reopen",
            abort=True,
        )
    try:
        cycle = results.release_results(get_db(), cycle, released_by="command line")
    except Problem as error:
        fail(error.message)
    click.echo(f"Released the results of {cycle['slug']}. They are now fixed.")


@click.group("teams")
def teams_group():
    """Add teams to a cycle."""


@teams_group.command("add")
@click.option("--cycle", "slug", required=True)
@click.option("--name", required=True)
@click.option("--service", required=True, help="Service area, e.g. Adults or Children")
@click.option("--headcount", required=True, help="Eligible headcount")
@with_appcontext
def teams_add(slug, name, service, headcount):
    db = get_db()
    cycle = cycle_or_fail(db, slug)
    try:
        team = cycles.add_team(db, cycle, {"name": name, "service_area": service, "headcount": headcount})
    except Problem as error:
        fail(f"--{error.field.replace('_area', '').replace('_', '-')}: {error.message}")
    click.echo(f"Added {team['name']} ({team['service_area']}, headcount {team['headcount']}) to {slug}.")


@teams_group.command("import")
@click.option("--cycle", "slug", required=True)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def teams_import(slug, file):
    """Add every team in a CSV or XLSX file (team name, service area, headcount): all or none."""
    db = get_db()
    cycle = cycle_or_fail(db, slug)
    path = Path(file)
    try:
        added = team_lists.add_checked(db, cycle, team_lists.lines_from_file(path.name, path.read_bytes()))
    except Problem as error:
        fail("No teams were added:\n" + "\n".join(each.message for each in error.problems))
    click.echo(f"Added {len(added)} teams to {slug}.")
    for team in added:
        if team["headcount"] < cycle["reporting_threshold"]:
            click.echo(
                f"Warning: {team['name']} has fewer than {cycle['reporting_threshold']} people; "
                "its answers will always be combined with other teams'."
            )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=None, type=click.IntRange(1, 64), help="Default: 2 × cores + 1")
def serve_command(host, port, workers):
    """Serve the app with gunicorn."""
    from healthcheck import create_app
    from healthcheck.web.server import serve

    serve(create_app(), host=host, port=port, workers=workers)


def register_commands(app) -> None:
    for command in (
        init_db_command,
        create_user_command,
        check_bank_command,
        cycles_group,
        teams_group,
        serve_command,
        demo_command,
        backup_command,
        retention_command,
        *RESULTS_COMMANDS,
        export_action_plan_command,
        report_command,
        import_workforce_command,
        indicators_command,
        *DFE_COMMANDS,
        *INVITATION_COMMANDS,
    ):
        app.cli.add_command(command)


main = FlaskGroup(
    name="healthcheck",
    help="Social Work Health Check: run the survey, score it, build the action plan.",
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
