"""`healthcheck demo`: a realistic fictional council to explore, seeded once and served."""

import datetime
import random
import secrets

import click

from healthcheck import accounts, cycles
from healthcheck.demo.actions import seed_actions
from healthcheck.demo.comment_reviews import seed_comment_reviews
from healthcheck.demo.council import DEMO_DOMAIN, ORGANISATION, SMALL_TEAM, STRUGGLING_TEAM, TEAMS, DemoContext
from healthcheck.demo.management import seed_management
from healthcheck.demo.publishing import seed_publishing
from healthcheck.demo.survey_answers import seed_survey_answers
from healthcheck.survey import access_codes

# Each seeder takes a DemoContext and fills in its part, in this order (answers before the
# figures and views that sit beside them, comments reviewed before last year's release,
# actions before the summaries that publish them);
# each must be safe to run once per cycle.
SEEDERS = (seed_survey_answers, seed_management, seed_comment_reviews, seed_actions, seed_publishing)
__all__ = ["SEEDERS", "SMALL_TEAM", "STRUGGLING_TEAM", "TEAMS", "seed_demo"]


def _cycle_values(year: int, today: datetime.date) -> dict:
    return {
        "name": f"Health check {year}",
        "slug": f"health-check-{year}",
        "capture_date": datetime.date(year, 9, 30),
        "opens_on": datetime.date(year, 10, 1) if year < today.year else today - datetime.timedelta(days=14),
        "closes_on": datetime.date(year, 11, 30) if year < today.year else today + datetime.timedelta(days=28),
        "reporting_threshold": 5,
    }


def _ensure_cycle(db, year: int, today: datetime.date) -> tuple[dict, bool]:
    values = _cycle_values(year, today)
    existing = cycles.get_cycle(db, values["slug"])
    if existing:
        return existing, False
    cycle = cycles.create_cycle(db, values)
    for name, service, headcount in TEAMS:
        cycles.add_team(db, cycle, {"name": name, "service_area": service, "headcount": headcount})
    return cycles.open_cycle(db, cycle, today=datetime.date.fromisoformat(cycle["opens_on"])), True


def seed_demo(db, seed: int = 1, today: datetime.date | None = None) -> dict:
    """Seed the demo organisation (once) and give each demo account a fresh password.

    Returns {"accounts": [(role, email, password)], "open_cycle": slug, "created": bool}.
    """
    today = today or datetime.date.today()
    foreign = [c for c in cycles.list_cycles(db) if not c["slug"].startswith("health-check-")]
    if foreign or (cycles.organisation_name(db) not in ("", ORGANISATION)):
        raise click.ClickException(
            "This database already holds a real organisation's data; the demo only seeds "
            "an empty database. Set HEALTHCHECK_DATABASE to a new file, or use --database."
        )
    rng = random.Random(seed)
    with db.atomic():
        cycles.set_organisation_name(db, ORGANISATION)
        last_year, created_last = _ensure_cycle(db, today.year - 1, today)
        this_year, created_this = _ensure_cycle(db, today.year, today)
        # Anyone trying the demo answers from the link it prints; a real cycle needs codes
        # unless its PSW turns the open link on.
        access_codes.set_required(db, this_year, False)
        context = DemoContext(db=db, rng=rng, last_year=last_year, this_year=this_year)
        if created_last or created_this:
            for seeder in SEEDERS:
                seeder(context)
        last_year = cycles.get_cycle(db, last_year["slug"])
        if last_year["status"] == "open":
            last_year = cycles.close_cycle(db, last_year, closed_on=datetime.date.fromisoformat(last_year["closes_on"]))
        if not cycles.is_released(last_year):
            from healthcheck.results import compute as results

            # Last year's results are released (and fixed); this year's survey is open, with none yet.
            last_year = results.release_results(db, last_year, released_by=f"psw@{DEMO_DOMAIN}")
    logins = []
    for role in ("admin", "psw", "viewer"):
        email = f"{role}@{DEMO_DOMAIN}"
        password = "-".join(secrets.token_hex(3) for _ in range(3))
        user = accounts.find_user(db, email)
        if user:
            accounts.update_user(db, user["id"], role=role, active=True, password=password)
        else:
            accounts.create_user(db, email, password, role)
        logins.append((role, email, password))
    return {
        "accounts": logins,
        "open_cycle": this_year["slug"],
        "released_cycle": last_year["slug"],
        "created": created_last or created_this,
        "notes": context.notes,
    }
