"""Sign-in hardening: a temporary lockout per email address, a rate limit per client, no
way to tell which accounts exist, fresh sessions and long passwords."""

import datetime

import pytest
from conftest import PASSWORD, page

from healthcheck import accounts, settings, sign_in_attempts
from healthcheck.problems import Problem
from healthcheck.sign_in_attempts import LOCKED, MAX_FAILURES, WRONG_DETAILS, attempt_sign_in
from healthcheck.web import ratelimit

NOW = datetime.datetime(2026, 10, 5, 9, 30, tzinfo=datetime.UTC)
SECRET = "test secret key"


def error_of(response) -> str:
    return page(response).select_one(".govuk-error-summary").text


def client_at(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def failed_attempts(client, email, count):
    return [
        error_of(client.post("/sign-in", data={"email": email, "password": "wrong password"})) for _ in range(count)
    ]


def test_fifth_failure_locks_the_address_even_against_the_right_password(client, users):
    messages = failed_attempts(client, "psw@council.example", MAX_FAILURES)
    assert all(WRONG_DETAILS in message for message in messages[:-1])
    assert LOCKED in messages[-1]
    refused = client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    assert refused.status_code == 200
    assert LOCKED in error_of(refused)
    assert client.get("/admin/").status_code == 302


def test_an_unknown_address_is_locked_in_exactly_the_same_way(app, users):
    real = failed_attempts(client_at(app, "192.0.2.1"), "psw@council.example", MAX_FAILURES + 1)
    unknown = failed_attempts(client_at(app, "192.0.2.2"), "nobody@council.example", MAX_FAILURES + 1)
    assert real == unknown
    assert LOCKED in real[-1]


def test_other_addresses_are_not_locked(client, users):
    failed_attempts(client, "psw@council.example", MAX_FAILURES)
    response = client.post("/sign-in", data={"email": "admin@council.example", "password": PASSWORD})
    assert response.status_code == 302


def test_lockout_ends_after_fifteen_minutes(db, users):
    for _ in range(MAX_FAILURES):
        attempt_sign_in(db, SECRET, "psw@council.example", "wrong", now=NOW)
    assert (
        attempt_sign_in(db, SECRET, "psw@council.example", PASSWORD, now=NOW + datetime.timedelta(minutes=14)).error
        == LOCKED
    )
    later = attempt_sign_in(
        db, SECRET, "psw@council.example", PASSWORD, now=NOW + datetime.timedelta(minutes=15, seconds=1)
    )
    assert later.user["email"] == "psw@council.example"


def test_failures_far_apart_do_not_add_up(db, users):
    for day in range(MAX_FAILURES * 2):
        outcome = attempt_sign_in(db, SECRET, "psw@council.example", "wrong", now=NOW + datetime.timedelta(hours=day))
        assert outcome.error == WRONG_DETAILS


def test_signing_in_clears_the_count(db, users):
    for _ in range(MAX_FAILURES - 1):
        attempt_sign_in(db, SECRET, "psw@council.example", "wrong", now=NOW)
    assert attempt_sign_in(db, SECRET, "psw@council.example", PASSWORD, now=NOW).user
    for _ in range(MAX_FAILURES - 1):
        assert attempt_sign_in(db, SECRET, "psw@council.example", "wrong", now=NOW).error == WRONG_DETAILS


def test_addresses_are_kept_only_as_keyed_hashes(client, db, users):
    failed_attempts(client, "Nobody@Council.example", 2)
    rows = list(db["sign_in_failures"].rows)
    assert len(rows) == 1
    assert "nobody" not in repr(rows).lower()
    assert rows[0]["account_key"] == sign_in_attempts.account_key(SECRET, "nobody@council.example")
    assert rows[0]["account_key"] != sign_in_attempts.account_key("another secret", "nobody@council.example")


def test_an_unknown_address_still_checks_a_password_hash(db, users, monkeypatch):
    """The same argon2 work for a real and an unknown address, so timing tells nothing."""
    checked = []

    class CountingHasher:
        def __init__(self, hasher):
            self.hasher = hasher

        def verify(self, stored, password):
            checked.append(stored)
            return self.hasher.verify(stored, password)

        def __getattr__(self, name):
            return getattr(self.hasher, name)

    monkeypatch.setattr(accounts, "_hasher", CountingHasher(accounts._hasher))
    assert accounts.authenticate(db, "nobody@council.example", PASSWORD) is None
    assert accounts.authenticate(db, "psw@council.example", "wrong password") is None
    assert len(checked) == 2
    assert checked[0] == accounts._UNKNOWN_USER_HASH
    assert checked[1].startswith("$argon2id$")


def test_eleventh_attempt_in_a_minute_from_one_client_is_refused(client, users):
    for number in range(10):
        # A different address each time, so only the client's rate limit can stop it.
        response = client.post("/sign-in", data={"email": f"guess{number}@council.example", "password": "x"})
        assert response.status_code == 200
    refused = client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    html = page(refused)
    assert html.select_one("h1").text.strip() == "Too many attempts"
    assert "Wait a few minutes and try again" in html.text
    assert client.get("/sign-in").status_code == 200  # reading the page is not limited


def test_rate_limit_counts_each_client_on_its_own(app, users):
    first, second = client_at(app, "192.0.2.1"), client_at(app, "192.0.2.2")
    for number in range(10):
        first.post("/sign-in", data={"email": f"guess{number}@council.example", "password": "x"})
    assert first.post("/sign-in", data={"email": "a@council.example", "password": "x"}).status_code == 429
    assert second.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD}).status_code == 302


