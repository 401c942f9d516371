"""LibreOffice opens the workbook and prints it: the action plan gets its own pages."""

import datetime
import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from results_seed import SMALL, seed_results

from healthcheck.actions import plan as actions
from healthcheck.workbook.build import build_workbook, workbook_bytes

pytestmark = pytest.mark.slow


def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path, (
        "LibreOffice is not installed: install Debian's libreoffice-calc-nogui package (make test does as root)"
    )
    return path


def test_libreoffice_converts_the_workbook_to_pdf(db, make_cycle, tmp_path):
    cycle = seed_results(db, make_cycle)
    for number, text in enumerate(["Book monthly supervision for every practitioner", "=1+1", "@SUM(1)"], start=1):
        actions.create_action(
            db,
            cycle,
            {
                "standard": 5,
                "step": 8,
                "finding": f"Finding {number}",
                "action": text,
                "owner": "Head of Service",
                "lead": "",
                "target_date": datetime.date.today(),
                "status": "In progress",
                "progress": "At risk",
            },
            "psw@council.example",
        )
    source = tmp_path / "plan.xlsx"
    source.write_bytes(workbook_bytes(build_workbook(db, cycle, "psw@council.example")))
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "plan.pdf"
    assert pdf.exists(), result.stdout + result.stderr
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    plan_pages = [text for text in pages if "Action id" in text and "A-001" in text]
    assert len(plan_pages) == 1
    plan = plan_pages[0]
    assert "Book monthly supervision for every practitioner" in plan
    # crafted text is printed as it was typed, never worked out
    assert "=1+1" in plan and "@SUM(1)" in plan
    assert any(text.lstrip().startswith("About") for text in pages)
    # the results sheets print too, the chart with its figures and the hidden team in words
    summary = next(text for text in pages if text.lstrip().startswith("Summary"))
    assert "Scores by standard (out of 100)" in summary and "8 Effective partnerships" in summary
    teams = next(text for text in pages if text.lstrip().startswith("Teams"))
    assert f"{SMALL}" in teams.replace("\n", " ") and "Fewer than 5" in teams
