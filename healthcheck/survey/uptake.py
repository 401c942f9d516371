"""How many people have answered, per team, against eligible headcount, without giving away
any group smaller than the reporting threshold.

A team with fewer responses than the threshold shows "fewer than k" and no rate. If
hiding it alone would let the total minus the other rows reveal it, the next smallest
row is hidden as well. Unsent drafts are never counted.
"""

from dataclasses import dataclass

from healthcheck import cycles

NO_TEAM = "Team not given"


@dataclass
class UptakeRow:
    name: str
    headcount: int | None
    count: int | None  # None when hidden
    rate: float | None  # per cent of headcount; None when hidden or no headcount

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class Uptake:
    rows: list[UptakeRow]
    total: UptakeRow
    threshold: int


def _rate(count: int, headcount: int | None) -> float | None:
    return round(100 * count / headcount, 1) if headcount else None


def response_uptake(db, cycle: dict) -> Uptake:
    threshold = cycle["reporting_threshold"]
    counts = dict(
        db.execute(
            "select team_id, count(*) from responses where cycle_id = ? group by team_id", [cycle["id"]]
        ).fetchall()
    )
    groups = [
        (team["name"], team["headcount"], counts.get(team["id"], 0)) for team in cycles.teams_for(db, cycle["id"])
    ]
    if counts.get(None):
        groups.append((NO_TEAM, None, counts[None]))
    total_count = sum(count for _, _, count in groups)
    total_headcount = sum(team_headcount or 0 for _, team_headcount, _ in groups)
    total_shown = total_count >= threshold
    hidden = {index for index, (_, _, count) in enumerate(groups) if count < threshold}
    if total_shown and len(hidden) == 1 and len(groups) > 1:
        # One hidden row could be worked out as the total minus the others: hide another.
        shown = [index for index in range(len(groups)) if index not in hidden]
        hidden.add(min(shown, key=lambda index: groups[index][2]))
    rows = [
        UptakeRow(name, headcount, None, None)
        if index in hidden
        else UptakeRow(name, headcount, count, _rate(count, headcount))
        for index, (name, headcount, count) in enumerate(groups)
    ]
    total = UptakeRow(
        "All teams",
        total_headcount,
        total_count if total_shown else None,
        _rate(total_count, total_headcount) if total_shown else None,
    )
    return Uptake(rows=rows, total=total, threshold=threshold)
