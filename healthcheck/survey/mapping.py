"""Recognising another survey tool's export and mapping its columns to the question bank.

A council's earlier health check was run in SurveyMonkey, LimeSurvey, Microsoft Forms or
a spreadsheet of its own, and each exports in its own shape. This module recognises the
shape from the header rows (`recognise`), then suggests what each column is
(`suggest`): a question of the bank (matched by its wording, never by an id alone), one
option of a tick-all-that-apply question, a comment, the team, role or years, the date
the answers were sent, whether the response was finished, a column that identifies
someone (never stored), or nothing to import. Answer labels are matched to the bank's
choices the same way. Every column and label must be decided before anything is
imported; a decided mapping can be saved as TOML and used again next year.

Nothing here touches the database: the importer passes in the bank and the team names.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import tomllib

from rapidfuzz import fuzz, process

from healthcheck.questions import DONT_KNOW, PREFER_NOT_TO_SAY, ROLE_GROUPS, QuestionBank

# The shapes recognised, and the order each writes dates in when it is not ISO.
OURS = "this app's layout"
SURVEYMONKEY = "SurveyMonkey"
LIMESURVEY = "LimeSurvey"
FORMS = "Microsoft Forms"
PLAIN = "a plain table"
DATE_ORDERS = ("day-first", "month-first")
LAYOUT_DATE_ORDER = {OURS: "day-first", SURVEYMONKEY: "month-first", LIMESURVEY: None, FORMS: None, PLAIN: None}

# What a column can be used for.
ITEM, OPTION, COMMENT = "item", "option", "comment"
TEAM, ROLE, YEARS, SUBMITTED = "team", "role", "years", "submitted_on"
COMPLETION, NOT_STORED, IGNORE = "completion", "not stored", "ignore"
USES = (ITEM, OPTION, COMMENT, TEAM, ROLE, SUBMITTED, COMPLETION, NOT_STORED, IGNORE)
# Columns whose labels are matched to a list of choices.
LABELLED = (ITEM, TEAM, ROLE)

# Headers (compared as `_key` gives them) of columns that identify a person or a moment:
# listed as "not stored" and never written anywhere.
IDENTIFYING = {
    "respondentid",
    "collectorid",
    "startdate",
    "ipaddress",
    "emailaddress",
    "email",
    "firstname",
    "lastname",
    "name",
    "fullname",
    "id",
    "responseid",
    "seed",
    "datestarted",
    "datelastaction",
    "datestamp",
    "ipaddr",
    "refurl",
    "referrerurl",
    "token",
    "starttime",
    "lastmodifiedtime",
    "startlanguage",
    "lastpage",
    "username",
    "userid",
    "phone",
    "phonenumber",
}
IDENTIFYING_PREFIXES = ("customdata", "customvariable", "attribute")
SUBMITTED_HEADERS = {"enddate", "submitdate", "datesubmitted", "completiontime", "submittedon", "datecompleted"}
COMPLETION_HEADERS = {"status", "responsestatus", "completionstatus", "complete", "completed"}
TEAM_HEADERS = {"team", "yourteam", "whichteamareyouin", "whichteamdoyouworkin", "teamname"}
ROLE_HEADERS = {"role", "yourrole", "rolegroup", "whatisyourrole", "jobrole"}
# Years in social work are no longer collected: such a column is recognised, and left out.
YEARS_WRITTEN = ("less than 2 years", "2 to 5 years", "6 to 10 years", "more than 10 years", "under 2", "over 10")
YEARS_HEADERS = {"years", "yearsinsocialwork", "howlonghaveyoubeenasocialworker", "experience"}
# LimeSurvey's and SurveyMonkey's own column names, by which their exports are recognised.
LIMESURVEY_SIGNS = {"submitdate", "lastpage", "startlanguage", "datesubmitted"}
SURVEYMONKEY_SIGNS = {"respondentid", "collectorid"}
FORMS_SIGNS = {"completiontime", "starttime"}
SURVEYMONKEY_ROW_2 = {"response", "openendedresponse", "other", "otherpleasespecify"}

ITEM_MATCH = 86  # how close a header's wording must be to an item's to be suggested
LABEL_MATCH = 88
SUB = re.compile(r"^(?P<question>.*?)\s*\[(?P<sub>[^\[\]]+)\]\s*$", re.S)
TICKED_NO = {"n", "no", "not selected", "0", "false"}
INCOMPLETE = {"partial", "incomplete", "not completed", "no", "n", "0", "false"}


def _key(text) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").casefold())


def plain(text) -> str:
    return " ".join(str(text or "").replace("\u2019", "'").casefold().split())


@dataclasses.dataclass
class Column:
    """One column of the file and what it is used for (None while undecided)."""

    index: int
    header: str  # the header as shown: "Question / statement" for two header rows
    question: str = ""  # the question's wording, when the header has one
    sub: str = ""  # a statement, option or sub-question, when the header has one
    use: str | None = None
    item: str | None = None  # ITEM, OPTION: the bank item
    choice: str | None = None  # OPTION: the choice a ticked cell means
    standard: int | None = None  # COMMENT: the standard it is a comment on
    note: str = ""  # why it was suggested, or why it needs deciding
    has_data: bool = False

    @property
    def letter(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.index + 1)

    def described(self, bank: QuestionBank | None = None) -> str:
        """What the column is used for, in words: "question 29a", "not stored (identifies someone)"."""
        if self.use is None:
            return "undecided"
        if self.use == ITEM:
            return f"question {self.item}"
        if self.use == OPTION:
            return f"question {self.item}, answer '{self.choice}' when ticked"
        if self.use == COMMENT:
            return f"comment on standard {self.standard}"
        if self.use == SUBMITTED:
            return "the date sent (the date only is kept)"
        if self.use == COMPLETION:
            return "whether the response was finished (not stored)"
        if self.use == NOT_STORED:
            return "not stored (identifies someone or when they answered)"
        if self.use == IGNORE:
            return "ignored"
        return {TEAM: "the team", ROLE: "the role group", YEARS: "years in social work"}[self.use]


@dataclasses.dataclass
class Shape:
    """A file's layout: which tool made it, how many header rows, and its columns."""

    layout: str
    header_rows: int
    columns: list[Column]

    @property
    def first_data_row(self) -> int:
        return self.header_rows + 1


