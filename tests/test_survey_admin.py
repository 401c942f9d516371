"""Staff pages that get the survey to people: access codes, posters, email, response rates."""

import re

import pytest
from conftest import page

from healthcheck import cycles
from healthcheck.survey import access_codes
from healthcheck.survey.store import Response, store_response


@pytest.fixture
def open_cycle(make_cycle):
    return make_cycle(slug="hc", status="open")


def test_cycle_page_links_to_getting_responses(sign_in, open_cycle):
    html = page(sign_in("psw").get("/admin/cycles/hc"))
    assert html.select_one("#cycle-sections #invitations-link")["href"] == "/admin/cycles/hc/invitations"


def test_only_psw_and_admin_manage_codes_and_invitations(sign_in, open_cycle):
    viewer = sign_in("viewer")
    for url in ("/admin/cycles/hc/access-codes", "/admin/cycles/hc/invitations", "/admin/cycles/hc/posters"):
        assert viewer.get(url).status_code == 403
        assert sign_in("admin").get(url).status_code == 200
    assert viewer.post("/admin/cycles/hc/access-codes/new", data={"how_many": "3"}).status_code == 403


def test_psw_makes_codes_and_sees_them_once(app, sign_in, open_cycle, db):
    psw = sign_in("psw")
    response = psw.post("/admin/cycles/hc/access-codes/new", data={"how_many": "12"})
    html = page(response)
    slips = html.select("#access-code-slips li")
    assert len(slips) == 12
    shown = [re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", slip.text).group() for slip in slips]
    assert "http://localhost/survey/hc" in slips[0].text
    assert "Print this page now" in html.text
    listing = page(psw.get("/admin/cycles/hc/access-codes"))
    assert not any(code in listing.text for code in shown)
    assert "12" in listing.select_one("#code-counts").text
    # each printed code works once
    assert access_codes.check(db, open_cycle, shown[3], app.config["SECRET_KEY"])


def test_bad_number_of_codes_is_explained(sign_in, open_cycle, db):
    html = page(sign_in("psw").post("/admin/cycles/hc/access-codes/new", data={"how_many": "lots"}))
    assert html.title.text.startswith("Error: ")
    assert (
        html.select_one(".govuk-error-summary a[href='#how_many']").text.strip()
        == "Number of codes must be a whole number, like 40"
    )
    assert db["access_codes"].count == 0


def test_psw_turns_access_codes_on(sign_in, open_cycle, db, client):
    response = sign_in("psw").post("/admin/cycles/hc/access-codes/option", data={"required": "yes"})
    assert response.location == "/admin/cycles/hc/access-codes"
    assert access_codes.required(db, open_cycle)
    assert page(client.get("/survey/hc")).select_one("#access_code") is not None


def test_invitations_show_links_email_and_rates_with_small_teams_hidden(sign_in, open_cycle, db):
    bank = cycles.cycle_bank(open_cycle)
    teams = {team["name"]: team for team in cycles.teams_for(db, open_cycle["id"])}
    for _ in range(6):
        store_response(db, open_cycle, bank, Response(team_id=teams["Locality North"]["id"]))
    for _ in range(2):
        store_response(db, open_cycle, bank, Response(team_id=teams["Front Door"]["id"]))
    html = page(sign_in("psw").get("/admin/cycles/hc/invitations"))
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [cell.text.strip() for cell in row.select("td, th")] for row in html.select("#uptake-table tbody tr")
        )
    }
    # name -> [headcount, responses, rate]
    assert rows["Front Door"] == ["8", "fewer than 5", "–"]
    # Locality North is hidden too, or the total would give Front Door away; it has 6, so
    # it does not claim "fewer than 5"
    assert rows["Locality North"] == ["12", "not shown, to protect a smaller team", "–"]
    assert rows["All teams"] == ["20", "8", "40.0%"]
    assert html.select_one("#survey-link").text.strip() == "http://localhost/survey/hc"
    links = html.select_one("#team-links").text
    assert "http://localhost/survey/hc/front-door" in links
    body = html.select_one("#email-body").text
    assert "http://localhost/survey/hc" in body and "anonymous" in body and "groups of 5 or more" in body


