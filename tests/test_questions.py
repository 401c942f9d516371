"""The question bank loads, matches the product brief, and explains every mistake an editor can make."""

import json
import shutil
from pathlib import Path

import pytest

from healthcheck.questions import (
    BankError,
    build_bank,
    default_bank_dir,
    load_bank,
    read_bank_files,
    summary_lines,
)

REAL_BANK = Path(__file__).resolve().parent.parent / "question_bank"

# The default step -> standard mapping and sources, as PRODUCT.md's table gives them.
PRODUCT_MAPPING = {
    1: "28 P, 29 P, 30 P, 35 O, 36 O, 38 O",
    2: "1 W, 2 W, 3 W, 4 W, 13 O, 20 P, 39 O",
    3: "5 W+P, 6 P, 7 P, 11 W, 12 W, 15 O+P, 16 W, 17 P, 18 P",
    4: "14 O+P, 19 P, 21 P, 22 P, 24 P, 27 O+P, 31 O+P, 33 O+P, 34 W",
    5: "8 W+P, 25 O+P",
    6: "9 W+P, 23 P, 26 O+P",
    7: "32 O+P",
    8: "10 P, 37 O",
}


@pytest.fixture(scope="module")
def bank():
    return load_bank(REAL_BANK)


def copied_bank(tmp_path):
    folder = tmp_path / "question_bank"
    shutil.copytree(REAL_BANK, folder)
    return folder


