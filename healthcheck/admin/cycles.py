"""Staff pages for cycles and their teams."""

import datetime

from flask import abort, flash, g, redirect, render_template, request, url_for

from healthcheck import cycles
from healthcheck.admin import bp
from healthcheck.admin.forms import CloseForm, ConfirmForm, CycleForm, OrganisationForm, TeamForm
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.running import tasks as task_list
from healthcheck.survey import uptake
from healthcheck.web.auth import role_required
from healthcheck.web.converters import LARGEST_ID
from healthcheck.web.forms import show_problem

STAFF = ("admin", "psw", "viewer")
EDITORS = ("admin", "psw")
# Releasing results is the principal social worker's decision.
RELEASER = "psw"


def cycle_or_404(slug: str) -> dict:
    cycle = cycles.get_cycle(get_db(), slug)
    if cycle is None:
        abort(404)
    return cycle


def team_or_404(cycle: dict, team_id: int) -> dict:
    team = cycles.get_team(get_db(), team_id) if 0 <= team_id <= LARGEST_ID else None
    if team is None or team["cycle_id"] != cycle["id"]:
        abort(404)
    return team


@bp.route("/")
@role_required(*STAFF)
def dashboard():
    db = get_db()
    listed = cycles.list_cycles(db)
    return render_template(
        "admin/dashboard.html",
        cycles=listed,
        rates={cycle["id"]: _rate_text(db, cycle) for cycle in listed},
        organisation=cycles.organisation_name(db),
    )


def _rate_text(db, cycle: dict) -> str:
    """A cycle's response rate for the list of cycles, within the reporting threshold."""
    if cycle["status"] == "draft":
        return "Not open yet"
    total = uptake.response_uptake(db, cycle).total
    if total.count is None:
        return (
            "No responses yet" if total.note == "none yet" else f"Fewer than {cycle['reporting_threshold']} responses"
        )
    return f"{total.rate:.0f} %" if total.rate is not None else f"{total.count} responses"


@bp.route("/organisation", methods=["GET", "POST"])
@role_required(*EDITORS)
def organisation():
    db = get_db()
    form = OrganisationForm(data={"name": cycles.organisation_name(db)})
    if form.validate_on_submit():
        cycles.set_organisation_name(db, form.name.data)
        flash("Organisation name saved.")
        return redirect(url_for("admin.dashboard"))
    return render_template("admin/organisation.html", form=form)


