"""Configuration read from the environment, with safe defaults kept in the instance folder."""

import os
import secrets
from pathlib import Path

DEFAULT_REPORTING_THRESHOLD = 5
MINIMUM_REPORTING_THRESHOLD = 3


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
        # Served over HTTPS (directly or behind a proxy): secure cookies and HSTS.
        "HTTPS": flag("HEALTHCHECK_HTTPS", os.environ.get("HEALTHCHECK_HTTPS")),
        # Where rate limits are counted: empty for the app's own database (shared by every
        # server process), or another shared store such as redis://host:6379.
        "RATELIMIT_STORAGE_URI": os.environ.get("HEALTHCHECK_RATELIMIT_STORAGE") or "",
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
