"""The principal social worker releases a closed cycle's summary under a long link, changes
its themes and withdraws it; staff who read results can preview the summary at any time."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField
from wtforms.validators import InputRequired

from healthcheck.admin import bp
from healthcheck.admin.cycles import cycle_or_404
from healthcheck.admin.forms import ConfirmForm
from healthcheck.admin.results import READERS
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.publishing import summaries as publishing
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem

PUBLISHER = "psw"


class PublicationForm(FlaskForm):
    themes = TextAreaField(
        "What are the main themes?",
        widget=GovTextArea(),
        description=(
            "In plain words, for all staff and elected members: what practitioners told you and what "
            "matters most. It appears near the top of the summary."
        ),
        validators=[InputRequired(message="Enter the main themes, in plain words")],
    )


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
    )


@bp.route("/cycles/<slug>/publish", methods=["GET", "POST"])
@role_required(PUBLISHER)
def publication(slug):
    cycle = cycle_or_404(slug)
    # A summary published again after being withdrawn starts from the themes it had.
    latest = publishing.latest_publication(get_db(), cycle["id"])
    form = PublicationForm(data={"themes": latest["themes"] if latest else ""})
    if form.validate_on_submit():
        try:
            _, released = publishing.save_publication(get_db(), cycle, form.themes.data, g.user["email"])
        except Problem as error:
            show_problem(form, error)
        else:
            flash(
                "The summary is published. Share its link with staff and elected members."
                if released
                else "The main themes are saved."
            )
            return redirect(url_for("admin.publication", slug=slug))
    return _page(cycle, form)


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
    return render_template(
        "published/summary.html", preview=True, link=_link(live), **publishing.summary_for(db, cycle, live)
    )
