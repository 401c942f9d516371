"""Staff pages for managing accounts (administrators only)."""

from flask import abort, flash, g, redirect, render_template, url_for

from healthcheck import accounts
from healthcheck.admin import bp
from healthcheck.admin.forms import AccountEditForm, AccountForm
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.web.auth import role_required
from healthcheck.web.forms import show_problem


@bp.route("/accounts")
@role_required("admin")
def account_list():
    return render_template("admin/accounts.html", users=accounts.list_users(get_db()))


@bp.route("/accounts/new", methods=["GET", "POST"])
@role_required("admin")
def new_account():
    form = AccountForm()
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
@role_required("admin")
def edit_account(user_id):
    db = get_db()
    user = accounts.get_user(db, user_id)
    if user is None:
        abort(404)
    form = AccountEditForm(data={"role": user["role"], "active": "yes" if user["active"] else "no"})
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
            try:
                accounts.update_user(
                    db,
                    user_id,
                    role=form.role.data,
                    active=form.active.data == "yes",
                    password=form.password.data or None,
                )
            except Problem as error:
                show_problem(form, error)
            else:
                flash(f"Account for {user['email']} saved.")
                if user_id == g.user["id"]:
                    return redirect(url_for("auth.sign_in"))
                return redirect(url_for("admin.account_list"))
    return render_template("admin/account_form.html", form=form, user=user)
