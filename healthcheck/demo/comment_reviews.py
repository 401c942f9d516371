"""The demo's review of comments before release: last year's flagged comments were reviewed
(one with words removed, one hidden, the rest kept) before its results were released; this
year's wait for the principal social worker."""

import datetime

from healthcheck import cycles
from healthcheck.comments import review
from healthcheck.demo.comments import PLANTED
from healthcheck.demo.council import DEMO_DOMAIN


def seed_comment_reviews(context) -> None:
    """The demo's seeder: review last year's flagged comments as its PSW did."""
    db, cycle = context.db, context.last_year
    if cycle["status"] == "open":  # comments are reviewed once the survey has closed
        cycle = cycles.close_cycle(db, cycle, closed_on=datetime.date.fromisoformat(cycle["closes_on"]))
        context.last_year = cycle
    planned = {text: decision for when, _, _, text, decision in PLANTED if when == "last"}
    reviewed_on = datetime.date.fromisoformat(cycle["closes_on"])
    for comment in review.comments_to_review(db, cycle):
        decision, detail = planned.get(comment.text, (review.KEEP, ""))
        review.decide(
            db,
            cycle,
            comment.key,
            decision,
            f"psw@{DEMO_DOMAIN}",
            reason=detail if decision == review.HIDE else "",
            words=detail if decision == review.REDACT else "",
            today=reviewed_on,
        )
    context.notes.append(
        "Comments: last year's flagged comments were reviewed before release; this year's are reviewed on the "
        "Review comments page once the survey closes."
    )
