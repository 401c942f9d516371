"""The survey's rules without a browser: codes, drafts, sending once, access codes, uptake."""

import math
import re

import pytest
from survey_helpers import valid_answers

from healthcheck import cycles
from healthcheck.problems import Problem
from healthcheck.survey import access_codes, codes, drafts, uptake
from healthcheck.survey.store import Response, check_answer, store_response

SECRET = "test secret key"


@pytest.fixture
def open_cycle(make_cycle):
    return make_cycle(
        slug="hc", status="open", teams=[("North", "Adults", 12), ("South", "Adults", 9), ("Duty", "Children", 4)]
    )


def test_codes_carry_60_bits_and_are_grouped_for_copying():
    assert len(codes.ALPHABET) == 32 and codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 60
    made = {codes.new_code() for _ in range(500)}
    assert len(made) == 500
    assert all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code) for code in made)
    assert not any(set(code) & set("ILOU") for code in made)


def test_typed_codes_forgive_case_spaces_and_lookalike_letters():
    assert codes.normalise(" k7qf 2mxa-9tdr ") == "K7QF-2MXA-9TDR"
    assert codes.normalise("K7QF-2MXA-9TDo") == "K7QF-2MXA-9TD0"
    assert codes.normalise("K7QF-2MXA") is None
    assert codes.normalise("K7QF-2MXA-9TD!") is None


def test_hashes_depend_on_the_secret_and_the_purpose():
    one = codes.keyed_hash("a", "resume", "K7QF-2MXA-9TDR")
    assert one != codes.keyed_hash("b", "resume", "K7QF-2MXA-9TDR")
    assert one != codes.keyed_hash("a", "access", "K7QF-2MXA-9TDR")
    assert "K7QF" not in one


def test_a_draft_sends_once_and_keeps_nothing_after(db, open_cycle):
    bank = cycles.cycle_bank(open_cycle)
    token = drafts.start(db, open_cycle, SECRET)
    draft = drafts.find(db, open_cycle, SECRET, token)
    fields = {}
    for number in range(1, 9):
        fields.update({k: v for k, v in valid_answers(bank, number).items() if k != "action"})
    drafts.save(db, draft, fields, "check")
    assert drafts.submit(db, open_cycle, bank, SECRET, token) is True
    assert drafts.submit(db, open_cycle, bank, SECRET, token) is False
    assert db["responses"].count == 1
    [row] = db["survey_drafts"].rows
    assert row["data"] is None and row["resume_hash"] is None and row["submitted"] == 1
    assert drafts.count_unsent(db, open_cycle) == 0


def test_resume_opens_the_draft_in_a_new_session_only(db, open_cycle):
    token = drafts.start(db, open_cycle, SECRET)
    draft = drafts.find(db, open_cycle, SECRET, token)
    drafts.save(db, draft, {"comment_1": "kept"}, "standard-1")
    code = drafts.new_resume_code(db, draft, SECRET)
    new_token, resumed = drafts.resume(db, open_cycle, SECRET, code)
    assert resumed.fields == {"comment_1": "kept"} and resumed.page == "standard-1"
    assert drafts.find(db, open_cycle, SECRET, token) is None
    assert drafts.find(db, open_cycle, SECRET, new_token).id == draft.id
    # a newer code replaces the older one
    newer = drafts.new_resume_code(db, resumed, SECRET)
    assert drafts.resume(db, open_cycle, SECRET, code) is None
    assert drafts.resume(db, open_cycle, SECRET, newer) is not None
    assert drafts.resume(db, open_cycle, "another secret", newer) is None


def test_drafts_are_never_counted_and_go_when_the_cycle_closes(db, open_cycle):
    drafts.start(db, open_cycle, SECRET)
    drafts.start(db, open_cycle, SECRET)
    assert db["responses"].count == 0
    assert all(row.count is None or row.count == 0 for row in uptake.response_uptake(db, open_cycle).rows)
    cycles.close_cycle(db, open_cycle)
    assert db["survey_drafts"].count == 0
    with pytest.raises(drafts.SurveyNotOpen):
        drafts.start(db, cycles.get_cycle(db, "hc"), SECRET)


