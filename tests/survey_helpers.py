"""Helpers for survey tests: valid answers for every page, and a client that answers them."""

from healthcheck import cycles
from healthcheck.survey import journey
from healthcheck.survey.answers import comment_field, item_field


def valid_answers(bank, number: int, comment: str = "") -> dict:
    """Form data that passes every check on one standard's page."""
    data = {"action": "continue", comment_field(number): comment}
    for item in bank.items_for(number):
        if item.type == "agreement":
            data[item_field(item)] = "agree"
        elif item.type == "frequency":
            data[item_field(item)] = item.choices[0].value
        elif item.type == "number":
            data[item_field(item)] = str(int(item.min) + 3)
        elif item.type == "multiple_choice":
            data[item_field(item)] = [item.choices[0].value]
    return data


def answer_whole_survey(client, cycle: dict, team_id=None, comment: str = "", start_data=None, start_path=None) -> None:
    """Start (at `start_path`, else the public link), answer every page validly and arrive
    at check your answers (not sent)."""
    slug = cycle["slug"]
    response = client.post(start_path or f"/survey/{slug}", data=start_data or {})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    about = {"action": "continue", "role_group": "social_worker"}
    if team_id:
        about["team"] = str(team_id)
    assert client.post(f"/survey/{slug}/about-you", data=about).status_code == 302
    bank = cycles.cycle_bank(cycle)
    for number in journey.standard_numbers(bank):
        response = client.post(f"/survey/{slug}/standard/{number}", data=valid_answers(bank, number, comment))
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
