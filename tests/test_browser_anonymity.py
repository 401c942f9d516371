"""Anonymity end to end: a practitioner sends the whole survey from Chromium through the
real server (gunicorn), and afterwards nothing in the database file or its write-ahead log
holds their address, their browser's user agent or the time of day they sent it, and the
access log holds neither their address nor their user agent."""

import datetime
import sqlite3

import pytest
from conftest import assert_no_axe_violations
from served import SLUG, Served, open_survey

from healthcheck import cycles
from healthcheck.survey import journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AGENT = "Mozilla/5.0 (X11; Linux x86_64) DistinctiveBrowserAgent/9.9 (practitioner-phone-77)"
COMMENT = "Supervision keeps being cancelled"
RESPONSE_COLUMNS = ["id", "cycle_id", "team_id", "role_group", "submitted_on"]


def without_times_of_day(database) -> None:
    """Migrations record when they ran; set those to midnight long ago (and rewrite the file),
    so any time of day left in the file after the survey could only have come from it."""
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("update _sqlite_migrations set applied_at = '2000-01-01 00:00:00+00:00'")
    connection.execute("vacuum")
    connection.execute("pragma wal_checkpoint(truncate)")
    connection.close()


def minutes_between(start: datetime.datetime, end: datetime.datetime) -> set[str]:
    """Every HH:MM from start to end, in local time and in UTC."""
    shown = set()
    moment = start.replace(second=0, microsecond=0)
    while moment <= end:
        shown.add(moment.strftime("%H:%M"))
        shown.add(moment.astimezone(datetime.UTC).strftime("%H:%M"))
        moment += datetime.timedelta(minutes=1)
    return shown


def database_bytes(database) -> bytes:
    """The database file and, if there is one, its write-ahead log, byte for byte."""
    parts = [database.read_bytes()]
    wal = database.with_name(database.name + "-wal")
    if wal.exists():
        parts.append(wal.read_bytes())
    return b"".join(parts)


def answer_page(tab, comment=None) -> None:
    """Choose the first answer of every question, type 4 in every number box, then Continue."""
    names = tab.eval_on_selector_all("input[type=radio]", "inputs => [...new Set(inputs.map(i => i.name))]")
    for name in names:
        first = tab.locator(f"input[type=radio][name='{name}']").first
        tab.locator(f"label[for='{first.get_attribute('id')}']").click()
    for box in tab.locator("input[type=text][name^='item_']").all():
        box.fill("4")
    if comment:
        tab.locator("textarea[name^='comment_']").fill(comment)
    tab.get_by_role("button", name="Continue").click()


@pytest.fixture
def server(tmp_path):
    database = tmp_path / "served.sqlite"
    cycle = open_survey(database)
    without_times_of_day(database)
    served = Served(tmp_path, database)
    try:
        served.start()
        yield served, cycles.cycle_bank(cycle)
    finally:
        served.stop()


def test_a_sent_survey_leaves_no_address_agent_or_time_of_day(server, playwright_browser):
    served, bank = server
    base = f"{served.base}/survey/{SLUG}"
    context = playwright_browser.new_context(user_agent=AGENT)
    tab = context.new_page()
    try:
        assert tab.evaluate("navigator.userAgent") == AGENT
        started = datetime.datetime.now().astimezone()
        tab.goto(base)
        tab.get_by_role("button", name="Start now").click()
        tab.wait_for_url(f"{base}/about-you")
        answer_page(tab)
        for number in journey.standard_numbers(bank):
            tab.wait_for_url(f"{base}/standard/{number}")
            answer_page(tab, COMMENT)
        tab.wait_for_url(f"{base}/check-your-answers")
        tab.get_by_role("button", name="Send your answers").click()
        tab.wait_for_url(f"{base}/confirmation")
        sent = datetime.datetime.now().astimezone()
        assert_no_axe_violations(tab)
    finally:
        context.close()

    connection = sqlite3.connect(served.database)
    try:
        responses = connection.execute("select * from responses").fetchall()
        columns = [row[1] for row in connection.execute("pragma table_info(responses)")]
        comments = connection.execute("select text from comments").fetchall()
    finally:
        connection.close()
    assert len(responses) == 1  # the survey really was stored
    assert columns == RESPONSE_COLUMNS  # nothing but the date records when
    assert responses[0][-1] == sent.date().isoformat()
    assert comments == [(COMMENT,)] * len(bank.standards)

    stored = database_bytes(served.database)  # while the server still holds it open
    log = served.stop()
    stored += database_bytes(served.database)  # and once it has closed and checkpointed
    assert f'"POST /survey/{SLUG}/check-your-answers" 302' in log
    who = {"127.0.0.1", "DistinctiveBrowserAgent", "practitioner-phone-77"}
    for secret in sorted(who | minutes_between(started, sent)):
        assert stored.find(secret.encode()) == -1, f"the database holds {secret!r}"
    # The access log has the time of each request (for running the service), never who sent it.
    for secret in sorted(who):
        assert secret not in log, f"the access log holds {secret!r}"
