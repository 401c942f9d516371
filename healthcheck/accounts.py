"""Staff accounts: creating them, checking passwords, changing roles. No Flask here."""

import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from healthcheck.problems import Problem

ROLES = {
    "admin": "Administrator",
    "psw": "Principal social worker",
    "viewer": "Steering group (read only)",
}
# The roles that may read survey results in any form: pages, JSON, the workbook's result
# and comment sheets, and actions suggested from the results. An administrator runs the
# service (accounts, cycles, teams) without reading what anyone answered.
RESULTS_READERS = ("psw", "viewer")
MINIMUM_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# Verifying against this when the email is unknown keeps the time taken the same,
# so response times do not reveal which accounts exist.
_UNKNOWN_USER_HASH = _hasher.hash("not a real password, used for timing only")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def check_password_rules(password: str) -> None:
    if len(password or "") < MINIMUM_PASSWORD_LENGTH:
        raise Problem(f"Password must be {MINIMUM_PASSWORD_LENGTH} characters or more", "password")


def check_email(email: str) -> str:
    email = normalise_email(email)
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or " " in email:
        raise Problem("Enter an email address in the correct format, like name@example.org", "email")
    return email


def check_role(role: str) -> str:
    if role not in ROLES:
        raise Problem(f"Role must be one of {', '.join(ROLES)}, not {role!r}", "role")
    return role


def find_user(db, email: str) -> dict | None:
    rows = list(db["users"].rows_where("email = ?", [normalise_email(email)]))
    return rows[0] if rows else None


def get_user(db, user_id: int) -> dict | None:
    rows = list(db["users"].rows_where("id = ?", [user_id]))
    return rows[0] if rows else None


def list_users(db) -> list[dict]:
    return list(db["users"].rows_where(order_by="email"))


def create_user(db, email: str, password: str, role: str) -> dict:
    email = check_email(email)
    check_role(role)
    check_password_rules(password)
    if find_user(db, email):
        raise Problem(f"There is already an account for {email}", "email")
    user_id = (
        db["users"]
        .insert(
            {
                "email": email,
                "password_hash": _hasher.hash(password),
                "role": role,
                "active": 1,
                "session_version": 1,
                "created_on": datetime.date.today().isoformat(),
            }
        )
        .last_pk
    )
    return get_user(db, user_id)


def authenticate(db, email: str, password: str) -> dict | None:
    """The active user with this email and password, or None (same time either way)."""
    user = find_user(db, email)
    stored = user["password_hash"] if user else _UNKNOWN_USER_HASH
    try:
        _hasher.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if not user or not user["active"]:
        return None
    if _hasher.check_needs_rehash(stored):
        db["users"].update(user["id"], {"password_hash": _hasher.hash(password)})
    return user


def update_user(
    db, user_id: int, *, role: str | None = None, active: bool | None = None, password: str | None = None
) -> dict:
    changes = {}
    if role is not None:
        changes["role"] = check_role(role)
    if active is not None:
        changes["active"] = int(active)
    if password:
        check_password_rules(password)
        changes["password_hash"] = _hasher.hash(password)
    if changes:
        user = get_user(db, user_id)
        # Any change to access signs the person out everywhere.
        changes["session_version"] = (user["session_version"] or 1) + 1
        db["users"].update(user_id, changes)
    return get_user(db, user_id)


def end_sessions(db, user_id: int) -> None:
    """Invalidate every session of this user (used at sign-out)."""
    db.execute("update users set session_version = session_version + 1 where id = ?", [user_id])
    db.conn.commit()


def count_admins(db) -> int:
    return db["users"].count_where("role = 'admin' and active = 1")