@dataclasses.dataclass
class Mapping:
    """What every column and answer label of a file means; what an import follows."""

    layout: str
    columns: list[Column]
    # {item id, or "team", "role", "years": {label as written (plain): value, or None undecided}}
    labels: dict[str, dict[str, str | None]] = dataclasses.field(default_factory=dict)
    date_order: str | None = None
    date_order_note: str = ""
    include_incomplete: bool = False

    def undecided(self) -> list[str]:
        """Everything still to decide, in words, each saying where; empty when the import can go ahead."""
        found = []
        for column in self.columns:
            if column.use is None:
                found.append(f"column {column.letter} ('{column.header or 'no header'}'): {column.note or 'undecided'}")
        for owner, labels in self.labels.items():
            for label, value in labels.items():
                if value is None:
                    found.append(f"{_owner(owner)}: the answer '{label}' is not matched to one of the choices")
        if self.date_order is None and self.date_order_note:
            found.append(self.date_order_note)
        return found

    def decided(self) -> bool:
        return not self.undecided()

    def to_toml(self) -> str:
        """The mapping as TOML, so next year's file of the same shape can use it again."""
        lines = [
            "# What each column of a survey export means, for healthcheck import-responses --mapping.",
            f"layout = {json.dumps(self.layout)}",
        ]
        if self.date_order:
            lines.append(f"date_order = {json.dumps(self.date_order)}")
        lines.append(f"include_incomplete = {'true' if self.include_incomplete else 'false'}")
        for column in self.columns:
            lines += ["", "[[columns]]", f"header = {json.dumps(column.header)}"]
            lines.append(f"use = {json.dumps(column.use or 'undecided')}")
            for name in ("item", "choice", "standard"):
                value = getattr(column, name)
                if value is not None:
                    lines.append(f"{name} = {json.dumps(value)}")
        for owner, labels in self.labels.items():
            decided = {label: value for label, value in labels.items() if value is not None}
            if decided:
                lines += ["", f"[labels.{json.dumps(owner)}]"]
                lines += [f"{json.dumps(label)} = {json.dumps(value)}" for label, value in decided.items()]
        return "\n".join(lines) + "\n"


def _owner(owner: str) -> str:
    return {TEAM: "the team column", ROLE: "the role column", YEARS: "the years column"}.get(owner, f"question {owner}")


# Recognising the layout.


