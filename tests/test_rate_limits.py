"""Guessing survey codes is slowed down: one client may have 10 access codes or resume codes
refused a minute. Codes that work are never counted, so practitioners who share one office
connection can all start the survey. Starting and sending the survey are limited per client
too, generously (60 of each in 10 minutes), so nobody fills a team with made-up answers."""

import pytest
from conftest import page
from survey_helpers import answer_whole_survey

from healthcheck.settings import SettingsError, survey_rate
from healthcheck.survey import access_codes, codes
from healthcheck.survey import routes as survey_routes
from healthcheck.web.ratelimit import LIMITS, VOLUME_LIMITS

SLUG = "health-check-2026"


def client_at(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def error_of(response) -> str:
    return page(response).select_one(".govuk-error-summary").text


def codes_required(app, db, make_cycle, how_many):
    cycle = make_cycle(slug=SLUG, status="open")
    access_codes.set_required(db, cycle, True)
    return access_codes.generate(db, cycle, how_many, app.config["SECRET_KEY"])


def wrong_code() -> str:
    return codes.new_code()


def assert_too_many(response):
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    html = page(response)
    assert html.select_one("h1").text.strip() == "Too many attempts"
    assert "Wait a few minutes and try again" in html.text


def test_the_eleventh_wrong_access_code_in_a_minute_is_refused(app, db, make_cycle):
    [good] = codes_required(app, db, make_cycle, 1)
    guesser = client_at(app, "192.0.2.10")
    for _ in range(10):
        response = guesser.post(f"/survey/{SLUG}", data={"access_code": wrong_code()})
        assert response.status_code == 200
        assert "not one of this survey's codes" in error_of(response)
    assert_too_many(guesser.post(f"/survey/{SLUG}", data={"access_code": good}))
    assert db["survey_drafts"].count == 0
    assert guesser.get(f"/survey/{SLUG}").status_code == 200  # reading the page is not limited
    # Someone else, on another connection, is not held up by the guesser.
    other = client_at(app, "192.0.2.11")
    assert other.post(f"/survey/{SLUG}", data={"access_code": good}).status_code == 302
    assert db["survey_drafts"].count == 1


def test_codes_that_work_are_never_counted(app, db, make_cycle):
    """A whole team behind one office address starts the survey, one code each."""
    for code in codes_required(app, db, make_cycle, 25):
        practitioner = client_at(app, "192.0.2.20")  # a browser each, one shared address
        assert practitioner.post(f"/survey/{SLUG}", data={"access_code": code}).status_code == 302
    assert db["survey_drafts"].count == 25


def test_the_survey_link_shares_the_start_page_limit(app):
    """Staff pages link to the start page as "survey_link": the same limited view, not a way round it."""
    assert app.view_functions["survey_link"] is app.view_functions["survey.start"]
    assert app.view_functions["survey_link"] is not survey_routes.start


def test_the_eleventh_unknown_resume_code_in_a_minute_is_refused(app, db, make_cycle):
    make_cycle(slug=SLUG, status="open")
    saver = app.test_client()
    saver.post(f"/survey/{SLUG}")
    saver.post(f"/survey/{SLUG}/save")
    real_code = page(saver.get(f"/survey/{SLUG}/saved")).select_one("#resume-code").text
    guesser = client_at(app, "192.0.2.30")
    for _ in range(10):
        response = guesser.post(f"/survey/{SLUG}/resume", data={"resume_code": wrong_code()})
        assert response.status_code == 200
        assert "There are no saved answers with that resume code" in error_of(response)
    assert_too_many(guesser.post(f"/survey/{SLUG}/resume", data={"resume_code": real_code}))
    assert guesser.get(f"/survey/{SLUG}/resume").status_code == 200
    owner = client_at(app, "192.0.2.31")
    assert owner.post(f"/survey/{SLUG}/resume", data={"resume_code": real_code}).status_code == 302


def test_every_survey_secret_is_on_the_limit_list():
    assert LIMITS["survey.start"].failures_only and LIMITS["survey.resume"].failures_only
    assert not LIMITS["auth.sign_in"].failures_only  # every sign-in attempt counts


def test_the_61st_start_in_ten_minutes_from_one_address_is_refused(app, db, make_cycle):
    """An office of 60 behind one address all start; a 61st start from it waits."""
    make_cycle(slug=SLUG, status="open")
    assert VOLUME_LIMITS["survey.start"].rates == "60 per 10 minutes"
    for _ in range(60):
        assert client_at(app, "192.0.2.40").post(f"/survey/{SLUG}").status_code == 302
    assert_too_many(client_at(app, "192.0.2.40").post(f"/survey/{SLUG}"))
    assert db["survey_drafts"].count == 60
    assert client_at(app, "192.0.2.41").post(f"/survey/{SLUG}").status_code == 302


def test_sending_is_limited_per_client_and_a_refused_send_keeps_the_answers(app, db, make_cycle):
    app.config["SURVEY_RATE_LIMIT"] = "3 per 10 minutes"  # as a council may set it
    cycle = make_cycle(slug=SLUG, status="open")
    browsers = []
    for number in range(4):  # each started from its own address
        browser = client_at(app, f"192.0.2.{50 + number}")
        answer_whole_survey(browser, cycle)
        browser.environ_base["REMOTE_ADDR"] = "192.0.2.60"  # then all send from one
        browsers.append(browser)
    for browser in browsers[:3]:
        assert browser.post(f"/survey/{SLUG}/check-your-answers").status_code == 302
    assert_too_many(browsers[3].post(f"/survey/{SLUG}/check-your-answers"))
    assert db["responses"].count == 3
    assert db.execute("select count(*) from survey_drafts where submitted = 0").fetchone()[0] == 1
    browsers[3].environ_base["REMOTE_ADDR"] = "192.0.2.61"
    assert browsers[3].post(f"/survey/{SLUG}/check-your-answers").status_code == 302
    assert db["responses"].count == 4


@pytest.mark.parametrize(
    "typed, kept", [("", None), ("200 per 10 minutes", "200 per 10 minutes"), (" 90  per  hour ", "90 per hour")]
)
def test_a_council_may_set_its_own_survey_rate(typed, kept):
    assert survey_rate("HEALTHCHECK_SURVEY_RATE_LIMIT", typed) == kept


@pytest.mark.parametrize("typed", ["lots", "0 per minute", "60 per day", "60 per 90 minutes", "60/minute"])
def test_a_survey_rate_that_is_not_a_rate_is_refused_with_its_name(typed):
    with pytest.raises(SettingsError, match="HEALTHCHECK_SURVEY_RATE_LIMIT must be a rate like 60 per 10 minutes"):
        survey_rate("HEALTHCHECK_SURVEY_RATE_LIMIT", typed)
