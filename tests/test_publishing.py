"""The published summary: released by the principal social worker once a cycle closes,
reachable by its long link or by signed-in staff, withdrawn on request, and showing only
the figures the disclosable view of the results shows."""

import re

import pytest
from conftest import page
from publish_seed import AUTHOR, LAST, THIS, seed_two_years
from results_seed import seed_results

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.publishing import summaries as publishing
from healthcheck.results import compute as results

THEMES = "Workloads are too high in the Front Door.\nSupervision has improved."


@pytest.fixture
def two_years(db, make_cycle):
    return seed_two_years(db, make_cycle)


def release(db, cycle, themes=THEMES):
    publication, released = publishing.save_publication(db, cycle, themes, AUTHOR)
    assert released
    return publication


def test_a_release_gets_a_long_unguessable_token(db, two_years):
    last, _ = two_years
    first = release(db, last)
    assert len(first["token"]) >= 43
    assert re.fullmatch(r"[A-Za-z0-9_-]+", first["token"])
    assert first["released_by"] == AUTHOR and first["withdrawn"] == 0
    publishing.withdraw(db, last, AUTHOR)
    second = release(db, last)
    assert second["token"] != first["token"]


def test_only_a_cycle_with_released_results_can_be_published(db, two_years):
    _, this = two_years
    with pytest.raises(Problem, match="once the results are released"):
        publishing.save_publication(db, this, THEMES, AUTHOR)
    closed = cycles.close_cycle(db, this)
    with pytest.raises(Problem, match="once the results are released"):
        publishing.save_publication(db, closed, THEMES, AUTHOR)
    assert db["publications"].count == 0


def test_themes_are_required_and_limited(db, two_years):
    last, _ = two_years
    with pytest.raises(Problem, match="Enter the main themes"):
        publishing.save_publication(db, last, "   ", AUTHOR)
    with pytest.raises(Problem, match="5,000 characters or fewer"):
        publishing.save_publication(db, last, "x" * 5001, AUTHOR)
    assert db["publications"].count == 0


def test_saving_again_changes_the_themes_and_keeps_the_link(db, two_years):
    last, _ = two_years
    first = release(db, last)
    again, released = publishing.save_publication(db, last, "New themes", AUTHOR)
    assert not released
    assert again["token"] == first["token"] and again["themes"] == "New themes"
    assert db["publications"].count == 1


def test_withdrawing_with_nothing_published_says_so(db, two_years):
    last, _ = two_years
    with pytest.raises(Problem, match="no published summary"):
        publishing.withdraw(db, last, AUTHOR)