def edited_bank(tmp_path, file, old, new):
    """A copy of the real bank with one piece of text changed, as someone editing it by hand might."""
    folder = copied_bank(tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear exactly once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def bank_error(directory) -> BankError:
    with pytest.raises(BankError) as caught:
        load_bank(directory)
    return caught.value


def build_error(files) -> BankError:
    with pytest.raises(BankError) as caught:
        build_bank(files)
    return caught.value


# --- The real bank -----------------------------------------------------------


def test_the_real_bank_loads_and_is_the_one_the_app_uses_by_default(bank):
    assert bank.version == "2026.1"
    assert (default_bank_dir() / "steps.toml").is_file()
    assert load_bank() == bank


def test_there_are_eight_standards_with_their_2020_titles(bank):
    assert [standard.number for standard in bank.standards] == list(range(1, 9))
    assert bank.standard(1).name == "Clear social work accountability framework"
    assert bank.standard(1).title_2020 == "Strong and clear social work framework"
    assert bank.standard(4).name == "Managing risks and resources"
    assert bank.standard(4).title_2020 == "Wellbeing"
    assert bank.standard(5).title_2020 == "Supervision"
    assert bank.standard(3).description == (
        "Employers should ensure social workers have safe and manageable workloads."
    )


def test_each_of_the_39_steps_appears_once_in_exactly_one_standard(bank):
    assert [step.number for step in bank.steps] == list(range(1, 40))
    by_standard = [step.number for standard in bank.standards for step in bank.steps_for(standard.number)]
    assert sorted(by_standard) == list(range(1, 40))


def test_steps_sit_under_the_standards_and_sources_the_product_brief_gives(bank):
    for standard, steps in PRODUCT_MAPPING.items():
        for part in steps.split(", "):
            number, sources = part.split(" ")
            step = bank.step(int(number))
            assert (step.standard, set(step.sources)) == (standard, set(sources.split("+"))), f"step {number}"


def test_steps_keep_their_original_wording_and_sections(bank):
    assert bank.step(1).wording == "How many unfilled posts are there in the team?"
    assert bank.step(26).wording == "Is there a 360° appraisal in place?"
    sections = {step.number: step.section for step in bank.steps}
    assert [sections[n] for n in (1, 10, 11, 20, 21, 24, 25, 34, 35, 39)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert [section.name for section in bank.sections][1] == "Proactive workflow management"


def test_every_step_has_the_questions_and_indicators_its_sources_promise(bank):
    for step in bank.steps:
        if "P" in step.sources:
            assert any(item.step == step.number for item in bank.items), f"step {step.number} P"
        if "O" in step.sources:
            assert any(item.step == step.number for item in bank.organisation_items), f"step {step.number} O"
        if "W" in step.sources:
            assert any(indicator.step == step.number for indicator in bank.indicators), f"step {step.number} W"
    assert [indicator.id for indicator in bank.indicators if indicator.step == 34] == ["absence_rate"]


def test_supplementary_items_sit_under_standards_7_and_8_and_are_not_numbered_into_the_39(bank):
    supplementary = [item for item in bank.items if item.supplementary]
    assert [item.id for item in supplementary] == ["S7a", "S7b", "S7c", "S8a", "S8b", "S8c"]
    assert all(item.step is None for item in supplementary)
    assert [item.standard for item in supplementary] == [7, 7, 7, 8, 8, 8]
    assert all(not item.supplementary and item.step in range(1, 40) for item in bank.items if item not in supplementary)


def test_every_survey_page_has_at_least_two_questions(bank):
    for standard in bank.standards:
        assert len(bank.items_for(standard.number)) >= 2, f"standard {standard.number}"


def test_an_item_takes_its_standard_from_its_step(bank):
    assert bank.item("14a").standard == 4
    assert bank.item("5a").standard == 3
    assert [item.id for item in bank.organisation_items_for(3)] == ["O15"]


def test_agreement_items_use_the_five_point_scale_and_frequency_items_their_own_choices(bank):
    agreement = bank.choices_for(bank.item("5b"))
    assert [choice.score for choice in agreement] == [0, 25, 50, 75, 100]
    assert agreement[0].label == "Strongly disagree"
    assert bank.dont_know_label == "Don't know / not applicable"
    supervision = {choice.value: choice.score for choice in bank.choices_for(bank.item("8a"))}
    assert supervision == {
        "weekly": 100,
        "fortnightly": 100,
        "monthly": 100,
        "six_to_eight_weeks": 50,
        "less_often": 25,
        "never": 0,
    }
    assert all(choice.score is None for choice in bank.choices_for(bank.item("19a")))


def test_some_agreement_statements_are_reverse_scored(bank):
    reversed_items = [item for item in bank.items if item.reverse]
    assert bank.item("18a") in reversed_items
    assert len(reversed_items) >= 3
    assert all(item.type == "agreement" for item in reversed_items)


def test_dont_know_is_offered_by_default_on_agreement_and_frequency_items_only(bank):
    assert bank.item("5b").dont_know and bank.item("8a").dont_know
    assert not bank.item("6a").dont_know and not bank.item("19a").dont_know
    assert bank.item("5a").dont_know  # a number item that asks for it


def test_number_items_have_units_bounds_and_thresholds(bank):
    caseload = bank.item("5a")
    assert (caseload.unit, caseload.min, caseload.max, caseload.good, caseload.poor) == (
        "cases",
        0,
        150,
        16,
        22,
    )
    assert caseload.scored
    assert not bank.item("10c").scored and not bank.item("19a").scored


def test_scores_are_banded_low_moderate_high_as_the_lga_does(bank):
    names = [bank.band_for(score).name for score in (0, 50, 50.4, 50.5, 74, 74.5, 75, 100)]
    assert names == ["Low", "Low", "Low", "Moderate", "Moderate", "High", "High", "High"]
    with pytest.raises(ValueError):
        bank.band_for(101)
    assert bank.positive_threshold == 75


def test_organisation_answers_score_100_50_and_0(bank):
    answers = {answer.value: answer.score for answer in bank.organisation_answers}
    assert answers == {"working_well": 100, "needs_improvement": 50, "not_in_place": 0}
    assert bank.organisation_answers[0].label == "In place and working well"


def test_workforce_indicators_follow_the_dfe_definitions(bank):
    indicators = {indicator.id: indicator for indicator in bank.indicators}
    assert indicators["vacancy_rate"].denominator == ("vacancy_fte", "inpost_fte")
    assert indicators["agency_rate"].denominator == ("agency_fte", "inpost_fte")
    assert indicators["turnover_rate"].numerator == ("leavers_fte",)
    assert (indicators["caseload"].numerator, indicators["caseload"].multiplier) == (("cases",), 1)
    absence = indicators["absence_rate"]
    assert (absence.numerator, absence.denominator, absence.denominator_factor) == (
        ("working_days_lost",),
        ("inpost_fte",),
        253,
    )
    assert indicators["supervision_compliance"].good > indicators["supervision_compliance"].poor
    field_keys = {field.key for field in bank.workforce_fields}
    assert all(set(i.numerator + i.denominator) <= field_keys for i in bank.indicators)


def test_only_fields_about_individuals_are_flagged_as_individual(bank):
    individual = {field.key for field in bank.workforce_fields if field.individual}
    assert individual == {"working_days_lost", "long_term_absence_fte"}


def test_a_frozen_copy_stored_as_json_rebuilds_the_same_bank(bank):
    frozen = json.dumps(read_bank_files(REAL_BANK))
    assert build_bank(json.loads(frozen)) == bank


def test_the_summary_has_a_line_per_standard_and_a_verdict(bank):
    lines = summary_lines(bank)
    assert len(lines) == 9
    assert lines[2].startswith(
        "Standard 3 Safe workloads and case allocation: 9 steps (5, 6, 7, 11, 12, 15, 16, 17, 18), "
        "8 practitioner items, 1 organisation item, "
    )
    assert lines[6].startswith("Standard 7 Professional registration: 1 step (32), 5 practitioner items")
    assert lines[-1] == "39 steps, each in exactly one standard. Bank 2026.1 is valid."


def test_an_installed_package_uses_the_question_bank_shipped_inside_it(tmp_path, monkeypatch):
    from healthcheck import paths

    monkeypatch.setattr(paths, "PACKAGE_DIR", tmp_path / "healthcheck")
    assert default_bank_dir() == tmp_path / "question_bank"
    (tmp_path / "healthcheck" / "question_bank").mkdir(parents=True)
    assert default_bank_dir() == tmp_path / "healthcheck" / "question_bank"


# --- Mistakes an editor can make ----------------------------------------------


def test_a_toml_syntax_error_names_the_file_and_line(tmp_path):
    folder = edited_bank(tmp_path, "workforce.toml", 'key = "cases"\n', 'key = "cases\n')
    error = bank_error(folder)
    assert error.file == "workforce.toml"
    assert "not valid TOML" in str(error) and "line" in str(error)


def test_a_missing_file_is_named(tmp_path):
    folder = copied_bank(tmp_path)
    (folder / "workforce.toml").unlink()
    error = bank_error(folder)
    assert (error.file, error.entry) == ("workforce.toml", None)
    assert "missing" in str(error)


def test_a_file_the_bank_does_not_use_is_refused(tmp_path):
    folder = copied_bank(tmp_path)
    (folder / "practitioner_extra.toml").write_text("[[item]]\n", encoding="utf-8")
    assert bank_error(folder).file == "practitioner_extra.toml"


def test_a_missing_folder_says_so(tmp_path):
    assert "does not exist" in str(bank_error(tmp_path / "nowhere"))


def test_a_step_under_an_unknown_standard_is_refused(tmp_path):
    folder = edited_bank(
        tmp_path,
        "steps.toml",
        "number = 14\nsection = 2\nstandard = 4",
        "number = 14\nsection = 2\nstandard = 9",
    )
    assert str(bank_error(folder)) == "steps.toml, step 14: standard 9 is not one of the 8 standards (1-8)"


def test_a_supplementary_item_under_an_unknown_standard_is_refused(tmp_path):
    folder = edited_bank(
        tmp_path,
        "practitioner.toml",
        'id = "S7b"\nsupplementary = true\nstandard = 7',
        'id = "S7b"\nsupplementary = true\nstandard = 12',
    )
    error = bank_error(folder)
    assert (error.file, error.entry) == ("practitioner.toml", "item S7b")
    assert "standard 12 is not one of the 8 standards" in error.problem


def test_an_item_whose_standard_disagrees_with_its_step_is_refused(tmp_path):
    folder = edited_bank(
        tmp_path, "practitioner.toml", 'id = "14a"\nstep = 14\n', 'id = "14a"\nstep = 14\nstandard = 3\n'
    )
    error = bank_error(folder)
    assert (error.file, error.entry) == ("practitioner.toml", "item 14a")
    assert "step 14 is under standard 4" in error.problem


def test_a_supplementary_item_given_a_step_is_refused(tmp_path):
    folder = edited_bank(
        tmp_path,
        "practitioner.toml",
        'id = "S8a"\nsupplementary = true\n',
        'id = "S8a"\nsupplementary = true\nstep = 10\n',
    )
    error = bank_error(folder)
    assert (error.file, error.entry) == ("practitioner.toml", "item S8a")
    assert "supplementary" in error.problem


@pytest.mark.parametrize(
    ("file", "old", "new", "entry"),
    [
        ("practitioner.toml", 'id = "5b"', 'id = "5a"', "item 5a"),
        ("organisation.toml", 'id = "O15"', 'id = "O14"', "item O14"),
        ("workforce.toml", 'id = "agency_rate"', 'id = "vacancy_rate"', "indicator vacancy_rate"),
        ("workforce.toml", 'key = "inpost_headcount"', 'key = "inpost_fte"', "field inpost_fte"),
        ("standards.toml", "number = 8", "number = 7", "standard 7"),
        (
            "practitioner.toml",
            '{ value = "six_to_eight_weeks"',
            '{ value = "monthly"',
            "item 8a, choice monthly",
        ),
    ],
    ids=[
        "practitioner item",
        "organisation item",
        "indicator",
        "workforce field",
        "standard",
        "answer choice",
    ],
)
def test_a_repeated_id_is_refused(tmp_path, file, old, new, entry):
    error = bank_error(edited_bank(tmp_path, file, old, new))
    assert (error.file, error.entry) == (file, entry)
    assert "appears 2 times" in error.problem


def test_missing_steps_are_listed(tmp_path):
    files = read_bank_files(REAL_BANK)
    files["steps.toml"]["step"] = [step for step in files["steps.toml"]["step"] if step["number"] not in (14, 22)]
    error = build_error(files)
    assert (error.file, error.entry) == ("steps.toml", "steps 14, 22")
    assert "missing" in error.problem


def test_a_repeated_step_is_named(tmp_path):
    folder = edited_bank(tmp_path, "steps.toml", "number = 15\n", "number = 14\n")
    error = bank_error(folder)
    assert (error.file, error.entry) == ("steps.toml", "step 14")
    assert "appears 2 times" in error.problem


def test_a_step_outside_1_to_39_is_refused(tmp_path):
    error = bank_error(edited_bank(tmp_path, "steps.toml", "number = 39\n", "number = 40\n"))
    assert (error.file, error.entry) == ("steps.toml", "step 40")


def test_a_step_without_wording_is_refused():
    files = read_bank_files(REAL_BANK)
    del files["steps.toml"]["step"][6]["wording"]
    error = build_error(files)
    assert (error.file, error.entry) == ("steps.toml", "step 7")
    assert "'wording' is missing" in error.problem


def test_an_item_with_empty_text_is_refused(tmp_path):
    folder = edited_bank(
        tmp_path,
        "practitioner.toml",
        'text = "I can add items to the agenda of my team meetings."',
        'text = " "',
    )
    error = bank_error(folder)
    assert (error.file, error.entry) == ("practitioner.toml", "item 29a")
    assert "'text' is empty" in error.problem


@pytest.mark.parametrize(
    ("file", "keep", "step", "source"),
    [
        ("practitioner.toml", lambda entry: entry.get("step") != 23, 23, "P"),
        ("organisation.toml", lambda entry: entry["step"] != 37, 37, "O"),
        ("workforce.toml", lambda entry: entry.get("id") != "absence_rate", 34, "W"),
    ],
)
def test_a_step_missing_a_part_its_sources_promise_is_refused(file, keep, step, source):
    files = read_bank_files(REAL_BANK)
    key = "indicator" if source == "W" else "item"
    files[file][key] = [entry for entry in files[file][key] if keep(entry)]
    error = build_error(files)
    assert (error.file, error.entry) == ("steps.toml", f"step {step}")
    assert f"its sources include {source}" in error.problem and file in error.problem


def test_an_item_for_an_unknown_step_is_refused(tmp_path):
    error = bank_error(edited_bank(tmp_path, "practitioner.toml", 'id = "5b"\nstep = 5\n', 'id = "5b"\nstep = 40\n'))
    assert (error.file, error.entry) == ("practitioner.toml", "item 5b")
    assert "step 40 is not one of the steps" in error.problem


def test_an_organisation_item_for_an_unknown_step_is_refused(tmp_path):
    error = bank_error(edited_bank(tmp_path, "organisation.toml", "step = 39", "step = 0"))
    assert (error.file, error.entry) == ("organisation.toml", "item O39")


def test_an_unknown_item_type_is_refused(tmp_path):
    old = 'id = "29a"\nstep = 29\ntype = "agreement"'
    error = bank_error(edited_bank(tmp_path, "practitioner.toml", old, old.replace("agreement", "slider")))
    assert (error.file, error.entry) == ("practitioner.toml", "item 29a")
    assert "type 'slider' is not one of" in error.problem


@pytest.mark.parametrize("item_id", ["8a", "19a"])
def test_a_choice_question_without_choices_is_refused(item_id):
    files = read_bank_files(REAL_BANK)
    item = next(entry for entry in files["practitioner.toml"]["item"] if entry["id"] == item_id)
    del item["choices"]
    error = build_error(files)
    assert (error.file, error.entry) == ("practitioner.toml", f"item {item_id}")
    assert "'choices' is missing" in error.problem


def test_a_number_item_whose_min_is_not_below_its_max_is_refused(tmp_path):
    error = bank_error(edited_bank(tmp_path, "practitioner.toml", "max = 150\n", "max = 0\n"))
    assert (error.file, error.entry) == ("practitioner.toml", "item 5a")
    assert "min 0 should be below max 0" in error.problem


def test_a_number_item_whose_threshold_is_outside_its_bounds_is_refused(tmp_path):
    error = bank_error(edited_bank(tmp_path, "practitioner.toml", "good = 2\npoor = 10\n", "good = 2\npoor = 100\n"))
    assert (error.file, error.entry) == ("practitioner.toml", "item 6a")
    assert "poor 100 is outside min 0 to max 60" in error.problem


def test_reverse_scoring_a_question_that_is_not_agreement_is_refused(tmp_path):
    old = 'id = "6a"\nstep = 6\ntype = "number"\n'
    error = bank_error(edited_bank(tmp_path, "practitioner.toml", old, old + "reverse = true\n"))
    assert (error.file, error.entry) == ("practitioner.toml", "item 6a")
    assert "'reverse' only applies to agreement items" in error.problem


def test_a_misspelt_field_is_refused_rather_than_ignored(tmp_path):
    old = 'id = "17a"\nstep = 17\ntype = "agreement"\nreverse = true'
    error = bank_error(edited_bank(tmp_path, "practitioner.toml", old, old.replace("reverse", "revers")))
    assert (error.file, error.entry) == ("practitioner.toml", "item 17a")
    assert "'revers' is not a field here" in error.problem


def test_an_indicator_built_from_an_unknown_field_is_refused(tmp_path):
    folder = edited_bank(tmp_path, "workforce.toml", 'numerator = ["vacancy_fte"]', 'numerator = ["vacancies_fte"]')
    error = bank_error(folder)
    assert (error.file, error.entry) == ("workforce.toml", "indicator vacancy_rate")
    assert "'vacancies_fte' is not one of the [[field]] keys" in error.problem


def test_overlapping_bands_are_refused(tmp_path):
    error = bank_error(edited_bank(tmp_path, "bank.toml", "min = 51", "min = 50"))
    assert (error.file, error.entry) == ("bank.toml", "band Moderate")
    assert "overlaps band Low" in error.problem


def test_bands_that_leave_a_score_uncovered_are_refused(tmp_path):
    error = bank_error(edited_bank(tmp_path, "bank.toml", "min = 75", "min = 77"))
    assert (error.file, error.entry) == ("bank.toml", "band High")
    assert "75, 76 is in no band" in error.problem


def test_bands_that_stop_short_of_100_are_refused(tmp_path):
    error = bank_error(edited_bank(tmp_path, "bank.toml", "max = 100", "max = 99"))
    assert (error.file, error.entry) == ("bank.toml", "band High")
    assert "must end at 100" in error.problem


def test_a_broken_frozen_copy_is_refused_like_a_broken_folder():
    files = json.loads(json.dumps(read_bank_files(REAL_BANK)))
    files["organisation.toml"]["answer"][1]["score"] = 150
    error = build_error(files)
    assert (error.file, error.entry) == ("organisation.toml", "answer needs_improvement")
    assert "scores run from 0 to 100" in error.problem


def test_a_supplementary_item_without_a_standard_is_refused(tmp_path):
    old = 'id = "S7c"\nsupplementary = true\nstandard = 7\n'
    error = bank_error(edited_bank(tmp_path, "practitioner.toml", old, 'id = "S7c"\nsupplementary = true\n'))
    assert (error.file, error.entry) == ("practitioner.toml", "item S7c")
    assert "needs the 'standard'" in error.problem


def test_a_file_saved_with_a_byte_order_mark_still_loads(tmp_path, bank):
    folder = copied_bank(tmp_path)
    standards = folder / "standards.toml"
    standards.write_bytes(b"\xef\xbb\xbf" + standards.read_bytes())
    assert load_bank(folder) == bank
