"""The results' Comments page, the comment export and drafting an action from a theme, as
a principal social worker and a steering-group viewer use them."""

import csv
import io

import openpyxl
import pytest
from conftest import page

from healthcheck import cycles
from healthcheck.results import compute as results
from healthcheck.survey.store import Response, store_responses

# Large has enough responses (12) for its comments to name it; Small (6) is shown in the
# scores but stays below the comment threshold of 10.
TEAMS = [("Large", "Children", 14, 12), ("Small", "Adults", 8, 6)]
LARGE = [
    "My caseload is far too high",
    "Caseloads keep rising every month",
    "Supervision is often cancelled",
    '=HYPERLINK("http://evil.example","click")',
    "Hot desking means I never sit near my team",
    "Duty weeks are exhausting",
    "Good training on offer",
    "We need more social workers",
    "My caseload stops me visiting families",
    "@SUM(A1) is not a formula",
    "Supervision is reflective and useful",
    "Managers are approachable",
]
SMALL = [
    "Small team caseload is unmanageable",
    "Small team has no desks",
    "Small team duty rota is unfair",
    "Small team supervision is rare",
    "Small team travel is long",
    "Small team feels forgotten",
]


def answers_of(cycle: dict) -> dict:
    """Every agreement item "agree": the scores do not matter here, only the comments."""
    bank = cycles.cycle_bank(cycle)
    return {item.id: "agree" for item in bank.items if item.type == "agreement"}


@pytest.fixture
def released(db, make_cycle):
    cycle = make_cycle(status="open", teams=[(name, area, headcount) for name, area, headcount, _ in TEAMS])
    teams = {team["name"]: team for team in cycles.teams_for(db, cycle["id"])}
    texts = {"Large": LARGE, "Small": SMALL}
    responses = [
        (
            Response(
                team_id=teams[name]["id"],
                role_group="social_worker",
                answers=answers_of(cycle),
                comments={3: texts[name][number]},
            ),
            None,
        )
        for name, _, _, count in TEAMS
        for number in range(count)
    ]
    store_responses(db, cycle, cycles.cycle_bank(cycle), responses)
    cycle = cycles.close_cycle(db, cycles.get_cycle(db, cycle["slug"]))
    return results.release_results(db, cycle, released_by="psw@council.example")


def texts_on(html) -> list[str]:
    return [element.text.strip() for element in html.select(".app-comment .app-comment__text")]


def comments_page(client, cycle, **filters):
    response = client.get(f"/admin/cycles/{cycle['slug']}/results/comments", query_string=filters)
    assert response.status_code == 200
    return page(response)


def test_the_page_shows_themes_with_counts_and_examples_first(released, sign_in):
    html = comments_page(sign_in("viewer"), released)
    assert html.select_one("h1").text == "Comments"
    first = html.select_one("main h2")
    assert first.text == "Themes"
    caseload = html.select_one("#theme-caseload-pressure")
    assert "4 comments (22% of all comments), under standard 3" in caseload.select_one(".app-theme__count").text
    examples = [item.text.strip("“”") for item in caseload.select(".app-theme__example")]
    assert 2 <= len(examples) <= 3 and all("caseload" in text.casefold() for text in examples)
    table = html.select_one('table.app-standard-themes[data-standard="3"]')
    assert "Caseload pressure" in [cell.text for cell in table.select("tbody th")]


def test_filtering_by_theme_returns_exactly_its_comments(released, sign_in):
    html = comments_page(sign_in("viewer"), released, theme="caseload-pressure")
    assert sorted(texts_on(html)) == sorted(
        [
            "My caseload is far too high",
            "Caseloads keep rising every month",
            "My caseload stops me visiting families",
            "Small team caseload is unmanageable",
        ]
    )
    assert html.select_one(".app-comment-matches").text.startswith("4 comments match")
    assert html.select_one("#filter-theme option[selected]")["value"] == "caseload-pressure"


def test_searching_by_a_word_finds_it_in_any_form_and_nothing_else(released, sign_in):
    html = comments_page(sign_in("viewer"), released, q="CASELOADS")
    assert sorted(texts_on(html)) == sorted(
        [
            "My caseload is far too high",
            "Caseloads keep rising every month",
            "My caseload stops me visiting families",
            "Small team caseload is unmanageable",
        ]
    )
    both = comments_page(sign_in("viewer"), released, q="supervision cancelled")
    assert texts_on(both) == ["Supervision is often cancelled"]
    nothing = comments_page(sign_in("viewer"), released, q="zebra")
    assert texts_on(nothing) == [] and nothing.select_one(".app-comment-matches").text.startswith("0 comments")


