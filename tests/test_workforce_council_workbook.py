"""A council's own HR workbook, as kept: a title row, section headings, a subtotal and a
"Grand total", rates typed as decimals and "n/a", "-" or "TBC" for figures not known. The
team figures are imported and nothing else, or the file is refused naming each problem;
a total or heading never becomes a team."""

import pytest
from openpyxl import Workbook

from healthcheck import cycles, workforce
from healthcheck.workforce.values import WorkforceFileError

HEADER = ["Team", "Establishment FTE", "In post FTE", "Vacancy FTE", "Agency FTE", "Leavers FTE", "Notes"]


def council_workbook(tmp_path, vacancies=(0.18, 0.11), agency=(0.09, 0.05)) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "March 2024"
    sheet.append(["Social work workforce by team, March 2024 (fictional)"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(["Children's Services"])
    sheet.append(["Front Door", 12, 10, vacancies[0], agency[0], 2, "two posts out to advert"])
    sheet.append(["Locality North", 14, 12.5, vacancies[1], agency[1], 1.5, None])
    sheet.append(["Children's Services subtotal", 26, 22.5, sum(vacancies), sum(agency), 3.5, None])
    sheet.append(["Adult Services"])
    sheet.append(["Hospital Discharge", 8, 7, "n/a", "-", "TBC", "restructure pending"])
    sheet.append(["Grand total", 34, 29.5, sum(vacancies), sum(agency), 3.5, None])
    path = tmp_path / "hr-workforce.xlsx"
    workbook.save(path)
    return path.read_bytes()


@pytest.fixture
def cycle(make_cycle):
    return make_cycle(status="open", teams=[("Front Door", "Children", 12), ("Locality North", "Children", 14)])


def test_rates_typed_as_decimals_are_refused_with_the_reason_and_no_total_becomes_a_team(db, cycle, tmp_path):
    with pytest.raises(WorkforceFileError) as refused:
        workforce.plan_import(db, cycle, "hr-workforce.xlsx", council_workbook(tmp_path), create_teams=True)
    messages = [str(problem) for problem in refused.value.problems]
    assert messages == [
        "row 5 (team Front Door), column D (Vacancy FTE): every figure in this column is below 1 (0.18, 0.11): these look like "
        "rates typed as decimals, not vacancies in FTE. Put the FTE itself (the rate is worked out from it)",
        "row 5 (team Front Door), column E (Agency FTE): every figure in this column is below 1 (0.09, 0.05): these look like "
        "rates typed as decimals, not agency workers in FTE. Put the FTE itself (the rate is worked out from it)",
    ]
    assert [team["name"] for team in cycles.teams_for(db, cycle["id"])] == ["Front Door", "Locality North"]


def test_a_rate_with_a_percent_sign_is_refused_where_it_is(db, cycle, tmp_path):
    data = council_workbook(tmp_path, vacancies=(2, 1.5), agency=(1, 0.5))
    data = _with_cell(tmp_path, data, "D5", "18%")
    with pytest.raises(WorkforceFileError) as refused:
        workforce.plan_import(db, cycle, "hr-workforce.xlsx", data)
    assert str(refused.value.problems[0]).startswith(
        'row 5 (team Front Door), column D (Vacancy FTE): "18%" is a rate, not a figure'
    )


def test_the_team_figures_are_imported_and_every_other_row_is_said_to_be_left_out(runner, db, cycle, tmp_path):
    path = tmp_path / "fixed.xlsx"
    path.write_bytes(council_workbook(tmp_path, vacancies=(2, 1.5), agency=(1, 0.5)))
    refused = runner.invoke(args=["import-workforce", str(path), "--cycle", cycle["slug"], "--create-teams"])
    assert refused.exit_code == 1
    assert "Columns not imported: Notes" in refused.output
    assert "1 column is not one this import knows" in refused.output
    result = runner.invoke(
        args=["import-workforce", str(path), "--cycle", cycle["slug"], "--create-teams", "--skip-columns"]
    )
    assert result.exit_code == 0, result.output
    for notice in (
        'fixed.xlsx, row 1: a title above the header row ("Social work workforce by team, March 2024 (fictional)"); '
        "left out.",
        'fixed.xlsx, row 4: "Children\'s Services" has no figures, so it is taken as a section heading; left out.',
        'fixed.xlsx, row 7: "Children\'s Services subtotal" is a total, not a team; left out.',
        'fixed.xlsx, row 8: "Adult Services" has no figures, so it is taken as a section heading; left out.',
        'fixed.xlsx, row 10: "Grand total" is a total, not a team; left out.',
    ):
        assert notice in result.output
    names = [team["name"] for team in cycles.teams_for(db, cycle["id"])]
    assert sorted(names) == ["Front Door", "Hospital Discharge", "Locality North"]
    figures = workforce.figures_for(db, cycle["id"])
    by_name = {team["name"]: figures.get(team["id"], {}) for team in cycles.teams_for(db, cycle["id"])}
    assert by_name["Front Door"]["vacancy_fte"] == 2
    assert by_name["Locality North"]["inpost_fte"] == 12.5
    # "n/a", "-" and "TBC" are figures not known: nothing is stored for them, never a zero.
    assert by_name["Hospital Discharge"] == {"establishment_fte": 8, "inpost_fte": 7}


def _with_cell(tmp_path, data: bytes, cell: str, value) -> bytes:
    from openpyxl import load_workbook

    path = tmp_path / "edited.xlsx"
    path.write_bytes(data)
    workbook = load_workbook(path)
    workbook.active[cell] = value
    workbook.save(path)
    return path.read_bytes()
