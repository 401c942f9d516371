"""The principal social worker compares like with like in a browser: chooses the service areas,
uploads Skills for Care's workbook (a made-up one in its layout), and reads the neighbours,
trends and adults' figures. Every page passes axe."""

import pytest
from conftest import PASSWORD, assert_no_axe_violations
from results_seed import seed_results
from sfc_workbook import sfc_workbook

from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.dfe import figures as dfe_figures

pytestmark = pytest.mark.browser


def test_benchmarks_in_a_browser(live_server, browser_page, users, db, make_cycle, tmp_path, app):
    app.config["DFE_INDICATORS_FILE"] = str(tmp_path / "instance" / "csww_indicators.csv")
    cycle = seed_results(db, make_cycle, slug="health-check-2025")
    db["cycles"].update(cycle["id"], {"capture_date": "2025-09-30"})
    national_benchmarks.choose_authority(db, "Kirklees", dfe_figures.load(dfe_figures.BUNDLED_FILE))
    workbook = tmp_path / "LA data download.xlsx"
    workbook.write_bytes(sfc_workbook())
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(sfc_workbook(sheet="Data"))
    tab = browser_page
    tab.goto(f"{live_server}/sign-in")
    tab.get_by_label("Email address").fill("psw@council.example")
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_role("button", name="Sign in", exact=True).click()
    tab.wait_for_url(f"{live_server}/admin/")
    tab.goto(f"{live_server}/admin/cycles/{cycle['slug']}/benchmarks")
    assert tab.locator("#neighbours-table tbody tr").count() == 10
    assert_no_axe_violations(tab)

    tab.locator("#change-service-areas").click()
    assert_no_axe_violations(tab)
    tab.get_by_role("group", name="All-age disability").get_by_label("Children's social work").check()
    tab.get_by_role("group", name="Mental health").get_by_label("Neither: leave out of the benchmarks").check()
    tab.get_by_role("button", name="Save").click()
    assert "Disabled Children and Transitions" in tab.locator("#children-teams").inner_text()
    assert "Approved Mental Health Professionals" in tab.locator("#left-out-teams").inner_text()

    tab.locator("#upload-adult-figures").click()
    tab.set_input_files("input[type=file]", str(broken))
    tab.get_by_role("button", name="Upload", exact=True).click()
    assert "there is no sheet called 'LA level data'" in tab.locator("#problems").inner_text()
    assert_no_axe_violations(tab)
    tab.set_input_files("input[type=file]", str(workbook))
    tab.get_by_role("button", name="Upload", exact=True).click()
    headers = tab.locator("#adult-table thead th").all_inner_texts()
    assert headers[2:] == ["Kirklees", "Yorkshire and The Humber", "England"]
    assert_no_axe_violations(tab)
    tab.screenshot(path=str(tmp_path / "benchmarks.png"), full_page=True)
