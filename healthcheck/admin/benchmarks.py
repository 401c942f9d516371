"""National benchmarks: the organisation's workforce indicators beside the DfE's published
figures (its authority, statistical neighbours, region and England) and Skills for Care's for
adults' teams; the choice of local authority, of which service areas count as children's or
adults' social work, and the upload of Skills for Care's workbook."""

from pathlib import Path

from flask import current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovRadioInput, GovSelect
from wtforms import RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, STAFF, cycle_or_404
from healthcheck.db import get_db
from healthcheck.dfe import adults as adult_benchmarks
from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.dfe import figures as dfe_figures
from healthcheck.dfe import neighbours as dfe_neighbours
from healthcheck.dfe import scope as benchmark_scope
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
    neighbours_file = dfe_neighbours.current_file(national_benchmarks.neighbours_instance_file(current_app))
    return render_template(
        "admin/benchmarks/panel.html",
        cycle=cycle,
        benchmarks=found,
        kinds=benchmark_scope.KINDS,
        neighbours_file=neighbours_file.name,
        chart=(national_benchmarks.CHART_WIDTH, national_benchmarks.CHART_HEIGHT),
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


class AdultWorkbookForm(FlaskForm):
    file = FileField(
        "Upload Skills for Care's local authority workbook",
        widget=GovFileInput(),
        description="The Excel workbook (.xlsx) with a sheet called LA level data, up to 10 MB",
        validators=[FileRequired(message="Select Skills for Care's LA data download workbook")],
    )


@bp.route("/cycles/<slug>/benchmarks/service-areas", methods=["GET", "POST"])
@role_required(*EDITORS)
def benchmark_service_areas(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    scope = benchmark_scope.scope_for(db, cycle)

    class ScopeForm(FlaskForm):
        pass

    names = {}
    for number, area in enumerate(scope.kinds, start=1):
        name = f"area_{number}"
        names[name] = area
        setattr(
            ScopeForm,
            name,
            RadioField(
                area or "Teams without a service area",
                widget=GovRadioInput(),
                choices=[SelectChoice(kind, label) for kind, label in benchmark_scope.KINDS.items()],
                default=scope.kinds[area],
                validators=[InputRequired(message=f"Say what kind of social work {area} is")],
            ),
        )
    form = ScopeForm()
    if form.validate_on_submit():
        choices = {area: form[name].data for name, area in names.items()}
        try:
            benchmark_scope.save_scope(db, cycle, choices)
        except benchmark_scope.ScopeError as error:
            field = next((name for name, area in names.items() if area == error.field), "csrf_token")
            form[field].errors = list(form[field].errors) + [error.message]
        else:
            flash("The benchmarks now compare like with like using the service areas you chose.")
            return redirect(url_for("admin.benchmarks", slug=slug))
    teams = {
        area: [team["name"] for team in scope.teams if (team["service_area"] or "") == area] for area in scope.kinds
    }
    fields = [(form[name], teams[area]) for name, area in names.items()]
    return render_template("admin/benchmarks/service_areas.html", cycle=cycle, form=form, fields=fields)


@bp.route("/cycles/<slug>/benchmarks/adults", methods=["GET", "POST"])
@role_required(*EDITORS)
def benchmark_adults_upload(slug):
    cycle = cycle_or_404(slug)
    form = AdultWorkbookForm()
    problems, file_name = [], None
    if form.validate_on_submit():
        upload = form.file.data
        file_name = Path(upload.filename or "upload.xlsx").name
        try:
            source = adult_benchmarks.import_workbook(get_db(), file_name, upload.read())
        except adult_benchmarks.AdultFileError as error:
            problems = error.problems
            count = len(problems)
            form.file.errors = [
                f"{file_name} has {count} {'problem' if count == 1 else 'problems'}: {problems[0]}"
                + (". Fix them all and upload the file again" if count > 1 else "")
            ]
        else:
            flash(f"Adults' benchmarks now use {source.file}: {source.areas} councils.")
            return redirect(url_for("admin.benchmarks", slug=slug) + "#adults")
    return render_template(
        "admin/benchmarks/adults_upload.html",
        cycle=cycle,
        form=form,
        file_name=file_name,
        problems=problems[:100],
        more=max(0, len(problems) - 100),
        source=adult_benchmarks.loaded_source(get_db()),
    )
