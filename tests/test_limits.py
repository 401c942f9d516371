"""Every limit on what people send, each refused with a message that says what is wrong and
changes nothing: the size of any request (413), and for each importer (workforce figures,
earlier survey answers, the action-plan workbook) the file's size, its rows and columns and
the length of its free text; and free text typed into the survey and staff forms."""

import io
import zipfile

import openpyxl
import pytest
from conftest import page

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.problems import Problem
from healthcheck.survey import importing as response_import
from healthcheck.survey.store import COMMENT_LIMIT
from healthcheck.workbook import build as workbook
from healthcheck.workbook import importing as workbook_import
from healthcheck.workforce import reading
from healthcheck.workforce.importing import TEAM_NAME_LIMIT

SLUG = "health-check-2026"
BASE = f"/admin/cycles/{SLUG}"
MB = 1024 * 1024
TOO_MUCH = b"x" * (10 * MB + 1)  # the largest request any page accepts is 10 MB


@pytest.fixture
def cycle(db, make_cycle):
    return make_cycle(slug=SLUG, status="open", teams=[("North", "Adults", 12), ("Front Door", "Children", 8)])


def snapshot(db) -> dict:
    return {
        table: db.execute(f"select * from [{table}] order by rowid").fetchall()
        for table in db.table_names()
        # Attempts counted against a client's limit are not data the request could change.
        if table not in ("sign_in_failures", "rate_limit_counts")
    }


def error_summary(response) -> list[str]:
    html = page(response)
    assert html.title.text.startswith("Error: ")
    return [link.text.strip() for link in html.select(".govuk-error-summary__list a")]


# The size of a request -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path, field",
    [
        (f"{BASE}/workforce/upload", "file"),
        (f"{BASE}/action-plan/import", "workbook"),
        (f"/survey/{SLUG}", "access_code"),
        (f"/survey/{SLUG}/resume", "resume_code"),
    ],
)
def test_a_request_over_10_mb_gets_the_too_large_page_and_changes_nothing(sign_in, db, cycle, path, field):
    sender = sign_in("psw")
    before = snapshot(db)
    if field in ("file", "workbook"):
        response = sender.post(path, data={field: (io.BytesIO(TOO_MUCH), "figures.csv")})
    else:
        response = sender.post(path, data={field: TOO_MUCH.decode()})
    assert response.status_code == 413
    html = page(response)
    assert html.select_one("h1").text.strip() == "Sorry, that was too much to send"
    assert html.select_one("#error-message").text.strip() == "The file is too large. It must be smaller than 10 MB."
    assert snapshot(db) == before


# Workforce figures, uploaded on their page ----------------------------------------------


def upload_figures(client, name: str, content: bytes, **fields):
    return client.post(
        f"{BASE}/workforce/upload",
        data={"file": (io.BytesIO(content), name), **fields},
        content_type="multipart/form-data",
    )


def wide_workbook(columns: int) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["team", *(f"extra{n}" for n in range(columns - 1))])
    book.active.append(["North", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "huge.csv",
            b"team,inpost_fte\nNorth,1" + b" " * (5 * MB) + b"\n",
            "huge.csv has 1 problem: the file is 5.0 MB; the largest file allowed is 5 MB",
        ),
        (
            "long.csv",
            b"team,inpost_fte\n" + b"".join(b"Team %d,1\n" % n for n in range(reading.MAX_ROWS + 1)),
            "long.csv has 1 problem: the file has more than 5,000 rows of figures; split it into smaller files",
        ),
        (
            "wide.csv",
            ("team," + ",".join(f"extra{n}" for n in range(reading.MAX_COLUMNS)) + "\nNorth\n").encode(),
            "wide.csv has 1 problem: row 1: the row has 101 columns; the most allowed is 100",
        ),
        (
            "wide.xlsx",
            wide_workbook(reading.MAX_COLUMNS + 1),
            "wide.xlsx has 1 problem: row 1: the row has 101 columns; the most allowed is 100",
        ),
        (
            "names.csv",
            b"team,inpost_fte\n" + b"N" * (TEAM_NAME_LIMIT + 1) + b",3\n",
            "names.csv has 1 problem: row 2 (team " + "N" * 37 + "...), column A (team): "
            "the team name is longer than 100 characters",
        ),
    ],
)
def test_workforce_uploads_over_a_limit_are_refused_on_the_page(sign_in, db, cycle, name, content, message):
    before = snapshot(db)
    response = upload_figures(sign_in("psw"), name, content, create_teams="y")
    assert error_summary(response) == [message]
    assert snapshot(db) == before


