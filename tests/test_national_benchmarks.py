"""National benchmarks: the organisation's workforce indicators beside the DfE's published
figures for its local authority, region and England, read from the bundled DfE file (or a
newer release saved by `healthcheck refresh-benchmarks`)."""

import csv
import io
from pathlib import Path

import pytest
from conftest import page
from results_seed import seed_results

from healthcheck import cycles, workforce
from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.dfe import figures as dfe_figures
from healthcheck.workforce.indicators import organisation_indicators

# The DfE indicators file as published, kept with the tests (see data/README.md).
PUBLISHED_FILE = Path(__file__).resolve().parent / "data" / "csww_indicators_2017_to_2025.csv"
BUNDLED = dfe_figures.BUNDLED_FILE


@pytest.fixture
def instance_file(app, tmp_path):
    """Where a refreshed release goes in these tests (never the real instance folder)."""
    path = tmp_path / "instance" / "csww_indicators.csv"
    app.config["DFE_INDICATORS_FILE"] = str(path)
    return path


def published_rows(path: Path = BUNDLED) -> list[dict]:
    """The DfE file read on its own, without the app's code."""
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def dfe_row(rows, year, level, name=None) -> dict:
    column = {"Local authority": "la_name", "Regional": "region_name"}.get(level)
    return next(
        row
        for row in rows
        if row["time_period"] == str(year)
        and row["geographic_level"] == level
        and (column is None or row[column] == name)
    )


def cycle_captured(db, make_cycle, year, **kwargs):
    cycle = seed_results(db, make_cycle, **kwargs)
    db["cycles"].update(cycle["id"], {"capture_date": f"{year}-09-30"})
    return cycles.get_cycle(db, cycle["slug"])


def children_only(db, cycle) -> dict:
    """The organisation's indicators worked out from the children's teams alone."""
    bank = cycles.cycle_bank(cycle)
    teams = [team for team in cycles.teams_for(db, cycle["id"]) if team["service_area"] == "Children"]
    figures = {
        team["id"]: {
            field: value
            for field, value in db.execute(
                "select field, value from workforce_figures where team_id = ?", [team["id"]]
            ).fetchall()
        }
        for team in teams
    }
    return organisation_indicators(bank, figures)


def shown(cell_text: str):
    text = cell_text.strip()
    if text == "Not available":
        return None
    return float(text.split()[0].rstrip("%").replace(",", ""))


def test_the_bundled_file_is_the_dfe_release(instance_file):
    assert BUNDLED.read_bytes() == PUBLISHED_FILE.read_bytes()
    notice = (BUNDLED.parent / "README.md").read_text()
    assert "Open Government Licence" in notice and "Department for Education" in notice


@pytest.mark.parametrize("authority, year", [("Leeds", 2024), ("Cornwall", 2021), ("Hackney", 2025)])
def test_figures_shown_are_the_published_dfe_figures(db, make_cycle, sign_in, instance_file, authority, year):
    cycle = cycle_captured(db, make_cycle, year)
    national_benchmarks.choose_authority(db, authority, dfe_figures.load(BUNDLED))
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    rows = published_rows()
    local = dfe_row(rows, year, "Local authority", authority)
    region = dfe_row(rows, year, "Regional", local["region_name"])
    england = dfe_row(rows, year, "National")
    table = html.select_one("#benchmark-table")
    headers = [th.text.strip() for th in table.select("thead th")]
    assert headers == [
        "Indicator",
        "Your children's teams",
        authority,
        "Statistical neighbours: median (range)",
        local["region_name"],
        "England",
    ]
    compared = table.select("tbody tr")
    assert {row["data-indicator"] for row in compared} == set(national_benchmarks.DFE_COLUMNS)
    for row in compared:
        column = row["data-column"]
        for area, published in (("authority", local), ("region", region), ("england", england)):
            expected = dfe_figures.figure(published[column])
            assert shown(row.select_one(f'[data-area="{area}"]').text) == expected, (area, column)
    ours = children_only(db, cycle)
    for row in compared:
        value = ours[row["data-indicator"]]
        assert shown(row.select_one('[data-area="organisation"]').text) == (None if value is None else round(value, 1))
    assert html.select_one("#year-note") is None
    assert "Open Government Licence v3.0" in html.select_one("#attribution").text


def test_dfe_markers_are_shown_as_not_available(db, make_cycle, sign_in, instance_file):
    rows = published_rows()
    marked = next(
        row
        for row in rows
        if row["geographic_level"] == "Local authority" and row["absence_rate_fte"] in dfe_figures.MARKERS
    )
    cycle = cycle_captured(db, make_cycle, int(marked["time_period"]))
    national_benchmarks.choose_authority(db, marked["la_name"], dfe_figures.load(BUNDLED))
    html = page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    cell = html.select_one('#benchmark-table tr[data-indicator="absence_rate"] [data-area="authority"]')
    assert cell.text.strip() == "Not available"


