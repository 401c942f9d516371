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
from fractions import Fraction
from math import fsum

from healthcheck.questions import DONT_KNOW, Indicator, PractitionerItem, QuestionBank
from healthcheck.results.points import answer_score, linear_score
from healthcheck.results.tallies import MissedSets, Tally, item_bits, tally_respondents
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


def item_summary(bank: QuestionBank, item: PractitionerItem, respondents, answered: int | None = None) -> dict:
    """Everything the results show about one item, before any suppression.

    answered counts everyone who gave any answer (don't know included); scored
    those whose answer has a score. distribution lists each choice's count
    (multiple choice: the people who chose it). `respondents` is a list of
    Respondent or their Tally. `answered`, when given, is how many answered a
    multiple-choice item (kept counts have no masks to work it out from).
    """
    tally = _tally(bank, respondents)
    counts = tally.counts.get(item.id, {})
    if item.type == "multiple_choice":
        answered = tally.answered_any([item.id]) if answered is None else answered
    else:
        answered = sum(counts.values())
    summary = {
        "id": item.id,
        "type": item.type,
        "answered": answered,
        "dont_know": counts.get(DONT_KNOW, 0),
        "scored": 0,
        "score": None,
        "positive": None,
        "distribution": [],
    }
    if item.type in ("agreement", "frequency", "multiple_choice"):
        summary["distribution"] = [
            {"value": choice.value, "label": choice.label, "count": counts.get(choice.value, 0)}
            for choice in bank.choices_for(item)
        ]
    if item.type == "number":
        numbers = sorted(
            (float(value), count) for value, count in counts.items() if value != DONT_KNOW and _is_number(value)
        )
        summary["mean_value"] = exact_mean(numbers)[1]
        summary["median_value"] = _median(numbers)
        if item.good is not None:
            scored = [(linear_score(number, item.good, item.poor), count) for number, count in numbers]
            summary["distribution"] = [
                {
                    "value": "good",
                    "label": f"At or better than {item.good:g}",
                    "count": sum(count for score, count in scored if score == 100.0),
                },
                {
                    "value": "between",
                    "label": "In between",
                    "count": sum(count for score, count in scored if 0 < score < 100),
                },
                {
                    "value": "poor",
                    "label": f"At or worse than {item.poor:g}",
                    "count": sum(count for score, count in scored if score == 0.0),
                },
            ]
    if item.scored:
        scores = _scores(bank, item, counts)
        summary["scored"], summary["score"] = exact_mean(scores)
        if summary["scored"]:
            positive = sum(count for score, count in scores if score >= bank.positive_threshold)
            summary["positive"] = 100.0 * positive / summary["scored"]
    return summary


def kept_counts(bank: QuestionBank, tally: Tally) -> dict:
    """What a group's question pages are made from, as a release keeps it: each shown
    item's counts, and how many answered each multiple-choice item (kept_summaries)."""
    shown = [item for item in bank.items if item.type != "text"]
    counts = tally.counts
    return {
        "counts": {item.id: counts[item.id] for item in shown if item.id in counts},
        "answered": {item.id: tally.answered_any([item.id]) for item in shown if item.type == "multiple_choice"},
    }


def kept_summaries(bank: QuestionBank, kept: dict) -> dict:
    """item_summary of every shown item, from kept_counts."""
    tally = Tally(counts=kept["counts"])
    return {
        item.id: item_summary(bank, item, tally, kept["answered"].get(item.id, 0))
        for item in bank.items
        if item.type != "text"
    }


def _tally(bank: QuestionBank, respondents) -> Tally:
    return respondents if isinstance(respondents, Tally) else tally_respondents(bank, list(respondents))


def _scores(bank: QuestionBank, item: PractitionerItem, counts: dict) -> list[tuple[float, int]]:
    """(score, how many) for each scored value given to the item."""
    scored = ((answer_score(bank, item, value), count) for value, count in counts.items())
    return [(score, count) for score, count in scored if score is not None]


def exact_mean(pairs) -> tuple[int, float | None]:
    """(how many, their mean) of (value, how many) pairs: exactly what statistics.fmean gives
    for the values written out one by one (an exactly rounded sum, divided by the count)."""
    count, whole, fraction = 0, 0, Fraction(0)
    for value, times in pairs:
        count += times
        if value.is_integer():
            whole += int(value) * times
        else:
            fraction += Fraction(value) * times
    if not count:
        return 0, None
    return count, float(whole + fraction) / count if fraction else float(whole) / count


