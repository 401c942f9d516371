"""Staff sign-in and sign-out, and the decorators that guard staff pages by role."""

import functools
import time
import unicodedata
import urllib.parse

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovTextInput
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired

from healthcheck import accounts, sign_in_attempts
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.web.forms import show_problem

bp = Blueprint("auth", __name__)

# Longer than any page of the app's own; a longer "next" is not a link the app made.
MAX_NEXT_LENGTH = 2000


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password")],
    )
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"At least {accounts.MINIMUM_PASSWORD_LENGTH} characters.",
        validators=[InputRequired(message="Enter a new password")],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"At least {accounts.MINIMUM_PASSWORD_LENGTH} characters.",
        validators=[InputRequired(message="Enter a new password")],
    )


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )


def init_app(app) -> None:
    app.before_request(load_signed_in_user)
    app.context_processor(lambda: {"current_user": g.get("user"), "roles": accounts.ROLES})


def load_signed_in_user() -> None:
    g.user = None
    g.signed_out_idle = False
    user_id = session.get("user_id")
    if user_id is None or request.endpoint in (None, "static"):
        return
    now = int(time.time())
    # A session from before idle times were kept starts its count now.
    if now - session.get("last_seen", now) > current_app.config["IDLE_MINUTES"] * 60:
        # Idle too long: the session ends, and whatever the request carried is not acted on.
        accounts.end_sessions(get_db(), user_id)
        session.clear()
        g.signed_out_idle = True
        return
    user = accounts.get_user(get_db(), user_id)
    if user and user["active"] and user["session_version"] == session.get("session_version"):
        g.user = user
        session["last_seen"] = now
    else:
        session.clear()


def _to_sign_in():
    if g.get("signed_out_idle"):
        return redirect(url_for("auth.signed_out"))
    return redirect(url_for("auth.sign_in", next=request.path))


def sign_in_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.get("user") is None:
            return _to_sign_in()
        return view(**kwargs)

    return wrapped


def role_required(*allowed):
    """Staff only, and only these roles; others get 403."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if g.get("user") is None:
                return _to_sign_in()
            if g.user["role"] not in allowed:
                abort(403)
            return view(**kwargs)

        return wrapped

    return decorator


def safe_next(target: str | None) -> str:
    """Only same-site paths, so the sign-in page cannot bounce people elsewhere."""
    return target if is_same_site_path(target) else url_for("admin.dashboard")


def is_same_site_path(target: str | None) -> bool:
    """A path on this site: it starts with one "/", and neither it nor its percent-decoded
    form holds a backslash, whitespace or a control character (browsers drop a tab or a
    newline, so "/%09/evil.example" would become "//evil.example", another site)."""
    if not target or len(target) > MAX_NEXT_LENGTH:
        return False
    forms = [target]
    for _ in range(3):  # "%2509" decodes to "%09", then to a tab
        forms.append(urllib.parse.unquote(forms[-1]))
    for text in forms:
        if any(character.isspace() or unicodedata.category(character).startswith("C") for character in text):
            return False
        if "\\" in text or not text.startswith("/") or text.startswith("//"):
            return False
    parts = urllib.parse.urlsplit(target)
    return not parts.scheme and not parts.netloc


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        outcome = sign_in_attempts.attempt_sign_in(
            get_db(), current_app.secret_key, form.email.data, form.password.data
        )
        if outcome.user:
            user = outcome.user
            session.clear()  # a fresh session at sign-in
            session["user_id"] = user["id"]
            session["session_version"] = user["session_version"]
            session["last_seen"] = int(time.time())
            return redirect(safe_next(request.args.get("next")))
        # The same messages whether or not the account exists: no account enumeration.
        form.password.errors.append(outcome.error)
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    if g.get("user"):
        accounts.end_sessions(get_db(), g.user["id"])
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))


@bp.route("/signed-out")
def signed_out():
    """Where an idle session ends: nothing typed on the page left open is kept."""
    return render_template("auth/signed_out.html", idle_minutes=current_app.config["IDLE_MINUTES"])


@bp.route("/account/password", methods=["GET", "POST"])
@sign_in_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            user = accounts.change_own_password(get_db(), g.user, form.current_password.data, form.new_password.data)
        except Problem as error:
            show_problem(form, error)
        else:
            # The change signs out every other session; this one carries on.
            session["session_version"] = user["session_version"]
            flash("Your password has been changed. Other browsers you were signed in on have been signed out.")
            return redirect(url_for("admin.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token):
    db = get_db()
    if accounts.user_for_reset_token(db, token) is None:
        return render_template("auth/reset_link_expired.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.use_reset_token(db, token, form.password.data)
        except Problem as error:
            show_problem(form, error)
        else:
            session.clear()
            flash("Your password has been set. Sign in with it.")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form)
