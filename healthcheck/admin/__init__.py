"""Staff pages: cycles, teams, accounts (and later workforce, results, actions)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from healthcheck.admin import (  # noqa: E402,F401  (routes register on bp)
    access_codes,
    accounts,
    action_plan,
    actions,
    answer_imports,
    benchmarks,
    comment_review,
    comments,
    committee_pack,
    cycles,
    email_invitations,
    gaps,
    invitations,
    organisation_view,
    publishing,
    report_scores,
    results,
    suggestions,
    teams,
    trends,
    workforce,
)