def recognise(rows: list[list[str | None]], bank: QuestionBank) -> Shape:
    """The file's layout and its columns, from its first rows."""
    first = rows[0] if rows else []
    keys = {_key(cell) for cell in first if cell}
    width = max((len(row) for row in rows[:50]), default=0)
    second = rows[1] if len(rows) > 1 else []
    if keys & SURVEYMONKEY_SIGNS and _surveymonkey_second_row(second):
        return Shape(SURVEYMONKEY, 2, _surveymonkey_columns(first, second, width))
    ours = _our_names(bank)
    if first and all(cell is None or _plain_key(cell) in ours for cell in first) and any(first):
        return Shape(OURS, 1, _single_row_columns(first, width))
    if keys & LIMESURVEY_SIGNS:
        return Shape(LIMESURVEY, 1, _single_row_columns(first, width))
    if FORMS_SIGNS <= keys:
        return Shape(FORMS, 1, _single_row_columns(first, width))
    return Shape(PLAIN, 1, _single_row_columns(first, width))


def _surveymonkey_second_row(second: list) -> bool:
    """SurveyMonkey's second header row holds 'Response' or the statements, never answers' dates."""
    return any(_key(cell) in SURVEYMONKEY_ROW_2 for cell in second if cell)


def _plain_key(text: str) -> str:
    return text.strip().casefold()


def _our_names(bank: QuestionBank) -> set[str]:
    names = {item.id.casefold() for item in bank.items}
    names |= {f"comment_{standard.number}" for standard in bank.standards}
    return names | {TEAM, ROLE, YEARS, SUBMITTED}


def _surveymonkey_columns(first: list, second: list, width: int) -> list[Column]:
    """Row 1 names a question once, above the first of its columns; row 2 names each
    statement or option, or says 'Response'."""
    columns, question = [], ""
    for index in range(width):
        top = (first[index] if index < len(first) else None) or ""
        below = (second[index] if index < len(second) else None) or ""
        if top:
            question = top
        elif not below:
            question = ""  # a column with no header in either row
        if not top and not below:
            columns.append(Column(index, ""))
            continue
        if not below or _key(below) in SURVEYMONKEY_ROW_2 - {"other", "otherpleasespecify"}:
            columns.append(Column(index, question, question=question))
        else:
            columns.append(Column(index, f"{question} / {below}", question=question, sub=below))
    return columns


def _single_row_columns(first: list, width: int) -> list[Column]:
    columns = []
    for index in range(width):
        header = (first[index] if index < len(first) else None) or ""
        match = SUB.match(header)
        if match:
            question = match.group("question").strip().rstrip(".").strip()
            columns.append(Column(index, header, question=question, sub=match.group("sub").strip()))
        else:
            columns.append(Column(index, header, question=header))
    return columns


# Suggesting what each column is.


def suggest(
    shape: Shape, data: list[list[str | None]], bank: QuestionBank, team_names: list[str], saved: dict | None = None
) -> Mapping:
    """The suggested mapping for the file's columns (or the saved one's, where it names them);
    `data` are the rows below the header."""
    columns = [dataclasses.replace(column) for column in shape.columns]
    values = _distinct_values(columns, data)
    for column in columns:
        column.has_data = bool(values[column.index])
    if shape.layout == OURS:
        _suggest_ours(columns, bank)
    else:
        matcher = _Matcher(bank, team_names)
        for column in columns:
            matcher.suggest(shape, column, values[column.index])
    mapping = Mapping(shape.layout, columns, date_order=LAYOUT_DATE_ORDER.get(shape.layout))
    if saved:
        _apply_saved(mapping, saved, bank)
    _suggest_labels(mapping, bank, team_names, values)
    if saved:
        for owner, labels in (saved.get("labels") or {}).items():
            for label, value in labels.items():
                if owner in mapping.labels and plain(label) in mapping.labels[owner]:
                    mapping.labels[owner][plain(label)] = value
    _decide_date_order(mapping, values, saved)
    return mapping


def relabel(mapping: Mapping, data: list[list[str | None]], bank: QuestionBank, team_names: list[str]) -> None:
    """Match the answers of columns decided since the mapping was suggested (new labels are
    added after the ones already listed)."""
    _suggest_labels(mapping, bank, team_names, _distinct_values(mapping.columns, data))


