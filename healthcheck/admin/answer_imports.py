"""Importing an earlier year's survey answers in the app: upload a file (and, if kept from
last year, its saved mapping), check and decide what each column and answer label means on
the mapping page, then import; the summary says exactly what was stored and left out."""

from pathlib import Path

from flask import Response, flash, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput

from healthcheck import cycles
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, cycle_or_404
from healthcheck.db import get_db
from healthcheck.survey import importing, mapping
from healthcheck.uploads import waiting
from healthcheck.web.auth import role_required

SESSION_KEY = "answer_import"


class AnswersUploadForm(FlaskForm):
    file = FileField(
        "The exported answers (CSV or XLSX)",
        validators=[FileRequired("Choose the file of answers to import")],
        widget=GovFileInput(),
    )
    saved_mapping = FileField("A mapping saved from last year's import (optional, .toml)", widget=GovFileInput())


class MappingForm(FlaskForm):
    """Only the CSRF token: the page's selects are read from the request as they vary by file."""


@bp.route("/cycles/<slug>/answers/import", methods=["GET", "POST"])
@role_required(*EDITORS)
def answers_upload(slug):
    cycle = cycle_or_404(slug)
    form = AnswersUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        file_name = Path(upload.filename or "answers.csv").name
        data = upload.read()
        saved_text = form.saved_mapping.data.read() if form.saved_mapping.data else b""
        try:
            saved = mapping.read_saved(saved_text.decode("utf-8")) if saved_text else None
            importing.plan_upload(get_db(), cycle, file_name, data, saved)
        except (ValueError, UnicodeDecodeError) as error:
            problems = error.problems if isinstance(error, importing.ResponseImportError) else [str(error)]
            form.file.errors = [problems[0]]
        else:
            db = get_db()
            _discard(db, cycle)
            session[SESSION_KEY] = {
                "cycle": slug,
                "token": waiting.keep(db, cycle, waiting.SURVEY_ANSWERS, data, file_name, g.user["email"]),
                "mapping": waiting.keep(db, cycle, waiting.ANSWERS_MAPPING, saved_text, "mapping.toml", g.user["email"])
                if saved_text
                else None,
            }
            return redirect(url_for("admin.answers_mapping", slug=slug))
    return render_template("admin/answers/upload.html", cycle=cycle, form=form)


def _discard(db, cycle):
    pending = session.pop(SESSION_KEY, None) or {}
    waiting.discard(db, cycle, pending.get("token"))
    waiting.discard(db, cycle, pending.get("mapping"))


def _pending(db, cycle):
    pending = session.get(SESSION_KEY) or {}
    if pending.get("cycle") != cycle["slug"]:
        return None, None
    upload = waiting.waiting(db, cycle, waiting.SURVEY_ANSWERS, pending.get("token"))
    saved = waiting.waiting(db, cycle, waiting.ANSWERS_MAPPING, pending.get("mapping"))
    return upload, mapping.read_saved(saved["content"].decode("utf-8")) if saved else None


