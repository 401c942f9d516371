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


def test_the_published_summary_says_whose_view_each_standard_rests_on(db, client, seeded):
    from healthcheck import cycles
    from healthcheck.publishing import summaries as publishing

    cycle = cycles.get_cycle(db, "health-check-2026")
    publication, _ = publishing.save_publication(db, cycle, "Caseloads and supervision", "psw@council.example")
    html = page(client.get(f"/published/{publication['token']}"))
    row = html.select_one('#standards-table tr[data-standard="1"]')
    assert "3 of 6 steps rest only on the organisation's own view" in row.get_text(" ", strip=True)
    assert html.select_one('#standards-table tr[data-standard="3"] .app-basis') is None


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


# --- Honest uncertainty ---------------------------------------------------------


def test_a_standards_interval_is_student_t_on_each_respondents_score(db, seeded):
    import math

    import numpy as np
    from scipy import stats

    from healthcheck import cycles
    from healthcheck.results import compute, data, uncertainty

    cycle = cycles.get_cycle(db, "health-check-2026")
    bank = cycles.cycle_bank(cycle)
    in_memory = data.load_results_input(db, cycle, bank).respondent_scores
    counted = data.load_counted_input(db, cycle, bank).respondent_scores
    # the scores worked out in SQL at release are those worked out answer by answer
    assert np.allclose(in_memory.scores, counted.scores, equal_nan=True)

    view = compute.results_for(db, cycle)
    stored = compute.released_results(db, cycle)["overall"]["standards"]
    for number in (3, 5):
        column = in_memory.columns.index(number)
        mine = in_memory.scores[:, column]
        mine = mine[~np.isnan(mine)]
        card = stored[number - 1]
        share = uncertainty.practitioner_share([step["parts"] for step in card["steps"]])
        assert 0 < share <= 1
        low, high = stats.t.interval(
            0.95, len(mine) - 1, loc=card["score"], scale=share * stats.tstd(mine) / math.sqrt(len(mine))
        )
        shown = view["standards"][number - 1]
        assert shown["interval"] == {"low": int(max(0, low) + 0.5), "high": int(min(100, high) + 0.5)}
        assert shown["low" if False else "interval"]["low"] <= shown["score"] <= shown["interval"]["high"]


def test_a_step_from_the_organisations_view_alone_has_no_sampling_error(db, seeded):
    from healthcheck import cycles
    from healthcheck.results import compute

    view = compute.results_for(db, cycles.get_cycle(db, "health-check-2026"))
    step_35 = next(step for step in view["standards"][0]["steps"] if step["key"] == "35")
    assert step_35["sampling"] == "none" and step_35["interval"] is None


def test_wilson_and_welch_and_the_correction_match_scipy():
    import numpy as np
    from scipy import stats

    from healthcheck.results import uncertainty

    low, high = uncertainty.wilson(7, 20)
    expected = stats.binomtest(7, 20).proportion_ci(0.95, method="wilson")
    assert (low, high) == pytest.approx((100 * expected.low, 100 * expected.high))
    rng = np.random.default_rng(17)
    a, b = rng.normal(60, 15, 12), rng.normal(48, 20, 30)
    p = uncertainty.welch_p(a.mean(), a.std(ddof=1), 12, b.mean(), b.std(ddof=1), 30)
    assert p == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue)
    # a whole heatmap's tests at once give each one's own p; too few, or no spread on either side, as one by one
    samples = [(rng.normal(50, 18, n), rng.normal(55, 12, 40)) for n in (3, 8, 25, 60)]
    comparisons = [(x.mean(), x.std(ddof=1), len(x), y.mean(), y.std(ddof=1), len(y)) for x, y in samples]
    comparisons += [(50, 0.0, 5, 50, 0.0, 9), (50, 0.0, 5, 40, 0.0, 9), (50, 3.0, 1, 40, 2.0, 9)]
    many = uncertainty.welch_p_many(comparisons)
    one_by_one = [uncertainty.welch_p(*comparison) for comparison in comparisons]
    assert [p is None for p in many] == [p is None for p in one_by_one]
    assert [p for p in many if p is not None] == pytest.approx([p for p in one_by_one if p is not None], rel=1e-12)
    assert many[:4] == pytest.approx([stats.ttest_ind(x, y, equal_var=False).pvalue for x, y in samples])
    assert many[4:] == [1.0, 0.0, None]
    ps = [0.01, 0.04, 0.03, None, 0.2]
    adjusted = uncertainty.benjamini_hochberg(ps)
    assert adjusted[3] is None
    assert [x for x in adjusted if x is not None] == pytest.approx(
        list(stats.false_discovery_control([0.01, 0.04, 0.03, 0.2]))
    )
    # clear only when corrected p < 0.05 and at least 5 points
    assert uncertainty.verdict(6, 0.01) == "clearly higher"
    assert uncertainty.verdict(-12, 0.049) == "clearly lower"
    assert uncertainty.verdict(4.9, 0.0001) == "no clear change"
    assert uncertainty.verdict(20, 0.06) == "no clear change"


