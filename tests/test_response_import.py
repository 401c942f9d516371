"""Importing last year's answers from a CSV or XLSX export: all or nothing, precise errors."""

import sqlite3

import pytest
from openpyxl import Workbook
from results_seed import released

from healthcheck.results import compute as results
from healthcheck.survey import importing as response_import

HEADER = "team,role,29a,20b,5a,8a,19a,S7a,comment_3,submitted_on"
GOOD_ROWS = [
    "Locality North,Social worker,Strongly agree,agree,18,Monthly,IT systems and recording;Something else,"
    "strongly_agree,Too many cases,2025-11-02",
    "front-door,team_manager,disagree,Don't know / not applicable,,never,none,Agree,,",
    "Locality North,Prefer not to say,agree,disagree,16,weekly,,,,",
]


def write_csv(tmp_path, lines, name="answers.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(db):
    return db["responses"].count


def test_csv_import_stores_every_row_with_labels_or_codes(runner, db, make_cycle, tmp_path):
    cycle = make_cycle(status="closed")
    path = write_csv(tmp_path, [HEADER, *GOOD_ROWS])
    result = runner.invoke(args=["import-responses", str(path), "--cycle", cycle["slug"]])
    assert result.exit_code == 0, result.output
    assert "Imported 3 responses into Health check 2026." in result.output
    # Response ids are random: rows in file order are in the order their answers were written.
    rows = list(
        db.query("select * from responses order by (select min(rowid) from answers where response_id = responses.id)")
    )
    assert [row["role_group"] for row in rows] == ["social_worker", "team_manager", None]
    assert rows[0]["submitted_on"] == "2025-11-02"
    assert rows[1]["submitted_on"] == cycle["closes_on"]  # no date given
    first = {
        (a["item_id"], a["value"]) for a in db.query("select * from answers where response_id = ?", [rows[0]["id"]])
    }
    assert first == {
        ("29a", "strongly_agree"),
        ("20b", "agree"),
        ("5a", "18"),
        ("8a", "monthly"),
        ("19a", "systems"),
        ("19a", "other"),
        ("S7a", "strongly_agree"),
    }
    second = dict(db.execute("select item_id, value from answers where response_id = ?", [rows[1]["id"]]).fetchall())
    assert second["20b"] == "dont_know"
    assert [c["text"] for c in db.query("select text from comments")] == ["Too many cases"]


def test_imported_answers_are_scored(db, make_cycle, tmp_path):
    cycle = make_cycle(status="closed", threshold=3)
    response_import.import_responses(db, cycle, write_csv(tmp_path, [HEADER, *GOOD_ROWS]))
    view = results.results_for(db, released(db, cycle))
    assert view["respondents"] == 3
    step29 = view["standards"][0]["steps"][1]
    assert step29["number"] == 29
    assert step29["parts"]["practitioner"] == 67
    # 29a: strongly agree 100, disagree 25, agree 75 -> 66.7, shown as 67
    assert step29["band"] == "Moderate"


def test_xlsx_import_reads_numbers_and_dates(db, make_cycle, tmp_path):
    import datetime

    cycle = make_cycle(status="closed")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Team", "Role", "5A", "29a", "submitted_on"])
    sheet.append(["Front Door", "Senior or advanced practitioner", 17.0, "Agree", datetime.datetime(2025, 10, 9)])
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    assert response_import.import_responses(db, cycle, path) == 1
    row = next(db.query("select * from responses"))
    assert (row["role_group"], row["submitted_on"]) == ("senior_practitioner", "2025-10-09")
    assert dict(db.execute("select item_id, value from answers").fetchall()) == {"5a": "17", "29a": "agree"}


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "Locality North,Social worker,Agree a lot,,,,,,,",
            "row 3, column C (29a): 'Agree a lot' is not one of the answers",
        ),
        ("Locality North,,agree,,500,,,,,", "row 3, column E (5a): Number of cases must be between 0 and 150"),
        ("Nowhere Team,,agree,,,,,,,", "row 3, column A (team): 'Nowhere Team' is not a team in this cycle"),
        ("Locality North,Boss,agree,,,,,,,", "row 3, column B (role): 'Boss' is not a role group"),
        ("Locality North,,agree,,,sometimes,,,,", "row 3, column F (8a): 'sometimes' is not one of the answers"),
        ("Locality North,,agree,,,,,,,31/02/2025", "row 3, column J (submitted_on): '31/02/2025' is not a date"),
    ],
)
def test_a_bad_row_changes_nothing_and_says_where(runner, db, make_cycle, tmp_path, line, message):
    cycle = make_cycle(status="closed")
    path = write_csv(tmp_path, [HEADER, GOOD_ROWS[0], line, GOOD_ROWS[2]])
    result = runner.invoke(args=["import-responses", str(path), "--cycle", cycle["slug"]])
    assert result.exit_code == 1
    assert "Nothing was imported." in result.output
    assert f"answers.csv, {message}" in result.output
    assert stored(db) == 0


