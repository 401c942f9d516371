"""Scoring worked out respondent by respondent, as it was first written: the reference that
the counted scoring (healthcheck.tallies) is checked against. Tests only."""

from __future__ import annotations

from statistics import fmean, median

from healthcheck.questions import DONT_KNOW, PractitionerItem, QuestionBank
from healthcheck.results.scoring import (
    PARTS,
    answer_score,
    indicator_score,
    items_for_step,
    linear_score,
    mean_or_none,
    organisation_score,
    step_keys,
)


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


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
    summary = {
        "id": item.id,
        "type": item.type,
        "answered": len(values),
        "dont_know": dont_know,
        "scored": 0,
        "score": None,
        "positive": None,
        "distribution": [],
    }
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


def scorecard(
    bank: QuestionBank, respondents, organisation_answers: dict, indicators: dict, minimum_answers: int = 1
) -> dict:
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
        standards.append(
            {
                "number": standard.number,
                "score": mean_or_none(step["score"] for step in steps),
                "respondents": who,
                "coverage": {"with_data": sum(step["score"] is not None for step in steps), "of": len(steps)},
                "parts": {part: mean_or_none(step["parts"][part] for step in steps) for part in PARTS},
                "steps": steps,
            }
        )
    return {"respondents": len(respondents), "standards": standards}


def _who_answered(answered_scores: dict, items, count: int) -> int:
    """How many respondents gave a scored answer to at least one of these (counted) items."""
    columns = [answered_scores[item.id] for item in items if item.id in answered_scores]
    return sum(1 for index in range(count) if any(column[index] is not None for column in columns))


def _step_card(bank, key, answered_scores, organisation_answers, indicators, count) -> dict:
    items = [item for item in items_for_step(bank, key) if item.scored]
    practitioner = mean_or_none(mean_or_none(answered_scores[item.id]) for item in items if item.id in answered_scores)
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
        "coverage": {"with_data": sum(value is not None for value in parts.values()), "of": sum(expected.values())},
        "parts": parts,
    }