@bp.route("/cycles/<slug>/answers/import/mapping", methods=["GET", "POST"])
@role_required(*EDITORS)
def answers_mapping(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    upload, saved = _pending(db, cycle)
    if upload is None:
        flash("Upload the file again: the file to map was not found.", "error")
        return redirect(url_for("admin.answers_upload", slug=slug))
    try:
        planned = importing.plan_upload(db, cycle, upload["filename"], upload["content"], saved)
    except importing.ResponseImportError as error:
        flash(f"{upload['filename']} can no longer be read: {error.problems[0]}", "error")
        return redirect(url_for("admin.answers_upload", slug=slug))
    bank = cycles.cycle_bank(cycle) if cycle.get("bank_json") else importing.questions.load_bank()
    form = MappingForm()
    labels = [(owner, label) for owner, table in planned.mapping.labels.items() for label in table]
    problems = []
    if form.validate_on_submit():
        team_names = [team["name"] for team in cycles.teams_for(db, cycle["id"])]
        _apply_choices(planned.mapping, request.form, labels, planned, bank, team_names)
        action = request.form.get("action")
        if action == "save":
            return Response(
                planned.mapping.to_toml(),
                mimetype="application/toml",
                headers={"Content-Disposition": 'attachment; filename="answers-mapping.toml"'},
            )
        if action == "import":
            try:
                summary = importing.import_mapped(db, cycle, planned)
            except importing.ResponseImportError as error:
                problems = error.problems
            else:
                _discard(db, cycle)
                return render_template("admin/answers/summary.html", cycle=cycle, summary=summary)
    return render_template(
        "admin/answers/mapping.html",
        cycle=cycle,
        form=form,
        planned=planned,
        uses=_use_options(bank),
        labels=labels,
        label_choices=_label_choices(bank, cycle, db),
        undecided=planned.mapping.undecided(),
        problems=problems[:30],
        value_of=_value_of,
    )


def _value_of(column: mapping.Column) -> str:
    if column.use is None:
        return ""
    if column.use == mapping.ITEM:
        return f"item:{column.item}"
    if column.use == mapping.OPTION:
        return f"option:{column.item}:{column.choice}"
    if column.use == mapping.COMMENT:
        return f"comment:{column.standard}"
    return column.use


def _apply_choices(chosen: mapping.Mapping, form, labels, planned, bank, team_names) -> None:
    """The PSW's choices from the page, over the suggested mapping."""
    for column in chosen.columns:
        value = form.get(f"column-{column.index}")
        if value is None:
            continue
        kind, _, rest = value.partition(":")
        column.item = column.choice = column.standard = None
        if not value:
            column.use = None
            column.note = column.note or "undecided"
        elif kind == mapping.ITEM:
            column.use, column.item = kind, rest
        elif kind == mapping.OPTION:
            column.use, (column.item, _, column.choice) = kind, rest.partition(":")
        elif kind == mapping.COMMENT:
            column.use, column.standard = kind, int(rest)
        elif kind in mapping.USES:
            column.use = kind
    mapping.relabel(chosen, planned.rows[planned.shape.header_rows :], bank, team_names)
    labels[:] = [(owner, label) for owner, table in chosen.labels.items() for label in table]
    for number, (owner, label) in enumerate(labels):
        value = form.get(f"label-{number}")
        if value is not None:
            chosen.labels[owner][label] = value or None
    if form.get("date_order") in mapping.DATE_ORDERS:
        chosen.date_order = form["date_order"]
    chosen.include_incomplete = form.get("include_incomplete") == "yes"


def _use_options(bank) -> list[tuple[str, str]]:
    options = [("", "Undecided"), (mapping.NOT_STORED, "Not stored: identifies someone")]
    options += [(mapping.IGNORE, "Ignore this column"), (mapping.TEAM, "The team"), (mapping.ROLE, "The role group")]
    options += [(mapping.YEARS, "Years in social work"), (mapping.SUBMITTED, "The date sent (the date only is kept)")]
    options += [(mapping.COMPLETION, "Whether the response was finished")]
    for item in bank.items:
        options.append((f"item:{item.id}", f"Question {item.id}: {_cut(item.text)}"))
        if item.type == "multiple_choice":
            options += [
                (f"option:{item.id}:{choice.value}", f"Question {item.id}, ticked: {_cut(choice.label)}")
                for choice in item.choices
            ]
    options += [
        (f"comment:{standard.number}", f"Comment on standard {standard.number}: {_cut(standard.name)}")
        for standard in bank.standards
    ]
    return options


def _label_choices(bank, cycle, db) -> dict[str, list[tuple[str, str]]]:
    from healthcheck.questions import DONT_KNOW, PREFER_NOT_TO_SAY, ROLE_GROUPS

    found = {
        mapping.TEAM: [(team["name"], team["name"]) for team in cycles.teams_for(db, cycle["id"])],
        mapping.ROLE: [*ROLE_GROUPS.items(), (PREFER_NOT_TO_SAY, "Prefer not to say")],
    }
    for item in bank.items:
        choices = bank.choices_for(item) if item.type in ("agreement", "frequency") else item.choices
        found[item.id] = [(choice.value, choice.label) for choice in choices] + [(DONT_KNOW, bank.dont_know_label)]
    return found


def _cut(text: str, limit: int = 48) -> str:
    """An option's text short enough that the page's select stays beside its column's notes."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
