"""Answers counted rather than listed: all that scoring needs to know about a group's
answers, small enough to hold for 100,000 responses and quick to add together.

A Tally holds, for one group of respondents: how many there are; for each item, how
many times each stored value was given (a multiple-choice answer counts once for each
value chosen); and how many respondents answered each combination of items, as bit
masks (an item's bit is set when the respondent gave it an answer other than "don't
know"). A group of teams or of role groups is the sum of their tallies.

The database keeps the same counts up to date as answers are stored (tally_store.py);
`tally_respondents` counts a list of respondents the same way, for tests and for
scoring a handful of answers held in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from healthcheck.questions import DONT_KNOW, QuestionBank
from healthcheck.results.points import answer_score


class Tally:
    """One group's answers counted. A total of several tallies keeps them as its parts and
    adds their counts up only when they are read, since scoring mostly adds up figures
    worked out once per part instead."""

    def __init__(
        self,
        respondents: int = 0,
        counts: dict | None = None,
        coverage: dict | None = None,
        bits: dict[str, int] | None = None,
        parts: tuple[Tally, ...] = (),
    ):
        self.respondents = respondents
        self.bits = {} if bits is None else bits  # item id -> its bit in the masks
        self.parts = parts
        self._counts = counts if counts is not None or parts else {}  # item id -> value -> times given
        self._coverage = coverage if coverage is not None or parts else {}  # answered-items mask -> respondents
        self.memo: dict = {}  # figures worked out from this tally, kept by whoever worked them out

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        if self._counts is None:
            self._counts = {}
            for part in self.parts:
                for item_id, values in part.counts.items():
                    mine = self._counts.setdefault(item_id, {})
                    for value, count in values.items():
                        mine[value] = mine.get(value, 0) + count
        return self._counts

    @property
    def coverage(self) -> dict[int, int]:
        if self._coverage is None:
            self._coverage = {}
            for part in self.parts:
                for mask, count in part.coverage.items():
                    self._coverage[mask] = self._coverage.get(mask, 0) + count
        return self._coverage

    def mask(self, item_ids) -> int:
        """The bits of these items (an item no one answered has none)."""
        mask = 0
        for item_id in item_ids:
            if item_id in self.bits:
                mask |= 1 << self.bits[item_id]
        return mask

    def answered_any(self, item_ids) -> int:
        """How many respondents answered at least one of these items (other than "don't know")."""
        mask = self.mask(item_ids)
        if not mask:
            return 0
        return self._answered(mask)

    def _answered(self, mask: int) -> int:
        """How many answered any item of the mask: a total adds up its parts', each worked out
        once per mask, rather than merging every part's masks."""
        if self.parts and self._coverage is None:
            return sum(part._answered(mask) for part in self.parts)
        key = ("answered", mask)
        found = self.memo.get(key)
        if found is None:
            found = self.respondents - sum(count for answered, count in self.coverage.items() if not answered & mask)
            self.memo[key] = found
        return found


def total(tallies, bits: dict[str, int]) -> Tally:
    """The sum of several tallies of one cycle (one tally is its own total)."""
    parts = tuple(tallies)
    if len(parts) == 1:
        return parts[0]
    return Tally(sum(part.respondents for part in parts), bits=bits, parts=parts)


@dataclass
class CycleTallies:
    """A cycle's tallies per team (None: no team given) and per role group (None: not given)."""

    by_team: dict[int | None, Tally]
    by_role: dict[str | None, Tally]
    bits: dict[str, int]

    def team_counts(self) -> dict[int | None, int]:
        return {team: tally.respondents for team, tally in self.by_team.items() if tally.respondents}

    def role_counts(self) -> dict[str | None, int]:
        return {role: tally.respondents for role, tally in self.by_role.items() if tally.respondents}

    def teams(self, team_ids) -> Tally:
        return total((self.by_team[team] for team in team_ids if team in self.by_team), self.bits)

    def roles(self, roles) -> Tally:
        return total((self.by_role[role] for role in roles if role in self.by_role), self.bits)

    def overall(self) -> Tally:
        # Every respondent has one role group (None included): the few role tallies add up fastest.
        return total(self.by_role.values(), self.bits)


def item_bits(bank: QuestionBank) -> dict[str, int]:
    return {item.id: index for index, item in enumerate(bank.items)}


def answered(bank: QuestionBank, item, value) -> bool:
    """Whether a respondent's answer counts as answering the item: given, and not "don't know".
    A scored item's answer must also have a score (stored answers always do)."""
    if value in (None, "", [], DONT_KNOW):
        return False
    return answer_score(bank, item, value) is not None if item.scored else True


