"""Staff pages that get people to answer: response rates, posters with QR codes, a suggested email."""

from flask import abort, current_app, render_template, request, url_for

from healthcheck import cycles
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, cycle_or_404, team_or_404
from healthcheck.db import get_db
from healthcheck.survey import access_codes, invitations, uptake
from healthcheck.web.auth import role_required


def _organisation() -> str:
    return cycles.organisation_name(get_db(), current_app.config.get("ORGANISATION_NAME", ""))


@bp.route("/cycles/<slug>/invitations")
@role_required(*EDITORS)
def invitations_page(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    survey_url = url_for("survey_link", slug=slug, _external=True)
    teams = [
        {**team, "link": url_for("survey.start", slug=slug, team_slug=team["slug"], _external=True)}
        for team in cycles.teams_for(db, cycle["id"])
    ]
    return render_template(
        "admin/invitations.html",
        cycle=cycle,
        teams=teams,
        survey_url=survey_url,
        uptake=uptake.response_uptake(db, cycle),
        email=invitations.email_text(cycle, _organisation(), survey_url, access_codes.required(db, cycle)),
    )


@bp.route("/cycles/<slug>/posters")
@role_required(*EDITORS)
def posters(slug):
    """One A4 poster per team (or just ?team=<id>), each with that team's link as a QR code."""
    cycle = cycle_or_404(slug)
    if cycle["status"] != "open":
        abort(404)
    db = get_db()
    team_id = request.args.get("team", type=int)
    teams = [team_or_404(cycle, team_id)] if team_id else cycles.teams_for(db, cycle["id"])
    sheets = []
    for team in teams:
        link = url_for("survey.start", slug=slug, team_slug=team["slug"], _external=True)
        sheets.append({"team": team, "link": link, "qr": invitations.qr_code_data_uri(link)})
    return render_template(
        "admin/posters.html",
        cycle=cycle,
        sheets=sheets,
        organisation=_organisation(),
        codes_required=access_codes.required(db, cycle),
    )
