"""Free text from everyone (practitioners' comments and free-text answers, team and cycle
names, actions and their notes, the organisation's evidence, workforce definitions, a
published summary's themes) is shown inertly on every page that shows it and in every
export: never markup, script, template code or text made to read backwards on a page, and
never a formula in a spreadsheet."""

import csv
import io
import json

import openpyxl
import pytest
from conftest import page
from payloads import FORMULA_STARTERS, PAYLOADS, RLO, Payload, assert_page_is_inert, assert_shown_inertly
from results_seed import released

from healthcheck import cycles, workforce
from healthcheck.actions import plan as actions
from healthcheck.organisation_view import Entry, save_answers
from healthcheck.survey.store import Response, store_response

SLUG = "payload-check"
BASE = f"/admin/cycles/{SLUG}"
CYCLE = Payload("cycle name", f'=HYPERLINK("http://evil.example","x") <script>alert(1)</script> {{{{7*7}}}} {RLO}cycle')
THRESHOLD = 3


def action_values(payload: Payload, standard: int) -> dict:
    return {
        "standard": standard,
        "step": None,
        "finding": payload.text,
        "action": payload.text,
        "owner": payload.text,
        "lead": payload.text,
        "target_date": "2027-03-31",
        "status": "In progress",
        "progress": "At risk",
    }


@pytest.fixture
def hostile(db, make_cycle):
    """A cycle whose every piece of free text is a payload: its name, a team per payload
    (three respondents each, so every team is shown), their comments and free-text answers,
    an action per payload with a note, the organisation's evidence and the definitions."""
    cycle = make_cycle(
        slug=SLUG,
        status="open",
        threshold=THRESHOLD,
        name=CYCLE.text,
        teams=[(payload.text, "Adults", 9) for payload in PAYLOADS],
    )
    bank = cycles.cycle_bank(cycle)
    teams = cycles.teams_for(db, cycle["id"])
    by_name = {team["name"]: team for team in teams}
    scored = [item for item in bank.items if item.type == "agreement"]
    for payload in PAYLOADS:
        for _ in range(THRESHOLD):
            store_response(
                db,
                cycle,
                bank,
                Response(
                    team_id=by_name[payload.text]["id"],
                    role_group="social_worker",
                    answers={**{item.id: "agree" for item in scored}, "10c": payload.text},
                    comments={3: payload.text},
                ),
            )
    for number, payload in enumerate(PAYLOADS):
        action = actions.create_action(db, cycle, action_values(payload, 1 + number % 8), "psw@council.example")
        actions.add_note(db, action, payload.text, "psw@council.example")
    items = bank.organisation_items
    save_answers(
        db,
        cycle,
        items,
        {item.id: Entry("needs_improvement", PAYLOADS[n % len(PAYLOADS)].text) for n, item in enumerate(items)},
        "psw@council.example",
    )
    workforce.save_definitions(
        db, cycle, {"case_definition": PAYLOADS[1].text, "long_term_absence_definition": PAYLOADS[10].text}
    )
    workforce.import_file(
        db,
        cycle,
        "figures.csv",
        b"team,inpost_fte,vacancy_fte\n"
        + b"".join(f'"{team["name"].replace(chr(34), chr(34) * 2)}",8,1\n'.encode() for team in teams),
    )
    return cycles.get_cycle(db, SLUG)


@pytest.fixture
def hostile_released(db, hostile):
    """The hostile cycle closed and its results released, every comment labelled with its team
    (the comment threshold at the reporting threshold), so every label is shown as typed."""
    db["cycles"].update(hostile["id"], {"comment_threshold": THRESHOLD})
    return released(db, cycles.get_cycle(db, SLUG))


def shown_inertly(response, payloads):
    assert response.status_code == 200
    for payload in payloads:
        assert_shown_inertly(response, payload)


def test_results_pages_show_comments_answers_and_names_inertly(sign_in, hostile_released):
    viewer = sign_in("viewer")
    shown_inertly(viewer.get(f"{BASE}/results/comments"), [*PAYLOADS, CYCLE])
    shown_inertly(viewer.get(f"{BASE}/results/standards/3"), PAYLOADS)  # the comments on standard 3
    shown_inertly(viewer.get(f"{BASE}/results/standards/8"), PAYLOADS)  # the free-text answers to 10c
    shown_inertly(viewer.get(f"{BASE}/results/heatmap?by=team"), [*PAYLOADS, CYCLE])
    shown_inertly(viewer.get(f"{BASE}/results"), [CYCLE])


def test_the_organisations_evidence_is_shown_inertly(sign_in, db, hostile_released):
    bank = cycles.cycle_bank(hostile_released)
    payload_of = {item.id: PAYLOADS[n % len(PAYLOADS)] for n, item in enumerate(bank.organisation_items)}
    for standard in bank.standards:
        items = bank.organisation_items_for(standard.number)
        if not items:
            continue
        expected = [payload_of[item.id] for item in items]
        for role in ("psw", "viewer"):  # the form's boxes, and the read-only answers
            shown_inertly(sign_in(role).get(f"{BASE}/organisation-view/standard-{standard.number}"), expected)
        shown_inertly(sign_in("psw").get(f"{BASE}/results/standards/{standard.number}"), expected)