def test_a_workforce_file_at_the_limits_is_read(cycle):
    rows = b"".join(b"Team %d,1\n" % n for n in range(reading.MAX_ROWS))
    grid = reading.read_upload("long.csv", b"team,inpost_fte\n" + rows)
    assert len(grid.rows) == reading.MAX_ROWS
    wide = reading.read_upload("wide.xlsx", wide_workbook(reading.MAX_COLUMNS))
    assert len(wide.headers) == reading.MAX_COLUMNS


# The action-plan workbook, uploaded on its page -----------------------------------------


@pytest.fixture
def plan(db, cycle):
    actions.create_action(
        db,
        cycle,
        {
            "standard": 5,
            "step": 8,
            "finding": "",
            "action": "Book monthly supervision",
            "owner": "Head of Service",
            "lead": "",
            "target_date": "2027-03-31",
            "status": "In progress",
            "progress": "At risk",
        },
        "psw@council.example",
    )
    return cycle


def edited_plan(db, cycle, edit) -> bytes:
    book = openpyxl.load_workbook(
        io.BytesIO(workbook.workbook_bytes(workbook.build_workbook(db, cycle, generated_by="psw@council.example")))
    )
    edit(book["Action plan"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_problems(response) -> list[str]:
    html = page(response)
    assert html.title.text.startswith("Error: ")
    listed = [item.text.strip() for item in html.select("#workbook-problems li")]
    return listed or [link.text.strip() for link in html.select('.govuk-error-summary a[href="#workbook"]')]


def set_cell(reference, value):
    def edit(sheet):
        sheet[reference] = value

    return edit


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            set_cell(f"A{workbook_import.MAX_ROWS + 1}", "A-999"),
            "Action plan sheet has 5,001 rows; an action plan can have at most 5,000",
        ),
        (
            lambda sheet: sheet.cell(row=1, column=workbook_import.MAX_COLUMNS + 1, value="Our notes"),
            "Action plan sheet has 51 columns; an action plan has 12, and a sheet with more than 50 cannot be read. "
            "Delete the extra columns",
        ),
        (
            set_cell("E2", "y" * (actions.TEXT_LIMITS["action"] + 1)),
            "Action plan sheet, row 2, column E (Action): Action must be 4,000 characters or fewer",
        ),
        (
            set_cell("D2", "y" * (actions.TEXT_LIMITS["finding"] + 1)),
            "Action plan sheet, row 2, column D (Finding): Finding must be 4,000 characters or fewer",
        ),
        (
            set_cell("F2", "y" * (actions.TEXT_LIMITS["owner"] + 1)),
            "Action plan sheet, row 2, column F (Owner): Owner must be 200 characters or fewer",
        ),
        (
            set_cell("K2", "y" * (actions.NOTE_LIMIT + 1)),
            "Action plan sheet, row 2, column K (Latest note): The progress note must be 4,000 characters or fewer",
        ),
    ],
)
def test_action_plans_over_a_limit_are_refused_on_the_page(sign_in, db, plan, edit, message):
    content = edited_plan(db, plan, edit)
    before = snapshot(db)
    response = sign_in("psw").post(
        f"{BASE}/action-plan/import",
        data={"workbook": (io.BytesIO(content), "plan.xlsx")},
        content_type="multipart/form-data",
    )
    assert plan_problems(response) == [message]
    assert snapshot(db) == before


def test_an_action_plan_file_over_5_mb_is_refused(sign_in, db, plan):
    content = edited_plan(db, plan, lambda sheet: None)
    padded = content + b"\0" * (workbook_import.MAX_UPLOAD_BYTES - len(content) + 1)
    response = sign_in("psw").post(
        f"{BASE}/action-plan/import",
        data={"workbook": (io.BytesIO(padded), "plan.xlsx")},
        content_type="multipart/form-data",
    )
    assert plan_problems(response) == ["plan.xlsx must be smaller than 5 MB"]
    assert db["waiting_uploads"].count == 0


# Earlier survey answers, imported from the command line ----------------------------------


def import_file(runner, path):
    return runner.invoke(args=["import-responses", str(path), "--cycle", SLUG])


