"""Every route is deliberate: each one in the URL map is either on the public list below
or sends an anonymous visitor to sign in, and every route that changes something
refuses the read-only steering-group role and any form sent without its CSRF token.

A new route that is neither listed here nor guarded fails these tests. When a route
needs a URL value the `world` fixture lacks, add a real one there (a 404 proves nothing).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from conftest import PASSWORD, page
from sfc_workbook import sfc_workbook
from survey_helpers import valid_answers

from healthcheck import accounts, cycles
from healthcheck.actions import plan as actions
from healthcheck.comments import review
from healthcheck.db import open_database
from healthcheck.publishing import summaries as publishing
from healthcheck.results import compute as results
from healthcheck.survey import invitations, mail
from healthcheck.survey.store import Response, store_response
from healthcheck.uploads import waiting
from healthcheck.web.auth import sign_in_required
from healthcheck.workbook import build as workbook
from healthcheck.workbook import importing as workbook_import

# Open to anyone: practitioners never sign in, and staff need a way in.
# A reset link's page is guarded by the one-time token in its address.
PUBLIC_ENDPOINTS = {"auth.sign_in", "auth.signed_out", "auth.reset_password", "pages.healthz", "pages.index", "static"}
PUBLIC_PREFIXES = ("/survey/", "/published/")
STATIC_FILES = {"static"}
# State-changing routes open to every role that can sign in, with the reason.
ANY_STAFF_ROLE = {
    "auth.sign_out": "everyone who can sign in can sign out",
    "auth.change_password": "everyone who can sign in can change their own password",
}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# The cycle taking answers, for survey forms that change something only while it is open.
OPEN = "health-check-2025"
ACTION = {
    "standard": 5,
    "step": 8,
    "finding": "Supervision frequency scores 38 (Low)",
    "action": "Book monthly supervision for every practitioner",
    "owner": "Head of Service, Adults",
    "lead": "Team managers",
    "target_date": "2027-03-31",
    "status": "In progress",
    "progress": "At risk",
}
WORKFORCE_CSV = b"team,inpost_fte,vacancy_fte\nLocality North,10,2\n"
STAFF_CSV = b"email,team\nnew.person@council.example,Locality North\n"


def is_public(rule) -> bool:
    return rule.endpoint in PUBLIC_ENDPOINTS or rule.rule.startswith(PUBLIC_PREFIXES)


def routes(app):
    return [rule for rule in app.url_map.iter_rules() if not rule.build_only]


def methods_of(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def edited_action_plan(db, cycle) -> bytes:
    """The cycle's action-plan workbook as the steering group hands it back: A-001 finished."""
    book = openpyxl.load_workbook(
        io.BytesIO(workbook.workbook_bytes(workbook.build_workbook(db, cycle, generated_by="psw@council.example")))
    )
    sheet = book["Action plan"]
    assert sheet["A2"].value == "A-001"
    sheet["I2"] = "Complete"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def world(app, db, users, make_cycle, smtp_server):
    """Real objects behind every URL argument, so each URL reaches a real page."""
    draft = make_cycle(slug="health-check-2026", status="draft", teams=[("Locality North", "Adults", 12)])
    survey = make_cycle(slug=OPEN, status="open", teams=[("Front Door", "Children", 8)])
    closed = make_cycle(
        slug="health-check-2024", status="closed", teams=[("Hospital Discharge", "Adults", 10)], public_link=False
    )
    # Closed and not released: it can reopen, or have its results released.
    make_cycle(slug="health-check-2023", status="closed", teams=[("Children in Care", "Children", 9)])
    team = cycles.teams_for(db, draft["id"])[0]
    # The organisation says step 37 is not in place: a Low step and standard, so actions can be suggested.
    for cycle in (draft, closed):
        db["organisation_answers"].insert(
            {
                "cycle_id": cycle["id"],
                "item_id": "O37",
                "answer": "not_in_place",
                "evidence": "",
                "updated_by": "psw@council.example",
                "updated_on": "2026-10-10",
            }
        )
    closed = results.release_results(db, closed, "psw@council.example")
    publication, _ = publishing.save_publication(db, closed, "Caseloads and supervision.", "psw@council.example")
    # Changed main themes, previewed and waiting to be published.
    publishing.save_draft_themes(db, cycles.get_cycle(db, closed["slug"]), "Caseloads came down.")
    action = actions.create_action(db, draft, ACTION, "psw@council.example")
    # An unfinished action last cycle, for carrying over.
    actions.create_action(db, survey, {**ACTION, "action": "Agree a caseload weighting tool"}, "psw@council.example")
    plan = edited_action_plan(db, draft)
    upload = waiting.keep(db, draft, waiting.ACTION_PLAN, plan, "plan.xlsx", "psw@council.example")
    # Email invitations: a list waiting to be confirmed in the draft, and in the open survey one
    # person already sent their link (to follow) and one still to be sent.
    staff_list = waiting.keep(db, draft, "invitations", STAFF_CSV, "staff.csv", "psw@council.example")
    app.config.update(SMTP_URL=smtp_server.url, MAIL_FROM="psw@council.example", BASE_URL="http://localhost")
    front_door = cycles.teams_for(db, survey["id"])[0]["id"]
    invitations.add(db, survey, [("first.person@council.example", front_door)])
    with mail.Mailer(mail.settings_from(smtp_server.url, "psw@council.example")) as mailer:
        invitations.send_batch(
            db, survey, invitations.INVITATION, mailer, app.config["SECRET_KEY"], "http://localhost", ""
        )
    invitation_link = smtp_server.sink.link(smtp_server.sink.messages[-1])
    invitations.add(db, survey, [("second.person@council.example", front_door)])
    # A comment that names someone, waiting for the principal social worker's review once the
    # survey has closed.
    reviewing = make_cycle(slug="health-check-2022", status="closed", teams=[("Duty", "Children", 7)])
    store_response(db, reviewing, cycles.cycle_bank(reviewing), Response(comments={3: "My manager Sarah Jenkins"}))
    flagged_comment = review.comments_to_review(db, reviewing)[0].key
    return {
        "slug": draft["slug"],
        "team_id": team["id"],
        "team_slug": team["slug"],
        "user_id": users["psw"]["id"],
        "filename": "app.css",
        "token": publication["token"],
        "number": 3,
        "reference": action["reference"],
        "kind": "xlsx",
        "chart": "standards",
        "image_format": "png",
        # Not URL parts: what some forms send, and the action-plan upload's token.
        "upload_token": upload,
        "flagged_comment": flagged_comment,
        "action_plan": plan,
        "digest": workbook_import.read_upload(db, draft, plan, "plan.xlsx").digest(),
        "survey_cycle": survey,
        "invitations_token": staff_list,
        "invitation_token": invitation_link.rsplit("/", 1)[1],
        "draft_cycle": draft,
        "reset_token": accounts.create_reset_link_token(db, users["viewer"]["id"]),
        "teams_token": waiting.keep(db, draft, waiting.TEAMS, b"Care Leavers, Children, 6", "pasted lines", "psw"),
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
    """Every row of every table, and every file kept beside the database (uploads waiting
    for confirmation), to show a refused request changed nothing."""
    database = Path(app.config["DATABASE"])
    db = open_database(str(database))
    try:
        state = {table: db.execute(f"select * from [{table}] order by rowid").fetchall() for table in db.table_names()}
    finally:
        db.close()
    own = {database.name, database.name + "-wal", database.name + "-shm"}
    state["files beside the database"] = {
        str(path.relative_to(database.parent)): path.read_bytes()
        for path in sorted(database.parent.rglob("*"))
        if path.is_file() and path.name not in own
    }
    return state


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
                        f"{method} {path} ({rule.endpoint}): a read-only viewer got {response.status_code}, not 403"
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


def form_token(client, path: str) -> str:
    return page(client.get(path)).select_one("input[name=csrf_token]")["value"]


def start_survey(client, world, token) -> dict:
    response = client.post(f"/survey/{OPEN}", data={"csrf_token": token})
    assert response.status_code == 302, response.status_code
    return {}


def answer_every_page(client, world, token) -> dict:
    start_survey(client, world, token)
    about = {"action": "continue", "role_group": "social_worker", "csrf_token": token}
    assert client.post(f"/survey/{OPEN}/about-you", data=about).status_code == 302
    bank = cycles.cycle_bank(world["survey_cycle"])
    for standard in bank.standards:
        data = {**valid_answers(bank, standard.number), "csrf_token": token}
        assert client.post(f"/survey/{OPEN}/standard/{standard.number}", data=data).status_code == 302
    return {}


def page_answers(client, world, token) -> dict:
    """Right answers for the standard's page the world's number names."""
    start_survey(client, world, token)
    return valid_answers(cycles.cycle_bank(world["survey_cycle"]), world["number"])


def saved_for_later(client, world, token) -> dict:
    """A draft saved with a resume code, then the session forgotten, as on another device."""
    start_survey(client, world, token)
    assert client.post(f"/survey/{OPEN}/save", data={"csrf_token": token}).status_code == 302
    code = page(client.get(f"/survey/{OPEN}/saved")).select_one("#resume-code").text
    with client.session_transaction() as session:
        session.pop("survey_drafts")
    return {"resume_code": code}


def workforce_figures(world) -> dict:
    return {"file": (io.BytesIO(WORKFORCE_CSV), "figures.csv")}


def uploaded_figures(client, world, token) -> dict:
    response = client.post(
        f"/admin/cycles/{world['slug']}/workforce/upload", data={**workforce_figures(world), "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    return {}


def checked_figures(client, world, token) -> dict:
    uploaded_figures(client, world, token)
    check = page(client.get(f"/admin/cycles/{world['slug']}/workforce/upload/check"))
    return {"fingerprint": check.select_one("input[name=fingerprint]")["value"]}


ANSWERS_CSV = b"29a,30a\nagree,agree\n"


def earlier_answers(world) -> dict:
    return {"file": (io.BytesIO(ANSWERS_CSV), "answers.csv")}


def mapped_answers(client, world, token) -> dict:
    response = client.post(f"/admin/cycles/{OPEN}/answers/import", data={**earlier_answers(world), "csrf_token": token})
    assert response.status_code == 302, response.status_code
    mapping_page = page(client.get(response.location))
    chosen = {
        select["name"]: select.select_one("option[selected]")["value"] for select in mapping_page.select("form select")
    }
    return {**chosen, "action": "import"}


@dataclass(frozen=True)
class Sample:
    """Form data that, sent with its token, changes something; values override URL parts.

    `data` may be a function of the world (for uploads, read once per post). `prepare`
    runs first, with a valid token, to reach the form (start a survey, upload a file);
    it returns more form data. Only the post after it is checked.
    """

    data: dict | Callable = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    prepare: Callable | None = None
    role: str = "admin"  # who sends it, for forms only another role may send
    # URL parts that come from the world, such as an upload's token.
    world_values: Callable | None = None

    def form(self, sender, world, token) -> dict:
        extra = self.prepare(sender, world, token) if self.prepare else {}
        data = self.data(world) if callable(self.data) else dict(self.data)
        return {**data, **extra}

    def url_values(self, world) -> dict:
        return {**world, **self.values, **(self.world_values(world) if self.world_values else {})}


SURVEY = {"slug": OPEN, "team_slug": "front-door"}


def the_upload(world) -> dict:
    """The action-plan upload waiting for confirmation (the world's "token" is a publication's)."""
    return {"token": world["upload_token"]}


FORM_SAMPLES = {
    "auth.sign_in": Sample({"email": "psw@council.example", "password": "not the password"}),
    "auth.sign_out": Sample({}),
    "auth.change_password": Sample({"current_password": PASSWORD, "new_password": "a new long password"}),
    "auth.reset_password": Sample(
        {"password": "a new long password"}, world_values=lambda world: {"token": world["reset_token"]}
    ),
    "admin.reset_account_password": Sample({"how": "password"}),
    "admin.organisation": Sample({"name": "Northfield Borough Council"}),
    "admin.new_cycle": Sample(
        {
            "name": "Health check 2027",
            "slug": "health-check-2027",
            "capture_date": ["30", "9", "2027"],
            "opens_on": ["1", "10", "2027"],
            "closes_on": ["30", "11", "2027"],
            "reporting_threshold": "5",
        }
    ),
    "admin.edit_cycle": Sample(
        {
            "name": "Health check 2026 (renamed)",
            "slug": "health-check-2026",
            "capture_date": ["30", "9", "2026"],
            "opens_on": ["1", "10", "2027"],
            "closes_on": ["30", "11", "2027"],
            "reporting_threshold": "6",
        }
    ),
    "admin.open_cycle": Sample({}),
    "admin.close_cycle": Sample({"confirm": "y"}, SURVEY),
    "admin.reopen_cycle": Sample({}, {"slug": "health-check-2023"}),
    "admin.release_results": Sample({}, {"slug": "health-check-2023"}, role="psw"),
    "admin.review_comments": Sample(
        lambda world: {"action": "decide", "comment": world["flagged_comment"], "decision": "kept"},
        {"slug": "health-check-2022"},
        role="psw",
    ),
    "admin.add_many_teams": Sample({"teams": "Care Leavers, Children, 6\nFostering, Children, 9"}),
    "admin.check_many_teams": Sample({}, world_values=lambda world: {"token": world["teams_token"]}),
    "admin.remove_team": Sample({}),
    "admin.new_team": Sample({"name": "Hospital Discharge", "service_area": "Adults", "headcount": "14"}),
    "admin.edit_team": Sample({"name": "Locality North East", "service_area": "Adults", "headcount": "13"}),
    "admin.new_account": Sample(
        {"email": "union.rep@council.example", "role": "viewer", "password": "twelve chars long"}
    ),
    "admin.edit_account": Sample({"role": "viewer", "active": "yes"}),
    "admin.access_code_option": Sample({"required": "yes"}),
    # Only a cycle that needs codes (the default) has a public link to turn on.
    "admin.public_link": Sample({"understood": "y"}, {"slug": "health-check-2024"}),
    "admin.generate_access_codes": Sample({"how_many": "3"}),
    "admin.new_action": Sample(
        {
            "standard": "3",
            "step": "",
            "finding": "",
            "action": "Agree a caseload weighting tool",
            "owner": "Assistant Director",
            "lead": "",
            "target_date": ["31", "3", "2027"],
            "status": "Not started",
            "progress": "On track",
        }
    ),
    "admin.edit_action": Sample(
        {
            "standard": "5",
            "step": "8",
            "finding": ACTION["finding"],
            "action": ACTION["action"],
            "owner": ACTION["owner"],
            "lead": ACTION["lead"],
            "target_date": ["31", "3", "2027"],
            "status": "Complete",
            "progress": "On track",
        }
    ),
    "admin.add_action_note": Sample({"text": "Half the teams have booked monthly supervision"}),
    "admin.carry_over_actions": Sample({"source": OPEN}),
    "admin.import_action_plan": Sample(lambda world: {"workbook": (io.BytesIO(world["action_plan"]), "plan.xlsx")}),
    "admin.preview_action_plan": Sample(lambda world: {"digest": world["digest"]}, world_values=the_upload),
    "admin.discard_action_plan": Sample({}, world_values=the_upload),
    "admin.organisation_view_save": Sample(
        {"O15_answer": "working_well", "O15_evidence": "The escalation procedure", "O15_link": ""}
    ),
    "admin.workforce_definitions": Sample(
        {"case_definition": "A family counts as one case", "long_term_absence_definition": "Away for 4 weeks or more"}
    ),
    "admin.answers_upload": Sample(earlier_answers),
    "admin.answers_mapping": Sample(values=SURVEY, prepare=mapped_answers),
    "admin.workforce_upload": Sample(workforce_figures),
    "admin.workforce_check": Sample(prepare=checked_figures),
    "admin.workforce_cancel": Sample(prepare=uploaded_figures),
    "admin.workforce_team_edit": Sample({"inpost_fte": "10", "vacancy_fte": "2"}),
    "survey.start": Sample({}, SURVEY),
    "survey_link": Sample({}, SURVEY),
    "survey.about_you": Sample({"action": "continue", "role_group": "social_worker"}, SURVEY, start_survey),
    "survey.standard": Sample({"action": "continue"}, SURVEY, page_answers),
    "survey.save": Sample({}, SURVEY, start_survey),
    "survey.check_answers": Sample({}, SURVEY, answer_every_page),
    "survey.resume": Sample({}, SURVEY, saved_for_later),
    "admin.publication": Sample(
        {"themes": "Caseloads came down; supervision is still patchy."}, {"slug": "health-check-2024"}, role="psw"
    ),
    "admin.withdraw_publication": Sample({}, {"slug": "health-check-2024"}, role="psw"),
    "admin.release_publication": Sample({}, {"slug": "health-check-2024"}, role="psw"),
    "admin.public_action": Sample(
        {"in_summary": "yes", "public_said": "You told us supervision is cancelled.", "public_wording": "Booked."},
        role="psw",
    ),
    "admin.benchmark_authority": Sample({"authority": "Leeds"}),
    "admin.paste_invitations": Sample({"team": "Locality North", "addresses": "pasted.person@council.example"}),
    "admin.upload_invitations": Sample(lambda world: {"file": (io.BytesIO(STAFF_CSV), "staff.csv")}),
    "admin.confirm_invitations": Sample(lambda world: {"token": world["invitations_token"]}),
    "admin.save_invitation_messages": Sample(
        lambda world: {
            f"{kind}_{part}": text + (" Thank you." if part == "body" else "")
            for kind in (invitations.INVITATION, invitations.REMINDER)
            for part, text in invitations.default_text(world["draft_cycle"], kind).items()
        }
    ),
    "admin.send_invitations": Sample({}, {"slug": OPEN, "kind": invitations.INVITATION}),
    "survey.invitation": Sample({}, {"slug": OPEN}, world_values=lambda world: {"token": world["invitation_token"]}),
    "admin.report_scores_page": Sample(
        {"source": "LGA national health check 2023", "score_1": "60"}, {"slug": "health-check-2023"}
    ),
    "admin.benchmark_service_areas": Sample({"area_1": "adults"}),
    "admin.benchmark_adults_upload": Sample(lambda world: {"file": (io.BytesIO(sfc_workbook()), "la-data.xlsx")}),
    "admin.suggested_actions": Sample(
        {
            "drafts-0-key": "standard-8",
            "drafts-0-keep": "y",
            "drafts-0-action": "Ask partners for feedback",
            "drafts-0-owner": "Head of Service",
            "drafts-0-target_date": ["31", "3", "2027"],
        },
        {"slug": "health-check-2024"},  # suggestions come from released results
        role="psw",
    ),
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


def test_every_form_has_a_sample(app):
    """So the two tests below cover every form: a new POST route needs its entry here."""
    missing = sorted({rule.endpoint for rule in post_routes(app)} - set(FORM_SAMPLES))
    assert missing == [], f"add these to FORM_SAMPLES in tests/test_routes.py: {missing}"


def test_every_form_refuses_a_post_without_its_token(app, world, client, sign_in):
    anonymous, admin = csrf_clients(app, client, sign_in)
    tokens = {anonymous: form_token(anonymous, "/sign-in"), admin: form_token(admin, "/admin/")}
    problems = []
    for rule in post_routes(app):
        sample = FORM_SAMPLES.get(rule.endpoint, Sample({}))
        path = path_for(rule, sample.url_values(world))
        sender = anonymous if is_public(rule) else admin
        data = sample.form(sender, world, tokens[sender])
        before = snapshot(app)
        response = sender.post(path, data=data)
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
    token = form_token(sender, "/sign-in" if sender is anonymous else "/admin/")
    data = sample.form(sender, world, token)
    before = snapshot(app)
    response = sender.post(path_for(rule, sample.url_values(world)), data={**data, "csrf_token": token})
    assert response.status_code in (200, 302)
    assert snapshot(app) != before