def test_unknown_and_repeated_columns_are_refused(db, make_cycle, tmp_path):
    cycle = make_cycle(status="closed")
    path = write_csv(tmp_path, ["team,Q99,29a,29A", "Front Door,1,agree,agree"])
    with pytest.raises(response_import.ResponseImportError) as error:
        response_import.import_responses(db, cycle, path)
    assert error.value.problems == [
        "answers.csv, row 1, column B: 'Q99' is not a question in this cycle's question bank, "
        "nor one of team, role, submitted_on or comment_1 to comment_8",
        "answers.csv, row 1, column D: '29A' is also column C; each column may appear once",
    ]
    assert stored(db) == 0


def test_a_years_in_role_column_is_refused_as_no_longer_collected(db, make_cycle, tmp_path):
    cycle = make_cycle(status="closed")
    path = write_csv(tmp_path, ["team,years,29a", "Front Door,2 to 5 years,agree"])
    with pytest.raises(response_import.ResponseImportError) as error:
        response_import.import_responses(db, cycle, path)
    assert error.value.problems == [
        "answers.csv, row 1, column B ('years'): years in social work are no longer collected, "
        "so they cannot be imported; delete this column"
    ]
    assert stored(db) == 0


def test_files_that_cannot_be_read_are_refused(db, make_cycle, tmp_path):
    cycle = make_cycle(status="closed")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("team,10c\nFront Door,caf\xe9\n".encode("latin-1"))
    for path, message in (
        (latin, "latin.csv: the file is not UTF-8 text"),
        (write_csv(tmp_path, ["team"], "empty.csv"), "empty.csv: there are no responses"),
        (tmp_path / "notes.txt", "there is no file here"),
    ):
        with pytest.raises(response_import.ResponseImportError, match=message):
            response_import.import_responses(db, cycle, path)
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    with pytest.raises(response_import.ResponseImportError, match="cannot be read as an Excel workbook"):
        response_import.import_responses(db, cycle, tmp_path / "fake.xlsx")


def test_a_draft_cycle_is_refused(db, make_cycle, tmp_path):
    cycle = make_cycle(status="draft")
    with pytest.raises(response_import.ResponseImportError, match="still a draft"):
        response_import.import_responses(db, cycle, write_csv(tmp_path, [HEADER, *GOOD_ROWS]))


def test_a_failure_while_storing_rolls_back_every_row(db, make_cycle, tmp_path):
    cycle = make_cycle(status="closed")
    # The database fails as the third response is written, after two have gone in.
    db.execute(
        "create temp trigger fail_on_third after insert on responses "
        "when (select count(*) from responses) >= 3 begin select raise(abort, 'disk full'); end"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        response_import.import_responses(db, cycle, write_csv(tmp_path, [HEADER, *GOOD_ROWS]))
    db.execute("drop trigger fail_on_third")
    assert stored(db) == 0 and db["answers"].count == 0
