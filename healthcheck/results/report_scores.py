"""A past cycle recorded from an earlier report: its standard scores typed in (from the LGA's
national health check report, say), and optionally its respondents and response rate.

Such a cycle is "summary only": it has no answers, so it gives trends and the change since
the last cycle from the first year, always labelled as entered from a report, and its
scores are never mixed into any item-level figure.
"""

from __future__ import annotations

from healthcheck import cycles
from healthcheck.problems import Problem

SOURCE_LIMIT = 200


def record_report(
    db,
    cycle: dict,
    scores: dict[int, int],
    source: str,
    respondents: int | None = None,
    response_rate: float | None = None,
) -> dict:
    """Store the cycle's scores from a report, replacing any stored before. A draft cycle
    whose dates have passed is closed without its survey opening; a cycle with answers of
    its own is refused, so report and answers never mix. Returns the cycle as it now is."""
    bank = cycles.cycle_bank(cycle) if cycle.get("bank_json") else None
    numbers = {standard.number for standard in bank.standards} if bank else set(range(1, 9))
    problems = {}
    if not scores:
        problems["scores"] = "Give at least one standard's score from the report"
    for number, score in scores.items():
        if number not in numbers:
            problems[f"score_{number}"] = f"There is no standard {number}; the standards are 1 to {max(numbers)}"
        elif not isinstance(score, int) or not 0 <= score <= 100:
            problems[f"score_{number}"] = f"Standard {number}'s score must be a whole number from 0 to 100"
    source = " ".join((source or "").split())
    if not source:
        problems["source"] = "Say which report the scores come from, such as the LGA national health check 2024"
    elif len(source) > SOURCE_LIMIT:
        problems["source"] = f"Name the report in {SOURCE_LIMIT} characters or fewer"
    if respondents is not None and not 0 <= respondents <= 1_000_000:
        problems["respondents"] = "The number of respondents must be from 0 to 1,000,000"
    if response_rate is not None and not 0 <= response_rate <= 100:
        problems["response_rate"] = "The response rate is a percentage from 0 to 100"
    if db.execute("select 1 from responses where cycle_id = ? limit 1", [cycle["id"]]).fetchone():
        problems["cycle"] = (
            f"{cycle['name']} has answers of its own; scores from a report are for a cycle with none, "
            "so the two are never mixed"
        )
    if problems:
        raise Problem.together(problems)
    with db.atomic():
        if cycle["status"] == "draft":
            cycle = cycles.close_without_opening(db, cycle)
        db.execute("delete from report_scores where cycle_id = ?", [cycle["id"]])
        db["report_scores"].insert_all(
            [{"cycle_id": cycle["id"], "standard": number, "score": score} for number, score in sorted(scores.items())]
        )
        db["report_summaries"].upsert(
            {"cycle_id": cycle["id"], "source": source, "respondents": respondents, "response_rate": response_rate},
            pk="cycle_id",
        )
    return cycle


def report_for(db, cycle: dict) -> dict | None:
    """{"source", "respondents", "response_rate", "scores": {standard: score}} if the cycle
    was recorded from a report, else None."""
    summary = db.execute(
        "select source, respondents, response_rate from report_summaries where cycle_id = ?", [cycle["id"]]
    ).fetchone()
    if summary is None:
        return None
    scores = dict(
        db.execute("select standard, score from report_scores where cycle_id = ? order by standard", [cycle["id"]])
    )
    return {"source": summary[0], "respondents": summary[1], "response_rate": summary[2], "scores": scores}


def report_view(cycle: dict, report: dict, bank) -> dict:
    """The report's scores shaped as a results view holds them (no steps, no groups), so the
    change since last cycle and trends read them as they read computed results."""
    standards = []
    for standard in bank.standards:
        score = report["scores"].get(standard.number)
        standards.append(
            {
                "number": standard.number,
                "title": standard.name,
                "score": score,
                "band": bank.band_for(score).name if score is not None else None,
                "steps": [],
            }
        )
    return {"cycle": cycle, "standards": standards, "groups": {}, "from_report": report["source"]}


def version(report: dict | None) -> str:
    """A fingerprint of the report's figures, for the results cache."""
    return repr(report)
