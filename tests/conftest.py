"""Fixtures shared by every test: an app on a temporary database, clients signed in by
role, parsed pages, a live server and a Chromium browser driven by Playwright."""

import datetime
import os
import shutil
import threading

import pytest
from bs4 import BeautifulSoup
from werkzeug.serving import make_server

from healthcheck import accounts, create_app, cycles
from healthcheck.db import open_database
from healthcheck.survey import access_codes

PASSWORD = "a long test password"
TODAY = datetime.date.today()


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret key",
            "DATABASE": str(tmp_path / "test.sqlite"),
            "WTF_CSRF_ENABLED": False,
            "REPORTING_THRESHOLD": 5,
        }
    )
    yield app


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1, for this test only: .sink holds what it received."""
    from smtp_sink import LocalSMTPServer

    with LocalSMTPServer() as server:
        yield server


@pytest.fixture
def mail_app(app, smtp_server):
    """The app sending mail to the test's own SMTP server, with links to a known address."""
    app.config.update(
        SMTP_URL=smtp_server.url,
        MAIL_FROM="Principal social worker <psw@council.example>",
        BASE_URL="https://healthcheck.council.example",
    )
    return app


@pytest.fixture
def db(app):
    database = open_database(app.config["DATABASE"])
    yield database
    database.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def users(db):
    """One account per role, all with PASSWORD."""
    return {role: accounts.create_user(db, f"{role}@council.example", PASSWORD, role) for role in accounts.ROLES}


@pytest.fixture
def sign_in(app, users):
    """sign_in("psw") -> a test client signed in as that role."""

    def signed_in_client(role):
        client = app.test_client()
        user = users[role]
        with client.session_transaction() as session:
            session["user_id"] = user["id"]
            session["session_version"] = user["session_version"]
        return client

    return signed_in_client


def page(response) -> BeautifulSoup:
    """The response parsed as HTML, for assertions on what a person would see."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def make_cycle(db):
    """make_cycle(slug=..., status="open", teams=[(name, service, headcount)]) -> cycle row.

    Most tests answer through the open public link; public_link=False keeps a new cycle's
    default, single-use access codes."""

    def factory(slug="health-check-2026", status="draft", teams=None, threshold=5, name=None, public_link=True):
        cycle = cycles.create_cycle(
            db,
            {
                "name": name or slug.replace("-", " ").capitalize(),
                "slug": slug,
                "capture_date": TODAY - datetime.timedelta(days=30),
                # A draft opens by itself on its opening date, so a draft's is still to come;
                # other cycles were opened by hand a week ago.
                "opens_on": TODAY + datetime.timedelta(days=7 if status == "draft" else -7),
                "closes_on": TODAY + datetime.timedelta(days=21),
                "reporting_threshold": threshold,
            },
        )
        if public_link:
            access_codes.set_required(db, cycle, False)
        default_teams = [("Locality North", "Adults", 12), ("Front Door", "Children", 8)]
        for team_name, service, headcount in default_teams if teams is None else teams:
            cycles.add_team(db, cycle, {"name": team_name, "service_area": service, "headcount": headcount})
        if status in ("open", "closed"):
            cycle = cycles.open_cycle(db, cycle)
        if status == "closed":
            cycle = cycles.close_cycle(db, cycle)
        return cycle

    return factory


@pytest.fixture
def live_server(app):
    """The app served on a free localhost port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def playwright_browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed: browser tests need Debian's chromium package"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must run them).")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(playwright_browser):
    """A fresh browser tab (own cookies) for one test."""
    context = playwright_browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_no_axe_violations(tab):
    """Run axe-core (bundled, offline) for WCAG 2.2 AA on the current page; fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def sign_in_in_browser(tab, live_server, role="psw"):
    """Sign in through the sign-in page as that role's account, as a person would."""
    tab.goto(f"{live_server}/sign-in")
    tab.get_by_label("Email address").fill(f"{role}@council.example")
    tab.get_by_role("textbox", name="Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in", exact=True).click()
    tab.wait_for_url(f"{live_server}/admin/")


@pytest.fixture
def past_cycle(db):
    """Last year's cycle: a draft with its dates in the past, its survey never opened."""
    cycle = cycles.create_cycle(
        db,
        {
            "name": "Health check 2024",
            "slug": "health-check-2024",
            "capture_date": datetime.date(2024, 9, 30),
            "opens_on": datetime.date(2024, 10, 14),
            "closes_on": datetime.date(2024, 11, 8),
            "reporting_threshold": 3,
        },
    )
    for name, service in (("Locality North", "Adults"), ("Front Door", "Children")):
        cycles.add_team(db, cycle, {"name": name, "service_area": service, "headcount": 10})
    return cycles.get_cycle(db, "health-check-2024")
