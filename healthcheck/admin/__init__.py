"""Staff pages: cycles, teams, accounts (and later workforce, results, actions)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from healthcheck.admin import cycles, accounts, workforce, organisation_view  # noqa: E402,F401  (routes register on bp)
