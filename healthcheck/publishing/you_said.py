"""The published summary's "You said, we did", in words written for the public.

"You said" comes from what practitioners said: a comment theme of the release with its
count, or a sentence the principal social worker writes. "We did" is the action in a
public wording. The findings recorded with an action (often worked out from workforce
figures and step scores) are for the steering group and never go public. An action is
left out until the PSW includes it: its plan wording names owners and internal detail,
and a public page should carry only words someone chose to make public.
"""

from __future__ import annotations

from healthcheck.actions.plan import REFERENCE
from healthcheck.problems import Problem

SAID_LIMIT = 1000
WORDING_LIMIT = 2000
OWN_WORDS = "own"


def themes_to_choose(view: dict | None) -> list[dict]:
    """The release's comment themes a "You said" can quote (not the catch-all "other"),
    most often raised first; none for a release made before themes were kept."""
    return [theme for theme in ((view or {}).get("themes") or []) if theme.get("kind") == "theme"]


def check_public_wording(values: dict, themes: list[dict]) -> dict:
    """The action's public fields checked; raise Problem at the first problem."""
    include = values.get("in_summary") in (True, 1, "1", "yes")
    theme = str(values.get("said") or "").strip()
    said = str(values.get("public_said") or "").strip()
    wording = str(values.get("public_wording") or "").strip()
    example = str(values.get("public_example") or "").strip()
    if theme and theme != OWN_WORDS and theme not in {choice["id"] for choice in themes}:
        raise Problem("Choose a theme from the list, or write what staff said in your own words", "said")
    if len(said) > SAID_LIMIT:
        raise Problem(f"What staff said must be {SAID_LIMIT:,} characters or fewer", "public_said")
    if len(wording) > WORDING_LIMIT:
        raise Problem(f"What we did must be {WORDING_LIMIT:,} characters or fewer", "public_wording")
    if theme == OWN_WORDS or not theme:
        theme = None
    if example:
        chosen = next((choice for choice in themes if choice["id"] == theme), None)
        if chosen is None or example not in (chosen.get("examples") or []):
            raise Problem(
                "Choose a comment from the theme you chose to quote, or no comment",
                "public_example",
            )
    if include:
        if theme is None and not said:
            raise Problem(
                "Choose a theme staff raised, or write what staff said, before including the action"
                if themes
                else "Write what staff said before including the action",
                "public_said" if not themes or values.get("said") == OWN_WORDS else "said",
            )
        if not wording:
            raise Problem("Write what we did, in plain words, before including the action", "public_wording")
    return {
        "in_summary": int(include),
        "public_theme": theme,
        "public_said": said,  # kept with a theme too: shown if a later release lacks the theme
        "public_wording": wording,
        "public_example": example or None,
    }


def save_public_wording(db, action: dict, values: dict, themes: list[dict]) -> dict:
    """Include or leave out an action, with what staff said and what we did in public words."""
    row = check_public_wording(values, themes)
    db["actions"].update(action["id"], row)
    return db["actions"].get(action["id"])


def _order(action: dict):
    match = REFERENCE.match(action["reference"])
    return (action["standard"], int(match.group(1)) if match else 0, action["reference"])


def said_for(action: dict, themes: list[dict]) -> dict:
    """What a row's "You said" shows: {"theme": name, "count": n, "example": a comment the
    PSW chose to quote, if it is still one of the theme's} for a theme of the release, else
    {"text": the PSW's sentence} (empty if the theme is no longer there)."""
    by_id = {theme["id"]: theme for theme in themes}
    theme = by_id.get(action.get("public_theme") or "")
    if theme is not None:
        example = action.get("public_example")
        return {
            "theme": theme["name"],
            "count": theme["count"],
            "example": example if example in (theme.get("examples") or []) else None,
        }
    return {"text": action.get("public_said") or ""}


def summary_rows(actions: list[dict], view: dict | None) -> list[dict]:
    """The included actions in the order of the standards, each with what staff said."""
    themes = themes_to_choose(view)
    return [
        {**action, "said": said_for(action, themes)}
        for action in sorted((action for action in actions if action.get("in_summary")), key=_order)
    ]


def plan_for_publishing(actions: list[dict], view: dict | None) -> list[dict]:
    """Every action, in the order of the standards, with what its row would say."""
    themes = themes_to_choose(view)
    return [{**action, "said": said_for(action, themes)} for action in sorted(actions, key=_order)]
