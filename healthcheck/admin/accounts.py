"""Staff pages for managing accounts: administrators manage every account, a principal
social worker the steering group's (read-only) accounts."""

from flask import abort, flash, g, redirect, render_template, request, url_for

from healthcheck import accounts
from healthcheck.admin import bp
from healthcheck.admin.forms import AccountEditForm, AccountForm, ConfirmForm
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem

MANAGERS = ("admin", "psw")


def _limit_roles(form) -> None:
    """A principal social worker can only give the steering group's role."""
    if g.user["role"] != "admin":
        form.role.choices = [(role, accounts.ROLES[role]) for role in accounts.ROLES_A_PSW_MANAGES]


def _managed_user_or_404(user_id: int) -> dict:
    user = accounts.get_user(get_db(), user_id)
    if user is None or not accounts.can_manage(g.user, user):
        abort(404)
    return user


@bp.route("/accounts")
@role_required(*MANAGERS)
def account_list():
    return render_template("admin/accounts.html", users=accounts.users_managed_by(get_db(), g.user))


@bp.route("/accounts/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new_account():
    form = AccountForm()
    _limit_roles(form)
    if g.user["role"] != "admin" and request.method == "GET":
        form.role.data = "viewer"
    if form.validate_on_submit():
        try:
            user = accounts.create_user(get_db(), form.email.data, form.password.data, form.role.data)
        except Problem as error:
            show_problem(form, error)
        else:
            flash(f"Account created for {user['email']}.")
            return redirect(url_for("admin.account_list"))
    return render_template("admin/account_form.html", form=form, user=None)


@bp.route("/accounts/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_account(user_id):
    db = get_db()
    user = _managed_user_or_404(user_id)
    form = AccountEditForm(data={"role": user["role"], "active": "yes" if user["active"] else "no"})
    _limit_roles(form)
    if g.user["role"] != "admin":
        del form.password  # only an administrator resets passwords
    if form.validate_on_submit():
        demoting_last_admin = (
            user["role"] == "admin"
            and (form.role.data != "admin" or form.active.data == "no")
            and accounts.count_admins(db) <= 1
        )
        if demoting_last_admin:
            form.role.errors = list(form.role.errors) + [
                "There must always be at least one administrator who can sign in"
            ]
        else:
            password = form.password.data if "password" in form else None
            try:
                accounts.update_user(
                    db, user_id, role=form.role.data, active=form.active.data == "yes", password=password or None
                )
            except Problem as error:
                show_problem(form, error)
            else:
                flash(f"Account for {user['email']} saved.")
                if user_id == g.user["id"]:
                    return redirect(url_for("auth.sign_in"))
                return redirect(url_for("admin.account_list"))
    return render_template("admin/account_form.html", form=form, user=user)


@bp.route("/accounts/<int:user_id>/reset", methods=["GET", "POST"])
@role_required("admin")
def reset_account_password(user_id):
    """A one-time reset link or a new password, each shown on this page once and not again."""
    db = get_db()
    user = _managed_user_or_404(user_id)
    form = ConfirmForm()
    link = password = None
    if form.validate_on_submit():
        if request.form.get("how") == "link":
            token = accounts.create_reset_link_token(db, user_id)
            link = url_for("auth.reset_password", token=token, _external=True)
        elif request.form.get("how") == "password":
            password = accounts.reset_with_shown_password(db, user_id)
        else:
            abort(400)
    return render_template(
        "admin/account_reset.html",
        form=form,
        user=user,
        link=link,
        password=password,
        hours=accounts.RESET_LINK_HOURS,
    )
