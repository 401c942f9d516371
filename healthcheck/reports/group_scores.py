"""The scores by group as CSV: the whole organisation, then every shown team, service area and
role group, with each standard's score, band and 95 % interval. Only groups the release
shows; a group below the reporting threshold has no row. No cell can become a formula."""

from __future__ import annotations

import csv
import io

from healthcheck.formatting import csv_text
from healthcheck.reports.pack import BREAKDOWN_NAMES, CommitteePack
from healthcheck.reports.wording import clean

CSV = "text/csv"


def csv_filename(cycle: dict) -> str:
    return f"{cycle['slug']}-scores-by-group.csv"


def inert_cell(value) -> str | int | float:
    """A CSV cell no spreadsheet evaluates (formatting.csv_text); numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    return csv_text(clean(value))


def scores_csv(pack: CommitteePack) -> bytes:
    numbers = [standard["number"] for standard in pack.standards]
    header = ["Breakdown", "Group", "Responses", "Response rate (%)"]
    for number in numbers:
        header += [f"S{number} score", f"S{number} band", f"S{number} 95% low", f"S{number} 95% high"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    view = pack.view
    whole = [
        "Whole organisation",
        pack.organisation or "Whole organisation",
        view["respondents"],
        view["response_rate"],
    ]
    writer.writerow([inert_cell(value) for value in whole] + _cells(pack.standards))
    for by, name in BREAKDOWN_NAMES.items():
        for row in pack.shown_groups(by):
            writer.writerow(
                [inert_cell(value) for value in (name, row["name"], row["respondents"], row["response_rate"])]
                + _cells(row["standards"])
            )
    # utf-8-sig so Excel opens names with accents correctly.
    return out.getvalue().encode("utf-8-sig")


def _cells(entries: list[dict]) -> list:
    cells = []
    for entry in entries:
        interval = entry.get("interval") or {}
        cells += [
            inert_cell(entry["score"]),
            inert_cell(entry["band"]),
            inert_cell(interval.get("low")),
            inert_cell(interval.get("high")),
        ]
    return cells
