"""Properties that hold for any answers: scores stay in 0-100, a top answer never lowers
a score, and "don't know" never moves one."""

from hypothesis import given, settings
from hypothesis import strategies as st

from healthcheck.questions import DONT_KNOW, load_bank
from healthcheck.results import scoring
from healthcheck.results.scoring import Respondent

BANK = load_bank()
SCORED = [item for item in BANK.items if item.scored]


def answer_for(item):
    if item.type == "number":
        numbers = st.floats(min_value=item.min, max_value=item.max, allow_nan=False).map(lambda n: f"{n:g}")
        return st.one_of(numbers, st.just(DONT_KNOW)) if item.dont_know else numbers
    values = [choice.value for choice in BANK.choices_for(item)] + ([DONT_KNOW] if item.dont_know else [])
    return st.sampled_from(values)


def best_answer(item):
    """The answer that scores 100 for this item."""
    if item.type == "number":
        return f"{item.good:g}"
    choices = BANK.choices_for(item)
    best = min(choices, key=lambda c: c.score) if item.reverse else max(choices, key=lambda c: c.score)
    return best.value


@st.composite
def respondent(draw):
    items = draw(st.lists(st.sampled_from(SCORED), unique_by=lambda i: i.id, max_size=len(SCORED)))
    return Respondent(draw(st.sampled_from([1, 2, None])), None, {item.id: draw(answer_for(item)) for item in items})


organisation = st.dictionaries(
    st.sampled_from([item.id for item in BANK.organisation_items]),
    st.sampled_from([choice.value for choice in BANK.organisation_answers]),
)
indicators = st.fixed_dictionaries(
    {
        indicator.id: st.one_of(st.none(), st.floats(min_value=0, max_value=500, allow_nan=False))
        for indicator in BANK.indicators
    }
)


def all_scores(card):
    """(where, score) for every score and part in a scorecard."""
    for standard in card["standards"]:
        yield f"standard {standard['number']}", standard["score"]
        for part, value in standard["parts"].items():
            yield f"standard {standard['number']} {part}", value
        for step in standard["steps"]:
            yield f"step {step['key']}", step["score"]
            for part, value in step["parts"].items():
                yield f"step {step['key']} {part}", value


@settings(max_examples=60, deadline=None)
@given(st.lists(respondent(), max_size=8), organisation, indicators)
def test_every_score_is_between_0_and_100(people, answers, values):
    card = scoring.scorecard(BANK, people, answers, values)
    for where, value in all_scores(card):
        assert value is None or 0 <= value <= 100, where
        if value is not None:
            assert BANK.band_for(value).name in ("Low", "Moderate", "High")
    for item in SCORED:
        summary = scoring.item_summary(BANK, item, people)
        assert summary["score"] is None or 0 <= summary["score"] <= 100
        assert summary["positive"] is None or 0 <= summary["positive"] <= 100


@settings(max_examples=60, deadline=None)
@given(st.lists(respondent(), max_size=8), organisation, indicators, st.sampled_from(SCORED), st.data())
def test_one_more_positive_answer_never_lowers_a_score(people, answers, values, item, data):
    before = dict(all_scores(scoring.scorecard(BANK, people, answers, values)))
    positive_before = scoring.item_summary(BANK, item, people)["positive"]
    # either a new respondent, or someone who had not answered this item, gives the best answer
    unanswered = [p for p in people if p.answers.get(item.id) in (None, DONT_KNOW)]
    if unanswered and data.draw(st.booleans()):
        person = data.draw(st.sampled_from(unanswered))
        person.answers[item.id] = best_answer(item)
    else:
        people = people + [Respondent(1, None, {item.id: best_answer(item)})]
    after = dict(all_scores(scoring.scorecard(BANK, people, answers, values)))
    for where, value in before.items():
        if value is not None:
            assert after[where] is not None and after[where] >= value - 1e-9, where
    positive_after = scoring.item_summary(BANK, item, people)["positive"]
    assert positive_after >= (positive_before or 0) - 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(respondent(), max_size=8), organisation, indicators, st.sampled_from([1, 3]), st.data())
def test_dont_know_never_changes_a_score(people, answers, values, minimum, data):
    before = scoring.scorecard(BANK, people, answers, values, minimum_answers=minimum)
    offers_dont_know = [item for item in SCORED if item.dont_know]
    for person in people:
        for item in offers_dont_know:
            if item.id not in person.answers and data.draw(st.booleans()):
                person.answers[item.id] = DONT_KNOW
    people = people + [Respondent(2, None, {item.id: DONT_KNOW for item in offers_dont_know})]
    after = scoring.scorecard(BANK, people, answers, values, minimum_answers=minimum)
    assert dict(all_scores(after)) == dict(all_scores(before))
    assert [s["respondents"] for s in after["standards"]] == [s["respondents"] for s in before["standards"]]
