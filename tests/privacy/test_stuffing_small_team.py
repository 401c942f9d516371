"""Attack: Bravo has 3 staff and one real response, so its figures are hidden. Someone sends
four made-up responses into Bravo through the survey link, pushing it over the reporting
threshold, then subtracts their own answers from Bravo's shown figures: what is left is the
real person's scores and comment.

A new cycle needs single-use access codes, so without codes the attacker cannot start, let
alone send. The open public link is only turned on by a PSW who ticked that they understand
anyone with it can answer more than once and for any team; and then the results say plainly
that Bravo has more responses than staff."""

from bs4 import BeautifulSoup
from survey_helpers import answer_whole_survey

from healthcheck import cycles
from healthcheck.results.compute import release_results
from healthcheck.survey import access_codes

SLUG = "health-check-2026"
TEAMS = [("Bravo", "Adults", 3), ("Charlie", "Adults", 20), ("Delta", "Children", 12)]


def html_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def small_team_with_one_real_response(app, make_cycle, db, public_link: bool):
    cycle = make_cycle(SLUG, status="open", teams=TEAMS, public_link=public_link)
    teams = {team["name"]: team for team in cycles.teams_for(db, cycle["id"])}
    real = app.test_client()
    code = None
    if not public_link:
        [code] = access_codes.generate(db, cycle, 1, app.config["SECRET_KEY"])
    answer_whole_survey(
        real, cycle, teams["Bravo"]["id"], "My manager ignores me", {"access_code": code} if code else None
    )
    assert real.post(f"/survey/{SLUG}/check-your-answers").status_code == 302
    # The other teams are big enough to be shown.
    for name in ("Charlie", "Delta"):
        for _ in range(6):
            visitor = app.test_client()
            start = {"access_code": access_codes.generate(db, cycle, 1, app.config["SECRET_KEY"])[0]} if code else None
            answer_whole_survey(visitor, cycle, teams[name]["id"], start_data=start)
            visitor.post(f"/survey/{SLUG}/check-your-answers")
    return cycle, teams


def stuff(app, cycle, team_id, how_many) -> list[int]:
    """The attacker's made-up responses into the team, each from a fresh browser, through the
    team's own link; returns the status of each send."""
    statuses = []
    for _ in range(how_many):
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = "198.51.100.66"
        started = attacker.post(f"/survey/{SLUG}/bravo")
        if started.status_code != 302:
            statuses.append(started.status_code)
            continue
        answer_whole_survey(attacker, cycle, team_id, "made up", start_data=None)
        statuses.append(attacker.post(f"/survey/{SLUG}/check-your-answers").status_code)
    return statuses


def test_with_codes_on_a_stuffer_cannot_start_or_send(app, make_cycle, db):
    cycle, teams = small_team_with_one_real_response(app, make_cycle, db, public_link=False)
    assert access_codes.required(db, cycle)  # the default: nobody turned codes on
    before = db["responses"].count
    attacker = app.test_client()
    for start in (f"/survey/{SLUG}", f"/survey/{SLUG}/bravo"):
        refused = html_of(attacker.post(start, data={}))
        assert "Enter your access code" in refused.select_one(".govuk-error-summary").text
        guessed = html_of(attacker.post(start, data={"access_code": "K7QF-2MXA-9TDR"}))
        assert "not one of this survey's codes" in guessed.select_one(".govuk-error-summary").text
    # Going round the start page leads back to it; sending without a draft sends nothing.
    about = attacker.post(f"/survey/{SLUG}/about-you", data={"action": "continue", "team": str(teams["Bravo"]["id"])})
    assert about.location == f"/survey/{SLUG}"
    assert attacker.post(f"/survey/{SLUG}/check-your-answers").location == f"/survey/{SLUG}"
    assert db["survey_drafts"].count == before  # only the real senders' emptied drafts
    assert db["responses"].count == before
    bravo = db.execute("select count(*) from responses where team_id = ?", [teams["Bravo"]["id"]]).fetchone()[0]
    assert bravo == 1


def test_the_open_link_is_on_only_after_the_psw_saw_the_warning(app, make_cycle, db, sign_in):
    cycle, teams = small_team_with_one_real_response(app, make_cycle, db, public_link=False)
    psw = sign_in("psw")
    # Choosing "no codes" does not turn the link on: it shows the warning.
    chosen = psw.post(f"/admin/cycles/{SLUG}/access-codes/option", data={"required": "no"})
    warning = html_of(psw.get(chosen.location))
    said = " ".join(warning.select_one("#public-link-warning").text.split())
    assert "Anyone who has the link can answer, more than once, and say they are in any team" in said
    assert "made-up answers for a small team" in said
    assert access_codes.required(db, cycle)
    # Without ticking that they understand, the link stays shut and a stuffer still cannot start.
    psw.post(chosen.location, data={})
    assert access_codes.required(db, cycle)
    assert stuff(app, cycle, teams["Bravo"]["id"], 1) == [200]
    psw.post(chosen.location, data={"understood": "y"})
    assert not access_codes.required(db, cycle)


def test_a_stuffed_small_team_is_flagged_in_the_results(app, make_cycle, db, sign_in):
    cycle, teams = small_team_with_one_real_response(app, make_cycle, db, public_link=True)
    results = f"/admin/cycles/{SLUG}/results"
    viewer = sign_in("viewer")
    # While the survey is open there are no results to subtract from.
    assert html_of(viewer.get(results)).select_one("#responses-table") is None

    assert stuff(app, cycle, teams["Bravo"]["id"], 4) == [302] * 4
    release_results(db, cycles.close_cycle(db, cycle))

    after = html_of(viewer.get(results))
    notice = " ".join(after.select_one("#more-than-headcount").text.split())
    assert "More responses than eligible staff: Bravo" in notice
    assert "answered more than once" in notice
    [bravo] = [row for row in after.select("#responses-table tbody tr") if row.th.text.strip() == "Bravo"]
    cells = [cell.get_text(" ", strip=True) for cell in bravo.select("td")]
    assert cells == ["3", "5 More than the eligible headcount", "167%"]
