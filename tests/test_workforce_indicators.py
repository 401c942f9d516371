"""Indicators per team and for the organisation, and the hiding of figures about individuals."""

import pytest

from healthcheck import cycles, workforce
from healthcheck.questions import load_bank
from healthcheck.workforce.indicators import disclosure
from healthcheck.workforce.report import report_as_dict, workforce_report


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_indicators_follow_the_dfe_definitions(bank):
    figures = {
        "inpost_fte": 90,
        "vacancy_fte": 10,
        "agency_fte": 10,
        "agency_cover_fte": 8,
        "leavers_fte": 9,
        "cases": 1500,
        "case_holders_fte": 100,
        "working_days_lost": 1138.5,
        "supervisions_due": 40,
        "supervisions_held": 30,
        "average_weekly_hours": 39.5,
    }
    values = workforce.compute_indicators(bank, figures)
    assert values["vacancy_rate"] == pytest.approx(10.0)  # 10 / (10 + 90)
    assert values["agency_rate"] == pytest.approx(10.0)  # 10 / (10 + 90)
    assert values["agency_cover_rate"] == pytest.approx(80.0)  # 8 / 10 vacancies
    assert values["turnover_rate"] == pytest.approx(10.0)  # 9 / 90
    assert values["caseload"] == pytest.approx(15.0)  # 1500 / 100
    assert values["absence_rate"] == pytest.approx(5.0)  # 1138.5 / (90 x 253)
    assert values["supervision_compliance"] == pytest.approx(75.0)
    assert values["average_weekly_hours"] == pytest.approx(39.5)


def test_a_missing_input_or_a_zero_denominator_gives_no_value_never_zero(bank):
    values = workforce.compute_indicators(bank, {"vacancy_fte": 0, "inpost_fte": 0, "cases": 10, "case_holders_fte": 0})
    assert values["vacancy_rate"] is None
    assert values["caseload"] is None
    assert values["turnover_rate"] is None  # no leavers figure
    assert set(values) == {indicator.id for indicator in bank.indicators}


def test_the_organisation_sums_inputs_rather_than_averaging_team_rates(bank):
    figures = {1: {"vacancy_fte": 1, "inpost_fte": 9}, 2: {"vacancy_fte": 30, "inpost_fte": 60}}
    # team rates are 10 % and 33.3 %; their average would be 21.7 %
    assert workforce.organisation_indicators(bank, figures)["vacancy_rate"] == pytest.approx(31 / 100 * 100)


def test_a_team_missing_an_input_is_left_out_of_the_organisation_figure(bank):
    figures = {1: {"vacancy_fte": 10, "inpost_fte": 90}, 2: {"inpost_fte": 400}}
    assert workforce.organisation_indicators(bank, figures)["vacancy_rate"] == pytest.approx(10.0)


def test_average_hours_are_weighted_by_staff_in_post_not_added(bank):
    figures = {1: {"average_weekly_hours": 40, "inpost_fte": 30}, 2: {"average_weekly_hours": 37, "inpost_fte": 10}}
    assert workforce.organisation_indicators(bank, figures)["average_weekly_hours"] == pytest.approx(39.25)


def teams(*sizes):
    return [{"id": number, "headcount": size} for number, size in enumerate(sizes, start=1)]


def with_sickness(*team_ids):
    return {team: {"working_days_lost": 20.0, "inpost_fte": 5.0} for team in team_ids}


def test_no_team_is_hidden_when_every_team_reaches_the_threshold(bank):
    shown = disclosure(bank, teams(12, 8), with_sickness(1, 2), 5)
    assert shown.teams == frozenset() and shown.organisation == frozenset()


def test_a_small_team_and_the_next_smallest_are_hidden_so_totals_cannot_be_differenced(bank):
    shown = disclosure(bank, teams(20, 4, 9, 15), with_sickness(1, 2, 3, 4), 5)
    assert shown.teams == {2, 3}
    assert "absence_rate" not in shown.organisation


def test_the_organisation_figure_is_hidden_when_only_small_teams_give_it(bank):
    shown = disclosure(bank, teams(12, 3), with_sickness(2), 5)
    assert 2 in shown.teams and "absence_rate" in shown.organisation


def test_a_small_team_with_no_sickness_figure_needs_no_second_team_hidden(bank):
    shown = disclosure(bank, teams(12, 3, 9), with_sickness(1, 3), 5)
    assert shown.teams == {2}
    assert shown.organisation == frozenset()


def test_the_headcount_in_post_counts_when_it_is_smaller_than_the_eligible_headcount(bank):
    figures = with_sickness(1, 2, 3)
    figures[2]["inpost_headcount"] = 4
    shown = disclosure(bank, teams(12, 10, 30), figures, 5)
    assert 2 in shown.teams


def test_the_json_report_never_carries_a_hidden_figure(db, make_cycle):
    cycle = make_cycle(status="open", teams=[("North", "Adults", 12), ("Tiny", "Adults", 3), ("Mid", "Adults", 6)])
    workforce.import_file(
        db,
        cycle,
        "a.csv",
        b"team,inpost_fte,working_days_lost,long_term_absence_fte,vacancy_fte\n"
        b"North,10,111,1,1\nTiny,3,77,1,0\nMid,6,55,0,1\n",
    )
    report = report_as_dict(workforce_report(db, cycle), by_team=True)
    text = str(report)
    assert "77" not in text and "55" not in text  # Tiny's and Mid's working days lost
    tiny = next(team for team in report["teams"] if team["team"] == "Tiny")
    absence = next(item for item in tiny["indicators"] if item["id"] == "absence_rate")
    assert absence == {**absence, "value": None, "status": "Hidden: fewer than 5 staff", "inputs": {}}
    vacancy = next(item for item in tiny["indicators"] if item["id"] == "vacancy_rate")
    assert vacancy["value"] == 0.0 and vacancy["inputs"] == {"vacancy_fte": 0.0, "inpost_fte": 3.0}
    organisation = {item["id"]: item for item in report["organisation"]}
    assert organisation["absence_rate"]["value"] == pytest.approx(243 / (19 * 253) * 100, abs=0.01)
    assert organisation["absence_rate"]["teams_included"] == 3
    assert cycles.get_cycle(db, cycle["slug"])["reporting_threshold"] == report["reporting_threshold"] == 5
