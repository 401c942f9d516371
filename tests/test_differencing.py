"""The differencing attack: take the whole organisation's figures, subtract every group that
is shown, and try to recover the small team's count or score. It must fail in the JSON and
in the pages alike (exports read the same disclosable view)."""

import json

import pytest
from conftest import page
from results_seed import SMALL, TEAMS, TEAMS_SMALL_IN_ADULTS, seed_results

from healthcheck import cycles
from healthcheck.results import scoring
from healthcheck.results.data import load_results_input

K = 5
SMALL_COUNT = next(respondents for name, _, _, respondents, _ in TEAMS if name == SMALL)
AREA = {}


@pytest.fixture(params=["small team alone in its service area", "small team inside a larger service area"])
def seeded(request, db, make_cycle):
    layout = TEAMS if request.param.endswith("its service area") else TEAMS_SMALL_IN_ADULTS
    AREA.clear()
    AREA.update({name: area for name, area, _, _, _ in layout})
    return seed_results(db, make_cycle, teams=layout)


@pytest.fixture
def small_team_truth(db, seeded):
    """The small team's real standard scores, worked out from its raw answers (what an attacker wants)."""
    bank = cycles.cycle_bank(seeded)
    data = load_results_input(db, seeded, bank)
    team_id = next(team["id"] for team in data.teams if team["name"] == SMALL)
    answers = {item: entry["answer"] for item, entry in data.organisation_answers.items()}
    card = scoring.scorecard(
        bank,
        [r for r in data.respondents if r.team_id == team_id],
        answers,
        scoring.indicator_values(bank, data.figures[team_id]),
    )
    return [standard["score"] for standard in card["standards"]]


def attack(total, groups):
    """Whole organisation minus the given (respondents, [scores]) groups: the remainder's count and scores."""
    count = total[0] - sum(n for n, _ in groups)
    if count <= 0:
        return count, None
    scores = [(total[1][i] * total[0] - sum(n * s[i] for n, s in groups)) / count for i in range(len(total[1]))]
    return count, scores


def assert_attack_fails(count, scores, truth):
    assert count == 0 or count >= K, f"a remainder of {count} people is below the threshold"
    assert count != SMALL_COUNT
    if scores is not None:
        assert any(abs(score - real) > 2 for score, real in zip(scores, truth)), "the small team's scores came out"


def run_attacks(total, teams, services, truth):
    """teams: {name: (n, scores, area or None)}; services: {name: (n, scores)} for shown groups only."""
    assert SMALL not in teams
    singles = {name: group for name, group in teams.items() if group[2] is not None}
    # 1. the whole organisation minus every team shown on its own
    assert_attack_fails(*attack(total, [g[:2] for g in singles.values()]), truth)
    # 2. the whole organisation minus every group shown, combined groups included
    assert_attack_fails(*attack(total, [g[:2] for g in teams.values()]), truth)
    # 3. the whole organisation minus every service area shown
    assert_attack_fails(*attack(total, list(services.values())), truth)
    # 4. each service area minus its teams shown on their own
    for area, group in services.items():
        inside = [g[:2] for g in singles.values() if g[2] == area]
        assert_attack_fails(*attack(group, inside), truth)


def test_attack_on_the_json_recovers_nothing(runner, seeded, small_team_truth):
    def scores_by(by):
        result = runner.invoke(args=["scores", "--cycle", seeded["slug"], "--format", "json", "--by", by])
        return json.loads(result.output)

    by_team, by_service = scores_by("team"), scores_by("service")
    total = (by_team["respondents"], [s["score"] for s in by_team["standards"]])
    teams = {
        g["name"]: (g["respondents"], [s["score"] for s in g["standards"]], AREA.get(g["name"]))
        for g in by_team["groups"]
        if not g["suppressed"]
    }
    services = {
        g["name"]: (g["respondents"], [s["score"] for s in g["standards"]])
        for g in by_service["groups"]
        if not g["suppressed"]
    }
    small = next(g for g in by_team["groups"] if g["name"] == SMALL)
    assert small["suppressed"] and small["respondents"] is None
    assert {s["score"] for s in small["standards"]} == {None}
    # no suppressed group carries any number at all
    for group in by_team["groups"] + by_service["groups"]:
        if group["suppressed"]:
            assert group["respondents"] is None and group["response_rate"] is None
            assert all(s["score"] is None and s["band"] is None for s in group["standards"])
    run_attacks(total, teams, services, small_team_truth)


def heatmap_rows(client, slug, by):
    html = page(client.get(f"/admin/cycles/{slug}/results/heatmap?by={by}"))
    rows = {}
    for row in html.select("#heatmap tbody tr"):
        name = row.th.contents[0].strip() if row.th.contents else ""
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        rows[name] = cells
    return rows


def not_a_number(text):
    """True when the text holds no figure but the threshold itself."""
    return not any(ch.isdigit() for ch in text.replace(f"Fewer than {K}", ""))


def shown(cells):
    return len(cells) == 9 and cells[0].isdigit()


def test_attack_on_the_pages_recovers_nothing(sign_in, seeded, small_team_truth):
    psw = sign_in("psw")
    by_team = heatmap_rows(psw, seeded["slug"], "team")
    by_service = heatmap_rows(psw, seeded["slug"], "service")

    def group(cells):
        return int(cells[0]), [int(cell.split()[0]) for cell in cells[1:]]

    total = group(by_team.pop("Whole organisation"))
    by_service.pop("Whole organisation")
    assert not_a_number(" ".join(by_team[SMALL]))
    teams = {name: (*group(cells), AREA.get(name)) for name, cells in by_team.items() if shown(cells)}
    services = {name: group(cells) for name, cells in by_service.items() if shown(cells)}
    run_attacks(total, teams, services, small_team_truth)
    # the response table on the overview gives the same counts, and no more
    overview = page(psw.get(f"/admin/cycles/{seeded['slug']}/results"))
    counts = {
        row.th.contents[0].strip(): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in overview.select("#responses-table tbody tr")
    }
    assert not_a_number(counts[SMALL][1])
    shown_counts = [
        int(cells[1])
        for name, cells in counts.items()
        if name != "Whole organisation" and len(cells) == 3 and cells[1].isdigit()
    ]
    assert sum(shown_counts) == total[0]  # combined groups account for everyone; nothing is left to subtract
