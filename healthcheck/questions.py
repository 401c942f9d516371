"""The question bank: the TOML files in question_bank/, checked and loaded into frozen dataclasses.

A cycle freezes its bank by storing `read_bank_files()` as JSON, and turns it
back into a bank with `build_bank()`, so building works from that dict alone.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import tomllib
from pathlib import Path

from healthcheck.bank_validation import (
    ALL_ITEM_FIELDS,
    STEP_COUNT,
    BankError,
    Table,
    check_all_steps_present,
    check_bands,
    check_bank_is_complete,
    check_item_fields,
    check_number_bounds,
    check_sources,
    check_unique,
    entry_label,
    number_list,
    read_good_and_poor,
)
from healthcheck.comments.theme_bank import THEMES_FILE, Theme, read_themes
from healthcheck.paths import resource_dir

BANK_FILES = (
    "bank.toml",
    "standards.toml",
    "steps.toml",
    "practitioner.toml",
    "organisation.toml",
    "workforce.toml",
)
# Files a bank may have: banks frozen before comment themes existed have no themes.toml.
OPTIONAL_BANK_FILES = (THEMES_FILE,)
# The value stored for a "Don't know / not applicable" answer.
DONT_KNOW = "dont_know"

# Who answered, in the survey's "about you": the groups results can be broken down by.
ROLE_GROUPS = {
    "social_worker": "Social worker",
    "senior_practitioner": "Senior or advanced practitioner",
    "team_manager": "Team manager",
    "occupational_therapist": "Occupational therapist",
    "assessment_officer": "Assessment or support officer",
    "other": "Other",
}
PREFER_NOT_TO_SAY = "prefer_not_to_say"
# A multiple-choice answer with this value ("None of these") excludes every other answer.
NONE_OF_THESE = "none"


@dataclasses.dataclass(frozen=True)
class Band:
    name: str
    min: int
    max: int


@dataclasses.dataclass(frozen=True)
class Standard:
    number: int
    name: str
    title_2020: str
    description: str
    short_name: str | None = None  # for narrow columns (the heatmap); the name in full elsewhere

    @property
    def short(self) -> str:
        return self.short_name or self.name


@dataclasses.dataclass(frozen=True)
class Section:
    number: int
    name: str


@dataclasses.dataclass(frozen=True)
class Step:
    number: int
    section: int
    standard: int
    sources: tuple[str, ...]
    wording: str


@dataclasses.dataclass(frozen=True)
class Choice:
    value: str
    label: str
    score: float | None = None


@dataclasses.dataclass(frozen=True)
class PractitionerItem:
    id: str
    standard: int
    step: int | None
    supplementary: bool
    type: str
    text: str
    hint: str | None = None
    reverse: bool = False
    dont_know: bool = False
    choices: tuple[Choice, ...] = ()
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    good: float | None = None
    poor: float | None = None

    @property
    def scored(self) -> bool:
        """Multiple choice and text answers are reported, never scored; numbers only with thresholds."""
        return self.type in ("agreement", "frequency") or (self.type == "number" and self.good is not None)


@dataclasses.dataclass(frozen=True)
class OrganisationItem:
    id: str
    step: int
    standard: int
    text: str
    hint: str | None = None


@dataclasses.dataclass(frozen=True)
class WorkforceField:
    key: str
    label: str
    unit: str
    step: int
    description: str
    individual: bool = False


@dataclasses.dataclass(frozen=True)
class Indicator:
    """value = sum(numerator) / (sum(denominator) * denominator_factor) * multiplier."""

    id: str
    name: str
    step: int
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    multiplier: float
    denominator_factor: float
    unit: str
    good: float
    poor: float


@dataclasses.dataclass(frozen=True)
class QuestionBank:
    version: str
    name: str
    bands: tuple[Band, ...]
    agreement: tuple[Choice, ...]
    dont_know_label: str
    positive_threshold: float
    standards: tuple[Standard, ...]
    sections: tuple[Section, ...]
    steps: tuple[Step, ...]
    items: tuple[PractitionerItem, ...]
    organisation_items: tuple[OrganisationItem, ...]
    organisation_answers: tuple[Choice, ...]
    workforce_fields: tuple[WorkforceField, ...]
    indicators: tuple[Indicator, ...]
    # None when the bank has no themes.toml (a cycle frozen before themes existed)
    themes: tuple[Theme, ...] | None = None

    def standard(self, number: int) -> Standard:
        for standard in self.standards:
            if standard.number == number:
                return standard
        raise KeyError(f"standard {number} is not in bank {self.version}")

    def step(self, number: int) -> Step:
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(f"step {number} is not in bank {self.version}")

    def steps_for(self, standard_number: int) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.standard == standard_number)

    def items_for(self, standard_number: int) -> tuple[PractitionerItem, ...]:
        """Practitioner items for one standard's survey page, in the bank's order."""
        return self._items_by_standard.get(standard_number, ())

    @functools.cached_property
    def _items_by_standard(self) -> dict[int, tuple[PractitionerItem, ...]]:
        # Every survey request asks for these, so they are grouped once per bank.
        grouped: dict[int, list[PractitionerItem]] = {}
        for item in self.items:
            grouped.setdefault(item.standard, []).append(item)
        return {number: tuple(items) for number, items in grouped.items()}

    def organisation_items_for(self, standard_number: int) -> tuple[OrganisationItem, ...]:
        return tuple(item for item in self.organisation_items if item.standard == standard_number)

    def indicators_for(self, standard_number: int) -> tuple[Indicator, ...]:
        steps = {step.number for step in self.steps_for(standard_number)}
        return tuple(indicator for indicator in self.indicators if indicator.step in steps)

    def item(self, id: str) -> PractitionerItem:
        item = self._items_by_id.get(id)
        if item is None:
            raise KeyError(f"practitioner item {id!r} is not in bank {self.version}")
        return item

    def choice_values(self, item: PractitionerItem) -> frozenset[str]:
        """The values of choices_for(item), as a set (checked for every answer stored)."""
        values = self._choice_values.get(item.id)
        if values is None:
            values = self._choice_values[item.id] = frozenset(choice.value for choice in self.choices_for(item))
        return values

    @functools.cached_property
    def _choice_values(self) -> dict[str, frozenset[str]]:
        return {}

    @functools.cached_property
    def _items_by_id(self) -> dict[str, PractitionerItem]:
        # Looked up for every answer stored or imported; the bank never changes once built.
        return {item.id: item for item in self.items}

    def band_for(self, score: float) -> Band:
        """The band for a score out of 100, rounded half up to the whole number people see."""
        if not 0 <= score <= 100:
            raise ValueError(f"a score must be between 0 and 100, not {score}")
        shown = int(score + 0.5)
        for band in self.bands:
            if band.min <= shown <= band.max:
                return band
        raise ValueError(f"no band covers a score of {shown}")

    def choices_for(self, item: PractitionerItem) -> tuple[Choice, ...]:
        """The answers offered for an item, without "Don't know".

        Agreement items get the bank's agreement scale with its scores as
        written; mirroring a reverse item's score is left to scoring.
        """
        return self.agreement if item.type == "agreement" else item.choices


def default_bank_dir() -> Path:
    """question_bank/ inside the installed package, else beside the package in a source checkout."""
    return resource_dir("question_bank")


def read_bank_files(directory: str | Path) -> dict[str, dict]:
    """Parse every *.toml file in the folder into {file name: parsed TOML}."""
    directory = Path(directory)
    if not directory.is_dir():
        raise BankError(None, None, f"the question bank folder {directory} does not exist")
    files = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            # utf-8-sig: some editors save a byte-order mark, which TOML does not allow.
            files[path.name] = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise BankError(path.name, None, "is not saved as UTF-8 text; save it again as UTF-8") from None
        except tomllib.TOMLDecodeError as error:
            raise BankError(path.name, None, f"is not valid TOML: {error}") from None
    return files


def load_bank(directory: str | Path | None = None) -> QuestionBank:
    return build_bank(read_bank_files(default_bank_dir() if directory is None else directory))


def build_bank(files: dict[str, dict]) -> QuestionBank:
    """Check the parsed bank files and build the bank; raise BankError at the first problem."""
    for name in BANK_FILES:
        if name not in files:
            raise BankError(name, None, f"the file is missing; a question bank needs {', '.join(BANK_FILES)}")
    for name in files:
        if name not in BANK_FILES + OPTIONAL_BANK_FILES:
            known = ", ".join(BANK_FILES + OPTIONAL_BANK_FILES)
            raise BankError(name, None, f"is not one of the question bank's files ({known})")
    settings = Table("bank.toml", None, files["bank.toml"], ("bank", "scoring", "agreement"))
    about = settings.table("bank", ("version", "name"))
    scoring = settings.table("scoring", ("positive_threshold", "band"))
    agreement = settings.table("agreement", ("dont_know_label", "choice"))
    standards = _read_standards(files["standards.toml"])
    sections, steps = _read_steps(files["steps.toml"], standards)
    steps_by_number = {step.number: step for step in steps}
    organisation = Table("organisation.toml", None, files["organisation.toml"], ("answer", "item"))
    workforce = Table("workforce.toml", None, files["workforce.toml"], ("field", "indicator"))
    fields = _read_fields(workforce, steps_by_number)
    bank = QuestionBank(
        version=about.text("version"),
        name=about.text("name"),
        bands=_read_bands(scoring),
        agreement=_read_choices(agreement, "choice", "agreement choice", scored=True),
        dont_know_label=agreement.text("dont_know_label"),
        positive_threshold=scoring.score("positive_threshold"),
        standards=standards,
        sections=sections,
        steps=steps,
        items=_read_practitioner_items(files["practitioner.toml"], standards, steps_by_number),
        organisation_items=_read_organisation_items(organisation, steps_by_number),
        organisation_answers=_read_choices(organisation, "answer", "answer", scored=True),
        workforce_fields=fields,
        indicators=_read_indicators(workforce, steps_by_number, {field.key for field in fields}),
        themes=read_themes(files.get(THEMES_FILE), [standard.number for standard in standards]),
    )
    check_bank_is_complete(bank)
    return bank


def summary_lines(bank: QuestionBank) -> list[str]:
    """One line per standard saying what it contains, then a line confirming the bank is valid."""
    lines = []
    for standard in bank.standards:
        steps = [step.number for step in bank.steps_for(standard.number)]
        lines.append(
            f"Standard {standard.number} {standard.name}: "
            f"{_count(len(steps), 'step')} ({', '.join(map(str, steps))}), "
            f"{_count(len(bank.items_for(standard.number)), 'practitioner item')}, "
            f"{_count(len(bank.organisation_items_for(standard.number)), 'organisation item')}, "
            f"{_count(len(bank.indicators_for(standard.number)), 'indicator')}"
        )
    lines.append(f"{len(bank.steps)} steps, each in exactly one standard. Bank {bank.version} is valid.")
    return lines


def _field_names(model) -> tuple[str, ...]:
    """The TOML fields of an entry are the fields of the dataclass it becomes."""
    return tuple(field.name for field in dataclasses.fields(model))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _entries(document: Table, key: str, kind: str, name_key: str, fields: tuple[str, ...]) -> list[Table]:
    return [
        Table(document.file, entry_label(kind, table, position, name_key), table, fields)
        for position, table in enumerate(document.tables(key, f"[[{key}]]"), start=1)
    ]


def _standard_number(entry: Table, key: str, standards: tuple[Standard, ...], required: bool = True) -> int | None:
    number = entry.whole_number(key, required)
    known = [standard.number for standard in standards]
    if number is not None and number not in known:
        entry.fail(f"standard {number} is not one of the {len(known)} standards ({number_list(known)})")
    return number


def _step(entry: Table, steps_by_number: dict[int, Step], required: bool = True) -> Step | None:
    number = entry.whole_number("step", required)
    if number is not None and number not in steps_by_number:
        entry.fail(f"step {number} is not one of the steps in steps.toml (1-{STEP_COUNT})")
    return steps_by_number.get(number)


def _read_bands(scoring: Table) -> tuple[Band, ...]:
    bands = []
    for band in _entries(scoring, "band", "band", "name", ("name", "min", "max")):
        bands.append(Band(band.text("name"), band.whole_number("min"), band.whole_number("max")))
    check_unique("bank.toml", "band", [band.name for band in bands])
    bands.sort(key=lambda band: band.min)
    check_bands(bands)
    return tuple(bands)


def _read_choices(owner: Table, key: str, kind: str, scored: bool, within: str | None = None) -> tuple[Choice, ...]:
    """The answers listed under `key`; `within` names the item they belong to, if any."""
    choices = []
    for position, table in enumerate(owner.tables(key, "answer"), start=1):
        label = entry_label(kind, table, position, "value")
        label = f"{within}, {label}" if within else label
        if not scored and isinstance(table, dict) and "score" in table:
            raise BankError(owner.file, label, "multiple choice answers are not scored; remove 'score'")
        choice = Table(owner.file, label, table, ("value", "label", "score") if scored else ("value", "label"))
        choices.append(Choice(choice.text("value"), choice.text("label"), choice.score() if scored else None))
    if len(choices) < 2:
        owner.fail(f"needs at least two answers in '{key}'")
    check_unique(owner.file, kind, [choice.value for choice in choices], within)
    return tuple(choices)


def _read_standards(parsed: dict) -> tuple[Standard, ...]:
    document = Table("standards.toml", None, parsed, ("standard",))
    standards = []
    keys = ("number", "name", "title_2020", "description", "short_name")
    for entry in _entries(document, "standard", "standard", "number", keys):
        number = entry.whole_number("number")
        if number < 1:
            entry.fail("standards are numbered from 1")
        standards.append(
            Standard(
                number,
                entry.text("name"),
                entry.text("title_2020"),
                entry.text("description"),
                entry.text("short_name", required=False),
            )
        )
    check_unique("standards.toml", "standard", [standard.number for standard in standards])
    return tuple(sorted(standards, key=lambda standard: standard.number))


def _read_steps(parsed: dict, standards: tuple[Standard, ...]) -> tuple[tuple[Section, ...], tuple[Step, ...]]:
    document = Table("steps.toml", None, parsed, ("section", "step"))
    sections = [
        Section(entry.whole_number("number"), entry.text("name"))
        for entry in _entries(document, "section", "section", "number", ("number", "name"))
    ]
    check_unique("steps.toml", "section", [section.number for section in sections])
    section_numbers = [section.number for section in sections]
    steps = []
    for entry in _entries(document, "step", "step", "number", ("number", "section", "standard", "sources", "wording")):
        number = entry.whole_number("number")
        section = entry.whole_number("section")
        if section not in section_numbers:
            entry.fail(f"section {section} is not one of the sections ({number_list(section_numbers)})")
        standard = _standard_number(entry, "standard", standards)
        sources = entry.texts("sources")
        check_sources(entry, sources)
        steps.append(Step(number, section, standard, sources, entry.text("wording")))
    check_all_steps_present([step.number for step in steps])
    return (
        tuple(sorted(sections, key=lambda section: section.number)),
        tuple(sorted(steps, key=lambda step: step.number)),
    )


def _read_practitioner_items(parsed: dict, standards, steps_by_number) -> tuple[PractitionerItem, ...]:
    document = Table("practitioner.toml", None, parsed, ("item",))
    items = [
        _read_practitioner_item(entry, standards, steps_by_number)
        for entry in _entries(document, "item", "item", "id", ALL_ITEM_FIELDS)
    ]
    check_unique("practitioner.toml", "item", [item.id for item in items])
    return tuple(items)


def _read_practitioner_item(entry: Table, standards, steps_by_number) -> PractitionerItem:
    item_id = entry.text("id")
    item_type = entry.text("type")
    check_item_fields(entry, item_type)
    supplementary = entry.flag("supplementary", False)
    if supplementary and not entry.has("standard"):
        entry.fail("a supplementary item belongs to no step, so it needs the 'standard' it belongs to")
    standard = _standard_number(entry, "standard", standards, required=False)
    if supplementary:
        if entry.has("step"):
            entry.fail("a supplementary item belongs to no step; remove 'step'")
        if not item_id.startswith("S"):
            entry.fail(f'supplementary item ids start with S, such as "S{standard}a", so they are never read as steps')
        step_number = None
    else:
        if not entry.has("step"):
            entry.fail("'step' is missing: give the step it is for, or mark it supplementary = true with its standard")
        step = _step(entry, steps_by_number)
        if standard is not None and standard != step.standard:
            entry.fail(
                f"gives standard {standard}, but step {step.number} is under standard {step.standard} in steps.toml"
            )
        standard, step_number = step.standard, step.number
    choices = ()
    if item_type in ("frequency", "multiple_choice"):
        scored = item_type == "frequency"
        choices = _read_choices(entry, "choices", "choice", scored=scored, within=entry.entry)
    unit = minimum = maximum = good = poor = None
    if item_type == "number":
        unit, minimum, maximum = entry.text("unit"), entry.number("min"), entry.number("max")
        good, poor = read_good_and_poor(entry, required=False)
        check_number_bounds(entry, minimum, maximum, good, poor)
    return PractitionerItem(
        id=item_id,
        standard=standard,
        step=step_number,
        supplementary=supplementary,
        type=item_type,
        text=entry.text("text"),
        hint=entry.text("hint", required=False),
        reverse=entry.flag("reverse", False),
        dont_know=entry.flag("dont_know", item_type in ("agreement", "frequency")),
        choices=choices,
        unit=unit,
        min=minimum,
        max=maximum,
        good=good,
        poor=poor,
    )


def _read_organisation_items(document: Table, steps_by_number) -> tuple[OrganisationItem, ...]:
    items = []
    for entry in _entries(document, "item", "item", "id", ("id", "step", "text", "hint")):
        item_id = entry.text("id")
        step = _step(entry, steps_by_number)
        items.append(
            OrganisationItem(item_id, step.number, step.standard, entry.text("text"), entry.text("hint", False))
        )
    check_unique("organisation.toml", "item", [item.id for item in items])
    return tuple(items)


def _read_fields(document: Table, steps_by_number) -> tuple[WorkforceField, ...]:
    fields = []
    for entry in _entries(document, "field", "field", "key", _field_names(WorkforceField)):
        key = entry.text("key")
        if not (key.isidentifier() and key.isascii() and key == key.lower()):
            entry.fail(f"key '{key}' should be lower case letters, digits and underscores, such as inpost_fte")
        fields.append(
            WorkforceField(
                key=key,
                label=entry.text("label"),
                unit=entry.text("unit"),
                step=_step(entry, steps_by_number).number,
                description=entry.text("description"),
                individual=entry.flag("individual", False),
            )
        )
    check_unique("workforce.toml", "field", [field.key for field in fields])
    return tuple(fields)


def _read_indicators(document: Table, steps_by_number, field_keys: set[str]) -> tuple[Indicator, ...]:
    indicators = []
    for entry in _entries(document, "indicator", "indicator", "id", _field_names(Indicator)):
        indicator_id = entry.text("id")
        numerator, denominator = entry.texts("numerator"), entry.texts("denominator", required=False)
        for key in numerator + denominator:
            if key not in field_keys:
                entry.fail(f"'{key}' is not one of the [[field]] keys in workforce.toml")
        if entry.has("denominator_factor") and not denominator:
            entry.fail("'denominator_factor' needs a 'denominator'")
        multiplier = entry.number("multiplier", required=False, default=1.0)
        factor = entry.number("denominator_factor", required=False, default=1.0)
        if multiplier <= 0 or factor <= 0:
            entry.fail("'multiplier' and 'denominator_factor' must be above 0")
        good, poor = read_good_and_poor(entry, required=True)
        indicators.append(
            Indicator(
                id=indicator_id,
                name=entry.text("name"),
                step=_step(entry, steps_by_number).number,
                numerator=numerator,
                denominator=denominator,
                multiplier=multiplier,
                denominator_factor=factor,
                unit=entry.text("unit"),
                good=good,
                poor=poor,
            )
        )
    check_unique("workforce.toml", "indicator", [indicator.id for indicator in indicators])
    return tuple(indicators)


def cycle_bank(cycle: dict) -> QuestionBank:
    """The question bank the cycle froze when it opened, or the current bank for a draft."""
    if cycle.get("bank_json"):
        return _frozen_bank(cycle["bank_json"])
    return load_bank()


@functools.lru_cache(maxsize=16)
def _frozen_bank(bank_json: str) -> QuestionBank:
    # A frozen bank never changes and QuestionBank is immutable, so each process builds
    # it once rather than on every request.
    return build_bank(json.loads(bank_json))