def test_filtering_by_group_offers_only_groups_a_comment_may_name(released, sign_in):
    html = comments_page(sign_in("viewer"), released, group="Large")
    assert [option["value"] for option in html.select("#filter-group option")] == ["", "Large"]
    assert sorted(texts_on(html)) == sorted(LARGE)
    refused = comments_page(sign_in("viewer"), released, group="Small")
    assert refused.select_one("title").text.startswith("Error: ")
    assert refused.select_one(".govuk-error-summary a").text == "Choose a group from the list"
    assert len(texts_on(refused)) == 18  # the bad filter is left out, nothing else changes


def test_comments_come_a_page_at_a_time(db, make_cycle, sign_in):
    cycle = make_cycle(status="open", teams=[("Large", "Children", 80)])
    team = cycles.teams_for(db, cycle["id"])[0]
    responses = [
        (Response(team["id"], "social_worker", answers_of(cycle), {3: f"Comment number {n:03d}"}), None)
        for n in range(60)
    ]
    store_responses(db, cycle, cycles.cycle_bank(cycle), responses)
    cycle = results.release_results(db, cycles.close_cycle(db, cycles.get_cycle(db, cycle["slug"])))
    viewer = sign_in("viewer")
    first = comments_page(viewer, cycle)
    assert len(texts_on(first)) == 50
    assert "60 comments match: showing 1 to 50" in first.select_one(".app-comment-matches").text
    second_link = first.select_one(".govuk-pagination__next a")["href"]
    second = page(viewer.get(second_link))
    assert texts_on(second) == [f"Comment number {n:03d}" for n in range(50, 60)]


def test_the_export_holds_every_comment_formula_safe_and_names_only_large_groups(released, sign_in):
    viewer = sign_in("viewer")
    response = viewer.get(f"/admin/cycles/{released['slug']}/results/comments.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Standard", "Standard name", "Question", "Themes", "Group", "Comment"]
    body = rows[1:]
    assert len(body) == 18
    assert {row[4] for row in body} == {"Large", ""}
    assert {row[4] for row in body if row[5].startswith("Small")} == {""}
    assert '\'=HYPERLINK("http://evil.example","click")' in [row[5] for row in body]
    assert "'@SUM(A1) is not a formula" in [row[5] for row in body]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in body for cell in row)
    caseload = next(row for row in body if row[5] == "My caseload is far too high")
    assert caseload[3] == "Caseload pressure" and caseload[0] == "3"

    workbook = viewer.get(f"/admin/cycles/{released['slug']}/results/comments.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(workbook.data))
    sheet = book["Comments"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 18
    assert {row[4] for row in values if str(row[5]).startswith("Small")} == {None}
    formula = next(row for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[5].value))[5]
    assert formula.data_type == "s"  # text, never a formula
    assert str(formula.value).startswith("'") or formula.quotePrefix


def test_an_action_drafted_from_a_theme_starts_with_its_name_count_and_standard(released, sign_in):
    psw = sign_in("psw")
    html = comments_page(psw, released)
    link = html.select_one("#theme-caseload-pressure a.app-theme__draft")["href"]
    form = page(psw.get(link))
    assert form.select_one("textarea[name=finding]").text.strip() == "Caseload pressure: 4 comments under standard 3"
    assert form.select_one("select[name=standard] option[selected]")["value"] == "3"
    assert psw.get(f"/admin/cycles/{released['slug']}/actions/new?theme=no-such-theme").status_code == 404


def test_a_viewer_is_not_offered_to_draft_an_action(released, sign_in):
    html = comments_page(sign_in("viewer"), released)
    assert html.select("a.app-theme__draft") == []


def test_a_release_made_before_themes_gets_them_when_read(released, db, sign_in):
    kept = results.released_results(db, released)
    del kept["themes"], kept["themes_about"]
    for comment in kept["comments"]:
        del comment["themes"]
    import json

    db.execute("update result_releases set json = ? where cycle_id = ?", [json.dumps(kept), released["id"]])
    results.forget_views()
    html = comments_page(sign_in("viewer"), released, theme="caseload-pressure")
    assert len(texts_on(html)) == 4


def test_when_comments_retention_ends_no_theme_example_is_left(released, db, sign_in):
    results.forget_released_comments(db, released)
    results.forget_views()
    html = comments_page(sign_in("viewer"), released)
    assert html.select(".app-theme__example") == [] and texts_on(html) == []
    assert all(theme["examples"] == [] for theme in results.released_results(db, released)["themes"])