def _distinct_values(columns: list[Column], data: list[list[str | None]]) -> dict[int, dict[str, int]]:
    values: dict[int, dict[str, int]] = {column.index: {} for column in columns}
    for row in data:
        for index, cell in enumerate(row):
            if cell is not None and index in values:
                counts = values[index]
                counts[cell] = counts.get(cell, 0) + 1
    return values


def _suggest_ours(columns: list[Column], bank: QuestionBank) -> None:
    """This app's own layout names every column as the import's help says: the names are the meaning."""
    items = {item.id.casefold(): item.id for item in bank.items}
    for column in columns:
        key = _plain_key(column.header)
        if not column.header:
            _no_header(column)
        elif key in items:
            column.use, column.item = ITEM, items[key]
        elif key.startswith("comment_"):
            column.use, column.standard = COMMENT, int(key.removeprefix("comment_"))
        else:
            column.use = key


def _no_header(column: Column) -> None:
    if column.has_data:
        column.note = "this column has no header but holds answers; map it to a question or choose to ignore it"
    else:
        column.use, column.note = IGNORE, "empty"


class _Matcher:
    """Suggests a use for one column from its header's wording and its values."""

    def __init__(self, bank: QuestionBank, team_names: list[str]):
        self.bank = bank
        self.items = {item.id: item for item in bank.items}
        self.ids = {item.id.casefold(): item.id for item in bank.items}
        self.texts = {item.id: plain(item.text) for item in bank.items}
        self.multiple = {item.id: plain(item.text) for item in bank.items if item.type == "multiple_choice"}
        self.single = {item_id: text for item_id, text in self.texts.items() if item_id not in self.multiple}
        self.teams = {plain(name) for name in team_names}
        self.roles = {plain(label) for label in ROLE_GROUPS.values()} | {plain(code) for code in ROLE_GROUPS}
        self.years = {plain(label) for label in YEARS_WRITTEN}
        self.standards = {standard.number: plain(standard.name) for standard in bank.standards}
        self.standards_2020 = {standard.number: plain(standard.title_2020) for standard in bank.standards}

    def suggest(self, shape: Shape, column: Column, values: dict[str, int]) -> None:
        header = column.header
        key = _key(header)
        if not header:
            _no_header(column)
            return
        if key in IDENTIFYING or key.startswith(IDENTIFYING_PREFIXES):
            column.use, column.note = NOT_STORED, "identifies someone or when they answered"
            return
        if key in SUBMITTED_HEADERS:
            column.use, column.note = SUBMITTED, "the date only is kept"
            return
        if key in COMPLETION_HEADERS:
            column.use, column.note = COMPLETION, "says whether the response was finished"
            return
        by_values = self._by_values(values)
        if by_values == YEARS or key in YEARS_HEADERS:
            column.use, column.note = NOT_STORED, "years in social work are no longer collected"
            return
        if by_values:
            column.use, column.note = (
                by_values,
                "its answers are " + {TEAM: "team names", ROLE: "role groups"}.get(by_values, "years in social work"),
            )
            return
        for use, headers in ((TEAM, TEAM_HEADERS), (ROLE, ROLE_HEADERS)):
            if key in headers:
                column.use, column.note = use, "its header"
                return
        if header.strip().casefold() in self.ids:
            # The same letters as one of our ids may mean anything in another tool's codebook.
            column.note = (
                f"the header is the id of question {self.ids[header.strip().casefold()]} in this app, but "
                f"the file is from {shape.layout}, where it may mean another question: confirm what it is"
            )
            return
        if column.sub and self._option(column):
            return
        self._item_or_comment(column, values)

    def _by_values(self, values: dict[str, int]) -> str | None:
        texts = {plain(value) for value in values if plain(value) not in ("", PREFER_NOT_TO_SAY, "prefer not to say")}
        if not texts:
            return None
        for use, known in ((TEAM, self.teams), (ROLE, self.roles), (YEARS, self.years)):
            if known and len(texts & known) / len(texts) >= 0.8:
                return use
        return None

    def _option(self, column: Column) -> bool:
        """A column per option of a tick-all-that-apply question (SurveyMonkey expanded, LimeSurvey)."""
        found = process.extractOne(plain(column.question), self.multiple, scorer=fuzz.token_set_ratio)
        if not found or found[1] < ITEM_MATCH:
            return False
        item = self.items[found[2]]
        labels = {choice.value: plain(choice.label) for choice in item.choices}
        if _key(column.sub) in ("other", "otherpleasespecify") and "other" in labels:
            column.use, column.item, column.choice = OPTION, item.id, "other"
            column.note = f"the 'other' option of question {item.id}"
            return True
        choice = process.extractOne(plain(column.sub), labels, scorer=fuzz.token_set_ratio)
        column.item = item.id
        if choice and choice[1] >= LABEL_MATCH:
            column.use, column.choice = OPTION, choice[2]
            column.note = f"an option of question {item.id}, matched by its wording"
        else:
            column.note = (
                f"an option of question {item.id}, but '{column.sub}' is not one of its answers: "
                "choose the answer it means, or ignore the column"
            )
        return True

    def _item_or_comment(self, column: Column, values: dict[str, int]) -> None:
        wording = plain(column.sub or column.question)
        best = process.extract(wording, self.single, scorer=fuzz.token_set_ratio, limit=2)
        if best and best[0][1] >= ITEM_MATCH and (len(best) < 2 or best[0][1] - best[1][1] >= 3):
            column.use, column.item = ITEM, best[0][2]
            column.note = f"matched by its wording ({round(best[0][1])}% alike)"
            return
        if column.sub is None or not column.sub:
            many = process.extractOne(wording, self.multiple, scorer=fuzz.token_set_ratio)
            if many and many[1] >= ITEM_MATCH:
                column.use, column.item = ITEM, many[2]
                column.note = f"matched by its wording ({round(many[1])}% alike)"
                return
        if _free_text(values) and "comment" in wording or _free_text(values) and "tell us" in wording:
            standard = self._standard(wording)
            if standard:
                column.use, column.standard = COMMENT, standard
                column.note = "free text about this standard"
                return
        column.note = "no question in the bank has this wording: choose the question, or ignore the column"
        if best and best[0][1] >= 60:
            column.note += f" (the closest is {best[0][2]}, {round(best[0][1])}% alike)"

    def _standard(self, wording: str) -> int | None:
        for names in (self.standards, self.standards_2020):
            found = process.extractOne(wording, names, scorer=fuzz.partial_ratio)
            if found and found[1] >= 85:
                return found[2]
        return None