def _median(pairs: list[tuple[float, int]]) -> float | None:
    """statistics.median of the values written out one by one, from sorted (value, how many) pairs."""
    count = sum(times for _, times in pairs)
    if not count:
        return None

    def at(position: int) -> float:
        for value, times in pairs:
            if position < times:
                return value
            position -= times
        raise IndexError(position)

    if count % 2:
        return at(count // 2)
    return (at(count // 2 - 1) + at(count // 2)) / 2


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
    for choice in bank.organisation_answers:
        if choice.value == answer:
            return float(choice.score)
    return None


def mean_or_none(values) -> float | None:
    present = [value for value in values if value is not None]
    return fsum(present) / len(present) if present else None  # as statistics.fmean


def step_keys(bank: QuestionBank, standard_number: int) -> list[str]:
    """The keys of a standard's steps: "5" for step 5, "S7" for standard 7's supplementary items."""
    keys = [str(step.number) for step in bank.steps_for(standard_number)]
    if any(item.supplementary and item.scored for item in bank.items_for(standard_number)):
        keys.append(f"S{standard_number}")
    return keys


def score_columns(bank: QuestionBank) -> tuple[dict, dict]:
    """({step key: its scored items}, {standard number: its step keys}): what each
    respondent is scored on."""
    standard_steps = {standard.number: step_keys(bank, standard.number) for standard in bank.standards}
    step_items = {
        key: [item for item in items_for_step(bank, key) if item.scored]
        for keys in standard_steps.values()
        for key in keys
    }
    return step_items, standard_steps


def items_for_step(bank: QuestionBank, key: str) -> tuple[PractitionerItem, ...]:
    if key.startswith("S"):
        return tuple(item for item in bank.items_for(int(key[1:])) if item.supplementary)
    return tuple(item for item in bank.items if item.step == int(key))


def scorecard(
    bank: QuestionBank, respondents, organisation_answers: dict, indicators: dict, minimum_answers: int = 1
) -> dict:
    """Scores for every step and standard of one group.

    respondents: a list of Respondent, or their Tally. organisation_answers:
    {organisation item id: answer value}; indicators: {indicator id: value or
    None} for the group. Returns {"respondents": n, "standards": [{number,
    score, respondents, coverage, parts, steps: [{key, number, supplementary,
    score, respondents, coverage, parts}]}]}, scores unrounded, None where
    there is no data.
    """
    tally = _tally(bank, respondents)
    return Scorer(bank, tally.bits).scorecard(tally, organisation_answers, indicators, minimum_answers)


class Scorer:
    """Scorecards for many groups of one cycle: the bank's layout is worked out once, and
    who answered what is counted once per distinct pattern of answers."""

    def __init__(self, bank: QuestionBank, bits: dict[str, int] | None = None):
        self.bank = bank
        self.bits = item_bits(bank) if bits is None else bits
        self.scored = [item for item in bank.items if item.scored]
        self.step_keys = {standard.number: step_keys(bank, standard.number) for standard in bank.standards}
        keys = [key for standard in bank.standards for key in self.step_keys[standard.number]]
        # The item sets whose respondents are counted: each step's, then each standard's.
        self.sets = {key: [item for item in items_for_step(bank, key) if item.scored] for key in keys}
        self.sets.update(
            {
                standard.number: [item for item in bank.items_for(standard.number) if item.scored]
                for standard in bank.standards
            }
        )
        self.set_index = {key: index for index, key in enumerate(self.sets)}
        probe = Tally(bits=self.bits)
        self.set_masks = [probe.mask(item.id for item in items) for items in self.sets.values()]
        self.missed = MissedSets(self.set_masks)
        self.organisation_items = {
            step.number: [item for item in bank.organisation_items if item.step == step.number] for step in bank.steps
        }
        self.step_indicators = {
            step.number: [i for i in bank.indicators if i.step == step.number] for step in bank.steps
        }
        self._scores: dict = {}
        self._layouts: dict = {}

    def scorecard(self, tally: Tally, organisation_answers: dict, indicators: dict, minimum_answers: int = 1) -> dict:
        means = {
            item_id: _mean(count, total)
            for item_id, (count, total) in self.item_sums(tally).items()
            if count >= minimum_answers
        }
        missing = self.missed.counts(tally)

        def who(key) -> int:
            """How many gave a scored answer to at least one of the set's counted items."""
            counted = [item.id for item in self.sets[key] if item.id in means]
            mask = tally.mask(counted)
            index = self.set_index[key]
            if mask and mask == self.set_masks[index]:
                return tally.respondents - missing[index]
            return tally.answered_any(counted)

        standards = []
        for standard in self.bank.standards:
            steps = [
                self._step_card(key, means, who, organisation_answers, indicators)
                for key in self.step_keys[standard.number]
            ]
            standards.append(
                {
                    "number": standard.number,
                    "score": mean_or_none(step["score"] for step in steps),
                    "respondents": who(standard.number),
                    "coverage": {"with_data": sum(step["score"] is not None for step in steps), "of": len(steps)},
                    "parts": {part: mean_or_none(step["parts"][part] for step in steps) for part in PARTS},
                    "steps": steps,
                }
            )
        return {"respondents": tally.respondents, "standards": standards}

    def item_sums(self, tally: Tally) -> dict[str, tuple[int, dict[int, int]]]:
        """For each scored item: how many scored answers, and the exact sum of their scores as
        {denominator: numerator} (every float is a whole number over a power of two). Worked
        out once per tally; a total adds up its parts'."""
        key = (self, "item sums")
        sums = tally.memo.get(key)
        if sums is None:
            sums = {}
            if tally.parts:
                sums = {item.id: (0, {}) for item in self.scored}
                for part in tally.parts:
                    for item_id, (part_count, part_total) in self.item_sums(part).items():
                        count, total = sums[item_id]
                        for denominator, numerator in part_total.items():
                            total[denominator] = total.get(denominator, 0) + numerator
                        sums[item_id] = (count + part_count, total)
            else:
                known = self._scores
                for item in self.scored:
                    count, total = 0, {}
                    for value, times in tally.counts.get(item.id, {}).items():
                        answer = (item.id, value)
                        ratio = known[answer] if answer in known else self._score(item, value)
                        if ratio is None:
                            continue
                        count += times
                        numerator, denominator = ratio
                        total[denominator] = total.get(denominator, 0) + numerator * times
                    sums[item.id] = (count, total)
            tally.memo[key] = sums
        return sums

    def _score(self, item: PractitionerItem, value) -> tuple[int, int] | None:
        """The answer's score as an exact ratio of whole numbers."""
        key = (item.id, value)
        if key not in self._scores:
            score = answer_score(self.bank, item, value)
            self._scores[key] = None if score is None else score.as_integer_ratio()
        return self._scores[key]

    def _step_card(self, key, means, who, organisation_answers, indicators) -> dict:
        layout = self._layouts.get(key)
        if layout is None:
            layout = self._layouts[key] = self._step_layout(key)
        item_ids, number, org_items, step_indicators, of = layout
        practitioner = mean_or_none([means[item_id] for item_id in item_ids if item_id in means])
        organisation = workforce = None
        if number is not None:
            if organisation_answers:  # a group's card has none: the organisation's view is shown beside it
                organisation = mean_or_none(
                    organisation_score(self.bank, organisation_answers.get(i.id)) for i in org_items
                )
            if step_indicators:
                workforce = mean_or_none(indicator_score(i, indicators.get(i.id)) for i in step_indicators)
        parts = {"practitioner": practitioner, "organisation": organisation, "workforce": workforce}
        return {
            "key": key,
            "number": number,
            "supplementary": number is None,
            "score": mean_or_none(parts.values()),
            "respondents": who(key),
            "coverage": {"with_data": sum(value is not None for value in parts.values()), "of": of},
            "parts": parts,
        }

    def _step_layout(self, key) -> tuple:
        """(scored item ids, step number or None, organisation items, indicators, how many parts it has)."""
        items = self.sets[key]
        if key.startswith("S"):
            return [item.id for item in items], None, [], [], int(bool(items))
        number = int(key)
        org_items = self.organisation_items.get(number, [])
        step_indicators = self.step_indicators.get(number, [])
        of = bool(items) + bool(org_items) + bool(step_indicators)
        return [item.id for item in items], number, org_items, step_indicators, of


def _mean(count: int, total: dict[int, int]) -> float | None:
    """The mean of scores summed exactly, rounded as statistics.fmean rounds (see exact_mean)."""
    if not count:
        return None
    if set(total) <= {1}:
        return float(total.get(1, 0)) / count
    # Every denominator is a power of two: over the largest, the sum is one whole number, and
    # dividing whole numbers rounds exactly once, as converting the Fraction does.
    common = max(total)
    return sum(numerator * (common // denominator) for denominator, numerator in total.items()) / common / count


def shown_score(score: float | None) -> int | None:
    """The whole number people see: rounded half up (50.5 -> 51), never to even."""
    return None if score is None else int(score + 0.5)


def band_name(bank: QuestionBank, score: float | None) -> str | None:
    """The band of the whole number shown, so the band always agrees with the figure.

    50.4 is shown as 50 and is Low; 50.5 is shown as 51 and is Moderate.
    """
    return None if score is None else bank.band_for(shown_score(score)).name
