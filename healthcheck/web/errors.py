"""Error pages in GOV.UK style, so nobody meets a bare server message: bad or expired
forms (400), no permission (403), not found (404), wrong method (405), too large (413),
too many attempts (429) and server errors (500)."""

from flask import current_app, render_template
from flask_wtf.csrf import CSRFError


def megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 1 else f"{size // 1024} KB"


def _page(status: int, **context):
    return render_template(f"errors/{status}.html", **context), status


def bad_request(error):
    return _page(400, form_expired=False)


def form_expired(error):
    return _page(400, form_expired=True)


def forbidden(error):
    return _page(403)


def not_found(error):
    return _page(404)


def method_not_allowed(error):
    body, status = _page(405)
    return body, status, {"Allow": ", ".join(sorted(error.valid_methods or []))}


def too_large(error):
    return _page(413, limit=megabytes(current_app.config["MAX_CONTENT_LENGTH"]))


def too_many_requests(error):
    return _page(429)


def server_error(error):
    return _page(500)


def init_app(app) -> None:
    app.register_error_handler(CSRFError, form_expired)
    for status, handler in (
        (400, bad_request),
        (403, forbidden),
        (404, not_found),
        (405, method_not_allowed),
        (413, too_large),
        (429, too_many_requests),
        (500, server_error),
    ):
        app.register_error_handler(status, handler)
