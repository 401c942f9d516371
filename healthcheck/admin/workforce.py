"""Staff pages for a cycle's workforce figures: the overview, the template, upload with a
preview before anything changes, the definitions, and one team's figures by hand."""

from pathlib import Path

from flask import abort, current_app, flash, g, redirect, render_template, session, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovFileInput, GovTextArea, GovTextInput
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import Optional

from healthcheck import cycles, workforce
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, STAFF, cycle_or_404, team_or_404
from healthcheck.admin.forms import ConfirmForm
from healthcheck.db import get_db
from healthcheck.formatting import indicator_text
from healthcheck.problems import Problem
from healthcheck.uploads import waiting
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem
from healthcheck.workforce.figures import DEFINITIONS
from healthcheck.workforce.report import hidden_message
from healthcheck.workforce.template import template_csv, template_xlsx

SESSION_KEY = "workforce_upload"
PROBLEMS_SHOWN = 100
WEB_CREATE_HINT = 'add the team to the cycle first, or tick "Add teams that are not in this cycle yet"'


class UploadForm(FlaskForm):
    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="A CSV file or an Excel workbook (.xlsx), up to 5 MB, with one row per team",
        validators=[FileRequired(message="Select a CSV or Excel file with the workforce figures")],
    )
    team_column = StringField(
        "Column with the team names (optional)",
        widget=GovTextInput(),
        description="Leave empty if the column is headed team, or la_name as in the DfE files",
        validators=[Optional()],
    )
    create_teams = BooleanField("Add teams that are not in this cycle yet", widget=GovCheckboxInput())


class ConfirmImportForm(FlaskForm):
    fingerprint = HiddenField()
    skip_columns = BooleanField(
        "None of these columns holds figures that should be imported", widget=GovCheckboxInput()
    )


class DefinitionsForm(FlaskForm):
    case_definition = TextAreaField(
        DEFINITIONS[0][1],
        widget=GovTextArea(),
        description="For example: a family counts as one case; a child in care and their siblings count as one each",
    )
    long_term_absence_definition = TextAreaField(
        DEFINITIONS[1][1],
        widget=GovTextArea(),
        description="For example: away for 4 weeks or more in a row, for sickness, maternity or another reason",
    )


def team_figures_form(bank, hidden_fields, threshold, data=None):
    """A form with a box for each workforce field of the bank."""

    class TeamFiguresForm(FlaskForm):
        pass

    for field in bank.workforce_fields:
        hint = f"{field.description} Unit: {field.unit}. Evidence for step {field.step}."
        if field.key in hidden_fields:
            hint = (
                f"A figure is stored but hidden, as this team has fewer than {threshold} staff. "
                "Leave it empty to keep it, or enter a new figure to replace it. "
            ) + hint
        setattr(TeamFiguresForm, field.key, StringField(field.label, widget=GovTextInput(), description=hint))
    return TeamFiguresForm(data=data)


def editable_or_redirect(cycle):
    if cycles.figures_locked(cycle):
        flash(workforce.closed_message(cycle), "error")
        return redirect(url_for("admin.workforce_overview", slug=cycle["slug"]))
    return None


@bp.app_template_filter("workforce_figure")
def figure_filter(value) -> str:
    """A stored figure: whole numbers with thousands separators, else up to 2 decimals."""
    if value is None:
        return "Not available"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@bp.app_template_filter("indicator_value")
def indicator_value_filter(value, unit: str) -> str:
    return indicator_text(value, unit)


@bp.route("/cycles/<slug>/workforce")
@role_required(*STAFF)
def workforce_overview(slug):
    cycle = cycle_or_404(slug)
    return render_template(
        "admin/workforce/overview.html",
        cycle=cycle,
        report=workforce.workforce_report(get_db(), cycle),
        definitions=workforce.definitions(cycle),
    )


