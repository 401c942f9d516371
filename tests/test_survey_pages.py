"""The survey's pages, as a practitioner sees them: parsed HTML, one page at a time."""

import re

import pytest
from conftest import page
from survey_helpers import answer_whole_survey, valid_answers

from healthcheck import cycles
from healthcheck.survey import access_codes, journey


@pytest.fixture
def open_cycle(make_cycle):
    return make_cycle(slug="health-check-2026", status="open")


@pytest.fixture
def bank(open_cycle):
    return cycles.cycle_bank(open_cycle)


def start(client, slug="health-check-2026"):
    response = client.post(f"/survey/{slug}")
    assert response.location == f"/survey/{slug}/about-you"
    return response


def test_start_page_explains_anonymity_and_threshold(client, open_cycle, db):
    cycles.set_organisation_name(db, "Northfield Borough Council")
    response = client.get("/survey/health-check-2026")
    html = page(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert html.select_one("h1").text.strip() == "Health check 2026: your working conditions"
    text = " ".join(html.text.split())
    assert "Northfield Borough Council runs the Social Work Health Check" in text
    assert "about 15 minutes" in text
    assert "Results are only shown for groups of 5 or more people" in text
    assert "do not give your name or email address" in text
    assert html.select_one("button#start").text.strip() == "Start now"
    assert html.select_one("#access_code") is None
    assert html.find("a", string="Continue with a resume code")["href"] == "/survey/health-check-2026/resume"


def test_staff_survey_link_is_the_start_page(app, sign_in, open_cycle):
    html = page(sign_in("psw").get("/admin/cycles/health-check-2026"))
    assert html.select_one("#survey-link").text.strip() == "http://localhost/survey/health-check-2026"


@pytest.mark.parametrize(
    "status, heading", [("draft", "This survey is not open yet"), ("closed", "This survey has closed")]
)
def test_a_cycle_not_open_shows_a_friendly_page_and_accepts_nothing(client, make_cycle, db, status, heading):
    make_cycle(slug="hc", status=status)
    html = page(client.get("/survey/hc"))
    assert html.select_one("h1").text.strip() == heading
    assert html.select_one("form") is None
    for url in ("/survey/hc", "/survey/hc/about-you", "/survey/hc/standard/1", "/survey/hc/check-your-answers"):
        response = client.post(url, data={"action": "continue"})
        assert response.status_code == 403
        assert page(response).select_one("h1").text.strip() == heading
    assert db["survey_drafts"].count == 0
    assert db["responses"].count == 0


def test_unknown_cycle_or_team_is_not_found(client, open_cycle):
    assert client.get("/survey/no-such-cycle").status_code == 404
    response = client.get("/survey/health-check-2026/no-such-team")
    assert response.status_code == 404
    assert page(response).select_one("h1").text.strip() == "Page not found"


def test_team_link_preselects_the_team(client, open_cycle, db):
    team = cycles.find_team(db, open_cycle["id"], "front-door")
    html = page(client.get("/survey/health-check-2026/front-door"))
    assert "This link is for the Front Door team" in html.text
    response = client.post("/survey/health-check-2026/front-door")
    assert response.location == "/survey/health-check-2026/about-you"
    about = page(client.get(response.location))
    assert about.select_one(f"input[name=team][value='{team['id']}']").has_attr("checked")


def test_pages_inside_the_survey_need_a_started_survey(client, open_cycle):
    for url in (
        "/survey/health-check-2026/about-you",
        "/survey/health-check-2026/standard/2",
        "/survey/health-check-2026/check-your-answers",
        "/survey/health-check-2026/confirmation",
    ):
        assert client.get(url).location == "/survey/health-check-2026"


def test_about_you_offers_prefer_not_to_say_and_nothing_more_personal(client, open_cycle):
    start(client)
    html = page(client.get("/survey/health-check-2026/about-you"))
    assert html.select_one("h1").text.strip() == "About you"
    legends = [legend.text.strip() for legend in html.select("legend")]
    assert legends == [
        "Which team do you work in?",
        "What is your role?",
    ]
    for name in ("team", "role_group"):
        assert html.select_one(f"input[name={name}][value=prefer_not_to_say]") is not None
    assert {i["name"] for i in html.select("input:not([type=hidden])")} == {"team", "role_group"}
    assert html.select_one(".govuk-back-link")["href"] == "/survey/health-check-2026"
    # every question is optional
    response = client.post("/survey/health-check-2026/about-you", data={"action": "continue"})
    assert response.location == "/survey/health-check-2026/standard/1"


def test_each_standard_page_has_its_items_progress_and_comment_box(client, open_cycle, bank):
    start(client)
    numbers = journey.standard_numbers(bank)
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8]
    for position, number in enumerate(numbers, start=1):
        html = page(client.get(f"/survey/health-check-2026/standard/{number}"))
        assert html.select_one("#progress").text.strip() == f"Standard {position} of 8"
        assert html.select_one("h1").text.strip() == bank.standard(number).name
        back = html.select_one(".govuk-back-link")["href"]
        assert back == (
            "/survey/health-check-2026/about-you"
            if position == 1
            else f"/survey/health-check-2026/standard/{number - 1}"
        )
        for item in bank.items_for(number):
            assert html.select_one(f"#item_{item.id}") is not None, item.id
            if item.type in ("agreement", "frequency"):
                legend = html.select_one(f"#item_{item.id}").find_parent("fieldset").select_one("legend")
                assert legend.text.strip() == item.text
                dont_know = html.select_one(f"input[name=item_{item.id}][value=dont_know]")
                assert (dont_know is not None) == item.dont_know
        comment = html.select_one(f"#comment_{number}")
        assert comment.name == "textarea"
        assert "Do not name anyone" in html.select_one(f"#comment_{number}-hint").text
        assert comment.find_parent(class_="govuk-character-count")["data-maxlength"] == "2000"
        assert html.select_one("button#continue").text.strip() == "Continue"
        assert html.select_one("button#save").text.strip() == "Save and come back later"


