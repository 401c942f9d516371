"""Reading an uploaded CSV or XLSX file into rows of cells, safely and within limits.

Nothing here knows about workforce fields: it turns bytes into a header row and data
rows numbered as a spreadsheet numbers them, or refuses the file with a reason.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from healthcheck.uploads import files
from healthcheck.uploads.files import Limits
from healthcheck.workforce.values import FileProblem, Formula, WorkforceFileError, is_blank

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 100
# What an XLSX file (a zip of XML files) may unpack to, and how many parts it may hold.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
CSV_DELIMITERS = (",", ";", "\t")


# The defaults suit a file uploaded through the web page; a command-line import of a
# large national file may raise them (UPLOAD_LIMITS.for_rows).
UPLOAD_LIMITS = Limits(
    max_rows=MAX_ROWS,
    max_bytes=MAX_BYTES,
    max_unpacked_bytes=MAX_UNPACKED_BYTES,
    max_columns=MAX_COLUMNS,
    max_parts=MAX_ZIP_MEMBERS,
)


@dataclass
class Grid:
    """A file's header row and its data rows; each row is (row number, cells)."""

    file_name: str
    headers: list
    rows: list[tuple[int, list]] = field(default_factory=list)
    delimiter: str | None = None  # for CSV files
    header_row: int = 1
    # Rows read but left out, each (row number, what it was), for the import to list.
    left_out: list[tuple[int, str]] = field(default_factory=list)


def read_upload(file_name: str, data: bytes, limits: Limits = UPLOAD_LIMITS) -> Grid:
    """The file's rows, or WorkforceFileError saying why it cannot be read."""
    name = PurePath(file_name or "upload").name
    suffix = PurePath(name).suffix.lower()

    def refuse(message: str):
        raise WorkforceFileError(name, [FileProblem(message)])

    if limits.too_large(len(data)):
        refuse(f"the file is {len(data) / 1024 / 1024:.1f} MB; the largest file allowed is {limits.megabytes} MB")
    if not data.strip():
        refuse("the file is empty")
    if data.startswith(OLE2_SIGNATURE):
        if ENCRYPTED_PACKAGE in data:
            refuse("the workbook is password-protected; remove the password in Excel, save it and upload it again")
        refuse(
            "this is an old Excel 97-2003 (.xls) file; save it as an Excel workbook (.xlsx) or CSV and upload it again"
        )
    # A workbook saved or renamed with a .csv name is still a workbook.
    if suffix in (".xlsx", ".xlsm") or (suffix in (".csv", ".txt") and data.startswith(b"PK\x03\x04")):
        return _read_xlsx(name, data, limits)
    if suffix in (".csv", ".txt"):
        return _read_csv(name, data, limits)
    if suffix == ".xls":
        refuse(
            "this is an old Excel 97-2003 (.xls) file; save it as an Excel workbook (.xlsx) or CSV and upload it again"
        )
    refuse("the file must be a CSV file (.csv) or an Excel workbook (.xlsx)")


def _read_csv(name: str, data: bytes, limits: Limits) -> Grid:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WorkforceFileError(
            name, [FileProblem("the file is not a CSV text file; save it as CSV and upload it again")]
        )
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # Excel saves "CSV" with semicolons where the comma is the decimal point.
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    filled = 0
    try:
        for record in reader:
            records.append(record)
            filled += not all(is_blank(value) for value in record)
            if filled > limits.max_rows + 1:
                raise WorkforceFileError(name, [FileProblem(_too_many_rows(limits))])
    except csv.Error as error:
        raise WorkforceFileError(
            name, [FileProblem(f"the file cannot be read as CSV ({error})", row=len(records) + 1)]
        ) from None
    return _grid(name, records, delimiter, limits)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        # utf-8-sig drops the byte-order mark Excel puts at the start of "CSV UTF-8".
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Plain "CSV" from Excel on Windows is saved in the Windows-1252 code page.
        return data.decode("cp1252", errors="replace")


def _read_xlsx(name: str, data: bytes, limits: Limits) -> Grid:
    _check_zip(name, data, limits)
    from openpyxl import load_workbook

    try:
        # data_only=False so a formula is seen as a formula and refused, never taken
        # at the value Excel last cached for it; read_only streams the sheet.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = _figures_sheet(workbook)
            sheet.reset_dimensions()  # the stored size may be wrong: read the real cells
            records = []
            filled = 0
            for row_number, row in enumerate(sheet.iter_rows(), start=1):
                values = [_cell_value(cell) for cell in row]
                while values and is_blank(values[-1]):
                    values.pop()
                if len(values) > limits.max_columns:
                    raise WorkforceFileError(
                        name, [FileProblem(_too_many_columns(len(values), limits), row=row_number)]
                    )
                filled += bool(values)
                if filled > limits.max_rows + 1:
                    raise WorkforceFileError(name, [FileProblem(_too_many_rows(limits))])
                records.append(values)
        finally:
            workbook.close()
    except WorkforceFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise WorkforceFileError(name, [FileProblem(_unreadable_xlsx(error))]) from None
    while records and not any(not is_blank(value) for value in records[-1]):
        records.pop()
    return _grid(name, records, None, limits)


