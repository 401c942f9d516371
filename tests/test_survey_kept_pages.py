"""Survey pages are kept and reused, yet each person sees a page exactly as it would be
rendered afresh for them: their own answers and typed text, their own CSRF token, the
nonce of their own request. Check your answers does not check again what passed."""

import re

import pytest
from conftest import page
from payloads import PAYLOADS, assert_shown_inertly
from survey_helpers import answer_whole_survey, valid_answers

from healthcheck import cycles
from healthcheck.survey import rendering
from healthcheck.survey.answers import comment_field, item_field


@pytest.fixture(autouse=True)
def nothing_kept_yet():
    """Each test starts with nothing kept (other tests' pages stay in this process)."""
    rendering.forget_renderings()


def _fresh(client, path: str) -> str:
    """The page rendered with nothing kept."""
    rendering.forget_renderings()
    return client.get(path).get_data(as_text=True)


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrf_token" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def _collapsed(html: str) -> str:
    """Kept pages drop the templates' indentation; compare what a browser reads."""
    return re.sub(r"\n[ \t]+", "\n", html)


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda payload: payload.name)
def test_typed_text_on_a_kept_page_is_shown_as_a_fresh_page_shows_it(client, make_cycle, payload):
    cycle = make_cycle(slug="hc", status="open")
    bank = cycles.cycle_bank(cycle)
    number = next(item for item in bank.items if item.type == "number")
    client.post("/survey/hc")
    answers = {**valid_answers(bank, number.standard, payload.text), item_field(number): payload.text, "action": "save"}
    client.post(f"/survey/hc/standard/{number.standard}", data=answers)
    path = f"/survey/hc/standard/{number.standard}"
    kept = client.get(path)  # kept now ...
    assert_shown_inertly(kept, payload)
    again = client.get(path).get_data(as_text=True)  # ... and reused
    assert _without_tokens(again) == _without_tokens(kept.get_data(as_text=True))
    assert page(client.get(path)).select_one(f"#{comment_field(number.standard)}").text == payload.shown
    assert not any(payload.text in html for html in rendering.kept_renderings())


def test_a_kept_check_your_answers_page_shows_each_persons_comment(app, make_cycle):
    cycle = make_cycle(slug="hc", status="open")
    first, second = app.test_client(), app.test_client()
    answer_whole_survey(first, cycle, comment="First person's words")
    answer_whole_survey(second, cycle, comment="Second person's words")
    for client, words, other in ((first, "First", "Second"), (second, "Second", "First"), (first, "First", "Second")):
        text = page(client.get("/survey/hc/check-your-answers")).text
        assert f"{words} person's words" in text and f"{other} person's words" not in text


def test_an_unanswered_page_is_kept_and_is_the_page_a_fresh_render_gives(client, make_cycle):
    make_cycle(slug="hc", status="open")
    client.post("/survey/hc")
    fresh = _fresh(client, "/survey/hc/standard/3")
    kept = client.get("/survey/hc/standard/3").get_data(as_text=True)
    assert _without_tokens(kept) == _without_tokens(_collapsed(fresh))
    assert rendering._unanswered.values(), "the unanswered page was not kept"
    assert page(client.get("/survey/hc/standard/3")).select("input[type=radio][checked]") == []


def test_every_request_gets_its_own_token_and_nonce_on_a_kept_page(app, make_cycle):
    bank = cycles.cycle_bank(make_cycle(slug="hc", status="open"))
    app.config["WTF_CSRF_ENABLED"] = True
    seen = []
    for _ in range(2):
        client = app.test_client()
        start = client.get("/survey/hc")
        token = page(start).select_one("input[name=csrf_token]")["value"]
        client.post("/survey/hc", data={"csrf_token": token})
        response = client.get("/survey/hc/standard/1")
        html = page(response)
        nonce = html.select_one("script[nonce]")["nonce"]
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
        token = html.select_one("input[name=csrf_token]")["value"]
        answers = valid_answers(bank, 1)
        assert client.post("/survey/hc/standard/1", data={**answers, "csrf_token": token}).status_code == 302
        seen.append((token, nonce))
    assert seen[0][0] != seen[1][0] and seen[0][1] != seen[1][1]
    assert not any(token in html or nonce in html for token, nonce in seen for html in rendering.kept_renderings())


def test_a_staff_member_signed_in_sees_their_own_header_on_a_survey_page(sign_in, make_cycle):
    make_cycle(slug="hc", status="open")
    staff = sign_in("psw")
    staff.post("/survey/hc")
    assert "Signed in as" in page(staff.get("/survey/hc/standard/1")).text
    assert not any("Signed in as" in html for html in rendering.kept_renderings())


def test_check_your_answers_sends_back_to_a_page_whose_answers_did_not_pass(client, make_cycle):
    cycle = make_cycle(slug="hc", status="open")
    bank = cycles.cycle_bank(cycle)
    answer_whole_survey(client, cycle)
    broken = {**valid_answers(bank, 2), "action": "save"}
    agreement = next(item for item in bank.items_for(2) if item.type == "agreement")
    broken[item_field(agreement)] = ""  # a required answer taken away, and saved for later
    client.post("/survey/hc/standard/2", data=broken)
    response = client.get("/survey/hc/check-your-answers")
    assert response.status_code == 302 and response.headers["Location"].endswith("/survey/hc/standard/2")
    client.post("/survey/hc/standard/2", data=valid_answers(bank, 2))
    assert client.get("/survey/hc/check-your-answers").status_code == 200


def test_about_you_is_checked_again_at_the_end_because_teams_can_change(client, db, make_cycle):
    cycle = make_cycle(slug="hc", status="open", teams=[("Front door", "Children", 20), ("Adults east", "Adults", 20)])
    team = cycles.teams_for(db, cycle["id"])[0]
    answer_whole_survey(client, cycle, team_id=team["id"])
    assert client.get("/survey/hc/check-your-answers").status_code == 200
    db.execute("delete from teams where id = ?", [team["id"]])
    response = client.get("/survey/hc/check-your-answers")
    assert response.status_code == 302 and response.headers["Location"].endswith("/survey/hc/about-you")


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda payload: payload.name)
def test_placeholders_give_exactly_the_html_of_rendering_typed_text_directly(app, make_cycle, payload):
    from flask import render_template

    from healthcheck.survey import routes
    from healthcheck.survey.forms import page_form

    cycle = make_cycle(slug="hc", status="open")
    bank = cycles.cycle_bank(cycle)
    number = next(item for item in bank.items if item.type == "number")
    fields = {**valid_answers(bank, number.standard, payload.text), item_field(number): payload.text}
    page_name = f"standard-{number.standard}"
    with app.test_request_context(f"/survey/hc/standard/{number.standard}"):
        context = routes._question_context(cycle, bank, page_name, [], False, page_form(bank, page_name, [], fields))
        direct = render_template("survey/question_page.html", **context)
        kept = rendering.page("survey/question_page.html", **context)
    assert _without_tokens(kept) == _without_tokens(_collapsed(direct))
    assert payload.shown in page_text(kept)


def page_text(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text()
