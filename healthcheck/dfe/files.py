"""Opening a workbook someone brings for benchmarks (the DfE's neighbours table, Skills for
Care's download) only after its size and archive have been checked."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable

from healthcheck.workforce.reading import WorkforceFileError, check_workbook_archive


@contextlib.contextmanager
def opened_workbook(name: str, data: bytes, max_bytes: int, refused: Callable[[str], Exception], too_large: str = ""):
    """The workbook in `data`, read-only and closed afterwards; refused(message) is raised for a
    file too large (its message ending with `too_large`), a damaged, encrypted or oversized
    archive, or one openpyxl cannot read."""
    if len(data) > max_bytes:
        raise refused(f"{name}: the file is larger than {max_bytes // 1_000_000} MB{too_large}")
    from openpyxl import load_workbook

    try:
        check_workbook_archive(name, data)
    except WorkforceFileError as error:
        raise refused(str(error)) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise refused(f"{name}: cannot be read as an Excel workbook; it may be damaged") from None
    try:
        yield workbook
    finally:
        workbook.close()
