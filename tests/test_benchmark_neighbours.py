"""Benchmarks a director recognises: the DfE's statistical neighbours beside the authority,
children's teams compared with children's figures only, trends, and adults' teams beside
Skills for Care's figures (a workbook in its layout made in the tests, with made-up numbers)."""

import csv
import io
import statistics

import pytest
from conftest import page
from openpyxl import Workbook, load_workbook
from results_seed import seed_results
from sfc_workbook import FICTIONAL, HEADER_ROW, fictional, sfc_workbook

from healthcheck import cycles, workforce
from healthcheck.dfe import adults
from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.dfe import figures as dfe_figures
from healthcheck.dfe import neighbours as dfe_neighbours
from healthcheck.dfe import scope as benchmark_scope
from healthcheck.workforce.indicators import organisation_indicators

BUNDLED = dfe_figures.BUNDLED_FILE
NEIGHBOURS = dfe_neighbours.BUNDLED_FILE


@pytest.fixture
def instance_file(app, tmp_path):
    path = tmp_path / "instance" / "csww_indicators.csv"
    app.config["DFE_INDICATORS_FILE"] = str(path)
    return path


def indicator_rows(year: int) -> dict[str, dict]:
    """The DfE's local authority rows for a year by LA number, read without the app's code."""
    rows = csv.DictReader(io.StringIO(BUNDLED.read_bytes().decode("utf-8-sig")))
    found = {}
    for row in rows:
        if row["geographic_level"] == "Local authority" and row["time_period"] == str(year):
            for code in row["old_la_code"].split("/"):
                found[code.strip()] = row
    return found


def neighbour_table(path=NEIGHBOURS) -> dict[str, list[tuple[str, str]]]:
    """{authority name: [(LA number, closeness as written)]} read straight from the workbook."""
    sheet = load_workbook(path, read_only=True)["LA SN Groups"]
    table = {}
    for row in list(sheet.iter_rows(values_only=True))[3:]:
        if isinstance(row[0], int):
            table.setdefault(row[1], [(str(row[i]), row[i + 1]) for i in range(5, 25, 2)])
    return table


def number(text: str):
    text = text.strip()
    if text in ("Not available", "Suppressed"):
        return None
    return float(text.split()[0].rstrip("%").replace(",", ""))


def children_cycle(db, make_cycle, year=2025, slug="health-check-2026"):
    cycle = seed_results(db, make_cycle, slug=slug)
    db["cycles"].update(cycle["id"], {"capture_date": f"{year}-09-30"})
    return cycles.get_cycle(db, cycle["slug"])


def computed_from(db, cycle, service_areas) -> dict:
    """The organisation's indicators from the named service areas' teams, straight from the table."""
    teams = [t for t in cycles.teams_for(db, cycle["id"]) if t["service_area"] in service_areas]
    figures = {
        team["id"]: dict(
            db.execute("select field, value from workforce_figures where team_id = ?", [team["id"]]).fetchall()
        )
        for team in teams
    }
    return organisation_indicators(cycles.cycle_bank(cycle), figures)


# --- statistical neighbours -------------------------------------------------------------


def test_the_page_shows_the_ten_neighbours_with_their_figures_median_and_range(db, make_cycle, sign_in, instance_file):
    cycle = children_cycle(db, make_cycle, 2025)
    national_benchmarks.choose_authority(db, "Kirklees", dfe_figures.load(BUNDLED))
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    expected = neighbour_table()["Kirklees"]
    published = indicator_rows(2025)
    rows = html.select("#neighbours-table tbody tr")
    assert [row["data-code"] for row in rows] == [code for code, _ in expected]
    assert [row.select_one("[data-closeness]").text.strip() for row in rows] == [label for _, label in expected]
    for column in national_benchmarks.DFE_COLUMNS.values():
        figures = [dfe_figures.figure(published[code][column]) for code, _ in expected]
        for row, figure in zip(rows, figures):
            assert number(row.select_one(f'td[data-column="{column}"]').text) == figure, column
        known = [figure for figure in figures if figure is not None]
        cell = html.select_one(f'#benchmark-table tr[data-column="{column}"] [data-area="neighbours"]')
        assert float(cell["data-median"]) == pytest.approx(statistics.median(known))
        assert float(cell["data-low"]) == min(known) and float(cell["data-high"]) == max(known)
        assert number(cell.text.split("(")[0]) == round(statistics.median(known), 1)
    assert "statistical neighbour model" in html.select_one("#attribution").text


