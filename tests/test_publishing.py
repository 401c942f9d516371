"""The published summary: released by the principal social worker once a cycle closes,
reachable by its long link or by signed-in staff, withdrawn on request, and showing only
the figures the disclosable view of the results shows."""

import json
import re

import pytest
from conftest import page
from publish_seed import AUTHOR, LAST, THIS, seed_two_years
from results_seed import seed_results

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.problems import Problem
from healthcheck.publishing import summaries as publishing
from healthcheck.publishing import you_said
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
    assert [p.get_text() for p in html.select("#themes-text p")] == [THEMES]
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


def said_we_did(html) -> dict:
    """{reference: (you said, we did, where it stands)} in the order the page gives them."""
    return {
        row["data-reference"]: tuple(
            " ".join(row.select_one(part).text.split())
            for part in (".app-said__said", ".app-said__did", ".app-said__status")
        )
        for row in html.select("#published-summary [data-reference]")
    }


def test_you_said_we_did_lists_each_included_action_with_its_status_now(db, client, two_years):
    last, this = two_years
    publication = release(db, last)
    html = page(client.get(f"/published/{publication['token']}"))
    rows = said_we_did(html)
    assert list(rows) == ["A-002", "A-001"]  # by standard: 3, then 5; A-003 was never included
    said, did, status = rows["A-001"]
    assert said == "You told us supervision is often cancelled."
    assert did == "Every practitioner now has monthly supervision booked."
    assert status == "Complete"
    assert "Standard 5: Effective and appropriate supervision" in html.select_one('[data-reference="A-001"]').text
    assert "Book monthly supervision for every practitioner." not in html.text  # the plan's own wording
    assert "learning days" not in html.text
    # The unfinished action lives on in this year's plan: its status is read from there.
    carried = next(a for a in publishing.plan_with_outcomes(db, this) if a["carried_from"])
    db["actions"].update(carried["id"], {"status": "Complete"})
    html = page(client.get(f"/published/{publication['token']}"))
    status = said_we_did(html)["A-002"][2]
    assert "Complete" in status and "Continued in the Health check 2026 plan" in status


def test_rows_follow_the_order_of_the_standards(db, client, two_years):
    last, _ = two_years
    you_said.save_public_wording(
        db,
        actions.find_action(db, last["id"], "A-003"),
        {
            "in_summary": "yes",
            "public_said": "You told us learning time is not protected.",
            "public_wording": "Two days.",
        },
        [],
    )
    html = page(client.get(f"/published/{release(db, last)['token']}"))
    standards = [int(row["data-standard"]) for row in html.select("#published-summary [data-reference]")]
    assert list(said_we_did(html)) == ["A-002", "A-001", "A-003"] and standards == [3, 5, 6]


def test_an_action_switched_off_is_not_published(db, sign_in, client, two_years):
    last, _ = two_years
    publication = release(db, last)
    psw = sign_in("psw")
    form = page(psw.get(f"/admin/cycles/{LAST}/publish/actions/A-001"))
    assert form.select_one("input[name=in_summary][value=yes]").has_attr("checked")
    response = psw.post(
        f"/admin/cycles/{LAST}/publish/actions/A-001",
        data={"in_summary": "no", "public_said": "You told us supervision is often cancelled.", "public_wording": "x"},
    )
    assert response.status_code == 302
    html = page(client.get(f"/published/{publication['token']}"))
    assert list(said_we_did(html)) == ["A-002"]
    assert "supervision is often cancelled" not in html.text
    listed = page(psw.get(f"/admin/cycles/{LAST}/publish")).select_one('#public-actions tr[data-reference="A-001"]')
    assert "Left out" in listed.text


MACHINE_FINDING = "Step 4 scores 0 (Low). Turnover rate is 23.7% (scoring 0 (Low))"


def test_no_finding_about_steps_or_figures_is_published_unless_the_psw_wrote_it(db, sign_in, client, two_years):
    last, _ = two_years
    action = actions.find_action(db, last["id"], "A-002")
    db["actions"].update(action["id"], {"finding": MACHINE_FINDING, "action": "Step 4: cut agency use."})
    publication = release(db, last)
    text = page(client.get(f"/published/{publication['token']}")).select_one("main").text
    assert not re.search(r"Step \d+ scores|Turnover rate|scoring \d", text)
    assert "cut agency use" not in text
    # The principal social worker may choose to say it, in the summary's own words.
    sign_in("psw").post(
        f"/admin/cycles/{LAST}/publish/actions/A-002",
        data={"in_summary": "yes", "public_said": "Turnover rate is 23.7%.", "public_wording": "We recruit."},
    )
    assert said_we_did(page(client.get(f"/published/{publication['token']}")))["A-002"][0] == "Turnover rate is 23.7%."


