"""Staff pages for the organisation's own view: a page per standard where the principal
social worker answers each organisation item; read-only for viewers and once closed."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from healthcheck import cycles, organisation_view
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, STAFF, cycle_or_404
from healthcheck.db import get_db
from healthcheck.problems import CycleClosed, Problem
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem


def standard_form(bank, items, answers: dict):
    """Radios, evidence and a link for each organisation item of one standard."""

    class OrganisationViewForm(FlaskForm):
        def entries(self) -> dict:
            return {
                item.id: organisation_view.Entry(
                    answer=self[f"{item.id}_answer"].data or None,
                    evidence=self[f"{item.id}_evidence"].data or "",
                    link=self[f"{item.id}_link"].data or "",
                )
                for item in items
            }

    choices = [SelectChoice(choice.value, choice.label) for choice in bank.organisation_answers]
    data = {}
    for item in items:
        setattr(
            OrganisationViewForm,
            f"{item.id}_answer",
            RadioField(
                item.text,
                widget=GovRadioInput(),
                choices=choices,
                validate_choice=False,
            ),
        )
        setattr(
            OrganisationViewForm,
            f"{item.id}_evidence",
            TextAreaField(
                "Evidence", widget=GovTextArea(), description=item.hint or "What shows this, and where it is kept"
            ),
        )
        setattr(
            OrganisationViewForm,
            f"{item.id}_link",
            StringField(
                "Link to a document (optional)",
                widget=GovTextInput(),
                description="A full web address, such as a policy on the intranet",
            ),
        )
        saved = answers.get(item.id, {})
        data.update(
            {
                f"{item.id}_answer": saved.get("answer"),
                f"{item.id}_evidence": saved.get("evidence", ""),
                f"{item.id}_link": saved.get("link", ""),
            }
        )
    return OrganisationViewForm(data=data)


def _standard_or_404(bank, number: int):
    items = bank.organisation_items_for(number)
    if not items:
        abort(404)
    return bank.standard(number), items


@bp.route("/cycles/<slug>/organisation-view")
@role_required(*STAFF)
def organisation_view_overview(slug):
    cycle = cycle_or_404(slug)
    bank = cycles.cycle_bank(cycle)
    answers = organisation_view.answers_for(get_db(), cycle["id"])
    return render_template(
        "admin/organisation_view/overview.html",
        cycle=cycle,
        progress=organisation_view.progress(bank, answers),
        locked=cycles.figures_locked(cycle),
    )


@bp.route("/cycles/<slug>/organisation-view/standard-<int:number>", methods=["GET"])
@role_required(*STAFF)
def organisation_view_standard(slug, number):
    cycle = cycle_or_404(slug)
    bank = cycles.cycle_bank(cycle)
    standard, items = _standard_or_404(bank, number)
    answers = organisation_view.answers_for(get_db(), cycle["id"])
    editing = g.user["role"] in EDITORS and not cycles.figures_locked(cycle)
    form = standard_form(bank, items, answers) if editing else None
    return _render_standard(cycle, bank, standard, items, answers, form)


@bp.route("/cycles/<slug>/organisation-view/standard-<int:number>", methods=["POST"])
@role_required(*EDITORS)
def organisation_view_save(slug, number):
    cycle = cycle_or_404(slug)
    bank = cycles.cycle_bank(cycle)
    standard, items = _standard_or_404(bank, number)
    db = get_db()
    answers = organisation_view.answers_for(db, cycle["id"])
    form = standard_form(bank, items, answers)
    if form.validate_on_submit():
        try:
            saved = organisation_view.save_answers(db, cycle, items, form.entries(), g.user["email"])
        except CycleClosed as error:
            flash(error.message, "error")
            return redirect(url_for("admin.organisation_view_standard", slug=slug, number=number))
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Standard {number}: {saved} {'answer' if saved == 1 else 'answers'} saved.")
            following = organisation_view.next_standard(bank, number)
            if following is None:
                return redirect(url_for("admin.organisation_view_overview", slug=slug))
            return redirect(url_for("admin.organisation_view_standard", slug=slug, number=following))
    return _render_standard(cycle, bank, standard, items, answers, form)


def _render_standard(cycle, bank, standard, items, answers, form):
    return render_template(
        "admin/organisation_view/standard.html",
        cycle=cycle,
        standard=standard,
        items=items,
        answers=answers,
        labels=organisation_view.answer_labels(bank),
        steps={item.step: bank.step(item.step).wording for item in items},
        following=organisation_view.next_standard(bank, standard.number),
        locked=cycles.figures_locked(cycle),
        form=form,
    )
