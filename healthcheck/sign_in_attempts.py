"""Failed sign-ins per email address, and a temporary lockout after too many of them.

Unknown addresses are counted and locked exactly like real ones, so neither the lockout
nor its message tells anyone which accounts exist. An address is stored only as a hash
keyed with the app's secret, and its row goes when the person signs in or the count expires.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from healthcheck import accounts
from healthcheck.db import write_transaction

MAX_FAILURES = 5
# Failures further apart than this start the count again.
FAILURE_WINDOW = datetime.timedelta(minutes=15)
LOCKOUT = datetime.timedelta(minutes=15)

WRONG_DETAILS = "Enter a correct email address and password"
LOCKED = "You have tried to sign in too many times with this email address. Wait 15 minutes and try again."


@dataclass(frozen=True)
class SignInOutcome:
    user: dict | None
    error: str | None


def account_key(secret: str, email: str) -> str:
    normalised = accounts.normalise_email(email).encode()
    return hmac.new(str(secret).encode(), normalised, hashlib.sha256).hexdigest()


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def _row(db, key: str) -> dict | None:
    rows = list(db["sign_in_failures"].rows_where("account_key = ?", [key]))
    return rows[0] if rows else None


def is_locked(db, key: str, now: datetime.datetime) -> bool:
    row = _row(db, key)
    return bool(row and row["locked_until"] and row["locked_until"] > _stamp(now))


def record_failure(db, key: str, now: datetime.datetime) -> bool:
    """Count one failure; True when this one locks the address."""
    # The write lock first: read-then-write in a plain transaction fails ("database is
    # locked") when another server process counts a failure at the same moment.
    with write_transaction(db):
        row = _row(db, key)
        recent = row and row["last_failed_at"] > _stamp(now - FAILURE_WINDOW)
        failures = row["failures"] + 1 if recent else 1
        locked = failures >= MAX_FAILURES
        db["sign_in_failures"].upsert(
            {
                "account_key": key,
                # A lock starts a fresh count once it has run out.
                "failures": 0 if locked else failures,
                "last_failed_at": _stamp(now),
                "locked_until": _stamp(now + LOCKOUT) if locked else None,
            },
            pk="account_key",
        )
        # Forget addresses whose count and lock have both run out.
        db.execute(
            "delete from sign_in_failures where last_failed_at < ? and (locked_until is null or locked_until < ?)",
            [_stamp(now - FAILURE_WINDOW - LOCKOUT), _stamp(now)],
        )
    return locked


def clear_failures(db, key: str) -> None:
    db.execute("delete from sign_in_failures where account_key = ?", [key])
    db.conn.commit()


def attempt_sign_in(db, secret: str, email: str, password: str, now: datetime.datetime | None = None) -> SignInOutcome:
    """The user when the email and password are right and the address is not locked;
    otherwise the message to show, the same whether or not the account exists."""
    now = now or datetime.datetime.now(datetime.UTC)
    key = account_key(secret, email)
    if is_locked(db, key, now):
        return SignInOutcome(None, LOCKED)
    user = accounts.authenticate(db, email, password)
    if user:
        clear_failures(db, key)
        return SignInOutcome(user, None)
    locked = record_failure(db, key, now)
    return SignInOutcome(None, LOCKED if locked else WRONG_DETAILS)