def _free_text(values: dict[str, int]) -> bool:
    return bool(values) and sum(len(value) for value in values) / len(values) >= 20


def _apply_saved(mapping: Mapping, saved: dict, bank: QuestionBank) -> None:
    """Columns a saved mapping names (by header, in order for repeated headers) take its decisions."""
    entries: dict[str, list[dict]] = {}
    for entry in saved.get("columns") or []:
        entries.setdefault(str(entry.get("header", "")), []).append(entry)
    items = {item.id for item in bank.items}
    for column in mapping.columns:
        waiting = entries.get(column.header)
        if not waiting:
            if column.has_data and column.use is None:
                column.note += " (not in the saved mapping)"
            continue
        entry = waiting.pop(0)
        use = entry.get("use")
        if use == "undecided" or use not in USES:
            continue
        if use in (ITEM, OPTION) and entry.get("item") not in items:
            column.use, column.note = None, f"the saved mapping names question {entry.get('item')}, not in this bank"
            continue
        column.use, column.item, column.choice = use, entry.get("item"), entry.get("choice")
        column.standard = entry.get("standard")
        column.note = "from the saved mapping"
    if saved.get("date_order") in DATE_ORDERS:
        mapping.date_order = saved["date_order"]
    mapping.include_incomplete = bool(saved.get("include_incomplete", False))


def read_saved(text: str) -> dict:
    """A saved mapping's TOML, checked for its shape; Problem-free ValueError if it is not one."""
    try:
        saved = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"the mapping is not valid TOML ({error})") from None
    if not isinstance(saved.get("columns", []), list):
        raise ValueError("the mapping's columns must be a list of [[columns]] tables")
    return saved


# Answer labels.


def _suggest_labels(mapping: Mapping, bank: QuestionBank, team_names: list[str], values: dict) -> None:
    items = {item.id: item for item in bank.items}
    for column in mapping.columns:
        if column.use not in LABELLED or (column.use == ITEM and items[column.item].type in ("number", "text")):
            continue
        owner = column.item if column.use == ITEM else column.use
        choices = _choices(owner, items, bank, team_names)
        labels = mapping.labels.setdefault(owner, {})
        many = column.use == ITEM and items[column.item].type == "multiple_choice"
        for cell in values[column.index]:
            for part in split_choices(cell, choices) if many else [cell]:
                text = plain(part)
                if text not in labels:
                    labels[text] = match_label(text, choices)


