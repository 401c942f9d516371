"""The steering group edits the downloaded workbook and the PSW uploads it back: a preview
of every change first, precise errors that change nothing, and refusal of unsafe files."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from conftest import page

from healthcheck.actions import plan as actions
from healthcheck.workbook.importing import MAX_UPLOAD_BYTES

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
BASE = "/admin/cycles/health-check-2026"


@pytest.fixture
def plan(db, make_cycle):
    """A cycle with two actions, the first with a progress note."""
    cycle = make_cycle(status="open")
    first = actions.create_action(
        db,
        cycle,
        {
            "standard": 5,
            "step": 8,
            "finding": "Supervision frequency scores 38 (Low)",
            "action": "Book monthly supervision for every practitioner",
            "owner": "Head of Service, Adults",
            "lead": "Team managers",
            "target_date": TODAY + 30 * DAY,
            "status": "In progress",
            "progress": "At risk",
        },
        "psw@council.example",
    )
    actions.add_note(db, first, "Half the teams have booked", "psw@council.example", noted_on=TODAY - 10 * DAY)
    actions.create_action(
        db,
        cycle,
        {
            "standard": 3,
            "step": None,
            "finding": "",
            "action": "Agree a caseload weighting tool",
            "owner": "Assistant Director",
            "lead": "",
            "target_date": TODAY + 90 * DAY,
            "status": "Not started",
            "progress": "On track",
        },
        "psw@council.example",
    )
    return cycle


def download(client) -> openpyxl.Workbook:
    response = client.get(f"{BASE}/action-plan.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.data))


def saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name="plan.xlsx"):
    return client.post(
        f"{BASE}/action-plan/import", data={"workbook": (io.BytesIO(content), name)}, content_type="multipart/form-data"
    )


def problems(response) -> list[str]:
    """Every problem the page names: in the error summary, or listed when there are several."""
    html = page(response)
    assert html.title.text.startswith("Error: ")
    summary = [link.text.strip() for link in html.select('.govuk-error-summary a[href="#workbook"]')]
    listed = [item.text.strip() for item in html.select("#workbook-problems li")]
    return listed or summary


def snapshot(db):
    return (
        list(db.query("select * from actions order by id")),
        list(db.query("select * from action_notes order by id")),
    )


def test_round_trip_preview_error_fix_and_apply(sign_in, plan, db):
    psw = sign_in("psw")
    book = download(psw)
    sheet = book["Action plan"]
    assert [sheet["A2"].value, sheet["A3"].value] == ["A-001", "A-002"]
    # the steering group's edits: a status change, a new note, a changed date typed wrongly, a new action
    sheet["I2"] = "Complete"
    sheet["K2"] = "All teams now book monthly supervision"
    sheet["H3"] = "31/02/2027"
    new_row = [
        "",
        "3 Safe workloads and case allocation",
        16,
        "Managers hold cases",
        "Stop managers holding cases",
        "Head of Service, Children",
        "",
        datetime.date(2027, 3, 31),
        "Not started",
        "On track",
        "Raised at the March meeting",
    ]
    for column, value in enumerate(new_row, start=1):  # typed into the first row under the table
        sheet.cell(row=4, column=column, value=value)
    before = snapshot(db)

    refused = upload(psw, saved(book))
    assert refused.status_code == 200
    assert problems(refused) == [
        "Action plan sheet, row 3, column H (Target date): Target date must be a real date, like 31/03/2027, "
        "not 31/02/2027"
    ]
    assert snapshot(db) == before
    assert db["waiting_uploads"].count == 0

    sheet["H3"] = datetime.date(2027, 2, 28)
    response = upload(psw, saved(book))
    assert response.status_code == 302
    assert response.location.startswith(f"{BASE}/action-plan/import/")
    assert snapshot(db) == before  # previewing applies nothing
    with psw.session_transaction() as session:  # the file waits in the database, not the session cookie
        assert set(session) <= {"user_id", "session_version", "last_seen", "_fresh", "csrf_token", "_flashes"}

    preview = page(psw.get(response.location))
    assert preview.select_one("h1").text.strip() == "Check the changes to the action plan"
    first = [[cell.text.strip() for cell in row.select("th, td")] for row in preview.select("#change-A-001 tbody tr")]
    assert first == [
        ["Status", "In progress", "Complete"],
        ["New progress note", "", "All teams now book monthly supervision"],
    ]
    second = [[cell.text.strip() for cell in row.select("th, td")] for row in preview.select("#change-A-002 tbody tr")]
    assert second == [["Target date", f"{(TODAY + 90 * DAY).day} {(TODAY + 90 * DAY):%B %Y}", "28 February 2027"]]
    new = [cell.text.strip() for cell in preview.select("#new-actions tbody td")]
    assert new == [
        "4",
        "3",
        "Stop managers holding cases",
        "Head of Service, Children",
        "31 March 2027",
        "Not started",
        "On track",
    ]
    assert preview.select_one("#missing-actions") is None
    digest = preview.select_one("input[name=digest]")["value"]

    applied = psw.post(response.location, data={"digest": digest})
    assert applied.status_code == 302 and applied.location == f"{BASE}/actions"
    assert "Action plan updated: 2 changed, 1 added." in page(psw.get(applied.location)).text

    after_actions, after_notes = snapshot(db)
    old_actions, old_notes = before
    changed = {row["reference"]: row for row in after_actions}
    assert changed["A-001"] == {**old_actions[0], "status": "Complete", "updated_on": changed["A-001"]["updated_on"]}
    assert changed["A-002"] == {
        **old_actions[1],
        "target_date": "2027-02-28",
        "updated_on": changed["A-002"]["updated_on"],
    }
    new_action = changed["A-003"]
    assert {
        key: new_action[key]
        for key in (
            "standard",
            "step",
            "finding",
            "action",
            "owner",
            "lead",
            "target_date",
            "status",
            "progress",
            "updated_by",
        )
    } == {
        "standard": 3,
        "step": 16,
        "finding": "Managers hold cases",
        "action": "Stop managers holding cases",
        "owner": "Head of Service, Children",
        "lead": "",
        "target_date": "2027-03-31",
        "status": "Not started",
        "progress": "On track",
        "updated_by": "psw@council.example",
    }
    assert len(after_actions) == 3
    assert after_notes[: len(old_notes)] == old_notes
    assert [(note["action_id"], note["text"], note["noted_on"]) for note in after_notes[len(old_notes) :]] == [
        (changed["A-001"]["id"], "All teams now book monthly supervision", TODAY.isoformat()),
        (new_action["id"], "Raised at the March meeting", TODAY.isoformat()),
    ]
    assert db["waiting_uploads"].count == 0
    # the same workbook again would add the new action twice: the row is named instead
    assert problems(upload(psw, saved(book))) == [
        "Action plan sheet, row 4, column A (Action id): this action is already in the plan as A-003. "
        "Put A-003 in the Action id column, or remove the row"
    ]
    sheet["A4"] = "A-003"
    again = page(psw.get(upload(psw, saved(book)).location))
    assert again.select_one("#no-changes") is not None and again.select_one("#apply-changes") is None


def test_a_deleted_row_is_reported_not_deleted(sign_in, plan, db):
    psw = sign_in("psw")
    book = download(psw)
    book["Action plan"].delete_rows(3)
    book["Action plan"]["J2"] = "Off track"
    preview = page(psw.get(upload(psw, saved(book)).location))
    assert "A-002" in preview.select_one("#missing-actions").text
    assert "will not be deleted" in preview.text
    psw.post(upload(psw, saved(book)).location, data={"digest": preview.select_one("input[name=digest]")["value"]})
    assert db["actions"].count == 2
    assert actions.find_action(db, plan["id"], "A-001")["progress"] == "Off track"


def test_crafted_text_comes_back_as_it_was_typed(sign_in, plan, db):
    psw = sign_in("psw")
    db["actions"].update(1, {"action": '=HYPERLINK("http://x.example")'})
    book = download(psw)
    cell = book["Action plan"]["E2"]
    assert cell.value == '=HYPERLINK("http://x.example")' and cell.data_type == "s" and cell.quotePrefix
    preview = page(psw.get(upload(psw, saved(book)).location))
    assert preview.select_one("#no-changes") is not None  # the text mark is not a change


@pytest.mark.parametrize(
    "edit, expected",
    [
        (
            lambda s: s.__setitem__("E2", "=1+1"),
            "Action plan sheet, row 2, column E: contains a formula. Type the value itself instead of a formula",
        ),
        (
            lambda s: s.__setitem__("A3", "A-099"),
            "Action plan sheet, row 3, column A (Action id): A-099 is not an "
            "action in this cycle. Leave the id blank for a new action",
        ),
        (
            lambda s: s.__setitem__("A3", "A-001"),
            "Action plan sheet, row 3, column A (Action id): A-001 is also on row 2; each action can appear once",
        ),
        (
            lambda s: s.__setitem__("I2", "Done"),
            "Action plan sheet, row 2, column I (Status): Status must be one of: "
            "Not started, In progress, Complete, Cancelled",
        ),
        (
            lambda s: s.__setitem__("C2", 1),
            "Action plan sheet, row 2, column C (Step): Step 1 belongs to standard 2, not standard 5",
        ),
        (
            lambda s: s.__setitem__("B2", "Supervision"),
            "Action plan sheet, row 2, column B (Standard): Choose the "
            "standard from the list, like '3 Safe workloads and case allocation'",
        ),
        (
            lambda s: s.__setitem__("F3", None),
            "Action plan sheet, row 3, column F (Owner): Enter the owner, a name or a role",
        ),
        (
            lambda s: s.__setitem__("J1", "How is it going"),
            "Action plan sheet, row 1: the column 'Progress' is missing. Keep the heading row as it was downloaded",
        ),
        (
            lambda s: setattr(s, "title", "Plan"),
            "The workbook has no sheet called 'Action plan'. Upload the action plan workbook you downloaded",
        ),
    ],
)
def test_bad_cells_are_named_and_nothing_changes(sign_in, plan, db, edit, expected):
    psw = sign_in("psw")
    book = download(psw)
    book["Action plan"]["I3"] = "Complete"  # a good change that must not be applied either
    edit(book["Action plan"])
    before = snapshot(db)
    response = upload(psw, saved(book))
    assert problems(response) == [expected]
    assert snapshot(db) == before
    assert db["waiting_uploads"].count == 0


def test_every_problem_is_listed_at_once(sign_in, plan, db):
    psw = sign_in("psw")
    book = download(psw)
    book["Action plan"]["I2"] = "Done"
    book["Action plan"]["J3"] = "Fine"
    response = upload(psw, saved(book))
    assert page(response).select_one('.govuk-error-summary a[href="#workbook"]').text.strip() == (
        "The workbook has 2 problems, listed on this page. Nothing has been changed"
    )
    assert [problem.split(":")[0] for problem in problems(response)] == [
        "Action plan sheet, row 2, column I (Status)",
        "Action plan sheet, row 3, column J (Progress)",
    ]


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def damaged(content: bytes) -> bytes:
    """A real workbook with bytes inside one compressed part changed."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    return content[:start] + bytes(b ^ 0xFF for b in content[start : start + 40]) + content[start + 40 :]


