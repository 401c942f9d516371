"""How many rows one workforce file may hold: 5,000 for a file uploaded through the web page,
and more for `healthcheck import-workforce` when the administrator raises the limit."""

import dataclasses

import pytest

from healthcheck import cycles, settings, workforce
from healthcheck.workforce.reading import MAX_ROWS, UPLOAD_LIMITS

ROWS = MAX_ROWS + 1


@pytest.fixture
def many_teams(db, make_cycle):
    """An open cycle with more teams than an upload may hold, and a CSV with a row for each."""
    cycle = make_cycle(teams=[])
    db["teams"].insert_all(
        {"cycle_id": cycle["id"], "name": f"Team {n}", "slug": f"team-{n}", "service_area": "Adults", "headcount": 10}
        for n in range(ROWS)
    )
    cycle = cycles.open_cycle(db, cycle)
    data = ("team,inpost_fte,vacancy_fte\n" + "".join(f"Team {n},10,1\n" for n in range(ROWS))).encode()
    return cycle, data


def test_an_upload_keeps_the_limit_of_5000_rows(db, many_teams):
    cycle, data = many_teams
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.plan_import(db, cycle, "national.csv", data)
    assert [problem.message for problem in raised.value.problems] == [
        "the file has more than 5,000 rows of figures; split it into smaller files"
    ]
    assert db["workforce_figures"].count == 0


def test_a_raised_limit_takes_the_whole_file(db, many_teams):
    cycle, data = many_teams
    _, result = workforce.import_file(db, cycle, "national.csv", data, limits=UPLOAD_LIMITS.for_rows(ROWS))
    assert (result.added, result.teams) == (2 * ROWS, ROWS)


def test_a_raised_limit_still_refuses_a_file_over_it(db, many_teams):
    cycle, data = many_teams
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.plan_import(db, cycle, "national.csv", data, limits=UPLOAD_LIMITS.for_rows(ROWS - 1))
    assert (
        raised.value.problems[0].message
        == f"the file has more than {ROWS - 1:,} rows of figures; split it into smaller files"
    )


def test_limits_for_more_rows_allow_bigger_files_never_smaller():
    assert UPLOAD_LIMITS.for_rows(100) == dataclasses.replace(UPLOAD_LIMITS, max_rows=100)
    raised = UPLOAD_LIMITS.for_rows(50_000)
    assert raised.max_rows == 50_000
    assert raised.max_bytes == 10 * UPLOAD_LIMITS.max_bytes
    assert raised.max_unpacked_bytes == 10 * UPLOAD_LIMITS.max_unpacked_bytes


def test_the_command_takes_more_rows_with_max_rows(runner, db, many_teams, tmp_path):
    cycle, data = many_teams
    path = tmp_path / "national.csv"
    path.write_bytes(data)
    refused = runner.invoke(args=["import-workforce", str(path), "--cycle", cycle["slug"]])
    assert refused.exit_code == 1
    assert "more than 5,000 rows of figures" in refused.output
    taken = runner.invoke(args=["import-workforce", str(path), "--cycle", cycle["slug"], "--max-rows", "6000"])
    assert taken.exit_code == 0, taken.output
    assert f"{2 * ROWS} figures added, 0 changed and 0 removed for {ROWS} teams" in taken.output
    assert db["workforce_figures"].count == 2 * ROWS


def test_the_command_reads_the_limit_from_the_setting(app, runner, db, many_teams, tmp_path):
    cycle, data = many_teams
    path = tmp_path / "national.csv"
    path.write_bytes(data)
    app.config["WORKFORCE_IMPORT_MAX_ROWS"] = 6000
    result = runner.invoke(args=["import-workforce", str(path), "--cycle", cycle["slug"], "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Nothing was changed (--dry-run)." in result.output


@pytest.mark.parametrize("value, expected", [(None, None), ("", None), ("50000", 50000), ("50,000", 50000)])
def test_the_row_limit_setting_is_read_from_the_environment(value, expected):
    assert settings.row_limit("HEALTHCHECK_WORKFORCE_IMPORT_MAX_ROWS", value) == expected


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_a_row_limit_that_is_not_a_whole_number_of_rows_is_refused(value):
    with pytest.raises(settings.SettingsError) as raised:
        settings.row_limit("HEALTHCHECK_WORKFORCE_IMPORT_MAX_ROWS", value)
    assert str(raised.value) == (
        f"HEALTHCHECK_WORKFORCE_IMPORT_MAX_ROWS must be a whole number of rows, like 50000, not {value!r}."
    )