def test_rate_limit_store_never_holds_a_client_address(app, users, db):
    visitor = client_at(app, "198.51.100.23")
    visitor.post("/sign-in", data={"email": "a@council.example", "password": "x"})
    stored = list(db.query("select * from rate_limit_counts"))
    assert stored  # the attempt was counted, in the app's database
    assert set(stored[0]) == {"key", "count", "expires_at"}
    assert "198.51.100.23" not in str(stored)
    assert client_key_of(app, "198.51.100.23") not in str(stored)


def client_key_of(app, address):
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        return ratelimit.client_key()


def test_rate_limit_store_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHCHECK_RATELIMIT_STORAGE", "redis://limits.internal:6379")
    assert settings.from_environment(tmp_path)["RATELIMIT_STORAGE_URI"] == "redis://limits.internal:6379"
    monkeypatch.delenv("HEALTHCHECK_RATELIMIT_STORAGE")
    assert settings.from_environment(tmp_path)["RATELIMIT_STORAGE_URI"] == ""  # the app's database


def test_rate_limits_are_counted_in_the_apps_database_by_default(app):
    assert app.config["RATELIMIT_STORAGE_URI"] == "sqlite:///" + app.config["DATABASE"]


def test_session_is_renewed_at_sign_in(client, users):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["user_id"] == users["psw"]["id"]


def test_a_copied_session_cookie_stops_working_at_sign_out(app, users):
    client = app.test_client()
    client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    stolen = client.get_cookie("session").value
    client.post("/sign-out")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/admin/")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")


@pytest.mark.parametrize("password", ["", "x" * 11, "eleven char"])
def test_passwords_shorter_than_twelve_characters_are_refused(db, password):
    with pytest.raises(Problem, match="Password must be 12 characters or more"):
        accounts.create_user(db, "psw@council.example", password, "psw")
    assert accounts.find_user(db, "psw@council.example") is None


def test_a_twelve_character_password_is_accepted(db):
    assert accounts.create_user(db, "psw@council.example", "x" * 12, "psw")


def test_changing_to_a_short_password_is_refused(db, users):
    with pytest.raises(Problem, match="12 characters or more"):
        accounts.update_user(db, users["psw"]["id"], password="short")
    assert accounts.authenticate(db, "psw@council.example", PASSWORD)
