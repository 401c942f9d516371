"""Like with like: which of a cycle's service areas are children's social work (set beside the
DfE's children's figures) and which are adults' (set beside Skills for Care's), remembered per
cycle. Until the principal social worker says, a guess from the service areas' names is used
and the page says it is a guess."""

from __future__ import annotations

from dataclasses import dataclass

from healthcheck import cycles

CHILDREN, ADULTS, NEITHER = "children", "adults", "neither"
KINDS = {
    CHILDREN: "Children's social work",
    ADULTS: "Adults' social work",
    NEITHER: "Neither: leave out of the benchmarks",
}
# Words in a service area's name that suggest its kind, for the first guess only.
CHILDREN_WORDS = ("child", "famil", "young people", "youth", "fostering", "adoption", "care leavers")
ADULTS_WORDS = ("adult", "mental health", "older people", "hospital")


class ScopeError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Scope:
    kinds: dict[str, str]  # service area -> kind
    chosen: bool  # False while the kinds are a guess from the names
    teams: list[dict]

    def areas(self, kind: str) -> list[str]:
        return [area for area, found in self.kinds.items() if found == kind]

    def team_ids(self, kind: str) -> set[int]:
        return {team["id"] for team in self.teams if self.kinds.get(team["service_area"] or "") == kind}

    def team_names(self, kind: str) -> list[str]:
        return [team["name"] for team in self.teams if self.kinds.get(team["service_area"] or "") == kind]


def guess(service_area: str) -> str:
    name = service_area.casefold()
    if any(word in name for word in CHILDREN_WORDS) and "all-age" not in name and "all age" not in name:
        return CHILDREN
    if any(word in name for word in ADULTS_WORDS):
        return ADULTS
    return NEITHER


def scope_for(db, cycle: dict) -> Scope:
    teams = cycles.teams_for(db, cycle["id"])
    areas = list(dict.fromkeys(team["service_area"] or "" for team in teams))
    saved = {
        row[0]: row[1]
        for row in db.execute(
            "select service_area, kind from benchmark_service_areas where cycle_id = ?", [cycle["id"]]
        ).fetchall()
    }
    kinds = {area: saved.get(area) or guess(area) for area in areas}
    chosen = bool(saved) and all(area in saved for area in areas)
    return Scope(kinds, chosen, teams)


def save_scope(db, cycle: dict, choices: dict[str, str]) -> Scope:
    """Remember the kind of every service area of the cycle; all of them, or nothing."""
    areas = list(dict.fromkeys(team["service_area"] or "" for team in cycles.teams_for(db, cycle["id"])))
    for area in areas:
        if choices.get(area) not in KINDS:
            raise ScopeError(
                area,
                f"Say whether {area or 'teams without a service area'} is children's or adults' social work, or neither",
            )
    unknown = sorted(set(choices) - set(areas))
    if unknown:
        raise ScopeError(unknown[0], f"{unknown[0]} is not a service area of this cycle")
    with db.atomic():
        db.execute("delete from benchmark_service_areas where cycle_id = ?", [cycle["id"]])
        db["benchmark_service_areas"].insert_all(
            [{"cycle_id": cycle["id"], "service_area": area, "kind": choices[area]} for area in areas]
        )
    return scope_for(db, cycle)
