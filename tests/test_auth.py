"""Staff sign-in, sign-out and the role checks that guard staff pages."""

import re

from conftest import PASSWORD, page

from healthcheck import accounts


def test_sign_in_page_has_labelled_fields(client):
    html = page(client.get("/sign-in"))
    assert html.select_one("h1").text.strip() == "Sign in"
    assert html.title.text.strip().startswith("Sign in")
    assert html.select_one("label[for=email]").text.strip() == "Email address"
    assert html.select_one("input#password")["type"] == "password"
    assert html.select_one("form")["method"] == "post"


def test_staff_sign_in_goes_to_cycles(client, users):
    response = client.post("/sign-in", data={"email": "PSW@council.example ", "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/admin/"
    dashboard = page(client.get("/admin/"))
    assert dashboard.select_one("h1").text.strip().endswith("Health check cycles")
    assert "psw@council.example" in dashboard.text


def test_wrong_password_gets_one_message_for_both_mistakes(client, users):
    wrong_password = page(client.post("/sign-in", data={"email": "psw@council.example", "password": "nope nope nope"}))
    unknown_email = page(
        client.post("/sign-in", data={"email": "nobody@council.example", "password": "nope nope nope"})
    )
    for html in (wrong_password, unknown_email):
        assert html.title.text.startswith("Error: ")
        summary = html.select_one(".govuk-error-summary")
        assert "There is a problem" in summary.text
        assert "Enter a correct email address and password" in summary.text
    assert client.get("/admin/").status_code == 302


def test_empty_sign_in_names_both_fields(client):
    html = page(client.post("/sign-in", data={}))
    links = {a["href"]: a.text.strip() for a in html.select(".govuk-error-summary a")}
    assert links == {"#email": "Enter your email address", "#password": "Enter your password"}


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for path in ("/admin/", "/admin/cycles/new", "/admin/accounts"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.location.startswith("/sign-in?next=")


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client, users):
    good = client.post("/sign-in?next=/admin/accounts", data={"email": "admin@council.example", "password": PASSWORD})
    assert good.location == "/admin/accounts"
    client.post("/sign-out")
    evil = client.post("/sign-in?next=//evil.example/", data={"email": "admin@council.example", "password": PASSWORD})
    assert evil.location == "/admin/"


def test_sign_out_ends_the_session_everywhere(app, users):
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
        assert client.get("/admin/").status_code == 200
    first.post("/sign-out")
    assert first.get("/admin/").status_code == 302
    assert second.get("/admin/").status_code == 302


def test_switched_off_account_cannot_sign_in(client, db, users):
    accounts.update_user(db, users["viewer"]["id"], active=False)
    response = client.post("/sign-in", data={"email": "viewer@council.example", "password": PASSWORD})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in page(response).text


def test_passwords_are_stored_as_argon2_hashes(db, users):
    stored = db["users"].get(users["psw"]["id"])["password_hash"]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_session_cookie_is_httponly_and_samesite_lax(client, users):
    response = client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert re.search(r"SameSite=Lax", cookie)


def test_viewer_cannot_reach_account_management(sign_in):
    assert sign_in("viewer").get("/admin/accounts").status_code == 403
    # A PSW manages the steering group's accounts (and only those: see test_accounts_managed).
    assert sign_in("psw").get("/admin/accounts").status_code == 200


def test_admin_creates_an_account_that_can_sign_in(app, sign_in):
    admin = sign_in("admin")
    response = admin.post(
        "/admin/accounts/new",
        data={"email": "union.rep@council.example", "role": "viewer", "password": "twelve chars long"},
    )
    assert response.status_code == 302
    listing = page(admin.get("/admin/accounts"))
    assert "union.rep@council.example" in listing.select_one("#accounts-table").text
    fresh = app.test_client()
    assert (
        fresh.post("/sign-in", data={"email": "union.rep@council.example", "password": "twelve chars long"}).status_code
        == 302
    )


def test_short_password_is_refused_with_a_clear_message(sign_in, db):
    html = page(
        sign_in("admin").post(
            "/admin/accounts/new", data={"email": "x@council.example", "role": "psw", "password": "short"}
        )
    )
    assert "Password must be 12 characters or more" in html.select_one(".govuk-error-summary").text
    assert accounts.find_user(db, "x@council.example") is None


def test_last_administrator_cannot_be_demoted(sign_in, users, db):
    admin = sign_in("admin")
    html = page(admin.post(f"/admin/accounts/{users['admin']['id']}/edit", data={"role": "psw", "active": "yes"}))
    assert "at least one administrator" in html.select_one(".govuk-error-summary").text
    assert accounts.get_user(db, users["admin"]["id"])["role"] == "admin"


def test_csrf_token_is_required_when_enabled(app, users):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    refused = client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    assert refused.status_code == 400
    token = page(client.get("/sign-in")).select_one("input[name=csrf_token]")["value"]
    accepted = client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302
