"""The DfE children's social work workforce files import as published, and the rates we
work out from their figures match the rates the DfE published."""

import csv
import io
from pathlib import Path

import pytest

from healthcheck import cycles, workforce

# The DfE files as published, kept with the tests (see data/README.md).
DATA = Path(__file__).resolve().parent / "data"
INDICATORS_FILE = DATA / "csww_indicators_2017_to_2025.csv"
HEADLINE_FILE = DATA / "csww_headline_measures_2017_to_2022.csv"
TOLERANCE = 0.15  # percentage points (cases per FTE for caseload)

# Our indicator -> the column the DfE published it in, for each file.
PUBLISHED = {
    INDICATORS_FILE.name: {
        "vacancy_rate": "vacancy_rate_fte",
        "agency_rate": "agency_rate_fte",
        "turnover_rate": "turnover_rate_fte",
        "caseload": "caseload_fte",
        "absence_rate": "absence_rate_fte",
        "agency_cover_rate": "vacancy_agency_cover_rate_fte",
    },
    HEADLINE_FILE.name: {
        "vacancy_rate": "vacancy_rate_fte_%",
        "agency_rate": "agency_worker_rate_fte_%",
        "turnover_rate": "turnover_rate_fte_%",
        "caseload": "caseload_fte",
        "absence_rate": "absence_rate_fte_%",
        "agency_cover_rate": "vacancy_agency_cover_rate_fte_%",
    },
}
ROUNDING = (
    "the DfE publishes FTE rounded to 0.1 but worked the rate out before rounding; with few vacancies "
    "that rounding alone moves the rate by more than 0.15 points, and the published rate lies within "
    "what the unrounded figures could give"
)
# (file, year, local authority, indicator): why our rate differs from the published one.
EXCEPTIONS = {
    (INDICATORS_FILE.name, 2024, "North Tyneside", "agency_cover_rate"): ROUNDING,
    (INDICATORS_FILE.name, 2024, "Warrington", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2017, "Herefordshire, County of", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2017, "Central Bedfordshire", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2017, "Milton Keynes", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2018, "St. Helens", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2018, "York", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2018, "Lincolnshire", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2019, "Middlesbrough", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2020, "Doncaster", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2020, "Lincolnshire", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2020, "Hertfordshire", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2020, "South Gloucestershire", "agency_cover_rate"): ROUNDING,
    (HEADLINE_FILE.name, 2022, "Enfield", "agency_cover_rate"): ROUNDING,
}


def one_year_of_local_authorities(path: Path, year: int) -> bytes:
    """The file cut down to one year's local-authority rows, header (and any BOM) untouched."""
    lines = path.read_bytes().splitlines(keepends=True)
    header = lines[0]
    level = header.decode("utf-8-sig").split(",").index("geographic_level")
    kept = [
        line
        for line in lines[1:]
        if line.startswith(f"{year},".encode()) and line.decode().split(",")[level] == "Local authority"
    ]
    return header + b"".join(kept)


def published_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def number(text: str):
    try:
        return float(text)
    except ValueError:
        return None  # c, x, z, u, low or blank


def rate_could_be(indicator, figures: dict, published: float) -> bool:
    """Whether some unrounded figures, each within 0.05 of the published one, give the published rate."""
    (numerator,), denominator = indicator.numerator, indicator.denominator
    top = [figures[numerator] - 0.05, figures[numerator] + 0.05]
    bottoms = [sum(figures[key] for key in denominator) + shift * len(denominator) for shift in (-0.05, 0.05)]
    values = [t / b * indicator.multiplier for t in top for b in bottoms if b > 0]
    return min(values) - 0.05 <= published <= max(values) + 0.05  # the published rate is rounded to 0.1


def import_year(db, make_cycle, path: Path, year: int):
    data = one_year_of_local_authorities(path, year)
    cycle = make_cycle(slug=f"dfe-{year}", teams=[])
    plan, result = workforce.import_file(db, cycle, path.name, data, create_teams=True)
    return cycle, data, plan, result


