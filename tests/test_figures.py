"""Figures a principal social worker can defend: colours that follow meaning, whose view a
score rests on, and how sure each figure is."""

import pytest
from conftest import page
from results_seed import seed_results

BASE = "/admin/cycles/health-check-2026/results"


@pytest.fixture
def seeded(db, make_cycle):
    return seed_results(db, make_cycle)


def tones(html, item_id):
    """{answer label: colour class} from the table under an item's chart."""
    table = html.select_one(f"#answers-{item_id}")
    found = {}
    for row in table.select("tbody tr"):
        swatch = row.th.select_one(".app-swatch")
        tone = next(c for c in swatch["class"] if c.startswith("app-answer--"))
        found[row.th.get_text(strip=True)] = tone.removeprefix("app-answer--")
    return found


def test_answer_colours_follow_the_score_not_the_place_in_the_list(sign_in, seeded):
    client = sign_in("psw")
    frequency = tones(page(client.get(f"{BASE}/standards/1")), "28a")  # how often does your team meet?
    assert frequency["Weekly"] == "4" and frequency["Never"] == "0"
    workload = page(client.get(f"{BASE}/standards/3"))
    number = tones(workload, "5a")  # caseload: good at 16 or fewer
    assert number["At or better than 16"] == "4"
    assert number["At or worse than 22"] == "0"
    assert number["In between"] == "2"
    reverse = tones(page(client.get(f"{BASE}/standards/2")), "20b")  # agreeing is bad news
    assert reverse["Strongly agree"] == "0" and reverse["Strongly disagree"] == "4"
    assert reverse["Don't know / not applicable"] == "dont-know"
    barriers = tones(page(client.get(f"{BASE}/standards/4")), "19a")  # multiple choice: not scored
    assert set(barriers.values()) == {"unscored"}
    # the chart's segments carry the same colours as the table's swatches
    segments = workload.select("svg#chart-5a rect.app-chart__segment")
    assert segments and all(any(c.startswith("app-answer--") for c in s["class"]) for s in segments)
    assert workload.select_one("#answer-key") is not None


def test_percent_positive_is_defined_for_each_answer_type(sign_in, seeded):
    client = sign_in("psw")
    workload = page(client.get(f"{BASE}/standards/3"))

    def rule(item_id):
        section = workload.select_one(f"#answers-{item_id}").find_previous("p", class_="app-positive-rule")
        return section.get_text(" ", strip=True)

    # caseload: 16 good, 22 poor, 75 threshold -> 17.5 or fewer
    assert "17.5 cases or fewer" in rule("5a")
    planning = page(client.get(f"{BASE}/standards/2"))
    reverse = (
        planning.select_one("#answers-20b").find_previous("p", class_="app-positive-rule").get_text(" ", strip=True)
    )
    assert "“Strongly disagree” or “Disagree”" in reverse and "“Agree”" not in reverse
    meetings = page(client.get(f"{BASE}/standards/1"))
    text = meetings.select_one("#answers-28a").find_previous("p", class_="app-positive-rule").get_text(" ", strip=True)
    assert "Weekly" in text and "Never" not in text


# --- Whose view it is ---------------------------------------------------------


