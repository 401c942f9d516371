"""How much an imported file may hold, and the one check every importer makes of a workbook.

An .xlsx workbook is a zip of XML files, so a small file can unpack to gigabytes (a
"zip bomb"). `workbook_refusal` looks inside the zip, and unpacks it once while counting,
before any XML in it is parsed; it names what is wrong and leaves the wording to the
importer, which knows what the file was meant to hold. Nothing here knows about Flask or
the database.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
import zlib
from pathlib import Path

# What workbook_refusal can find wrong, so that each importer says it in its own words.
NOT_A_ZIP = "not a zip"
TOO_MANY_PARTS = "too many parts"
PASSWORD_PROTECTED = "password-protected"
NOT_A_WORKBOOK = "not a workbook"
UNPACKS_TOO_LARGE = "unpacks too large"
DAMAGED = "damaged"

# The parts every workbook Excel saves holds.
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
CHUNK = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Limits:
    """How much one file may hold: its size, what it may unpack to, its rows and columns."""

    max_rows: int
    max_bytes: int
    max_unpacked_bytes: int
    max_columns: int
    max_parts: int = 1000

    def for_rows(self, rows: int) -> Limits:
        """These limits for up to `rows` rows, the sizes grown in proportion (never below these)."""
        scale = max(1.0, rows / self.max_rows)
        return dataclasses.replace(
            self,
            max_rows=rows,
            max_bytes=int(self.max_bytes * scale),
            max_unpacked_bytes=int(self.max_unpacked_bytes * scale),
        )

    def too_large(self, size: int) -> bool:
        return size > self.max_bytes

    @property
    def megabytes(self) -> int:
        return self.max_bytes // 1024 // 1024

    @property
    def unpacked_megabytes(self) -> int:
        return self.max_unpacked_bytes // 1024 // 1024


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why a workbook was refused (one of the names above), and how many parts it holds."""

    reason: str
    parts: int = 0


def workbook_refusal(source: bytes | Path, limits: Limits) -> Refusal | None:
    """What makes this .xlsx unsafe or unusable to open, or None when it may be opened."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, ValueError, OSError):
        return Refusal(NOT_A_ZIP)
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.max_parts:
            return Refusal(TOO_MANY_PARTS, len(parts))
        if any(part.flag_bits & 0x1 for part in parts):
            return Refusal(PASSWORD_PROTECTED, len(parts))
        # What the zip claims first; after the parts are known to be a workbook's, unpack once,
        # counting, to be sure: a part that claims less than it holds fails its checksum here,
        # before any XML is parsed.
        if sum(part.file_size for part in parts) > limits.max_unpacked_bytes:
            return Refusal(UNPACKS_TOO_LARGE, len(parts))
        names = {part.filename for part in parts}
        if any(name not in names for name in WORKBOOK_PARTS):
            return Refusal(NOT_A_WORKBOOK, len(parts))
        unpacked = 0
        try:
            for part in parts:
                with archive.open(part) as stream:
                    while chunk := stream.read(CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limits.max_unpacked_bytes:
                            return Refusal(UNPACKS_TOO_LARGE, len(parts))
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            RuntimeError,
            NotImplementedError,
        ):
            return Refusal(DAMAGED, len(parts))
    return None
