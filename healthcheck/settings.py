"""Configuration read from the environment, with safe defaults kept in the instance folder."""

import os
import re
import secrets
from pathlib import Path

DEFAULT_REPORTING_THRESHOLD = 5
MINIMUM_REPORTING_THRESHOLD = 3
# Staff are signed out after this many minutes without a page request.
DEFAULT_IDLE_MINUTES = 30


class SettingsError(ValueError):
    """A setting in the environment that the app cannot run with."""


def reporting_threshold(value) -> int:
    """A reporting threshold as an int, refusing anything below the minimum."""
    try:
        threshold = int(str(value).strip())
    except ValueError:
        raise SettingsError(f"The reporting threshold must be a whole number, not {value!r}.") from None
    if threshold < MINIMUM_REPORTING_THRESHOLD:
        raise SettingsError(
            f"The reporting threshold must be {MINIMUM_REPORTING_THRESHOLD} or more, "
            f"not {threshold}: smaller groups could identify people."
        )
    return threshold


def secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # Create with owner-only permissions before writing the key into it.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def flag(name: str, value) -> bool:
    """A yes/no setting: 1, true or yes; 0, false, no or empty."""
    text = str(value or "").strip().lower()
    if text in ("1", "true", "yes"):
        return True
    if text in ("", "0", "false", "no"):
        return False
    raise SettingsError(f"{name} must be 1 (on) or 0 (off), not {value!r}.")


def from_environment(instance_path: Path) -> dict:
    """The app's configuration from HEALTHCHECK_* variables and SECRET_KEY."""
    return {
        "SECRET_KEY": secret_key(instance_path),
        "DATABASE": os.environ.get("HEALTHCHECK_DATABASE", str(instance_path / "healthcheck.sqlite")),
        "REPORTING_THRESHOLD": reporting_threshold(
            os.environ.get("HEALTHCHECK_REPORTING_THRESHOLD", DEFAULT_REPORTING_THRESHOLD)
        ),
        "ORGANISATION_NAME": os.environ.get("HEALTHCHECK_ORGANISATION", ""),
        "IDLE_MINUTES": idle_minutes(os.environ.get("HEALTHCHECK_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)),
        # Served over HTTPS (directly or behind a proxy): secure cookies and HSTS.
        "HTTPS": flag("HEALTHCHECK_HTTPS", os.environ.get("HEALTHCHECK_HTTPS")),
        # Where rate limits are counted: empty for the app's own database (shared by every
        # server process), or another shared store such as redis://host:6379.
        "RATELIMIT_STORAGE_URI": os.environ.get("HEALTHCHECK_RATELIMIT_STORAGE") or "",
        # How many times one client address may start, and may send, the survey (empty for
        # the default, 60 per 10 minutes), like "200 per 10 minutes" for a large office
        # whose people all reach the server through one address.
        "SURVEY_RATE_LIMIT": survey_rate(
            "HEALTHCHECK_SURVEY_RATE_LIMIT", os.environ.get("HEALTHCHECK_SURVEY_RATE_LIMIT")
        ),
        # The most rows `healthcheck import-workforce` takes from one file (uploads keep 5,000).
        "WORKFORCE_IMPORT_MAX_ROWS": row_limit(
            "HEALTHCHECK_WORKFORCE_IMPORT_MAX_ROWS", os.environ.get("HEALTHCHECK_WORKFORCE_IMPORT_MAX_ROWS")
        ),
        # The most respondents `healthcheck import-responses` takes from one file (default 10,000).
        "RESPONSE_IMPORT_MAX_ROWS": row_limit(
            "HEALTHCHECK_RESPONSE_IMPORT_MAX_ROWS", os.environ.get("HEALTHCHECK_RESPONSE_IMPORT_MAX_ROWS")
        ),
        # Invitations by email: the mail server (smtp://user:password@host:587, or smtps://
        # for TLS from the start), the address mail comes from, and the address people reach
        # the app at, which every link in a message starts with.
        "SMTP_URL": os.environ.get("HEALTHCHECK_SMTP_URL", ""),
        "MAIL_FROM": os.environ.get("HEALTHCHECK_MAIL_FROM", ""),
        "BASE_URL": os.environ.get("HEALTHCHECK_BASE_URL", ""),
    }


def row_limit(name: str, value) -> int | None:
    """A positive whole number of rows, or None when not set."""
    text = str(value or "").strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise SettingsError(f"{name} must be a whole number of rows, like 50000, not {value!r}.")
    return int(text)


SURVEY_RATE = re.compile(r"(\d+) per (?:(\d+) minutes|minute|hour)")


def survey_rate(name: str, value) -> str | None:
    """A rate such as "60 per 10 minutes", or None when not set. The limiter forgets every
    count within the hour, so the window is at most an hour."""
    text = " ".join(str(value or "").split()).lower()
    if not text:
        return None
    match = SURVEY_RATE.fullmatch(text)
    if not match or int(match.group(1)) < 1 or not 1 <= int(match.group(2) or 1) <= 60:
        raise SettingsError(f"{name} must be a rate like 60 per 10 minutes, not {value!r}.")
    return text


def idle_minutes(value) -> int:
    """Minutes a staff session may sit unused, from 1 to a working day (480)."""
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 480:
        raise SettingsError(f"HEALTHCHECK_IDLE_MINUTES must be a whole number of minutes from 1 to 480, not {value!r}.")
    return int(text)
