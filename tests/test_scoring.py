"""Scoring, worked by hand against the shipped question bank."""

import pytest

from healthcheck.questions import DONT_KNOW, load_bank
from healthcheck.results import scoring
from healthcheck.results.scoring import Respondent

BANK = load_bank()


def score(item_id, value):
    return scoring.answer_score(BANK, BANK.item(item_id), value)


def test_agreement_answers_score_in_quarters():
    assert [
        score("29a", value) for value in ("strongly_disagree", "disagree", "neither", "agree", "strongly_agree")
    ] == [0, 25, 50, 75, 100]


def test_reverse_items_are_mirrored():
    # 20b: "I spend a lot of time on tasks that an administrator ... could do better."
    assert score("20b", "agree") == 25
    assert score("20b", "strongly_disagree") == 100


def test_dont_know_and_blank_are_not_scored():
    assert score("29a", DONT_KNOW) is None
    assert score("29a", None) is None
    assert score("5a", DONT_KNOW) is None


def test_frequency_answers_take_the_banks_scores():
    assert score("8a", "monthly") == 100  # supervision at least monthly is good practice
    assert score("8a", "six_to_eight_weeks") == 50
    assert score("28a", "monthly") == 75


def test_number_answers_are_linear_between_good_and_poor():
    # 5a caseload: good 16, poor 22 (lower is better)
    assert [score("5a", v) for v in ("10", "16", "19", "22", "30")] == [100, 100, 50, 0, 0]
    # 6a extra hours: good 2, poor 10
    assert score("6a", "6") == 50


def test_multiple_choice_and_text_are_never_scored():
    assert score("19a", ["systems"]) is None
    assert score("10c", "Practice educator") is None


def test_item_summary_gives_mean_and_percent_positive():
    people = [
        Respondent(None, None, {"29a": value})
        for value in ("strongly_agree", "agree", "neither", "disagree", DONT_KNOW)
    ]
    summary = scoring.item_summary(BANK, BANK.item("29a"), people)
    assert summary["answered"] == 5
    assert summary["dont_know"] == 1
    assert summary["scored"] == 4
    assert summary["score"] == 62.5
    assert summary["positive"] == 50.0  # agree and strongly agree, of the 4 who gave a view
    counts = {row["value"]: row["count"] for row in summary["distribution"]}
    assert counts == {"strongly_disagree": 0, "disagree": 1, "neither": 1, "agree": 1, "strongly_agree": 1}


def test_step_and_standard_scores_worked_by_hand():
    people = [
        Respondent(
            1,
            "social_worker",
            {"8a": "monthly", "8b": "agree", "8c": "agree", "25a": "strongly_agree", "25b": "disagree"},
        )
    ]
    indicators = {"supervision_compliance": 85.0}
    card = scoring.scorecard(BANK, people, {"O25": "needs_improvement"}, indicators)
    standard = card["standards"][4]
    assert standard["number"] == 5
    step8, step25 = standard["steps"]
    # practitioner (100 + 75 + 25) / 3; workforce 85% held: (85 - 70) / (95 - 70) = 60
    assert step8["parts"]["practitioner"] == pytest.approx(200 / 3)
    assert step8["parts"]["workforce"] == pytest.approx(60)
    assert step8["parts"]["organisation"] is None
    assert step8["score"] == pytest.approx((200 / 3 + 60) / 2)
    assert step8["coverage"] == {"with_data": 2, "of": 2}
    # practitioner (100 + 25) / 2 = 62.5; organisation "needs improvement" = 50
    assert step25["score"] == pytest.approx(56.25)
    assert standard["score"] == pytest.approx(((200 / 3 + 60) / 2 + 56.25) / 2)
    assert scoring.shown_score(standard["score"]) == 60
    assert scoring.band_name(BANK, standard["score"]) == "Moderate"
    assert standard["coverage"] == {"with_data": 2, "of": 2}
    assert standard["respondents"] == 1
    assert standard["parts"]["organisation"] == 50