@pytest.mark.parametrize("n", [5, 10, 50])
def test_about_95_percent_of_intervals_hold_the_true_mean(n):
    """Simulated practitioners' scores (means of five agreement answers each), fixed seed."""
    import numpy as np

    from healthcheck.results import uncertainty

    rng = np.random.default_rng(2026 + n)
    levels = np.array([0, 25, 50, 75, 100])
    chances = np.array([0.1, 0.15, 0.25, 0.3, 0.2])
    true_mean = float(levels @ chances)
    trials, held = 4000, 0
    for _ in range(trials):
        scores = rng.choice(levels, size=(n, 5), p=chances).mean(axis=1)
        half = uncertainty.t_half_width(scores.std(ddof=1), n)
        low, high = uncertainty.clipped(scores.mean(), half)
        held += low <= true_mean <= high
    assert 0.93 <= held / trials <= 0.97


def test_t_quantiles_from_the_table_are_scipys_one_by_one():
    from scipy import stats

    from healthcheck.results import uncertainty

    for df in (1, 2, 9, 99, 1000, uncertainty.T_TABLE_SIZE, uncertainty.T_TABLE_SIZE + 1, 99_999):
        assert uncertainty.t_quantile(df) == float(stats.t.ppf(0.975, df)), df
    assert uncertainty.t_quantile(4.0) == float(stats.t.ppf(0.975, 4))
    assert round(uncertainty.t_quantile(4), 3) == 2.776


def test_bands_are_given_as_a_range_when_the_interval_crosses_an_edge():
    from healthcheck.questions import load_bank
    from healthcheck.results import uncertainty

    bank = load_bank()
    assert uncertainty.band_range(bank, 68.2, 79.9) == "Moderate or High"
    assert uncertainty.band_range(bank, 40, 80) == "Low to High"
    assert uncertainty.band_range(bank, 76, 90) == "High"


def test_change_since_last_cycle_has_a_verdict_on_pages_json_and_workbook(db, make_cycle, sign_in):
    import io

    import openpyxl

    from healthcheck.results import compute
    from healthcheck.workbook.build import build_workbook, workbook_bytes

    earlier = seed_results(db, make_cycle, slug="health-check-2025", seed=3)
    db["cycles"].update(earlier["id"], {"opens_on": "2025-10-01", "closes_on": "2025-11-30"})
    council = seed_results(db, make_cycle, slug="health-check-2026", seed=11)
    view = compute.results_for(db, council)
    verdicts = [standard["change_verdict"] for standard in view["standards"]]
    assert all(v in ("clearly higher", "clearly lower", "no clear change") for v in verdicts)
    for standard in view["standards"]:
        test = standard["change_test"]
        if standard["change_verdict"] != "no clear change":
            assert abs(test["difference"]) >= 5 and test["adjusted_p"] < 0.05

    client = sign_in("psw")
    overview = page(client.get(BASE))
    cells = [tr.select("td") for tr in overview.select("#standards-table tbody tr")]
    for standard, row in zip(view["standards"], cells):
        assert (
            row[2]
            .get_text(" ", strip=True)
            .startswith(f"{standard['interval']['low']} to {standard['interval']['high']}")
        )
        assert standard["change_verdict"].capitalize() in row[3].get_text(" ", strip=True)
    document = client.get(f"{BASE}/scores.json?by=team").get_json()
    for standard, shown in zip(view["standards"], document["standards"]):
        assert shown["interval"] == standard["interval"] and shown["change_verdict"] == standard["change_verdict"]
    assert any(cell["against_rest"] for group in document["groups"] for cell in group["standards"])
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_workbook(db, council, "psw@council.example"))))
    summary = [[cell.value for cell in row] for row in book["Summary"].iter_rows()]
    header = next(i for i, row in enumerate(summary) if row[0] == "Standard")
    column = summary[header].index("95% interval")
    for standard, row in zip(view["standards"], summary[header + 1 : header + 9]):
        assert row[column].startswith(f"{standard['interval']['low']} to {standard['interval']['high']} (")
        assert row[column + 1] == standard["change_verdict"].capitalize()
    method = page(client.get(f"{BASE}/method"))
    assert "Benjamini" in method.select_one("#differences").find_next("p").get_text()
    # each standard page: the standard's interval and verdict, and each step's, as the JSON has them
    for standard, shown in zip(view["standards"], document["standards"]):
        html = page(client.get(f"{BASE}/standards/{standard['number']}"))
        summary = {
            row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
            for row in html.select("#standard-summary .govuk-summary-list__row")
        }
        assert summary["95% interval"].startswith(f"{shown['interval']['low']} to {shown['interval']['high']}")
        assert shown["change_verdict"].capitalize() in summary["Change since last cycle"]
        rows = html.select("#steps-table tbody tr")
        for step, row in zip(shown["steps"], rows):
            cells = row.select("td")
            if step["interval"]:
                assert (
                    cells[4]
                    .get_text(" ", strip=True)
                    .startswith(f"{step['interval']['low']} to {step['interval']['high']}")
                )
            if step["change_verdict"]:
                assert step["change_verdict"].capitalize() in cells[5].get_text(" ", strip=True)


