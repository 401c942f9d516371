"""The bank's comment themes (question_bank/themes.toml): read and checked like the rest of
the bank, so a council can add a theme or a word without touching code.

The file is optional: banks frozen before themes existed have none, and then a cycle's
comments are grouped by the current bank's themes (see themes.bank_themes)."""

from __future__ import annotations

import dataclasses
import re

from healthcheck.bank_validation import Table, check_unique, entry_label, number_list
from healthcheck.comments.words import stems

THEMES_FILE = "themes.toml"
THEME_FIELDS = ("name", "standards", "words")


@dataclasses.dataclass(frozen=True)
class Theme:
    id: str
    name: str
    standards: tuple[int, ...]  # the first is the theme's main standard (an action drafted from it)
    words: tuple[str, ...]  # words and phrases as written in the bank
    phrases: tuple[tuple[str, ...], ...]  # the same, as runs of English stems


def theme_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "theme"


def read_themes(document: dict | None, standard_numbers) -> tuple[Theme, ...] | None:
    """The themes in themes.toml, or None when the bank has no such file."""
    if document is None:
        return None
    top = Table(THEMES_FILE, None, document, ("theme",))
    entries = top.tables("theme", "[[theme]]")
    themes = [
        _read_theme(
            Table(THEMES_FILE, entry_label("theme", table, position, "name"), table, THEME_FIELDS), standard_numbers
        )
        for position, table in enumerate(entries, start=1)
    ]
    check_unique(THEMES_FILE, "theme", [theme.name.casefold() for theme in themes])
    check_unique(THEMES_FILE, "theme with the web address name", [theme.id for theme in themes])
    return tuple(themes)


def _read_theme(entry: Table, standard_numbers) -> Theme:
    name = entry.text("name")
    numbers = entry.values.get("standards")
    if numbers is None:
        entry.fail("'standards' is missing: it should be a list of standard numbers, such as [3] or [3, 4]")
    if (
        not isinstance(numbers, list)
        or not numbers
        or not all(isinstance(number, int) and not isinstance(number, bool) for number in numbers)
    ):
        entry.fail(f"'standards' should be a list of standard numbers, such as [3] or [3, 4], not {numbers!r}")
    known = set(standard_numbers)
    for number in numbers:
        if number not in known:
            entry.fail(f"standard {number} is not one of the bank's standards ({number_list(known)})")
    if len(set(numbers)) < len(numbers):
        entry.fail("a standard is listed twice in 'standards'")
    words = entry.texts("words")
    phrases = []
    for word in words:
        found = stems(word)
        if not found:
            entry.fail(f"'words' has {word!r}, which has no letters or digits to match")
        phrases.append(found)
    return Theme(theme_id(name), name, tuple(numbers), tuple(word.strip() for word in words), tuple(phrases))
