"""`healthcheck import-workforce` and `healthcheck indicators`."""

import csv
import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from healthcheck.cli.common import cycle_or_fail, fail
from healthcheck.db import get_db
from healthcheck.problems import CycleClosed
from healthcheck.workforce.importing import apply_import, plan_import
from healthcheck.workforce.reading import MAX_ROWS, UPLOAD_LIMITS
from healthcheck.workforce.report import CSV_HEADER, report_as_dict, report_rows, workforce_report
from healthcheck.workforce.template import csv_value
from healthcheck.workforce.values import WorkforceFileError


@click.command("import-workforce")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cycle", "slug", required=True, help="The cycle the figures belong to.")
@click.option("--team-column", default=None, help="The column holding team names (default: team, or la_name).")
@click.option("--create-teams", is_flag=True, help="Add teams that are not in the cycle yet.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change, changing nothing.")
@click.option(
    "--skip-columns",
    is_flag=True,
    help="Confirm that the columns this import does not know may be left out (they are listed first).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(1, 10_000_000),
    default=None,
    help=f"The most rows of figures a file may have (default: the WORKFORCE_IMPORT_MAX_ROWS "
    f"setting, else {MAX_ROWS:,}, as for uploads).",
)
@with_appcontext
def import_workforce_command(file, slug, team_column, create_teams, dry_run, skip_columns, max_rows):
    """Import workforce figures per team from a CSV or XLSX FILE."""
    cycle = cycle_or_fail(get_db(), slug)
    if not file.is_file():
        fail(f"FILE: there is no file at {file}.")
    limits = UPLOAD_LIMITS.for_rows(max_rows or current_app.config.get("WORKFORCE_IMPORT_MAX_ROWS") or MAX_ROWS)
    if file.stat().st_size > limits.max_bytes:
        fail(f"{file.name}: the file is larger than {limits.max_bytes // 1024 // 1024} MB; nothing was imported.")
    db = get_db()
    try:
        plan = plan_import(
            db,
            cycle,
            file.name,
            file.read_bytes(),
            team_column=team_column,
            create_teams=create_teams,
            create_hint="use --create-teams to add it",
            limits=limits,
        )
    except WorkforceFileError as error:
        for problem in error.problems:
            click.echo(f"{error.file_name}: {problem}", err=True)
        count = len(error.problems)
        fail(f"{count} {'problem' if count == 1 else 'problems'} in {error.file_name}; nothing was imported.")
    except CycleClosed as error:
        fail(error.message + "; nothing was imported.")
    for notice in plan.left_out:
        click.echo(f"{file.name}, {notice}.")
    if plan.not_imported:
        click.echo(f"Columns not imported: {', '.join(plan.not_imported)}")
        if not skip_columns and not dry_run:
            fail(
                f"{file.name}: {len(plan.not_imported)} {'column is' if len(plan.not_imported) == 1 else 'columns are'} "
                "not one this import knows, so their figures would be left out. Check none holds figures you "
                "need (rename its header to the field's name if it does), then run again with --skip-columns; "
                "nothing was imported."
            )
    if dry_run:
        teams = len(plan.teams)
        click.echo(
            f"{file.name} would add {plan.count('added')}, change {plan.count('changed')} and remove "
            f"{plan.count('removed')} figures for {teams} {'team' if teams == 1 else 'teams'}"
            + (f", adding {len(plan.new_teams)} new to the cycle" if plan.new_teams else "")
            + ". Nothing was changed (--dry-run)."
        )
        return
    result = apply_import(db, cycle, plan)
    click.echo(f"Imported {file.name} into {cycle['slug']}: {result.summary()}.")


@click.command("indicators")
@click.option("--cycle", "slug", required=True)
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--by", "by", type=click.Choice(["team"]), default=None, help="Also give each team's indicators.")
@with_appcontext
def indicators_command(slug, output_format, by):
    """Print the workforce indicators of a cycle, with small teams' figures about individuals hidden."""
    report = workforce_report(get_db(), cycle_or_fail(get_db(), slug))
    by_team = by == "team"
    if output_format == "json":
        click.echo(json.dumps(report_as_dict(report, by_team), indent=2, ensure_ascii=False))
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in report_rows(report, by_team):
        writer.writerow([csv_value(value) for value in row])
