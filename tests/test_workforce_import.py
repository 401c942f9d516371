"""Importing workforce figures: messy but valid files, what the preview says, the template."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from healthcheck import cycles, workforce
from healthcheck.problems import CycleClosed
from healthcheck.results.compute import release_results
from healthcheck.workforce.template import template_csv, template_xlsx

TEAMS = [("North", "Adults", 12), ("Front Door", "Children", 8), ("Small", "Mental health", 3)]


@pytest.fixture
def cycle(make_cycle):
    return make_cycle(status="open", teams=TEAMS)


def team_id(db, cycle, name):
    return next(team["id"] for team in cycles.teams_for(db, cycle["id"]) if team["name"] == name)


def stored(db, cycle, name):
    return workforce.figures_for(db, cycle["id"]).get(team_id(db, cycle, name), {})


def xlsx(sheets: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_byte_order_mark_and_windows_line_endings_import_cleanly(db, cycle):
    data = "\ufeffteam,inpost_fte,vacancy_fte\r\nNorth,10.5,2\r\nFront Door,8,0\r\n".encode("utf-8")
    _, result = workforce.import_file(db, cycle, "windows.csv", data)
    assert stored(db, cycle, "North") == {"inpost_fte": 10.5, "vacancy_fte": 2.0}
    assert stored(db, cycle, "Front Door") == {"inpost_fte": 8.0, "vacancy_fte": 0.0}
    assert (result.added, result.teams) == (4, 2)


def test_semicolon_separated_file_imports(db, cycle):
    data = b"team;inpost_fte;cases\nNorth;10.5;150\nFront Door;8;120\n"
    workforce.import_file(db, cycle, "europe.csv", data)
    assert stored(db, cycle, "North") == {"inpost_fte": 10.5, "cases": 150.0}


def test_headers_match_ignoring_case_spaces_underscores_percent_and_labels(db, cycle):
    data = b"Team,In Post FTE,VACANCY_FTE %,Agency workers,cases held by case-holding staff\nNorth,10,1,2,140\n"
    plan, _ = workforce.import_file(db, cycle, "headers.csv", data)
    assert plan.fields == ["inpost_fte", "vacancy_fte", "agency_fte", "cases"]
    assert stored(db, cycle, "North") == {"inpost_fte": 10, "vacancy_fte": 1, "agency_fte": 2, "cases": 140}


def test_quoted_thousands_in_a_comma_file_are_numbers(db, cycle):
    workforce.import_file(db, cycle, "big.csv", b'team,referrals\nNorth,"1,234"\n')
    assert stored(db, cycle, "North") == {"referrals": 1234}


def test_markers_and_blanks_mean_not_available_and_remove_a_stored_figure(db, cycle):
    workforce.import_file(
        db, cycle, "first.csv", b"team,inpost_fte,vacancy_fte,agency_fte,cases,leavers_fte\nNorth,10,1,2,140,3\n"
    )
    data = b"team,inpost_fte,vacancy_fte,agency_fte,cases,leavers_fte\nNorth,c,X,z,low,\n"
    plan = workforce.plan_import(db, cycle, "markers.csv", data)
    assert plan.count("removed") == 5 and plan.count("added") == 0
    workforce.apply_import(db, cycle, plan)
    assert stored(db, cycle, "North") == {}


def test_columns_not_in_the_file_are_left_alone(db, cycle):
    workforce.import_file(db, cycle, "a.csv", b"team,inpost_fte,vacancy_fte\nNorth,10,1\n")
    plan, result = workforce.import_file(db, cycle, "b.csv", b"team,vacancy_fte\nNorth,3\n")
    assert (result.added, result.changed, result.removed) == (0, 1, 0)
    assert [(c.field, c.old, c.new, c.kind) for c in plan.changes] == [("vacancy_fte", 1.0, 3.0, "changed")]
    assert stored(db, cycle, "North") == {"inpost_fte": 10, "vacancy_fte": 3}


def test_the_preview_counts_and_fingerprint_describe_exactly_what_changes(db, cycle):
    workforce.import_file(db, cycle, "a.csv", b"team,inpost_fte,vacancy_fte\nNorth,10,1\nFront Door,8,1\n")
    data = b"team,inpost_fte,vacancy_fte,cases\nNorth,10,2,140\nFront Door,8,,100\n"
    plan = workforce.plan_import(db, cycle, "b.csv", data)
    assert (plan.count("added"), plan.count("changed"), plan.count("removed"), plan.unchanged) == (2, 1, 1, 2)
    assert plan.fingerprint == workforce.plan_import(db, cycle, "b.csv", data).fingerprint
    workforce.import_file(db, cycle, "c.csv", b"team,vacancy_fte\nNorth,5\n")
    assert workforce.plan_import(db, cycle, "b.csv", data).fingerprint != plan.fingerprint
    assert stored(db, cycle, "Front Door") == {"inpost_fte": 8, "vacancy_fte": 1}  # planning changed nothing


def test_a_workbook_is_read_from_its_figures_sheet(db, cycle):
    data = xlsx(
        {
            "Notes": [["Read me first"]],
            "Figures": [
                ["team", "inpost_fte", "vacancy_fte", "cases"],
                ["North", 10.5, "2", None],
                ["Front Door", 8, None, 100],
                [None, None, None, None],
            ],
        }
    )
    workforce.import_file(db, cycle, "figures.xlsx", data)
    assert stored(db, cycle, "North") == {"inpost_fte": 10.5, "vacancy_fte": 2}
    assert stored(db, cycle, "Front Door") == {"inpost_fte": 8, "cases": 100}


def test_a_named_team_column_is_used(db, cycle):
    data = b"Service,Unit,inpost_fte\nAdults,North,10\n"
    workforce.import_file(db, cycle, "units.csv", data, team_column="unit")
    assert stored(db, cycle, "North") == {"inpost_fte": 10}
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.plan_import(db, cycle, "units.csv", data, team_column="Team name")
    assert str(raised.value.problems[0]) == (
        'row 1: there is no column named "Team name" for the team names. The columns are: "Service", "Unit", '
        '"inpost_fte"'
    )


def test_new_teams_are_added_only_when_asked_with_their_service_area_and_headcount(db, cycle):
    data = b"team,service_area,headcount,inpost_fte\nNorth,,,10\nHospital Discharge,adults,14,12.5\n"
    with pytest.raises(workforce.WorkforceFileError):
        workforce.plan_import(db, cycle, "new.csv", data)
    plan, result = workforce.import_file(db, cycle, "new.csv", data, create_teams=True)
    assert [(t.name, t.service_area, t.headcount) for t in plan.new_teams] == [("Hospital Discharge", "Adults", 14)]
    assert result.created_teams == 1
    assert stored(db, cycle, "Hospital Discharge") == {"inpost_fte": 12.5}


def test_a_new_team_with_an_unknown_service_area_is_refused(db, cycle):
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.plan_import(
            db, cycle, "new.csv", b"team,service_area,inpost_fte\nOT Team,Health,3\n", create_teams=True
        )
    assert str(raised.value.problems[0]) == (
        'row 2 (team OT Team), column B (service_area): "Health" is not a service area; use one of Adults, Children, '
        "All-age disability, Mental health, Other"
    )
    assert len(cycles.teams_for(db, cycle["id"])) == 3


def test_a_released_cycle_cannot_take_figures(db, make_cycle):
    closed = make_cycle(slug="old-check", status="closed", teams=TEAMS)
    closed = release_results(db, closed)
    with pytest.raises(CycleClosed, match="results are released"):
        workforce.import_file(db, closed, "late.csv", b"team,inpost_fte\nNorth,10\n")
    assert db["workforce_figures"].count == 0


def test_a_small_teams_stored_figures_about_individuals_stay_hidden_in_the_preview(db, cycle):
    first = (
        b"team,inpost_fte,inpost_headcount,working_days_lost,vacancy_fte\n"
        b"North,10,12,40,1\nFront Door,7,8,30,1\nSmall,3,3,25,0\n"
    )
    workforce.import_file(db, cycle, "a.csv", first)
    plan = workforce.plan_import(db, cycle, "b.csv", first)  # the same figures again
    # Unchanged figures are not listed, except hidden ones: "unchanged" would confirm a guess.
    assert {(c.team, c.field, c.old_hidden) for c in plan.changes} == {
        ("Small", "working_days_lost", True),
        ("Front Door", "working_days_lost", True),
    }


def test_the_excel_template_has_every_column_the_teams_and_notes_with_the_definitions(db, cycle):
    cycle = workforce.save_definitions(
        db,
        cycle,
        {"case_definition": "A family counts as one case", "long_term_absence_definition": "Four weeks or more"},
    )
    cycles.add_team(db, cycle, {"name": '=HYPERLINK("x")', "service_area": "Other", "headcount": 5})
    workbook = load_workbook(io.BytesIO(template_xlsx(db, cycle)))
    assert workbook.sheetnames == ["Figures", "Notes"]
    figures = workbook["Figures"]
    bank = cycles.cycle_bank(cycle)
    # Plain-English headings; the short codes stay in the notes and are still accepted.
    assert [cell.value for cell in figures[1]] == ["Team"] + [f.label for f in bank.workforce_fields]
    names = [row[0].value for row in figures.iter_rows(min_row=2)]
    assert '=HYPERLINK("x")' in names and "North" in names
    assert next(row[0] for row in figures.iter_rows(min_row=2) if row[0].value.startswith("=")).quotePrefix
    assert all(cell.data_type != "f" for row in figures.iter_rows() for cell in row)
    notes = [" ".join(str(v) for v in row if v is not None) for row in workbook["Notes"].iter_rows(values_only=True)]
    text = "\n".join(notes)
    assert "A family counts as one case" in text and "Four weeks or more" in text
    for field in bank.workforce_fields:
        assert any(line.startswith(field.key + " ") for line in notes), field.key
    working_days = next(line for line in notes if line.startswith("working_days_lost "))
    assert "hidden for teams with fewer than 5 staff" in working_days and "days" in working_days


def test_a_filled_in_template_imports_back_including_a_name_written_safely(db, cycle):
    cycles.add_team(db, cycle, {"name": "=Odd name", "service_area": "Other", "headcount": 5})
    workbook = load_workbook(io.BytesIO(template_xlsx(db, cycle)))
    sheet = workbook["Figures"]
    for row in sheet.iter_rows(min_row=2):
        row[1].value = 9.5  # establishment_fte
    out = io.BytesIO()
    workbook.save(out)
    _, result = workforce.import_file(db, cycle, "filled.xlsx", out.getvalue())
    assert result.teams == 4 and result.added == 4
    assert stored(db, cycle, "=Odd name") == {"establishment_fte": 9.5}


def test_the_csv_template_imports_back_unchanged(db, cycle):
    data = template_csv(db, cycle)
    bank = cycles.cycle_bank(cycle)
    assert data.startswith(("\ufeffTeam," + bank.workforce_fields[0].label).encode("utf-8"))
    plan, result = workforce.import_file(db, cycle, "template.csv", data)
    assert result.teams == 3 and plan.changes == []


def test_a_workbook_saved_with_a_csv_name_is_read_as_a_workbook(db, cycle):
    data = xlsx({"Sheet1": [["team", "inpost_fte"], ["North", 10]]})
    workforce.import_file(db, cycle, "figures.csv", data)
    assert stored(db, cycle, "North") == {"inpost_fte": 10}


def test_every_heading_has_a_note_and_every_figure_cell_is_checked_as_a_number(db, cycle):
    workbook = load_workbook(io.BytesIO(template_xlsx(db, cycle)))
    figures = workbook["Figures"]
    bank = cycles.cycle_bank(cycle)
    for field, cell in zip(bank.workforce_fields, figures[1][1:], strict=True):
        assert cell.comment is not None, field.key
        assert field.description[:30] in cell.comment.text and f"Short code: {field.key}" in cell.comment.text
        assert "n/a" in cell.comment.text
    assert figures["A1"].comment is not None
    rules = {str(rule.sqref): rule for rule in figures.data_validations.dataValidation}
    assert len(rules) == len(bank.workforce_fields)
    cases = next(
        rule
        for ref, rule in rules.items()
        if ref.startswith(figures.cell(1, 2 + [f.key for f in bank.workforce_fields].index("cases")).column_letter)
    )
    assert cases.type == "custom" and "ISNUMBER" in cases.formula1 and "INT(" in cases.formula1
    assert '"n/a"' in cases.formula1 and '"tbc"' in cases.formula1 and '"-"' in cases.formula1
    assert "whole numbers" in cases.error


def test_the_codes_are_still_accepted_as_headings(db, cycle):
    workforce.import_file(db, cycle, "codes.csv", b"team,inpost_fte\nNorth,10\n")
    assert stored(db, cycle, "North") == {"inpost_fte": 10}


def test_not_available_words_mean_not_available(db, cycle):
    data = b"team,inpost_fte,vacancy_fte,cases\nNorth,n/a,N/A,-\nSmall,TBC,,tbc\n"
    plan, result = workforce.import_file(db, cycle, "gaps.csv", data)
    assert stored(db, cycle, "North") == {} and stored(db, cycle, "Small") == {}
    assert result.teams == 2
