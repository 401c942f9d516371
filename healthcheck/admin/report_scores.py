"""Recording a past cycle's standard scores from an earlier report (the LGA national health
check's, say), so trends and the change since last cycle work from the first year."""

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import DecimalField, IntegerField, StringField
from wtforms.validators import NumberRange, Optional

from healthcheck import cycles
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, cycle_or_404
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.results import report_scores
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem


def _score_field(standard) -> IntegerField:
    return IntegerField(
        f"{standard.number}. {standard.name}",
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(0, 100, message=f"Standard {standard.number}'s score must be a whole number from 0 to 100"),
        ],
    )


def report_form(bank, data=None):
    """The form: the report's name, a score per standard, and optionally respondents and rate."""

    class ReportScoresForm(FlaskForm):
        source = StringField(
            "Which report are the scores from?",
            widget=GovTextInput(),
            description="For example, LGA national health check 2024. It is shown beside every score you enter.",
        )
        respondents = IntegerField(
            "How many people responded? (optional)",
            widget=GovTextInput(),
            validators=[
                Optional(),
                NumberRange(0, 1_000_000, message="Enter a number of respondents from 0 to 1,000,000"),
            ],
        )
        response_rate = DecimalField(
            "Response rate, in per cent (optional)",
            widget=GovTextInput(),
            validators=[Optional(), NumberRange(0, 100, message="Enter a response rate from 0 to 100")],
        )

    for standard in bank.standards:
        setattr(ReportScoresForm, f"score_{standard.number}", _score_field(standard))
    return ReportScoresForm(data=data)


@bp.route("/cycles/<slug>/report-scores", methods=["GET", "POST"])
@role_required(*EDITORS)
def report_scores_page(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    bank = cycles.cycle_bank(cycle)
    recorded = report_scores.report_for(db, cycle)
    data = None
    if recorded:
        data = {f"score_{number}": score for number, score in recorded["scores"].items()}
        data |= {key: recorded[key] for key in ("source", "respondents", "response_rate")}
    form = report_form(bank, data)
    if form.validate_on_submit():
        scores = {
            standard.number: form[f"score_{standard.number}"].data
            for standard in bank.standards
            if form[f"score_{standard.number}"].data is not None
        }
        rate = float(form.response_rate.data) if form.response_rate.data is not None else None
        try:
            report_scores.record_report(db, cycle, scores, form.source.data, form.respondents.data, rate)
        except Problem as problem:
            show_problem(form, problem)
        else:
            flash(f"Scores recorded for {cycle['name']}, entered from {' '.join(form.source.data.split())}.")
            return redirect(url_for("admin.cycle", slug=cycle["slug"]))
    return render_template("admin/answers/report_scores.html", cycle=cycle, form=form, bank=bank, recorded=recorded)
