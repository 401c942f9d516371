"""Codes people copy by hand (resume codes, access codes) and the keyed hashes we keep of them.

A code is 12 characters from Crockford's base-32 alphabet (no I, L, O or U), so it
carries 60 random bits, and is shown in groups of four: K7QF-2MXA-9TDR. Only an
HMAC of a code (or of a session token) is stored, keyed with the app's secret, so
a copy of the database gives nobody a working code.
"""

import hashlib
import hmac
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
# Letters people mistake for digits are read as the digit they look like.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-–—_.]+")


def new_code() -> str:
    """A fresh code with 60 random bits, grouped for reading: K7QF-2MXA-9TDR."""
    return grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def grouped(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text: str | None) -> str | None:
    """The code as typed, in its grouped form; None when it cannot be a code.

    Spaces, hyphens and letter case are forgiven, and O, I and L are read as 0, 1 and 1.
    """
    plain = _SEPARATORS.sub("", (text or "").upper()).translate(_LOOKALIKES)
    if len(plain) != LENGTH or any(character not in ALPHABET for character in plain):
        return None
    return grouped(plain)


def keyed_hash(secret: str, purpose: str, value: str) -> str:
    """HMAC-SHA256 of the value for one purpose, so a hash of one kind never matches another."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)
