"""Broken and messy workforce files: each is refused with a precise message saying where
and what, and leaves the database byte-for-byte as it was."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from healthcheck import cycles, workforce
from healthcheck.workforce import reading

HINT = "Leave the cell blank, or write n/a, -, TBC (or c, x, z, u or low), if the figure is not available"
NOT_A_TEAM = "add the teams to the cycle first, or choose to add teams that are not in the cycle"


def xlsx(rows, sheet="Figures") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
    return out.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking workbook whose sheet unpacks to 60 MB of spaces."""
    good = xlsx([["team", "inpost_fte"], ["North", 10]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        target.writestr("xl/media/padding.xml", b" " * (60 * 1024 * 1024))
    return out.getvalue()


def lying_zip_bomb() -> bytes:
    """A zip whose directory claims its big part is tiny: the sizes must be checked by unpacking."""
    data = bytearray(zip_bomb())
    name = b"xl/media/padding.xml"
    real = (60 * 1024 * 1024).to_bytes(4, "little")
    fake = (100).to_bytes(4, "little")
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            if data[start + name_offset : start + name_offset + len(name)] == name:
                assert data[start + size_offset : start + size_offset + 4] == real
                data[start + size_offset : start + size_offset + 4] = fake
            start += 4
    return bytes(data)


def with_entity_expansion() -> bytes:
    good = xlsx([["team", "inpost_fte"], ["North", 10]])
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").decode()
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    sheet = laughs + sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else laughs + sheet
    return rewrite_zip(
        good, {"xl/worksheets/sheet1.xml": sheet.replace("<sheetData>", "<sheetData>&lol2;", 1).encode()}
    )


def password_protected() -> bytes:
    """What Excel saves with a password: an OLE2 container holding an EncryptedPackage stream."""
    header = reading.OLE2_SIGNATURE + bytes(504)
    return (
        header + "EncryptedInfo".encode("utf-16-le") + bytes(64) + "EncryptedPackage".encode("utf-16-le") + bytes(2048)
    )


def formula_workbook() -> bytes:
    return xlsx([["team", "inpost_fte", "vacancy_fte"], ["North", "=5+5", 1], ["Front Door", 8, 2]])


BROKEN_FILES = {
    "text in a number column": (
        "text.csv",
        b"team,inpost_fte,vacancy_fte\nNorth,10,2\nFront Door,ten,1\n",
        [f'row 3 (team Front Door), column B (inpost_fte): "ten" is not a number. {HINT}'],
    ),
    "a negative count": (
        "negative.csv",
        b"team,inpost_fte,vacancy_fte\nNorth,10,-2\nFront Door,8,1\n",
        ["row 2 (team North), column C (vacancy_fte): -2 is negative; a count of FTE cannot be less than 0"],
    ),
    "a duplicated team": (
        "duplicate.csv",
        b"team,inpost_fte\nNorth,10\nFront Door,8\n north ,11\n",
        [
            'row 4 (team north), column A (team): "north" appears more than once (first on row 2); give each team one row'
        ],
    ),
    "no team column": (
        "no-team.csv",
        b"name,inpost_fte\nNorth,10\n",
        [
            'row 1: there is no column of team names: add a column headed "team" with each team\'s name, '
            "or say which column holds them"
        ],
    ),
    "a team not in the cycle": (
        "unknown.csv",
        b"team,inpost_fte\nNorth,10\nSouth,9\n",
        [f'row 3 (team South), column A (team): "South" is not a team in Health check 2026: {NOT_A_TEAM}'],
    ),
    "a rate above 100 %": (
        "rate.csv",
        b"team,supervisions_due,supervisions_held\nNorth,30,36\n",
        [
            "row 2 (team North), column C (supervisions_held): 36 is more than the 30 in supervisions due (supervisions_due), "
            "which would make a rate above 100 %; supervisions held are part of supervisions due"
        ],
    ),
    "a column that looks like a typo": (
        "typo.csv",
        b"team,inpost_fte,vacancy_ftee\nNorth,10,2\n",
        [
            'row 1, column C (vacancy_ftee): "vacancy_ftee" is not a column this import knows. Did you mean '
            '"vacancy_fte"? Correct the header, or delete the column'
        ],
    ),
    "a part of a case": (
        "cases.csv",
        b"team,cases\nNorth,12.5\n",
        ["row 2 (team North), column B (cases): 12.5 is not a whole number; cases are counted in whole numbers"],
    ),
    "a byte-order mark before a mistyped first header": (
        "bom.csv",
        "\ufeffinpost_ft,team\n10,North\n".encode("utf-8"),
        [
            'row 1, column A (inpost_ft): "inpost_ft" is not a column this import knows. Did you mean '
            '"inpost_fte"? Correct the header, or delete the column'
        ],
    ),
    "Windows line endings with a letter O for a zero": (
        "windows.csv",
        b"team,inpost_fte\r\nNorth,10\r\nFront Door,1O\r\n",
        [f'row 3 (team Front Door), column B (inpost_fte): "1O" is not a number. {HINT}'],
    ),
    "semicolon-separated with decimal commas": (
        "semicolons.csv",
        b"team;inpost_fte;vacancy_fte\nNorth;12,5;1\nFront Door;8;0\n",
        [
            'row 2 (team North), column B (inpost_fte): "12,5" uses a comma as the decimal point; write it with a full stop, '
            "like 12.5"
        ],
    ),
    "a formula in a CSV cell": (
        "formula.csv",
        b"team,inpost_fte\nNorth,=SUM(A1:A9)\n",
        [
            'row 2 (team North), column B (inpost_fte): "=SUM(A1:A9)" is a formula; type the figure itself, as formulas '
            "are not imported"
        ],
    ),
    "formula cells in a workbook": (
        "formula.xlsx",
        formula_workbook(),
        [
            "row 2 (team North), column B (inpost_fte): the cell holds a formula (=5+5); type the figure itself, as formulas "
            "are not imported"
        ],
    ),
    "a corrupt workbook": (
        "corrupt.xlsx",
        xlsx([["team", "inpost_fte"], ["North", 10]])[:700],
        [
            "the file cannot be read as an Excel workbook; it may be damaged. Save it again from Excel, or as "
            "CSV, and upload it again"
        ],
    ),
    "a zip bomb": (
        "bomb.xlsx",
        zip_bomb(),
        [
            "the workbook unpacks to more than 50 MB, far more than workforce figures need (it may be a zip "
            "bomb); it was refused"
        ],
    ),
    "a zip bomb that lies about its size": (
        "liar.xlsx",
        lying_zip_bomb(),
        [
            "the file cannot be read as an Excel workbook; it may be damaged. Save it again from Excel, or as "
            "CSV, and upload it again"
        ],
    ),
    "XML entity expansion": (
        "entities.xlsx",
        with_entity_expansion(),
        [
            "the workbook contains XML entity or document type declarations, which a spreadsheet saved by Excel "
            "never has; it was refused for safety. Save it again from Excel and upload it"
        ],
    ),
    "a password-protected workbook": (
        "locked.xlsx",
        password_protected(),
        ["the workbook is password-protected; remove the password in Excel, save it and upload it again"],
    ),
    "an old Excel file": (
        "old.xls",
        reading.OLE2_SIGNATURE + bytes(2048),
        ["this is an old Excel 97-2003 (.xls) file; save it as an Excel workbook (.xlsx) or CSV and upload it again"],
    ),
    "a file that is not a spreadsheet": (
        "figures.pdf",
        b"%PDF-1.4 ...",
        ["the file must be a CSV file (.csv) or an Excel workbook (.xlsx)"],
    ),
    "an empty file": ("empty.csv", b"", ["the file is empty"]),
    "too many rows": (
        "long.csv",
        b"team,inpost_fte\n" + b"".join(b"Team %d,1\n" % n for n in range(5001)),
        ["the file has more than 5,000 rows of figures; split it into smaller files"],
    ),
    "too many columns": (
        "wide.csv",
        ("team," + ",".join(f"extra{n}" for n in range(120)) + "\nNorth\n").encode(),
        ["row 1: the row has 121 columns; the most allowed is 100"],
    ),
    "too large": (
        "huge.csv",
        b"team,inpost_fte\n" + b"North,1" + b" " * (5 * 1024 * 1024) + b"\n",
        ["the file is 5.0 MB; the largest file allowed is 5 MB"],
    ),
    "a value in a column with no header": (
        "unnamed.csv",
        b"team,inpost_fte,\nNorth,10,7\n",
        [
            'row 2 (team North), column C: "7" is in a column with no name in the header row; name the column or delete the cell'
        ],
    ),
    "two columns for one figure": (
        "twice.csv",
        b"team,vacancy_fte,Vacancy FTE\nNorth,1,2\n",
        [
            'row 1, column C (Vacancy FTE): this column is vacancy_fte again (column B, "vacancy_fte", is '
            "vacancy_fte too); keep one of them"
        ],
    ),
}


def database_state(path: str) -> str:
    """A fingerprint of the database file and its write-ahead log, byte for byte."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        file = Path(path + suffix)
        digest.update(file.read_bytes() if file.exists() else b"<none>")
    return digest.hexdigest()


@pytest.fixture
def cycle_with_figures(db, make_cycle):
    cycle = make_cycle(status="open", teams=[("North", "Adults", 12), ("Front Door", "Children", 8)])
    workforce.import_file(db, cycle, "first.csv", b"team,inpost_fte,vacancy_fte\nNorth,10,2\nFront Door,8,1\n")
    return cycle


@pytest.mark.parametrize("case", list(BROKEN_FILES))
def test_broken_file_gets_its_precise_message_and_changes_nothing(app, db, cycle_with_figures, case):
    file_name, data, expected = BROKEN_FILES[case]
    before = database_state(app.config["DATABASE"])
    dump = list(db.conn.iterdump())
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.import_file(db, cycle_with_figures, file_name, data)
    assert [str(problem) for problem in raised.value.problems] == expected
    assert str(raised.value).startswith(f"{file_name}: ")
    assert database_state(app.config["DATABASE"]) == before
    assert list(db.conn.iterdump()) == dump


def test_every_problem_in_a_file_is_reported_not_just_the_first(db, cycle_with_figures):
    data = b"team,inpost_fte,vacancy_fte,cases\nNorth,x,-1,2.5\n,3,1,1\nFront Door,abc,1,1\n"
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.plan_import(db, cycle_with_figures, "many.csv", data)
    assert [problem.where for problem in raised.value.problems] == [
        "row 2 (team North), column C (vacancy_fte)",
        "row 2 (team North), column D (cases)",
        "row 3, column A (team)",
        "row 4 (team Front Door), column B (inpost_fte)",
    ]


def test_a_value_given_again_is_judged_again_for_its_row_and_column(db, cycle_with_figures):
    # Each distinct value is checked once per file and its answer reused: the same bad value
    # is reported on every row it is on, and a value fine in one column but not another
    # (2.5 FTE, not 2.5 people) is judged by its column each time.
    data = b"team,inpost_fte,inpost_headcount,vacancy_fte\nNorth,2.5,2.5,abc\nFront Door,2.5,3,abc\n"
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.plan_import(db, cycle_with_figures, "again.csv", data)
    assert [(problem.where, problem.message) for problem in raised.value.problems] == [
        (
            "row 2 (team North), column C (inpost_headcount)",
            "2.5 is not a whole number; people are counted in whole numbers",
        ),
        ("row 2 (team North), column D (vacancy_fte)", f'"abc" is not a number. {HINT}'),
        ("row 3 (team Front Door), column D (vacancy_fte)", f'"abc" is not a number. {HINT}'),
    ]
    plan = workforce.plan_import(
        db, cycle_with_figures, "fixed.csv", b"team,inpost_fte,inpost_headcount\nNorth,2.5,3\nFront Door,2.5,3\n"
    )
    assert {(change.team, change.field, change.new) for change in plan.changes} >= {
        ("North", "inpost_fte", 2.5),
        ("Front Door", "inpost_fte", 2.5),
        ("North", "inpost_headcount", 3.0),
        ("Front Door", "inpost_headcount", 3.0),
    }


def test_an_import_that_fails_half_way_leaves_nothing_behind(app, db, cycle_with_figures, monkeypatch):
    from healthcheck.workforce import importing

    calls = []

    def failing_write(db, cycle_id, team_id, values):
        calls.append(team_id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        original(db, cycle_id, team_id, values)

    original = importing.write_figures
    monkeypatch.setattr(importing, "write_figures", failing_write)
    data = b"team,inpost_fte,vacancy_fte\nNorth,11,3\nFront Door,9,2\nNew team,4,0\n"
    before = database_state(app.config["DATABASE"])
    with pytest.raises(RuntimeError):
        workforce.import_file(db, cycle_with_figures, "half.csv", data, create_teams=True)
    assert len(calls) == 2
    assert database_state(app.config["DATABASE"]) == before
    assert sorted(team["name"] for team in cycles.teams_for(db, cycle_with_figures["id"])) == ["Front Door", "North"]
