"""The suggested-actions page: drafts are shown for the PSW to edit, keep or discard, and
nothing is saved until the PSW says which to keep."""

import datetime

import pytest
from conftest import page
from results_seed import released, seed_results

from healthcheck.actions import plan as actions

BASE = "/admin/cycles/health-check-2026"
PAGE = f"{BASE}/actions/suggested"
TARGET = datetime.date.today() + datetime.timedelta(days=120)


@pytest.fixture
def council(db, make_cycle):
    return seed_results(db, make_cycle)


def form_data(html, keep=()):
    """Every field as the page sent it, with the given drafts ticked and owner/date filled for them."""
    data = {
        field["name"]: field.get("value", "")
        for field in html.select("#suggestions-form input")
        if field.get("type") != "checkbox" and field.get("name") and "target_date" not in field["name"]
    }
    data.update({area["name"]: area.text for area in html.select("#suggestions-form textarea")})
    keys = {value: name.rsplit("-", 1)[0] for name, value in data.items() if name.endswith("-key")}
    for key in keep:
        prefix = keys[key]
        data[f"{prefix}-keep"] = "y"
        data[f"{prefix}-owner"] = "Head of Service"
        data[f"{prefix}-target_date"] = [str(TARGET.day), str(TARGET.month), str(TARGET.year)]
    return data, keys


def test_action_list_offers_suggestions_to_the_psw_only(sign_in, council):
    # Suggestions quote the results: the administrator, who may not read them, gets none.
    link = page(sign_in("psw").get(f"{BASE}/actions")).select_one("#suggest-actions")
    assert link["href"] == PAGE and link.text.strip() == "Suggest actions from the results"
    for role in ("admin", "viewer"):
        assert page(sign_in(role).get(f"{BASE}/actions")).select_one("#suggest-actions") is None


def test_drafts_are_shown_and_nothing_is_saved(sign_in, council, db):
    html = page(sign_in("psw").get(PAGE))
    assert html.select_one("h1").text.strip() == "Suggested actions"
    headings = [h2.text.strip() for h2 in html.select(".app-draft h2")]
    assert "Step 37 (standard 8)" in headings and "Standard 8: Effective partnerships" in headings
    draft = html.select_one("#draft-step-37")
    assert draft.select_one("textarea[name$=finding]").text == (
        "Step 37 scores 0 (Low). The organisation rates it as not in place."
    )
    assert "step 37" in draft.select_one("textarea[name$=action]").text
    assert draft.select_one("input[name$=owner]")["value"] == ""
    keep = draft.select_one("input[type=checkbox]")
    assert not keep.has_attr("checked")
    assert draft.select_one(f"label[for={keep['id']}]").text.strip() == "Keep the action for step 37 (standard 8)"
    assert db["actions"].count == 0


def test_keeping_drafts_adds_them_as_edited(sign_in, council, db):
    psw = sign_in("psw")
    html = page(psw.get(PAGE))
    data, keys = form_data(html, keep=("step-37", "standard-8"))
    data[f"{keys['step-37']}-finding"] = "No stakeholder feedback is gathered at all"
    response = psw.post(PAGE, data=data)
    assert response.status_code == 302 and response.location == f"{BASE}/actions"
    banner = page(psw.get(response.location)).select_one(".govuk-notification-banner").text
    assert "2 suggested actions added: A-001, A-002." in banner
    saved = {(a["standard"], a["step"]): a for a in actions.list_actions(db, council["id"])}
    assert set(saved) == {(8, None), (8, 37)}
    assert saved[8, 37]["finding"] == "No stakeholder feedback is gathered at all"
    assert saved[8, 37]["updated_by"] == "psw@council.example" and saved[8, 37]["status"] == "Not started"
    # kept drafts are not suggested again
    again = page(psw.get(PAGE))
    assert again.select_one("#draft-step-37") is None
    assert "Step 37 (standard 8)" in again.select_one("#covered").text


def test_sending_with_nothing_kept_saves_nothing_and_says_so(sign_in, council, db):
    psw = sign_in("psw")
    data, keys = form_data(page(psw.get(PAGE)))
    html = page(psw.post(PAGE, data=data))
    assert html.title.text.startswith("Error: ")
    link = html.select_one(".govuk-error-summary a")
    assert link.text.strip() == "Choose at least one suggested action to keep, or go back to the action plan"
    assert link["href"] == "#drafts-0-keep"
    assert db["actions"].count == 0


def test_a_kept_draft_needs_an_owner_and_date_and_keeps_what_was_typed(sign_in, council, db):
    psw = sign_in("psw")
    data, keys = form_data(page(psw.get(PAGE)), keep=("step-37", "step-36"))
    prefix = keys["step-37"]
    data[f"{prefix}-owner"] = ""
    data[f"{prefix}-target_date"] = ["31", "2", str(TARGET.year)]
    data[f"{prefix}-action"] = "Ask partners for feedback twice a year"
    # a discarded draft with nonsense in it is ignored
    other = keys["standard-8"]
    data[f"{other}-target_date"] = ["99", "99", "x"]
    html = page(psw.post(PAGE, data=data))
    assert html.title.text.startswith("Error: ")
    errors = {a["href"]: a.text.strip() for a in html.select(".govuk-error-summary a")}
    assert errors == {
        f"#{prefix}-owner": "Step 37 (standard 8): Enter the owner, a name or a role",
        f"#{prefix}-target_date": "Step 37 (standard 8): Target date must be a real date",
    }
    assert html.select_one(f"#{prefix}-action").text == "Ask partners for feedback twice a year"
    assert html.select_one(f"#{prefix}-keep").has_attr("checked")
    assert db["actions"].count == 0


def test_a_stale_page_saves_nothing(sign_in, council, db):
    psw = sign_in("psw")
    data, keys = form_data(page(psw.get(PAGE)), keep=("step-37",))
    actions.create_action(
        db,
        council,
        {
            "standard": 8,
            "step": 37,
            "finding": "",
            "action": "Agreed elsewhere",
            "owner": "Director",
            "lead": "",
            "target_date": TARGET,
            "status": "In progress",
            "progress": "On track",
        },
        "admin@council.example",
    )
    response = psw.post(PAGE, data=data)
    assert response.status_code == 302 and response.location == PAGE
    html = page(psw.get(PAGE))
    assert "Nothing was saved" in html.select_one(".govuk-error-summary").text
    assert db["actions"].count == 1


def test_nothing_to_suggest_says_why(db, sign_in, make_cycle):
    released(db, make_cycle(status="closed"))
    html = page(sign_in("psw").get(PAGE))
    assert html.select_one("#no-suggestions").text.strip() == (
        "No standard or step is in the Low band, so there is nothing to suggest."
    )
    assert html.select_one("#suggestions-form") is None


def test_only_editors_can_see_or_keep_suggestions(sign_in, council, client, db):
    viewer = sign_in("viewer")
    assert viewer.get(PAGE).status_code == 403
    assert viewer.post(PAGE, data={"drafts-0-key": "step-37", "drafts-0-keep": "y"}).status_code == 403
    assert sign_in("admin").get(PAGE).status_code == 403
    assert client.get(PAGE).status_code == 302
    assert sign_in("psw").get("/admin/cycles/no-such-cycle/actions/suggested").status_code == 404
    assert db["actions"].count == 0
