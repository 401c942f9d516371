"""The survey pages' checks, as plain functions of the fields a page was given: what they
read from a request, the messages they give in the page's order, and that answers which
pass every page's checks are always answers the store accepts."""

from hypothesis import event, given, settings
from hypothesis import strategies as st
from survey_helpers import valid_answers
from werkzeug.datastructures import MultiDict

from healthcheck.problems import Problem
from healthcheck.questions import DONT_KNOW, load_bank
from healthcheck.survey import checks, journey
from healthcheck.survey.answers import comment_field, dont_know_field, item_field, response_from_fields
from healthcheck.survey.store import COMMENT_LIMIT, ResponseChecker

BANK = load_bank()
TEAMS = [{"id": 7, "name": "North", "service_area": "Adults"}]


def standard_with(kind: str):
    return next(item for item in BANK.items if item.type == kind and item.dont_know)


def page_of(item) -> str:
    return journey.standard_page(item.standard)


def test_given_reads_every_field_the_page_shows_and_nothing_else():
    chooser = next(item for item in BANK.items if item.type == "multiple_choice")
    page = page_of(chooser)
    sent = MultiDict(
        [
            (item_field(chooser), chooser.choices[0].value),
            (item_field(chooser), ""),
            (item_field(chooser), chooser.choices[1].value),
            ("team", "7"),
            ("csrf_token", "x"),
        ]
    )
    fields = checks.given(BANK, page, sent)
    assert list(fields) == list(checks.page_field_names(BANK, page))
    assert fields[item_field(chooser)] == [chooser.choices[0].value, chooser.choices[1].value]
    assert "team" not in fields and "csrf_token" not in fields
    assert all(value == "" for name, value in fields.items() if name != item_field(chooser))


def test_a_page_answered_as_asked_has_no_problems():
    for number in journey.standard_numbers(BANK):
        fields = checks.given(BANK, journey.standard_page(number), MultiDict(valid_answers(BANK, number)))
        assert checks.problems(BANK, journey.standard_page(number), TEAMS, fields) == {}


def test_problems_come_in_the_order_the_page_shows_its_fields():
    number = journey.standard_numbers(BANK)[0]
    page = journey.standard_page(number)
    fields = {comment_field(number): "x" * (COMMENT_LIMIT + 1)}
    found = checks.problems(BANK, page, TEAMS, fields)
    required = [
        item_field(item) for item in BANK.items_for(number) if item.type in ("agreement", "frequency", "number")
    ]
    assert list(found) == required + [comment_field(number)]
    assert found[comment_field(number)] == f"Your comments must be {COMMENT_LIMIT:,} characters or fewer"
    agreement = next(item for item in BANK.items_for(number) if item.type == "agreement")
    assert found[item_field(agreement)] == f"Select how much you agree with “{agreement.text.rstrip('.')}”"


def test_a_number_and_dont_know_together_or_out_of_range_are_refused():
    number = standard_with("number")
    fields = {**valid_answers(BANK, number.standard), item_field(number): "3", dont_know_field(number): DONT_KNOW}
    message = checks.problems(BANK, page_of(number), TEAMS, fields)[item_field(number)]
    assert message == f"Enter the number of {number.unit} or select “{BANK.dont_know_label}”, not both"
    fields = {**fields, item_field(number): str(number.max + 1), dont_know_field(number): ""}
    assert item_field(number) in checks.problems(BANK, page_of(number), TEAMS, fields)
    fields = {**fields, item_field(number): "", dont_know_field(number): DONT_KNOW}
    assert checks.problems(BANK, page_of(number), TEAMS, fields) == {}


def test_about_you_may_be_left_blank_but_only_offers_its_own_answers():
    assert checks.problems(BANK, journey.ABOUT_YOU, TEAMS, {}) == {}
    assert (
        checks.problems(
            BANK,
            journey.ABOUT_YOU,
            TEAMS,
            {"team": "prefer_not_to_say", "role_group": "social_worker"},
        )
        == {}
    )
    found = checks.problems(BANK, journey.ABOUT_YOU, TEAMS, {"team": "8", "role_group": "director"})
    assert found == checks.ABOUT_YOU_MESSAGES


def test_the_first_unfinished_page_skips_pages_that_passed():
    fields = {}
    for number in journey.standard_numbers(BANK):
        fields.update(checks.given(BANK, journey.standard_page(number), MultiDict(valid_answers(BANK, number))))
    assert checks.first_unfinished_page(BANK, TEAMS, fields) is None
    second = journey.standard_page(journey.standard_numbers(BANK)[1])
    broken = {**fields, **{name: "" for name in checks.page_field_names(BANK, second)}}
    assert checks.first_unfinished_page(BANK, TEAMS, broken) == second
    assert checks.first_unfinished_page(BANK, TEAMS, broken, passed=[second]) is None
    assert checks.first_unfinished_page(BANK, TEAMS, {**fields, "team": "99"}) == journey.ABOUT_YOU


def _typed_values(item):
    values = [choice.value for choice in BANK.choices_for(item)] + [DONT_KNOW, "", " 3 ", "-1", "1e3", "abc", "999999"]
    if item.type == "multiple_choice":
        return st.lists(st.sampled_from(values), max_size=3)
    return st.one_of(st.sampled_from(values), st.text(max_size=8))


ANSWERED = {}
for _number in journey.standard_numbers(BANK):
    ANSWERED.update(checks.given(BANK, journey.standard_page(_number), MultiDict(valid_answers(BANK, _number))))
TYPED = {
    **{item_field(item): _typed_values(item) for item in BANK.items},
    **{dont_know_field(item): st.sampled_from(["", DONT_KNOW]) for item in BANK.items if item.type == "number"},
    **{
        comment_field(standard.number): st.sampled_from(["", "fine", "x" * (COMMENT_LIMIT + 1)])
        for standard in BANK.standards
    },
    "team": st.sampled_from(["", "7", "8", "prefer_not_to_say"]),
}
# Every page answered, then a few fields changed to anything a person might send.
typed_fields = (
    st.lists(st.sampled_from(sorted(TYPED)), max_size=4, unique=True)
    .flatmap(lambda names: st.fixed_dictionaries({name: TYPED[name] for name in names}))
    .map(lambda changed: {**ANSWERED, **changed})
)


@settings(max_examples=300, deadline=None)
@given(fields=typed_fields)
def test_answers_that_pass_every_page_are_answers_the_store_accepts(fields):
    if checks.first_unfinished_page(BANK, TEAMS, fields) is not None:
        event("refused by a page")
        return
    event("passed every page")
    response = response_from_fields(BANK, fields, {7})
    try:
        ResponseChecker({"id": 1}, BANK).response(response)
    except Problem as error:
        raise AssertionError(f"passed the pages but the store refuses {error.field}: {error.message}") from None
