"""The organisation's own view: answering each organisation item with evidence, per standard."""

import pytest
from conftest import page

from healthcheck import cycles
from healthcheck.organisation_view import Entry, answers_for, save_answers
from healthcheck.problems import CycleClosed, Problem
from healthcheck.results import compute as results


@pytest.fixture
def cycle(make_cycle):
    return make_cycle(status="open")


def items(cycle, standard):
    return cycles.cycle_bank(cycle).organisation_items_for(standard)


def url(cycle, rest=""):
    return f"/admin/cycles/{cycle['slug']}/organisation-view{rest}"


def test_answers_are_saved_and_read_back_with_who_and_when(db, cycle):
    saved = save_answers(
        db,
        cycle,
        items(cycle, 3),
        {"O15": Entry("working_well", " Weekly report ", "https://intranet.example/esc")},
        "psw@council.example",
    )
    assert saved == 1
    answer = answers_for(db, cycle["id"])["O15"]
    assert answer["answer"] == "working_well" and answer["evidence"] == "Weekly report"
    assert answer["link"] == "https://intranet.example/esc" and answer["updated_by"] == "psw@council.example"
    assert len(answer["updated_on"]) == 10  # a date, not a time
    save_answers(db, cycle, items(cycle, 3), {"O15": Entry("needs_improvement", "Audit found gaps")}, "a@b.example")
    assert answers_for(db, cycle["id"])["O15"]["answer"] == "needs_improvement"
    assert db["organisation_answers"].count == 1


def test_evidence_without_an_answer_or_a_bad_link_is_refused_and_nothing_is_saved(db, cycle):
    with pytest.raises(Problem) as raised:
        save_answers(
            db,
            cycle,
            items(cycle, 4),
            {
                "O14": Entry("working_well"),
                "O27": Entry(None, "We have an EAP"),
                "O31": Entry("not_in_place", "", "javascript:alert(1)"),
                "O33": Entry("maybe"),
            },
            "psw@council.example",
        )
    assert raised.value.messages == {
        "O27_answer": "Choose how far this is in place for step 27",
        "O31_link": "Enter the link as a full web address starting with https://, like "
        "https://intranet.example/policy (step 31)",
        "O33_answer": "Choose one of the answers for step 33",
    }
    assert answers_for(db, cycle["id"]) == {}


def released(db, cycle):
    """The cycle with its results released, as the PSW releases them."""
    return results.release_results(db, cycle)


def test_a_released_cycle_keeps_its_view(db, make_cycle):
    done = released(db, make_cycle(slug="old", status="closed"))
    with pytest.raises(CycleClosed):
        save_answers(db, done, items(done, 3), {"O15": Entry("working_well")}, "psw@council.example")


def test_the_view_can_still_change_after_the_survey_closes(db, make_cycle):
    closed = make_cycle(slug="old", status="closed")
    assert save_answers(db, closed, items(closed, 3), {"O15": Entry("working_well")}, "psw@council.example") == 1


def test_the_overview_shows_progress_per_standard(sign_in, db, cycle):
    save_answers(
        db, cycle, items(cycle, 1), {"O35": Entry("working_well"), "O36": Entry("not_in_place")}, "x@y.example"
    )
    save_answers(db, cycle, items(cycle, 3), {"O15": Entry("working_well")}, "x@y.example")
    html = page(sign_in("psw").get(url(cycle)))
    rows = {
        tr["data-standard"]: [td.text.strip() for td in tr.select("td")] for tr in html.select("#standards tbody tr")
    }
    assert set(rows) == {"1", "2", "3", "4", "5", "6", "7", "8"}
    assert rows["1"][0] == "In progress: 2 of 3"
    assert rows["2"][0] == "Not started"
    assert rows["3"][0] == "Answered"
    assert html.select_one('tr[data-standard="5"] a')["href"] == url(cycle, "/standard-5")


def test_the_psw_answers_a_standard_on_its_page(sign_in, db, cycle):
    client = sign_in("psw")
    html = page(client.get(url(cycle, "/standard-4")))
    assert html.select_one("h1").text.strip() == "Standard 4: Managing risks and resources"
    legends = [legend.text.strip() for legend in html.select("fieldset legend")]
    assert legends[0] == items(cycle, 4)[0].text and len(legends) == 4
    assert [radio["value"] for radio in html.select("input[name=O14_answer]")] == [
        "working_well",
        "needs_improvement",
        "not_in_place",
    ]
    response = client.post(
        url(cycle, "/standard-4"),
        data={
            "O14_answer": "needs_improvement",
            "O14_evidence": "Audit in March",
            "O14_link": "",
            "O27_answer": "working_well",
            "O27_evidence": "EAP",
            "O27_link": "https://intranet.example/eap",
        },
    )
    # "Save and continue" goes on to the next standard with items for the organisation.
    assert response.status_code == 302 and response.location.endswith(url(cycle, "/standard-5"))
    assert set(answers_for(db, cycle["id"])) == {"O14", "O27"}
    html = page(client.get(url(cycle, "/standard-4")))
    assert html.select_one("input[name=O14_answer][checked]")["value"] == "needs_improvement"
    assert html.select_one("#O14_evidence").text.strip() == "Audit in March"


