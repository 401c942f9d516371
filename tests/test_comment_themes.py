"""Comment themes: stemmed words and phrases, other topics found the same way every time,
counts by group only for groups a comment may name, a bank file checked like the rest, and
no network."""

import dataclasses
import socket

import pytest

from healthcheck.bank_validation import BankError
from healthcheck.comments import themes, topics
from healthcheck.comments.theme_bank import read_themes
from healthcheck.questions import build_bank, default_bank_dir, load_bank, read_bank_files

STANDARDS = range(1, 9)
BANK = load_bank()


def bank_with(*entries):
    return dataclasses.replace(BANK, themes=read_themes({"theme": list(entries)}, STANDARDS))


def release_of(texts, units=None, comment_threshold=10):
    """A release's comments in the shape results.compute keeps them (each on standard 3)."""
    units = units or [{"key": "team:large", "name": "Large", "respondents": 12}]
    return {
        "reporting_threshold": 5,
        "comment_threshold": comment_threshold,
        "plan": {"teams": {"units": units}},
        "comments": [
            {"about": 3, "unit": unit, "text": text}
            for text, unit in (entry if isinstance(entry, tuple) else (entry, None) for entry in texts)
        ],
    }


CASELOAD = {"name": "Caseload pressure", "standards": [3, 4], "words": ["caseload", "too many cases"]}
HOT_DESK = {"name": "Hot-desking", "standards": [4], "words": ["hot desk"]}


def themed(release, bank):
    themes.add_themes(release, bank)
    return {theme["id"]: theme for theme in release["themes"]}


def test_caseloads_and_caseload_both_match_the_caseload_theme():
    release = release_of(["My caseload is huge", "Caseloads keep rising", "We have far too many cases", "Lovely team"])
    found = themed(release, bank_with(CASELOAD))
    assert found["caseload-pressure"]["count"] == 3
    assert [comment["themes"] for comment in release["comments"]] == [["caseload-pressure"]] * 3 + [[]]


def test_a_phrase_matches_its_words_in_order_in_any_form():
    release = release_of(["Hot-desking is exhausting", "We hot desk every day", "My desk is hot", "Hot, no desk"])
    found = themed(release, bank_with(HOT_DESK))
    assert found["hot-desking"]["count"] == 2
    assert [bool(comment["themes"]) for comment in release["comments"]] == [True, True, False, False]


def test_a_comment_belongs_to_every_theme_it_names():
    release = release_of(["Caseloads are high and hot desking makes it worse"])
    found = themed(release, bank_with(CASELOAD, HOT_DESK))
    assert set(found) == {"caseload-pressure", "hot-desking"}
    assert found["caseload-pressure"]["share"] == 1.0
    assert found["caseload-pressure"]["standards"] == [3]
    assert found["caseload-pressure"]["main_standard"] == 3


UNTHEMED = (
    [f"Night shifts are long and rotas change weekly {n}" for n in range(8)]
    + [f"Parking near the office costs too much money {n}" for n in range(8)]
    + [f"The canteen closed and lunch breaks vanished {n}" for n in range(8)]
    + ["A single odd remark", "Another one-off thought"]
)


def test_other_topics_come_out_the_same_on_two_runs_and_in_any_order():
    first = topics.other_topics(UNTHEMED)
    second = topics.other_topics(list(UNTHEMED))
    backwards = topics.other_topics(UNTHEMED[::-1])
    assert first == second
    assert first, "the repeated comments form topics"
    assert [(topic.name, sorted(UNTHEMED[i] for i in topic.members)) for topic in first] == [
        (topic.name, sorted(UNTHEMED[::-1][i] for i in topic.members)) for topic in backwards
    ]
    release_one, release_two = release_of(UNTHEMED), release_of(UNTHEMED)
    themes.add_themes(release_one, bank_with(CASELOAD))
    themes.add_themes(release_two, bank_with(CASELOAD))
    assert release_one == release_two


def test_other_topics_are_named_by_their_top_words_and_small_leftovers_stay_ungrouped():
    release = release_of(UNTHEMED)
    themes.add_themes(release, bank_with(CASELOAD))
    others = [theme for theme in release["themes"] if theme["kind"] == "other"]
    assert others and all(len(theme["name"].split(", ")) == 3 for theme in others)
    assert all(theme["count"] >= topics.MIN_TOPIC_SIZE for theme in others)
    grouped = sum(theme["count"] for theme in others)
    assert release["themes_about"]["not_grouped"] == len(UNTHEMED) - grouped
    odd = [comment for comment in release["comments"] if comment["text"] == "A single odd remark"]
    assert odd[0]["themes"] == []


def test_too_few_comments_make_no_other_topic():
    assert topics.other_topics(["Only one", "and two"]) == []
    assert topics.other_topics(["alpha beta", "gamma delta", "epsilon zeta", "eta theta", "iota kappa"]) == []


