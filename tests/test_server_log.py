"""The served app's access log: which pages were asked for, never by whom. Starts the real
`healthcheck serve` (gunicorn) and reads its log after requests, a whole survey sent
among them, that carry a client address, a distinctive user agent and a forwarded address."""

import pytest
from served import SLUG, Served, Visitor, open_survey
from survey_helpers import valid_answers

from healthcheck import cycles
from healthcheck.db import open_database
from healthcheck.survey import journey

AGENT = "Mozilla/5.0 (DistinctiveTestAgent/7.7; practitioner-laptop-42)"
FORWARDED = "203.0.113.77"
REFERRER = "https://intranet.council.example/staff/jo-bloggs"
HEADERS = {"User-Agent": AGENT, "X-Forwarded-For": FORWARDED, "X-Real-IP": FORWARDED, "Referer": REFERRER}
SURVEY = f"/survey/{SLUG}"
COMMENT = "Duty weeks leave no time for visits"

# (method, path, form data): every request the log must record without its sender. A POST
# first fetches its form (for the CSRF token), as a browser would.
REQUESTS = [
    ("GET", "/healthz", None),
    ("GET", "/sign-in?next=/admin/private-query", None),
    ("POST", "/sign-in", {"email": "psw@council.example", "password": "not the password"}),
    ("GET", SURVEY, None),
]


def survey_submission(bank) -> list[tuple]:
    """Every post of a whole survey: start, about you, each standard, then send."""
    return [
        ("POST", SURVEY, {}),
        ("POST", f"{SURVEY}/about-you", {"action": "continue", "role_group": "social_worker"}),
        *[
            ("POST", f"{SURVEY}/standard/{number}", valid_answers(bank, number, COMMENT))
            for number in journey.standard_numbers(bank)
        ],
        ("POST", f"{SURVEY}/check-your-answers", {}),
    ]


@pytest.fixture
def served(tmp_path):
    database = tmp_path / "served.sqlite"
    cycle = open_survey(database)
    server = Served(tmp_path, database)
    try:
        server.start()
        yield server, cycles.cycle_bank(cycle)
    finally:
        server.stop()


@pytest.mark.slow
def test_access_log_records_pages_but_not_who_asked(served):
    server, bank = served
    visitor = Visitor(server.base, HEADERS)
    requests = REQUESTS + survey_submission(bank)
    statuses = [visitor.send(method, path, data) for method, path, data in requests]
    assert all(status < 500 for status in statuses), statuses
    assert 400 not in statuses, statuses  # each form was sent with its token, as a browser would
    log = server.stop()
    db = open_database(str(server.database))
    try:
        assert db["responses"].count == 1  # the survey was sent, not only visited
        assert [row["text"] for row in db["comments"].rows] == [COMMENT] * len(bank.standards)
    finally:
        db.close()
    for method, path, _ in requests:
        assert f'"{method} {path.split("?")[0]}"' in log, (method, path, log)
    assert f'"POST {SURVEY}/check-your-answers" 302' in log
    for secret in (
        "127.0.0.1",
        FORWARDED,
        "DistinctiveTestAgent",
        "Mozilla",
        "practitioner-laptop",
        "intranet.council.example",
        "private-query",
    ):
        assert secret not in log, secret
