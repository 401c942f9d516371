"""Words of a comment as English stems, so "caseloads" finds "caseload", and phrases as
runs of stems. Pure Python (snowballstemmer): no text leaves the server."""

from __future__ import annotations

import re

import snowballstemmer

# A word is letters or digits, with an apostrophe inside it ("manager's", "don't").
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

_stemmer = snowballstemmer.stemmer("english")
_stems: dict[str, str] = {}
STEMS_KEPT = 100_000


def stem(word: str) -> str:
    found = _stems.get(word)
    if found is None:
        found = _stemmer.stemWord(word)
        if len(_stems) < STEMS_KEPT:
            _stems[word] = found
    return found


def stems(text: str) -> tuple[str, ...]:
    """The text's words, in order, each as its English stem."""
    return tuple(stem(word) for word in WORD.findall(text.casefold().translate(APOSTROPHES)))


class Matcher:
    """Finds which of many phrases (each a run of stems) a text contains.

    Phrases are indexed by their first stem, so a comment is read once whatever the number
    of phrases."""

    def __init__(self, phrases: dict[str, tuple[str, ...]] | list[tuple[str, tuple[str, ...]]]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, phrase in phrases.items() if isinstance(phrases, dict) else phrases:
            if phrase:
                self._by_first.setdefault(phrase[0], []).append((phrase, key))

    def keys_in(self, words: tuple[str, ...]) -> set[str]:
        found = set()
        for position, word in enumerate(words):
            for phrase, key in self._by_first.get(word, ()):
                if key not in found and words[position : position + len(phrase)] == phrase:
                    found.add(key)
        return found


def contains_all(words: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """Every stem of `wanted` is among `words` (a search for "caseload duty")."""
    present = set(words)
    return all(word in present for word in wanted)
