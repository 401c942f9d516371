"""National benchmarks for children's social work: the organisation's workforce indicators
beside the DfE's published figures, and the choice of local authority to compare with."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, STAFF, cycle_or_404
from healthcheck.db import get_db
from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.dfe import figures as dfe_figures
from healthcheck.problems import Problem
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem


class AuthorityForm(FlaskForm):
    authority = SelectField(
        "Which local authority does your organisation correspond to?",
        widget=GovSelect(),
        description="Its published children's social work workforce figures are shown beside yours.",
        validate_choice=False,
        validators=[InputRequired(message="Choose a local authority from the list")],
    )


def _release():
    return dfe_figures.load(dfe_figures.current_file(national_benchmarks.instance_file(current_app)))


@bp.route("/cycles/<slug>/benchmarks")
@role_required(*STAFF)
def benchmarks(slug):
    cycle = cycle_or_404(slug)
    found = national_benchmarks.benchmarks_for(get_db(), cycle, national_benchmarks.instance_file(current_app))
    return render_template(
        "admin/benchmarks/panel.html",
        cycle=cycle,
        benchmarks=found,
        licence_url=dfe_figures.LICENCE_URL,
        source_url=dfe_figures.SOURCE_URL,
    )


@bp.route("/cycles/<slug>/benchmarks/authority", methods=["GET", "POST"])
@role_required(*EDITORS)
def benchmark_authority(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    release = _release()
    form = AuthorityForm(data={"authority": national_benchmarks.chosen_authority(db) or ""})
    form.authority.choices = [SelectChoice("", "Choose a local authority")] + [
        SelectChoice(name, name) for name in release.authorities()
    ]
    if form.validate_on_submit():
        try:
            name = national_benchmarks.choose_authority(db, form.authority.data, release)
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Benchmarks now compare with {name}.")
            return redirect(url_for("admin.benchmarks", slug=slug))
    return render_template("admin/benchmarks/authority.html", cycle=cycle, form=form)
