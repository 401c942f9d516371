"""The action-plan workbook: download it, and upload an edited copy to preview and apply."""

from flask import Response, abort, flash, g, redirect, render_template, request, url_for

from healthcheck import accounts, cycles
from healthcheck.admin import bp
from healthcheck.admin.action_forms import ImportForm
from healthcheck.admin.cycles import EDITORS, STAFF, cycle_or_404
from healthcheck.admin.forms import ConfirmForm
from healthcheck.db import get_db
from healthcheck.uploads import waiting
from healthcheck.web.auth import role_required
from healthcheck.workbook import build as workbook
from healthcheck.workbook import importing as workbook_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/cycles/<slug>/action-plan.xlsx")
@role_required(*STAFF)
def action_plan_workbook(slug):
    cycle = cycle_or_404(slug)
    # An administrator gets the plan, the workforce figures and the notes, not the results.
    with_results = g.user["role"] in accounts.RESULTS_READERS
    book = workbook.build_workbook(get_db(), cycle, generated_by=g.user["email"], with_results=with_results)
    return Response(
        workbook.workbook_bytes(book),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{workbook.action_plan_filename(cycle)}"'},
    )


@bp.route("/cycles/<slug>/action-plan/import", methods=["GET", "POST"])
@role_required(*EDITORS)
def import_action_plan(slug):
    cycle = cycle_or_404(slug)
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.workbook.data
        content = upload.read(workbook_import.LIMITS.max_bytes + 1)
        db = get_db()
        try:
            workbook_import.read_upload(db, cycle, content, upload.filename or "The file")
        except workbook_import.WorkbookError as error:
            problems = _shown(error.problems)
            form.workbook.errors = [_summary(problems)]
        else:
            token = waiting.keep(db, cycle, waiting.ACTION_PLAN, content, upload.filename or "", g.user["email"])
            return redirect(url_for("admin.preview_action_plan", slug=slug, token=token))
    return render_template("admin/actions/import.html", form=form, cycle=cycle, problems=problems)


def _summary(problems: list[str]) -> str:
    if len(problems) == 1:
        return problems[0]
    return f"The workbook has {len(problems)} problems, listed on this page. Nothing has been changed"


SHOWN_PROBLEMS = 25


def _shown(problems: list[str]) -> list[str]:
    """Every problem goes in the error summary, up to a readable number."""
    if len(problems) <= SHOWN_PROBLEMS:
        return problems
    more = len(problems) - SHOWN_PROBLEMS
    return problems[:SHOWN_PROBLEMS] + [f"And {more} more problem{'' if more == 1 else 's'} after those"]


@bp.route("/cycles/<slug>/action-plan/import/<token>", methods=["GET", "POST"])
@role_required(*EDITORS)
def preview_action_plan(slug, token):
    cycle = cycle_or_404(slug)
    db = get_db()
    upload = waiting.waiting(db, cycle, waiting.ACTION_PLAN, token)
    if upload is None:
        flash("That upload has expired or was already used. Upload the workbook again.", "error")
        return redirect(url_for("admin.import_action_plan", slug=slug))
    confirm = ConfirmForm()
    try:
        changes = workbook_import.read_upload(db, cycle, upload["content"], upload["filename"] or "The file")
    except workbook_import.WorkbookError as error:
        # The plan changed since the upload in a way that makes the workbook wrong now.
        waiting.discard(db, cycle, token)
        flash(error.problems[0], "error")
        return redirect(url_for("admin.import_action_plan", slug=slug))
    if confirm.validate_on_submit():
        if request.form.get("digest") != changes.digest():
            flash("The action plan changed after this preview was shown. Check the changes again.", "error")
        else:
            counts = workbook_import.apply_changes(db, cycle, cycles.cycle_bank(cycle), changes, g.user["email"])
            waiting.discard(db, cycle, token)
            flash(f"Action plan updated: {counts['changed']} changed, {counts['added']} added.")
            return redirect(url_for("admin.action_list", slug=slug))
    return render_template(
        "admin/actions/preview.html", cycle=cycle, changes=changes, confirm=confirm, upload=upload, token=token
    )


@bp.route("/cycles/<slug>/action-plan/import/<token>/discard", methods=["POST"])
@role_required(*EDITORS)
def discard_action_plan(slug, token):
    cycle = cycle_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    waiting.discard(get_db(), cycle, token)
    flash("The upload was discarded. Nothing was changed.")
    return redirect(url_for("admin.action_list", slug=cycle["slug"]))
