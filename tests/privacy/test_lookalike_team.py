"""Attack: an editor adds a team whose name looks exactly like a real one ("Аdults North"
with a Cyrillic "А"), then sends its team link to one person: their answers land in a team
of one, and its figures are theirs alone."""

import pytest
from bs4 import BeautifulSoup

from healthcheck import cycles
from healthcheck.problems import Problem

SLUG = "health-check-2026"


@pytest.mark.parametrize(
    "lookalike",
    [
        "\u0410dults North",  # Cyrillic capital A
        "Adults N\u043erth",  # Cyrillic small o
        "\uff21dults North",  # full-width A
        "Adults\u200b North",  # a zero-width space
        "Adults  NORTH",
        "Adu1ts North",
    ],
)
def test_a_lookalike_team_name_is_refused_with_a_clear_message(sign_in, make_cycle, db, lookalike):
    cycle = make_cycle(SLUG, teams=[("Adults North", "Adults", 12)])
    response = sign_in("psw").post(
        f"/admin/cycles/{SLUG}/teams/new", data={"name": lookalike, "service_area": "Adults", "headcount": "3"}
    )
    assert response.status_code == 200
    html = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = " ".join(html.select_one(".govuk-error-summary").text.split())
    assert "Adults North" in summary or "adults-north" in summary  # names the team it clashes with
    assert [team["name"] for team in cycles.teams_for(db, cycle["id"])] == ["Adults North"]


def test_the_message_says_why_a_lookalike_is_refused(db, make_cycle):
    cycle = make_cycle(SLUG, teams=[("Adults North", "Adults", 12)])
    with pytest.raises(Problem, match="looks the same as the team Adults North"):
        cycles.add_team(db, cycle, {"name": "\u0410dults N\u043erth", "service_area": "Adults", "headcount": 3})


def test_renaming_a_team_into_a_lookalike_is_refused(db, make_cycle):
    cycle = make_cycle(SLUG, teams=[("Adults North", "Adults", 12), ("Front Door", "Children", 8)])
    front_door = [team for team in cycles.teams_for(db, cycle["id"]) if team["name"] == "Front Door"][0]
    with pytest.raises(Problem, match="looks the same"):
        cycles.update_team(db, front_door, {"name": "\u0410dults North", "service_area": "Adults", "headcount": 8})
    assert cycles.get_team(db, front_door["id"])["name"] == "Front Door"


def test_distinct_names_are_still_welcome(db, make_cycle):
    cycle = make_cycle(SLUG, teams=[("Adults North", "Adults", 12)])
    cycles.add_team(db, cycle, {"name": "Adults South", "service_area": "Adults", "headcount": 9})
    cycles.add_team(db, cycle, {"name": "Adults Central", "service_area": "Adults", "headcount": 9})
    assert len(cycles.teams_for(db, cycle["id"])) == 3
