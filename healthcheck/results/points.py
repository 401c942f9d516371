"""What one answer or one figure scores out of 100: the pure rules scoring and tallies share."""

from __future__ import annotations

from healthcheck.questions import DONT_KNOW, PractitionerItem, QuestionBank


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
