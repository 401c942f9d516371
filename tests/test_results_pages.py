"""The results pages a principal social worker puts in front of councillors."""

import re

import pytest
from conftest import page
from results_seed import SMALL, STRUGGLING, released, seed_results

BASE = "/admin/cycles/health-check-2026/results"


@pytest.fixture
def seeded(db, make_cycle):
    return seed_results(db, make_cycle)


def rows_of(table):
    """{row heading: [cell texts]} for a parsed table body."""
    return {
        row.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr")
    }


def test_overview_shows_every_standard_with_band_in_words(sign_in, seeded):
    html = page(sign_in("psw").get(BASE))
    assert html.title.text.startswith("Results: Health check 2026")
    assert html.select_one("h1").text.strip() == "Results"
    rows = rows_of(html.select_one("#standards-table"))
    assert len(rows) == 8
    for _heading, (score, band, interval, change, coverage) in rows.items():
        assert re.fullmatch(r"\d+ to \d+ (Low|Moderate|High)( or (Moderate|High))?", interval)
        assert int(score) in range(101)
        assert band in ("Low", "Moderate", "High")
        assert change == "Not available"  # no earlier cycle
        assert re.fullmatch(r"\d of \d steps? with data", coverage)
    assert "68 of 106 eligible staff (64%)" in html.select_one("#results-summary").text
    chart = html.select_one("svg#standards-chart")
    assert chart["role"] == "img" and chart.select_one("title").text == "Scores by standard"
    assert len(chart.select("rect.app-chart__bar")) == 8


def test_overview_response_table_hides_the_small_team(sign_in, seeded):
    rows = rows_of(page(sign_in("psw").get(BASE)).select_one("#responses-table"))
    assert rows[SMALL] == ["4", "Fewer than 5 responses: included in Other teams"]
    assert rows[STRUGGLING] == ["16", "11", "69%"]
    other = next(name for name in rows if name.startswith("Other teams"))
    assert rows[other] == ["13", "9", "69%"]
    assert rows["Whole organisation"] == ["106", "68", "64%"]


def test_standard_page_shows_steps_parts_answers_workforce_and_gap(sign_in, seeded):
    html = page(sign_in("viewer").get(f"{BASE}/standards/5"))
    assert html.select_one("h1").text.strip() == "Standard 5: Effective and appropriate supervision"
    steps = rows_of(html.select_one("#steps-table"))
    assert list(steps) == ["Step 8", "Step 25"]
    practitioners, organisation, workforce, step_score, interval, change = steps["Step 25"]
    assert organisation == "100" and workforce == "–"
    assert re.fullmatch(r"\d+ to \d+ (Low|Moderate|High)( or (Moderate|High))?", interval)
    gap = html.select_one("#gap-25").text.strip()
    assert gap == (
        f"The organisation rates this as in place and working well; practitioners score it "
        f"{practitioners} ({'Low' if int(practitioners) <= 50 else 'Moderate' if int(practitioners) < 75 else 'High'})"
        f", {100 - int(practitioners)} points lower."
    )
    answers = rows_of(html.select_one("#answers-8a"))
    assert sum(int(people) for people, _ in answers.values()) == 68
    assert "Don't know / not applicable" in answers
    assert html.select_one("svg#chart-8a")["role"] == "img"
    supervision = rows_of(html.select_one("#indicator-supervision_compliance"))
    assert supervision[STRUGGLING][1].endswith("(Low)")
    comments = [c.text for c in html.select(".app-comment__text")]
    assert len(comments) == 16 and comments == sorted(comments, key=str.casefold)


def test_sickness_absence_is_not_shown_for_the_small_team(sign_in, seeded):
    html = page(sign_in("psw").get(f"{BASE}/standards/4"))
    absence = rows_of(html.select_one("#indicator-absence_rate"))
    assert absence[SMALL] == ["Not shown: this is about individuals, and the team has fewer than 5 staff"]
    assert sum(cells[0].startswith("Not shown") for cells in absence.values()) == 2


def test_standard_page_for_unknown_standard_is_not_found(sign_in, seeded):
    assert sign_in("psw").get(f"{BASE}/standards/9").status_code == 404


def test_heatmap_shows_struggling_team_lowest_and_small_team_suppressed(sign_in, seeded):
    html = page(sign_in("psw").get(f"{BASE}/heatmap"))
    assert html.select_one("h1").text.strip() == "Teams by standard"
    rows = rows_of(html.select_one("#heatmap"))
    assert rows[SMALL] == ["Fewer than 5 responses: included in Other teams"]
    shown = {name: cells for name, cells in rows.items() if len(cells) == 9 and name != "Whole organisation"}
    for column in range(1, 9):
        scores = {name: int(cells[column].split()[0]) for name, cells in shown.items()}
        assert min(scores, key=scores.get) == STRUGGLING
    for cells in shown.values():
        for cell in cells[1:]:
            # the band in words, never colour alone; then the 95% interval and any clear difference
            assert re.fullmatch(r"\d+ (Low|Moderate|High)( \d+–\d+)?( (Above|Below) the rest)?", cell)


