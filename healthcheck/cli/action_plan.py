"""`healthcheck export-action-plan`: the cycle's workbook written to a file."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from healthcheck.cli.common import cycle_or_fail, fail
from healthcheck.db import get_db
from healthcheck.workbook import build as workbook


@click.command("export-action-plan")
@click.option("--cycle", "slug", required=True, help="The cycle's web address name, e.g. health-check-2026")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx file to write"
)
@click.option(
    "--by", "generated_by", default="the healthcheck command", help="Who the About sheet says generated the workbook"
)
@with_appcontext
def export_action_plan_command(slug, output, generated_by):
    """Write the cycle's action-plan workbook (.xlsx) for the steering group."""
    if output.suffix.lower() != ".xlsx":
        fail(f"-o: the file name must end in .xlsx, like {slug}-action-plan.xlsx, not {output.name}")
    if not output.parent.is_dir():
        fail(f"-o: the folder {output.parent} does not exist")
    db = get_db()
    cycle = cycle_or_fail(db, slug)
    content = workbook.workbook_bytes(workbook.build_workbook(db, cycle, generated_by=generated_by))
    output.write_bytes(content)
    click.echo(f"Wrote the action plan for {cycle['name']} to {output}.")
