"""The principal social worker's review of comments before release: which comments are
flagged (comments.flags), the decision on each (keep as written, redact words, hide with a
reason), and the rule that results are released only once every flagged comment is reviewed.

A comment is a practitioner's free text: the comment box of a standard (the comments
table) or a free-text question's answer (the answers table). It is known by its response
and what it is about ("3" for standard 3, "10c" for item 10c), never by when it was sent.

Redacting rewrites the stored text with secure_delete on and then empties the write-ahead
log, so the removed words are in no page of the database file or its log. Review happens
before release only: a release is fixed, so decisions after it are refused."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from healthcheck import cycles
from healthcheck.comments import flags as comment_flags
from healthcheck.problems import Problem

KEEP, REDACT, HIDE = "kept", "redacted", "hidden"
DECISIONS = (KEEP, REDACT, HIDE)
REASON_LIMIT = 300


@dataclass
class ReviewedComment:
    response_id: int
    about: str  # a standard's number as text, or a free-text item's id
    text: str
    flags: list[comment_flags.Flag]
    decision: dict | None  # the latest decision: decision, reason, reviewed_by, reviewed_on

    @property
    def key(self) -> str:
        return f"{self.response_id}-{self.about}"

    @property
    def where(self) -> str:
        return f"Standard {self.about}" if self.about.isdigit() else f"Question {self.about}"

    @property
    def pieces(self) -> list[tuple[str, str | None]]:
        return comment_flags.highlighted(self.text, self.flags)


def stored_comments(db, cycle: dict) -> list[tuple[int, str, str]]:
    """(response id, about, text) for every comment and free-text answer of the cycle, as stored."""
    return [(response_id, about, text) for response_id, _, about, text in cycle_comments(db, cycle)]


def cycle_comments(db, cycle: dict) -> list[tuple[int, int | None, str, str]]:
    """(response id, team id, about, text) for every free-text answer of the cycle, in the
    order they were stored, then every comment: what releasing reads once, to check the
    review and to keep the comments."""
    text_items = [item.id for item in cycles.cycle_bank(cycle).items if item.type == "text"]
    rows = []
    if text_items:
        rows += db.execute(
            "select a.response_id, r.team_id, a.item_id, a.value from answers a join responses r on r.id = a.response_id "
            f"where r.cycle_id = ? and a.item_id in ({', '.join('?' * len(text_items))}) order by a.rowid",
            [cycle["id"], *text_items],
        ).fetchall()
    rows += db.execute(
        "select c.response_id, r.team_id, cast(c.standard as text), c.text from comments c "
        "join responses r on r.id = c.response_id where r.cycle_id = ?",
        [cycle["id"]],
    ).fetchall()
    return [(int(response_id), team_id, about, text) for response_id, team_id, about, text in rows]


def known_words(db, cycle: dict) -> frozenset[str]:
    """The words of the cycle's team names, service areas and the organisation's name: never a person."""
    names = [cycles.organisation_name(db)]
    for team in cycles.teams_for(db, cycle["id"]):
        names += [team["name"], team["service_area"] or ""]
    return frozenset(word.strip("().,'") for name in names for word in name.split())


def latest_decisions(db, cycle_id: int) -> dict[tuple[int, str], dict]:
    """Each reviewed comment's latest decision, by (response id, about)."""
    latest = {}
    for row in db.query(
        "select response_id, about, decision, reason, reviewed_by, reviewed_on from comment_reviews "
        "where cycle_id = ? order by id",
        [cycle_id],
    ):
        latest[(row["response_id"], row["about"])] = row
    return latest


def hidden_comments(db, cycle_id: int) -> set[tuple[int, str]]:
    """(response id, about) of every comment whose latest decision is to hide it."""
    return {key for key, row in latest_decisions(db, cycle_id).items() if row["decision"] == HIDE}


def comments_to_review(db, cycle: dict, names: tuple[str, ...] = ()) -> list[ReviewedComment]:
    """Every comment that is flagged (by the checks, or by the names entered for this check
    only) or already has a decision, by standard or question and then by its words."""
    words = known_words(db, cycle)
    decisions = latest_decisions(db, cycle["id"])
    found = []
    for response_id, about, text in stored_comments(db, cycle):
        flags = comment_flags.flags_in(text, names, words)
        decision = decisions.get((response_id, about))
        if flags or decision:
            found.append(ReviewedComment(response_id, about, text, flags, decision))
    return sorted(
        found, key=lambda c: (not c.about.isdigit(), int(c.about) if c.about.isdigit() else 0, c.about, c.text)
    )


