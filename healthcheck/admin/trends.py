"""Trend pages for the principal social worker and the steering group: every standard and
step across the cycles so far, with the actions completed in between."""

from flask import abort, render_template

from healthcheck.admin import bp
from healthcheck.admin.cycles import cycle_or_404
from healthcheck.admin.results import READERS
from healthcheck.db import get_db
from healthcheck.results import trends
from healthcheck.web.auth import role_required


@bp.route("/cycles/<slug>/trends")
@role_required(*READERS)
def trends_overview(slug):
    cycle = cycle_or_404(slug)
    return render_template("admin/trends/overview.html", cycle=cycle, trends=trends.trends_for(get_db(), cycle))


@bp.route("/cycles/<slug>/trends/standards/<int:number>")
@role_required(*READERS)
def trends_standard(slug, number):
    cycle = cycle_or_404(slug)
    found = trends.trends_for(get_db(), cycle)
    standard = trends.for_standard(found, number)
    if standard is None:
        abort(404)
    return render_template("admin/trends/standard.html", cycle=cycle, trends=found, standard=standard)
