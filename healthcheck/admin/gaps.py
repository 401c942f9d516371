"""The gap report for the steering group: where the organisation's own view and
practitioners' scores disagree most."""

from flask import render_template

from healthcheck.admin import bp
from healthcheck.admin.cycles import cycle_or_404
from healthcheck.admin.results import READERS
from healthcheck.db import get_db
from healthcheck.results import gaps
from healthcheck.web.auth import role_required


@bp.route("/cycles/<slug>/gaps")
@role_required(*READERS)
def gap_report(slug):
    cycle = cycle_or_404(slug)
    return render_template("admin/gaps.html", cycle=cycle, **gaps.gaps_for(get_db(), cycle))
