"""The principal social worker writes a released cycle's summary (its main themes, and each
action's "You said, we did" in public words), previews it, publishes it under a long link
and withdraws it; staff who read results can preview the summary at any time."""

from flask import abort, flash, g, redirect, render_template, url_for

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.admin import bp
from healthcheck.admin.actions import action_or_404
from healthcheck.admin.cycles import cycle_or_404
from healthcheck.admin.forms import ConfirmForm
from healthcheck.admin.publishing_forms import PublicActionForm, PublicationForm, public_form_data
from healthcheck.admin.results import READERS
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.publishing import summaries as publishing
from healthcheck.publishing import you_said
from healthcheck.results import compute as results
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem

PUBLISHER = "psw"


def _view(cycle):
    """The release's view, for its comment themes; none before the results are released."""
    return results.results_for(get_db(), cycle) if cycles.is_released(cycle) else None


def _link(publication):
    if publication is None:
        return None
    return url_for("published.summary", token=publication["token"], _external=True)


def _page(cycle, form):
    db = get_db()
    live = publishing.live_publication(db, cycle["id"])
    return render_template(
        "admin/publishing/manage.html",
        cycle=cycle,
        form=form,
        live=live,
        link=_link(live),
        latest=publishing.latest_publication(db, cycle["id"]),
        confirm=ConfirmForm(),
        plan=you_said.plan_for_publishing(actions.list_actions(db, cycle["id"]), _view(cycle)),
    )


@bp.route("/cycles/<slug>/publish", methods=["GET", "POST"])
@role_required(PUBLISHER)
def publication(slug):
    cycle = cycle_or_404(slug)
    # A summary published again after being withdrawn starts from the themes it had.
    form = PublicationForm(data={"themes": publishing.draft_themes(get_db(), cycle)})
    if form.validate_on_submit():
        try:
            publishing.save_draft_themes(get_db(), cycle, form.themes.data)
        except Problem as error:
            show_problem(form, error)
        else:
            return redirect(url_for("admin.summary_preview", slug=slug))
    return _page(cycle, form)


@bp.route("/cycles/<slug>/publish/release", methods=["POST"])
@role_required(PUBLISHER)
def release_publication(slug):
    """Publish what the PSW has just previewed."""
    cycle = cycle_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        _, released = publishing.publish_draft(get_db(), cycle, g.user["email"])
    except Problem as error:
        flash(error.message, "error")
        return redirect(url_for("admin.publication", slug=slug))
    flash(
        "The summary is published. Share its link with staff and elected members."
        if released
        else "The changes are published."
    )
    return redirect(url_for("admin.publication", slug=slug))


@bp.route("/cycles/<slug>/publish/actions/<reference>", methods=["GET", "POST"])
@role_required(PUBLISHER)
def public_action(slug, reference):
    """Whether an action is in the published summary, and in which words."""
    cycle = cycle_or_404(slug)
    action = action_or_404(cycle, reference)
    themes = you_said.themes_to_choose(_view(cycle))
    form = PublicActionForm.for_themes(themes, data=public_form_data(action))
    if form.validate_on_submit():
        try:
            saved = you_said.save_public_wording(get_db(), action, form.data, themes)
        except Problem as error:
            show_problem(form, error)
        else:
            flash(
                f"Action {reference} is in the published summary."
                if saved["in_summary"]
                else f"Action {reference} is left out of the published summary."
            )
            return redirect(url_for("admin.publication", slug=slug) + "#you-said")
    db = get_db()
    return render_template(
        "admin/publishing/action.html",
        cycle=cycle,
        action=action,
        form=form,
        themes=themes,
        live=publishing.live_publication(db, cycle["id"]),
    )


@bp.route("/cycles/<slug>/publish/withdraw", methods=["POST"])
@role_required(PUBLISHER)
def withdraw_publication(slug):
    cycle = cycle_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        publishing.withdraw(get_db(), cycle, g.user["email"])
    except Problem as error:
        flash(error.message, "error")
    else:
        flash("The summary is withdrawn. Its link now says it is no longer published.")
    return redirect(url_for("admin.publication", slug=slug))


@bp.route("/cycles/<slug>/summary")
@role_required(*READERS)
def summary_preview(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    live = publishing.live_publication(db, cycle["id"])
    changes = bool(publishing.draft_themes(db, cycle)) and publishing.has_unpublished_changes(db, cycle)
    return render_template(
        "published/summary.html",
        preview=True,
        link=_link(live),
        unpublished_changes=changes and live is not None,
        can_publish=changes and g.user["role"] == PUBLISHER and cycles.is_released(cycle),
        confirm=ConfirmForm(),
        **publishing.summary_for(db, cycle, live, draft=True),
    )
