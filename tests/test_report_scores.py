"""A past cycle recorded from an earlier report (summary only): its standard scores make
"change since last cycle" and trends work from the first year, labelled as entered from a
report, and never mix with answers."""

import datetime

import pytest
from conftest import page

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.results import compute as results
from healthcheck.results import report_scores
from healthcheck.survey import importing

ANSWERS = "team,29a,30a\n" + "Locality North,agree,agree\n" * 2 + "Front Door,strongly_agree,agree\n" * 2


@pytest.fixture
def last_year(db):
    return cycles.create_cycle(
        db,
        {
            "name": "Health check 2024",
            "slug": "health-check-2024",
            "capture_date": datetime.date(2024, 9, 30),
            "opens_on": datetime.date(2024, 10, 14),
            "closes_on": datetime.date(2024, 11, 8),
            "reporting_threshold": 3,
        },
    )


@pytest.fixture
def this_year(db, make_cycle, tmp_path):
    cycle = make_cycle(status="closed", threshold=3)
    path = tmp_path / "answers.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    importing.import_responses(db, cycle, path)
    return results.release_results(db, cycle)  # results are read once released


def test_the_command_records_the_scores_and_the_overview_and_trends_show_the_change(
    runner, db, sign_in, last_year, this_year
):
    result = runner.invoke(
        args=[
            "record-report-scores",
            "--cycle",
            "health-check-2024",
            "--source",
            "LGA national health check 2024",
            *[arg for number in range(1, 9) for arg in ("--score", f"{number}={50 + number}")],
            "--respondents",
            "212",
        ]
    )
    assert result.exit_code == 0, result.output
    assert (
        "Recorded 8 standard scores for Health check 2024, entered from LGA national health check 2024."
        in result.output
    )
    assert cycles.get_cycle(db, "health-check-2024")["status"] == "closed"  # never opened
    assert db["responses"].count_where("cycle_id = ?", [last_year["id"]]) == 0

    view = results.results_for(db, this_year)
    now = view["standards"][0]["score"]
    assert now is not None and view["standards"][0]["change"] == now - 51
    client = sign_in("psw")
    overview = page(client.get(f"/admin/cycles/{this_year['slug']}/results"))
    assert "entered from an earlier report" in overview.select_one("#change-from-report").text
    first_row = [cell.text.strip() for cell in overview.select("#standards-table tbody tr")[0].select("td")]
    assert any(str(now - 51) in cell for cell in first_row)
    trends = page(client.get(f"/admin/cycles/{this_year['slug']}/trends"))
    table = trends.select_one("#trend-table-1")
    rows = {tr["data-cycle"]: tr for tr in table.select("tbody tr")}
    assert "(entered from an earlier report)" in rows["health-check-2024"].text
    assert "51" in rows["health-check-2024"].text
    change = trends.select_one("#trend-change-1").text
    assert "since Health check 2024" in change and "entered from an earlier report" in change


def test_bad_scores_or_a_cycle_with_answers_are_refused(db, last_year, this_year):
    with pytest.raises(Problem) as refused:
        report_scores.record_report(db, last_year, {1: 101, 9: 50}, "")
    assert refused.value.messages == {
        "score_1": "Standard 1's score must be a whole number from 0 to 100",
        "score_9": "There is no standard 9; the standards are 1 to 8",
        "source": "Say which report the scores come from, such as the LGA national health check 2024",
    }
    with pytest.raises(Problem, match="has answers of its own"):
        report_scores.record_report(db, this_year, {1: 60}, "A report")
    assert db["report_scores"].count == 0
    assert cycles.get_cycle(db, "health-check-2024")["status"] == "draft"


def test_the_psw_records_scores_from_a_report_on_its_page(db, sign_in, last_year, this_year):
    client = sign_in("psw")
    url = f"/admin/cycles/{last_year['slug']}/report-scores"
    form = page(client.get(url))
    assert form.select_one("h1").text.strip() == "Scores from an earlier report"
    assert len(form.select("input[name^=score_]")) == 8
    # A score out of range and no report named: both said beside their fields, nothing stored.
    token = form.select_one("input[name=csrf_token]")["value"]
    refused = page(client.post(url, data={"csrf_token": token, "score_1": "120", "source": ""}))
    summary = [link.text.strip() for link in refused.select(".govuk-error-summary a")]
    assert "Standard 1's score must be a whole number from 0 to 100" in summary
    assert refused.title.text.startswith("Error: ")
    assert db["report_scores"].count == 0
    sent = {"csrf_token": token, "source": "LGA national health check 2024", "respondents": "212"}
    sent |= {f"score_{number}": str(50 + number) for number in range(1, 9)}
    assert client.post(url, data=sent).status_code == 302
    report = report_scores.report_for(db, cycles.get_cycle(db, last_year["slug"]))
    assert report["scores"] == {number: 50 + number for number in range(1, 9)}
    assert report["source"] == "LGA national health check 2024" and report["respondents"] == 212
    overview = page(client.get(f"/admin/cycles/{this_year['slug']}/results"))
    assert "entered from an earlier report" in overview.select_one("#change-from-report").text
