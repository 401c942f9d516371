"""Every change to a cycle's teams (added, renamed, moved to another service area, a new
headcount, removed) is kept with who made it and the date, and the PSW sees the history on the
cycle's page: moving teams changes how small teams are combined in the results."""

import re

import pytest
from conftest import page

from healthcheck import cycles


def history_rows(html) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in html.select("#team-changes-table tbody tr")
    ]


def test_the_psw_sees_who_added_moved_and_resized_a_team(sign_in, make_cycle, db):
    make_cycle(slug="hc", teams=[])
    psw = sign_in("psw")
    psw.post("/admin/cycles/hc/teams/new", data={"name": "Alpha", "service_area": "Adults", "headcount": "6"})
    [team] = cycles.teams_for(db, cycles.get_cycle(db, "hc")["id"])
    psw.post(
        f"/admin/cycles/hc/teams/{team['id']}/edit",
        data={"name": "Alpha East", "service_area": "Children", "headcount": "8"},
    )
    # Saving the form unchanged records nothing.
    psw.post(
        f"/admin/cycles/hc/teams/{team['id']}/edit",
        data={"name": "Alpha East", "service_area": "Children", "headcount": "8"},
    )
    html = page(psw.get("/admin/cycles/hc"))
    assert html.select_one("#team-changes").text.strip() == "Changes to teams"
    rows = history_rows(html)
    assert len(rows) == 2
    (when_changed, name_changed, what_changed, by_changed), (when_added, name_added, what_added, by_added) = rows
    assert re.fullmatch(r"\d{1,2} \w+ \d{4}", when_changed)  # the date, no time of day
    assert name_changed == "Alpha East"
    assert what_changed == "Name Alpha → Alpha East; service area Adults → Children; eligible headcount 6 → 8"
    assert by_changed == "psw@council.example"
    assert (name_added, what_added, by_added) == ("Alpha", "Added: Adults, eligible headcount 6", "psw@council.example")


def test_a_removed_team_stays_in_the_history(make_cycle, db):
    cycle = make_cycle(slug="hc", teams=[("Bravo", "Adults", 1)])
    [team] = cycles.teams_for(db, cycle["id"])
    cycles.delete_team(db, team, "admin@council.example")
    assert cycles.teams_for(db, cycle["id"]) == []
    latest = cycles.team_history(db, cycle["id"])[0]
    assert (latest["team_name"], latest["change"], latest["what"], latest["changed_by"]) == (
        "Bravo",
        "removed",
        "Removed: Adults, eligible headcount 1",
        "admin@council.example",
    )


def test_a_refused_change_records_nothing(make_cycle, db):
    cycle = make_cycle(slug="hc", teams=[("Bravo", "Adults", 1)])
    [team] = cycles.teams_for(db, cycle["id"])
    before = db["team_changes"].count
    with pytest.raises(cycles.Problem):
        cycles.update_team(db, team, {"name": "Bravo", "service_area": "Adults", "headcount": "lots"}, "psw@x")
    assert db["team_changes"].count == before
    assert cycles.get_team(db, team["id"])["headcount"] == 1


def test_a_team_added_by_a_command_says_so(app, make_cycle, db):
    make_cycle(slug="hc", teams=[])
    result = app.test_cli_runner().invoke(
        args=["teams", "add", "--cycle", "hc", "--name", "Charlie", "--service", "Adults", "--headcount", "6"]
    )
    assert result.exit_code == 0, result.output
    [entry] = cycles.team_history(db, cycles.get_cycle(db, "hc")["id"])
    assert (entry["team_name"], entry["changed_by"]) == ("Charlie", "a command on the server")


def test_the_history_is_short_with_earlier_changes_folded_away(sign_in, make_cycle, db):
    cycle = make_cycle(slug="hc", teams=[("Bravo", "Adults", 1)])
    [team] = cycles.teams_for(db, cycle["id"])
    for headcount in range(2, 14):
        team = cycles.update_team(db, team, {**team, "headcount": headcount}, "psw@council.example")
    html = page(sign_in("psw").get("/admin/cycles/hc"))
    assert len(history_rows(html)) == 10
    assert history_rows(html)[0][2] == "Eligible headcount 12 → 13"
    assert "Show 3 earlier changes" in html.select_one(".govuk-details__summary").text
    assert len(html.select("#earlier-team-changes-table tbody tr")) == 3


def test_a_viewer_does_not_see_the_history(sign_in, make_cycle):
    make_cycle(slug="hc", teams=[("Bravo", "Adults", 1)])
    html = page(sign_in("viewer").get("/admin/cycles/hc"))
    assert html.select_one("#team-changes-table") is None
    assert page(sign_in("psw").get("/admin/cycles/hc")).select_one("#team-changes-table") is not None