def test_an_action_needs_public_words_before_it_is_included(db, sign_in, two_years):
    last, _ = two_years
    psw = sign_in("psw")
    html = page(psw.get(f"/admin/cycles/{LAST}/publish/actions/A-003"))
    assert html.select_one("input[name=in_summary][value=no]").has_attr("checked")  # left out until chosen
    assert "anyone with the link can read it" in html.select_one("#public-warning").text
    response = psw.post(
        f"/admin/cycles/{LAST}/publish/actions/A-003",
        data={"in_summary": "yes", "public_said": "", "public_wording": ""},
    )
    html = page(response)
    assert html.select_one("title").text.startswith("Error: ")
    # the release has themes, so the message offers one as well as a sentence of the PSW's own
    assert "write what staff said, before including the action" in html.select_one(".govuk-error-summary").text
    response = psw.post(
        f"/admin/cycles/{LAST}/publish/actions/A-003",
        data={"in_summary": "yes", "public_said": "You told us learning time is not protected.", "public_wording": ""},
    )
    assert "Write what we did, in plain words" in page(response).select_one(".govuk-error-summary").text
    assert actions.find_action(db, last["id"], "A-003")["in_summary"] == 0


THEMES_IN_RELEASE = [
    {
        "id": "caseloads",
        "name": "Caseloads and workload",
        "kind": "theme",
        "standards": [3],
        "count": 14,
        "share": 0.3,
        "examples": ["My caseload went from 18 to 27 in a year.", "Duty weeks leave no time for visits."],
        "by_group": {},
    },
    {
        "id": "other",
        "name": "Other comments",
        "kind": "other",
        "standards": [],
        "count": 6,
        "share": 0.1,
        "examples": [],
        "by_group": {},
    },
]


def test_you_said_can_be_a_theme_of_what_staff_said_with_its_count(db, sign_in, client, two_years, monkeypatch):
    last, _ = two_years
    view = results.results_for(db, last)
    monkeypatch.setattr(results, "results_for", lambda db, cycle: {**view, "themes": THEMES_IN_RELEASE})
    psw = sign_in("psw")
    html = page(psw.get(f"/admin/cycles/{LAST}/publish/actions/A-002"))
    choices = [label.text.strip() for label in html.select("#said .govuk-radios__label, [name=said] ~ label")]
    assert "Caseloads and workload (14 comments)" in choices
    assert not any("Other comments" in choice for choice in choices)  # the catch-all is no theme
    psw.post(
        f"/admin/cycles/{LAST}/publish/actions/A-002",
        data={"in_summary": "yes", "said": "caseloads", "public_said": "", "public_wording": "We weigh caseloads."},
    )
    html = page(client.get(f"/published/{release(db, last)['token']}"))
    assert said_we_did(html)["A-002"][0] == "Caseloads and workload 14 comments on this theme"


def test_you_said_can_quote_one_of_the_themes_example_comments(db, sign_in, client, two_years, monkeypatch):
    last, _ = two_years
    view = results.results_for(db, last)
    monkeypatch.setattr(results, "results_for", lambda db, cycle: {**view, "themes": THEMES_IN_RELEASE})
    psw = sign_in("psw")
    url = f"/admin/cycles/{LAST}/publish/actions/A-002"
    options = page(psw.get(url)).select("#public_example optgroup[label='Caseloads and workload'] option")
    assert [option["value"] for option in options] == THEMES_IN_RELEASE[0]["examples"]
    chosen = {"in_summary": "yes", "said": "caseloads", "public_said": "", "public_wording": "We weigh caseloads."}
    # Only one of the chosen theme's examples can be quoted: nothing else, and nothing changes.
    for wrong, said in (("Any words the PSW types", "caseloads"), ("My caseload went from 18 to 27 in a year.", "own")):
        response = psw.post(url, data={**chosen, "said": said, "public_said": "x", "public_example": wrong})
        html = page(response)
        assert "Choose a comment from the theme you chose" in html.select_one(".govuk-error-summary").text
        assert html.select_one(".govuk-error-summary a")["href"] == "#public_example"
        assert actions.find_action(db, last["id"], "A-002")["public_example"] is None
    psw.post(url, data={**chosen, "public_example": "My caseload went from 18 to 27 in a year."})
    token = release(db, last)["token"]
    row = page(client.get(f"/published/{token}")).select_one("[data-reference=A-002]")
    assert row.select_one(".app-said__quote").text == "“My caseload went from 18 to 27 in a year.”"
    # A quote no longer among the theme's examples (say, a later release) is not shown.
    changed = [{**THEMES_IN_RELEASE[0], "examples": []}]
    monkeypatch.setattr(results, "results_for", lambda db, cycle: {**view, "themes": changed})
    row = page(client.get(f"/published/{token}")).select_one("[data-reference=A-002]")
    assert row.select_one(".app-said__quote") is None


