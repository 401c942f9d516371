"""Attack: a team whose eligible headcount is large but who has only a few staff actually in
post; its sickness absence on the results pages then describes those few people (the
workforce pages already hide it: one rule must hold everywhere)."""

from bs4 import BeautifulSoup

from healthcheck import cycles
from healthcheck.results import compute as results

SLUG = "health-check-2026"
TEAMS = [("Tiny In Post", "Adults", 12), ("Locality North", "Adults", 20), ("Front Door", "Children", 18)]


def seed(db, make_cycle):
    cycle = make_cycle(SLUG, status="open", teams=TEAMS)
    in_post = {"Tiny In Post": 2, "Locality North": 18, "Front Door": 16}
    db["workforce_figures"].insert_all(
        {"cycle_id": cycle["id"], "team_id": team["id"], "field": field, "value": value}
        for team in cycles.teams_for(db, cycle["id"])
        for field, value in (
            ("inpost_fte", in_post[team["name"]]),
            ("inpost_headcount", in_post[team["name"]]),
            ("working_days_lost", 37),
        )
    )
    return results.release_results(db, cycles.close_cycle(db, cycle))


def sickness_by_team(response) -> dict[str, str]:
    table = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("#indicator-absence_rate")
    return {row.th.text.strip(): row.td.text.strip() for row in table.select("tbody tr")}


def test_results_hide_sickness_where_the_workforce_pages_do(db, make_cycle, sign_in):
    cycle = seed(db, make_cycle)
    standard = cycles.cycle_bank(cycle).step(34).standard
    shown = sickness_by_team(sign_in("viewer").get(f"/admin/cycles/{SLUG}/results/standards/{standard}"))
    assert shown["Tiny In Post"].startswith("Not shown")
    # Hiding one team alone would leave it as the total minus the others: a second goes too.
    assert sum(value.startswith("Not shown") for value in shown.values()) >= 2
