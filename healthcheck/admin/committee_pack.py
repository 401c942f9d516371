"""The committee pack: a page under a cycle's results listing the Word report, the PowerPoint
briefing, the chart images and the scores by group, and the downloads themselves. Every file
is made from the released, disclosable results; before release each says results appear after."""

from flask import Response, abort, current_app, render_template

from healthcheck.admin import bp
from healthcheck.admin.cycles import cycle_or_404
from healthcheck.admin.results import READERS
from healthcheck.db import get_db
from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.reports import charts, group_scores, slides, word
from healthcheck.reports.pack import committee_pack
from healthcheck.web.auth import role_required


def _pack(slug: str, with_benchmarks: bool = False):
    """The pack of a released cycle (ResultsNotReleased, shown by the results pages' handler, before)."""
    cycle = cycle_or_404(slug)
    db = get_db()
    found = None
    if with_benchmarks:
        found = national_benchmarks.benchmarks_for(db, cycle, national_benchmarks.instance_file(current_app))
    return committee_pack(db, cycle, benchmarks=found)


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/cycles/<slug>/results/committee-pack")
@role_required(*READERS)
def committee_pack_page(slug):
    pack = _pack(slug)
    return render_template(
        "admin/results/committee_pack.html", cycle=pack.cycle, view=pack.view, charts=charts.chart_names(pack)
    )


@bp.route("/cycles/<slug>/results/committee-pack/report.docx")
@role_required(*READERS)
def committee_report(slug):
    pack = _pack(slug, with_benchmarks=True)
    return _download(word.committee_report(pack), word.DOCX, word.report_filename(pack.cycle))


@bp.route("/cycles/<slug>/results/committee-pack/briefing.pptx")
@role_required(*READERS)
def committee_briefing(slug):
    pack = _pack(slug)
    return _download(slides.briefing(pack), slides.PPTX, slides.briefing_filename(pack.cycle))


@bp.route("/cycles/<slug>/results/committee-pack/scores-by-group.csv")
@role_required(*READERS)
def committee_scores_csv(slug):
    pack = _pack(slug)
    return _download(group_scores.scores_csv(pack), group_scores.CSV, group_scores.csv_filename(pack.cycle))


@bp.route("/cycles/<slug>/results/committee-pack/charts/<chart>.<any(png, svg):image_format>")
@role_required(*READERS)
def committee_chart(slug, chart, image_format):
    pack = _pack(slug)
    try:
        image = charts.chart_image(pack, chart, image_format)
    except charts.UnknownChart:
        abort(404)
    return _download(image, charts.FORMATS[image_format], f"{pack.cycle['slug']}-{chart}.{image_format}")
