"""The results' Comments page (themes, then finding comments) and the comment export. Every
comment comes from the release's disclosable view: a group is named only where it has at
least the comment threshold of respondents."""

from flask import Response, render_template, request

from healthcheck.admin import bp
from healthcheck.admin.cycles import cycle_or_404
from healthcheck.admin.results import READERS
from healthcheck.comments import finding
from healthcheck.db import get_db
from healthcheck.results.compute import results_for
from healthcheck.web.auth import role_required
from healthcheck.workbook.comment_export import comments_csv, comments_xlsx, notes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _view(slug: str) -> tuple[dict, dict]:
    cycle = cycle_or_404(slug)
    return cycle, results_for(get_db(), cycle)


@bp.route("/cycles/<slug>/results/comments")
@role_required(*READERS)
def results_comments(slug):
    cycle, view = _view(slug)
    comments = finding.all_comments(view)
    filters, errors = finding.read_filters(request.args, view)
    matches = finding.matching(comments, filters)
    shown, page, pages = finding.page_of(matches, finding.page_number(request.args.get("page")))
    return render_template(
        "admin/results/comments.html",
        cycle=cycle,
        view=view,
        themes=view.get("themes") or [],
        theme_names={theme["id"]: theme["name"] for theme in view.get("themes") or []},
        by_standard=finding.standard_themes(view),
        total=len(comments),
        groups=finding.shown_groups(view),
        filters=filters,
        errors=errors,
        matches=len(matches),
        comments=shown,
        page=page,
        pages=pages,
        page_size=finding.PAGE_SIZE,
        notes=notes(view),
    )


@bp.route("/cycles/<slug>/results/comments.<any(xlsx, csv):kind>")
@role_required(*READERS)
def results_comments_export(slug, kind):
    cycle, view = _view(slug)
    if kind == "xlsx":
        content, mimetype = comments_xlsx(view), XLSX
    else:
        content, mimetype = comments_csv(view), "text/csv; charset=utf-8"
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="comments-{cycle["slug"]}.{kind}"'},
    )
