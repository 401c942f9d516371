"""Staff pages for invitations by email: add people, edit the messages, send in small batches.

The principal social worker sees counts only (invited, sent, not answered yet), never who
has or has not answered. Each press of a send button sends at most one batch, so no request
waits for the whole list; the page shows how many are left, and pressing again carries on
where the last batch stopped (no one is sent a second copy).
"""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from healthcheck import cycles
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, cycle_or_404
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.survey import invitations, mail
from healthcheck.survey.invitations import ListError
from healthcheck.uploads import waiting
from healthcheck.web.auth import role_required

KIND = "invitations"


def _settings_problem() -> str | None:
    try:
        mail.settings_from(current_app.config.get("SMTP_URL"), current_app.config.get("MAIL_FROM"))
    except mail.MailError as error:
        return error.message
    if not current_app.config.get("BASE_URL"):
        return "HEALTHCHECK_BASE_URL is not set: the links in messages start with it"
    return None


def _page(cycle, status=200, problems=None, preview=None, texts=None, field_errors=None):
    db = get_db()
    return render_template(
        "admin/email_invitations.html",
        cycle=cycle,
        counts=invitations.counts(db, cycle),
        teams=cycles.teams_for(db, cycle["id"]),
        texts=texts or invitations.messages(db, cycle),
        placeholders=invitations.PLACEHOLDERS,
        settings_problem=_settings_problem(),
        problems=problems or [],
        preview=preview,
        field_errors=field_errors or {},
        batch=invitations.BATCH,
    ), status


@bp.route("/cycles/<slug>/email-invitations")
@role_required(*EDITORS)
def email_invitations(slug):
    return _page(cycle_or_404(slug))


@bp.route("/cycles/<slug>/email-invitations/paste", methods=["POST"])
@role_required(*EDITORS)
def paste_invitations(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    try:
        found = invitations.read_pasted(db, cycle, request.form.get("team", ""), request.form.get("addresses", ""))
        invitations.add(db, cycle, found)
    except ListError as error:
        return _page(cycle, 400, problems=[f"{error.file_name}: {problem}" for problem in error.problems])
    except Problem as error:
        return _page(cycle, 400, problems=[error.message])
    flash(f"{len(found)} added. Their invitations are ready to send.")
    return redirect(url_for("admin.email_invitations", slug=slug))


@bp.route("/cycles/<slug>/email-invitations/upload", methods=["POST"])
@role_required(*EDITORS)
def upload_invitations(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page(cycle, 400, problems=["Choose a CSV or Excel file with columns email and team"])
    data = upload.read()
    try:
        found = invitations.read_list(db, cycle, upload.filename, data)
    except ListError as error:
        return _page(cycle, 400, problems=[f"{error.file_name}: {problem}" for problem in error.problems])
    token = waiting.keep(db, cycle, KIND, data, upload.filename, g.user["email"])
    names = {team["id"]: team["name"] for team in cycles.teams_for(db, cycle["id"])}
    per_team: dict[str, int] = {}
    for _, team_id in found:
        per_team[names[team_id]] = per_team.get(names[team_id], 0) + 1
    preview = {"token": token, "filename": upload.filename, "total": len(found), "per_team": sorted(per_team.items())}
    return _page(cycle, preview=preview)


@bp.route("/cycles/<slug>/email-invitations/confirm", methods=["POST"])
@role_required(*EDITORS)
def confirm_invitations(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    token = request.form.get("token")
    kept = waiting.waiting(db, cycle, KIND, token)
    if kept is None:
        return _page(cycle, 400, problems=["That staff list has expired or was added already: upload it again"])
    if request.form.get("action") == "discard":
        waiting.discard(db, cycle, token)
        flash("The staff list was discarded: no one was added.")
        return redirect(url_for("admin.email_invitations", slug=slug))
    try:
        found = invitations.read_list(db, cycle, kept["filename"], kept["content"])
        invitations.add(db, cycle, found)
    except ListError as error:
        return _page(cycle, 400, problems=[f"{error.file_name}: {problem}" for problem in error.problems])
    except Problem as error:
        return _page(cycle, 400, problems=[error.message])
    finally:
        waiting.discard(db, cycle, token)
    flash(f"{len(found)} added. Their invitations are ready to send.")
    return redirect(url_for("admin.email_invitations", slug=slug))


@bp.route("/cycles/<slug>/email-invitations/messages", methods=["POST"])
@role_required(*EDITORS)
def save_invitation_messages(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    texts = {
        kind: {"subject": request.form.get(f"{kind}_subject", ""), "body": request.form.get(f"{kind}_body", "")}
        for kind in (invitations.INVITATION, invitations.REMINDER)
    }
    try:
        for kind, text in texts.items():
            invitations.save_message(db, cycle, kind, text["subject"], text["body"])
    except Problem as error:
        return _page(cycle, 400, texts=texts, field_errors={error.field: error.message})
    flash("The messages are saved.")
    return redirect(url_for("admin.email_invitations", slug=slug))


@bp.route("/cycles/<slug>/email-invitations/send/<kind>", methods=["POST"])
@role_required(*EDITORS)
def send_invitations(slug, kind):
    """Send one batch of invitations or reminders (a first press of reminders starts a round)."""
    cycle = cycle_or_404(slug)
    if kind not in (invitations.INVITATION, invitations.REMINDER):
        abort(404)
    db = get_db()
    problem = _settings_problem()
    if problem:
        return _page(cycle, 400, problems=[problem])
    try:
        if kind == invitations.REMINDER and not invitations.counts(db, cycle)["reminders_waiting"]:
            invitations.start_reminders(db, cycle)
        settings = mail.settings_from(current_app.config["SMTP_URL"], current_app.config["MAIL_FROM"])
        organisation = cycles.organisation_name(db, current_app.config.get("ORGANISATION_NAME", ""))
        with mail.Mailer(settings) as mailer:
            result = invitations.send_batch(
                db,
                cycle,
                kind,
                mailer,
                current_app.config["SECRET_KEY"],
                current_app.config["BASE_URL"],
                organisation,
                limit=invitations.BATCH,
            )
    except (Problem, mail.MailError) as error:
        return _page(
            cycle, 400, problems=[f"{error.message}. Nothing more was sent; press the button again to carry on."]
        )
    refused = f" The mail server refused {result['refused']}; they will be tried again." if result["refused"] else ""
    flash(f"Sent {result['sent']} {'invitation' if kind == invitations.INVITATION else 'reminder'}s.{refused}")
    return redirect(url_for("admin.email_invitations", slug=slug))
