"""`healthcheck demo`: a realistic fictional council to explore, seeded once and served."""

import datetime
import os
import random
import secrets
from dataclasses import dataclass, field

import click
from flask import current_app

from healthcheck import accounts, cycles
from healthcheck.db import get_db

ORGANISATION = "Northfield Borough Council"
DEMO_DOMAIN = "northfield.example"

# (name, service area, eligible headcount). Sizes differ on purpose: the AMHP team is
# below the reporting threshold, and the Front Door team is the one that is struggling.
TEAMS = [
    ("Hospital Discharge", "Adults", 40),
    ("Adults Locality North", "Adults", 66),
    ("Adults Locality South", "Adults", 58),
    ("Approved Mental Health Professionals", "Mental health", 4),
    ("Front Door and MASH", "Children", 52),
    ("Child Protection East", "Children", 56),
    ("Children in Care", "Children", 48),
    ("Disabled Children and Transitions", "All-age disability", 36),
]
STRUGGLING_TEAM = "Front Door and MASH"
SMALL_TEAM = "Approved Mental Health Professionals"


@dataclass
class DemoContext:
    """What the seeders share: the database, the random source and the two cycles."""

    db: object
    rng: random.Random
    last_year: dict
    this_year: dict
    notes: list = field(default_factory=list)


# Later features (survey answers, workforce figures, actions) add a function here that
# takes a DemoContext and fills in their part; each must be safe to run once per cycle.
SEEDERS: list = []


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
    return cycles.open_cycle(db, cycle), True


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
        context = DemoContext(db=db, rng=rng, last_year=last_year, this_year=this_year)
        if created_last or created_this:
            for seeder in SEEDERS:
                seeder(context)
        if created_this:
            from healthcheck.survey import access_codes

            # The demo's open survey keeps an open link, so anyone trying it can answer from the
            # link printed below (a real cycle chooses between access codes and an open link).
            access_codes.set_required(db, this_year, False)
        if last_year["status"] == "open":
            last_year = cycles.close_cycle(db, last_year)
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


@click.command("demo")
@click.option("--no-serve", is_flag=True, help="Only seed the data; do not start the server.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed for the synthetic answers.")
def demo_command(no_serve, host, port, seed):
    """Seed a fictional council with two cycles and serve it on localhost."""
    from flask import Flask

    from healthcheck import create_app

    # The demo keeps to its own file so it never mixes with a real organisation's data.
    if not os.environ.get("HEALTHCHECK_DATABASE"):
        instance = Flask("healthcheck", instance_relative_config=True).instance_path
        os.environ["HEALTHCHECK_DATABASE"] = os.path.join(instance, "demo.sqlite")
    app = create_app()
    with app.app_context():
        result = seed_demo(get_db(), seed=seed)
        database = current_app.config["DATABASE"]
    base = f"http://{host}:{port}"
    click.echo(f"{ORGANISATION} demo {'seeded' if result['created'] else 'already seeded'} in {database}")
    for note in result["notes"]:
        click.echo(note)
    click.echo(f"Sign in at {base}/sign-in with:")
    for role, email, password in result["accounts"]:
        click.echo(f"  {accounts.ROLES[role]:<28} {email:<28} {password}")
    click.echo(f"Survey link: {base}/survey/{result['open_cycle']}")
    if no_serve:
        return
    from healthcheck.web.server import serve

    click.echo("Press Ctrl+C to stop.")
    serve(app, host=host, port=port, workers=2)


# Feature seeders (imported last: they read the names above).
from healthcheck.demo.survey_answers import seed_survey_answers

SEEDERS.append(seed_survey_answers)

from healthcheck.demo.management import seed_management

SEEDERS.append(seed_management)

from healthcheck.demo.actions import seed_actions

SEEDERS.append(seed_actions)

from healthcheck.demo.publishing import seed_publishing

SEEDERS.append(seed_publishing)
