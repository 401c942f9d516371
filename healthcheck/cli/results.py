"""`healthcheck scores` and `healthcheck import-responses`: results and earlier answers from the shell."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from healthcheck.cli.common import cycle_or_fail, fail
from healthcheck.db import get_db
from healthcheck.results import compute as results
from healthcheck.survey.importing import LIMITS, MAX_ROWS, ResponseImportError, import_responses


@click.command("scores")
@click.option("--cycle", "slug", required=True, help="The cycle's web address name, e.g. health-check-2026")
@click.option("--format", "output", type=click.Choice(["json", "table"]), default="table", show_default=True)
@click.option("--by", type=click.Choice(results.BREAKDOWNS), help="Also show each team, service area or role group.")
@with_appcontext
def scores_command(slug, output, by):
    """Print a cycle's scores by standard and step, under its reporting threshold."""
    try:
        view = results.results_for(get_db(), cycle_or_fail(get_db(), slug))
    except results.ResultsNotReleased as error:
        fail(error.message)
    if output == "json":
        click.echo(json.dumps(results.scores_document(view, by), indent=2))
    else:
        click.echo(results.scores_table(view, by))


@click.command("import-responses")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cycle", "slug", required=True, help="The cycle the answers belong to.")
@click.option(
    "--max-rows",
    type=click.IntRange(1, 10_000_000),
    default=None,
    help=f"The most respondents a file may hold (default: the RESPONSE_IMPORT_MAX_ROWS setting, "
    f"else {MAX_ROWS:,}); larger files are allowed in proportion.",
)
@with_appcontext
def import_responses_command(file, slug, max_rows):
    """Import earlier answers from CSV or XLSX: one row per respondent, all or nothing."""
    cycle = cycle_or_fail(get_db(), slug)
    rows = max_rows or current_app.config.get("RESPONSE_IMPORT_MAX_ROWS") or MAX_ROWS
    try:
        count = import_responses(get_db(), cycle, file, LIMITS.for_rows(rows))
    except ResponseImportError as error:
        fail(f"Nothing was imported.\n{error}")
    click.echo(f"Imported {count} {'response' if count == 1 else 'responses'} into {cycle['name']}.")


COMMANDS = (scores_command, import_responses_command)