def tally_respondents(bank: QuestionBank, respondents, bits: dict[str, int] | None = None) -> Tally:
    """Count a list of respondents (scoring.Respondent) as the database counts stored answers."""
    bits = item_bits(bank) if bits is None else bits
    items = [item for item in bank.items if item.id in bits]
    tally = Tally(bits=bits)
    for respondent in respondents:
        tally.respondents += 1
        mask = 0
        for item in items:
            value = respondent.answers.get(item.id)
            if value in (None, "", []):
                continue
            values = tally.counts.setdefault(item.id, {})
            for one in value if isinstance(value, list) else [value]:
                values[one] = values.get(one, 0) + 1
            if answered(bank, item, value):
                mask |= 1 << bits[item.id]
        tally.coverage[mask] = tally.coverage.get(mask, 0) + 1
    return tally


def cycle_tallies(bank: QuestionBank, respondents) -> CycleTallies:
    """Per-team and per-role tallies of a list of respondents."""
    bits = item_bits(bank)
    teams: dict = {}
    roles: dict = {}
    for respondent in respondents:
        teams.setdefault(respondent.team_id, []).append(respondent)
        roles.setdefault(respondent.role_group, []).append(respondent)
    return CycleTallies(
        by_team={team: tally_respondents(bank, members, bits) for team, members in teams.items()},
        by_role={role: tally_respondents(bank, members, bits) for role, members in roles.items()},
        bits=bits,
    )


class MissedSets:
    """For many groups of one cycle at once: how many respondents answered none of each set of items.

    Most respondents answer nearly everything, so the items a respondent left out
    are few; the sets they missed entirely are found from those, once per distinct
    mask, and then only added up per group.
    """

    def __init__(self, sets: list[int]):
        self.sets = sets
        everything = 0
        self.containing: dict[int, list[int]] = {}
        for index, bits in enumerate(sets):
            everything |= bits
            remaining = bits
            while remaining:
                low = remaining & -remaining
                self.containing.setdefault(low, []).append(index)
                remaining ^= low
        self.everything = everything
        self._missed: dict[int, tuple[int, ...]] = {}

    def missed(self, mask: int) -> tuple[int, ...]:
        """The indexes of the (non-empty) sets this mask has no bit of."""
        found = self._missed.get(mask)
        if found is None:
            unanswered = self.everything & ~mask
            candidates = set()
            remaining = unanswered
            while remaining:
                low = remaining & -remaining
                candidates.update(self.containing[low])
                remaining ^= low
            found = tuple(sorted(index for index in candidates if not self.sets[index] & mask))
            self._missed[mask] = found
        return found

    def count_many(self, tallies) -> None:
        """counts() of many tallies (no totals among them) worked out together, on arrays:
        each distinct mask of each tally tested against every set at once."""
        import numpy as np

        todo = [tally for tally in tallies if not tally.parts and self not in tally.memo]
        for tally in todo:
            if not tally.coverage:
                tally.memo[self] = [0] * len(self.sets)
        todo = [tally for tally in todo if tally.coverage]
        if not todo:
            return
        sizes = [len(tally.coverage) for tally in todo]
        rows = sum(sizes)
        masks = np.fromiter((mask for tally in todo for mask in tally.coverage), dtype=np.uint64, count=rows)
        counts = np.fromiter((count for tally in todo for count in tally.coverage.values()), dtype=np.int64, count=rows)
        starts = np.cumsum([0, *sizes[:-1]])
        missing = np.zeros((len(todo), len(self.sets)), dtype=np.int64)
        for index, bits in enumerate(self.sets):
            if bits:  # an empty set is never counted as missed
                none = (masks & np.uint64(bits)) == 0
                missing[:, index] = np.add.reduceat(np.where(none, counts, 0), starts)
        for tally, row in zip(todo, missing.tolist()):
            tally.memo[self] = row

    def counts(self, tally: Tally) -> list[int]:
        """For each set, the respondents of the tally who answered none of its items."""
        missing = tally.memo.get(self)
        if missing is None:
            missing = [0] * len(self.sets)
            if tally.parts:
                for part in tally.parts:
                    for index, count in enumerate(self.counts(part)):
                        missing[index] += count
            else:
                for mask, count in tally.coverage.items():
                    for index in self.missed(mask):
                        missing[index] += count
            tally.memo[self] = missing
        return missing
