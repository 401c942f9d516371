"""How many respondents one file of earlier answers may hold: 10,000 unless an administrator
raises it for `healthcheck import-responses`, and then the file sizes allowed grow with it."""

import dataclasses

import pytest

from healthcheck.survey.importing import LIMITS, MAX_ROWS, ResponseImportError, import_responses

ROWS = MAX_ROWS + 1


@pytest.fixture
def big_file(tmp_path):
    path = tmp_path / "last-year.csv"
    path.write_text("team,29a\n" + "Locality North,Agree\n" * ROWS)
    return path


def test_the_default_limit_refuses_a_file_with_more_respondents(db, make_cycle, big_file):
    cycle = make_cycle(status="closed", teams=[("Locality North", "Adults", 20)])
    with pytest.raises(ResponseImportError) as raised:
        import_responses(db, cycle, big_file)
    assert str(raised.value) == (
        "last-year.csv: the file has more than 10,000 rows of answers; split it into smaller files"
    )
    assert db["responses"].count == 0


def test_a_raised_limit_takes_the_whole_file(db, make_cycle, big_file):
    cycle = make_cycle(status="closed", teams=[("Locality North", "Adults", 20)])
    assert import_responses(db, cycle, big_file, LIMITS.for_rows(ROWS)) == ROWS
    assert db.execute("select count(*) from answers where value = 'agree'").fetchone()[0] == ROWS


def test_raised_limits_grow_the_sizes_allowed_never_shrink_them():
    assert LIMITS.for_rows(50) == dataclasses.replace(LIMITS, max_rows=50)
    assert LIMITS.for_rows(100_000).max_bytes == 10 * LIMITS.max_bytes
    assert LIMITS.for_rows(100_000).max_unpacked_bytes == 10 * LIMITS.max_unpacked_bytes


def test_the_command_takes_max_rows_or_the_setting(app, runner, db, make_cycle, big_file):
    make_cycle(slug="hc-2025", status="closed", teams=[("Locality North", "Adults", 20)])
    refused = runner.invoke(args=["import-responses", str(big_file), "--cycle", "hc-2025"])
    assert refused.exit_code == 1
    assert "more than 10,000 rows of answers" in refused.output
    taken = runner.invoke(args=["import-responses", str(big_file), "--cycle", "hc-2025", "--max-rows", "20000"])
    assert taken.exit_code == 0, taken.output
    assert f"Imported {ROWS} responses" in taken.output
    app.config["RESPONSE_IMPORT_MAX_ROWS"] = 20_000
    # The same file twice is refused, so the setting is tried on another file of as many rows.
    other = big_file.with_name("other.csv")
    other.write_bytes(big_file.read_bytes() + b"\n")
    again = runner.invoke(args=["import-responses", str(other), "--cycle", "hc-2025"])
    assert again.exit_code == 0, again.output
    assert db["responses"].count == 2 * ROWS