def _figures_sheet(workbook):
    """The sheet named Figures (as in the template), else the first sheet."""
    for sheet in workbook.worksheets:
        if sheet.title.strip().lower() == "figures":
            return sheet
    if not workbook.worksheets:
        raise ValueError("no worksheets")
    return workbook.worksheets[0]


def _cell_value(cell):
    """A cell's value, or a Formula for a formula cell. Text that only looks like a formula
    ("=Odd name" in a string cell, as the template writes it) is text, and read as text."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(value))
    return value


def _unreadable_xlsx(error: Exception) -> str:
    # openpyxl wraps what defusedxml raised, so look along the chain of causes.
    kinds = set()
    while error is not None:
        kinds.add(type(error).__name__)
        error = error.__cause__ or error.__context__
    if kinds & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"}:
        return (
            "the workbook contains XML entity or document type declarations, which a spreadsheet "
            "saved by Excel never has; it was refused for safety. Save it again from Excel and upload it"
        )
    return "the file cannot be read as an Excel workbook; it may be damaged. Save it again from Excel, or as CSV, and upload it again"


def check_workbook_archive(name: str, data: bytes) -> None:
    """Refuse a damaged, encrypted or oversized workbook before any XML in it is parsed."""
    _check_zip(name, data, UPLOAD_LIMITS)


def _check_zip(name: str, data: bytes, limits: Limits) -> None:
    """Refuse a damaged, encrypted or oversized zip before any XML in it is parsed."""
    refusal = files.workbook_refusal(data, limits)
    if refusal is None:
        return
    messages = {
        files.TOO_MANY_PARTS: (
            f"the workbook holds {refusal.parts} parts; a workforce workbook needs far fewer, so it was refused"
        ),
        files.PASSWORD_PROTECTED: (
            "the workbook is password-protected; remove the password in Excel, save it and upload it again"
        ),
        files.NOT_A_WORKBOOK: "the file is a zip archive but not an Excel workbook; save the figures as .xlsx or CSV",
        files.UNPACKS_TOO_LARGE: (
            f"the workbook unpacks to more than {limits.unpacked_megabytes} MB, far more than "
            "workforce figures need (it may be a zip bomb); it was refused"
        ),
    }
    raise WorkforceFileError(name, [FileProblem(messages.get(refusal.reason) or _unreadable_xlsx(ValueError()))])


def _too_many_rows(limits: Limits) -> str:
    return f"the file has more than {limits.max_rows:,} rows of figures; split it into smaller files"


def _too_many_columns(count: int, limits: Limits) -> str:
    return f"the row has {count} columns; the most allowed is {limits.max_columns}"


def _grid(name: str, records: list[list], delimiter: str | None, limits: Limits = UPLOAD_LIMITS) -> Grid:
    # Leading blank rows are skipped: the header is the first row with something in it.
    start = 0
    while start < len(records) and all(is_blank(value) for value in records[start]):
        start += 1
    if start == len(records):
        raise WorkforceFileError(name, [FileProblem("the file has no header row and no figures")])
    # A title above the header ("Workforce figures, March 2025") fills one cell of its row;
    # the header is the first row that names more than one column.
    titles = []
    while start + 1 < len(records) and sum(not is_blank(value) for value in records[start]) <= 1:
        if any(not is_blank(value) for value in records[start]):
            titles.append((start + 1, str(next(v for v in records[start] if not is_blank(v))).strip()))
        start += 1
    header_row = start + 1
    headers = list(records[start])
    while headers and is_blank(headers[-1]):
        headers.pop()
    if len(headers) > limits.max_columns:
        raise WorkforceFileError(name, [FileProblem(_too_many_columns(len(headers), limits), row=header_row)])
    rows = []
    for index in range(start + 1, len(records)):
        cells = list(records[index])
        while cells and is_blank(cells[-1]):
            cells.pop()
        if not cells or all(is_blank(value) for value in cells):
            continue
        if len(cells) > limits.max_columns:
            raise WorkforceFileError(name, [FileProblem(_too_many_columns(len(cells), limits), row=index + 1)])
        if len(rows) == limits.max_rows:
            raise WorkforceFileError(name, [FileProblem(_too_many_rows(limits))])
        rows.append((index + 1, cells))
    grid = Grid(name, headers, rows, delimiter, header_row)
    grid.left_out = [(number, f'a title above the header row ("{text[:80]}")') for number, text in titles]
    return grid