def test_posters_have_a_qr_code_per_team_drawn_locally(sign_in, open_cycle, db):
    html = page(sign_in("psw").get("/admin/cycles/hc/posters"))
    posters = html.select(".app-poster")
    assert len(posters) == 2
    image = posters[0].select_one("img.app-qr")
    assert image["src"].startswith("data:image/svg+xml")
    assert image["alt"].startswith("QR code for http://localhost/survey/hc/")
    team = cycles.find_team(db, open_cycle["id"], "front-door")
    one = page(sign_in("psw").get(f"/admin/cycles/hc/posters?team={team['id']}"))
    assert [p.select_one("h2").text for p in one.select(".app-poster")] and "Front Door" in one.select_one(
        ".app-poster"
    ).text


def test_a_new_cycle_needs_access_codes(make_cycle, db, client):
    cycle = make_cycle(slug="hc", status="open", public_link=False)
    assert access_codes.required(db, cycle)
    html = page(client.get("/survey/hc"))
    assert html.select_one("label[for=access_code]").text.strip() == "Access code"
    refused = page(client.post("/survey/hc", data={}))
    assert refused.select_one(".govuk-error-summary a[href='#access_code']").text.strip() == "Enter your access code"
    assert db["survey_drafts"].count == 0


def test_the_open_public_link_is_turned_on_only_after_its_warning(sign_in, make_cycle, db, client):
    cycle = make_cycle(slug="hc", status="open", public_link=False)
    psw = sign_in("psw")
    # Choosing "no" on the codes page leads to the warning and changes nothing yet.
    chosen = psw.post("/admin/cycles/hc/access-codes/option", data={"required": "no"})
    assert chosen.location == "/admin/cycles/hc/access-codes/public-link"
    assert access_codes.required(db, cycle)
    warning = page(psw.get(chosen.location))
    assert warning.select_one("h1").text.strip() == "Turn on the open public link"
    said = " ".join(warning.select_one("#public-link-warning").text.split())
    assert "Anyone who has the link can answer, more than once, and say they are in any team" in said
    assert "push it over the reporting threshold" in said
    # Without ticking that they understand, nothing changes.
    unticked = page(psw.post(chosen.location, data={}))
    assert unticked.title.text.startswith("Error: ")
    assert "anyone with the link can answer more than once" in unticked.select_one(".govuk-error-summary").text
    assert access_codes.required(db, cycle)
    turned_on = psw.post(chosen.location, data={"understood": "y"})
    assert turned_on.location == "/admin/cycles/hc/access-codes"
    assert not access_codes.required(db, cycle)
    codes_page = page(psw.get("/admin/cycles/hc/access-codes"))
    assert "anyone who has the link can answer, more than once" in codes_page.select_one("#public-link-on").text
    assert client.post("/survey/hc").status_code == 302  # started without a code
    # Turning codes back on needs no warning.
    psw.post("/admin/cycles/hc/access-codes/option", data={"required": "yes"})
    assert access_codes.required(db, cycle)
    assert codes_page.select_one("#public-link-on") is not None
    assert page(psw.get("/admin/cycles/hc/access-codes")).select_one("#public-link-on") is None


def test_only_editors_turn_on_the_public_link(sign_in, make_cycle, db):
    cycle = make_cycle(slug="hc", status="open", public_link=False)
    viewer = sign_in("viewer")
    assert viewer.get("/admin/cycles/hc/access-codes/public-link").status_code == 403
    assert viewer.post("/admin/cycles/hc/access-codes/public-link", data={"understood": "y"}).status_code == 403
    assert access_codes.required(db, cycle)
