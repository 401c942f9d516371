"""Two years of a council's health check for the publishing, trend and benchmark tests:
last year's cycle (results released, with an action plan) and this year's, seeded through the real
storing functions with the demo's team layout."""

import datetime

from results_seed import released, seed_results

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.publishing import you_said

AUTHOR = "psw@council.example"
LAST, THIS = "health-check-2025", "health-check-2026"

# What the published summary says of the first two actions; the third is left out of it.
PUBLIC_WORDS = {
    "A-001": ("You told us supervision is often cancelled.", "Every practitioner now has monthly supervision booked."),
    "A-002": (
        "You told us caseloads in the Front Door are too high.",
        "We are agreeing a fair way to weigh caseloads.",
    ),
}

# (standard, step, finding, action, status)
LAST_YEAR_PLAN = [
    (
        5,
        8,
        "You told us supervision is often cancelled.",
        "Book monthly supervision for every practitioner.",
        "Complete",
    ),
    (3, 5, "You told us caseloads in the Front Door are too high.", "Agree a caseload weighting tool.", "In progress"),
    (6, 26, "You told us learning time is not protected.", "Protect two learning days a year.", "Cancelled"),
]


def dated(db, cycle: dict, year: int) -> dict:
    """Give a cycle the dates of the health check held in `year`; a survey still open closes
    three weeks from today (a closing date passed would close it on the next request)."""
    closes_on = f"{year}-11-30"
    if cycle["status"] == "open":
        closes_on = max(closes_on, (datetime.date.today() + datetime.timedelta(days=21)).isoformat())
    db["cycles"].update(
        cycle["id"],
        {
            "capture_date": f"{year}-09-30",
            "opens_on": f"{year}-10-01",
            "closes_on": closes_on,
        },
    )
    return cycles.get_cycle(db, cycle["slug"])


def seed_two_years(db, make_cycle, close_this_year=False, threshold=5):
    """Last year's cycle (results released, with a plan) and this year's (open, or with
    close_this_year closed and released); returns (last, this)."""
    last = seed_results(db, make_cycle, slug=LAST, seed=3, threshold=threshold)
    last = dated(db, last, 2025)
    this = dated(db, seed_results(db, make_cycle, slug=THIS, seed=7, threshold=threshold, release=False), 2026)
    for standard, step, finding, action, status in LAST_YEAR_PLAN:
        actions.create_action(
            db,
            last,
            {
                "standard": standard,
                "step": step,
                "finding": finding,
                "action": action,
                "owner": "Head of service",
                "target_date": datetime.date(2026, 6, 30),
                "status": status,
                "progress": "On track",
            },
            AUTHOR,
        )
    for reference, (said, wording) in PUBLIC_WORDS.items():
        action = actions.find_action(db, last["id"], reference)
        you_said.save_public_wording(
            db, action, {"in_summary": "yes", "public_said": said, "public_wording": wording}, []
        )
    actions.carry_over(db, last, this, AUTHOR)
    if close_this_year:
        this = released(db, this)
    return last, this