def test_supplementary_items_score_as_one_extra_step_of_their_standard():
    people = [Respondent(None, None, {"S7a": "agree", "S7b": "strongly_agree", "S7c": DONT_KNOW})]
    standard = scoring.scorecard(BANK, people, {}, {})["standards"][6]
    assert [step["key"] for step in standard["steps"]] == ["32", "S7"]
    assert standard["steps"][1]["score"] == 87.5
    assert standard["steps"][0]["score"] is None  # step 32 has no answers and no organisation view
    assert standard["score"] == 87.5
    assert standard["coverage"] == {"with_data": 1, "of": 2}


def test_items_answered_by_fewer_than_the_minimum_are_left_out():
    people = [Respondent(None, None, {"29a": "strongly_agree", "30a": "strongly_disagree"}) for _ in range(5)]
    people[0].answers.pop("30a")
    card = scoring.scorecard(BANK, people, {}, {}, minimum_answers=5)
    steps = {step["key"]: step for step in card["standards"][0]["steps"]}
    assert steps["29"]["score"] == 100
    assert steps["30"]["score"] is None  # only 4 answered
    assert card["standards"][0]["score"] == 100


@pytest.mark.parametrize(
    "raw, shown, band",
    [
        (0, 0, "Low"),
        (50, 50, "Low"),
        (50.4, 50, "Low"),
        (50.5, 51, "Moderate"),
        (74.49, 74, "Moderate"),
        (74.5, 75, "High"),
        (100, 100, "High"),
    ],
)
def test_scores_are_banded_on_the_whole_number_shown(raw, shown, band):
    assert scoring.shown_score(raw) == shown
    assert scoring.band_name(BANK, raw) == band


def indicator(indicator_id):
    return next(i for i in BANK.indicators if i.id == indicator_id)


def test_indicator_values_follow_the_dfe_definitions():
    figures = {"vacancy_fte": 2, "inpost_fte": 18, "working_days_lost": 253, "cases": 90, "case_holders_fte": 5}
    values = scoring.indicator_values(BANK, figures)
    assert values["vacancy_rate"] == pytest.approx(10)
    assert values["absence_rate"] == pytest.approx(253 / (18 * 253) * 100)
    assert values["caseload"] == pytest.approx(18)
    assert values["agency_rate"] is None  # agency_fte missing
    assert scoring.indicator_score(indicator("vacancy_rate"), 10) == 100
    assert scoring.indicator_score(indicator("vacancy_rate"), 17.5) == 50
    assert scoring.indicator_score(indicator("caseload"), 18) == pytest.approx(200 / 3)


def test_indicator_with_zero_denominator_has_no_value():
    assert scoring.indicator_values(BANK, {"vacancy_fte": 0, "inpost_fte": 0})["vacancy_rate"] is None


def test_whole_organisation_rates_come_from_summed_figures_not_averaged_rates():
    figures = {
        1: {"vacancy_fte": 1, "inpost_fte": 19, "average_weekly_hours": 40},
        2: {"vacancy_fte": 3, "inpost_fte": 1, "average_weekly_hours": 50},
        3: {"average_weekly_hours": 45},
    }
    values = scoring.combined_indicator_values(BANK, figures, [1, 2, 3])
    # (1 + 3) / (1 + 3 + 19 + 1) = 16.7%, not the mean of 5% and 75%
    assert values["vacancy_rate"] == pytest.approx(400 / 24)
    # team 3 has no in-post FTE to weigh its average by, so it is left out of the
    # weighted average, as a team missing any input is left out of a summed rate
    assert values["average_weekly_hours"] == pytest.approx((40 * 19 + 50 * 1) / 20)
    weighted = scoring.combined_indicator_values(BANK, figures, [1, 2])
    assert weighted["average_weekly_hours"] == pytest.approx((40 * 19 + 50 * 1) / 20)


def test_organisation_answers_score_100_50_0():
    assert [scoring.organisation_score(BANK, a) for a in ("working_well", "needs_improvement", "not_in_place")] == [
        100,
        50,
        0,
    ]
    assert scoring.organisation_score(BANK, None) is None