def test_without_themes_in_the_release_only_the_psws_own_sentence_is_offered(db, sign_in, two_years):
    last, _ = two_years
    kept = json.loads(db.execute("select json from result_releases where cycle_id = ?", [last["id"]]).fetchone()[0])
    kept["themes"] = []  # a release whose comments fell into no theme
    db.execute("update result_releases set json = ? where cycle_id = ?", [json.dumps(kept), last["id"]])
    results.forget_views()
    html = page(sign_in("psw").get(f"/admin/cycles/{LAST}/publish/actions/A-002"))
    assert html.select("input[name=said]") == []
    assert html.select_one("textarea[name=public_said]") is not None


def test_the_main_themes_keep_paragraphs_and_lists_and_show_tags_as_text(db, client, two_years):
    last, _ = two_years
    themes = "Thank you for answering.\n\n- Caseloads are too high\n- <script>alert(1)</script>\n\nSee [this](http://x.example)"
    html = page(client.get(f"/published/{release(db, last, themes)['token']}"))
    box = html.select_one("#themes-text")
    assert [p.text for p in box.select("p")] == ["Thank you for answering.", "See [this](http://x.example)"]
    assert [li.text for li in box.select("ul li")] == ["Caseloads are too high", "<script>alert(1)</script>"]
    assert box.select("script, a") == [] and "- " not in box.text


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


def test_the_psw_previews_publishes_changes_and_withdraws_from_the_page(db, sign_in, client, two_years):
    last = two_years[0]
    psw = sign_in("psw")
    html = page(psw.get(f"/admin/cycles/{LAST}/publish"))
    assert html.select_one("h1").text.strip() == "Published summary"
    assert [row["data-reference"] for row in html.select("#public-actions tbody tr")] == ["A-002", "A-001", "A-003"]
    response = psw.post(f"/admin/cycles/{LAST}/publish", data={"themes": THEMES})
    assert response.location == f"/admin/cycles/{LAST}/summary"
    assert publishing.live_publication(db, last["id"]) is None  # nothing public until it is checked
    preview = page(psw.get(response.location))
    assert "This page is public: anyone with the link can read it" in preview.select_one("#public-warning").text
    assert [p.get_text() for p in preview.select("#themes-text p")] == [THEMES]
    assert preview.select_one("#publish").text.strip() == "Publish the summary"
    response = psw.post(f"/admin/cycles/{LAST}/publish/release")
    assert response.status_code == 302
    live = publishing.live_publication(db, last["id"])
    assert live["themes"] == THEMES
    html = page(psw.get(f"/admin/cycles/{LAST}/publish"))
    assert html.select_one("#published-link").text.strip() == f"http://localhost/published/{live['token']}"
    # A change is previewed too: the public page keeps the published themes until it is published.
    psw.post(f"/admin/cycles/{LAST}/publish", data={"themes": "Changed themes"})
    assert "Changed themes" not in client.get(f"/published/{live['token']}").get_data(as_text=True)
    preview = page(psw.get(f"/admin/cycles/{LAST}/summary"))
    assert "This page is public: anyone with the link can read it." in preview.select_one("#public-warning").text
    assert preview.select_one("#publish").text.strip() == "Publish the changes"
    psw.post(f"/admin/cycles/{LAST}/publish/release")
    assert publishing.live_publication(db, last["id"])["themes"] == "Changed themes"
    assert page(psw.get(f"/admin/cycles/{LAST}/summary")).select_one("#publish") is None  # nothing left to publish
    response = psw.post(f"/admin/cycles/{LAST}/publish/withdraw")
    assert response.status_code == 302
    assert publishing.live_publication(db, last["id"]) is None
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
    assert html.select_one("#not-closed") is not None and html.select_one("#save-themes") is None
    psw.post(f"/admin/cycles/{THIS}/publish", data={"themes": THEMES})
    psw.post(f"/admin/cycles/{THIS}/publish/release")
    assert db["publications"].count == 0


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_only_the_psw_releases_or_withdraws(db, sign_in, two_years, role):
    client = sign_in(role)
    assert client.get(f"/admin/cycles/{LAST}/publish").status_code == 403
    assert client.post(f"/admin/cycles/{LAST}/publish", data={"themes": THEMES}).status_code == 403
    assert client.post(f"/admin/cycles/{LAST}/publish/release").status_code == 403
    assert client.get(f"/admin/cycles/{LAST}/publish/actions/A-001").status_code == 403
    assert db["publications"].count == 0
    release(db, two_years[0])
    assert client.post(f"/admin/cycles/{LAST}/publish/withdraw").status_code == 403
    assert publishing.live_publication(db, two_years[0]["id"]) is not None


def test_staff_who_read_results_can_preview_the_summary_without_the_link(db, sign_in, client, two_years):
    viewer = sign_in("viewer")
    html = page(viewer.get(f"/admin/cycles/{LAST}/summary"))
    assert "not published" in html.select_one("#preview-status").text
    assert "This page is public: anyone with the link can read it" in html.select_one("#public-warning").text
    assert html.select_one("#publish") is None  # only the principal social worker publishes
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