@pytest.mark.parametrize(
    "make, name, expected",
    [
        (lambda good: b"", "plan.xlsx", "plan.xlsx is empty"),
        (
            lambda good: b"Action id,Standard\nA-001,5\n",
            "plan.csv",
            "plan.csv is not an Excel workbook. Upload the .xlsx file you downloaded from the action plan",
        ),
        (
            lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000,
            "plan.xlsx",
            "plan.xlsx is protected with a password or is an old-style .xls workbook. Save it as an Excel Workbook "
            "(.xlsx) without a password and upload it again",
        ),
        (
            lambda good: zipped(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "xl/workbook.xml": b"<workbook/>",
                    "xl/bomb.xml": b"\0" * (60 * 1024 * 1024),
                }
            ),
            "plan.xlsx",
            "plan.xlsx unpacks to more than 50 MB, far more than an action plan needs. Upload the action plan workbook itself",
        ),
        (
            lambda good: good[:MAX_UPLOAD_BYTES] + b"\0" * (MAX_UPLOAD_BYTES - len(good) + 1),
            "plan.xlsx",
            "plan.xlsx must be smaller than 5 MB",
        ),
        (damaged, "plan.xlsx", "plan.xlsx is damaged and cannot be read. Save it again and upload it again"),
        (
            lambda good: zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not closed"}),
            "plan.xlsx",
            "plan.xlsx could not be read as an Excel workbook. Save it again as .xlsx",
        ),
    ],
)
def test_unsafe_or_broken_files_are_refused(sign_in, plan, db, make, name, expected):
    psw = sign_in("psw")
    good = saved(download(psw))
    before = snapshot(db)
    assert problems(upload(psw, make(good), name)) == [expected]
    assert snapshot(db) == before
    assert db["waiting_uploads"].count == 0


