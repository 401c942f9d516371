"""Scores out of 100 for items, steps and standards: plain functions, no Flask and no SQL.

Inputs are plain data: the cycle's question bank, the respondents (each a team,
a role group and their answers), the organisation's answers and the workforce
indicator values. Outputs are plain dicts that can be cached as JSON.

The rules, with their thresholds taken from the bank:
- agreement and frequency answers score what the bank gives the choice; a
  reverse item is mirrored (100 minus the score); "don't know" is left out;
- a number answer, and a workforce indicator, scores 100 at or better than
  "good", 0 at or worse than "poor", in proportion between;
- an organisation answer scores what organisation.toml gives it (100/50/0);
- an item's score is the mean of its answers' scores; a step's practitioner
  part is the mean of its items' scores; its organisation part the mean of its
  organisation items; its workforce part the mean of its indicators' scores;
- a step's score is the mean of the parts it has, a standard's score the mean
  of the scores of its steps that have one. Supplementary items (S7a ...) are
  scored together as one extra step of their standard, since they belong to
  none of the 39.

`minimum_answers` leaves out any item answered (with a scored answer) by fewer
people: the reporting threshold passes through here so that no score is ever
built from a figure that could not be shown on its own. With a minimum of 1
every score only rises when a top-scoring answer is added and never moves when
"don't know" is; with a higher minimum an item can join the mean once enough
people have answered it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean, median

from healthcheck.questions import DONT_KNOW, Indicator, PractitionerItem, QuestionBank
from healthcheck.workforce.indicators import compute_indicators, organisation_indicators

PARTS = ("practitioner", "organisation", "workforce")


@dataclass(frozen=True)
class Respondent:
    """One stored response: its team (or None), role group (or None) and answers.

    answers maps item id to a choice value, a number as text, DONT_KNOW, or a
    list of values for a multiple-choice item.
    """

    team_id: int | None
    role_group: str | None
    answers: dict = field(default_factory=dict)


def linear_score(value: float, good: float, poor: float) -> float:
    """100 at or better than good, 0 at or worse than poor, in proportion between."""
    fraction = (value - poor) / (good - poor)
    return 100.0 * min(1.0, max(0.0, fraction))


def answer_score(bank: QuestionBank, item: PractitionerItem, value) -> float | None:
    """The score of one answer, or None when it is not scored (don't know, blank, unscored type)."""
    if value is None or value == DONT_KNOW or not item.scored:
        return None
    if item.type == "number":
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        return linear_score(number, item.good, item.poor)
    scores = {choice.value: choice.score for choice in bank.choices_for(item)}
    if value not in scores:
        return None
    return 100.0 - scores[value] if item.reverse else float(scores[value])


def item_scores(bank: QuestionBank, respondents, item: PractitionerItem) -> list[float]:
    """Every scored answer to one item, in the respondents' order."""
    scores = (answer_score(bank, item, respondent.answers.get(item.id)) for respondent in respondents)
    return [score for score in scores if score is not None]


def item_summary(bank: QuestionBank, item: PractitionerItem, respondents) -> dict:
    """Everything the results show about one item, before any suppression.

    answered counts everyone who gave any answer (don't know included); scored
    those whose answer has a score. distribution lists each choice's count
    (multiple choice: the people who chose it).
    """
    values = [r.answers.get(item.id) for r in respondents if r.answers.get(item.id) not in (None, "", [])]
    dont_know = sum(1 for value in values if value == DONT_KNOW)
    summary = {"id": item.id, "type": item.type, "answered": len(values), "dont_know": dont_know,
               "scored": 0, "score": None, "positive": None, "distribution": []}
    if item.type in ("agreement", "frequency", "multiple_choice"):
        chosen = [v for value in values for v in (value if isinstance(value, list) else [value])]
        summary["distribution"] = [
            {"value": choice.value, "label": choice.label, "count": chosen.count(choice.value)}
            for choice in bank.choices_for(item)
        ]
    if item.type == "number":
        numbers = [float(value) for value in values if value != DONT_KNOW and _is_number(value)]
        summary["mean_value"] = fmean(numbers) if numbers else None
        summary["median_value"] = median(numbers) if numbers else None
        if item.good is not None:
            scores = [linear_score(number, item.good, item.poor) for number in numbers]
            summary["distribution"] = [
                {"value": "good", "label": f"At or better than {item.good:g}", "count": scores.count(100.0)},
                {"value": "between", "label": "In between", "count": sum(1 for s in scores if 0 < s < 100)},
                {"value": "poor", "label": f"At or worse than {item.poor:g}", "count": scores.count(0.0)},
            ]
    if item.scored:
        scores = item_scores(bank, respondents, item)
        summary["scored"] = len(scores)
        if scores:
            summary["score"] = fmean(scores)
            summary["positive"] = 100.0 * sum(1 for s in scores if s >= bank.positive_threshold) / len(scores)
    return summary


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def indicator_values(bank: QuestionBank, figures) -> dict[str, float | None]:
    """Every indicator of the bank for one team's figures ({field: value})."""
    return compute_indicators(bank, figures)


def combined_indicator_values(bank: QuestionBank, figures_by_team, team_ids) -> dict[str, float | None]:
    """The indicators for a group of teams, from their summed figures (never averaged rates),
    computed exactly as the workforce pages compute the organisation's figure."""
    group = {team_id: figures_by_team[team_id] for team_id in team_ids if team_id in figures_by_team}
    return organisation_indicators(bank, group)


def indicator_score(indicator: Indicator, value: float | None) -> float | None:
    return None if value is None else linear_score(value, indicator.good, indicator.poor)


def organisation_score(bank: QuestionBank, answer: str | None) -> float | None:
    scores = {choice.value: choice.score for choice in bank.organisation_answers}
    return float(scores[answer]) if answer in scores else None


def mean_or_none(values) -> float | None:
    present = [value for value in values if value is not None]
    return fmean(present) if present else None


def step_keys(bank: QuestionBank, standard_number: int) -> list[str]:
    """The keys of a standard's steps: "5" for step 5, "S7" for standard 7's supplementary items."""
    keys = [str(step.number) for step in bank.steps_for(standard_number)]
    if any(item.supplementary and item.scored for item in bank.items_for(standard_number)):
        keys.append(f"S{standard_number}")
    return keys


def items_for_step(bank: QuestionBank, key: str) -> tuple[PractitionerItem, ...]:
    if key.startswith("S"):
        return tuple(item for item in bank.items_for(int(key[1:])) if item.supplementary)
    return tuple(item for item in bank.items if item.step == int(key))


def scorecard(bank: QuestionBank, respondents, organisation_answers: dict, indicators: dict,
              minimum_answers: int = 1) -> dict:
    """Scores for every step and standard of one group.

    organisation_answers: {organisation item id: answer value}; indicators:
    {indicator id: value or None} for the group. Returns
    {"respondents": n, "standards": [{number, score, respondents, coverage,
    parts, steps: [{key, number, supplementary, score, respondents, coverage,
    parts}]}]}, scores unrounded, None where there is no data.
    """
    respondents = list(respondents)
    answered_scores = {}
    for item in bank.items:
        if item.scored:
            per_respondent = [answer_score(bank, item, r.answers.get(item.id)) for r in respondents]
            if sum(score is not None for score in per_respondent) >= minimum_answers:
                answered_scores[item.id] = per_respondent
    standards = []
    for standard in bank.standards:
        steps = [
            _step_card(bank, key, answered_scores, organisation_answers, indicators, len(respondents))
            for key in step_keys(bank, standard.number)
        ]
        who = _who_answered(answered_scores, [i for i in bank.items_for(standard.number) if i.scored], len(respondents))
        standards.append({
            "number": standard.number,
            "score": mean_or_none(step["score"] for step in steps),
            "respondents": who,
            "coverage": {"with_data": sum(step["score"] is not None for step in steps), "of": len(steps)},
            "parts": {part: mean_or_none(step["parts"][part] for step in steps) for part in PARTS},
            "steps": steps,
        })
    return {"respondents": len(respondents), "standards": standards}


def _who_answered(answered_scores: dict, items, count: int) -> int:
    """How many respondents gave a scored answer to at least one of these (counted) items."""
    columns = [answered_scores[item.id] for item in items if item.id in answered_scores]
    return sum(1 for index in range(count) if any(column[index] is not None for column in columns))


def _step_card(bank, key, answered_scores, organisation_answers, indicators, count) -> dict:
    items = [item for item in items_for_step(bank, key) if item.scored]
    practitioner = mean_or_none(
        mean_or_none(answered_scores[item.id]) for item in items if item.id in answered_scores
    )
    expected = {"practitioner": bool(items)}
    organisation = workforce = None
    if not key.startswith("S"):
        number = int(key)
        org_items = [item for item in bank.organisation_items if item.step == number]
        organisation = mean_or_none(organisation_score(bank, organisation_answers.get(i.id)) for i in org_items)
        step_indicators = [i for i in bank.indicators if i.step == number]
        workforce = mean_or_none(indicator_score(i, indicators.get(i.id)) for i in step_indicators)
        expected.update(organisation=bool(org_items), workforce=bool(step_indicators))
    parts = {"practitioner": practitioner, "organisation": organisation, "workforce": workforce}
    return {
        "key": key,
        "number": None if key.startswith("S") else int(key),
        "supplementary": key.startswith("S"),
        "score": mean_or_none(parts.values()),
        "respondents": _who_answered(answered_scores, items, count),
        "coverage": {"with_data": sum(value is not None for value in parts.values()),
                     "of": sum(expected.values())},
        "parts": parts,
    }


def shown_score(score: float | None) -> int | None:
    """The whole number people see: rounded half up (50.5 -> 51), never to even."""
    return None if score is None else int(score + 0.5)


def band_name(bank: QuestionBank, score: float | None) -> str | None:
    """The band of the whole number shown, so the band always agrees with the figure.

    50.4 is shown as 50 and is Low; 50.5 is shown as 51 and is Moderate.
    """
    return None if score is None else bank.band_for(shown_score(score)).name