def test_access_codes_are_stored_hashed_and_single_use(db, open_cycle):
    made = access_codes.generate(db, open_cycle, 25, SECRET)
    assert len(set(made)) == 25
    dump = "\n".join(db.conn.iterdump())
    assert not any(code in dump or code.replace("-", "") in dump for code in made)
    code_id = access_codes.check(db, open_cycle, made[0].lower(), SECRET)
    bank = cycles.cycle_bank(open_cycle)
    token = drafts.start(db, open_cycle, SECRET, access_code_id=code_id)
    drafts.submit(db, open_cycle, bank, SECRET, token)
    assert access_codes.counts(db, open_cycle) == {"total": 25, "used": 1, "unused": 24}
    with pytest.raises(Problem, match="already been used"):
        access_codes.check(db, open_cycle, made[0], SECRET)
    # the response records nothing about the code
    assert "code" not in " ".join(db["responses"].columns_dict)


def test_two_drafts_racing_with_one_code_store_one_response(db, open_cycle):
    bank = cycles.cycle_bank(open_cycle)
    [code] = access_codes.generate(db, open_cycle, 1, SECRET)
    code_id = access_codes.check(db, open_cycle, code, SECRET)
    first = drafts.start(db, open_cycle, SECRET, access_code_id=code_id)
    second = drafts.start(db, open_cycle, SECRET, access_code_id=code_id)
    drafts.submit(db, open_cycle, bank, SECRET, first)
    with pytest.raises(drafts.AccessCodeAlreadyUsed):
        drafts.submit(db, open_cycle, bank, SECRET, second)
    assert db["responses"].count == 1
    assert drafts.find(db, open_cycle, SECRET, second).submitted is False


@pytest.mark.parametrize(
    "how_many, message",
    [("", "whole number"), ("0", "between 1 and 2,000"), ("2001", "between 1 and 2,000"), ("ten", "whole number")],
)
def test_bad_batch_sizes_are_refused(db, open_cycle, how_many, message):
    with pytest.raises(Problem, match=message):
        access_codes.generate(db, open_cycle, how_many, SECRET)
    assert db["access_codes"].count == 0


def test_uptake_hides_small_teams_and_what_would_reveal_them(db, open_cycle):
    bank = cycles.cycle_bank(open_cycle)
    teams = {team["name"]: team["id"] for team in cycles.teams_for(db, open_cycle["id"])}
    for name, count in (("North", 8), ("South", 6), ("Duty", 2)):
        for _ in range(count):
            store_response(db, open_cycle, bank, Response(team_id=teams[name]))
    result = uptake.response_uptake(db, open_cycle)
    rows = {row.name: row for row in result.rows}
    assert rows["Duty"].hidden and rows["Duty"].rate is None
    # with the total shown, Duty = 16 - North - South: so South (the smaller) is hidden too
    assert rows["South"].hidden
    assert rows["North"].count == 8 and rows["North"].rate == pytest.approx(66.7)
    assert result.total.count == 16


def test_uptake_total_below_threshold_is_hidden(db, open_cycle):
    bank = cycles.cycle_bank(open_cycle)
    store_response(db, open_cycle, bank, Response())
    result = uptake.response_uptake(db, open_cycle)
    assert result.total.hidden
    assert [row.name for row in result.rows][-1] == uptake.NO_TEAM


def test_check_answer_refuses_none_with_other_choices(open_cycle):
    bank = cycles.cycle_bank(open_cycle)
    item = bank.item("19a")
    assert check_answer(bank, item, ["none"]) == ["none"]
    with pytest.raises(Problem, match="not both"):
        check_answer(bank, item, ["systems", "none"])
    with pytest.raises(Problem, match="must be a number"):
        check_answer(bank, bank.item("6a"), "nan")
