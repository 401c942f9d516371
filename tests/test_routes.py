"""Every route is deliberate: each one in the URL map is either on the public list below
or sends an anonymous visitor to sign in, and every route that changes something
refuses the read-only steering-group role and any form sent without its CSRF token.

A new route that is neither listed here nor guarded fails these tests. When a route
needs a URL value the `world` fixture lacks, add a real one there (a 404 proves nothing).
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import page

from healthcheck import cycles, publishing
from healthcheck.auth import sign_in_required
from healthcheck.db import open_database

# Open to anyone: practitioners never sign in, and staff need a way in.
PUBLIC_ENDPOINTS = {"auth.sign_in", "pages.healthz", "pages.index", "static", "govuk_assets"}
PUBLIC_PREFIXES = ("/survey/", "/published/")
STATIC_FILES = {"static", "govuk_assets"}
# State-changing routes open to every role that can sign in, with the reason.
ANY_STAFF_ROLE = {"auth.sign_out": "everyone who can sign in can sign out"}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def is_public(rule) -> bool:
    return rule.endpoint in PUBLIC_ENDPOINTS or rule.rule.startswith(PUBLIC_PREFIXES)


def routes(app):
    return [rule for rule in app.url_map.iter_rules() if not rule.build_only]


def methods_of(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


@pytest.fixture
def world(db, users, make_cycle):
    """Real objects behind every URL argument, so each URL reaches a real page."""
    draft = make_cycle(slug="health-check-2026", status="draft", teams=[("Locality North", "Adults", 12)])
    make_cycle(slug="health-check-2025", status="open", teams=[("Front Door", "Children", 8)])
    closed = make_cycle(slug="health-check-2024", status="closed", teams=[("Hospital Discharge", "Adults", 10)])
    publication, _ = publishing.save_publication(db, closed, "Caseloads and supervision.", "psw@council.example")
    team = cycles.teams_for(db, draft["id"])[0]
    # The organisation says step 37 is not in place: a Low step and standard, so actions can be suggested.
    db["organisation_answers"].insert({"cycle_id": draft["id"], "item_id": "O37", "answer": "not_in_place",
                                       "evidence": "", "updated_by": "psw@council.example", "updated_on": "2026-10-10"})
    return {
        "slug": draft["slug"],
        "team_id": team["id"],
        "user_id": users["psw"]["id"],
        "filename": "app.css",
        "token": publication["token"],
        "number": 3,
    }


def path_for(rule, values: dict) -> str:
    missing = rule.arguments - values.keys()
    assert not missing, (
        f"{rule.endpoint} ({rule.rule}): add a real value for {sorted(missing)} "
        "to the world fixture in tests/test_routes.py"
    )
    _, path = rule.build({name: values[name] for name in rule.arguments})
    return path


def snapshot(app) -> dict:
    """Every row of every table, to show a refused request changed nothing."""
    db = open_database(app.config["DATABASE"])
    try:
        return {
            table: db.execute(f"select * from [{table}] order by rowid").fetchall()
            for table in db.table_names()
        }
    finally:
        db.close()


def sends_to_sign_in(response, path: str | None) -> bool:
    if response.status_code != 302:
        return False
    target = urlsplit(response.location)
    if target.path != "/sign-in":
        return False
    return path is None or parse_qs(target.query).get("next") == [path]


def access_problems(app, world, anonymous, viewer) -> list[str]:
    """What is wrong with the guarding of every non-public route, in words."""
    problems = []
    for rule in routes(app):
        if is_public(rule):
            continue
        path = path_for(rule, world)
        for method in methods_of(rule):
            before = snapshot(app)
            response = anonymous.open(path, method=method)
            expected_next = path if method == "GET" or rule.endpoint not in ANY_STAFF_ROLE else None
            if not sends_to_sign_in(response, expected_next):
                problems.append(
                    f"{method} {path} ({rule.endpoint}): an anonymous visitor got "
                    f"{response.status_code}, not a redirect to sign in"
                )
            if response.headers.get("Cache-Control") != "no-store":
                problems.append(f"{method} {path} ({rule.endpoint}): no Cache-Control: no-store")
            if method in STATE_CHANGING and rule.endpoint not in ANY_STAFF_ROLE:
                response = viewer.open(path, method=method)
                if response.status_code != 403:
                    problems.append(
                        f"{method} {path} ({rule.endpoint}): a read-only viewer got "
                        f"{response.status_code}, not 403"
                    )
            if snapshot(app) != before:
                problems.append(f"{method} {path} ({rule.endpoint}): the refused request changed the database")
    return problems


def test_public_list_names_real_endpoints(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert PUBLIC_ENDPOINTS <= endpoints
    assert set(ANY_STAFF_ROLE) <= endpoints


def test_every_route_outside_the_public_list_is_guarded(app, world, client, sign_in):
    assert access_problems(app, world, client, sign_in("viewer")) == []


def test_a_new_unguarded_route_fails_the_check(app, world, client, sign_in):
    @app.route("/admin/leaky-report")
    def leaky_report():
        return "every team's figures"

    @app.route("/admin/half-guarded", methods=["POST"])
    @sign_in_required
    def half_guarded():
        return "changed"

    problems = access_problems(app, world, client, sign_in("viewer"))
    assert any("/admin/leaky-report" in problem and "anonymous" in problem for problem in problems)
    assert any("/admin/half-guarded" in problem and "viewer" in problem for problem in problems)
    assert len(problems) == 2, problems


def test_public_pages_are_never_cached(app, world, client):
    for rule in routes(app):
        if not is_public(rule) or rule.endpoint in STATIC_FILES or "GET" not in rule.methods:
            continue
        response = client.get(path_for(rule, world))
        assert response.status_code < 500, rule.rule
        assert response.headers["Cache-Control"] == "no-store", rule.rule


@dataclass(frozen=True)
class Sample:
    """Form data that, sent with its token, changes something; values override URL parts."""

    data: dict
    values: dict = field(default_factory=dict)
    role: str = "admin"  # who sends it, for forms only another role may send


FORM_SAMPLES = {
    "auth.sign_in": Sample({"email": "psw@council.example", "password": "not the password"}),
    "auth.sign_out": Sample({}),
    "admin.organisation": Sample({"name": "Northfield Borough Council"}),
    "admin.new_cycle": Sample({
        "name": "Health check 2027", "slug": "health-check-2027",
        "capture_date": ["30", "9", "2027"], "opens_on": ["1", "10", "2027"],
        "closes_on": ["30", "11", "2027"], "reporting_threshold": "5",
    }),
    "admin.edit_cycle": Sample({
        "name": "Health check 2026 (renamed)", "slug": "health-check-2026",
        "capture_date": ["30", "9", "2026"], "opens_on": ["1", "10", "2026"],
        "closes_on": ["30", "11", "2026"], "reporting_threshold": "6",
    }),
    "admin.open_cycle": Sample({}),
    "admin.close_cycle": Sample({}, {"slug": "health-check-2025"}),
    "admin.new_team": Sample({"name": "Hospital Discharge", "service_area": "Adults", "headcount": "14"}),
    "admin.edit_team": Sample({"name": "Locality North East", "service_area": "Adults", "headcount": "13"}),
    "admin.new_account": Sample({"email": "union.rep@council.example", "role": "viewer",
                                 "password": "twelve chars long"}),
    "admin.edit_account": Sample({"role": "viewer", "active": "yes"}),
    "admin.publication": Sample({"themes": "Caseloads came down; supervision is still patchy."},
                                {"slug": "health-check-2024"}, role="psw"),
    "admin.withdraw_publication": Sample({}, {"slug": "health-check-2024"}, role="psw"),
    "admin.benchmark_authority": Sample({"authority": "Leeds"}),
    "admin.suggested_actions": Sample({
        "drafts-0-key": "standard-8", "drafts-0-keep": "y", "drafts-0-action": "Ask partners for feedback",
        "drafts-0-owner": "Head of Service", "drafts-0-target_date": ["31", "3", "2027"],
    }),
}


def post_routes(app):
    return [rule for rule in routes(app) if "POST" in rule.methods]


def csrf_clients(app, client, sign_in, role="admin"):
    """An anonymous client and a staff member (an administrator unless said), each holding a
    CSRF secret in its session."""
    app.config["WTF_CSRF_ENABLED"] = True
    staff = sign_in(role)
    staff.get("/admin/")
    client.get("/sign-in")
    return client, staff


def test_every_form_refuses_a_post_without_its_token(app, world, client, sign_in):
    anonymous, admin = csrf_clients(app, client, sign_in)
    problems = []
    for rule in post_routes(app):
        sample = FORM_SAMPLES.get(rule.endpoint, Sample({}))
        path = path_for(rule, {**world, **sample.values})
        before = snapshot(app)
        response = (anonymous if is_public(rule) else admin).post(path, data=sample.data)
        if response.status_code != 400:
            problems.append(f"POST {path} ({rule.endpoint}) without a token got {response.status_code}")
        elif "Your form expired or was sent twice" not in page(response).text:
            problems.append(f"POST {path} ({rule.endpoint}): no plain-English message")
        if snapshot(app) != before:
            problems.append(f"POST {path} ({rule.endpoint}) without a token changed the database")
    assert problems == []
    assert len(post_routes(app)) >= len(FORM_SAMPLES)


@pytest.mark.parametrize("endpoint", sorted(FORM_SAMPLES))
def test_the_same_form_with_its_token_does_change_something(endpoint, app, world, client, sign_in):
    """The refused posts above were real changes: with the token each one goes through."""
    sample = FORM_SAMPLES[endpoint]
    anonymous, staff = csrf_clients(app, client, sign_in, sample.role)
    rule = next(rule for rule in post_routes(app) if rule.endpoint == endpoint)
    sender = anonymous if is_public(rule) else staff
    token = page(sender.get("/sign-in" if sender is anonymous else "/admin/")).select_one(
        "input[name=csrf_token]")["value"]
    before = snapshot(app)
    response = sender.post(path_for(rule, {**world, **sample.values}),
                           data={**sample.data, "csrf_token": token})
    assert response.status_code in (200, 302)
    assert snapshot(app) != before
