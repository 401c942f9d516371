"""Error pages look like the service and say in plain English what happened and what to
do; limits on what can be sent are refused with a clear message and change nothing."""

import io

import pytest
from conftest import assert_no_axe_violations, page
from flask import abort

from healthcheck import cycles
from healthcheck.web.errors import megabytes

SERVICE = "Social Work Health Check"


def assert_error_page(response, status, heading, message):
    assert response.status_code == status
    html = page(response)
    assert html.select_one("h1").text.strip() == heading
    assert html.title.text.strip() == f"{heading} – {SERVICE}"
    assert message in html.select_one("#error-message").text
    assert html.select_one(".govuk-service-navigation")  # the service's own layout
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    return html


def test_page_not_found(client):
    assert_error_page(
        client.get("/admin-typo"), 404, "Page not found", "If you typed the web address, check it is correct."
    )


def test_missing_cycle_is_page_not_found_for_staff(sign_in):
    assert_error_page(sign_in("psw").get("/admin/cycles/no-such-cycle"), 404, "Page not found", "check it is correct")


def test_viewer_is_told_they_do_not_have_permission(sign_in):
    assert_error_page(
        sign_in("viewer").get("/admin/cycles/new"),
        403,
        "You do not have permission to do this",
        "Your account cannot see this page or make this change.",
    )


def test_wrong_method_names_the_allowed_one(client):
    response = client.get("/sign-out")
    assert_error_page(response, 405, "This page cannot be opened that way", "use the button or link on the page")
    assert "POST" in response.headers["Allow"].split(", ")


def test_expired_form_says_what_to_do(app, sign_in, db):
    app.config["WTF_CSRF_ENABLED"] = True
    admin = sign_in("admin")
    admin.get("/admin/")
    response = admin.post("/admin/organisation", data={"name": "Northfield", "csrf_token": "stale"})
    assert_error_page(
        response,
        400,
        "Your form expired or was sent twice",
        "Your form expired or was sent twice. Go back, refresh the page and try again.",
    )
    assert cycles.organisation_name(db) == ""


def test_other_bad_requests_get_a_plain_page(app, client):
    @app.route("/broken-request")
    def broken_request():
        abort(400)

    assert_error_page(
        client.get("/broken-request"), 400, "Sorry, there is a problem with your request", "Go back and try again."
    )


def test_too_large_a_request_is_refused_and_changes_nothing(sign_in, db):
    big = io.BytesIO(b"x" * (10 * 1024 * 1024 + 1))
    response = sign_in("admin").post(
        "/admin/organisation", data={"name": "Northfield", "upload": (big, "workforce.csv")}
    )
    assert_error_page(
        response, 413, "Sorry, that was too much to send", "The file is too large. It must be smaller than 10 MB."
    )
    assert cycles.organisation_name(db) == ""


def test_size_limit_is_described_in_megabytes():
    assert megabytes(10 * 1024 * 1024) == "10 MB"
    assert megabytes(512 * 1024) == "512 KB"


def test_server_error_apologises_without_detail(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/crash")
    def crash():
        raise RuntimeError("secret internal detail")

    response = client.get("/crash")
    html = assert_error_page(response, 500, "Sorry, there is a problem with the service", "Try again later.")
    assert "secret internal detail" not in html.text
    assert "Traceback" not in html.text


@pytest.mark.browser
def test_error_pages_pass_accessibility_checks(app, live_server, browser_page):
    for path in ("/no-such-page", "/sign-out"):
        browser_page.goto(live_server + path)
        assert browser_page.locator("h1").count() == 1
        assert_no_axe_violations(browser_page)
