"""Pages that belong to no feature: the front door and the health probe."""

from flask import Blueprint, g, jsonify, redirect, url_for

from healthcheck.db import get_db

bp = Blueprint("pages", __name__)


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
