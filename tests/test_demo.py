"""The demo organisation: realistic, repeatable, never duplicated."""

import datetime

import click
import pytest

from healthcheck import accounts, cycles
from healthcheck.demo.seed import SMALL_TEAM, seed_demo
from healthcheck.survey import access_codes


def test_demo_seeds_two_cycles_teams_and_accounts(db):
    result = seed_demo(db, seed=1)
    year = datetime.date.today().year
    last, this = cycles.get_cycle(db, f"health-check-{year - 1}"), cycles.get_cycle(db, f"health-check-{year}")
    assert (last["status"], this["status"]) == ("closed", "open")
    # last year's results are released; this year's survey is open, with no results yet, on an open link
    assert cycles.stage(last) == "released" and cycles.stage(this) == "open"
    assert db["result_releases"].count == 1
    assert access_codes.required(db, this) is False
    teams = cycles.teams_for(db, this["id"])
    assert len(teams) == 8
    assert {team["service_area"] for team in teams} >= {"Adults", "Children"}
    small = [team for team in teams if team["headcount"] < this["reporting_threshold"]]
    assert [team["name"] for team in small] == [SMALL_TEAM]
    assert result["open_cycle"] == this["slug"]
    for role, email, password in result["accounts"]:
        assert accounts.authenticate(db, email, password)["role"] == role


def test_demo_twice_neither_fails_nor_duplicates(db):
    first = seed_demo(db, seed=1)
    counts = {table: db[table].count for table in ("cycles", "teams", "users", "responses")}
    second = seed_demo(db, seed=1)
    assert second["created"] is False
    assert {table: db[table].count for table in counts} == counts
    # the passwords printed the second time are the ones that work
    for (_, email, old), (_, _, new) in zip(first["accounts"], second["accounts"]):
        assert accounts.authenticate(db, email, new)
        assert not accounts.authenticate(db, email, old)


def test_demo_refuses_a_database_with_real_data(db, make_cycle):
    make_cycle(slug="our-2026-check")
    with pytest.raises(click.ClickException, match="only seeds an empty database"):
        seed_demo(db)
    assert cycles.organisation_name(db) == ""


def test_demo_command_seeds_without_serving(app, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from healthcheck.cli.setup import main

    monkeypatch.setenv("HEALTHCHECK_DATABASE", str(tmp_path / "demo.sqlite"))
    monkeypatch.setenv("SECRET_KEY", "test")
    result = CliRunner().invoke(main, ["demo", "--no-serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    year = datetime.date.today().year
    assert f"Survey link: http://127.0.0.1:8123/survey/health-check-{year}" in result.output
    for email in ("admin@northfield.example", "psw@northfield.example", "viewer@northfield.example"):
        assert email in result.output


def test_anyone_trying_the_demo_answers_from_the_link_it_prints(app, db):
    from healthcheck.survey import access_codes

    result = seed_demo(db, seed=1)
    this = cycles.get_cycle(db, result["open_cycle"])
    assert not access_codes.required(db, this)  # the open public link, chosen for the demo
    visitor = app.test_client()
    assert visitor.post(f"/survey/{this['slug']}").location == f"/survey/{this['slug']}/about-you"
    # A cycle made in the demo's app as a council would needs codes.
    made = cycles.create_cycle(
        db,
        {
            "name": "Our own check",
            "slug": "our-own-check",
            "capture_date": "2026-09-30",
            "opens_on": "2026-10-01",
            "closes_on": "2026-10-31",
            "reporting_threshold": 5,
        },
    )
    assert access_codes.required(db, made)
