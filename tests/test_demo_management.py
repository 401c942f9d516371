"""The demo council's workforce figures and organisation's view."""

import datetime

import pytest

from healthcheck import cycles, workforce
from healthcheck.demo.seed import SMALL_TEAM, STRUGGLING_TEAM, seed_demo
from healthcheck.organisation_view import answers_for


@pytest.fixture
def seeded(db):
    seed_demo(db, seed=1)
    year = datetime.date.today().year
    return cycles.get_cycle(db, f"health-check-{year - 1}"), cycles.get_cycle(db, f"health-check-{year}")


def by_team(db, cycle):
    figures = workforce.figures_for(db, cycle["id"])
    return {team["name"]: figures.get(team["id"], {}) for team in cycles.teams_for(db, cycle["id"])}


def test_every_demo_team_has_workforce_figures_in_both_cycles(db, seeded):
    for cycle in seeded:
        figures = by_team(db, cycle)
        assert len(figures) == 8
        assert all(len(team_figures) >= 22 for team_figures in figures.values())
        assert cycle["case_definition"] and cycle["long_term_absence_definition"]
    # hours and TOIL come from timesheets, which two teams do not have: "not available", not zero
    assert "average_weekly_hours" not in by_team(db, seeded[1])["Hospital Discharge"]


def test_the_struggling_team_stands_out_and_is_worse_than_last_year(db, seeded):
    last, this = seeded
    bank = cycles.cycle_bank(this)
    now = {name: workforce.compute_indicators(bank, figures) for name, figures in by_team(db, this).items()}
    before = workforce.compute_indicators(bank, by_team(db, last)[STRUGGLING_TEAM])
    struggling = now.pop(STRUGGLING_TEAM)
    for indicator in ("vacancy_rate", "agency_rate", "caseload", "absence_rate", "unallocated_rate"):
        assert struggling[indicator] > max(values[indicator] for values in now.values()), indicator
        assert struggling[indicator] > before[indicator], indicator
    assert struggling["supervision_compliance"] < min(values["supervision_compliance"] for values in now.values())


def test_the_small_teams_sickness_is_hidden_on_the_demo_pages(db, seeded):
    report = workforce.workforce_report(db, seeded[1])
    small = next(team for team in report.teams if team.team["name"] == SMALL_TEAM)
    assert "working_days_lost" in small.hidden_fields and "working_days_lost" not in small.figures


def test_every_organisation_item_is_answered_with_a_mix_that_claims_supervision_works(db, seeded):
    for cycle in seeded:
        bank = cycles.cycle_bank(cycle)
        answers = answers_for(db, cycle["id"])
        assert set(answers) == {item.id for item in bank.organisation_items}
        assert {answer["answer"] for answer in answers.values()} == {
            "working_well",
            "needs_improvement",
            "not_in_place",
        }
        assert answers["O25"]["answer"] == "working_well"
        assert all(answer["evidence"] for answer in answers.values())
