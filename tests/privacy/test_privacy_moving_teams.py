"""Attack: moving teams. Alpha has 6 responses, Bravo 1 and Charlie 6 (reporting threshold 5).
Shown as {Alpha+Bravo} and Charlie; an editor who then moves Alpha to Children's would see
Alpha alone and {Bravo+Charlie}, and 7·(Alpha+Bravo) − 6·Alpha gives Bravo's one respondent
almost exactly. The grouping is decided at release and kept with it: moving, renaming or
resizing a team afterwards changes no figure and no grouping on any results page."""

from conftest import page
from privacy_snapshots import RESULTS_SHEETS, a_response, differences, snapshot

from healthcheck import cycles
from healthcheck.survey.store import store_responses

TEAMS = [("Alpha", "Adults", 8, 6, "agree"), ("Bravo", "Adults", 2, 1, "strongly_disagree")]
TEAMS += [("Charlie", "Children", 8, 6, "neither")]


def seed_alpha_bravo_charlie(db, make_cycle) -> dict:
    cycle = make_cycle(status="open", teams=[(name, area, headcount) for name, area, headcount, _, _ in TEAMS])
    teams = {team["name"]: team for team in cycles.teams_for(db, cycle["id"])}
    responses = [
        (a_response(cycle, teams[name], mood, f"{name} respondent {number}: the rota is unfair"), None)
        for name, _, _, count, mood in TEAMS
        for number in range(count)
    ]
    store_responses(db, cycle, cycles.cycle_bank(cycle), responses)
    return cycles.close_cycle(db, cycle)


def edit_team(psw, db, cycle, team_name, **changes):
    team = next(team for team in cycles.teams_for(db, cycle["id"]) if team["name"] == team_name)
    values = {"name": team["name"], "service_area": team["service_area"], "headcount": team["headcount"], **changes}
    response = psw.post(f"/admin/cycles/{cycle['slug']}/teams/{team['id']}/edit", data=values)
    assert response.status_code == 302, page(response).select_one(".govuk-error-summary")


def test_moving_renaming_and_resizing_teams_after_release_moves_nothing(db, sign_in, make_cycle):
    cycle = seed_alpha_bravo_charlie(db, make_cycle)
    psw = sign_in("psw")
    psw.post(f"/admin/cycles/{cycle['slug']}/release")
    viewer = sign_in("viewer")
    before = snapshot(viewer, cycle["slug"], sheets=RESULTS_SHEETS)
    rows = {row["name"]: row for row in before["results/scores.json?by=team"][1]["groups"]}
    assert rows["Adults teams combined"]["members"] == ["Alpha", "Bravo"]
    assert rows["Adults teams combined"]["respondents"] == 7 and rows["Charlie"]["respondents"] == 6

    edit_team(psw, db, cycle, "Alpha", service_area="Children")  # Alpha alone, {Bravo+Charlie}, were it live
    edit_team(psw, db, cycle, "Bravo", name="Bravo Renamed")
    edit_team(psw, db, cycle, "Charlie", headcount="3")  # below the threshold: sickness would hide, were it live
    assert {team["name"]: team["service_area"] for team in cycles.teams_for(db, cycle["id"])}["Alpha"] == "Children"

    after = snapshot(viewer, cycle["slug"], sheets=RESULTS_SHEETS)
    assert differences(before, after) == []
    assert "Bravo Renamed" not in str(after)


def test_the_grouping_is_the_one_the_teams_had_at_release(db, sign_in, make_cycle):
    """Edits made before release are what the release keeps: the PSW settles the teams, then releases."""
    cycle = seed_alpha_bravo_charlie(db, make_cycle)
    psw = sign_in("psw")
    edit_team(psw, db, cycle, "Alpha", service_area="Children")
    assert psw.post(f"/admin/cycles/{cycle['slug']}/release").status_code == 302
    groups = sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/results/scores.json?by=team").get_json()["groups"]
    shown = {group["name"]: group["respondents"] for group in groups if not group["suppressed"]}
    # Bravo, alone in Adults now, is folded across areas: no "Adults teams combined" any more.
    assert shown == {"Charlie": 6, "Other teams": 7}