# --- Drill down -------------------------------------------------------------------


def test_a_standard_page_can_be_shown_for_a_team_with_its_own_answers(sign_in, seeded, db):
    from results_seed import SMALL, STRUGGLING

    from healthcheck import cycles
    from healthcheck.results import compute

    cycle = cycles.get_cycle(db, "health-check-2026")
    team = next(t for t in cycles.teams_for(db, cycle["id"]) if t["name"] == STRUGGLING)
    key = f"team:{team['slug']}"
    client = sign_in("viewer")
    html = page(client.get(f"{BASE}/standards/3?group={key}"))
    assert html.select_one("#group-name").get_text(strip=True) == STRUGGLING
    summary = html.select_one("#standard-summary").get_text(" ", strip=True)
    stored = compute.released_results(db, cycle)["groups"][key]["standards"][2]
    assert f"{int(stored['score'] + 0.5)} " in summary
    assert "Clearly lower" in summary  # a struggling team, against everyone else
    # its own answers: 11 people answered the caseload question
    answers = html.select_one("#answers-5a")
    counts = [int(td.get_text(strip=True)) for td in answers.select("tbody tr td:nth-of-type(1)")]
    assert sum(counts) == 11
    assert not html.select(".app-comment__text")  # comments stay on the organisation's page
    small = next(t for t in cycles.teams_for(db, cycle["id"]) if t["name"] == SMALL)
    assert client.get(f"{BASE}/standards/3?group=team:{small['slug']}").status_code == 404
    assert client.get(f"{BASE}/standards/3?group=nonsense").status_code == 404
    options = {o["value"] for o in page(client.get(f"{BASE}/standards/3")).select("#group option")}
    assert key in options and f"team:{small['slug']}" not in options


def test_suggested_actions_include_groups_that_are_low_and_name_them(db, seeded):
    from results_seed import STRUGGLING

    from healthcheck import cycles
    from healthcheck.actions import suggestions

    cycle = cycles.get_cycle(db, "health-check-2026")
    found = suggestions.suggest_actions(db, cycle)
    mine = [draft for draft in found.drafts if draft.heading.startswith(f"{STRUGGLING}: standard")]
    assert mine and all(draft.action.startswith(f"For {STRUGGLING}: ") for draft in mine)
    assert "95% interval" in mine[0].finding
    kept = mine[0]
    suggestions.keep_drafts(
        db,
        cycle,
        [
            {
                "key": kept.key,
                "finding": kept.finding,
                "action": kept.action,
                "owner": "Head of service",
                "lead": "Team manager",
                "target_date": "2027-03-31",
            }
        ],
        "psw@council.example",
    )
    after = suggestions.suggest_actions(db, cycle)
    assert after.draft(kept.key) is None and kept.heading in after.covered
    # the same standard for another group is still suggested
    others = [
        d for d in found.drafts if d.standard == kept.standard and d.key != kept.key and d.key.startswith("group")
    ]
    assert all(after.draft(d.key) for d in others)
