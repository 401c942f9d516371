"""Staff pages for adding many teams at once, with a preview, and removing a team before
the survey opens."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovTextArea
from wtforms import TextAreaField
from wtforms.validators import Optional

from healthcheck import cycles
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, cycle_or_404, team_or_404
from healthcheck.admin.forms import ConfirmForm
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.uploads import team_lists, waiting
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem

PASTED = "pasted lines"


class TeamListForm(FlaskForm):
    teams = TextAreaField(
        "Paste the teams",
        widget=GovTextArea(),
        description="One team a line: name, service area, headcount, separated by commas or "
        "copied straight from three spreadsheet columns. For example, Locality North, Adults, 12",
        validators=[Optional()],
    )
    file = FileField(
        "Or upload a file",
        widget=GovFileInput(),
        description="A CSV file or an Excel workbook (.xlsx) with columns headed team name, service area and headcount",
        validators=[Optional()],
    )


def _lines(name: str, content: bytes) -> list:
    if name == PASTED:
        return team_lists.lines_from_paste(content.decode("utf-8"))
    return team_lists.lines_from_file(name, content)


@bp.route("/cycles/<slug>/teams/add-many", methods=["GET", "POST"])
@role_required(*EDITORS)
def add_many_teams(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    form = TeamListForm()
    line_problems = []
    if form.validate_on_submit():
        upload = form.file.data
        if upload and upload.filename:
            name, content = upload.filename, upload.read()
        else:
            name, content = PASTED, (form.teams.data or "").encode("utf-8")
        try:
            team_lists.check_lines(db, cycle, _lines(name, content))
        except Problem as error:
            field = "teams" if name == PASTED else "file"
            line_problems = [each.message for each in error.problems]
            if len(line_problems) > 1:
                summary = f"{len(line_problems)} lines need changing, listed below the box. No teams have been added"
                show_problem(form, Problem(summary, field))
            else:
                show_problem(form, Problem(error.message, field))
        else:
            token = waiting.keep(db, cycle, waiting.TEAMS, content, name, g.user["email"])
            return redirect(url_for("admin.check_many_teams", slug=slug, token=token))
    return render_template("admin/teams/add_many.html", form=form, cycle=cycle, line_problems=line_problems)


@bp.route("/cycles/<slug>/teams/add-many/<token>", methods=["GET", "POST"])
@role_required(*EDITORS)
def check_many_teams(slug, token):
    cycle = cycle_or_404(slug)
    db = get_db()
    upload = waiting.waiting(db, cycle, waiting.TEAMS, token)
    if upload is None:
        flash("That list of teams has expired or was already added. Add the teams again.", "error")
        return redirect(url_for("admin.add_many_teams", slug=slug))
    form = ConfirmForm()
    lines = _lines(upload["filename"], upload["content"])
    if form.validate_on_submit():
        try:
            added = team_lists.add_checked(db, cycle, lines, g.user["email"])
        except Problem as error:
            flash(error.message, "error")
            return redirect(url_for("admin.add_many_teams", slug=slug))
        waiting.discard(db, cycle, token)
        flash(f"{len(added)} teams added.")
        return redirect(url_for("admin.cycle", slug=slug))
    try:
        checked = team_lists.check_lines(db, cycle, lines)
    except Problem as error:
        flash(error.message, "error")
        return redirect(url_for("admin.add_many_teams", slug=slug))
    return render_template("admin/teams/check_many.html", form=form, cycle=cycle, checked=checked)


@bp.route("/cycles/<slug>/teams/<int:team_id>/remove", methods=["GET", "POST"])
@role_required(*EDITORS)
def remove_team(slug, team_id):
    cycle = cycle_or_404(slug)
    team = team_or_404(cycle, team_id)
    form = ConfirmForm()
    if cycle["status"] != "draft":
        abort(404)
    if form.validate_on_submit():
        try:
            cycles.remove_team(get_db(), cycle, team, g.user["email"])
        except Problem as error:
            flash(error.message, "error")
        else:
            flash(f"Team {team['name']} removed.")
        return redirect(url_for("admin.cycle", slug=slug))
    return render_template("admin/teams/remove.html", form=form, cycle=cycle, team=team)