def test_no_file_chosen(sign_in, plan):
    response = sign_in("psw").post(f"{BASE}/action-plan/import", data={}, content_type="multipart/form-data")
    assert problems(response) == ["Choose the action plan workbook to upload"]


def test_a_change_after_the_preview_stops_the_confirmation(sign_in, plan, db):
    psw = sign_in("psw")
    book = download(psw)
    book["Action plan"]["I2"] = "Complete"
    location = upload(psw, saved(book)).location
    digest = page(psw.get(location)).select_one("input[name=digest]")["value"]
    actions.update_action(
        db,
        actions.find_action(db, plan["id"], "A-002"),
        {**actions.find_action(db, plan["id"], "A-002"), "status": "Cancelled"},
        "admin",
    )
    html = page(psw.post(location, data={"digest": digest}))
    assert "The action plan changed after this preview was shown" in html.select_one(".govuk-error-summary").text
    assert actions.find_action(db, plan["id"], "A-001")["status"] == "In progress"


def test_discarded_or_unknown_uploads_apply_nothing(sign_in, plan, db):
    psw = sign_in("psw")
    book = download(psw)
    book["Action plan"]["I2"] = "Complete"
    location = upload(psw, saved(book)).location
    token = location.rsplit("/", 1)[1]
    assert psw.post(f"{location}/discard").status_code == 302
    assert db["waiting_uploads"].count == 0
    response = psw.post(location, data={"digest": "anything"})
    assert response.status_code == 302 and response.location == f"{BASE}/action-plan/import"
    assert psw.get(f"{BASE}/action-plan/import/not-a-token").status_code == 302
    assert actions.find_action(db, plan["id"], "A-001")["status"] == "In progress"
    assert token not in str(list(db.query("select token from waiting_uploads")))