def test_number_items_show_unit_bounds_and_dont_know(client, open_cycle):
    start(client)
    html = page(client.get("/survey/health-check-2026/standard/3"))
    caseload = html.select_one("#item_5a")
    assert caseload["inputmode"] == "decimal"
    assert html.select_one("label[for=item_5a]").text.strip() == "Number of cases"
    assert "Enter a number from 0 to 150." in html.select_one("#item_5a-hint").text
    assert html.select_one("#item_5a_dont_know")["value"] == "dont_know"
    hours = html.select_one("#item_6a")
    assert (
        hours.find_parent(class_="govuk-input__wrapper").select_one(".govuk-input__suffix").text.strip()
        == "hours per week"
    )
    assert html.select_one("#item_6a_dont_know") is None


def test_multiple_choice_is_checkboxes_with_an_exclusive_none(client, open_cycle):
    start(client)
    html = page(client.get("/survey/health-check-2026/standard/4"))
    boxes = html.select("input[name=item_19a]")
    assert all(box["type"] == "checkbox" for box in boxes) and len(boxes) == 8
    assert html.select_one("input[name=item_19a][value=none]")["data-behaviour"] == "exclusive"


def test_validation_error_keeps_every_answer_and_links_the_summary(client, open_cycle, bank):
    start(client)
    data = valid_answers(bank, 3, comment="Duty weeks are hard")
    data["item_6a"] = "70"  # above the maximum of 60
    data.pop("item_5b")  # a required question left out
    data["item_5a"] = "12"
    response = client.post("/survey/health-check-2026/standard/3", data=data)
    html = page(response)
    assert response.status_code == 200
    assert html.title.text.startswith("Error: ")
    summary = html.select_one(".govuk-error-summary")
    assert summary.select_one("h2").text.strip() == "There is a problem"
    links = {a["href"]: a.text.strip() for a in summary.select("a")}
    assert links == {
        "#item_5b": "Select how much you agree with “My caseload is manageable in my working hours”",
        "#item_6a": "Number of hours per week must be between 0 and 60",
    }
    assert html.select_one("#item_6a")["value"] == "70"
    assert html.select_one("#item_5a")["value"] == "12"
    assert html.select_one("input[name=item_7b][value=agree]").has_attr("checked")
    assert html.select_one("#comment_3").text.strip() == "Duty weeks are hard"
    # and they are still there when the page is visited again (back button, change link)
    again = page(client.get("/survey/health-check-2026/standard/3"))
    assert again.select_one("#item_6a")["value"] == "70"
    assert again.select_one("#comment_3").text.strip() == "Duty weeks are hard"


def test_number_and_dont_know_together_is_refused(client, open_cycle, bank):
    start(client)
    data = {**valid_answers(bank, 3), "item_5a": "12", "item_5a_dont_know": "dont_know"}
    html = page(client.post("/survey/health-check-2026/standard/3", data=data))
    assert (
        html.select_one(".govuk-error-summary a[href='#item_5a']").text.strip()
        == "Enter the number of cases or select “Don't know / not applicable”, not both"
    )