@pytest.mark.parametrize(
    "path, year",
    [(INDICATORS_FILE, 2025), (INDICATORS_FILE, 2024)] + [(HEADLINE_FILE, year) for year in range(2017, 2023)],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_every_local_authority_imports_and_rates_match_the_published_ones(db, make_cycle, path, year):
    cycle, data, plan, result = import_year(db, make_cycle, path, year)
    rows = published_rows(data)
    assert result.created_teams == len(rows) == len(cycles.teams_for(db, cycle["id"])) > 140
    assert plan.dfe and "la_name" not in plan.not_imported
    bank = cycles.cycle_bank(cycle)
    indicators = {indicator.id: indicator for indicator in bank.indicators}
    teams = {team["name"]: team["id"] for team in cycles.teams_for(db, cycle["id"])}
    stored = workforce.figures_for(db, cycle["id"])
    compared, exceptions = 0, {}
    for row in rows:
        figures = stored.get(teams[row["la_name"]], {})
        ours = workforce.compute_indicators(bank, figures)
        for indicator_id, column in PUBLISHED[path.name].items():
            published = number(row[column])
            if published is None or ours[indicator_id] is None:
                continue
            compared += 1
            if abs(ours[indicator_id] - published) > TOLERANCE:
                exceptions[(path.name, year, row["la_name"], indicator_id)] = (ours[indicator_id], published, figures)
    listed = {key for key in EXCEPTIONS if key[:2] == (path.name, year)}
    assert set(exceptions) == listed
    for key, (_ours, published, figures) in exceptions.items():
        assert EXCEPTIONS[key] == ROUNDING and rate_could_be(indicators[key[3]], figures, published), key
    assert compared > 5 * 140
    assert len(exceptions) <= 0.01 * compared


def test_markers_are_not_available_never_zero(db, make_cycle):
    cycle, data, _, _ = import_year(db, make_cycle, INDICATORS_FILE, 2025)
    sunderland = next(row for row in published_rows(data) if row["la_name"] == "Sunderland")
    assert sunderland["agency_fte"] == "low" and sunderland["agency_cover_rate_fte"] == "100"
    team = next(team for team in cycles.teams_for(db, cycle["id"]) if team["name"] == "Sunderland")
    figures = workforce.figures_for(db, cycle["id"])[team["id"]]
    assert "agency_fte" not in figures and "agency_cover_fte" not in figures
    assert figures["inpost_fte"] == 229.5
    assert workforce.compute_indicators(cycles.cycle_bank(cycle), figures)["agency_rate"] is None


def test_the_older_file_with_a_byte_order_mark_and_percent_headers_imports(db, make_cycle):
    data = one_year_of_local_authorities(HEADLINE_FILE, 2022)
    assert data.startswith(b"\xef\xbb\xbftime_period") and b"vacancy_rate_fte_%" in data
    cycle, _, plan, result = import_year(db, make_cycle, HEADLINE_FILE, 2022)
    # the older names for staff in post and leavers are recognised
    assert {"inpost_fte", "leavers_fte", "inpost_headcount", "working_days_lost"} <= set(plan.fields)
    assert "vacancy_rate_fte_%" in plan.not_imported
    assert result.teams == 152 and result.added > 1200


def test_organisation_rates_come_from_summed_figures_like_the_national_row(db, make_cycle):
    cycle, _, _, _ = import_year(db, make_cycle, INDICATORS_FILE, 2025)
    bank = cycles.cycle_bank(cycle)
    ours = workforce.organisation_indicators(bank, workforce.figures_for(db, cycle["id"]))
    national = next(
        row
        for row in csv.DictReader(io.StringIO(INDICATORS_FILE.read_text("utf-8-sig")))
        if row["time_period"] == "2025" and row["geographic_level"] == "National"
    )
    # The national row also counts authorities whose figures were suppressed, so it is
    # close to, not exactly, the sum of the authorities shown.
    assert ours["vacancy_rate"] == pytest.approx(float(national["vacancy_rate_fte"]), abs=0.3)
    assert ours["turnover_rate"] == pytest.approx(float(national["turnover_rate_fte"]), abs=0.3)
    assert ours["caseload"] == pytest.approx(float(national["caseload_fte"]), abs=0.3)


def test_the_whole_file_says_to_keep_one_year_of_local_authorities(db, make_cycle):
    cycle = make_cycle(teams=[])
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.plan_import(db, cycle, INDICATORS_FILE.name, INDICATORS_FILE.read_bytes(), create_teams=True)
    assert [str(problem) for problem in raised.value.problems] == [
        "column A (time_period): the file holds figures for 9 years (2017, 2018, 2019, 2020, 2021, 2022, 2023, "
        "2024, 2025); keep the rows of one time_period only, so each local authority appears once",
        'column C (geographic_level): the file has "National", "Regional" rows as well as local authorities '
        '(first on row 2); keep only the "Local authority" rows',
    ]
    assert cycles.teams_for(db, cycle["id"]) == []


def test_a_year_where_agency_cover_exceeds_agency_workers_is_refused_row_by_row(db, make_cycle):
    data = one_year_of_local_authorities(INDICATORS_FILE, 2023)
    cycle = make_cycle(teams=[])
    with pytest.raises(workforce.WorkforceFileError) as raised:
        workforce.plan_import(db, cycle, "2023.csv", data, create_teams=True)
    rows = published_rows(data)
    problems = raised.value.problems
    assert {rows[problem.row - 2]["la_name"] for problem in problems} == {
        "Birmingham",
        "Telford and Wrekin",
        "Hounslow",
    }
    birmingham = next(p for p in problems if rows[p.row - 2]["la_name"] == "Birmingham")
    assert str(birmingham) == (
        f"row {birmingham.row} (team Birmingham), column W (agency_cover_fte): 105.3 is more than the 103.4 in agency workers "
        "(agency_fte), which would make a rate above 100 %; agency workers covering vacancies are part of "
        "agency workers"
    )
    assert cycles.teams_for(db, cycle["id"]) == [] and db["workforce_figures"].count == 0
