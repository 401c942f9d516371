"""Security headers on every response: a nonce-based CSP, no framing, no referrer, no caching;
HTTPS-only cookies and HSTS when served over HTTPS; user text shown without its direction
controls."""

import secrets

from flask import current_app, g, request

from healthcheck.formatting import inert_text

HSTS = "max-age=31536000"


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def add_security_headers(response):
    nonce = g.get("csp_nonce")
    script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src {script_src}; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    if current_app.config.get("HTTPS"):
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def init_app(app) -> None:
    if app.config.get("HTTPS"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    # Flask-WTF's strict mode wants a Referer header on HTTPS posts, but Referrer-Policy:
    # no-referrer means browsers never send one; the token and SameSite cookie protect forms.
    app.config["WTF_CSRF_SSL_STRICT"] = False
    app.jinja_env.finalize = inert_text
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(add_security_headers)
