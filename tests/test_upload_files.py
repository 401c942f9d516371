"""One check of a workbook's zip, made by every importer before any XML in it is parsed."""

import dataclasses
import io
import zipfile

import pytest

from healthcheck.survey import importing as response_import
from healthcheck.uploads import files
from healthcheck.workbook import importing as workbook_import
from healthcheck.workforce import reading

SMALL = files.Limits(max_rows=10, max_bytes=1024 * 1024, max_unpacked_bytes=1024 * 1024, max_columns=5, max_parts=4)


def workbook(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def sound(**more) -> dict[str, bytes]:
    return {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", **more}


def test_a_modest_workbook_may_be_opened():
    assert files.workbook_refusal(workbook(sound()), SMALL) is None


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"team,inpost_fte\n", files.NOT_A_ZIP),
        (workbook(sound(a=b"", b=b"", c=b"")), files.TOO_MANY_PARTS),
        (workbook({"xl/workbook.xml": b"<workbook/>"}), files.NOT_A_WORKBOOK),
        (workbook(sound(big=b" " * (1024 * 1024 + 1))), files.UNPACKS_TOO_LARGE),
    ],
)
def test_a_workbook_is_refused_saying_why(content, reason):
    assert files.workbook_refusal(content, SMALL).reason == reason


def test_a_part_that_holds_more_than_it_claims_is_refused_as_damaged():
    content = workbook(sound(**{"xl/sheet.xml": b"x" * 100}), zipfile.ZIP_STORED)
    # Stored parts claim two equal sizes (packed and unpacked): make the sheet's claim less.
    claimed = (100).to_bytes(4, "little")
    tampered = content.replace(claimed + claimed, (10).to_bytes(4, "little") * 2)
    assert tampered != content
    assert files.workbook_refusal(tampered, SMALL).reason == files.DAMAGED


def test_raising_the_rows_grows_the_sizes_and_never_shrinks_them():
    assert SMALL.for_rows(5) == dataclasses.replace(SMALL, max_rows=5)
    assert SMALL.for_rows(100).max_unpacked_bytes == 10 * SMALL.max_unpacked_bytes


def test_every_importer_refuses_the_same_zip_bomb(tmp_path):
    bomb = workbook(sound(**{"xl/worksheets/sheet1.xml": b" " * (200 * 1024 * 1024 + 1)}))
    with pytest.raises(reading.WorkforceFileError, match="unpacks to more than 50 MB"):
        reading.read_upload("figures.xlsx", bomb)
    with pytest.raises(workbook_import.WorkbookError, match="unpacks to more than 50 MB"):
        workbook_import.open_workbook(bomb, "plan.xlsx")
    path = tmp_path / "answers.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(response_import.ResponseImportError, match="unpacks to more than 200 MB"):
        response_import.read_rows(path)
