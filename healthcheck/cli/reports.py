"""`healthcheck report`: the committee report (Word) or briefing (PowerPoint) written to a file."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from healthcheck.cli.common import cycle_or_fail, fail
from healthcheck.db import get_db
from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.reports import slides, word
from healthcheck.reports.pack import committee_pack
from healthcheck.results import compute as results

WRITERS = {"docx": (word.committee_report, "committee report"), "pptx": (slides.briefing, "briefing")}


@click.command("report")
@click.option("--cycle", "slug", required=True, help="The cycle's web address name, e.g. health-check-2026")
@click.option("--format", "file_format", type=click.Choice(list(WRITERS)), required=True, help="Word or PowerPoint")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The file to write")
@with_appcontext
def report_command(slug, file_format, output):
    """Write a released cycle's committee report (docx) or briefing slides (pptx)."""
    if output.suffix.lower() != f".{file_format}":
        fail(f"--output: the file name must end in .{file_format}, like {slug}.{file_format}, not {output.name}")
    if not output.parent.is_dir():
        fail(f"--output: the folder {output.parent} does not exist")
    db = get_db()
    cycle = cycle_or_fail(db, slug)
    found = national_benchmarks.benchmarks_for(db, cycle, national_benchmarks.instance_file(current_app))
    try:
        pack = committee_pack(db, cycle, benchmarks=found)
    except results.ResultsNotReleased as error:
        fail(f"Nothing was written. {error.message}")
    write, what = WRITERS[file_format]
    output.write_bytes(write(pack))
    click.echo(f"Wrote the {what} for {cycle['name']} to {output}.")
