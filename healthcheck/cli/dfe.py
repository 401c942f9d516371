"""`healthcheck refresh-benchmarks FILE`: replace the DfE figures (or statistical neighbours) the
benchmarks use with a newer release; `healthcheck import-adult-benchmarks FILE`: load Skills for
Care's local authority workbook for adults' social work."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from healthcheck.cli.common import fail
from healthcheck.db import get_db
from healthcheck.dfe import adults as adult_figures
from healthcheck.dfe import figures as dfe_figures
from healthcheck.dfe import neighbours as dfe_neighbours
from healthcheck.dfe.benchmarks import instance_file, neighbours_instance_file


@click.command("refresh-benchmarks")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def refresh_benchmarks_command(file):
    """Check a newer DfE file and use it for benchmarks.

    FILE is the DfE's children's social work workforce indicators CSV by local authority
    (the same columns as the bundled copy), or its statistical neighbours workbook (.xlsx,
    sheet LA SN Groups). It is checked whole; if anything is wrong nothing changes.
    """
    if not file.is_file():
        fail(f"There is no file at {file}.")
    if file.suffix.lower() == ".xlsx":
        target = neighbours_instance_file(current_app)
        try:
            table = dfe_neighbours.refresh(target, file.name, file.read_bytes())
        except dfe_figures.DfeFileError as error:
            fail(f"Nothing was changed: the benchmarks still use the statistical neighbours they had.\n{error}")
        current = sum(not group.former for group in table.groups)
        click.echo(f"Statistical neighbours now come from {file.name}: {current} local authorities. Saved as {target}.")
        return
    target = instance_file(current_app)
    try:
        release = dfe_figures.refresh(target, file.name, file.read_bytes())
    except dfe_figures.DfeFileError as error:
        fail(f"Nothing was changed: the benchmarks still use the figures they had.\n{error}")
    click.echo(
        f"Benchmarks now use {file.name}: {release.years[0]} to {release.years[-1]}, "
        f"{len(release.authorities())} local authorities. Saved as {target}."
    )


@click.command("import-adult-benchmarks")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_adult_benchmarks_command(file):
    """Load Skills for Care's local authority workbook (sheet LA level data) for adults' benchmarks.

    The social worker rows for every council, region and England are kept; the adults'
    teams are then set beside their council's figures. The workbook is checked whole; if
    anything is wrong nothing changes. A * in it means the figure was suppressed.
    """
    if not file.is_file():
        fail(f"There is no file at {file}.")
    try:
        source = adult_figures.import_workbook(get_db(), file.name, file.read_bytes())
    except adult_figures.AdultFileError as error:
        fail(f"Nothing was changed: the adults' benchmarks are as they were.\n{error}")
    period = f" ({source.period})" if source.period else ""
    click.echo(f"Adults' benchmarks now use {file.name}{period}: social worker figures for {source.areas} councils.")


COMMANDS = (refresh_benchmarks_command, import_adult_benchmarks_command)
