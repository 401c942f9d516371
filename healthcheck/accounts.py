"""Staff accounts: creating them, checking passwords, changing roles. No Flask here."""

import datetime
import hashlib
import secrets

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
# A principal social worker manages the steering group's accounts, and no others.
ROLES_A_PSW_MANAGES = ("viewer",)
# A reset link works once, and only for this long.
RESET_LINK_HOURS = 24

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


def can_manage(manager: dict, user: dict | None) -> bool:
    """Whether this person may add, switch off or switch on this account (None: a new one)."""
    if manager["role"] == "admin":
        return True
    if manager["role"] == "psw":
        return user is None or user["role"] in ROLES_A_PSW_MANAGES
    return False


def users_managed_by(db, manager: dict) -> list[dict]:
    return [user for user in list_users(db) if can_manage(manager, user)]


def change_own_password(db, user: dict, current: str, new: str) -> dict:
    """Change a person's own password: the current one is needed, so an unattended
    signed-in browser cannot be used to take the account over."""
    try:
        _hasher.verify(user["password_hash"], current or "")
    except (VerificationError, InvalidHashError):
        raise Problem("Your current password is not right", "current_password") from None
    try:
        check_password_rules(new)
    except Problem as problem:
        raise Problem(problem.message, "new_password") from None
    if new == current:
        raise Problem("Your new password must be different from your current one", "new_password")
    return update_user(db, user["id"], password=new)


def make_password() -> str:
    """A password to show once to an administrator: long, random, easy to read out."""
    words = secrets.token_urlsafe(15).replace("-", "x").replace("_", "y")
    return "-".join(words[i : i + 5] for i in range(0, 20, 5))


def reset_with_shown_password(db, user_id: int) -> str:
    """Give the account a new random password, returned once and never stored in clear."""
    password = make_password()
    update_user(db, user_id, password=password)
    db.execute("delete from password_resets where user_id = ?", [user_id])
    return password


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_reset_link_token(db, user_id: int, now: datetime.datetime | None = None) -> str:
    """A one-time token for a reset link; only its hash is kept, and earlier ones stop working."""
    now = now or datetime.datetime.now(datetime.UTC)
    token = secrets.token_urlsafe(32)
    with db.atomic():
        db.execute("delete from password_resets where user_id = ?", [user_id])
        db["password_resets"].insert(
            {
                "token_hash": _token_hash(token),
                "user_id": user_id,
                "expires_at": (now + datetime.timedelta(hours=RESET_LINK_HOURS)).isoformat(),
            }
        )
    return token


def user_for_reset_token(db, token: str, now: datetime.datetime | None = None) -> dict | None:
    now = now or datetime.datetime.now(datetime.UTC)
    found = list(db["password_resets"].rows_where("token_hash = ?", [_token_hash(token or "")]))
    if not found or found[0]["expires_at"] < now.isoformat():
        return None
    user = get_user(db, found[0]["user_id"])
    return user if user and user["active"] else None


def use_reset_token(db, token: str, password: str, now: datetime.datetime | None = None) -> dict:
    """Set a new password with a reset link's token, which then stops working."""
    user = user_for_reset_token(db, token, now)
    if user is None:
        raise Problem("This reset link has expired or has been used. Ask an administrator for a new one", "password")
    check_password_rules(password)
    with db.atomic():
        db.execute("delete from password_resets where user_id = ?", [user["id"]])
        return update_user(db, user["id"], password=password)