def test_a_teams_standard_1_on_the_heatmap_is_the_mean_of_its_own_step_scores(db, sign_in, seeded):
    from results_seed import STRUGGLING

    from healthcheck import cycles
    from healthcheck.results import compute, data, scoring

    cycle = cycles.get_cycle(db, "health-check-2026")
    bank = cycles.cycle_bank(cycle)
    team = next(t for t in cycles.teams_for(db, cycle["id"]) if t["name"] == STRUGGLING)
    own = data.load_results_input(db, cycle, bank)
    members = [r for r in own.respondents if r.team_id == team["id"]]
    # The team's own answers and its own figures: no organisation answers at all.
    figures = scoring.combined_indicator_values(bank, own.figures, [team["id"]])
    card = scoring.scorecard(bank, members, {}, figures, minimum_answers=5)
    standard_1 = card["standards"][0]
    steps = [step["score"] for step in standard_1["steps"] if step["score"] is not None]
    assert steps and all(step["parts"]["organisation"] is None for step in standard_1["steps"])
    expected = scoring.shown_score(sum(steps) / len(steps))

    stored = compute.released_results(db, cycle)["groups"][f"team:{team['slug']}"]["standards"][0]
    assert stored["score"] == pytest.approx(sum(steps) / len(steps))
    assert stored["parts"]["organisation"] is None

    heatmap = page(sign_in("psw").get(f"{BASE}/heatmap?by=team"))
    row = next(tr for tr in heatmap.select("#heatmap tbody tr") if tr.th.get_text(strip=True) == STRUGGLING)
    assert row.select("td")[1].get_text(" ", strip=True).split()[0] == str(expected)
    # the organisation's own view sits in a row of its own, beside the groups
    own_view = heatmap.select_one("#organisation-view-row")
    assert own_view.th.get_text(" ", strip=True).startswith("Organisation's own view")
    assert len(own_view.select("td.app-heat")) == 8


def test_role_groups_are_scored_from_their_own_answers_alone(db, seeded):
    from healthcheck import cycles
    from healthcheck.results import compute

    results = compute.released_results(db, cycles.get_cycle(db, "health-check-2026"))
    roles = [card for key, card in results["groups"].items() if key.startswith("role")]
    assert roles
    for card in roles:
        for standard in card["standards"]:
            assert standard["parts"]["organisation"] is None
            assert standard["parts"]["workforce"] is None  # a role group has no workforce figures
    # the whole organisation keeps its own view, as its own part
    assert any(s["parts"]["organisation"] is not None for s in results["overall"]["standards"])


def test_scores_resting_only_on_the_organisations_view_are_labelled(sign_in, seeded, db):
    client = sign_in("psw")
    overview = page(client.get(BASE))
    notes = {
        tr.th.get_text(" ", strip=True): tr.select_one(".app-basis").get_text(" ", strip=True)
        for tr in overview.select("#standards-table tbody tr")
        if tr.select_one(".app-basis")
    }
    # standard 1: steps 28-30 from practitioners, 35, 36 and 38 from the organisation alone
    standard_1 = next(text for heading, text in notes.items() if heading.startswith("1."))
    assert standard_1 == "3 of 6 steps rest only on the organisation's own view"
    standard = page(client.get(f"{BASE}/standards/1"))
    assert "3 of 6 steps rest only" in standard.select_one("#standard-summary").get_text(" ", strip=True)
    step_35 = standard.select_one("#step-35")
    assert "Organisation's own view only" in step_35.get_text(" ", strip=True)
    assert "Organisation's own view only" not in standard.select_one("#step-28").get_text(" ", strip=True)
    heatmap = page(client.get(f"{BASE}/heatmap?by=team"))
    whole = next(tr for tr in heatmap.select("#heatmap tbody tr") if tr.th.get_text(strip=True) == "Whole organisation")
    assert "3 steps own view" in whole.select("td")[1].get_text(" ", strip=True)


def test_the_workbook_says_whose_view_each_score_rests_on(db, seeded):
    import io

    import openpyxl

    from healthcheck import cycles
    from healthcheck.workbook.build import build_workbook, workbook_bytes

    cycle = cycles.get_cycle(db, "health-check-2026")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_workbook(db, cycle, "psw@council.example"))))
    rows = [[cell.value for cell in row] for row in book["Standards"].iter_rows()]
    header = rows[3]
    column = header.index("Whose view")
    step_35 = next(row for row in rows[4:] if row[1] == 35)
    assert step_35[column] == "Organisation's own view only"
    standard_1 = next(row for row in rows[4:] if row[1] == "All steps")
    assert standard_1[column] == "3 of 6 steps rest only on the organisation's own view"
    summary = [[cell.value for cell in row] for row in book["Summary"].iter_rows()]
    header = next(row for row in summary if row[0] == "Standard")
    assert "Whose view" in header