def test_actions_and_notes_are_shown_inertly_on_every_action_page(sign_in, db, hostile):
    psw = sign_in("psw")
    shown_inertly(psw.get(f"{BASE}/actions"), PAYLOADS)
    for number, payload in enumerate(PAYLOADS, start=1):
        shown_inertly(psw.get(f"{BASE}/actions/A-{number:03d}"), [payload])
        form = psw.get(f"{BASE}/actions/A-{number:03d}/edit")
        shown_inertly(form, [payload])  # the finding and action boxes
        html = page(form)
        assert html.select_one("input#owner")["value"] == payload.shown
        assert html.select_one("input#lead")["value"] == payload.shown


def test_an_uploaded_action_plan_is_previewed_inertly(sign_in, db, hostile):
    psw = sign_in("psw")
    book = openpyxl.load_workbook(io.BytesIO(psw.get(f"{BASE}/action-plan.xlsx").data))
    sheet = book["Action plan"]
    for row, payload in enumerate(PAYLOADS[1:] + PAYLOADS[:1], start=2):  # every action's text changed
        # as a spreadsheet saves typed text: the words as they are, marked as text when they look like a formula
        cell = sheet[f"E{row}"]
        cell.value = payload.text
        cell.data_type = "s"
        cell.quotePrefix = payload.starts_a_formula
    buffer = io.BytesIO()
    book.save(buffer)
    response = psw.post(f"{BASE}/action-plan/import", data={"workbook": (io.BytesIO(buffer.getvalue()), "plan.xlsx")})
    assert response.status_code == 302, page(response).select_one(".govuk-error-summary")
    shown_inertly(psw.get(response.location), PAYLOADS)


def test_workforce_pages_show_names_and_definitions_inertly(sign_in, db, hostile):
    psw = sign_in("psw")
    shown_inertly(psw.get(f"{BASE}/workforce"), [*PAYLOADS, CYCLE])
    for team in cycles.teams_for(db, hostile["id"]):
        shown_inertly(psw.get(f"{BASE}/workforce/teams/{team['id']}"), [Payload("team", team["name"])])
    definitions = psw.get(f"{BASE}/workforce/definitions")
    shown_inertly(definitions, [PAYLOADS[1], PAYLOADS[10]])


def test_the_published_summary_shows_themes_and_names_inertly(sign_in, client, db, hostile_released):
    from healthcheck.publishing import summaries as publishing

    psw = sign_in("psw")
    shown_inertly(psw.get(f"{BASE}/gaps"), [CYCLE])
    shown_inertly(psw.get(f"{BASE}/trends"), [CYCLE])
    publication, _ = publishing.save_publication(
        db, hostile_released, "\n".join(payload.text for payload in PAYLOADS), "psw@council.example"
    )
    shown_inertly(client.get(f"/published/{publication['token']}"), [*PAYLOADS, CYCLE])  # for anyone
    shown_inertly(psw.get(f"{BASE}/summary"), [*PAYLOADS, CYCLE])
    # Each action's "You said" and "We did", in the PSW's words, on the public page and the PSW's pages.
    from healthcheck.publishing import you_said

    for action, payload in zip(actions.list_actions(db, hostile_released["id"]), PAYLOADS, strict=False):
        values = {"in_summary": "yes", "public_said": payload.text, "public_wording": payload.text}
        you_said.save_public_wording(db, action, values, [])
    shown_inertly(client.get(f"/published/{publication['token']}"), PAYLOADS)
    shown_inertly(psw.get(f"{BASE}/publish"), PAYLOADS)


def test_invitations_and_posters_show_names_inertly(sign_in, hostile):
    psw = sign_in("psw")
    shown_inertly(psw.get(f"{BASE}/invitations"), [*PAYLOADS, CYCLE])
    shown_inertly(psw.get(f"{BASE}/posters"), [*PAYLOADS, CYCLE])


def test_the_survey_shows_names_and_what_was_typed_inertly(client, db, hostile):
    from survey_helpers import valid_answers

    for team in cycles.teams_for(db, hostile["id"]):
        shown_inertly(client.get(f"/survey/{SLUG}/{team['slug']}"), [Payload("team", team["name"]), CYCLE])
    client.post(f"/survey/{SLUG}")
    shown_inertly(client.get(f"/survey/{SLUG}/about-you"), PAYLOADS)  # the team choices
    bank = cycles.cycle_bank(hostile)
    for payload in PAYLOADS:
        typed = {**valid_answers(bank, 8, payload.text), "item_10c": payload.text}
        for item in bank.items_for(8):
            if item.type == "agreement":
                del typed[f"item_{item.id}"]  # a mistake, so the page comes back with what was typed
        shown_inertly(client.post(f"/survey/{SLUG}/standard/8", data=typed), [payload])
    client.post(f"/survey/{SLUG}/standard/8", data={**valid_answers(bank, 8, PAYLOADS[0].text)})
    summary = client.get(f"/survey/{SLUG}/check-your-answers")
    assert_page_is_inert(summary.get_data(as_text=True))


