"""Reading and checking question bank tables, so every mistake names its file and entry.

The bank is edited by hand by councils, so an error must say in plain English
which file and which entry is wrong and what would put it right. Nothing here
knows about the dataclasses in `healthcheck.questions`; the checks that need
the whole bank take it as an argument.
"""

from __future__ import annotations

STEP_COUNT = 39
SOURCE_NAMES = {"W": "workforce data", "O": "the organisation's view", "P": "practitioners"}
ITEM_TYPES = ("agreement", "frequency", "number", "multiple_choice", "text")
# Fields every practitioner item may have, then the ones that belong to one type.
ITEM_FIELDS = ("id", "step", "standard", "supplementary", "type", "text", "hint")
TYPE_FIELDS = {
    "agreement": ("reverse", "dont_know"),
    "frequency": ("choices", "dont_know"),
    "number": ("unit", "min", "max", "good", "poor", "dont_know"),
    "multiple_choice": ("choices",),
    "text": (),
}
ALL_ITEM_FIELDS = ITEM_FIELDS + tuple(dict.fromkeys(key for keys in TYPE_FIELDS.values() for key in keys))


class BankError(Exception):
    """A question bank that cannot be used, and where the problem is.

    `file` is the bank file's name (or None when the problem is the folder),
    `entry` names the table inside it, such as "step 14" (or None when the
    problem is the whole file), and `problem` says what is wrong.
    """

    def __init__(self, file: str | None, entry: str | None, problem: str):
        self.file = file
        self.entry = entry
        self.problem = problem
        where = ", ".join(part for part in (file, entry) if part)
        super().__init__(f"{where}: {problem}" if where else problem)


class Table:
    """One TOML table from a bank file, read a field at a time."""

    def __init__(self, file: str, entry: str | None, table: object, fields: tuple[str, ...]):
        self.file = file
        self.entry = entry
        if not isinstance(table, dict):
            self.fail("should be a table of fields, written as [name] or [[name]] or { ... }")
        self.values = table
        unknown = [key for key in table if key not in fields]
        if unknown:
            self.fail(f"'{unknown[0]}' is not a field here (the fields are: {', '.join(fields)})")

    def fail(self, problem: str):
        raise BankError(self.file, self.entry, problem)

    def table(self, key: str, fields: tuple[str, ...]) -> Table:
        """A [key] table inside this one."""
        if key not in self.values:
            self.fail(f"[{key}] is missing")
        return Table(self.file, f"[{key}]", self.values[key], fields)

    def has(self, key: str) -> bool:
        return key in self.values

    def _value(self, key: str, required: bool, expected: str):
        if key not in self.values:
            if required:
                self.fail(f"'{key}' is missing: it should be {expected}")
            return None
        return self.values[key]

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._value(key, required, "some text in double quotes")
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(f"'{key}' should be text in double quotes, not {value!r}")
        if not value.strip():
            self.fail(f"'{key}' is empty")
        return value.strip()

    def whole_number(self, key: str, required: bool = True) -> int | None:
        value = self._value(key, required, "a whole number")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(f"'{key}' should be a whole number, not {value!r}")
        return value

    def number(self, key: str, required: bool = True, default: float | None = None) -> float | None:
        value = self._value(key, required, "a number")
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"'{key}' should be a number, not {value!r}")
        return float(value)

    def score(self, key: str = "score") -> float:
        value = self.number(key)
        if not 0 <= value <= 100:
            self.fail(f"'{key}' is {value:g}; scores run from 0 to 100")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._value(key, False, "")
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(f"'{key}' should be true or false, not {value!r}")
        return value

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self._value(key, required, 'a list such as ["a", "b"]')
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
            self.fail(f'\'{key}\' should be a list of text in double quotes, such as ["a", "b"]')
        if not value:
            self.fail(f"'{key}' is an empty list")
        return tuple(value)

    def tables(self, key: str, kind: str, required: bool = True) -> list:
        value = self._value(key, required, f"one or more [[{key}]] tables")
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.fail(f"'{key}' should be one or more {kind} tables")
        return value


def entry_label(kind: str, table: object, position: int, name_key: str) -> str:
    """Name an entry by its id or number where it has one, else by its position in the file."""
    name = table.get(name_key) if isinstance(table, dict) else None
    if isinstance(name, (str, int)) and not isinstance(name, bool) and str(name).strip():
        return f"{kind} {name}"
    return f"{kind} at position {position}"


def number_list(numbers) -> str:
    """'1-8' for a run of whole numbers, '1, 3, 5' otherwise."""
    numbers = sorted(numbers)
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(str(number) for number in numbers)


def check_sources(entry: Table, sources: tuple[str, ...]) -> None:
    for source in sources:
        if source not in SOURCE_NAMES:
            known = either(f"{letter} ({name})" for letter, name in SOURCE_NAMES.items())
            entry.fail(f"source '{source}' is not one of {known}")
    if len(set(sources)) < len(sources):
        entry.fail("a source is listed twice in 'sources'")