def test_closeness_labels_are_normalised_and_a_former_authority_keeps_its_neighbours(db, make_cycle, instance_file):
    cycle = children_cycle(db, make_cycle, 2022)
    national_benchmarks.choose_authority(db, "Cumbria", dfe_figures.load(BUNDLED))
    found = national_benchmarks.benchmarks_for(db, cycle, instance_file)
    written = neighbour_table()["Cumbria"]
    assert written[0][1] == "Extremely Close"  # as the DfE wrote it
    assert [row.closeness for row in found.neighbours] == [label.capitalize() for _, label in written]
    assert [row.closeness for row in found.neighbours][0] == "Extremely close"


def test_a_neighbour_in_a_joint_return_is_counted_once(instance_file):
    release = dfe_figures.load(BUNDLED)
    table = dfe_neighbours.load(NEIGHBOURS)
    both = next(g for g in table.groups if {940, 941} <= {n.code for n in g.neighbours})
    name = next(a for a in release.authorities() if release.codes_for(a) and release.codes_for(a)[0] == both.code)
    group, rows = national_benchmarks.neighbour_rows(release, table, name, 2025)
    joint = [row for row in rows if row.code in (940, 941)]
    assert {row.name for row in joint} == {"North Northamptonshire", "West Northamptonshire"}
    assert {row.published_as for row in joint} == {"North Northamptonshire / West Northamptonshire"}
    spread = national_benchmarks.neighbour_spread(rows, "vacancy_rate_fte")
    assert spread.count == len(
        {row.published_as or row.name for row in rows if row.figures["vacancy_rate_fte"].value is not None}
    )
    assert spread.count < 10


