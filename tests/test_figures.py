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