def test_none_of_these_with_other_answers_is_refused(client, open_cycle, bank):
    start(client)
    data = {**valid_answers(bank, 4), "item_19a": ["systems", "none"]}
    html = page(client.post("/survey/health-check-2026/standard/4", data=data))
    assert "not both" in html.select_one(".govuk-error-summary a[href='#item_19a']").text


def test_check_your_answers_lists_everything_with_change_links(client, open_cycle, bank, db):
    team = cycles.find_team(db, open_cycle["id"], "front-door")
    answer_whole_survey(client, open_cycle, team_id=team["id"], comment="More admin support please")
    response = client.get("/survey/health-check-2026/check-your-answers")
    html = page(response)
    assert html.select_one("h1").text.strip() == "Check your answers before sending them"
    about = html.select_one("#summary-about-you")
    assert "Front Door" in about.text and "Social worker" in about.text
    cards = html.select(".govuk-summary-card")
    assert len(cards) == 9
    third = html.select_one("#summary-standard-3")
    assert "3 cases" in third.text and "Agree" in third.text and "More admin support please" in third.text
    change = third.select_one(".govuk-summary-list__actions a")
    assert change["href"] == "/survey/health-check-2026/standard/3?return=check#item_5a"
    assert "your answer to: How many cases" in change.select_one(".govuk-visually-hidden").text
    # a change link returns to check your answers after Continue
    back = client.post("/survey/health-check-2026/standard/3?return=check", data=valid_answers(bank, 3))
    assert back.location == "/survey/health-check-2026/check-your-answers"
    assert html.select_one("button#send").text.strip() == "Send your answers"


def test_check_your_answers_sends_people_back_to_an_unfinished_page(client, open_cycle):
    start(client)
    client.post("/survey/health-check-2026/about-you", data={"action": "continue"})
    assert client.get("/survey/health-check-2026/check-your-answers").location == "/survey/health-check-2026/standard/1"


def test_sending_stores_one_response_and_confirms_without_an_identifier(client, open_cycle, db):
    answer_whole_survey(client, open_cycle)
    response = client.post("/survey/health-check-2026/check-your-answers")
    assert response.location == "/survey/health-check-2026/confirmation"
    # a refresh or a second click sends nothing more
    again = client.post("/survey/health-check-2026/check-your-answers")
    assert again.location == "/survey/health-check-2026/confirmation"
    assert db["responses"].count == 1
    html = page(client.get("/survey/health-check-2026/confirmation"))
    assert html.select_one(".govuk-panel__title").text.strip() == "Your answers have been sent"
    response_id = str(next(db["responses"].rows)["id"])
    main = html.select_one("main").text
    assert not re.search(r"reference|\b" + response_id + r"\b", main, re.IGNORECASE)
    # the draft keeps no answers once sent
    assert [row["data"] for row in db["survey_drafts"].rows] == [None]


def test_save_and_resume_returns_to_the_same_page_with_answers(app, client, open_cycle, bank, db):
    start(client)
    client.post("/survey/health-check-2026/about-you", data={"action": "continue"})
    data = {**valid_answers(bank, 1), "item_28a": "monthly", "action": "save"}
    data.pop("item_29a")  # unfinished answers are saved too
    response = client.post("/survey/health-check-2026/standard/1", data=data)
    assert response.location == "/survey/health-check-2026/saved"
    html = page(client.get(response.location))
    code = html.select_one("#resume-code").text.strip()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    # the code is shown once and stored only as a hash
    assert code not in page(client.get(response.location)).text
    dump = "\n".join(db.conn.iterdump())
    assert code not in dump and code.replace("-", "") not in dump
    other_device = app.test_client()
    assert (
        page(other_device.get("/survey/health-check-2026/resume")).select_one("h1").text.strip()
        == "Enter your resume code"
    )
    resumed = other_device.post(
        "/survey/health-check-2026/resume", data={"resume_code": code.lower().replace("-", " ")}
    )
    assert resumed.location == "/survey/health-check-2026/standard/1"
    html = page(other_device.get(resumed.location))
    assert html.select_one("input[name=item_28a][value=monthly]").has_attr("checked")
    # the first browser no longer opens the draft
    assert client.get("/survey/health-check-2026/standard/1").location == "/survey/health-check-2026"


