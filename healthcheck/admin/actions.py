"""Staff pages for a cycle's action plan: the filtered list, one action with its notes,
adding and changing actions, progress notes and carrying unfinished actions over."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.admin import bp
from healthcheck.admin.action_forms import (
    ActionForm,
    CarryOverForm,
    FilterForm,
    NoteForm,
    action_form_data,
)
from healthcheck.admin.cycles import EDITORS, STAFF, cycle_or_404
from healthcheck.comments import themes as comment_themes
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.results.compute import results_for
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem


def action_or_404(cycle: dict, reference: str) -> dict:
    action = actions.find_action(get_db(), cycle["id"], reference)
    if action is None:
        abort(404)
    return action


@bp.route("/cycles/<slug>/actions")
@role_required(*STAFF)
def action_list(slug):
    cycle = cycle_or_404(slug)
    bank = cycles.cycle_bank(cycle)
    form = FilterForm.for_bank(bank, request.args)
    filtered = form.validate()
    rows = actions.list_actions(get_db(), cycle["id"], **(form.filters() if filtered else {}))
    return render_template(
        "admin/actions/list.html",
        cycle=cycle,
        bank=bank,
        form=form,
        actions=rows,
        filtered=filtered and any(form.filters().values()),
    )


@bp.route("/cycles/<slug>/actions/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_action(slug):
    cycle = cycle_or_404(slug)
    bank = cycles.cycle_bank(cycle)
    form = ActionForm.for_bank(bank, actions.group_choices(get_db(), cycle["id"]))
    if request.method == "GET":
        form.status.data, form.progress.data = actions.STATUSES[0], actions.PROGRESS[0]
        if request.args.get("theme"):
            _draft_from_theme(form, cycle, request.args["theme"])
    if form.validate_on_submit():
        try:
            action = actions.create_action(get_db(), cycle, form.data, g.user["email"], bank)
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Action {action['reference']} added.")
            return redirect(url_for("admin.action", slug=slug, reference=action["reference"]))
    return render_template("admin/actions/form.html", form=form, cycle=cycle, action=None)


def _draft_from_theme(form: ActionForm, cycle: dict, theme_id: str) -> None:
    """Start the finding from a comment theme ("Caseload pressure: 41 comments across
    standards 2 and 3") and the standard from its main standard."""
    view = results_for(get_db(), cycle)  # before release there are no themes to draft from
    theme = next((theme for theme in view.get("themes") or [] if theme["id"] == theme_id), None)
    if theme is None:
        abort(404)
    form.finding.data = comment_themes.action_finding(theme)
    if theme.get("main_standard"):
        form.standard.data = str(theme["main_standard"])


@bp.route("/cycles/<slug>/actions/<reference>")
@role_required(*STAFF)
def action(slug, reference):
    cycle = cycle_or_404(slug)
    action = action_or_404(cycle, reference)
    return _action_page(cycle, action, NoteForm())


def _action_page(cycle, action, note_form):
    db = get_db()
    return render_template(
        "admin/actions/view.html",
        cycle=cycle,
        action=action,
        bank=cycles.cycle_bank(cycle),
        notes=actions.notes_for(db, action["id"]),
        overdue=actions.is_overdue(action),
        carried_from=actions.carried_from(db, action),
        for_group=actions.group_label(db, action),
        form=note_form,
    )


@bp.route("/cycles/<slug>/actions/<reference>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_action(slug, reference):
    cycle = cycle_or_404(slug)
    action = action_or_404(cycle, reference)
    bank = cycles.cycle_bank(cycle)
    form = ActionForm.for_bank(bank, actions.group_choices(get_db(), cycle["id"]), data=action_form_data(action))
    if form.validate_on_submit():
        try:
            actions.update_action(get_db(), action, form.data, g.user["email"], bank)
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Action {reference} saved.")
            return redirect(url_for("admin.action", slug=slug, reference=reference))
    return render_template("admin/actions/form.html", form=form, cycle=cycle, action=action)


@bp.route("/cycles/<slug>/actions/<reference>/notes", methods=["POST"])
@role_required(*EDITORS)
def add_action_note(slug, reference):
    cycle = cycle_or_404(slug)
    action = action_or_404(cycle, reference)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            actions.add_note(get_db(), action, form.text.data, g.user["email"])
        except Problem as error:
            show_problem(form, error)
        else:
            flash("Progress note added.")
            return redirect(url_for("admin.action", slug=slug, reference=reference))
    return _action_page(cycle, action, form)


@bp.route("/cycles/<slug>/actions/carry-over", methods=["GET", "POST"])
@role_required(*EDITORS)
def carry_over_actions(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    sources = [
        (other, len(actions.carry_over_candidates(db, other, cycle)))
        for other in cycles.list_cycles(db)
        if other["id"] != cycle["id"]
    ]
    form = CarryOverForm()
    form.source.choices = [
        SelectChoice(other["slug"], f"{other['name']} ({count} unfinished)") for other, count in sources
    ]
    if form.validate_on_submit():
        source = cycles.get_cycle(db, form.source.data)
        carried = actions.carry_over(db, source, cycle, g.user["email"])
        flash(f"{len(carried)} unfinished action{'' if len(carried) == 1 else 's'} carried over from {source['name']}.")
        return redirect(url_for("admin.action_list", slug=slug))
    return render_template("admin/actions/carry_over.html", form=form, cycle=cycle, sources=sources)