@bp.route("/cycles/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_cycle():
    from flask import current_app

    form = CycleForm()
    if request.method == "GET":
        form.reporting_threshold.data = current_app.config["REPORTING_THRESHOLD"]
    if form.validate_on_submit():
        try:
            cycle = cycles.create_cycle(get_db(), form.data, today=datetime.date.today())
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Cycle {cycle['name']} created. Now add the teams in scope.")
            return redirect(url_for("admin.cycle", slug=cycle["slug"]))
    return render_template("admin/cycle_form.html", form=form, cycle=None)


@bp.route("/cycles/<slug>")
@role_required(*STAFF)
def cycle(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    teams = cycles.teams_for(db, cycle["id"])
    tasks = task_list.cycle_tasks(db, cycle)
    return render_template(
        "admin/cycle.html",
        cycle=cycle,
        teams=teams,
        tasks=tasks,
        next_task=task_list.next_task(cycle, tasks),
        waiting_for_teams=cycles.waiting_for_teams(cycle, teams, datetime.date.today()),
        team_history=cycles.team_history(db, cycle["id"]) if g.user["role"] in EDITORS else [],
        confirm=ConfirmForm(),
        survey_url=url_for("survey_link", slug=cycle["slug"], _external=True),
    )


@bp.route("/cycles/<slug>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_cycle(slug):
    cycle = cycle_or_404(slug)
    form = CycleForm(data=_cycle_form_data(cycle))
    if form.validate_on_submit():
        try:
            cycle = cycles.update_cycle(get_db(), cycle, form.data, today=datetime.date.today())
        except Problem as error:
            show_problem(form, error)
        else:
            flash("Cycle details saved.")
            return redirect(url_for("admin.cycle", slug=cycle["slug"]))
    return render_template("admin/cycle_form.html", form=form, cycle=cycle)


def _cycle_form_data(cycle: dict) -> dict:
    data = dict(cycle)
    for key in ("capture_date", "opens_on", "closes_on"):
        data[key] = datetime.date.fromisoformat(cycle[key]) if cycle[key] else None
    return data


@bp.route("/cycles/<slug>/open", methods=["POST"])
@role_required(*EDITORS)
def open_cycle(slug):
    return _change_status(slug, cycles.open_cycle, "The survey is open. Its questions are now fixed for this cycle.")


@bp.route("/cycles/<slug>/close", methods=["GET", "POST"])
@role_required(*EDITORS)
def close_cycle(slug):
    """A check page first: what is unfinished and what closing does; closing needs confirming."""
    cycle = cycle_or_404(slug)
    form = CloseForm()
    if cycle["status"] != "open":
        flash(f"Only an open survey can be closed; this one is {cycle['status']}.", "error")
        return redirect(url_for("admin.cycle", slug=slug))
    if form.validate_on_submit():
        try:
            cycles.close_cycle(get_db(), cycle)
        except Problem as error:
            flash(error.message, "error")
        else:
            flash("The survey is closed. Unfinished drafts have been deleted.")
        return redirect(url_for("admin.cycle", slug=slug))
    return render_template(
        "admin/close_check.html", form=form, cycle=cycle, unfinished=task_list.closing_checks(get_db(), cycle)
    )


@bp.route("/cycles/<slug>/reopen", methods=["POST"])
@role_required(*EDITORS)
def reopen_cycle(slug):
    return _change_status(slug, cycles.reopen_cycle, "The survey is open again and takes answers.")


@bp.route("/cycles/<slug>/release", methods=["GET", "POST"])
@role_required(RELEASER)
def release_results(slug):
    """Ask first, then release: the results are worked out once and fixed for good."""
    from healthcheck.results import compute as results

    cycle = cycle_or_404(slug)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            results.release_results(get_db(), cycle, released_by=g.user["email"])
        except Problem as error:
            flash(error.message, "error")
            if error.field == "review":
                return redirect(url_for("admin.review_comments", slug=slug))
        else:
            flash("The results are released. They are now fixed, and the survey takes no more answers.")
        return redirect(url_for("admin.cycle", slug=slug))
    try:
        results.check_releasable(get_db(), cycle)
    except Problem as error:
        flash(error.message, "error")
        if error.field == "review":
            return redirect(url_for("admin.review_comments", slug=slug))
        return redirect(url_for("admin.cycle", slug=slug))
    from healthcheck.comments import review

    return render_template(
        "admin/release.html", cycle=cycle, confirm=form, reviewed=review.review_counts(get_db(), cycle)
    )


def _change_status(slug, change, message):
    cycle = cycle_or_404(slug)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        change(get_db(), cycle)
    except Problem as error:
        flash(error.message, "error")
    else:
        flash(message)
    return redirect(url_for("admin.cycle", slug=slug))


@bp.route("/cycles/<slug>/teams/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_team(slug):
    cycle = cycle_or_404(slug)
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = cycles.add_team(get_db(), cycle, form.data, g.user["email"])
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Team {team['name']} added.")
            return redirect(url_for("admin.cycle", slug=slug))
    return render_template("admin/team_form.html", form=form, cycle=cycle, team=None)


@bp.route("/cycles/<slug>/teams/<int:team_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_team(slug, team_id):
    cycle = cycle_or_404(slug)
    team = team_or_404(cycle, team_id)
    form = TeamForm(data=team)
    if form.validate_on_submit():
        try:
            team = cycles.update_team(get_db(), team, form.data, g.user["email"])
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Team {team['name']} saved.")
            return redirect(url_for("admin.cycle", slug=slug))
    return render_template("admin/team_form.html", form=form, cycle=cycle, team=team)
