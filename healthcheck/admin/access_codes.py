"""Staff pages for single-use access codes: the option, the counts, and printing new codes.

Codes are needed unless the PSW turns on the open public link, which only happens after
a page that says plainly what it allows."""

from flask import current_app, flash, redirect, render_template, url_for

from healthcheck import cycles
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, cycle_or_404
from healthcheck.admin.survey_forms import AccessCodeOptionForm, GenerateCodesForm, PublicLinkForm
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.survey import access_codes
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem


def _page(cycle, option=None, generate=None, status=200):
    db = get_db()
    option = option or AccessCodeOptionForm(data={"required": "yes" if access_codes.required(db, cycle) else "no"})
    return render_template(
        "admin/access_codes.html",
        cycle=cycle,
        option=option,
        generate=generate or GenerateCodesForm(),
        counts=access_codes.counts(db, cycle),
        required=access_codes.required(db, cycle),
        form=option if option.errors else generate,
    ), status


@bp.route("/cycles/<slug>/access-codes")
@role_required(*EDITORS)
def access_codes_page(slug):
    return _page(cycle_or_404(slug))


@bp.route("/cycles/<slug>/access-codes/option", methods=["POST"])
@role_required(*EDITORS)
def access_code_option(slug):
    cycle = cycle_or_404(slug)
    form = AccessCodeOptionForm()
    if not form.validate_on_submit():
        return _page(cycle, option=form)
    if form.required.data == "no":
        # The open link is turned on only from the page that says what it allows.
        return redirect(url_for("admin.public_link", slug=slug))
    access_codes.set_required(get_db(), cycle, True)
    flash("Practitioners now need an access code to start the survey.")
    return redirect(url_for("admin.access_codes_page", slug=slug))


@bp.route("/cycles/<slug>/access-codes/public-link", methods=["GET", "POST"])
@role_required(*EDITORS)
def public_link(slug):
    cycle = cycle_or_404(slug)
    form = PublicLinkForm()
    if form.validate_on_submit():
        access_codes.set_required(get_db(), cycle, False)
        flash("The open public link is on: anyone with the survey link can answer, without an access code.")
        return redirect(url_for("admin.access_codes_page", slug=slug))
    return render_template(
        "admin/public_link.html",
        cycle=cycle,
        form=form,
        survey_url=url_for("survey_link", slug=slug, _external=True),
    )


@bp.route("/cycles/<slug>/access-codes/new", methods=["POST"])
@role_required(*EDITORS)
def generate_access_codes(slug):
    cycle = cycle_or_404(slug)
    form = GenerateCodesForm()
    if form.validate_on_submit():
        try:
            codes = access_codes.generate(get_db(), cycle, form.how_many.data, current_app.config["SECRET_KEY"])
        except Problem as error:
            show_problem(form, error)
        else:
            # Shown this once, straight from the request that made them: only hashes are kept.
            return render_template(
                "admin/access_code_sheet.html",
                cycle=cycle,
                codes=codes,
                survey_url=url_for("survey_link", slug=slug, _external=True),
                organisation=cycles.organisation_name(get_db(), current_app.config.get("ORGANISATION_NAME", "")),
            )
    return _page(cycle, generate=form)
