"""What the committee pack says: a cycle's released results as every page reads them (the
disclosable view, `results.results_for`), keeping only the groups that view shows, with the
action plan and, where the organisation has chosen a local authority, the national
benchmarks. The Word report, the slides, the chart images and the CSV are all made from it."""

from __future__ import annotations

import dataclasses
import datetime

from healthcheck import cycles
from healthcheck.actions import plan as action_plan
from healthcheck.results import compute as results

# The breakdowns a pack shows, in the order it shows them, with their names.
BREAKDOWN_NAMES = {"team": "Teams", "service": "Service areas", "role": "Role groups"}


@dataclasses.dataclass(frozen=True)
class CommitteePack:
    cycle: dict
    organisation: str
    view: dict
    actions: list[dict]
    made_on: datetime.date
    benchmarks: object | None = None  # dfe.benchmarks.Benchmarks, when a local authority is chosen

    @property
    def title(self) -> str:
        return f"Social Work Health Check: {self.cycle['name']}"

    @property
    def standards(self) -> list[dict]:
        return self.view["standards"]

    @property
    def bands(self) -> list[dict]:
        return self.view["bands"]

    def standard(self, number: int) -> dict | None:
        return next((standard for standard in self.standards if standard["number"] == number), None)

    def shown_groups(self, by: str) -> list[dict]:
        """The groups of one breakdown that the release shows with figures. A group below the
        reporting threshold is left out altogether (not even its name), and a combined group
        is named without its members, since those include the small teams it protects."""
        return [{**row, "members": []} for row in self.view["groups"][by] if not row["suppressed"]]

    @property
    def themes(self) -> list[dict]:
        """The comment themes kept at release (older releases have none)."""
        return self.view.get("themes") or []

    def comment_count(self, number: int) -> int:
        return len(self.view["comments"].get(number) or [])

    @property
    def comment_total(self) -> int:
        return sum(len(comments) for comments in self.view["comments"].values())

    def indicators(self) -> list[dict]:
        """The whole organisation's workforce indicators, in step order (no team's figures)."""
        found = []
        for standard in self.standards:
            for step in standard["steps"]:
                for indicator in step["indicators"]:
                    found.append({**indicator, "teams": [], "step": step["number"], "standard": standard["number"]})
        return sorted(found, key=lambda indicator: (indicator["step"], indicator["name"]))

    def benchmark_for(self, indicator_id: str):
        if self.benchmarks is None:
            return None
        return next((row for row in self.benchmarks.rows if row.indicator_id == indicator_id), None)


def committee_pack(db, cycle: dict, benchmarks=None, today: datetime.date | None = None) -> CommitteePack:
    """The pack's content for a released cycle; raises results.ResultsNotReleased before release."""
    view = results.results_for(db, cycle)
    return CommitteePack(
        cycle=cycle,
        organisation=cycles.organisation_name(db),
        view=view,
        actions=action_plan.list_actions(db, cycle["id"], today=today),
        made_on=today or datetime.date.today(),
        benchmarks=benchmarks,
    )


def lowest_groups(rows: list[dict], count: int) -> list[dict]:
    """The groups with the lowest mean standard score, lowest first (ties by name)."""

    def mean(row):
        scores = [cell["score"] for cell in row["standards"] if cell["score"] is not None]
        return sum(scores) / len(scores) if scores else 101

    return sorted(rows, key=lambda row: (mean(row), row["name"]))[:count]