def _choices(owner: str, items: dict, bank: QuestionBank, team_names: list[str]) -> dict[str, str]:
    """{plain label or code: value} a column's answers are matched against."""
    if owner == TEAM:
        table = {plain(name): name for name in team_names}
    elif owner == ROLE:
        options = ROLE_GROUPS
        table = {plain(label): code for code, label in options.items()} | {plain(code): code for code in options}
        table |= {"prefer not to say": PREFER_NOT_TO_SAY}
    else:
        item = items[owner]
        choices = bank.choices_for(item) if item.type in ("agreement", "frequency") else item.choices
        table = {plain(choice.label): choice.value for choice in choices}
        table |= {plain(choice.value): choice.value for choice in choices}
        if item.type != "multiple_choice" or item.dont_know:
            table |= {plain(bank.dont_know_label): DONT_KNOW, "don't know": DONT_KNOW}
    return table


def match_label(text: str, choices: dict[str, str]) -> str | None:
    """The choice a label means: exactly, or as close as a respelling; None when no choice is that close."""
    if text in choices:
        return choices[text]
    if DONT_KNOW in choices.values() and re.match(r"(don'?t know|n/?a\b|not applicable)", text):
        return DONT_KNOW
    found = process.extract(text, choices, scorer=fuzz.ratio, limit=2)
    if found and found[0][1] >= LABEL_MATCH and (len(found) < 2 or found[0][1] - found[1][1] >= 5):
        return choices[found[0][2]]
    return None


def split_choices(cell: str, choices: dict[str, str]) -> list[str]:
    """The answers in one cell of a tick-all-that-apply question: separated by ';' (Forms,
    this app), or by ',' where a label holds commas itself (SurveyMonkey condensed)."""
    if ";" in cell:
        return [part.strip() for part in cell.split(";") if part.strip()]
    if "," not in cell or plain(cell) in choices:
        return [cell.strip()]
    parts, found, current = [part.strip() for part in cell.split(",")], [], ""
    for part in parts:
        current = f"{current}, {part}" if current else part
        if plain(current) in choices:
            found.append(current)
            current = ""
    if current:
        found.append(current)
    return found


# Dates.


def _decide_date_order(mapping: Mapping, values: dict, saved: dict | None) -> None:
    """The whole file's date order: from dates that can be read only one way, else the layout's,
    else the saved mapping's; asked for when the file could be either."""
    dates = [cell for column in mapping.columns if column.use == SUBMITTED for cell in values[column.index]]
    day_first, month_first = _date_evidence(dates)
    chosen = saved.get("date_order") if saved else None
    if day_first and month_first:
        mapping.date_order = None
        mapping.date_order_note = (
            f"the dates are written both ways: '{day_first}' can only be day first and "
            f"'{month_first}' only month first; correct the file"
        )
    elif day_first or month_first:
        found = "day-first" if day_first else "month-first"
        if chosen in DATE_ORDERS and chosen != found:
            mapping.date_order = None
            mapping.date_order_note = (
                f"the saved mapping reads dates {chosen}, but '{day_first or month_first}' can only be {found}"
            )
        else:
            mapping.date_order = found
    elif mapping.date_order is None and any(_slashed(cell) for cell in dates):
        mapping.date_order_note = (
            "the dates could be day first (26/10/2024) or month first (10/26/2024): choose which the file uses"
        )


DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")


def _slashed(cell: str):
    return DATE.match(cell)


def _date_evidence(cells: list[str]) -> tuple[str | None, str | None]:
    day_first = month_first = None
    for cell in cells:
        match = _slashed(cell)
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second and day_first is None:
            day_first = cell
        elif second > 12 >= first and month_first is None:
            month_first = cell
    return day_first, month_first


def read_date(cell: str, order: str | None) -> datetime.date:
    """A date written ISO (2024-10-26, with any time after it) or with slashes in the given order."""
    text = cell.strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = _slashed(text)
    if match and order in DATE_ORDERS:
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        year += 2000 if year < 100 else 0
        day, month = (first, second) if order == "day-first" else (second, first)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(text)


def ticked(cell: str) -> bool:
    """Whether a cell of an option's column means the option was chosen."""
    return plain(cell) not in TICKED_NO


def incomplete(cell: str | None) -> bool:
    return cell is None or plain(cell) in INCOMPLETE
