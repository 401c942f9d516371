"""LibreOffice opens the workbook and prints it: the action plan gets its own pages."""

import datetime

import openpyxl
import pytest
from pack_files import libreoffice
from pypdf import PdfReader
from results_seed import SMALL, released, seed_results

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.comments import review
from healthcheck.workbook.build import build_workbook, workbook_bytes
from healthcheck.workbook.importing import read_action_plan

pytestmark = pytest.mark.slow


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
    (pdf,) = libreoffice(tmp_path, "pdf", source)
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


# What practitioners and the PSW write that a spreadsheet would otherwise read as a formula or a number.
WORDS = ["=SUM(1)", "+44 7700 900123", "-3 cases", "@home"]


def converted(source, tmp_path, to: str):
    """The workbook converted by LibreOffice (pdf, or xlsx to see what it saves)."""
    out = tmp_path / to
    out.mkdir()
    return libreoffice(tmp_path, to, source, outdir=out)[0]


def test_libreoffice_shows_peoples_words_as_they_wrote_them(db, make_cycle, tmp_path):
    cycle = seed_results(db, make_cycle, release=False)
    first = [row["id"] for row in db.query("select id from responses where cycle_id = ? order by id", [cycle["id"]])]
    db["comments"].insert_all(
        {"response_id": first[index], "standard": 5, "text": text} for index, text in enumerate(WORDS)
    )
    # "+44 7700 900123" looks like a phone number: the PSW reviews it, keeping it as written.
    cycle = cycles.close_cycle(db, cycle)
    for comment in review.comments_to_review(db, cycle):
        review.decide(db, cycle, comment.key, review.KEEP, "psw@council.example")
    cycle = released(db, cycle)
    for text in WORDS:
        actions.create_action(
            db,
            cycle,
            {
                "standard": 5,
                "finding": "Supervision",
                "action": text,
                "owner": "Head of Service",
                "target_date": datetime.date.today(),
                "status": "In progress",
                "progress": "On track",
            },
            "psw@council.example",
        )
    source = tmp_path / "words.xlsx"
    source.write_bytes(workbook_bytes(build_workbook(db, cycle, "psw@council.example")))

    book = openpyxl.load_workbook(source)
    comments = {row[3].value: row[3] for row in book["Comments"].iter_rows(min_row=5)}
    for text in WORDS:
        assert comments[text].data_type == "s" and comments[text].quotePrefix  # no apostrophe, and text

    pages = [page.extract_text() for page in PdfReader(converted(source, tmp_path, "pdf")).pages]
    printed = {
        sheet: " ".join(" ".join(text for text in pages if text.lstrip().startswith(sheet)).split())
        for sheet in ("Comments", "Action plan")
    }
    for text in WORDS:
        for sheet, shown in printed.items():
            assert text in shown, (sheet, text)  # printed as written, never worked out (=SUM(1) would print 1)
            assert "'" + text not in shown, (sheet, text)

    # Saved again by LibreOffice, the words are still text and the action plan reads back unchanged.
    resaved = openpyxl.load_workbook(converted(source, tmp_path, "xlsx"))
    comments = {row[3].value: row[3] for row in resaved["Comments"].iter_rows(min_row=5)}
    assert all(comments[text].data_type == "s" for text in WORDS)
    changes = read_action_plan(db, cycle, cycles.cycle_bank(cycle), resaved)
    assert not changes.has_changes and changes.missing == []
