"""Comment themes: which comments each theme of the bank catches (by stemmed words and
phrases), the other topics of the rest, and what a steering group reads of each.

Worked out once, when results are released, and kept in the release under "themes"
(results.compute); a release made before themes existed gets them when it is read. A count
by group is kept only for groups at or above the comment threshold, the groups a comment may
name; the others are never counted by group."""

from __future__ import annotations

from healthcheck.bank_validation import BankError
from healthcheck.comments.theme_bank import Theme, theme_id
from healthcheck.comments.topics import other_topics
from healthcheck.comments.words import Matcher, stems
from healthcheck.questions import QuestionBank, load_bank

EXAMPLES = 3
# Examples closest to this length read best: long enough to say something, short enough to scan.
EXAMPLE_LENGTH = 140
THEME, OTHER = "theme", "other"


def bank_themes(bank: QuestionBank) -> tuple[tuple[Theme, ...], str | None]:
    """The themes to group a cycle's comments by, and whose they are: the cycle's frozen bank
    ("cycle"), or for a bank frozen before themes existed the current bank's ("current")."""
    if bank.themes is not None:
        return bank.themes, "cycle"
    try:
        current = load_bank().themes
    except BankError:
        return (), None
    return (current, "current") if current else ((), None)


def standard_of(bank: QuestionBank, about) -> int | None:
    """A comment is about a standard (its free-text box) or one of the bank's text questions."""
    if isinstance(about, int):
        return about
    try:
        return bank.item(about).standard
    except KeyError:
        return None


def add_themes(results: dict, bank: QuestionBank) -> None:
    """Group the release's comments: each comment gets the ids of its themes, and the
    release gets "themes" (ordered by count, then name) and "themes_about"."""
    themes, source = bank_themes(bank)
    comments = results.get("comments") or []
    labelled = _labelled_groups(results)
    matcher = Matcher([(theme.id, phrase) for theme in themes for phrase in theme.phrases])
    found = [matcher.keys_in(stems(comment["text"])) for comment in comments]
    unthemed = [index for index, ids in enumerate(found) if not ids]
    kinds = {theme.id: (THEME, theme.name, theme.standards[0]) for theme in themes}
    for topic in other_topics([comments[index]["text"] for index in unthemed]):
        key = _unique(f"topic-{theme_id(topic.name)}", kinds)
        kinds[key] = (OTHER, topic.name, None)
        for member in topic.members:
            found[unthemed[member]].add(key)
    standards = [standard_of(bank, comment["about"]) for comment in comments]
    entries = []
    for key, (kind, name, main) in kinds.items():
        members = [index for index, ids in enumerate(found) if key in ids]
        if members:
            entries.append(_entry(key, kind, name, main, members, comments, standards, labelled))
    entries.sort(key=lambda entry: (-entry["count"], entry["name"].casefold()))
    order = {entry["id"]: position for position, entry in enumerate(entries)}
    for comment, ids in zip(comments, found):
        comment["themes"] = sorted(ids, key=order.__getitem__)
    results["themes"] = entries
    results["themes_about"] = {
        "from": source,
        "comments": len(comments),
        "not_grouped": sum(1 for ids in found if not ids),
    }


def _entry(key, kind, name, main, members, comments, standards, labelled) -> dict:
    touched = sorted({standards[index] for index in members if standards[index] is not None})
    by_standard: dict[str, int] = {}
    by_group: dict[str, int] = {}
    for index in members:
        if standards[index] is not None:
            by_standard[str(standards[index])] = by_standard.get(str(standards[index]), 0) + 1
        group = labelled.get(comments[index]["unit"])
        if group is not None:
            by_group[group] = by_group.get(group, 0) + 1
    if main is None and by_standard:  # an other topic's main standard is where most of it is
        main = int(min(by_standard, key=lambda number: (-by_standard[number], int(number))))
    return {
        "id": key,
        "name": name,
        "kind": kind,
        "standards": touched,
        "main_standard": main,
        "count": len(members),
        "share": round(len(members) / len(comments), 4),
        "examples": examples([comments[index]["text"] for index in members]),
        "by_group": dict(sorted(by_group.items())),
        "by_standard": by_standard,
    }


def examples(texts: list[str], wanted: int = EXAMPLES) -> list[str]:
    """Up to `wanted` different comments, those nearest a readable length first (then by their words)."""
    distinct = sorted(set(texts), key=lambda text: (abs(len(text) - EXAMPLE_LENGTH), text.casefold(), text))
    return distinct[:wanted]


def _labelled_groups(results: dict) -> dict:
    """Unit key -> name, for the groups a comment may name (at or above the comment threshold)."""
    threshold = results.get("comment_threshold", results["reporting_threshold"])
    return {unit["key"]: unit["name"] for unit in results["plan"]["teams"]["units"] if unit["respondents"] >= threshold}


def _unique(key: str, taken) -> str:
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    return candidate


def disclosable_themes(results: dict) -> list[dict]:
    """The release's themes as pages may show them: counts by group only for groups at or
    above the comment threshold, and only examples still among the release's comments (a
    comment removed since, by review or retention, is never shown through a theme)."""
    labelled = set(_labelled_groups(results).values())
    kept = {comment["text"] for comment in results.get("comments") or []}
    return [
        {
            **theme,
            "examples": [text for text in theme["examples"] if text in kept],
            "by_group": {group: count for group, count in theme["by_group"].items() if group in labelled},
        }
        for theme in results.get("themes") or []
    ]


def action_finding(theme: dict) -> str:
    """The finding an action drafted from a theme starts with."""
    count = f"{theme['count']} {'comment' if theme['count'] == 1 else 'comments'}"
    numbers = [str(number) for number in theme["standards"]]
    if not numbers:
        return f"{theme['name']}: {count}"
    if len(numbers) == 1:
        return f"{theme['name']}: {count} under standard {numbers[0]}"
    return f"{theme['name']}: {count} across standards {', '.join(numbers[:-1])} and {numbers[-1]}"