def test_viewer_cannot_preview_or_apply(sign_in, plan, db):
    psw = sign_in("psw")
    book = download(psw)
    book["Action plan"]["I2"] = "Complete"
    location = upload(psw, saved(book)).location
    viewer = sign_in("viewer")
    assert viewer.get(location).status_code == 403
    assert viewer.post(location, data={"digest": "x"}).status_code == 403
    assert viewer.post(f"{location}/discard").status_code == 403
    assert actions.find_action(db, plan["id"], "A-001")["status"] == "In progress"
    assert db["waiting_uploads"].count == 1


def test_an_upload_is_discarded_only_through_its_own_cycle(sign_in, plan, db, make_cycle):
    other = make_cycle(slug="health-check-2025", status="closed", name="Health check 2025")
    psw = sign_in("psw")
    book = download(psw)
    book["Action plan"]["I2"] = "Complete"
    token = upload(psw, saved(book)).location.rsplit("/", 1)[1]
    assert psw.post(f"/admin/cycles/{other['slug']}/action-plan/import/{token}/discard").status_code == 302
    assert [row["token"] for row in db["waiting_uploads"].rows] == [token]
    assert psw.get(f"/admin/cycles/{other['slug']}/action-plan/import/{token}").status_code == 302  # not its preview
    assert psw.post(f"{BASE}/action-plan/import/{token}/discard").status_code == 302
    assert db["waiting_uploads"].count == 0


def test_the_team_or_service_area_an_action_is_for_goes_out_and_comes_back(sign_in, plan, db):
    front_door = db.execute("select id from teams where cycle_id = ? and name = 'Front Door'", [plan["id"]]).fetchone()[
        0
    ]
    first = actions.find_action(db, plan["id"], "A-001")
    actions.update_action(db, first, {**first, "for_group": f"team:{front_door}"}, "psw@council.example")
    psw = sign_in("psw")
    book = download(psw)
    sheet = book["Action plan"]
    assert [sheet["L1"].value, sheet["L2"].value, sheet["L3"].value] == ["For", "Front Door", "Whole organisation"]
    sheet["L2"] = "Whole organisation"
    sheet["L3"] = "children (service area)"
    preview = page(psw.get(upload(psw, saved(book)).location))
    rows = [[cell.text.strip() for cell in row.select("th, td")] for row in preview.select("#change-A-002 tbody tr")]
    assert rows == [["For", "Whole organisation", "Children (service area)"]]
    assert [cell.text.strip() for cell in preview.select("#change-A-001 tbody tr")[0].select("th, td")] == [
        "For",
        "Front Door",
        "Whole organisation",
    ]
    psw.post(upload(psw, saved(book)).location, data={"digest": preview.select_one("input[name=digest]")["value"]})
    assert (
        actions.find_action(db, plan["id"], "A-001")["team_id"],
        actions.find_action(db, plan["id"], "A-002")["service_area"],
    ) == (None, "Children")
    # a name that is not one of the cycle's is named, and nothing changes
    sheet["L2"] = "Nowhere Team"
    before = snapshot(db)
    assert problems(upload(psw, saved(book))) == [
        "Action plan sheet, row 2, column L (For): 'Nowhere Team' is not a team or service area of this cycle. "
        "Use a name from the action plan page, or 'Whole organisation'"
    ]
    assert snapshot(db) == before
    # a workbook without the column (downloaded before it was added) leaves who each action is for alone
    sheet.delete_cols(12)
    again = page(psw.get(upload(psw, saved(book)).location))
    assert again.select_one("#no-changes") is not None
