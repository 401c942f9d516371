"""Survey pages reuse a question's rendering, but a page always shows each person's own
answers, and nothing a practitioner typed is kept once their page has been sent."""

import re

from conftest import page
from survey_helpers import answer_whole_survey, valid_answers

from healthcheck import cycles
from healthcheck.survey import rendering


def test_two_people_on_the_same_page_each_see_their_own_answers(app, make_cycle):
    cycle = make_cycle(slug="hc", status="open")
    bank = cycles.cycle_bank(cycle)
    agreement = [f"item_{item.id}" for item in bank.items_for(1) if item.type == "agreement"]
    agreeing, disagreeing = app.test_client(), app.test_client()
    for client, answer in ((agreeing, "agree"), (disagreeing, "disagree")):
        client.post("/survey/hc")
        client.post(
            "/survey/hc/standard/1",
            data={**valid_answers(bank, 1), **dict.fromkeys(agreement, answer), "action": "save"},
        )
    for client, answer in ((agreeing, "agree"), (disagreeing, "disagree"), (agreeing, "agree")):
        html = page(client.get("/survey/hc/standard/1"))
        checked = {radio["name"]: radio["value"] for radio in html.select("input[type=radio][checked]")}
        assert {name: checked.get(name) for name in agreement} == dict.fromkeys(agreement, answer)


def test_a_typed_comment_or_number_is_shown_but_never_kept(client, make_cycle):
    cycle = make_cycle(slug="hc", status="open")
    bank = cycles.cycle_bank(cycle)
    number = next(item for item in bank.items if item.type == "number")
    answer_whole_survey(client, cycle, comment="Words only this practitioner typed")
    client.post(
        f"/survey/hc/standard/{number.standard}",
        data={
            **valid_answers(bank, number.standard, "Words only this practitioner typed"),
            f"item_{number.id}": "37.5",
        },
    )
    html = page(client.get(f"/survey/hc/standard/{number.standard}"))
    assert html.select_one(f"#comment_{number.standard}").text == "Words only this practitioner typed"
    assert html.select_one(f"#item_{number.id}")["value"] == "37.5"
    check = page(client.get("/survey/hc/check-your-answers")).text
    assert "Words only this practitioner typed" in check and "37.5" in check
    kept = "".join(rendering.kept_renderings())
    assert 'type="radio"' in kept  # choices are kept ...
    assert "Words only this practitioner typed" not in kept  # ... what was typed is not
    assert "37.5" not in kept


def test_a_kept_rendering_is_the_same_as_a_fresh_one(app, client, make_cycle):
    make_cycle(slug="hc", status="open")
    client.post("/survey/hc")
    first = client.get("/survey/hc/standard/2").get_data(as_text=True)
    assert rendering.kept_renderings()
    rendering.forget_renderings()
    second = client.get("/survey/hc/standard/2").get_data(as_text=True)
    assert _without_tokens(first) == _without_tokens(second)


def _without_tokens(html: str) -> str:
    """The page without its CSRF token and script nonce, which differ on every request."""
    html = re.sub(r'name="csrf_token" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)