@pytest.mark.parametrize(
    "by, heading, hidden",
    [
        ("service", "Service areas by standard", "Mental health"),
        ("role", "Role groups by standard", "Occupational therapist"),
    ],
)
def test_heatmap_by_service_area_and_role(sign_in, seeded, by, heading, hidden):
    html = page(sign_in("psw").get(f"{BASE}/heatmap?by={by}"))
    assert html.select_one("h1").text.strip() == heading
    rows = rows_of(html.select_one("#heatmap"))
    assert rows[hidden][0].startswith("Fewer than 5 responses")
    assert html.select_one("#breakdowns a[aria-current=page]")["href"].endswith(f"by={by}")


def test_heatmap_with_unknown_breakdown_is_not_found(sign_in, seeded):
    assert sign_in("psw").get(f"{BASE}/heatmap?by=postcode").status_code == 404


def test_comments_page_lists_comments_by_standard_under_shown_groups(sign_in, seeded):
    html = page(sign_in("psw").get(f"{BASE}/comments"))
    assert [h.text.split(":")[0] for h in html.select("h3[id^=standard-]")] == [f"Standard {n}" for n in range(1, 9)]
    assert len(html.select(".app-comment")) == 32
    groups = [g.text.strip() for g in html.select(".app-comment__group")]
    # Named only when the group reaches the comment threshold (10): the rest carry no group.
    assert sorted(set(groups)) == ["Adults Locality North", "Adults Locality South", "Front Door and MASH"]
    assert len(groups) == 12
    assert not any(SMALL in group for group in groups)
    assert "Other teams" not in groups


def test_results_json_matches_the_command(sign_in, seeded, runner):
    import json

    from_page = sign_in("psw").get(f"{BASE}/scores.json?by=team").get_json()
    from_command = json.loads(
        runner.invoke(args=["scores", "--cycle", "health-check-2026", "--format", "json", "--by", "team"]).output
    )
    assert from_page == from_command


def test_results_are_for_psw_and_viewer_only(sign_in, seeded, client):
    assert sign_in("admin").get(BASE).status_code == 403
    assert client.get(BASE).status_code == 302
    assert sign_in("psw").get("/admin/cycles/no-such-cycle/results").status_code == 404


def test_cycle_page_links_to_results(sign_in, seeded):
    link = page(sign_in("psw").get("/admin/cycles/health-check-2026")).select_one("#cycle-sections #results-link")
    assert link["href"] == BASE
    assert page(sign_in("admin").get("/admin/cycles/health-check-2026")).select_one("#results-link") is None


def test_results_with_no_responses_say_so(db, sign_in, make_cycle):
    released(db, make_cycle(status="closed"))
    html = page(sign_in("psw").get(BASE))
    assert "Fewer than 5 so far" in html.select_one("#results-summary").text
    assert {cells[0] for cells in rows_of(html.select_one("#standards-table")).values()} == {"No score"}


def test_a_team_with_more_responses_than_headcount_is_flagged(sign_in, db, make_cycle):
    from healthcheck import cycles
    from healthcheck.results.compute import release_results
    from healthcheck.survey.store import Response, store_response

    cycle = make_cycle(
        status="open",
        teams=[("Bravo", "Adults", 3), ("Charlie", "Adults", 20), ("Delta", "Adults", 2), ("Echo", "Adults", 10)],
    )
    bank = cycles.cycle_bank(cycle)
    teams = {team["name"]: team["id"] for team in cycles.teams_for(db, cycle["id"])}
    for name, count in (("Bravo", 6), ("Charlie", 7), ("Delta", 1), ("Echo", 5)):
        for _ in range(count):
            store_response(db, cycle, bank, Response(team_id=teams[name]))
    release_results(db, cycles.close_cycle(db, cycle))
    html = page(sign_in("psw").get(BASE))
    notice = " ".join(html.select_one("#more-than-headcount").text.split())
    assert notice.startswith("More responses than eligible staff: Bravo.")
    assert "answered more than once" in notice
    rows = rows_of(html.select_one("#responses-table"))
    assert rows["Bravo"] == ["3", "6 More than the eligible headcount", "200%"]
    assert rows["Charlie"] == ["20", "7", "35%"]
    # Delta's one response is hidden, and so is whether it is more than its headcount.
    assert "More than" not in " ".join(rows["Delta"])
    assert "Delta" not in notice


def test_no_flag_when_every_team_is_within_its_headcount(sign_in, seeded):
    html = page(sign_in("psw").get(BASE))
    assert html.select_one("#more-than-headcount") is None
    assert "More than the eligible headcount" not in html.select_one("#responses-table").text
