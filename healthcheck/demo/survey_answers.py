"""Synthetic survey answers for the demo council, stored through store_response like real ones.

Every team has a "climate" on the agreement scale (0 strongly disagree … 4 strongly
agree). The struggling team's is low, with rare supervision and long hours; the small
team answers three times, below the reporting threshold. Last year the struggling team
was doing better and the others a little worse, so trends have something to show.
"""

import datetime
import random

from healthcheck import cycles
from healthcheck.demo import council as demo
from healthcheck.demo.comments import EXTRA_RESPONSIBILITIES, PLANTED, POSITIVE, WORRIED, compose
from healthcheck.questions import DONT_KNOW, NONE_OF_THESE, PREFER_NOT_TO_SAY
from healthcheck.survey.store import Response, store_response

ROLE_WEIGHTS = {
    "social_worker": 52,
    "senior_practitioner": 15,
    "team_manager": 8,
    "occupational_therapist": 6,
    "assessment_officer": 12,
    "other": 3,
    PREFER_NOT_TO_SAY: 4,
}
THIS_YEAR_RATE = (0.78, 0.95)  # share of eligible headcount that answers
LAST_YEAR_RATE = (0.68, 0.85)
SMALL_TEAM_RESPONSES = 3
COMMENT_CHANCE = 0.16
NO_TEAM_GIVEN_CHANCE = 0.03


def seed_survey_answers(context) -> None:
    """The demo's seeder: answers for this year's open cycle and last year's."""
    this_year = _seed_cycle(context, context.this_year, THIS_YEAR_RATE, last_year=False)
    last_year = _seed_cycle(context, context.last_year, LAST_YEAR_RATE, last_year=True)
    context.notes.append(
        f"Survey: {this_year} synthetic responses this year and {last_year} last year, "
        "stored the way the survey stores them."
    )


def _climate(context, team_name: str, last_year: bool) -> float:
    if team_name == demo.STRUGGLING_TEAM:
        return 2.1 if last_year else 1.2
    if team_name == demo.WELL_SUPPORTED_TEAM:
        return 3.05 if last_year else 3.25
    base = 2.55 + context.rng.random() * 0.6
    return base - (0.15 if last_year else 0.0)


def _seed_cycle(context, cycle: dict, rates: tuple[float, float], last_year: bool) -> int:
    rng, db = context.rng, context.db
    bank = cycles.cycle_bank(cycle)
    opens = datetime.date.fromisoformat(cycle["opens_on"])
    closes = min(datetime.date.fromisoformat(cycle["closes_on"]), datetime.date.today())
    stored = 0
    # Comment words come from their own random source, so changing a fragment moves no score.
    words = random.Random(f"comments-{cycle['slug']}")
    planted = [entry for entry in PLANTED if entry[0] == ("last" if last_year else "this")]
    for team in cycles.teams_for(db, cycle["id"]):
        if team["name"] == demo.SMALL_TEAM:
            count = min(SMALL_TEAM_RESPONSES, team["headcount"])
        else:
            count = min(team["headcount"], round(team["headcount"] * rng.uniform(*rates)))
        climate = _climate(context, team["name"], last_year)
        struggling = team["name"] == demo.STRUGGLING_TEAM
        kind = {demo.STRUGGLING_TEAM: "struggling", demo.WELL_SUPPORTED_TEAM: "well-supported"}.get(team["name"], "")
        for number in range(count):
            response = _response(rng, words, bank, climate, kind, team)
            if number == 0:
                response.comments.update(
                    {standard: text for _, name, standard, text, _ in planted if name == team["name"]}
                )
            if rng.random() < NO_TEAM_GIVEN_CHANCE and not struggling and team["name"] != demo.SMALL_TEAM:
                response.team_id = None
            day = opens + datetime.timedelta(days=rng.randint(0, max(0, (closes - opens).days)))
            store_response(db, cycle, bank, response, submitted_on=day)
            stored += 1
    return stored


def _weighted(rng, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _response(rng, words, bank, climate: float, kind: str, team: dict) -> Response:
    struggling = kind == "struggling"
    person = climate + rng.gauss(0, 0.55)
    role = _weighted(rng, ROLE_WEIGHTS)
    if role == "occupational_therapist" and team["service_area"] == "Children":
        role = "social_worker"
    answers = {}
    for item in bank.items:
        answer = _answer(rng, bank, item, person, struggling)
        if answer not in (None, [], ""):
            answers[item.id] = answer
    comments = {}
    for standard in bank.standards:
        if rng.random() < COMMENT_CHANCE * (1.6 if struggling else 1):
            tone = WORRIED if person < 2.2 else POSITIVE
            comments[standard.number] = compose(words, standard.number, tone, kind)
    return Response(
        team_id=team["id"],
        role_group=None if role == PREFER_NOT_TO_SAY else role,
        answers=answers,
        comments=comments,
    )


def _answer(rng, bank, item, person: float, struggling: bool):
    if item.dont_know and rng.random() < (0.25 if item.id == "10b" else 0.05):
        return DONT_KNOW
    if item.type == "agreement":
        level = round(min(4, max(0, person + rng.gauss(0, 0.7))))
        if item.reverse:
            level = 4 - level
        return bank.agreement[level].value
    if item.type == "frequency":
        # The choice whose score is nearest to how well things go for this person.
        target = min(100, max(0, person * 25 + rng.gauss(0, 15) - (25 if struggling else 0)))
        distance = {choice.value: abs(choice.score - target) for choice in item.choices}
        nearest = min(distance.values())
        return rng.choice([value for value, away in distance.items() if away == nearest])
    if item.type == "number":
        return _number(rng, item, person)
    if item.type == "multiple_choice":
        others = [c.value for c in item.choices if c.value != NONE_OF_THESE]
        chosen = rng.sample(others, k=min(len(others), max(0, round(rng.gauss(3.2 - person * 0.7, 0.9)))))
        if chosen:
            return chosen
        return [NONE_OF_THESE] if any(c.value == NONE_OF_THESE for c in item.choices) else []
    if item.type == "text":
        return rng.choice(EXTRA_RESPONSIBILITIES) if rng.random() < 0.05 else None
    return None


def _number(rng, item, person: float) -> str:
    if item.good is not None and item.poor is not None:
        # Around "good" when things go well (3+), around "poor" when they go badly (1 or less).
        share = min(1.3, max(-0.3, (3 - person) / 2 + rng.gauss(0, 0.25)))
        value = item.good + (item.poor - item.good) * share
    else:
        value = item.min + (item.max - item.min) * rng.random() * 0.25
    value = min(item.max, max(item.min, value))
    return str(int(round(value))) if value >= 10 else f"{round(value * 2) / 2:g}"