def test_a_year_not_yet_published_falls_back_to_the_latest_and_says_so(db, make_cycle, sign_in, instance_file):
    cycle = cycle_captured(db, make_cycle, 2026)
    national_benchmarks.choose_authority(db, "Leeds", dfe_figures.load(BUNDLED))
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    note = html.select_one("#year-note").text
    assert "no DfE figures for Leeds for 2026" in note and "latest published figures, for 2025" in note
    england = dfe_row(published_rows(), 2025, "National")
    cell = html.select_one('#benchmark-table tr[data-indicator="vacancy_rate"] [data-area="england"]')
    assert shown(cell.text) == float(england["vacancy_rate_fte"])


def test_an_authority_that_has_since_merged_shows_its_last_year(db, make_cycle, instance_file):
    cycle = cycle_captured(db, make_cycle, 2025)
    release = dfe_figures.load(BUNDLED)
    national_benchmarks.choose_authority(db, "Cumbria", release)
    found = national_benchmarks.benchmarks_for(db, cycle, instance_file)
    assert found.year == max(release.authority_years("Cumbria")) < 2025 and found.earlier_year


def test_a_year_before_the_figures_begin_shows_none(db, make_cycle, sign_in, instance_file):
    cycle = cycle_captured(db, make_cycle, 2015)
    national_benchmarks.choose_authority(db, "Leeds", dfe_figures.load(BUNDLED))
    html = page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    assert "for 2015 or any earlier year" in html.select_one("#year-note").text
    assert "start in 2017" in html.select_one("#year-note").text
    assert html.select_one("#benchmark-table") is None


def test_a_hidden_indicator_of_ours_stays_hidden(db, make_cycle, sign_in, instance_file):
    cycle = make_cycle(slug="small-2025", status="open", teams=[("Edge of Care", "Children", 3)])
    team = cycles.teams_for(db, cycle["id"])[0]
    workforce.save_team_figures(db, cycle, team, {"inpost_fte": 3, "working_days_lost": 14, "vacancy_fte": 1})
    db["cycles"].update(cycle["id"], {"capture_date": "2025-09-30"})
    national_benchmarks.choose_authority(db, "Leeds", dfe_figures.load(BUNDLED))
    html = page(sign_in("psw").get("/admin/cycles/small-2025/benchmarks"))
    cell = html.select_one('#benchmark-table tr[data-indicator="absence_rate"] [data-area="organisation"]')
    assert cell.text.strip() == "Hidden: fewer than 5 staff"
    vacancy = html.select_one('#benchmark-table tr[data-indicator="vacancy_rate"] [data-area="organisation"]')
    assert vacancy.text.strip() == "25.0%"


