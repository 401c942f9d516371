"""Promises SECURITY.md makes that no feature's own tests cover: it names every table the
database has, the reporting threshold cannot be lowered once a survey is open, any change
to an account's access ends its sessions, and counts of attempts are forgotten in time."""

import datetime
import re
import time
from pathlib import Path

import pytest

from healthcheck import accounts, cycles, sign_in_attempts
from healthcheck.problems import Problem
from healthcheck.web.ratelimit import LIMITS, VOLUME_LIMITS

SECURITY_MD = Path(__file__).resolve().parents[1] / "SECURITY.md"
# Bookkeeping of the schema itself, not anybody's data.
NOT_DATA = {"_sqlite_migrations"}


def test_security_md_describes_every_table_in_the_database(db):
    """A feature that adds a table must say in SECURITY.md what it keeps and who sees it."""
    described = set(re.findall(r"`([a-z_]+)`", SECURITY_MD.read_text()))
    tables = set(db.table_names()) - NOT_DATA
    assert sorted(tables - described) == []


def test_responses_hold_no_person_code_or_time_of_day(db):
    columns = [column.name for column in db["responses"].columns]
    assert columns == ["id", "cycle_id", "team_id", "role_group", "submitted_on"]
    assert [column.name for column in db["comments"].columns] == ["id", "response_id", "standard", "text"]
    assert [column.name for column in db["answers"].columns] == ["response_id", "item_id", "value"]


def test_the_threshold_can_be_raised_but_not_lowered_once_the_survey_is_open(db, make_cycle):
    cycle = make_cycle(status="open", threshold=5)
    values = {**cycle, "reporting_threshold": 4}
    with pytest.raises(Problem, match="cannot be lowered once the survey has opened"):
        cycles.update_cycle(db, cycle, values)
    assert cycles.update_cycle(db, cycle, {**cycle, "reporting_threshold": 6})["reporting_threshold"] == 6
    draft = make_cycle(slug="health-check-2027", threshold=6)
    assert cycles.update_cycle(db, draft, {**draft, "reporting_threshold": 3})["reporting_threshold"] == 3


@pytest.mark.parametrize("change", [{"role": "viewer"}, {"active": False}, {"password": "a brand new password"}])
def test_any_change_to_an_accounts_access_ends_its_sessions(sign_in, db, users, change):
    signed_in = sign_in("psw")
    assert signed_in.get("/admin/").status_code == 200
    accounts.update_user(db, users["psw"]["id"], **change)
    response = signed_in.get("/admin/")
    assert response.status_code == 302 and response.location.startswith("/sign-in")


def test_failed_sign_ins_are_forgotten_once_their_count_and_lock_run_out(db):
    start = datetime.datetime(2026, 10, 5, 9, 0, tzinfo=datetime.UTC)
    sign_in_attempts.record_failure(db, "first", start)
    assert db["sign_in_failures"].count == 1
    later = start + sign_in_attempts.FAILURE_WINDOW + sign_in_attempts.LOCKOUT + datetime.timedelta(seconds=1)
    sign_in_attempts.record_failure(db, "second", later)
    assert [row["account_key"] for row in db["sign_in_failures"].rows] == ["second"]


def test_the_rate_limiter_forgets_every_count_within_the_hour(app, users, db):
    client = app.test_client()
    client.post("/sign-in", data={"email": "a@council.example", "password": "x"})
    client.post("/survey/no-such-survey/resume", data={"resume_code": "x"})
    expirations = [row["expires_at"] for row in db.query("select expires_at from rate_limit_counts")]
    assert expirations
    assert max(expirations) <= time.time() + 3600
    assert all("hour" in limit.rates or "minute" in limit.rates for limit in LIMITS.values())
    assert not any("day" in limit.rates for limit in LIMITS.values())
    assert all("minute" in limit.rates and limit.setting for limit in VOLUME_LIMITS.values())


def test_uploads_waiting_for_confirmation_do_not_outlive_a_day(db, make_cycle):
    from healthcheck.uploads import waiting

    cycle = make_cycle()
    two_days_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).isoformat(timespec="seconds")
    stale = waiting.keep(db, cycle, waiting.WORKFORCE, b"team,inpost_fte\nNorth,3\n", "f.csv", "psw@council.example")
    old = waiting.keep(db, cycle, waiting.ACTION_PLAN, b"workbook", "plan.xlsx", "psw@council.example")
    db.execute("update waiting_uploads set uploaded_on = ?", [two_days_ago])
    assert waiting.waiting(db, cycle, waiting.WORKFORCE, stale) is None  # too old to confirm
    assert waiting.waiting(db, cycle, waiting.ACTION_PLAN, old) is None
    new = waiting.keep(db, cycle, waiting.ACTION_PLAN, b"workbook", "plan.xlsx", "psw@council.example")
    assert [row["token"] for row in db["waiting_uploads"].rows] == [new]  # and gone at the next upload
