"""`healthcheck refresh-benchmarks FILE`: replace the DfE figures the benchmarks use with a newer release."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from healthcheck.cli.common import fail
from healthcheck.dfe import figures as dfe_figures
from healthcheck.dfe.benchmarks import instance_file


@click.command("refresh-benchmarks")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def refresh_benchmarks_command(file):
    """Check a newer DfE children's social work workforce indicators CSV and use it for benchmarks.

    FILE is the DfE's indicators file by local authority (the same columns as the
    bundled copy). It is checked whole; if anything is wrong nothing changes.
    """
    if not file.is_file():
        fail(f"There is no file at {file}.")
    target = instance_file(current_app)
    try:
        release = dfe_figures.refresh(target, file.name, file.read_bytes())
    except dfe_figures.DfeFileError as error:
        fail(f"Nothing was changed: the benchmarks still use the figures they had.\n{error}")
    click.echo(
        f"Benchmarks now use {file.name}: {release.years[0]} to {release.years[-1]}, "
        f"{len(release.authorities())} local authorities. Saved as {target}."
    )


COMMANDS = (refresh_benchmarks_command,)
