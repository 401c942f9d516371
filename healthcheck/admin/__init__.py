"""Staff pages: cycles, teams, accounts (and later workforce, results, actions)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from healthcheck.admin import (  # noqa: E402,F401  (routes register on bp)
    cycles, accounts, access_codes, invitations, results, actions, action_plan, suggestions,
    workforce, organisation_view, publishing, trends, gaps, benchmarks,
)
