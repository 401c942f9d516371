"""healthcheck import-workforce and healthcheck indicators."""

import csv
import io
import json

import pytest

from healthcheck import cycles, workforce
from healthcheck.results.compute import release_results

TEAMS = [("North", "Adults", 12), ("Front Door", "Children", 8), ("Tiny", "Adults", 3)]


@pytest.fixture
def cycle(make_cycle):
    return make_cycle(status="open", teams=TEAMS)


def write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_import_workforce_stores_the_figures_and_says_what_changed(runner, db, cycle, tmp_path):
    path = write(tmp_path, "figures.csv", b"team,inpost_fte,vacancy_fte,extra\nNorth,10,2,x\nFront Door,8,1,y\n")
    refused = runner.invoke(args=["import-workforce", str(path), "--cycle", cycle["slug"]])
    assert refused.exit_code == 1 and "1 column is not one this import knows" in refused.output
    result = runner.invoke(args=["import-workforce", str(path), "--cycle", cycle["slug"], "--skip-columns"])
    assert result.exit_code == 0, result.output
    assert "Columns not imported: extra" in result.output
    assert (
        f"Imported figures.csv into {cycle['slug']}: 4 figures added, 0 changed and 0 removed for 2 teams."
        in result.output
    )
    assert sum(len(v) for v in workforce.figures_for(db, cycle["id"]).values()) == 4


def test_import_workforce_lists_every_problem_and_changes_nothing(runner, db, cycle, tmp_path):
    path = write(tmp_path, "bad.csv", b"team,inpost_fte,vacancy_fte\nNorth,ten,2\nNowhere,1,-1\n")
    result = runner.invoke(args=["import-workforce", str(path), "--cycle", cycle["slug"]])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == (
        'bad.csv: row 2 (team North), column B (inpost_fte): "ten" is not a number. Leave the cell blank, '
        "or write n/a, -, TBC (or c, x, z, u or low), if the figure is not available"
    )
    assert lines[1] == (
        'bad.csv: row 3 (team Nowhere), column A (team): "Nowhere" is not a team in Health check 2026: use --create-teams to add it'
    )
    assert (
        lines[2]
        == "bad.csv: row 3 (team Nowhere), column C (vacancy_fte): -1 is negative; a count of FTE cannot be less than 0"
    )
    assert lines[3] == "Error: 3 problems in bad.csv; nothing was imported."
    assert db["workforce_figures"].count == 0


def test_create_teams_and_team_column_options(runner, db, cycle, tmp_path):
    path = write(tmp_path, "las.csv", b"Authority,inpost_fte\nNorth,10\nBarnsley,120.5\n")
    result = runner.invoke(
        args=["import-workforce", str(path), "--cycle", cycle["slug"], "--team-column", "authority", "--create-teams"]
    )
    assert result.exit_code == 0, result.output
    assert "1 new team added to the cycle" in result.output
    barnsley = next(team for team in cycles.teams_for(db, cycle["id"]) if team["name"] == "Barnsley")
    assert workforce.figures_for(db, cycle["id"])[barnsley["id"]] == {"inpost_fte": 120.5}


