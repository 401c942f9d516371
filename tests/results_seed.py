"""A council's results in the demo's shape, seeded through the real storing function:
8 teams, one struggling, one with 3 respondents (below a threshold of 5)."""

import datetime
import random

from healthcheck import cycles
from healthcheck.questions import DONT_KNOW
from healthcheck.survey.store import Response, store_response

# (name, service area, headcount, respondents, mood: the score answers cluster around)
TEAMS = [
    ("Hospital Discharge", "Adults", 14, 9, 70),
    ("Adults Locality North", "Adults", 19, 12, 75),
    ("Adults Locality South", "Adults", 17, 10, 65),
    ("Approved Mental Health Professionals", "Mental health", 4, 3, 100),
    ("Front Door and MASH", "Children", 16, 11, 15),
    ("Child Protection East", "Children", 15, 9, 60),
    ("Children in Care", "Children", 12, 8, 70),
    ("Disabled Children and Transitions", "All-age disability", 9, 6, 50),
]
STRUGGLING = "Front Door and MASH"
SMALL = "Approved Mental Health Professionals"
# Roles handed out in turn: the first respondent of each team is its manager.
ROLES = ["team_manager"] + ["social_worker", "senior_practitioner", "social_worker"] * 4
# Three occupational therapists and two assessment officers: both roles fall below 5.
ODD_ROLES = {
    ("Hospital Discharge", 2): "occupational_therapist",
    ("Adults Locality North", 2): "occupational_therapist",
    ("Adults Locality South", 2): "occupational_therapist",
    ("Children in Care", 2): "assessment_officer",
    ("Child Protection East", 2): "assessment_officer",
}


def answer_near(bank, item, mood, rng):
    """An answer whose score is near the team's mood."""
    target = min(100, max(0, rng.gauss(mood, 12)))
    if item.type == "number":
        value = item.poor + (item.good - item.poor) * target / 100
        return f"{round(value, 1):g}"
    choices = bank.choices_for(item)
    return min(choices, key=lambda c: abs((100 - c.score if item.reverse else c.score) - target)).value


# The same council with its small team inside a larger service area.
TEAMS_SMALL_IN_ADULTS = [(name, "Adults" if name == SMALL else area, *rest) for name, area, *rest in TEAMS]


def seed_results(
    db, make_cycle, slug="health-check-2026", threshold=5, seed=7, with_comments=True, teams=TEAMS, release=True
):
    """Seed a cycle of answers, workforce figures and organisation answers; returns the cycle,
    closed with its results released (results exist only once released), or still open."""
    layout = teams
    cycle = make_cycle(
        slug=slug,
        status="open",
        threshold=threshold,
        teams=[(name, area, headcount) for name, area, headcount, _, _ in layout],
    )
    bank = cycles.cycle_bank(cycle)
    rng = random.Random(seed)
    teams = {team["name"]: team for team in cycles.teams_for(db, cycle["id"])}
    scored = [item for item in bank.items if item.scored]
    with db.atomic():
        for name, _, headcount, respondents, mood in layout:
            team = teams[name]
            for number in range(respondents):
                answers = {item.id: answer_near(bank, item, mood, rng) for item in scored}
                if number == respondents - 1 and name != SMALL:
                    answers["5b"] = DONT_KNOW
                answers["19a"] = ["systems", "admin_support"] if mood < 50 else ["none"]
                comments = {}
                if with_comments and number < 2:
                    comments = {3: f"{name} comment {number}: caseloads", 5: f"Supervision note {number} from {name}"}
                role = ODD_ROLES.get((name, number), ROLES[number % len(ROLES)])
                store_response(
                    db,
                    cycle,
                    bank,
                    Response(team_id=team["id"], role_group=role, answers=answers, comments=comments),
                    submitted_on=datetime.date(2026, 10, 5),
                )
            figures = {
                "inpost_fte": headcount * 0.9,
                "vacancy_fte": 4 if mood < 50 else 1,
                "agency_fte": 1,
                "leavers_fte": 3 if mood < 50 else 1,
                "cases": headcount * (24 if mood < 50 else 15),
                "case_holders_fte": headcount * 0.9,
                "working_days_lost": 40 if mood < 50 else 10,
                "long_term_absence_fte": 1,
                "supervisions_due": 30,
                "supervisions_held": 16 if mood < 50 else 29,
            }
            db["workforce_figures"].insert_all(
                {"cycle_id": cycle["id"], "team_id": team["id"], "field": field, "value": value}
                for field, value in figures.items()
            )
        db["organisation_answers"].insert_all(
            {
                "cycle_id": cycle["id"],
                "item_id": item.id,
                "updated_by": "psw@council.example",
                "updated_on": "2026-10-10",
                "answer": ("working_well", "needs_improvement", "not_in_place")[index % 3],
                "evidence": f"Evidence for {item.id}",
            }
            for index, item in enumerate(bank.organisation_items)
        )
    cycle = cycles.get_cycle(db, slug)
    return released(db, cycle) if release else cycle


def released(db, cycle: dict) -> dict:
    """The cycle closed (if it was open) and its results released, as the PSW would."""
    from healthcheck.results import compute as results

    if cycle["status"] == "open":
        cycle = cycles.close_cycle(db, cycle)
    return results.release_results(db, cycle, released_by="psw@council.example")