def test_the_link_shows_the_summary_to_anyone(db, client, two_years):
    last, _ = two_years
    publication = release(db, last)
    response = client.get(f"/published/{publication['token']}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = page(response)
    assert html.select_one("h1").text.strip() == "Health check 2025: what you told us and what we are doing"
    assert html.select_one("#themes-text").text.strip() == THEMES
    view = results.results_for(db, last)
    rows = html.select("#standards-table tbody tr")
    assert len(rows) == len(view["standards"]) == 8
    for row, standard in zip(rows, view["standards"]):
        cells = [cell.text.strip() for cell in row.select("td")]
        assert cells[0] == str(standard["score"]) and cells[1] == standard["band"]
    facts = html.select_one("#summary-facts").text
    assert (
        f"{view['respondents']} of {view['eligible']} staff invited ({view['response_rate']}% response rate)" in facts
    )
    assert html.select_one(".govuk-service-navigation a") is None  # no staff navigation


def test_you_said_we_did_lists_each_action_with_its_status_now(db, client, two_years):
    last, this = two_years
    publication = release(db, last)
    html = page(client.get(f"/published/{publication['token']}"))
    rows = {row["data-reference"]: row for row in html.select("#actions-table tbody tr")}
    assert sorted(rows) == ["A-001", "A-002", "A-003"]
    finding, action, status = (cell.text for cell in rows["A-001"].select("td"))
    assert "You told us supervision is often cancelled." in finding
    assert "Standard 5: Effective and appropriate supervision" in finding
    assert action.strip() == "Book monthly supervision for every practitioner."
    assert status.strip() == "Complete"
    # The unfinished action lives on in this year's plan: its status is read from there.
    carried = next(a for a in publishing.plan_with_outcomes(db, this) if a["carried_from"])
    db["actions"].update(carried["id"], {"status": "Complete"})
    html = page(client.get(f"/published/{publication['token']}"))
    status = html.select_one('#actions-table tr[data-reference="A-002"]').select("td")[2].text
    assert "Complete" in status and "Continued in the Health check 2026 plan" in status


def test_this_years_summary_shows_the_change_since_last_year(db, client, make_cycle):
    last, this = seed_two_years(db, make_cycle, close_this_year=True)
    publication = release(db, this)
    html = page(client.get(f"/published/{publication['token']}"))
    assert "Change since Health check 2025" in html.select_one("#standards-table thead").text
    view = results.results_for(db, this)
    for row, standard in zip(html.select("#standards-table tbody tr"), view["standards"]):
        expected = {None: "Not available", 0: "No change"}.get(standard["change"]) or (
            f"Up {standard['change']}" if standard["change"] > 0 else f"Down {-standard['change']}"
        )
        assert row.select("td")[2].text.strip() == expected


def test_below_the_threshold_no_count_or_practitioner_score_is_published(db, client, make_cycle):
    cycle = seed_results(db, make_cycle, slug=LAST, threshold=100)
    publication = release(db, cycle)
    html = page(client.get(f"/published/{publication['token']}"))
    facts = html.select_one("#summary-facts").text
    assert "Fewer than 100 people answered" in facts
    text = html.select_one("main").text
    assert "68 of" not in text and "64%" not in text  # 68 of 106 answered: a count below the threshold
    view = results.results_for(db, cycle)
    assert all(standard["parts"]["practitioner"] is None for standard in view["standards"])
    for row, standard in zip(html.select("#standards-table tbody tr"), view["standards"]):
        assert row.select("td")[0].text.strip() == (
            str(standard["score"]) if standard["score"] is not None else "No score"
        )


def test_a_withdrawn_link_says_it_is_no_longer_published(db, client, two_years):
    last, _ = two_years
    publication = release(db, last)
    publishing.withdraw(db, last, AUTHOR)
    response = client.get(f"/published/{publication['token']}")
    assert response.status_code == 410
    assert response.headers["Cache-Control"] == "no-store"
    html = page(response)
    assert html.select_one("h1").text.strip() == "This summary is no longer published"
    assert html.select_one("#standards-table") is None and THEMES not in html.text


def test_an_unknown_token_is_not_found(db, client, two_years):
    last, _ = two_years
    publication = release(db, last)
    assert client.get("/published/" + "A" * 43).status_code == 404
    assert client.get(f"/published/{publication['token'][:-1]}").status_code == 404
    assert client.get("/published/" + "A" * 500).status_code == 404


def test_the_psw_releases_changes_and_withdraws_from_the_page(db, sign_in, two_years):
    psw = sign_in("psw")
    html = page(psw.get(f"/admin/cycles/{LAST}/publish"))
    assert html.select_one("h1").text.strip() == "Published summary"
    assert html.select_one("#publish").text.strip() == "Publish the summary"
    response = psw.post(f"/admin/cycles/{LAST}/publish", data={"themes": THEMES})
    assert response.status_code == 302
    live = publishing.live_publication(db, two_years[0]["id"])
    html = page(psw.get(f"/admin/cycles/{LAST}/publish"))
    assert html.select_one("#published-link").text.strip() == f"http://localhost/published/{live['token']}"
    assert html.select_one("#publish").text.strip() == "Save the themes"
    psw.post(f"/admin/cycles/{LAST}/publish", data={"themes": "Changed themes"})
    assert publishing.live_publication(db, two_years[0]["id"])["themes"] == "Changed themes"
    response = psw.post(f"/admin/cycles/{LAST}/publish/withdraw")
    assert response.status_code == 302
    assert publishing.live_publication(db, two_years[0]["id"]) is None
    html = page(psw.get(f"/admin/cycles/{LAST}/publish"))
    assert "withdrawn on" in html.select_one("#publication-status").text
    assert html.select_one("textarea[name=themes]").text.strip() == "Changed themes"


def test_empty_themes_show_the_error_and_publish_nothing(db, sign_in, two_years):
    response = sign_in("psw").post(f"/admin/cycles/{LAST}/publish", data={"themes": ""})
    html = page(response)
    assert html.select_one("title").text.startswith("Error: ")
    assert "Enter the main themes, in plain words" in html.select_one(".govuk-error-summary").text
    assert db["publications"].count == 0


def test_an_open_cycle_cannot_be_published_from_the_page(db, sign_in, two_years):
    psw = sign_in("psw")
    html = page(psw.get(f"/admin/cycles/{THIS}/publish"))
    assert html.select_one("#not-closed") is not None and html.select_one("#publish") is None
    psw.post(f"/admin/cycles/{THIS}/publish", data={"themes": THEMES})
    assert db["publications"].count == 0


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_only_the_psw_releases_or_withdraws(db, sign_in, two_years, role):
    client = sign_in(role)
    assert client.get(f"/admin/cycles/{LAST}/publish").status_code == 403
    assert client.post(f"/admin/cycles/{LAST}/publish", data={"themes": THEMES}).status_code == 403
    release(db, two_years[0])
    assert client.post(f"/admin/cycles/{LAST}/publish/withdraw").status_code == 403
    assert publishing.live_publication(db, two_years[0]["id"]) is not None


def test_staff_who_read_results_can_preview_the_summary_without_the_link(db, sign_in, client, two_years):
    viewer = sign_in("viewer")
    html = page(viewer.get(f"/admin/cycles/{LAST}/summary"))
    assert "not published" in html.select_one("#preview-status").text
    assert len(html.select("#standards-table tbody tr")) == 8
    publication = release(db, two_years[0])
    html = page(viewer.get(f"/admin/cycles/{LAST}/summary"))
    assert publication["token"] in html.select_one("#published-link").text
    assert sign_in("admin").get(f"/admin/cycles/{LAST}/summary").status_code == 403
    assert client.get(f"/admin/cycles/{LAST}/summary").status_code == 302


def test_the_cycle_page_links_to_the_summary_for_the_psw_only(sign_in, two_years):
    links = page(sign_in("psw").get(f"/admin/cycles/{LAST}")).select_one("#cycle-sections")
    assert links.select_one("#publication-link")["href"] == f"/admin/cycles/{LAST}/publish"
    viewer_links = page(sign_in("viewer").get(f"/admin/cycles/{LAST}")).select_one("#cycle-sections")
    assert viewer_links.select_one("#publication-link") is None
    assert viewer_links.select_one("#trends-link")["href"] == f"/admin/cycles/{LAST}/trends"
