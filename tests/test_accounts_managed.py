"""Accounts run by the people who use them: a PSW adds the steering group, everyone changes
their own password, an administrator resets a forgotten one, and an idle session ends."""

import re
import time

from conftest import PASSWORD, page

from healthcheck import accounts

NEW_PASSWORD = "a brand new long password"


def test_a_viewer_account_made_by_a_psw_can_sign_in(app, sign_in, db):
    psw = sign_in("psw")
    form = page(psw.get("/admin/accounts/new"))
    roles = [radio["value"] for radio in form.select("input[name=role]")]
    assert roles == ["viewer"]
    response = psw.post(
        "/admin/accounts/new", data={"email": "steering@council.example", "role": "viewer", "password": PASSWORD}
    )
    assert response.status_code == 302
    listing = page(psw.get("/admin/accounts"))
    assert listing.select_one("h1").text.strip() == "Steering group accounts"
    emails = [row.select("td")[0].text.strip() for row in listing.select("#accounts-table tbody tr")]
    assert emails == ["steering@council.example", "viewer@council.example"]
    fresh = app.test_client()
    assert (
        fresh.post("/sign-in", data={"email": "steering@council.example", "password": PASSWORD}).location == "/admin/"
    )


def test_a_psw_cannot_make_or_change_anyone_but_the_steering_group(sign_in, db, users):
    psw = sign_in("psw")
    refused = page(
        psw.post("/admin/accounts/new", data={"email": "x@council.example", "role": "admin", "password": PASSWORD})
    )
    assert refused.select_one(".govuk-error-summary")
    assert accounts.find_user(db, "x@council.example") is None
    assert psw.get(f"/admin/accounts/{users['admin']['id']}/edit").status_code == 404
    assert psw.get(f"/admin/accounts/{users['viewer']['id']}/reset").status_code == 403


def test_a_psw_switches_a_viewer_off(app, sign_in, db, users):
    psw = sign_in("psw")
    form = page(psw.get(f"/admin/accounts/{users['viewer']['id']}/edit"))
    assert form.select_one("input[name=password]") is None
    psw.post(f"/admin/accounts/{users['viewer']['id']}/edit", data={"role": "viewer", "active": "no"})
    assert accounts.get_user(db, users["viewer"]["id"])["active"] == 0
    fresh = app.test_client()
    assert fresh.post("/sign-in", data={"email": "viewer@council.example", "password": PASSWORD}).status_code == 200


def test_a_changed_password_works_and_the_old_one_does_not(app, users, db):
    client = app.test_client()
    client.post("/sign-in", data={"email": "viewer@council.example", "password": PASSWORD})
    wrong = page(
        client.post("/account/password", data={"current_password": "not my password", "new_password": NEW_PASSWORD})
    )
    assert "Your current password is not right" in wrong.select_one(".govuk-error-summary").text
    assert accounts.authenticate(db, "viewer@council.example", PASSWORD)
    done = client.post("/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200  # this session carries on
    assert accounts.authenticate(db, "viewer@council.example", NEW_PASSWORD)
    assert accounts.authenticate(db, "viewer@council.example", PASSWORD) is None
    other = app.test_client()
    assert other.post("/sign-in", data={"email": "viewer@council.example", "password": PASSWORD}).status_code == 200
    assert other.post("/sign-in", data={"email": "viewer@council.example", "password": NEW_PASSWORD}).status_code == 302


def test_a_short_new_password_is_refused_on_its_field(sign_in, db):
    html = page(sign_in("psw").post("/account/password", data={"current_password": PASSWORD, "new_password": "short"}))
    assert html.select_one(".govuk-error-summary a")["href"] == "#new_password"
    assert accounts.authenticate(db, "psw@council.example", PASSWORD)


def test_a_reset_link_works_once(app, sign_in, users, db):
    admin = sign_in("admin")
    shown = page(admin.post(f"/admin/accounts/{users['psw']['id']}/reset", data={"how": "link"}))
    link = shown.select_one("#reset-link").text.strip()
    path = re.sub(r"^https?://[^/]+", "", link)
    assert db["password_resets"].count == 1
    assert path.split("/")[-1] not in str(list(db["password_resets"].rows))  # only the hash is kept
    person = app.test_client()
    assert person.get(path).status_code == 200
    assert person.post(path, data={"password": NEW_PASSWORD}).location == "/sign-in"
    assert accounts.authenticate(db, "psw@council.example", NEW_PASSWORD)
    again = person.get(path)
    assert again.status_code == 404
    assert page(again).select_one("h1").text.strip() == "This link does not work"


def test_a_password_shown_once_replaces_the_old_one(sign_in, users, db):
    admin = sign_in("admin")
    shown = page(admin.post(f"/admin/accounts/{users['viewer']['id']}/reset", data={"how": "password"}))
    password = shown.select_one("#new-password").text.strip()
    assert len(password) >= accounts.MINIMUM_PASSWORD_LENGTH
    assert accounts.authenticate(db, "viewer@council.example", password)
    assert accounts.authenticate(db, "viewer@council.example", PASSWORD) is None
    assert page(admin.get(f"/admin/accounts/{users['viewer']['id']}/reset")).select_one("#new-password") is None


def test_an_idle_session_ends_and_keeps_nothing(app, users, make_cycle, db):
    cycle = make_cycle()
    client = app.test_client()
    client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - 31 * 60
    response = client.post(f"/admin/cycles/{cycle['slug']}/edit", data={"name": "Changed while away"})
    assert response.location == "/signed-out"
    signed_out = page(client.get("/signed-out"))
    assert signed_out.select_one("h1").text.strip() == "You were signed out"
    assert "Changed while away" not in str(signed_out)
    assert db["cycles"].get(cycle["id"])["name"] != "Changed while away"
    assert client.get("/admin/").location.startswith("/sign-in")


def test_a_session_used_within_the_idle_time_carries_on(app, users):
    client = app.test_client()
    client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - 29 * 60
    assert client.get("/admin/").status_code == 200


def test_the_idle_time_is_a_setting(app, users):
    app.config["IDLE_MINUTES"] = 5
    client = app.test_client()
    client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - 6 * 60
    assert client.get("/admin/").location == "/signed-out"
