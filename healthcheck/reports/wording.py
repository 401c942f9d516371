"""A figure of the pack in words, the same words the results pages use: a score with its
band, its 95 % interval, the change since last cycle with its verdict, whose view it rests on."""

from __future__ import annotations

import re

from healthcheck.formatting import DIRECTION_CONTROLS

# Short enough for a table column; each document says once that "own view" is the
# organisation's view of itself.
PART_NAMES = {"practitioner": "Practitioners", "organisation": "Own view", "workforce": "Workforce figures"}


def score_text(entry: dict) -> str:
    if entry.get("score") is None:
        return "No score"
    return f"{entry['score']} ({entry['band']})"


def interval_text(entry: dict) -> str:
    interval = entry.get("interval")
    if interval:
        return f"{interval['low']} to {interval['high']} ({entry['band_range']})"
    return {
        "none": "No sampling error: not from a survey",
        "too few": "Too few answers for an interval",
    }.get(entry.get("sampling"), "None")


def change_text(entry: dict, previous: dict | None) -> str:
    change = entry.get("change")
    if change is None:
        return "No earlier cycle to compare with" if previous is None else "Not available"
    moved = "No change" if change == 0 else (f"Up {change}" if change > 0 else f"Down {-change}")
    verdict = entry.get("change_verdict")
    return f"{moved}: {verdict}" if verdict else moved


def basis_text(entry: dict, noun: str = "step") -> str:
    """Whose view a score rests on, said plainly where it is only the organisation's own."""
    if entry.get("basis") == "organisation":
        return "Own view only"
    parts = [PART_NAMES[part] for part, value in (entry.get("parts") or {}).items() if value is not None]
    said = " + ".join(parts) if parts else "No data"
    own = entry.get("self_assessed_steps")
    if own:
        with_data = entry["coverage"]["with_data"]
        plural = "" if with_data == 1 else "s"
        said += f"; {own} of {with_data} {noun}{plural}: own view only"
    return said


def short_cell(entry: dict) -> str:
    """A heatmap cell: the score and its band in words, or a dash."""
    return "–" if entry.get("score") is None else f"{entry['score']} {entry['band']}"


def respondents_text(view: dict) -> str:
    if view["fewer_than_threshold"]:
        return f"Fewer than {view['reporting_threshold']} people answered, so no practitioner figure is shown."
    rate = (
        f" ({view['response_rate']}% of {view['eligible']} eligible staff)" if view["response_rate"] is not None else ""
    )
    return f"{view['respondents']} practitioners answered{rate}."


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


# Characters an Office document's XML cannot hold; typed text loses them (as in the workbook).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value) -> str:
    """Typed text as a document can hold it: no characters XML refuses, no direction controls."""
    text = "" if value is None else str(value)
    return _NOT_IN_XML.sub("", text).translate(DIRECTION_CONTROLS)
