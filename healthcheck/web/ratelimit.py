"""How often one client may submit a form to a sensitive page (sign-in, a survey access code,
a resume code) and how often it may start and send the survey, counted with Flask-Limiter in the app's own database by default (shared by
every server process; see ratelimit_store) or in the store HEALTHCHECK_RATELIMIT_STORAGE names."""

import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app, request
from flask_limiter import Limiter

from healthcheck.web import ratelimit_store


@dataclass(frozen=True)
class Limit:
    """Rates such as "10 per minute;100 per hour". With failures_only, a submission counts
    only when the page refuses it and shows the form again (status 200), so people who
    share one office connection are not stopped by each other's successful starts."""

    rates: str
    failures_only: bool = False
    # An app setting that, when set, replaces the rates (for an office whose many people
    # reach the server through one address).
    setting: str | None = None


# endpoint -> limits on its form submissions (POST). A feature with a guessable secret
# adds its endpoint here; init_app runs after every blueprint is registered, and any
# other endpoint served by the same view shares the limit.
LIMITS = {
    "auth.sign_in": Limit("10 per minute;60 per hour"),
    # Wrong or used access codes typed on the survey's start page.
    "survey.start": Limit("10 per minute;100 per hour", failures_only=True),
    # Resume codes that open no saved answers.
    "survey.resume": Limit("10 per minute;100 per hour", failures_only=True),
}

# endpoint -> how many times one client may do it at all, so nobody can fill a team with
# made-up answers through the open public link. Generous: a whole office behind one
# address (60 people in 10 minutes) can still start and send.
SURVEY_RATE = "60 per 10 minutes"
VOLUME_LIMITS = {
    # Starting the survey (a new set of answers in progress).
    "survey.start": Limit(SURVEY_RATE, setting="SURVEY_RATE_LIMIT"),
    # Sending answers.
    "survey.check_answers": Limit(SURVEY_RATE, setting="SURVEY_RATE_LIMIT"),
}


def every_limit() -> list[tuple[str, str, Limit]]:
    """(scope, endpoint, limit) for every limit the app applies."""
    return [(endpoint, endpoint, limit) for endpoint, limit in LIMITS.items()] + [
        (f"{endpoint} volume", endpoint, limit) for endpoint, limit in VOLUME_LIMITS.items()
    ]


def _rates(limit: Limit):
    if limit.setting is None:
        return limit.rates
    return lambda: current_app.config.get(limit.setting) or limit.rates


def client_key() -> str:
    """The client's address as a keyed hash: the limiter's store never holds an address."""
    secret = str(current_app.secret_key or "").encode()
    address = (request.remote_addr or "").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


def refused(response) -> bool:
    """The form came back (with its error) rather than moving on."""
    return response.status_code == 200


def init_app(app) -> Limiter:
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        database = app.config["DATABASE"]
        shared = database and database != ":memory:"
        app.config["RATELIMIT_STORAGE_URI"] = ratelimit_store.uri_for(database) if shared else "memory://"
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # If a shared store goes away, count in memory rather than lock every member of staff out.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter = Limiter(key_func=client_key)
    limiter.init_app(app)
    for scope, endpoint, limit in every_limit():
        view = app.view_functions.get(endpoint)
        if view is None:
            continue
        if isinstance(limit, str):
            limit = Limit(limit)
        # Stacked limits on one view are all checked, once, by the innermost wrapper.
        limited = limiter.shared_limit(
            _rates(limit),
            scope=scope,
            methods=["POST"],
            deduct_when=refused if limit.failures_only else None,
        )(view)
        # Every endpoint served by this view (such as the survey's "survey_link") counts together.
        for name, other in list(app.view_functions.items()):
            if other is view:
                app.view_functions[name] = limited
    app.extensions["healthcheck.limiter"] = limiter
    return limiter
