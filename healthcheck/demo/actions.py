"""Demo action plans: last year's, partly finished, and this year's with the unfinished ones carried over."""

import datetime

from healthcheck.actions import plan as actions

AUTHOR = "psw@northfield.example"

# (standard, step, finding, action, owner, lead, months to target, status, progress, notes)
LAST_YEAR = [
    (
        5,
        8,
        "Practitioners score supervision frequency 41 (Low); a third report supervision less than monthly.",
        "Book monthly supervision for every practitioner and record it in the case system.",
        "Head of Service, Adults",
        "Team managers",
        6,
        "Complete",
        "On track",
        ["Supervision agreements signed in all adult teams.", "Audit shows 92% of supervision held as planned."],
    ),
    (
        3,
        5,
        "Average caseload in Front Door and MASH is 24 cases per FTE, above the poor threshold of 22.",
        "Agree a caseload weighting tool with practitioners and unions, and use it at allocation meetings.",
        "Assistant Director, Children's Social Care",
        "Principal social worker",
        9,
        "In progress",
        "At risk",
        ["Tool drafted with practitioners; union consultation starts next month."],
    ),
    (
        6,
        26,
        "Practitioners score protected learning time 45 (Low).",
        "Protect two learning days a year for each practitioner, shown in the team calendar.",
        "Workforce development manager",
        "",
        4,
        "Cancelled",
        "Off track",
        ["Replaced by the regional learning academy offer."],
    ),
    (
        4,
        21,
        "Hybrid workers report that laptops and phones are slow to be replaced.",
        "Agree a five-day replacement standard for practitioners' laptops and phones with IT.",
        "Head of Business Support",
        "IT service desk manager",
        8,
        "In progress",
        "On track",
        ["Standard agreed with IT; reporting on it starts in January."],
    ),
]
THIS_YEAR = [
    (
        8,
        10,
        "Students and newly qualified staff describe a patchy welcome across teams.",
        "Run a shared induction for students and newly qualified social workers each term.",
        "Principal social worker",
        "Practice educators",
        5,
        "Not started",
        "On track",
        [],
    ),
]


def seed_actions(context) -> None:
    today = datetime.date.today()
    for cycle, rows in ((context.last_year, LAST_YEAR), (context.this_year, THIS_YEAR)):
        if actions.list_actions(context.db, cycle["id"]):
            continue
        start = datetime.date.fromisoformat(cycle["closes_on"])
        for standard, step, finding, action, owner, lead, months, status, progress, notes in rows:
            created = actions.create_action(
                context.db,
                cycle,
                {
                    "standard": standard,
                    "step": step,
                    "finding": finding,
                    "action": action,
                    "owner": owner,
                    "lead": lead,
                    "target_date": start + datetime.timedelta(days=30 * months),
                    "status": status,
                    "progress": progress,
                },
                AUTHOR,
            )
            for number, note in enumerate(notes, start=1):
                noted_on = min(start + datetime.timedelta(days=45 * number), today)
                actions.add_note(context.db, created, note, AUTHOR, noted_on=noted_on)
    actions.carry_over(context.db, context.last_year, context.this_year, AUTHOR)