def test_mistakes_are_shown_against_their_item_and_nothing_is_saved(sign_in, db, cycle):
    html = page(
        sign_in("psw").post(
            url(cycle, "/standard-4"),
            data={"O14_answer": "working_well", "O27_evidence": "We have an EAP", "O33_link": "intranet/lone-working"},
        )
    )
    assert html.title.text.startswith("Error: Standard 4")
    errors = {a["href"]: a.text.strip() for a in html.select(".govuk-error-summary a")}
    assert errors == {
        "#O27_answer": "Choose how far this is in place for step 27",
        "#O33_answer": "Choose how far this is in place for step 33",
        "#O33_link": "Enter the link as a full web address starting with https://, like "
        "https://intranet.example/policy (step 33)",
    }
    assert html.select_one("#O27_evidence").text.strip() == "We have an EAP"  # what was typed survives
    assert answers_for(db, cycle["id"]) == {}


def test_viewers_read_the_view_but_cannot_change_it(sign_in, db, cycle):
    save_answers(
        db,
        cycle,
        items(cycle, 5),
        {"O25": Entry("working_well", "Monthly supervision audit", "https://intranet.example/supervision")},
        "psw@council.example",
    )
    client = sign_in("viewer")
    html = page(client.get(url(cycle, "/standard-5")))
    assert html.select("main input, main textarea") == []
    summary = {
        row.select_one("dt").text.strip(): row.select_one("dd")
        for row in html.select("#item-O25 .govuk-summary-list__row")
    }
    assert summary["Answer"].text.strip() == "In place and working well"
    assert summary["Evidence"].text.strip() == "Monthly supervision audit"
    assert summary["Document"].select_one("a")["href"] == "https://intranet.example/supervision"
    assert "psw@council.example" in summary["Last updated"].text
    assert "View" in page(client.get(url(cycle))).select_one('tr[data-standard="5"] a').text
    response = client.post(url(cycle, "/standard-5"), data={"O25_answer": "not_in_place"})
    assert response.status_code == 403
    assert answers_for(db, cycle["id"])["O25"]["answer"] == "working_well"


def test_a_released_cycles_view_is_read_only_for_everyone(sign_in, db, cycle):
    save_answers(db, cycle, items(cycle, 3), {"O15": Entry("working_well")}, "psw@council.example")
    closed = released(db, cycles.close_cycle(db, cycle))
    client = sign_in("psw")
    html = page(client.get(url(closed, "/standard-3")))
    assert html.select("main input[type=radio]") == []
    assert "results are released" in html.select_one(".govuk-inset-text").text
    response = client.post(url(closed, "/standard-3"), data={"O15_answer": "not_in_place"})
    assert response.status_code == 302
    assert answers_for(db, closed["id"])["O15"]["answer"] == "working_well"


def test_a_standard_without_organisation_items_or_an_unknown_cycle_is_not_found(sign_in, cycle):
    client = sign_in("psw")
    assert client.get(url(cycle, "/standard-9")).status_code == 404
    assert client.get("/admin/cycles/nope/organisation-view").status_code == 404


def test_save_and_continue_walks_the_standards_and_shows_plain_titles(sign_in, db, cycle):
    client = sign_in("psw")
    html = page(client.get(url(cycle, "/standard-1")))
    headings = [h2.text.split("  ")[0].strip() for h2 in html.select(".app-organisation-item h2")]
    bank = cycles.cycle_bank(cycle)
    assert headings[0].startswith(f"Step 35: {bank.step(35).wording}")
    assert "O35" not in html.select_one("main").text
    assert html.select_one("#save-and-continue").text.strip() == "Save and continue"
    statuses = [tag.text.strip() for tag in html.select(".app-item-status")]
    assert statuses == ["Not answered yet"] * 3
    answers = {"O35_answer": "working_well", "O36_answer": "not_in_place", "O38_answer": "working_well"}
    assert client.post(url(cycle, "/standard-1"), data=answers).location.endswith(url(cycle, "/standard-2"))
    again = page(client.get(url(cycle, "/standard-1")))
    assert [tag.text.strip() for tag in again.select(".app-item-status")] == ["Answered"] * 3
    last = page(client.get(url(cycle, "/standard-8")))
    assert last.select_one("#save-and-continue").text.strip() == "Save and finish"
    assert client.post(url(cycle, "/standard-8"), data={"O37_answer": "working_well"}).location.endswith(url(cycle))
    overview = page(client.get(url(cycle)))
    link = overview.select_one('tr[data-standard="1"] a').text
    assert link.startswith("Change")
    assert overview.select_one('tr[data-standard="2"] a').text.startswith("Answer")


def test_a_closed_cycles_view_can_still_be_corrected_on_its_page(sign_in, db, cycle):
    closed = cycles.close_cycle(db, cycle)
    client = sign_in("psw")
    html = page(client.get(url(closed, "/standard-3")))
    assert html.select("main input[type=radio]")
    assert "until the results are released" in page(client.get(url(closed))).select_one(".govuk-inset-text").text
    client.post(url(closed, "/standard-3"), data={"O15_answer": "not_in_place"})
    assert answers_for(db, closed["id"])["O15"]["answer"] == "not_in_place"
