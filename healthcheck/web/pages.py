"""Pages that belong to no feature: the front door and the health probe."""

import sqlite3

from flask import Blueprint, current_app, g, jsonify, redirect, url_for

from healthcheck import cycles
from healthcheck.db import get_db

bp = Blueprint("pages", __name__)


def organisation_name() -> str:
    """The council's name for the page header: as set on the organisation page, else from settings."""
    default = current_app.config.get("ORGANISATION_NAME", "")
    try:
        return cycles.organisation_name(get_db(), default)
    except sqlite3.Error:  # an error page must still render when the database cannot be read
        return default


@bp.app_context_processor
def page_header():
    # A function, so only pages that draw the header read the name.
    return {"organisation_name": organisation_name}


@bp.route("/")
def index():
    if g.get("user"):
        return redirect(url_for("admin.dashboard"))
    return redirect(url_for("auth.sign_in"))


@bp.route("/healthz")
def healthz():
    try:
        get_db().execute("select 1").fetchone()
    except Exception:  # any failure to reach the database is an unhealthy answer
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
