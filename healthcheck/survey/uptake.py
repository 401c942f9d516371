"""How many people have answered, per team, against eligible headcount, without giving away
any group smaller than the reporting threshold.

A team with fewer responses than the threshold shows "fewer than k" and no rate. The
hidden rows together always hold at least k responses (the results' own rule,
disclosure.fold: the smallest shown rows join them until they do), so the total minus the
shown rows never gives one team's count, or a count below k. Before anyone has answered,
every row says "none yet". Unsent drafts are never counted.
"""

from dataclasses import dataclass

from healthcheck import cycles
from healthcheck.results import disclosure

NO_TEAM = "Team not given"


@dataclass
class UptakeRow:
    name: str
    headcount: int | None
    count: int | None  # None when hidden
    rate: float | None  # per cent of headcount; None when hidden or no headcount
    note: str = ""  # what a hidden row says instead of its count

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
    _, pool = disclosure.fold(
        [{"key": f"{index:06d}", "respondents": count} for index, (_, _, count) in enumerate(groups)], threshold
    )
    hidden = {int(group["key"]) for group in pool}
    fewer = f"fewer than {threshold}"

    def note(count: int) -> str:
        if total_count == 0:
            return "none yet"
        # A row hidden only to protect smaller ones has k or more: "fewer than k" would be untrue.
        return fewer if count < threshold else "not shown, to protect a smaller team"

    rows = [
        UptakeRow(name, headcount, None, None, note(count))
        if index in hidden
        else UptakeRow(name, headcount, count, _rate(count, headcount))
        for index, (name, headcount, count) in enumerate(groups)
    ]
    total = UptakeRow(
        "All teams",
        total_headcount,
        total_count if total_shown else None,
        _rate(total_count, total_headcount) if total_shown else None,
        "" if total_shown else ("none yet" if total_count == 0 else fewer),
    )
    return Uptake(rows=rows, total=total, threshold=threshold)
