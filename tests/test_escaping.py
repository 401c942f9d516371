"""Whatever staff type (cycle and team names, the organisation's name, email addresses)
is stored as typed and shown as plain text on every page that displays it: never as
markup, script or template code, and without direction controls that reverse text."""

import pytest
from conftest import page
from payloads import PAYLOADS, Payload, assert_page_is_inert, assert_shown_inertly

from healthcheck import accounts, cycles
from healthcheck.formatting import inert_text

CYCLE = {
    "slug": "payload-cycle",
    "capture_date": ["30", "9", "2026"],
    "opens_on": ["1", "10", "2027"],
    "closes_on": ["30", "11", "2027"],
    "reporting_threshold": "5",
}


def test_cycle_and_team_names_are_shown_inertly(sign_in, db):
    psw = sign_in("psw")
    for number, payload in enumerate(PAYLOADS):
        slug = f"payload-{number}"
        created = psw.post(
            "/admin/cycles/new", data={**CYCLE, "slug": slug, "name": payload.text}, follow_redirects=True
        )
        assert_shown_inertly(created, payload)  # the confirmation and the cycle's page
        cycle = cycles.get_cycle(db, slug)
        assert cycle["name"] == payload.text  # stored as typed
        added = psw.post(
            f"/admin/cycles/{slug}/teams/new",
            data={"name": payload.text, "service_area": "Adults", "headcount": "9"},
            follow_redirects=True,
        )
        assert_shown_inertly(added, payload)
        team = cycles.teams_for(db, cycle["id"])[0]
        assert team["name"] == payload.text
        for path in (
            f"/admin/cycles/{slug}",
            f"/admin/cycles/{slug}/edit",
            f"/admin/cycles/{slug}/teams/{team['id']}/edit",
        ):
            response = psw.get(path)
            assert response.status_code == 200
            assert_shown_inertly(response, payload)
        cycle_form = page(psw.get(f"/admin/cycles/{slug}/edit"))
        assert cycle_form.select_one("input#name")["value"] == payload.shown, payload.name
        team_form = page(psw.get(f"/admin/cycles/{slug}/teams/{team['id']}/edit"))
        assert team_form.select_one("input#name")["value"] == payload.shown, payload.name
    dashboard = psw.get("/admin/")
    for payload in PAYLOADS:
        assert_shown_inertly(dashboard, payload)


def test_organisation_name_is_shown_inertly(sign_in, db):
    admin = sign_in("admin")
    for payload in PAYLOADS:
        admin.post("/admin/organisation", data={"name": payload.text})
        assert cycles.organisation_name(db) == payload.text
        assert_shown_inertly(admin.get("/admin/"), payload)
        form = admin.get("/admin/organisation")
        assert_page_is_inert(form.get_data(as_text=True))
        assert page(form).select_one("input#name")["value"] == payload.shown, payload.name


def test_account_emails_are_shown_inertly(app, sign_in, db):
    admin = sign_in("admin")
    for payload in (p.as_email() for p in PAYLOADS):
        created = admin.post(
            "/admin/accounts/new",
            data={"email": payload.text, "role": "viewer", "password": "twelve chars long"},
            follow_redirects=True,
        )
        assert_shown_inertly(created, payload)
        user = accounts.find_user(db, payload.text)
        assert user["email"] == payload.text
        assert_shown_inertly(admin.get(f"/admin/accounts/{user['id']}/edit"), payload)
        # The person's own "Signed in as" line.
        own = app.test_client()
        with own.session_transaction() as session:
            session["user_id"] = user["id"]
            session["session_version"] = user["session_version"]
        assert_shown_inertly(own.get("/admin/"), payload)
    listing = admin.get("/admin/accounts")
    for payload in (p.as_email() for p in PAYLOADS):
        assert_shown_inertly(listing, payload)


def test_the_inertness_check_would_catch_raw_markup():
    """The checks above would fail if a page printed typed text as markup."""

    class Raw:
        def __init__(self, html):
            self.html = html

        def get_data(self, as_text):
            return self.html

    script = next(p for p in PAYLOADS if p.name == "script")
    with pytest.raises(AssertionError):
        assert_shown_inertly(Raw(f"<html><body><h1>{script.text}</h1></body></html>"), script)
    override = next(p for p in PAYLOADS if p.name == "direction override")
    with pytest.raises(AssertionError):
        assert_shown_inertly(Raw(f"<html><body><h1>{override.text}</h1></body></html>"), override)
    html = next(p for p in PAYLOADS if p.name == "html")
    with pytest.raises(AssertionError):
        assert_shown_inertly(Raw(f"<html><body><h1>{html.text}</h1></body></html>"), html)


def test_inert_text_removes_only_direction_controls():
    from markupsafe import Markup

    assert inert_text("Adults \u202egnissim\u202c team") == "Adults gnissim team"
    assert inert_text("تقييم الصحة") == "تقييم الصحة"  # right-to-left text needs no controls
    assert inert_text("caf\u00e9 \u2066x\u2069") == "caf\u00e9 x"
    kept = inert_text(Markup("<b>\u202eours</b>"))
    assert isinstance(kept, Markup) and kept == Markup("<b>ours</b>")
    assert inert_text(None) is None and inert_text(12) == 12


def test_payload_list_covers_every_kind_of_attack():
    names = " ".join(payload.name for payload in PAYLOADS)
    for kind in ("html", "script", "template", "direction", "formula"):
        assert kind in names
    assert {p.text[0] for p in PAYLOADS if p.starts_a_formula} == {"=", "+", "-", "@"}
    assert Payload("x", "=1+1").exported_safely_to_csv("'=1+1")
    assert not Payload("x", "=1+1").exported_safely_to_csv("=1+1")
