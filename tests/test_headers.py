"""Security headers: a nonce-only script policy, no framing, no referrer, no sniffing, no
caching of pages; HTTPS-only cookies and HSTS when the app is served over HTTPS."""

import re

import pytest
from bs4 import BeautifulSoup
from conftest import PASSWORD, page

from healthcheck import create_app, settings

STAFF_PAGES = [
    "/admin/",
    "/admin/cycles/new",
    "/admin/cycles/health-check-2026",
    "/admin/cycles/health-check-2026/edit",
    "/admin/accounts",
    "/admin/organisation",
]


def csp_directives(response) -> dict:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def pages_to_check(sign_in, make_cycle):
    make_cycle(slug="health-check-2026", status="open")
    admin = sign_in("admin")
    return [(admin, path) for path in STAFF_PAGES] + [(sign_in("viewer"), "/admin/")]


def test_scripts_run_only_from_our_files_or_with_the_page_nonce(app, client, pages_to_check):
    for who, path in pages_to_check + [(client, "/sign-in"), (client, "/no-such-page")]:
        response = who.get(path)
        directives = csp_directives(response)
        nonce = re.search(r"'nonce-([^']+)'", " ".join(directives["script-src"])).group(1)
        assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"], path
        assert directives["style-src"] == ["'self'"], path
        assert directives["frame-ancestors"] == ["'none'"], path
        assert directives["object-src"] == ["'none'"], path
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for script in soup.find_all("script"):
            if script.get("src"):
                assert script["src"].startswith("/static/"), (path, script)
            else:
                assert script.get("nonce") == nonce, (path, script)
        # Inline styles and handlers would be blocked by the policy: there must be none.
        assert soup.find("style") is None, path
        for element in soup.find_all(True):
            assert "style" not in element.attrs, (path, element)
            assert not [name for name in element.attrs if name.startswith("on")], (path, element)


def test_each_response_gets_a_new_nonce(client):
    first = csp_directives(client.get("/sign-in"))["script-src"]
    second = csp_directives(client.get("/sign-in"))["script-src"]
    assert first != second


def test_pages_are_not_cached_framed_sniffed_or_referred(client, pages_to_check):
    for who, path in pages_to_check + [(client, "/sign-in"), (client, "/no-such-page")]:
        response = who.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
        assert response.headers["Referrer-Policy"] == "no-referrer", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_static_files_may_be_cached_but_not_sniffed(client):
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_hsts_or_secure_cookie_without_https(client, users):
    response = client.post("/sign-in", data={"email": "psw@council.example", "password": PASSWORD})
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers["Set-Cookie"]


@pytest.fixture
def https_app(tmp_path):
    return create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE": str(tmp_path / "https.sqlite"), "HTTPS": True})


def test_https_turns_on_hsts_and_secure_cookies(https_app):
    from healthcheck import accounts
    from healthcheck.db import open_database

    db = open_database(https_app.config["DATABASE"])
    accounts.create_user(db, "psw@council.example", PASSWORD, "psw")
    db.close()
    client = https_app.test_client()
    form = client.get("/sign-in", base_url="https://healthcheck.council.example")
    assert form.headers["Strict-Transport-Security"] == "max-age=31536000"
    token = page(form).select_one("input[name=csrf_token]")["value"]
    # No Referer header: browsers send none under Referrer-Policy: no-referrer.
    response = client.post(
        "/sign-in",
        base_url="https://healthcheck.council.example",
        data={"email": "psw@council.example", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("0", False), ("", False)])
def test_https_setting_comes_from_the_environment(value, expected, tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHCHECK_HTTPS", value)
    assert settings.from_environment(tmp_path)["HTTPS"] is expected


def test_https_setting_that_is_not_a_yes_or_no_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHCHECK_HTTPS", "sometimes")
    with pytest.raises(settings.SettingsError, match="HEALTHCHECK_HTTPS must be 1"):
        settings.from_environment(tmp_path)