# Exports ------------------------------------------------------------------------------------


def assert_no_formula(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTERS):
                    # kept as written, inert through its type and Excel's quote-prefix style
                    assert cell.data_type == "s" and cell.quotePrefix, f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    assert not any(chr(code) in cell.value for code in range(0x202A, 0x202F))


def cells(sheet) -> list:
    return [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def exported(payload, sheet_cells) -> bool:
    return any(payload.exported_safely(cell) for cell in sheet_cells)


def exported_to_csv(payload, values) -> bool:
    return any(payload.exported_safely_to_csv(value) for value in values)


def test_the_action_plan_workbook_has_no_formula_and_every_text_safe(sign_in, hostile_released):
    response = sign_in("viewer").get(f"{BASE}/action-plan.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert_no_formula(book)
    for payload in PAYLOADS:
        assert exported(payload, cells(book["Action plan"])), payload.name  # actions and their notes
        assert exported(payload, cells(book["Comments"])), payload.name  # comments and free-text answers
        for sheet in ("Workforce", "Teams"):
            assert exported(payload, cells(book[sheet])), (sheet, payload.name)  # team names
    assert exported(CYCLE, cells(book["About"])) and exported(CYCLE, cells(book["Summary"]))


def test_the_workforce_templates_keep_names_and_definitions_safe(sign_in, hostile):
    psw = sign_in("psw")
    rows = list(csv.reader(io.StringIO(psw.get(f"{BASE}/workforce/template.csv").data.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert not any(name.startswith(FORMULA_STARTERS) for name in names)
    for payload in PAYLOADS:
        assert exported_to_csv(payload, names), payload.name
    book = openpyxl.load_workbook(io.BytesIO(psw.get(f"{BASE}/workforce/template.xlsx").data))
    assert_no_formula(book)
    for payload in PAYLOADS:
        assert exported(payload, cells(book["Figures"])), payload.name
    notes = cells(book["Notes"])
    assert exported(CYCLE, notes)
    assert exported(PAYLOADS[1], notes) and exported(PAYLOADS[10], notes)


def test_scores_json_carries_names_as_data_never_as_a_page(sign_in, hostile_released):
    response = sign_in("viewer").get(f"{BASE}/results/scores.json?by=team")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # never sniffed as a page
    document = json.loads(response.data)
    assert document["name"] == CYCLE.text  # the names exactly as typed, as data
    assert {group["name"] for group in document["groups"]} == {payload.text for payload in PAYLOADS}


def test_the_indicators_csv_keeps_names_safe(runner, hostile):
    result = runner.invoke(args=["indicators", "--cycle", SLUG, "--format", "csv", "--by", "team"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert not any(value.startswith(FORMULA_STARTERS) for row in rows for value in row)
    for payload in PAYLOADS:
        assert exported_to_csv(payload, [row[0] for row in rows[1:]]), payload.name
    as_json = runner.invoke(args=["indicators", "--cycle", SLUG, "--format", "json", "--by", "team"])
    document = json.loads(as_json.output)
    assert document["name"] == CYCLE.text
    assert PAYLOADS[1].text in document["definitions"].values()


def test_handing_back_the_workbook_unchanged_changes_nothing(sign_in, db, hostile):
    """The workbook leaves direction controls out; that alone is not a change to an action."""
    from healthcheck.workbook import importing as workbook_import

    content = sign_in("psw").get(f"{BASE}/action-plan.xlsx").data
    assert any(RLO in action["action"] for action in actions.list_actions(db, hostile["id"]))
    assert not workbook_import.read_upload(db, hostile, content).has_changes


def test_characters_a_spreadsheet_cannot_hold_are_left_out_of_exports(sign_in, db, make_cycle):
    cycle = make_cycle(slug=SLUG, teams=[("Front\x01Door", "Children", 8)])
    psw = sign_in("psw")
    for kind in ("xlsx", "csv"):
        response = psw.get(f"{BASE}/workforce/template.{kind}")
        assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(psw.get(f"{BASE}/workforce/template.xlsx").data))
    assert book["Figures"]["A2"].value == "FrontDoor"
    assert openpyxl.load_workbook(io.BytesIO(psw.get(f"{BASE}/action-plan.xlsx").data))["Workforce"]
    assert cycles.teams_for(db, cycle["id"])[0]["name"] == "Front\x01Door"  # stored as typed