def check_item_fields(entry: Table, item_type: str) -> None:
    """A known type, and only the fields that mean something for that type (no reverse-scored numbers)."""
    if item_type not in ITEM_TYPES:
        entry.fail(f"type '{item_type}' is not one of {either(ITEM_TYPES)}")
    for key in entry.values:
        if key not in ITEM_FIELDS and key not in TYPE_FIELDS[item_type]:
            types = either(name for name, keys in TYPE_FIELDS.items() if key in keys)
            entry.fail(f"'{key}' only applies to {types} items, and this is a {item_type} item")


def read_good_and_poor(entry: Table, required: bool) -> tuple[float | None, float | None]:
    good, poor = entry.number("good", required), entry.number("poor", required)
    if (good is None) != (poor is None):
        entry.fail("give both 'good' and 'poor', or neither")
    if good is not None and good == poor:
        entry.fail(f"good and poor are both {good:g}; they must differ so scores can run between them")
    return good, poor


def check_number_bounds(entry: Table, minimum: float, maximum: float, good: float | None, poor: float | None) -> None:
    if minimum >= maximum:
        entry.fail(f"min {minimum:g} should be below max {maximum:g}")
    for name, value in (("good", good), ("poor", poor)):
        if value is not None and not minimum <= value <= maximum:
            entry.fail(f"{name} {value:g} is outside min {minimum:g} to max {maximum:g}")


def check_unique(file: str, kind: str, names: list, within: str | None = None) -> None:
    """No two entries of a kind share an id; `within` names the entry they sit in, if any."""
    seen = set()
    for name in names:
        if name in seen:
            entry = f"{within}, {kind} {name}" if within else f"{kind} {name}"
            raise BankError(file, entry, f"appears {names.count(name)} times; each {kind} must be different")
        seen.add(name)


def either(words) -> str:
    """'a', 'a or b', 'a, b or c'."""
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def check_all_steps_present(numbers: list[int]) -> None:
    """Each of the 39 steps exactly once, saying which are missing or repeated."""
    wanted = range(1, STEP_COUNT + 1)
    outside = [number for number in numbers if number not in wanted]
    if outside:
        raise BankError("steps.toml", f"step {outside[0]}", f"the health check's steps are numbered 1-{STEP_COUNT}")
    repeated = [number for number in numbers if numbers.count(number) > 1]
    if repeated:
        raise BankError(
            "steps.toml",
            f"step {repeated[0]}",
            f"appears {numbers.count(repeated[0])} times; each of the {STEP_COUNT} steps must appear once",
        )
    missing = [number for number in wanted if number not in numbers]
    if missing:
        which = f"step {missing[0]}" if len(missing) == 1 else f"steps {number_list(missing)}"
        raise BankError(
            "steps.toml", which, f"missing; the health check has {STEP_COUNT} steps and each must appear once"
        )


def check_bands(bands) -> None:
    """Bands, sorted by min, must cover every whole score from 0 to 100 once."""
    previous = None
    for band in bands:
        entry = f"band {band.name}"
        if band.min > band.max:
            raise BankError("bank.toml", entry, f"min {band.min} is above max {band.max}")
        if previous is None and band.min != 0:
            raise BankError("bank.toml", entry, f"starts at {band.min}, but the lowest band must start at 0")
        if previous is not None and band.min <= previous.max:
            raise BankError(
                "bank.toml",
                entry,
                f"starts at {band.min}, which overlaps band {previous.name} ({previous.min}-{previous.max}); "
                f"start it at {previous.max + 1}",
            )
        if previous is not None and band.min > previous.max + 1:
            gap = number_list(range(previous.max + 1, band.min))
            raise BankError("bank.toml", entry, f"starts at {band.min}, so a score of {gap} is in no band")
        previous = band
    if previous.max != 100:
        raise BankError(
            "bank.toml",
            f"band {previous.name}",
            f"ends at {previous.max}, but the highest band must end at 100",
        )


def check_bank_is_complete(bank) -> None:
    """Every standard has steps and survey questions; every step has each part its sources promise."""
    for standard in bank.standards:
        entry = f"standard {standard.number}"
        if not bank.steps_for(standard.number):
            raise BankError("standards.toml", entry, "no step in steps.toml is under this standard")
        if not bank.items_for(standard.number):
            raise BankError(
                "standards.toml",
                entry,
                "has no items in practitioner.toml, so its page of the survey would be empty",
            )
    parts = {
        "P": ("practitioner.toml", {item.step for item in bank.items}),
        "O": ("organisation.toml", {item.step for item in bank.organisation_items}),
        "W": ("workforce.toml", {indicator.step for indicator in bank.indicators}),
    }
    for step in bank.steps:
        for source in step.sources:
            file, steps_with_part = parts[source]
            if step.number not in steps_with_part:
                part = "indicator" if source == "W" else "item"
                raise BankError(
                    "steps.toml",
                    f"step {step.number}",
                    f"its sources include {source} ({SOURCE_NAMES[source]}) but {file} has no {part} for step {step.number}",
                )
