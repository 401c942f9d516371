"""Attack: an administrator, who may not open the results pages, downloads the action-plan
workbook (or asks for suggested actions, or the JSON) to read every score and comment."""

import io

import openpyxl
from results_seed import seed_results

SLUG = "health-check-2026"
RESULT_SHEETS = {"Summary", "Standards", "Teams", "Comments"}


def every_cell(book) -> str:
    return " ".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value
    )


def test_the_administrators_workbook_holds_no_results_or_comments(db, make_cycle, sign_in):
    seed_results(db, make_cycle)
    response = sign_in("admin").get(f"/admin/cycles/{SLUG}/action-plan.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert "Action plan" in book.sheetnames  # the plan itself is theirs to run
    assert not RESULT_SHEETS & set(book.sheetnames)
    text = every_cell(book)
    assert "caseloads" not in text and "Supervision note" not in text


def test_the_administrator_gets_no_suggestions_scores_or_comments(db, make_cycle, sign_in):
    seed_results(db, make_cycle)
    admin = sign_in("admin")
    for path in [
        f"/admin/cycles/{SLUG}/actions/suggested",
        f"/admin/cycles/{SLUG}/results",
        f"/admin/cycles/{SLUG}/results/scores.json",
        f"/admin/cycles/{SLUG}/results/comments",
    ]:
        assert admin.get(path).status_code == 403, path
    assert "suggest-actions" not in admin.get(f"/admin/cycles/{SLUG}/actions").get_data(as_text=True)


def test_the_psw_still_gets_the_whole_workbook(db, make_cycle, sign_in):
    seed_results(db, make_cycle)
    response = sign_in("psw").get(f"/admin/cycles/{SLUG}/action-plan.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert {"Action plan", "Workforce", "About"} <= set(book.sheetnames)