def big_workbook(path) -> None:
    """A small file that would unpack to 201 MB (written a megabyte at a time)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(response_import.MAX_UNPACKED_BYTES // MB + 1):
                member.write(b" " * MB)


@pytest.mark.parametrize(
    "name, make, message",
    [
        (
            "big.csv",
            lambda path: path.write_bytes(b"team\n" + b"x" * response_import.MAX_BYTES),
            "big.csv: the file is 20.0 MB; the largest file that can be imported is 20 MB. Split it into smaller files",
        ),
        (
            "long.csv",
            lambda path: path.write_text("team\n" + "Front Door\n" * (response_import.MAX_ROWS + 1)),
            "long.csv: the file has more than 10,000 rows of answers; split it into smaller files",
        ),
        (
            "wide.csv",
            lambda path: path.write_text(",".join(["team"] * (response_import.MAX_COLUMNS + 1)) + "\n"),
            "wide.csv, row 1: the row has 301 columns; the most allowed is 300",
        ),
        (
            "comment.csv",
            lambda path: path.write_text(f"team,comment_3\nFront Door,{'c' * (COMMENT_LIMIT + 1)}\n"),
            "comment.csv, row 2, column B (comment_3): the comment is 2,001 characters long; "
            "write 2,000 characters or fewer",
        ),
        (
            "text.csv",
            lambda path: path.write_text(f"team,10c\nFront Door,{'t' * (COMMENT_LIMIT + 1)}\n"),
            "text.csv, row 2, column B (10c): Write 2000 characters or fewer",
        ),
        (
            "bomb.xlsx",
            big_workbook,
            "bomb.xlsx: the workbook unpacks to more than 200 MB, far more than survey answers need; it was refused",
        ),
    ],
)
def test_answer_files_over_a_limit_are_refused_and_nothing_is_imported(
    runner, db, cycle, tmp_path, name, make, message
):
    path = tmp_path / name
    make(path)
    result = import_file(runner, path)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == ["Error: Nothing was imported.", message]
    assert db["responses"].count == 0


def test_an_answer_file_at_the_limits_is_read(tmp_path):
    path = tmp_path / "full.csv"
    path.write_text(",".join(["team"] * response_import.MAX_COLUMNS) + "\n" + "Front Door\n" * response_import.MAX_ROWS)
    rows = response_import.read_rows(path)
    assert len(rows) == response_import.MAX_ROWS + 1 and len(rows[0]) == response_import.MAX_COLUMNS


# Free text typed into pages ---------------------------------------------------------------


def test_a_survey_comment_over_the_limit_is_kept_to_shorten_and_never_stored(client, db, cycle):
    client.post(f"/survey/{SLUG}")
    bank = cycles.cycle_bank(cycle)
    from survey_helpers import valid_answers

    too_long = "w" * (COMMENT_LIMIT + 1)
    response = client.post(f"/survey/{SLUG}/standard/1", data=valid_answers(bank, 1, too_long))
    assert error_summary(response) == ["Your comments must be 2,000 characters or fewer"]
    assert page(response).select_one("textarea#comment_1").text.strip() == too_long  # nothing typed is lost
    assert db["responses"].count == 0


@pytest.mark.parametrize(
    "path, data, message",
    [
        (
            "/admin/cycles/new",
            {
                "name": "C" * (cycles.NAME_LIMIT + 1),
                "slug": "long",
                "capture_date": ["30", "9", "2026"],
                "opens_on": ["1", "10", "2027"],
                "closes_on": ["30", "11", "2027"],
                "reporting_threshold": "5",
            },
            "The cycle name must be 100 characters or fewer",
        ),
        (
            f"{BASE}/teams/new",
            {"name": "T" * (cycles.NAME_LIMIT + 1), "service_area": "Adults", "headcount": "3"},
            "The team name must be 100 characters or fewer",
        ),
        ("/admin/organisation", {"name": "O" * 201}, "The organisation name must be 200 characters or fewer"),
    ],
)
def test_names_over_their_limit_are_refused(sign_in, db, cycle, path, data, message):
    before = snapshot(db)
    assert error_summary(sign_in("admin" if "organisation" in path else "psw").post(path, data=data)) == [message]
    assert snapshot(db) == before


def test_a_service_area_over_the_limit_is_refused(db, cycle):
    """The page offers a list; the command line (`healthcheck teams add`) takes any text."""
    with pytest.raises(Problem, match="The service area must be 100 characters or fewer"):
        cycles.add_team(db, cycle, {"name": "Hospital", "service_area": "S" * (cycles.NAME_LIMIT + 1), "headcount": 3})
    assert len(cycles.teams_for(db, cycle["id"])) == 2


def test_evidence_over_the_limit_is_refused(sign_in, db, cycle):
    from healthcheck.organisation_view import EVIDENCE_LIMIT

    data = {"O35_answer": "working_well", "O35_evidence": "e" * (EVIDENCE_LIMIT + 1), "O35_link": ""}
    response = sign_in("psw").post(f"{BASE}/organisation-view/standard-1", data=data)
    assert error_summary(response) == ["Evidence for step 35 must be 5,000 characters or fewer"]
    assert db["organisation_answers"].count == 0