def awaiting_review(db, cycle: dict, stored: list | None = None) -> int:
    """How many flagged comments have no decision yet (of `stored`, cycle_comments, when
    already read). Only comments without a decision are checked for flags."""
    words = known_words(db, cycle)
    decisions = latest_decisions(db, cycle["id"])
    stored = cycle_comments(db, cycle) if stored is None else stored
    return sum(
        1
        for response_id, _, about, text in stored
        if (response_id, about) not in decisions and comment_flags.flags_in(text, (), words)
    )


def review_counts(db, cycle: dict) -> dict[str, int]:
    """How many flagged comments await review and how many were kept, redacted and hidden."""
    counts = {"awaiting": 0, KEEP: 0, REDACT: 0, HIDE: 0}
    for comment in comments_to_review(db, cycle):
        counts[comment.decision["decision"] if comment.decision else "awaiting"] += 1
    return counts


def check_survey_closed(cycle: dict) -> None:
    """Refuse (Problem) to review comments while the survey is in draft or open: comments are
    reviewed once it has closed and before release. While it is open, a comment appearing for
    review (or a count going up) could be matched to the colleague who has just answered."""
    if cycle["status"] != "closed":
        raise Problem(
            f"Comments are reviewed once the survey closes: {cycle['name']} is {cycle['status']}, and a comment "
            "shown while people are still answering could be matched to the person who has just answered",
            "comment",
        )


def check_reviewed(db, cycle: dict, stored: list | None = None) -> None:
    """Refuse (Problem) while any flagged comment awaits review."""
    waiting = awaiting_review(db, cycle, stored)
    if waiting:
        what = (
            "1 comment looks like it names or contacts someone and has"
            if waiting == 1
            else f"{waiting} comments look like they name or contact someone and have"
        )
        raise Problem(
            f"{what} not been reviewed. Review them on the "
            f"cycle's \u201cReview comments\u201d page (/admin/cycles/{cycle['slug']}/comments/review) before "
            "releasing the results",
            "review",
        )


def decide(
    db,
    cycle: dict,
    key: str,
    decision: str,
    reviewed_by: str,
    reason: str = "",
    words: str = "",
    today: datetime.date | None = None,
) -> ReviewedComment:
    """Record the decision on one comment: keep it as written, redact `words` from it for
    good, or hide it with a reason. The removed words are never recorded."""
    current = cycles.get_cycle(db, cycle["slug"]) or cycle
    if cycles.is_released(current):
        raise Problem(
            f"The results of {current['name']} are released and fixed: comments are reviewed before release", "comment"
        )
    check_survey_closed(current)
    if decision not in DECISIONS:
        raise Problem("Choose whether to keep the comment, remove some words or hide it", "decision")
    comment = _comment(db, current, key)
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_LIMIT:
        raise Problem(f"Enter a reason of at most {REASON_LIMIT} characters", "reason")
    if decision == HIDE and not reason:
        raise Problem("Enter why the comment is hidden", "reason")
    row = {
        "cycle_id": current["id"],
        "response_id": comment.response_id,
        "about": comment.about,
        "decision": decision,
        "reason": reason if decision == HIDE else "",
        "reviewed_by": reviewed_by,
        "reviewed_on": (today or datetime.date.today()).isoformat(),
    }
    if decision != REDACT:
        with db.atomic():
            db["comment_reviews"].insert(row)
        return comment
    new_text = comment_flags.redacted(comment.text, words)
    # Overwrite the old text where it lay rather than only marking its space free, then copy
    # the changed pages into the file and empty the write-ahead log, which held the old ones.
    db.execute("PRAGMA secure_delete = ON")
    with db.atomic():
        if comment.about.isdigit():
            db.execute(
                "update comments set text = ? where response_id = ? and standard = ?",
                [new_text, comment.response_id, int(comment.about)],
            )
        else:
            db.execute(
                "update answers set value = ? where response_id = ? and item_id = ?",
                [new_text, comment.response_id, comment.about],
            )
        db["comment_reviews"].insert(row)
    if not db.conn.in_transaction:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    comment.text = new_text
    return comment


def _comment(db, cycle: dict, key: str) -> ReviewedComment:
    response_id, _, about = (key or "").partition("-")
    if response_id.isdigit() and about:
        for stored_id, stored_about, text in stored_comments(db, cycle):
            if stored_id == int(response_id) and stored_about == about:
                return ReviewedComment(stored_id, stored_about, text, [], None)
    raise Problem("That comment is not in this cycle: go back to the list of comments and choose one", "comment")
