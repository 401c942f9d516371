"""The published summary at its long unguessable link: open to anyone who has the link,
"no longer published" (410) once withdrawn, and not found for any other address."""

from flask import Blueprint, abort, render_template

from healthcheck.db import get_db
from healthcheck.publishing import summaries as publishing

bp = Blueprint("published", __name__, url_prefix="/published")


@bp.route("/<token>")
def summary(token):
    db = get_db()
    publication = publishing.publication_by_token(db, token)
    if publication is None:
        abort(404)
    cycle = db["cycles"].get(publication["cycle_id"])
    if publication["withdrawn"]:
        return render_template("published/withdrawn.html", cycle=cycle), 410
    if not cycle.get("released_on"):
        abort(404)  # a summary shows released results only
    return render_template("published/summary.html", **publishing.summary_for(db, cycle, publication))
