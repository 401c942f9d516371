"""Single-use access codes, handed out on paper, for cycles that want one person one answer.

The PSW generates codes and prints them once: only keyed hashes are stored, so
they cannot be shown again. A code lets one survey start; it is marked used when
those answers are sent. Nothing in a stored response says which code it came from.
"""

from healthcheck.survey import codes

MAXIMUM_BATCH = 2000


class AccessCodeError(ValueError):
    """An access code or batch size that cannot be accepted, naming the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def generate(db, cycle: dict, how_many, secret: str) -> list[str]:
    """Make `how_many` new codes for the cycle; returns them in plain text, this once."""
    try:
        count = int(str(how_many).strip())
    except (TypeError, ValueError):
        raise AccessCodeError("how_many", "Number of codes must be a whole number, like 40") from None
    if not 1 <= count <= MAXIMUM_BATCH:
        raise AccessCodeError("how_many", f"Number of codes must be between 1 and {MAXIMUM_BATCH:,}")
    if cycle["status"] == "closed":
        raise AccessCodeError("how_many", "The survey has closed, so no more codes can be made")
    made = set()
    while len(made) < count:
        made.add(codes.new_code())
    plain = sorted(made)
    with db.atomic():
        db["access_codes"].insert_all(
            {"cycle_id": cycle["id"], "code_hash": codes.keyed_hash(secret, "access", code), "used": 0}
            for code in plain
        )
    return plain


def check(db, cycle: dict, typed: str | None, secret: str) -> int:
    """The id of the unused access code typed for this cycle, or AccessCodeError saying why not."""
    if not (typed or "").strip():
        raise AccessCodeError("access_code", "Enter your access code")
    code = codes.normalise(typed)
    if code is None:
        raise AccessCodeError(
            "access_code", "Enter the access code as it is printed: 12 letters and numbers, like K7QF-2MXA-9TDR"
        )
    row = db.execute(
        "select id, used from access_codes where cycle_id = ? and code_hash = ?",
        [cycle["id"], codes.keyed_hash(secret, "access", code)],
    ).fetchone()
    if row is None:
        raise AccessCodeError(
            "access_code", "That access code is not one of this survey's codes. Check it and try again"
        )
    if row[1]:
        raise AccessCodeError(
            "access_code", "That access code has already been used to send answers. Each code can be used once"
        )
    return row[0]


def required(db, cycle: dict) -> bool:
    row = db.execute("select access_codes_required from survey_options where cycle_id = ?", [cycle["id"]]).fetchone()
    return bool(row and row[0])


def set_required(db, cycle: dict, value: bool) -> None:
    db["survey_options"].upsert({"cycle_id": cycle["id"], "access_codes_required": 1 if value else 0}, pk="cycle_id")


def counts(db, cycle: dict) -> dict:
    """How many codes the cycle has, and how many have been used."""
    total, used = db.execute(
        "select count(*), coalesce(sum(used), 0) from access_codes where cycle_id = ?", [cycle["id"]]
    ).fetchone()
    return {"total": total, "used": used, "unused": total - used}