@bp.route("/cycles/<slug>/workforce/template.<kind>")
@role_required(*STAFF)
def workforce_template(slug, kind):
    cycle = cycle_or_404(slug)
    if kind == "xlsx":
        content, mimetype = (
            template_xlsx(get_db(), cycle),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif kind == "csv":
        content, mimetype = template_csv(get_db(), cycle), "text/csv; charset=utf-8"
    else:
        abort(404)
    response = current_app.response_class(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="workforce-{cycle["slug"]}.{kind}"'
    return response


@bp.route("/cycles/<slug>/workforce/definitions", methods=["GET", "POST"])
@role_required(*EDITORS)
def workforce_definitions(slug):
    cycle = cycle_or_404(slug)
    if (closed := editable_or_redirect(cycle)) is not None:
        return closed
    form = DefinitionsForm(data=cycle)
    if form.validate_on_submit():
        try:
            workforce.save_definitions(get_db(), cycle, form.data)
        except Problem as error:
            show_problem(form, error)
        else:
            flash("Definitions saved. They appear on the template's notes and beside the figures.")
            return redirect(url_for("admin.workforce_overview", slug=slug))
    return render_template("admin/workforce/definitions.html", cycle=cycle, form=form)


@bp.route("/cycles/<slug>/workforce/upload", methods=["GET", "POST"])
@role_required(*EDITORS)
def workforce_upload(slug):
    cycle = cycle_or_404(slug)
    if (closed := editable_or_redirect(cycle)) is not None:
        return closed
    form = UploadForm()
    problems, file_name = [], None
    if form.validate_on_submit():
        upload = form.file.data
        file_name = Path(upload.filename or "upload").name
        data = upload.read()
        options = {
            "team_column": (form.team_column.data or "").strip() or None,
            "create_teams": bool(form.create_teams.data),
        }
        try:
            workforce.plan_import(get_db(), cycle, file_name, data, create_hint=WEB_CREATE_HINT, **options)
        except workforce.WorkforceFileError as error:
            problems = error.problems
            count = len(problems)
            form.file.errors = [
                f"{file_name} has {count} {'problem' if count == 1 else 'problems'}: "
                f"{problems[0]}" + (". Fix them all and upload the file again" if count > 1 else "")
            ]
        else:
            db = get_db()
            waiting.discard(db, cycle, session.get(SESSION_KEY, {}).get("token"))
            session[SESSION_KEY] = {
                "cycle": slug,
                "token": waiting.keep(db, cycle, waiting.WORKFORCE, data, file_name, g.user["email"]),
                "file_name": file_name,
                **options,
            }
            return redirect(url_for("admin.workforce_check", slug=slug))
    return render_template(
        "admin/workforce/upload.html",
        cycle=cycle,
        form=form,
        file_name=file_name,
        problems=problems[:PROBLEMS_SHOWN],
        more=max(0, len(problems) - PROBLEMS_SHOWN),
    )


def _pending_upload(cycle):
    pending = session.get(SESSION_KEY)
    if not pending or pending.get("cycle") != cycle["slug"]:
        return None, None
    upload = waiting.waiting(get_db(), cycle, waiting.WORKFORCE, pending.get("token"))
    return pending, upload["content"] if upload else None


@bp.route("/cycles/<slug>/workforce/upload/check", methods=["GET", "POST"])
@role_required(*EDITORS)
def workforce_check(slug):
    cycle = cycle_or_404(slug)
    if (closed := editable_or_redirect(cycle)) is not None:
        return closed
    pending, data = _pending_upload(cycle)
    if data is None:
        flash("Upload the file again: the file to check was not found.", "error")
        return redirect(url_for("admin.workforce_upload", slug=slug))
    db = get_db()
    try:
        plan = workforce.plan_import(
            db,
            cycle,
            pending["file_name"],
            data,
            team_column=pending["team_column"],
            create_teams=pending["create_teams"],
            create_hint=WEB_CREATE_HINT,
        )
    except workforce.WorkforceFileError as error:
        flash(f"{pending['file_name']} can no longer be imported: {error.problems[0]}. Upload it again.", "error")
        return redirect(url_for("admin.workforce_upload", slug=slug))
    form = ConfirmImportForm()
    if form.validate_on_submit() and plan.not_imported and not form.skip_columns.data:
        show_problem(
            form,
            Problem(
                "Confirm that none of the columns this import does not know holds figures you need, "
                "or rename its header to the field's name and upload the file again",
                "skip_columns",
            ),
        )
    elif form.validate_on_submit():
        if form.fingerprint.data != plan.fingerprint:
            flash(
                "The figures stored changed while you were checking. Check the changes again before importing.", "error"
            )
            return redirect(url_for("admin.workforce_check", slug=slug))
        result = workforce.apply_import(db, cycle, plan, g.user["email"])
        waiting.discard(db, cycle, pending["token"])
        session.pop(SESSION_KEY, None)
        flash(f"Imported {plan.file_name}: {result.summary()}.")
        return redirect(url_for("admin.workforce_overview", slug=slug))
    form.fingerprint.data = plan.fingerprint
    bank = cycles.cycle_bank(cycle)
    return render_template(
        "admin/workforce/check.html",
        cycle=cycle,
        plan=plan,
        form=form,
        labels={f.key: f.label for f in bank.workforce_fields},
        hidden=hidden_message(cycle["reporting_threshold"]),
    )


@bp.route("/cycles/<slug>/workforce/upload/cancel", methods=["POST"])
@role_required(*EDITORS)
def workforce_cancel(slug):
    cycle = cycle_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    pending, _ = _pending_upload(cycle)
    if pending:
        waiting.discard(get_db(), cycle, pending.get("token"))
        session.pop(SESSION_KEY, None)
    flash("Import cancelled. Nothing was changed.")
    return redirect(url_for("admin.workforce_overview", slug=slug))


@bp.route("/cycles/<slug>/workforce/teams/<int:team_id>")
@role_required(*STAFF)
def workforce_team(slug, team_id):
    cycle = cycle_or_404(slug)
    team = team_or_404(cycle, team_id)
    report = workforce.workforce_report(get_db(), cycle)
    return render_template(
        "admin/workforce/team.html", cycle=cycle, team=team, report=report, team_report=report.team(team["id"])
    )


@bp.route("/cycles/<slug>/workforce/teams/<int:team_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def workforce_team_edit(slug, team_id):
    cycle = cycle_or_404(slug)
    team = team_or_404(cycle, team_id)
    if (closed := editable_or_redirect(cycle)) is not None:
        return closed
    db = get_db()
    team_report = workforce.workforce_report(db, cycle).team(team["id"])
    bank = cycles.cycle_bank(cycle)
    shown = {key: workforce_figure_text(value) for key, value in team_report.figures.items()}
    form = team_figures_form(bank, team_report.hidden_fields, cycle["reporting_threshold"], data=shown)
    if form.validate_on_submit():
        entries = {field.key: form[field.key].data for field in bank.workforce_fields}
        try:
            workforce.save_team_figures(db, cycle, team, entries, keep=team_report.hidden_fields)
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Figures for {team['name']} saved.")
            return redirect(url_for("admin.workforce_team", slug=slug, team_id=team["id"]))
    return render_template("admin/workforce/team_form.html", cycle=cycle, team=team, form=form, bank=bank)


def workforce_figure_text(value: float) -> str:
    """A stored figure as it was typed: 12 rather than 12.0."""
    return f"{int(value)}" if float(value).is_integer() else f"{value:.10g}"