def test_resume_code_errors_are_plain(client, open_cycle):
    html = page(client.post("/survey/health-check-2026/resume", data={"resume_code": ""}))
    assert html.title.text.startswith("Error: ")
    assert html.select_one(".govuk-error-summary a[href='#resume_code']").text.strip() == "Enter your resume code"
    html = page(client.post("/survey/health-check-2026/resume", data={"resume_code": "ABC"}))
    assert "12 letters and numbers" in html.select_one(".govuk-error-summary").text
    html = page(client.post("/survey/health-check-2026/resume", data={"resume_code": "K7QF-2MXA-9TDR"}))
    assert "no saved answers with that resume code" in html.select_one(".govuk-error-summary").text


def test_save_from_check_your_answers_resumes_there(app, client, open_cycle):
    answer_whole_survey(client, open_cycle)
    response = client.post("/survey/health-check-2026/save")
    code = page(client.get(response.location)).select_one("#resume-code").text.strip()
    other = app.test_client()
    assert (
        other.post("/survey/health-check-2026/resume", data={"resume_code": code}).location
        == "/survey/health-check-2026/check-your-answers"
    )


def test_closing_the_cycle_deletes_drafts(client, open_cycle, db):
    start(client)
    assert db["survey_drafts"].count == 1
    cycles.close_cycle(db, open_cycle)
    assert db["survey_drafts"].count == 0


def test_access_code_is_needed_when_the_cycle_asks_for_one(app, client, open_cycle, db):
    access_codes.set_required(db, open_cycle, True)
    [code] = access_codes.generate(db, open_cycle, 1, app.config["SECRET_KEY"])
    html = page(client.get("/survey/health-check-2026"))
    assert html.select_one("label[for=access_code]").text.strip() == "Access code"
    refused = page(client.post("/survey/health-check-2026", data={"access_code": ""}))
    assert refused.select_one(".govuk-error-summary a[href='#access_code']").text.strip() == "Enter your access code"
    assert db["survey_drafts"].count == 0
    answer_whole_survey(client, open_cycle, start_data={"access_code": code})
    client.post("/survey/health-check-2026/check-your-answers")
    assert db["responses"].count == 1
    assert access_codes.counts(db, open_cycle) == {"total": 1, "used": 1, "unused": 0}


def test_a_used_access_code_cannot_start_a_second_survey(app, client, open_cycle, db):
    access_codes.set_required(db, open_cycle, True)
    [code] = access_codes.generate(db, open_cycle, 1, app.config["SECRET_KEY"])
    answer_whole_survey(client, open_cycle, start_data={"access_code": code})
    client.post("/survey/health-check-2026/check-your-answers")
    second = app.test_client()
    html = page(second.post("/survey/health-check-2026", data={"access_code": code}))
    assert html.title.text.startswith("Error: ")
    assert "already been used" in html.select_one(".govuk-error-summary").text
    assert db["survey_drafts"].count == 1  # only the first (sent, emptied) draft
    assert db["responses"].count == 1


def test_stored_response_has_no_address_agent_or_time_of_day(client, open_cycle, db):
    agent = "Mozilla/5.0 (UniqueTestAgent 7731)"
    client.environ_base.update(
        {"HTTP_USER_AGENT": agent, "REMOTE_ADDR": "203.0.113.77", "HTTP_X_FORWARDED_FOR": "198.51.100.23"}
    )
    answer_whole_survey(client, open_cycle, comment="Nothing to add")
    client.post("/survey/health-check-2026/check-your-answers")
    assert set(db["responses"].columns_dict) == {
        "id",
        "cycle_id",
        "team_id",
        "role_group",
        "submitted_on",
    }
    [row] = db["responses"].rows
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["submitted_on"])
    dump = "\n".join(db.conn.iterdump())
    for trace in ("UniqueTestAgent", "203.0.113.77", "198.51.100.23"):
        assert trace not in dump
    survey_tables = ("responses", "answers", "comments", "survey_drafts", "access_codes")
    for table in survey_tables:
        for record in db[table].rows:
            for value in record.values():
                assert not re.search(r"\d{1,2}:\d{2}", str(value)), (table, value)


def test_survey_pages_load_nothing_from_other_hosts_and_are_not_cached(client, open_cycle):
    start(client)
    for url in (
        "/survey/health-check-2026",
        "/survey/health-check-2026/about-you",
        "/survey/health-check-2026/standard/4",
        "/survey/health-check-2026/resume",
    ):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store"
        html = page(response)
        for element in html.select("script[src], link[href], img[src], iframe, form[action]"):
            address = element.get("src") or element.get("href") or element.get("action")
            assert address.startswith("/") and not address.startswith("//"), address
