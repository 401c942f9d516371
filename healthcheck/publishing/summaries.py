"""Published summaries: what a closed cycle found and what is being done about it ("you
said, we did"), released by the principal social worker under a long unguessable link
and withdrawn when it should no longer be seen. Every figure comes from the disclosable
view of the results, so the reporting threshold holds on the published page too."""

from __future__ import annotations

import datetime
import secrets

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.problems import Problem
from healthcheck.publishing.prose import render_prose
from healthcheck.publishing.you_said import summary_rows
from healthcheck.results import compute as results

THEMES_LIMIT = 5000


def new_token() -> str:
    """43 characters from 256 random bits: a link nobody can guess."""
    return secrets.token_urlsafe(32)


def live_publication(db, cycle_id: int) -> dict | None:
    """The cycle's released summary that has not been withdrawn, if any."""
    rows = list(
        db["publications"].rows_where("cycle_id = ? and withdrawn = 0", [cycle_id], order_by="id desc", limit=1)
    )
    return rows[0] if rows else None


def latest_publication(db, cycle_id: int) -> dict | None:
    """The cycle's most recent release, live or withdrawn."""
    rows = list(db["publications"].rows_where("cycle_id = ?", [cycle_id], order_by="id desc", limit=1))
    return rows[0] if rows else None


def publication_by_token(db, token: str) -> dict | None:
    if not token or len(token) > 100:
        return None
    rows = list(db["publications"].rows_where("token = ?", [token]))
    return rows[0] if rows else None


def _themes(text) -> str:
    text = str(text or "").strip()
    if not text:
        raise Problem("Enter the main themes, in plain words", "themes")
    if len(text) > THEMES_LIMIT:
        raise Problem(f"The main themes must be {THEMES_LIMIT:,} characters or fewer", "themes")
    return text


def draft_themes(db, cycle: dict) -> str:
    """The main themes as the PSW last wrote them, published or not."""
    if cycle.get("summary_themes"):
        return cycle["summary_themes"]
    latest = latest_publication(db, cycle["id"])
    return latest["themes"] if latest else ""


def save_draft_themes(db, cycle: dict, themes: str) -> dict:
    """Keep the main themes to preview before they are published; the published page keeps
    its own until the PSW publishes again."""
    themes = _themes(themes)
    if not cycles.is_released(cycle):
        raise Problem("You can publish a summary once the results are released", "themes")
    db["cycles"].update(cycle["id"], {"summary_themes": themes})
    return db["cycles"].get(cycle["id"])


def has_unpublished_changes(db, cycle: dict) -> bool:
    live = live_publication(db, cycle["id"])
    return live is None or draft_themes(db, cycle) != live["themes"]


def publish_draft(db, cycle: dict, author: str, today: datetime.date | None = None) -> tuple[dict, bool]:
    """Publish the main themes the PSW previewed (see save_publication)."""
    return save_publication(db, cycle, draft_themes(db, cycle), author, today)


def save_publication(
    db, cycle: dict, themes: str, author: str, today: datetime.date | None = None
) -> tuple[dict, bool]:
    """Release the cycle's summary with these themes, or change the themes of the live one.

    Returns (publication, released): released is True when a new link was made.
    Only a cycle whose results are released can be published: until then there are no results.
    """
    themes = _themes(themes)
    if not cycles.is_released(cycle):
        raise Problem("You can publish a summary once the results are released", "themes")
    with db.atomic():
        db["cycles"].update(cycle["id"], {"summary_themes": themes})
        live = live_publication(db, cycle["id"])
        if live:
            db["publications"].update(live["id"], {"themes": themes})
            return db["publications"].get(live["id"]), False
        publication_id = (
            db["publications"]
            .insert(
                {
                    "cycle_id": cycle["id"],
                    "token": new_token(),
                    "themes": themes,
                    "released_on": (today or datetime.date.today()).isoformat(),
                    "released_by": author,
                    "withdrawn": 0,
                }
            )
            .last_pk
        )
    return db["publications"].get(publication_id), True


def withdraw(db, cycle: dict, author: str, today: datetime.date | None = None) -> dict:
    """Withdraw the live summary: its link then says it is no longer published."""
    live = live_publication(db, cycle["id"])
    if live is None:
        raise Problem("There is no published summary to withdraw", "themes")
    db["publications"].update(
        live["id"],
        {
            "withdrawn": 1,
            "withdrawn_on": (today or datetime.date.today()).isoformat(),
            "withdrawn_by": author,
        },
    )
    return db["publications"].get(live["id"])


def summary_for(db, cycle: dict, publication: dict | None = None, draft: bool = False) -> dict:
    """Everything the published page shows, from the disclosable view and the action plan:
    the published themes, or with draft the ones the PSW is previewing."""
    view = results.results_for(db, cycle)
    titles = {standard["number"]: standard["title"] for standard in view["standards"]}
    themes = draft_themes(db, cycle) if draft else (publication["themes"] if publication else None)
    return {
        "organisation": cycles.organisation_name(db),
        "cycle": cycle,
        "publication": publication,
        "themes": themes,
        "themes_html": render_prose(themes) if themes else None,
        "view": view,
        "actions": [
            {**action, "standard_title": titles.get(action["standard"], "")}
            for action in summary_rows(plan_with_outcomes(db, cycle), view)
        ],
    }


def plan_with_outcomes(db, cycle: dict) -> list[dict]:
    """The cycle's actions, each with the status it has now.

    An unfinished action carried into a later cycle's plan lives on there, so its
    status is read from its latest copy, with the name of the plan it continues in.
    """
    planned = actions.list_actions(db, cycle["id"])
    later = {}
    for row in db.query(
        "select actions.id, actions.carried_from, actions.status, cycles.name as cycle_name "
        "from actions join cycles on cycles.id = actions.cycle_id where actions.carried_from is not null"
    ):
        later[row["carried_from"]] = row
    outcomes = []
    for action in planned:
        status, continued_in, current = action["status"], None, action["id"]
        while current in later:
            copy = later[current]
            status, continued_in, current = copy["status"], copy["cycle_name"], copy["id"]
        outcomes.append({**action, "current_status": status, "continued_in": continued_in})
    return outcomes
