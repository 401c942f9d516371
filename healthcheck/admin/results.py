"""Results pages for the principal social worker and the steering group: every figure
comes from the disclosable view, so the reporting threshold holds on every page."""

from flask import abort, jsonify, render_template, request

from healthcheck import accounts
from healthcheck.admin import bp
from healthcheck.admin.cycles import cycle_or_404
from healthcheck.db import get_db
from healthcheck.results import compute as results
from healthcheck.web.auth import role_required

READERS = accounts.RESULTS_READERS


@bp.errorhandler(results.ResultsNotReleased)
def not_released(error):
    """Every staff page made from results (results, gaps, trends, suggestions, previews)
    says plainly that nothing is shown before release."""
    return render_template("admin/results/not_released.html", cycle=error.cycle, message=error.message)


def _view(slug: str) -> tuple[dict, dict]:
    cycle = cycle_or_404(slug)
    return cycle, results.results_for(get_db(), cycle)


def _breakdown() -> str:
    by = request.args.get("by", "team")
    if by not in results.BREAKDOWNS:
        abort(404)
    return by


@bp.route("/cycles/<slug>/results")
@role_required(*READERS)
def results_overview(slug):
    cycle, view = _view(slug)
    return render_template("admin/results/overview.html", cycle=cycle, view=view)


@bp.route("/cycles/<slug>/results/standards/<int:number>")
@role_required(*READERS)
def results_standard(slug, number):
    cycle, view = _view(slug)
    standard = next((s for s in view["standards"] if s["number"] == number), None)
    if standard is None:
        abort(404)
    shown = [row for by in results.BREAKDOWNS for row in view["groups"][by] if not row["suppressed"]]
    group = None
    key = request.args.get("group")
    if key:
        group = next((row for row in shown if row["key"] == key), None)
        standards = group and results.group_standard_view(get_db(), cycle, key)
        if not standards:
            abort(404)  # not a group this release shows
        organisation = standard
        standard = next(s for s in standards if s["number"] == number)
    return render_template(
        "admin/results/standard.html",
        cycle=cycle,
        view=view,
        standard=standard,
        group=group,
        groups=shown,
        organisation=organisation if group else None,
        # comments stay with the whole organisation's page: each names its group only where allowed
        comments=[] if group else view["comments"].get(number, []),
    )


@bp.route("/cycles/<slug>/results/heatmap")
@role_required(*READERS)
def results_heatmap(slug):
    by = _breakdown()
    cycle, view = _view(slug)
    return render_template("admin/results/heatmap.html", cycle=cycle, view=view, by=by, rows=view["groups"][by])


@bp.route("/cycles/<slug>/results/scores.json")
@role_required(*READERS)
def results_json(slug):
    by = request.args.get("by") and _breakdown()
    cycle = cycle_or_404(slug)
    try:
        view = results.results_for(get_db(), cycle)
    except results.ResultsNotReleased as error:
        return jsonify({"cycle": cycle["slug"], "released": False, "message": error.message}), 404
    return jsonify(results.scores_document(view, by))


@bp.route("/cycles/<slug>/results/method")
@role_required(*READERS)
def results_method(slug):
    """How the figures are worked out and how sure each is: for a steering group's questions."""
    cycle, view = _view(slug)
    return render_template("admin/results/method.html", cycle=cycle, view=view)
