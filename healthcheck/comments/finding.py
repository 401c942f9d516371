"""Finding comments in a release's disclosable view: by standard, theme and shown group, and
by words in any form (stemmed: "caseload" finds "caseloads"), a page at a time."""

from __future__ import annotations

import dataclasses
import math

from healthcheck.comments.themes import examples
from healthcheck.comments.words import contains_all, stems

PAGE_SIZE = 50
LONGEST_SEARCH = 100


@dataclasses.dataclass(frozen=True)
class CommentFilters:
    standard: int | None = None
    theme: str | None = None
    group: str | None = None
    words: str = ""

    @property
    def any(self) -> bool:
        return bool(self.standard or self.theme or self.group or self.words)

    def query(self, **changes) -> dict:
        """The filters as the page's address carries them (for links to other pages of matches)."""
        values = {"standard": self.standard, "theme": self.theme, "group": self.group, "q": self.words, **changes}
        return {key: value for key, value in values.items() if value}


def all_comments(view: dict) -> list[dict]:
    """Every comment the view shows, by standard, each carrying its standard's number."""
    return [
        {**comment, "standard": standard["number"]}
        for standard in view["standards"]
        for comment in view["comments"].get(standard["number"], [])
    ]


def shown_groups(view: dict) -> list[str]:
    """The groups comments are labelled with: only groups at or above the comment threshold."""
    return sorted({comment["group"] for comment in all_comments(view) if comment["group"]}, key=str.casefold)


def read_filters(args, view: dict) -> tuple[CommentFilters, dict[str, str]]:
    """The filters from the page's address, and an error (by field) for any that is not one of
    the page's own choices; a filter in error is left out."""
    errors = {}
    standard = (args.get("standard") or "").strip()
    numbers = {str(entry["number"]): entry["number"] for entry in view["standards"]}
    if standard and standard not in numbers:
        errors["standard"] = "Choose a standard from the list"
    theme = (args.get("theme") or "").strip()
    if theme and theme not in {entry["id"] for entry in view.get("themes") or []}:
        errors["theme"] = "Choose a theme from the list"
    group = (args.get("group") or "").strip()
    if group and group not in shown_groups(view):
        errors["group"] = "Choose a group from the list"
    words = " ".join((args.get("q") or "").split())
    if len(words) > LONGEST_SEARCH:
        errors["q"] = f"Search for {LONGEST_SEARCH} characters or fewer"
    elif words and not stems(words):
        errors["q"] = "Enter a word to search for, using letters or numbers"
    return (
        CommentFilters(
            standard=numbers.get(standard) if "standard" not in errors else None,
            theme=theme if theme and "theme" not in errors else None,
            group=group if group and "group" not in errors else None,
            words=words if "q" not in errors else "",
        ),
        errors,
    )


def matching(comments: list[dict], filters: CommentFilters) -> list[dict]:
    wanted = stems(filters.words) if filters.words else ()
    return [
        comment
        for comment in comments
        if (filters.standard is None or comment["standard"] == filters.standard)
        and (filters.theme is None or filters.theme in comment["themes"])
        and (filters.group is None or comment["group"] == filters.group)
        and (not wanted or contains_all(stems(comment["text"]), wanted))
    ]


def page_of(matches: list, number: int, size: int = PAGE_SIZE) -> tuple[list, int, int]:
    """The comments on page `number` (kept within the pages there are), that page and the count of pages."""
    pages = max(1, math.ceil(len(matches) / size))
    number = min(max(1, number), pages)
    return matches[(number - 1) * size : number * size], number, pages


def page_number(value) -> int:
    try:
        return int(value or 1)
    except ValueError:
        return 1


def standard_themes(view: dict, examples_wanted: int = 2) -> dict[int, list[dict]]:
    """Each standard's themes: how many of its comments each catches, their share of the
    standard's comments and examples from that standard, largest first."""
    names = {theme["id"]: theme for theme in view.get("themes") or []}
    found: dict[int, list[dict]] = {}
    for standard in view["standards"]:
        comments = view["comments"].get(standard["number"], [])
        members: dict[str, list[str]] = {}
        for comment in comments:
            for key in comment["themes"]:
                members.setdefault(key, []).append(comment["text"])
        found[standard["number"]] = sorted(
            (
                {
                    "id": key,
                    "name": names[key]["name"],
                    "kind": names[key]["kind"],
                    "count": len(texts),
                    "share": len(texts) / len(comments),
                    "examples": examples(texts, examples_wanted),
                }
                for key, texts in members.items()
                if key in names
            ),
            key=lambda entry: (-entry["count"], entry["name"].casefold()),
        )
    return found


def comment_rows(view: dict) -> list[tuple]:
    """The export's rows: standard, its title, the question answered (if any), themes, group
    (only a group at or above the comment threshold) and the comment's reviewed text."""
    names = {theme["id"]: theme["name"] for theme in view.get("themes") or []}
    titles = {standard["number"]: standard["title"] for standard in view["standards"]}
    return [
        (
            comment["standard"],
            titles[comment["standard"]],
            comment["question"] or "",
            "; ".join(names[key] for key in comment["themes"] if key in names),
            comment["group"] or "",
            comment["text"],
        )
        for comment in all_comments(view)
    ]
