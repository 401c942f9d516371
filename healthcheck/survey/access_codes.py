"""Single-use access codes, handed out on paper, so that each person answers once.

A cycle needs them unless the PSW has chosen the open public link, knowing that anyone
with that link can answer more than once and for any team (a cycle with no choice
recorded needs them).

The PSW generates codes and prints them once: only keyed hashes are stored, so
they cannot be shown again. A code lets one survey start; it is marked used when
those answers are sent. Nothing in a stored response says which code it came from.
"""

from healthcheck.problems import Problem
from healthcheck.survey import codes

MAXIMUM_BATCH = 2000


def generate(db, cycle: dict, how_many, secret: str) -> list[str]:
    """Make `how_many` new codes for the cycle; returns them in plain text, this once."""
    try:
        count = int(str(how_many).strip())
    except (TypeError, ValueError):
        raise Problem("Number of codes must be a whole number, like 40", "how_many") from None
    if not 1 <= count <= MAXIMUM_BATCH:
        raise Problem(f"Number of codes must be between 1 and {MAXIMUM_BATCH:,}", "how_many")
    if cycle["status"] == "closed":
        raise Problem("The survey has closed, so no more codes can be made", "how_many")
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
    """The id of the unused access code typed for this cycle, or Problem saying why not."""
    if not (typed or "").strip():
        raise Problem("Enter your access code", "access_code")
    code = codes.normalise(typed)
    if code is None:
        raise Problem(
            "Enter the access code as it is printed: 12 letters and numbers, like K7QF-2MXA-9TDR", "access_code"
        )
    row = db.execute(
        "select id, used from access_codes where cycle_id = ? and code_hash = ?",
        [cycle["id"], codes.keyed_hash(secret, "access", code)],
    ).fetchone()
    if row is None:
        raise Problem("That access code is not one of this survey's codes. Check it and try again", "access_code")
    if row[1]:
        raise Problem(
            "That access code has already been used to send answers. Each code can be used once", "access_code"
        )
    return row[0]


def required(db, cycle: dict) -> bool:
    """Whether practitioners need an access code to start: yes, unless the open public link was chosen."""
    row = db.execute("select access_codes_required from survey_options where cycle_id = ?", [cycle["id"]]).fetchone()
    return row is None or bool(row[0])


def set_required(db, cycle: dict, value: bool) -> None:
    db["survey_options"].upsert({"cycle_id": cycle["id"], "access_codes_required": 1 if value else 0}, pk="cycle_id")


def counts(db, cycle: dict) -> dict:
    """How many codes the cycle has, and how many have been used."""
    total, used = db.execute(
        "select count(*), coalesce(sum(used), 0) from access_codes where cycle_id = ?", [cycle["id"]]
    ).fetchone()
    return {"total": total, "used": used, "unused": total - used}
