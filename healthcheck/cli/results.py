"""`healthcheck scores` and `healthcheck import-responses`: results and earlier answers from the shell."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from healthcheck.cli.common import cycle_or_fail, fail
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.results import compute as results
from healthcheck.results import report_scores
from healthcheck.survey import importing, mapping
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
    "--mapping",
    "mapping_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A saved mapping (TOML) saying what each column and answer means.",
)
@click.option(
    "--save-mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the mapping used (or that would be used) to this TOML file, for next year's file.",
)
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be stored, changing nothing.")
@click.option("--yes", is_flag=True, help="Apply the suggested mapping when every column and answer has one.")
@click.option(
    "--max-rows",
    type=click.IntRange(1, 10_000_000),
    default=None,
    help=f"The most respondents a file may hold (default: the RESPONSE_IMPORT_MAX_ROWS setting, "
    f"else {MAX_ROWS:,}); larger files are allowed in proportion.",
)
@with_appcontext
def import_responses_command(file, slug, mapping_file, save_mapping, dry_run, yes, max_rows):
    """Import earlier answers from CSV or XLSX: one row per respondent, all or nothing.

    A file in this app's layout (columns team, role, years, submitted_on, question ids and
    comment_1 to comment_8) is imported as it is. Another tool's export (SurveyMonkey,
    LimeSurvey, Microsoft Forms) is recognised and each column mapped to a question; the
    mapping is printed, and applied only with --yes or a saved --mapping, and only when
    every column and answer is decided."""
    db = get_db()
    cycle = cycle_or_fail(db, slug)
    rows = max_rows or current_app.config.get("RESPONSE_IMPORT_MAX_ROWS") or MAX_ROWS
    limits = LIMITS.for_rows(rows)
    saved = None
    if mapping_file:
        try:
            saved = mapping.read_saved(mapping_file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            fail(f"--mapping {mapping_file.name}: {error}; nothing was imported.")
    try:
        planned = importing.plan(db, cycle, file, saved, limits)
    except ResponseImportError as error:
        fail(f"Nothing was imported.\n{error}")
    if save_mapping:
        save_mapping.write_text(planned.mapping.to_toml(), encoding="utf-8")
        click.echo(f"Saved the mapping to {save_mapping}.")
    ours = importing.in_our_layout(planned) and saved is None
    if ours and not dry_run:
        try:
            count = import_responses(db, cycle, file, limits)
        except ResponseImportError as error:
            fail(f"Nothing was imported.\n{error}")
        click.echo(f"Imported {count} {'response' if count == 1 else 'responses'} into {cycle['name']}.")
        return
    undecided = planned.mapping.undecided()
    if not ours and (undecided or not (yes or saved) or dry_run):
        click.echo(f"{file.name} is {planned.shape.layout}'s layout. The mapping it would follow:")
        for column in planned.mapping.columns:
            note = f"  [{column.note}]" if column.note and column.use is None else ""
            click.echo(f"  {column.letter} {_short(column.header)} -> {column.described()}{note}")
        for owner, labels in planned.mapping.labels.items():
            for label, value in labels.items():
                click.echo(f"  answer '{label}' in {owner} -> {value or 'undecided'}")
        if undecided:
            click.echo(f"{len(undecided)} to decide before anything can be imported:", err=True)
            for problem in undecided:
                click.echo(f"  {problem}", err=True)
            fail(
                "Nothing was imported. Save the mapping (--save-mapping), decide each column and answer "
                "in it, and import again with --mapping."
            )
        if not (yes or saved):
            click.echo("Nothing was imported: add --yes to apply this mapping, or --mapping with a saved one.")
            return
    try:
        summary = importing.import_mapped(db, cycle, planned, dry_run=dry_run)
    except ResponseImportError as error:
        fail(f"Nothing was imported.\n{error}")
    for line in summary.lines():
        click.echo(line)
    if dry_run:
        click.echo("Nothing was changed (--dry-run).")
    else:
        click.echo(
            f"Imported {summary.responses} {'response' if summary.responses == 1 else 'responses'} into {cycle['name']}."
        )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "(no header)").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@click.command("record-report-scores")
@click.option("--cycle", "slug", required=True, help="The past cycle the report is about.")
@click.option(
    "--score",
    "scores",
    multiple=True,
    required=True,
    help="A standard's score from the report, as NUMBER=SCORE (for example --score 1=62); once per standard.",
)
@click.option("--source", required=True, help="The report, such as 'LGA national health check 2024'.")
@click.option("--respondents", type=int, default=None, help="How many responded, if the report says.")
@click.option("--response-rate", type=float, default=None, help="The response rate in per cent, if the report says.")
@with_appcontext
def record_report_scores_command(slug, scores, source, respondents, response_rate):
    """Record a past cycle's standard scores from an earlier report (summary only), so trends
    and the change since last cycle work from the first year."""
    db = get_db()
    cycle = cycle_or_fail(db, slug)
    parsed = {}
    for text in scores:
        number, _, score = text.partition("=")
        try:
            parsed[int(number)] = int(score)
        except ValueError:
            fail(f"--score {text}: write it as the standard's number, '=' and a whole-number score, like 1=62.")
    try:
        cycle = report_scores.record_report(db, cycle, parsed, source, respondents, response_rate)
    except Problem as problem:
        fail("Nothing was recorded.\n" + "\n".join(problem.messages.values()))
    click.echo(
        f"Recorded {len(parsed)} standard {'score' if len(parsed) == 1 else 'scores'} for {cycle['name']}, "
        f"entered from {' '.join(source.split())}."
    )


COMMANDS = (scores_command, import_responses_command, record_report_scores_command)