def test_dry_run_changes_nothing(runner, db, cycle, tmp_path):
    path = write(tmp_path, "figures.csv", b"team,inpost_fte\nNorth,10\n")
    result = runner.invoke(args=["import-workforce", str(path), "--cycle", cycle["slug"], "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "figures.csv would add 1, change 0 and remove 0 figures for 1 team. Nothing was changed" in result.output
    assert db["workforce_figures"].count == 0


def test_import_workforce_names_a_missing_cycle_or_file(runner, cycle, tmp_path):
    path = write(tmp_path, "figures.csv", b"team,inpost_fte\nNorth,10\n")
    result = runner.invoke(args=["import-workforce", str(path), "--cycle", "nope"])
    assert result.exit_code == 1 and "--cycle: there is no cycle called 'nope'" in result.output
    result = runner.invoke(args=["import-workforce", str(tmp_path / "missing.csv"), "--cycle", cycle["slug"]])
    assert result.exit_code == 1 and "there is no file at" in result.output


def test_import_into_a_released_cycle_is_refused(runner, db, make_cycle, tmp_path):
    closed = make_cycle(slug="old", status="closed", teams=TEAMS)
    release_results(db, closed)
    path = write(tmp_path, "figures.csv", b"team,inpost_fte\nNorth,10\n")
    result = runner.invoke(args=["import-workforce", str(path), "--cycle", closed["slug"]])
    assert result.exit_code == 1 and "results are released" in result.output
    assert db["workforce_figures"].count == 0


FIGURES = (
    b"team,inpost_fte,vacancy_fte,working_days_lost,cases,case_holders_fte\n"
    b"North,10,2,120,150,9\nFront Door,7,3,60,140,7\nTiny,3,0,90,40,3\n"
)


def test_indicators_json_names_value_inputs_and_step(runner, db, cycle):
    workforce.import_file(db, cycle, "f.csv", FIGURES)
    result = runner.invoke(args=["indicators", "--cycle", cycle["slug"], "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert "teams" not in report
    vacancy = next(item for item in report["organisation"] if item["id"] == "vacancy_rate")
    assert vacancy["name"] == "Vacancy rate" and vacancy["step"] == 1 and vacancy["unit"] == "%"
    assert vacancy["inputs"] == {"vacancy_fte": 5.0, "inpost_fte": 20.0}
    assert vacancy["value"] == 20.0 and vacancy["teams_included"] == 3


def test_indicators_by_team_hide_small_teams_figures_about_individuals(runner, db, cycle):
    workforce.import_file(db, cycle, "f.csv", FIGURES)
    result = runner.invoke(args=["indicators", "--cycle", cycle["slug"], "--format", "json", "--by", "team"])
    report = json.loads(result.output)
    by_team = {team["team"]: {item["id"]: item for item in team["indicators"]} for team in report["teams"]}
    assert by_team["Tiny"]["absence_rate"]["status"] == "Hidden: fewer than 5 staff"
    assert by_team["Tiny"]["absence_rate"]["value"] is None
    # Front Door is hidden with Tiny, so the organisation total minus North gives nobody away
    assert by_team["Front Door"]["absence_rate"]["value"] is None
    assert by_team["North"]["absence_rate"]["value"] == round(120 / (10 * 253) * 100, 2)
    assert by_team["Tiny"]["caseload"]["value"] == pytest.approx(13.33, abs=0.01)
    assert "90" not in json.dumps(by_team["Tiny"])


def test_indicators_csv_by_team(runner, db, cycle):
    workforce.import_file(db, cycle, "f.csv", FIGURES)
    result = runner.invoke(args=["indicators", "--cycle", cycle["slug"], "--format", "csv", "--by", "team"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["team", "service_area", "indicator", "name", "step", "unit", "value", "status"]
    teams = {row["team"] for row in rows}
    assert teams == {"Whole organisation", "North", "Front Door", "Tiny"}
    tiny_absence = next(row for row in rows if row["team"] == "Tiny" and row["indicator"] == "absence_rate")
    assert (tiny_absence["value"], tiny_absence["status"]) == ("", "Hidden: fewer than 5 staff")
    north_vacancy = next(row for row in rows if row["team"] == "North" and row["indicator"] == "vacancy_rate")
    assert float(north_vacancy["value"]) == pytest.approx(16.67)


def test_indicators_csv_never_starts_a_cell_with_a_formula(runner, db, make_cycle):
    make_cycle(slug="odd", status="open", teams=[("=cmd|' /C calc'!A0", "Adults", 12)])
    result = runner.invoke(args=["indicators", "--cycle", "odd", "--format", "csv", "--by", "team"])
    rows = list(csv.reader(io.StringIO(result.output)))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert any(row[0] == "'=cmd|' /C calc'!A0" for row in rows)
