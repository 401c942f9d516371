"""Trends across cycles: each standard's and each step's score in every cycle up to this one,
and the actions completed in between, so the steering group can see whether what they did
moved the score. Every score comes from each cycle's disclosable view of results."""

from __future__ import annotations

from collections import Counter

from healthcheck import cycles as cycle_records
from healthcheck.actions import plan as actions
from healthcheck.results import compute as results
from healthcheck.results import report_scores


def trend_cycles(db, cycle: dict) -> list[dict]:
    """The cycles whose results are released (or were recorded from an earlier report), from
    the first up to this one, oldest first."""
    rows = list(
        db.query(
            "select * from cycles where id = :id or ((released_on is not null "
            "or id in (select cycle_id from report_summaries)) and opens_on <= :opens) "
            "order by opens_on, id",
            {"id": cycle["id"], "opens": cycle["opens_on"]},
        )
    )
    # A later cycle that opened the same day is not part of this cycle's history.
    position = next(index for index, row in enumerate(rows) if row["id"] == cycle["id"])
    return rows[: position + 1]


def _labels(cycles: list[dict]) -> list[str]:
    """Short names for a chart's axis: the capture year, unless two cycles share one."""
    years = [(cycle.get("capture_date") or "")[:4] for cycle in cycles]
    counts = Counter(years)
    return [year if year and counts[year] == 1 else cycle["name"] for year, cycle in zip(years, cycles)]


def _point(cycle: dict, label: str, entry: dict | None) -> dict:
    return {
        "slug": cycle["slug"],
        "name": cycle["name"],
        "label": label,
        "score": entry["score"] if entry else None,
        "band": entry["band"] if entry else None,
        "from_report": cycle.get("from_report"),
    }


def _view(db, cycle: dict) -> dict:
    """A cycle's disclosable results, or its scores entered from an earlier report."""
    report = report_scores.report_for(db, cycle)
    if report is not None:
        cycle["from_report"] = report["source"]
        return report_scores.report_view(cycle, report, cycle_records.cycle_bank(cycle))
    return results.results_for(db, cycle)


def _change(points: list[dict]) -> int | None:
    if len(points) < 2 or points[-1]["score"] is None or points[-2]["score"] is None:
        return None
    return points[-1]["score"] - points[-2]["score"]


def trends_for(db, cycle: dict) -> dict:
    """{"cycles", "enough", "standards": [{number, title, points, change, steps: [...]}], "completed"}.

    Standards and steps are matched across cycles by number (a supplementary group
    by its key, like "S7"); titles are this cycle's. A point's score is None where
    that cycle showed no score.
    """
    history = trend_cycles(db, cycle)
    labels = _labels(history)
    views = [_view(db, each) for each in history]
    standards = []
    for standard in views[-1]["standards"]:
        found = [next((s for s in view["standards"] if s["number"] == standard["number"]), None) for view in views]
        points = [_point(each, label, entry) for each, label, entry in zip(history, labels, found)]
        steps = []
        for step in standard["steps"]:
            step_points = [
                _point(
                    each, label, next((s for s in entry["steps"] if s["key"] == step["key"]), None) if entry else None
                )
                for each, label, entry in zip(history, labels, found)
            ]
            steps.append(
                {
                    "key": step["key"],
                    "number": step["number"],
                    "supplementary": step["supplementary"],
                    "title": step["title"],
                    "points": step_points,
                    "change": _change(step_points),
                }
            )
        standards.append(
            {
                "number": standard["number"],
                "title": standard["title"],
                "points": points,
                "change": _change(points),
                "steps": steps,
            }
        )
    return {
        "cycles": [{**each, "label": label} for each, label in zip(history, labels)],
        "enough": len(history) >= 2,
        "bands": views[-1]["bands"],
        "standards": standards,
        "completed": completed_between(db, history),
    }


def completed_between(db, history: list[dict]) -> list[dict]:
    """For each cycle and the next: the actions of the earlier cycle's plan now marked Complete.

    Those are what was done in answer to one cycle's results before the next
    cycle measured again.
    """
    periods = []
    for earlier, later in zip(history, history[1:]):
        done = actions.list_actions(db, earlier["id"], status=actions.FINISHED[0])
        periods.append({"from": earlier, "to": later, "actions": done})
    return periods


def for_standard(trends: dict, number: int) -> dict | None:
    """One standard's trend with only its own completed actions."""
    standard = next((s for s in trends["standards"] if s["number"] == number), None)
    if standard is None:
        return None
    periods = [
        {**period, "actions": [a for a in period["actions"] if a["standard"] == number]}
        for period in trends["completed"]
    ]
    return {**standard, "completed": periods}
