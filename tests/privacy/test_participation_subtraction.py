"""Attack: read "Getting responses" and subtract. With the total and every shown team, the
hidden teams' sum is known; if the hidden teams hold fewer than the threshold between them,
or only one team is hidden, a small team's count (and so who has answered) comes out."""

import itertools

import pytest
from bs4 import BeautifulSoup

from healthcheck import cycles
from healthcheck.survey import uptake
from healthcheck.survey.store import Response, store_response

SLUG = "hc"
K = 5


def seed(db, make_cycle, counts: dict[str, int]):
    cycle = make_cycle(SLUG, status="open", teams=[(name, "Adults", 20) for name in counts])
    bank = cycles.cycle_bank(cycle)
    teams = {team["name"]: team for team in cycles.teams_for(db, cycle["id"])}
    for name, count in counts.items():
        for _ in range(count):
            store_response(db, cycle, bank, Response(team_id=teams[name]["id"]))
    return cycle


def read_table(client) -> dict[str, str]:
    html = BeautifulSoup(client.get(f"/admin/cycles/{SLUG}/invitations").get_data(as_text=True), "html.parser")
    return {
        row.select("th, td")[0].text.strip(): row.select("th, td")[2].text.strip()
        for row in html.select("#uptake-table tbody tr")
    }


@pytest.mark.parametrize(
    "counts",
    [
        {"Alpha": 1, "Bravo": 1, "Charlie": 9, "Delta": 12},  # two small teams, 2 between them
        {"Alpha": 2, "Bravo": 6, "Charlie": 30},
        {"Alpha": 4, "Bravo": 0, "Charlie": 7, "Delta": 7},
    ],
)
def test_subtracting_the_shown_rows_never_gives_a_small_figure(db, make_cycle, sign_in, counts):
    seed(db, make_cycle, counts)
    shown = read_table(sign_in("psw"))
    total = int(shown.pop("All teams"))
    hidden = [name for name, text in shown.items() if not text.isdigit()]
    left_over = total - sum(int(text) for name, text in shown.items() if name not in hidden)
    assert hidden, shown
    if left_over:  # the hidden teams together: at least the threshold, never one team alone
        assert left_over >= K and len(hidden) >= 2, shown
    for name in hidden:
        assert shown[name] == ("fewer than 5" if counts[name] < K else "not shown, to protect a smaller team")


def test_every_combination_of_small_counts_keeps_the_hidden_sum_at_the_threshold(db, make_cycle):
    cycle = make_cycle(SLUG, status="open", teams=[(f"T{i}", "Adults", 20) for i in range(3)])
    bank = cycles.cycle_bank(cycle)
    teams = cycles.teams_for(db, cycle["id"])
    added = [0, 0, 0]
    for step, index in zip(range(14), itertools.cycle([0, 1, 2, 2, 2])):
        store_response(db, cycle, bank, Response(team_id=teams[index]["id"]))
        added[index] += 1
        result = uptake.response_uptake(db, cycle)
        hidden = [count for row, count in zip(result.rows, added) if row.hidden]
        if result.total.count is not None and hidden:
            assert sum(hidden) >= K or sum(hidden) == 0, (step, added)


def test_before_anyone_answers_every_row_says_none_yet(db, make_cycle, sign_in):
    seed(db, make_cycle, {"Alpha": 0, "Bravo": 0})
    shown = read_table(sign_in("psw"))
    assert set(shown.values()) == {"none yet"}
