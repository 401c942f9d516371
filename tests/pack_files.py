"""Reading the committee pack's files back as a person's software would: every word of the
Word report and of the slides (charts' categories and labels included), and PDFs made by
LibreOffice."""

import io
import os
import shutil
import subprocess
from pathlib import Path

from docx import Document
from pptx import Presentation


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pptx_text(content: bytes) -> str:
    parts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                chart = shape.chart
                parts += [str(category) for category in chart.plots[0].categories]
                for point in chart.series[0].points:
                    parts.append(point.data_label.text_frame.text)
    return "\n".join(parts)


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path, (
        "LibreOffice is not installed: install Debian's libreoffice-calc-nogui, -writer-nogui and "
        "-impress-nogui packages (make test does as root)"
    )
    return path


def libreoffice(folder: Path, to: str, *files: Path, outdir: Path | None = None) -> list[Path]:
    """Each file converted by LibreOffice (to "pdf", or "xlsx" to see what it saves), as a person
    would, with a profile of its own in `folder` so runs never clash."""
    outdir = outdir or folder
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(folder)},
    )
    assert result.returncode == 0, result.stderr
    converted = [outdir / f"{file.stem}.{to}" for file in files]
    assert all(path.exists() for path in converted), result.stdout + result.stderr
    return converted


def to_pdf(folder: Path, *files: Path) -> list[Path]:
    """Each file converted to PDF by LibreOffice."""
    return libreoffice(folder, "pdf", *files)