def test_without_an_authority_the_psw_is_asked_to_choose_one(db, make_cycle, sign_in, instance_file):
    cycle = cycle_captured(db, make_cycle, 2025)
    html = page(sign_in("psw").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    assert html.select_one("#no-authority") is not None
    assert html.select_one("#choose-authority")["href"] == f"/admin/cycles/{cycle['slug']}/benchmarks/authority"
    viewer = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    assert viewer.select_one("#choose-authority") is None


def test_choosing_the_authority(db, make_cycle, sign_in, instance_file):
    cycle = cycle_captured(db, make_cycle, 2025)
    psw = sign_in("psw")
    url = f"/admin/cycles/{cycle['slug']}/benchmarks/authority"
    html = page(psw.get(url))
    assert html.select_one("h1 label").text.strip() == "Which local authority does your organisation correspond to?"
    options = [option["value"] for option in html.select("select[name=authority] option")]
    assert "Leeds" in options and "Cumbria" in options and options[0] == ""
    response = psw.post(url, data={"authority": "Atlantis"})
    html = page(response)
    assert html.select_one("title").text.startswith("Error: ")
    assert "Choose a local authority from the list" in html.select_one(".govuk-error-summary").text
    assert national_benchmarks.chosen_authority(db) is None
    response = psw.post(url, data={"authority": "Leeds"})
    assert response.status_code == 302 and response.location.endswith(f"/admin/cycles/{cycle['slug']}/benchmarks")
    assert national_benchmarks.chosen_authority(db) == "Leeds"


def test_the_steering_group_reads_benchmarks_but_cannot_choose(db, make_cycle, sign_in, client, instance_file):
    cycle = cycle_captured(db, make_cycle, 2025)
    url = f"/admin/cycles/{cycle['slug']}/benchmarks"
    assert sign_in("viewer").get(url).status_code == 200
    assert sign_in("viewer").post(url + "/authority", data={"authority": "Leeds"}).status_code == 403
    assert national_benchmarks.chosen_authority(db) is None
    assert client.get(url).status_code == 302


# --- healthcheck refresh-benchmarks ---------------------------------------------------


def with_a_newer_year(vacancy_rate="12.3") -> bytes:
    """The bundled release plus a made-up 2026 (a copy of 2025 with Leeds's vacancy rate changed)."""
    lines = BUNDLED.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    columns = header.strip().split(",")
    newer = []
    for line in rows:
        if line.startswith("2025,"):
            cells = next(csv.reader([line]))
            cells[0] = "2026"
            if cells[columns.index("la_name")] == "Leeds":
                cells[columns.index("vacancy_rate_fte")] = vacancy_rate
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerow(cells)
            newer.append(out.getvalue())
    return (header + "".join(newer) + "".join(rows)).encode("utf-8")


def test_refresh_replaces_the_figures_with_a_newer_release(db, make_cycle, runner, sign_in, instance_file, tmp_path):
    newer = tmp_path / "csww_2026.csv"
    newer.write_bytes(b"\xef\xbb\xbf" + with_a_newer_year())  # the DfE's files may start with a byte-order mark
    result = runner.invoke(args=["refresh-benchmarks", str(newer)])
    assert result.exit_code == 0, result.output
    assert "2017 to 2026" in result.output
    assert instance_file.read_bytes() == newer.read_bytes()
    assert BUNDLED.read_bytes() == PUBLISHED_FILE.read_bytes()  # the package's own copy is never written
    cycle = cycle_captured(db, make_cycle, 2026)
    national_benchmarks.choose_authority(db, "Leeds", dfe_figures.load(dfe_figures.current_file(instance_file)))
    html = page(sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/benchmarks"))
    assert html.select_one("#year-note") is None
    cell = html.select_one('#benchmark-table tr[data-indicator="vacancy_rate"] [data-area="authority"]')
    assert cell.text.strip() == "12.3%"


def refuse(runner, instance_file, tmp_path, data: bytes, name="release.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(args=["refresh-benchmarks", str(path)])
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output
    assert not instance_file.exists()
    return result.output


def test_refresh_names_a_missing_or_unknown_column(runner, instance_file, tmp_path):
    text = with_a_newer_year().decode()
    header, rest = text.split("\n", 1)
    renamed = header.replace("caseload_fte", "caseload_per_fte")
    output = refuse(runner, instance_file, tmp_path, (renamed + "\n" + rest).encode())
    assert "release.csv: column caseload_fte is missing" in output
    assert "column caseload_per_fte is not a column of the DfE indicators file" in output


def test_refresh_names_the_row_and_column_of_a_bad_figure(runner, instance_file, tmp_path):
    text = with_a_newer_year(vacancy_rate="twelve").decode()
    output = refuse(runner, instance_file, tmp_path, text.encode())
    row = next(number for number, line in enumerate(text.splitlines(), start=1) if "twelve" in line)
    assert f"release.csv, row {row}, column vacancy_rate_fte: 'twelve' is not a number" in output


def test_refresh_refuses_an_older_release(runner, instance_file, tmp_path):
    lines = BUNDLED.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    older = lines[0] + "".join(line for line in lines[1:] if line[:4] in ("2017", "2018"))
    output = refuse(runner, instance_file, tmp_path, older.encode())
    assert "its latest year is 2018, older than the 2025 figures in use" in output


def test_refresh_refuses_a_file_that_is_not_utf8_or_is_empty(runner, instance_file, tmp_path):
    assert "is not UTF-8 text" in refuse(runner, instance_file, tmp_path, "la_name\nSaint-Étienne\n".encode("latin-1"))
    assert "the file is empty" in refuse(runner, instance_file, tmp_path, b"")


def test_refresh_needs_an_existing_file(runner, instance_file, tmp_path):
    result = runner.invoke(args=["refresh-benchmarks", str(tmp_path / "missing.csv")])
    assert result.exit_code == 1 and "There is no file at" in result.output


def test_a_failed_refresh_keeps_the_previous_refresh(runner, instance_file, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(with_a_newer_year())
    assert runner.invoke(args=["refresh-benchmarks", str(good)]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_bytes(with_a_newer_year(vacancy_rate="-4"))
    result = runner.invoke(args=["refresh-benchmarks", str(bad)])
    assert result.exit_code == 1 and "is below zero" in result.output
    assert instance_file.read_bytes() == good.read_bytes()
    assert [p.name for p in instance_file.parent.iterdir()] == [instance_file.name]
