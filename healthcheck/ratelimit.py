"""How often one client may submit a form to a sensitive page (sign-in), counted with
Flask-Limiter in memory by default or in the store HEALTHCHECK_RATELIMIT_STORAGE names."""

import hashlib
import hmac

from flask import current_app, request
from flask_limiter import Limiter

# endpoint -> limits on its form submissions (POST). A feature with a guessable secret
# (a resume code, an access code) adds its endpoint here; init_app runs after every
# blueprint is registered.
LIMITS = {
    "auth.sign_in": "10 per minute;60 per hour",
}


def client_key() -> str:
    """The client's address as a keyed hash: the limiter's store never holds an address."""
    secret = str(current_app.secret_key or "").encode()
    address = (request.remote_addr or "").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


def init_app(app) -> Limiter:
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # If a shared store goes away, count in memory rather than lock every member of staff out.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter = Limiter(key_func=client_key)
    limiter.init_app(app)
    for endpoint, limits in LIMITS.items():
        view = app.view_functions.get(endpoint)
        if view is not None:
            app.view_functions[endpoint] = limiter.limit(limits, methods=["POST"])(view)
    app.extensions["healthcheck.limiter"] = limiter
    return limiter