def test_counts_by_group_only_for_groups_at_or_above_the_comment_threshold():
    units = [
        {"key": "team:large", "name": "Large", "respondents": 12},
        {"key": "team:small", "name": "Small", "respondents": 6},
    ]
    # compute_results leaves a small group's comments unlabelled; even a stray label is not counted
    texts = [("My caseload is big", "team:large")] * 3 + [("Caseloads huge", "team:small"), ("Caseload!", None)]
    release = release_of(texts, units)
    found = themed(release, bank_with(CASELOAD))
    assert found["caseload-pressure"]["count"] == 5
    assert found["caseload-pressure"]["by_group"] == {"Large": 3}
    release["themes"][0]["by_group"]["Small"] = 1  # as if an older release had kept it
    assert themes.disclosable_themes(release)[0]["by_group"] == {"Large": 3}


def test_examples_are_two_or_three_different_comments_nearest_a_readable_length():
    texts = ["Caseload."] * 5 + ["My caseload " + "x" * 120, "Caseload " + "y" * 400, "Caseload is rising fast"]
    release = release_of(texts)
    example = themed(release, bank_with(CASELOAD))["caseload-pressure"]["examples"]
    # distinct texts only; a very long comment gives way to shorter ones
    assert example == ["My caseload " + "x" * 120, "Caseload is rising fast", "Caseload."]


def test_a_removed_comment_is_never_shown_as_an_example():
    release = release_of(["My caseload is big", "Caseloads grow", "Caseload again"])
    themes.add_themes(release, bank_with(CASELOAD))
    release["comments"] = release["comments"][1:]  # hidden after review
    assert "My caseload is big" not in themes.disclosable_themes(release)[0]["examples"]


def test_a_bank_frozen_before_themes_uses_the_current_banks_themes():
    old = dataclasses.replace(BANK, themes=None)
    found, source = themes.bank_themes(old)
    assert source == "current" and found == BANK.themes
    assert themes.bank_themes(BANK) == (BANK.themes, "cycle")


def test_the_starter_themes_cover_social_work():
    names = {theme.name for theme in BANK.themes}
    for wanted in ("Caseload pressure", "Unallocated work", "Duty", "Supervision quality", "Court work"):
        assert wanted in names


@pytest.mark.parametrize(
    ("entry", "where", "problem"),
    [
        ({"name": "Duty", "words": ["duty"]}, "theme Duty", "'standards' is missing"),
        ({"name": "Duty", "standards": [9], "words": ["duty"]}, "theme Duty", "standard 9 is not one of"),
        ({"name": "Duty", "standards": "3", "words": ["duty"]}, "theme Duty", "'standards' should be a list"),
        ({"name": "Duty", "standards": [3], "words": []}, "theme Duty", "'words' is an empty list"),
        ({"name": "Duty", "standards": [3], "words": ["!!"]}, "theme Duty", "'words' has '!!'"),
        ({"name": "Duty", "standards": [3], "word": ["duty"]}, "theme Duty", "'word' is not a field here"),
        ({"standards": [3], "words": ["duty"]}, "theme at position 1", "'name' is missing"),
    ],
)
def test_a_bad_theme_is_named_with_its_field(entry, where, problem):
    with pytest.raises(BankError) as error:
        read_themes({"theme": [entry]}, STANDARDS)
    assert error.value.file == "themes.toml"
    assert error.value.entry == where
    assert problem in error.value.problem


def test_two_themes_with_one_name_are_refused():
    with pytest.raises(BankError, match="theme caseload pressure.*appears 2 times"):
        read_themes({"theme": [CASELOAD, {**CASELOAD, "name": "Caseload Pressure"}]}, STANDARDS)


def test_a_bank_with_a_broken_themes_file_is_refused_and_one_without_it_loads():
    files = read_bank_files(default_bank_dir())
    files["themes.toml"] = {"theme": [{"name": "Duty", "standards": [3], "words": "duty"}]}
    with pytest.raises(BankError, match="themes.toml, theme Duty: 'words' should be a list"):
        build_bank(files)
    del files["themes.toml"]
    assert build_bank(files).themes is None


def test_themes_need_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no network access may be attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    release = release_of(UNTHEMED + ["My caseload is big"])
    themes.add_themes(release, BANK)
    assert any(theme["kind"] == "other" for theme in release["themes"])


def test_an_action_drafted_from_a_theme_names_it_and_its_count():
    theme = {"name": "Caseload pressure", "count": 41, "standards": [2, 3]}
    assert themes.action_finding(theme) == "Caseload pressure: 41 comments across standards 2 and 3"
    assert (
        themes.action_finding({**theme, "standards": [3], "count": 1})
        == "Caseload pressure: 1 comment under standard 3"
    )
