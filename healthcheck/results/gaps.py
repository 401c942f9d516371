"""The gap report: the steps where the organisation's own view and practitioners' scores
disagree most, ranked, read from the disclosable view of the results."""

from __future__ import annotations

from healthcheck.results import compute as results


def gaps_for(db, cycle: dict) -> dict:
    """The cycle's disclosable results ("view") with its gap report."""
    view = results.results_for(db, cycle)
    return {"view": view, **gap_report(view)}


def gap_report(view: dict) -> dict:
    """{"ranked": steps with both views, largest disagreement first; "not_compared": the rest}.

    Steps that both the organisation and practitioners answer are compared once the
    organisation has answered and practitioners' answers reach the reporting threshold. difference = the organisation's score
    minus practitioners' score: above zero, the organisation sees it more kindly.
    """
    ranked, not_compared = [], []
    for standard in view["standards"]:
        for step in standard["steps"]:
            if not step["organisation"] or not step["items"]:
                continue  # answered from one side only: nothing to compare
            answered = [entry for entry in step["organisation"] if entry["label"]]
            entry = {
                "standard": standard["number"],
                "standard_title": standard["title"],
                "key": step["key"],
                "number": step["number"],
                "title": step["title"],
                "organisation": answered[0] if answered else None,
                "practitioners": step["parts"]["practitioner"],
                "practitioner_band": None,
                "difference": None,
                "sentence": step["gap"],
            }
            if answered and entry["practitioners"] is not None:
                entry["difference"] = answered[0]["score"] - entry["practitioners"]
                entry["practitioner_band"] = _band(view, entry["practitioners"])
                ranked.append(entry)
            else:
                not_compared.append(entry)
    ranked.sort(key=lambda entry: (-abs(entry["difference"]), entry["number"] or 0))
    for rank, entry in enumerate(ranked, start=1):
        entry["rank"] = rank
    return {"ranked": ranked, "not_compared": not_compared}


def _band(view: dict, score: int) -> str | None:
    return next((band["name"] for band in view["bands"] if band["min"] <= score <= band["max"]), None)