def neighbours_workbook(change=None) -> bytes:
    """The bundled table, optionally with one cell changed: change=(row, column letter, value)."""
    book = load_workbook(NEIGHBOURS)
    if change:
        row, column, value = change
        book["LA SN Groups"][f"{column}{row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_refresh_takes_a_newer_neighbours_table(db, make_cycle, runner, instance_file, tmp_path):
    kirklees_row = next(
        n
        for n, row in enumerate(load_workbook(NEIGHBOURS)["LA SN Groups"].iter_rows(values_only=True), 1)
        if row[1] == "Kirklees"
    )
    newer = tmp_path / "sn_2026.xlsx"
    newer.write_bytes(neighbours_workbook((kirklees_row, "F", 383)))  # Leeds becomes the closest
    result = runner.invoke(args=["refresh-benchmarks", str(newer)])
    assert result.exit_code == 0, result.output
    assert "Statistical neighbours now come from sn_2026.xlsx" in result.output
    saved = instance_file.with_name(dfe_neighbours.INSTANCE_FILE_NAME)
    assert saved.read_bytes() == newer.read_bytes()
    cycle = children_cycle(db, make_cycle, 2025)
    national_benchmarks.choose_authority(db, "Kirklees", dfe_figures.load(BUNDLED))
    found = national_benchmarks.benchmarks_for(db, cycle, instance_file)
    assert found.neighbours[0].name == "Leeds"


@pytest.mark.parametrize(
    "change, message",
    [
        ((10, "G", "Quite near"), "sn.xlsx, sheet LA SN Groups, row 10, column G: 'Quite near' is not a closeness"),
        ((10, "H", "three"), "sn.xlsx, sheet LA SN Groups, row 10, column H: 'three' is not a DfE LA number (SN2)"),
        ((3, "F", "Neighbour 1"), "sn.xlsx, sheet LA SN Groups, row 3: there is no column headed SN1"),
    ],
)
def test_refresh_refuses_a_broken_neighbours_table_and_changes_nothing(
    runner, instance_file, tmp_path, change, message
):
    path = tmp_path / "sn.xlsx"
    path.write_bytes(neighbours_workbook(change))
    result = runner.invoke(args=["refresh-benchmarks", str(path)])
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output and message in result.output
    assert not instance_file.with_name(dfe_neighbours.INSTANCE_FILE_NAME).exists()


def test_a_neighbours_file_without_the_sheet_is_refused_by_name(runner, instance_file, tmp_path):
    book = Workbook()
    book.active.title = "Sheet1"
    path = tmp_path / "other.xlsx"
    book.save(path)
    result = runner.invoke(args=["refresh-benchmarks", str(path)])
    assert result.exit_code == 1 and "there is no sheet called 'LA SN Groups' (its sheets: Sheet1)" in result.output


# --- like with like ------------------------------------------------------------------------


def test_with_only_childrens_areas_ticked_the_figures_are_the_childrens_teams(db, make_cycle, sign_in, instance_file):
    cycle = children_cycle(db, make_cycle, 2025)
    national_benchmarks.choose_authority(db, "Kirklees", dfe_figures.load(BUNDLED))
    psw = sign_in("psw")
    url = f"/admin/cycles/{cycle['slug']}/benchmarks"
    form = page(psw.get(url + "/service-areas"))
    legends = [legend.text.strip() for legend in form.select("fieldset legend")]
    assert legends == ["Adults", "All-age disability", "Children", "Mental health"]
    # Everything counted as children's first, then only the children's area.
    everything = {f"area_{n}": "children" for n in range(1, 5)}
    assert psw.post(url + "/service-areas", data=everything).status_code == 302
    html = page(psw.get(url))
    whole = computed_from(db, cycle, {"Adults", "All-age disability", "Children", "Mental health"})
    cell = html.select_one('#benchmark-table tr[data-indicator="vacancy_rate"] [data-area="organisation"]')
    assert number(cell.text) == round(whole["vacancy_rate"], 1)
    only_children = {**{f"area_{n}": "neither" for n in range(1, 5)}, "area_3": "children"}
    assert psw.post(url + "/service-areas", data=only_children).status_code == 302
    html = page(psw.get(url))
    children = computed_from(db, cycle, {"Children"})
    assert children["vacancy_rate"] != whole["vacancy_rate"]
    for row in html.select("#benchmark-table tbody tr"):
        value = children[row["data-indicator"]]
        shown = number(row.select_one('[data-area="organisation"]').text)
        assert shown == (None if value is None else round(value, 1)), row["data-indicator"]
    names = [t["name"] for t in cycles.teams_for(db, cycle["id"]) if t["service_area"] == "Children"]
    assert html.select_one("#children-teams").text.strip() == ", ".join(names)
    assert html.select_one("#adults-teams").text.strip() == "None"
    assert "chosen for this cycle" in html.select_one("#scope-note").text


def test_the_service_areas_are_guessed_until_chosen_and_a_choice_is_required(db, make_cycle, sign_in, instance_file):
    cycle = children_cycle(db, make_cycle, 2025)
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    assert "a guess from the service areas' names" in html.select_one("#scope-note").text
    assert "Front Door and MASH" in html.select_one("#children-teams").text
    assert "Hospital Discharge" in html.select_one("#adults-teams").text
    assert "Disabled Children and Transitions" in html.select_one("#left-out-teams").text
    assert html.select_one("#change-service-areas") is None  # the steering group reads only
    psw = sign_in("psw")
    response = psw.post(f"/admin/cycles/{cycle['slug']}/benchmarks/service-areas", data={"area_1": "adults"})
    errors = page(response).select_one(".govuk-error-summary").text
    assert "Say what kind of social work Children is" in errors
    assert db["benchmark_service_areas"].count == 0
    assert sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks/service-areas").status_code == 403


def test_the_trend_sets_the_authoritys_years_beside_the_cycles(db, make_cycle, sign_in, instance_file):
    earlier = children_cycle(db, make_cycle, 2024, slug="health-check-2024")
    cycle = children_cycle(db, make_cycle, 2025, slug="health-check-2025")
    national_benchmarks.choose_authority(db, "Kirklees", dfe_figures.load(BUNDLED))
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    trend = html.select_one('.app-trend[data-indicator="turnover_rate"]')
    rows = csv.DictReader(io.StringIO(BUNDLED.read_bytes().decode("utf-8-sig")))
    published = {
        int(row["time_period"]): dfe_figures.figure(row["turnover_rate_fte"])
        for row in rows
        if row["geographic_level"] == "Local authority" and row["la_name"] == "Kirklees"
    }
    cells = trend.select('[data-series="authority"] td')
    assert {int(cell["data-year"]): number(cell.text) for cell in cells} == published
    ours = trend.select('[data-series="ours"] td[data-year]')
    assert [cell["data-year"] for cell in ours] == ["2024", "2025"]
    for cell, each in zip(ours, (earlier, cycle)):
        expected = computed_from(db, each, {"Children"})["turnover_rate"]
        assert each["name"] in cell.text
        assert number(cell.text.split(":", 1)[1]) == round(expected, 1)
    assert trend.select_one("polyline.app-trend__authority")["points"].count(",") == len(published)


def test_a_small_teams_sickness_stays_hidden_when_groups_could_be_subtracted(db, make_cycle, sign_in, instance_file):
    """One small adults' team hidden alone: the adults' figure minus its shown teams would give it."""
    cycle = make_cycle(
        slug="small-2025",
        status="open",
        teams=[("Front Door", "Children", 20), ("Locality", "Adults", 20), ("AMHP", "Adults", 3)],
    )
    db["cycles"].update(cycle["id"], {"capture_date": "2025-09-30"})
    for team in cycles.teams_for(db, cycle["id"]):
        workforce.save_team_figures(db, cycle, team, {"inpost_fte": 10, "working_days_lost": 30, "vacancy_fte": 2})
    report = workforce.workforce_report(db, cycle)
    values = national_benchmarks.scoped_values(db, cycle, report, benchmark_scope.scope_for(db, cycle))
    # The workforce pages hide AMHP and, to shield it, one more team; the whole figure is shown.
    assert len(report.disclosure.teams) == 2 and "absence_rate" not in report.disclosure.organisation
    assert values["adults"]["absence_rate"] == (None, True)
    assert values["children"]["absence_rate"] == (None, True)
    assert values["adults"]["vacancy_rate"][0] == pytest.approx(4 / 24 * 100)
    assert values["children"]["vacancy_rate"][0] == pytest.approx(2 / 12 * 100)


# --- adults' social work ----------------------------------------------------------------------


@pytest.mark.parametrize("label, fractions", [("Social worker", True), ("Individual role - Social worker", False)])
def test_a_skills_for_care_workbook_imports_and_sits_beside_the_adults_teams(
    db, make_cycle, runner, sign_in, instance_file, tmp_path, label, fractions
):
    path = tmp_path / "LA data download.xlsx"
    path.write_bytes(sfc_workbook(role_label=label, percent_as_fraction=fractions))
    result = runner.invoke(args=["import-adult-benchmarks", str(path)])
    assert result.exit_code == 0, result.output
    assert "(2023/24): social worker figures for 3 councils" in result.output
    cycle = children_cycle(db, make_cycle, 2025)
    national_benchmarks.choose_authority(db, "Kirklees", dfe_figures.load(BUNDLED))
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    table = html.select_one("#adult-table")
    headers = [th.text.strip() for th in table.select("thead th")]
    assert headers == ["Indicator", "Your adults' teams", "Kirklees", "Yorkshire and The Humber", "England"]
    council, region, england = fictional("Kirklees"), fictional("Yorkshire and The Humber"), fictional("England")
    for indicator, index in (("vacancy_rate", 7), ("turnover_rate", 8), ("absence_rate", 9)):
        row = table.select_one(f'tr[data-indicator="{indicator}"]')
        assert number(row.select_one('[data-area="council"]').text) == council[index]
        assert number(row.select_one('[data-area="region"]').text) == region[index]
        assert number(row.select_one('[data-area="england"]').text) == england[index]
    ours = computed_from(db, cycle, {"Adults", "Mental health"})
    row = table.select_one('tr[data-indicator="vacancy_rate"]')
    assert number(row.select_one('[data-area="organisation"]').text) == round(ours["vacancy_rate"], 1)
    assert "LA data download.xlsx (2023/24)" in html.select_one("#adult-source").text
    assert "national only" not in html.select_one("#adult-source").text


def test_a_suppressed_figure_is_shown_as_suppressed(db, make_cycle, runner, sign_in, instance_file, tmp_path):
    path = tmp_path / "sfc.xlsx"
    path.write_bytes(sfc_workbook())
    assert runner.invoke(args=["import-adult-benchmarks", str(path)]).exit_code == 0
    cycle = children_cycle(db, make_cycle, 2025)
    national_benchmarks.choose_authority(db, "Leeds", dfe_figures.load(BUNDLED))
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    cell = html.select_one('#adult-table tr[data-indicator="turnover_rate"] [data-area="council"]')
    assert cell.text.strip() == "Suppressed"


def test_without_a_workbook_the_adults_teams_are_set_beside_englands_published_figures(
    db, make_cycle, sign_in, instance_file
):
    cycle = children_cycle(db, make_cycle, 2025)
    html = page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    assert "national only" in html.select_one("#adult-source").text
    headers = [th.text.strip() for th in html.select("#adult-table thead th")]
    assert headers == ["Indicator", "Your adults' teams", "England (national only, September 2023)"]
    expected = {"vacancy_rate": 10.5, "turnover_rate": 14.5, "agency_rate": 10.0, "absence_rate": None}
    for indicator, value in expected.items():
        cell = html.select_one(f'#adult-table tr[data-indicator="{indicator}"] [data-area="england"]')
        assert number(cell.text) == value
    assert "Skills for Care" in html.select_one("#adult-attribution").text
    assert html.select_one("#upload-adult-figures")["href"].endswith("/benchmarks/adults")


def broken(tmp_path, rows=None, **kwargs):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(sfc_workbook(rows=rows, **kwargs))
    return path


def test_a_broken_workbook_is_refused_with_its_sheet_row_and_column(runner, db, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(sfc_workbook())
    assert runner.invoke(args=["import-adult-benchmarks", str(good)]).exit_code == 0
    before = [dict(row) for row in db.query("select * from adult_benchmarks")]
    rows = [list(row) for row in FICTIONAL]
    rows[3][7] = "about ten"  # Kirklees's vacancy rate, sheet row HEADER_ROW + 4
    rows[7][8] = -3.0  # Leeds's turnover rate
    result = runner.invoke(args=["import-adult-benchmarks", str(broken(tmp_path, rows, percent_as_fraction=False))])
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output
    assert (
        f"broken.xlsx, sheet LA level data, row {HEADER_ROW + 4}, column H (vacancy rate): "
        "'about ten' is not a number or * (suppressed)"
    ) in result.output
    assert f"broken.xlsx, sheet LA level data, row {HEADER_ROW + 8}, column I (turnover rate): -3 is below zero" in (
        result.output
    )
    assert [dict(row) for row in db.query("select * from adult_benchmarks")] == before
    assert adults.loaded_source(db).file == "good.xlsx"


def test_a_workbook_without_the_sheet_or_columns_is_refused(runner, db, tmp_path):
    no_sheet = broken(tmp_path, sheet="Data")
    result = runner.invoke(args=["import-adult-benchmarks", str(no_sheet)])
    assert (
        result.exit_code == 1
        and "there is no sheet called 'LA level data' (its sheets: Contents, Data)" in result.output
    )
    headless = tmp_path / "headless.xlsx"
    book = Workbook()
    book.active.title = "LA level data"
    book.active.append(["Area name", "Job role", "Filled posts"])
    book.save(headless)
    result = runner.invoke(args=["import-adult-benchmarks", str(headless)])
    assert result.exit_code == 1 and "no heading row found in the first 30 rows" in result.output
    assert db["adult_benchmarks"].count == 0 and adults.loaded_source(db) is None


def test_the_upload_page_imports_and_refuses_with_the_same_checks(db, make_cycle, sign_in, instance_file, tmp_path):
    cycle = children_cycle(db, make_cycle, 2025)
    psw = sign_in("psw")
    url = f"/admin/cycles/{cycle['slug']}/benchmarks/adults"
    rows = [list(row) for row in FICTIONAL]
    rows[4][2] = ""  # a social worker row with no area
    data = {"file": (io.BytesIO(sfc_workbook(rows=rows)), "sfc.xlsx")}
    html = page(psw.post(url, data=data, content_type="multipart/form-data"))
    problems = [li.text for li in html.select("#problems li")]
    assert problems == [
        f"sfc.xlsx, sheet LA level data, row {HEADER_ROW + 5}, column C: a social worker row needs its area's name"
    ]
    assert "sfc.xlsx has 1 problem" in html.select_one(".govuk-error-summary").text
    assert db["adult_benchmarks"].count == 0
    data = {"file": (io.BytesIO(sfc_workbook()), "sfc.xlsx")}
    response = psw.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 302 and response.location.endswith("/benchmarks#adults")
    assert {row["name"] for row in db.query("select name from adult_benchmarks where level = 'Local authority'")} == {
        "Kirklees",
        "Leeds",
        "Bolton",
    }
    assert sign_in("viewer").post(url, data={}).status_code == 403
