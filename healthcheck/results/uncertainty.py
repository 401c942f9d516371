"""How sure a figure is: 95 % intervals, and whether a difference is clear. Plain functions
over NumPy arrays and SciPy, no Flask and no SQL.

The method (the About page says the same in words):
- Each respondent gets a score for each step (the mean of their scored answers to its
  questions) and each standard (the mean of their step scores in it): `RespondentScores`.
- A practitioner-based score's 95 % interval is Student-t on those respondent scores:
  the score ± t(0.975, n − 1) × sd / √n. Where a score also has parts with no sampling
  error (the organisation's own view, workforce figures), only the practitioners' share
  of the score moves: the half-width is multiplied by that share (`practitioner_share`).
  Intervals are clipped to 0–100.
- "% positive" has a Wilson score interval.
- A change since the last cycle, or a group against the rest of the organisation, is a
  Welch test; the p-values of one page's comparisons are corrected together
  (Benjamini–Hochberg), and a difference is called clearly higher or lower only when the
  corrected p is below 0.05 and the difference is at least 5 points.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse, stats

CONFIDENCE = 0.95
ALPHA = 0.05
SMALLEST_CLEAR_DIFFERENCE = 5.0
HIGHER, LOWER, NO_CLEAR = "clearly higher", "clearly lower", "no clear change"


def t_half_width(sd: float, n: int) -> float | None:
    """The half-width of a Student-t 95 % interval for a mean of n values with this sd."""
    if n < 2:
        return None
    return t_quantile(n - 1) * sd / math.sqrt(n)


T_TABLE_SIZE = 4096  # degrees of freedom worked out together, the first time any is asked for


def t_quantile(degrees_of_freedom: int) -> float:
    """t(0.975, df): a release asks for a few hundred many thousand times, so those up to
    T_TABLE_SIZE come from one table made in one SciPy call (the same values, one by one)."""
    if isinstance(degrees_of_freedom, int) and 1 <= degrees_of_freedom <= T_TABLE_SIZE:
        return _t_table()[degrees_of_freedom - 1]
    return _t_quantile_alone(degrees_of_freedom)


@functools.cache
def _t_table() -> list[float]:
    return stats.t.ppf(0.5 + CONFIDENCE / 2, np.arange(1, T_TABLE_SIZE + 1)).tolist()


@functools.lru_cache(maxsize=1024)
def _t_quantile_alone(degrees_of_freedom: int) -> float:
    return float(stats.t.ppf(0.5 + CONFIDENCE / 2, degrees_of_freedom))


def clipped(centre: float, half_width: float) -> tuple[float, float]:
    return max(0.0, centre - half_width), min(100.0, centre + half_width)


def wilson(positive: int, n: int) -> tuple[float, float] | None:
    """The Wilson score 95 % interval of a percentage, in percent."""
    if n <= 0:
        return None
    z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))
    share = positive / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    spread = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, 100 * (centre - spread)), min(100.0, 100 * (centre + spread))


def welch_p(mean_1: float, sd_1: float, n_1: int, mean_2: float, sd_2: float, n_2: int) -> float | None:
    """The two-sided p of Welch's test between two means; None when a side has fewer than 2.
    With no sampling error on either side (both sds 0), any difference is certain."""
    if n_1 < 2 or n_2 < 2:
        return None
    if sd_1 == 0 and sd_2 == 0:
        return 1.0 if mean_1 == mean_2 else 0.0
    return float(stats.ttest_ind_from_stats(mean_1, sd_1, n_1, mean_2, sd_2, n_2, equal_var=False).pvalue)


def welch_p_many(comparisons: list[tuple]) -> list[float | None]:
    """welch_p for many (mean_1, sd_1, n_1, mean_2, sd_2, n_2) at once: one SciPy call on arrays."""
    if not comparisons:
        return []
    mean_1, sd_1, n_1, mean_2, sd_2, n_2 = (np.array(column, dtype=float) for column in zip(*comparisons))
    testable = (n_1 >= 2) & (n_2 >= 2)
    certain = testable & (sd_1 == 0) & (sd_2 == 0)
    tested = testable & ~certain
    p = np.full(len(comparisons), np.nan)
    if tested.any():
        p[tested] = stats.ttest_ind_from_stats(
            mean_1[tested], sd_1[tested], n_1[tested], mean_2[tested], sd_2[tested], n_2[tested], equal_var=False
        ).pvalue
    p[certain] = np.where(mean_1[certain] == mean_2[certain], 1.0, 0.0)
    return [float(value) if ok else None for value, ok in zip(p.tolist(), testable.tolist())]


def benjamini_hochberg(p_values: list[float | None]) -> list[float | None]:
    """The Benjamini–Hochberg adjusted p-values of one page's comparisons (None stays None)."""
    present = [p for p in p_values if p is not None]
    if not present:
        return list(p_values)
    adjusted = iter(stats.false_discovery_control(present, method="bh").tolist())
    return [None if p is None else next(adjusted) for p in p_values]


def verdict(difference: float | None, adjusted_p: float | None) -> str | None:
    """Clearly higher or lower only when the corrected p is below 0.05 and the difference is
    at least 5 points; otherwise no clear change. None when there is nothing to compare."""
    if difference is None:
        return None
    if adjusted_p is not None and adjusted_p < ALPHA and abs(difference) >= SMALLEST_CLEAR_DIFFERENCE:
        return HIGHER if difference > 0 else LOWER
    return NO_CLEAR


def band_range(bank, low: float, high: float) -> str:
    """The band, or "Moderate or High" when the interval crosses a band edge."""
    first, last = bank.band_for(low).name, bank.band_for(high).name
    if first == last:
        return first
    names = [band.name for band in bank.bands]
    between = names[names.index(first) : names.index(last) + 1]
    return " or ".join(between) if len(between) == 2 else f"{first} to {last}"


def practitioner_share(parts_by_step: list[dict]) -> float:
    """How much a standard's score moves when its practitioners' part moves by one point:
    each step is an equal share of the standard, and practitioners an equal share of
    each step with parts."""
    return share_of(tuple(parts_present(parts) for parts in parts_by_step))


def parts_present(parts: dict) -> tuple:
    """Which of a step's parts it has, practitioners' first: the key of share_of."""
    return (
        parts.get("practitioner") is not None,
        *(value is not None for key, value in parts.items() if key != "practitioner"),
    )


@functools.lru_cache(maxsize=1024)
def share_of(steps: tuple) -> float:
    """practitioner_share from each step's parts_present."""
    scored = [step for step in steps if any(step)]
    if not scored:
        return 0.0
    share = 0.0
    for step in scored:
        if step[0]:
            share += 1 / sum(step)
    return share / len(scored)


@dataclass
class RespondentScores:
    """Each respondent's score per column (step keys, then standard numbers); NaN where
    they answered none of its scored questions. teams and roles give each row's group."""

    columns: list
    scores: np.ndarray  # respondents × columns
    teams: np.ndarray  # team id per respondent (0: none)
    roles: np.ndarray  # role code per respondent ("": none)

    def __post_init__(self):
        # Worked out in SQL or in Python, means can differ in their last bit: rounded well
        # below anything shown, so both ways give the same release.
        self.scores = np.round(self.scores, 9)

    def sums(self, rows: np.ndarray | None = None) -> np.ndarray:
        """[n, sum, sum of squares] per column over these rows (all rows when None)."""
        block = self.scores if rows is None else self.scores[rows]
        present = ~np.isnan(block)
        values = np.where(present, block, 0.0)
        return np.stack([present.sum(axis=0), values.sum(axis=0), (values * values).sum(axis=0)])

    def sums_by_team_and_role(self) -> dict:
        """{(team, role): [n, sum, sum of squares] per column} over each team and role group's rows."""
        if not len(self.teams):
            return {}
        teams, team_codes = np.unique(self.teams, return_inverse=True)
        listed = self.roles.tolist()
        roles = sorted(set(listed))
        role_index = {role: number for number, role in enumerate(roles)}
        role_codes = np.fromiter(map(role_index.__getitem__, listed), dtype=np.int64, count=len(listed))
        cells, codes = np.unique(team_codes.ravel() * len(roles) + role_codes, return_inverse=True)
        found = [(int(teams[cell // len(roles)]), roles[cell % len(roles)]) for cell in cells.tolist()]
        codes = codes.ravel()
        # each cell's rows added up by one sparse product: cells × rows, times rows × columns
        rows = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(found), len(codes)))
        present = ~np.isnan(self.scores)
        values = np.where(present, self.scores, 0.0)
        stacked = np.stack([rows @ part for part in (present.astype(float), values, values * values)], axis=1)
        return dict(zip(found, stacked))


def all_moments(sums: np.ndarray) -> tuple[list, list, list]:
    """moments() of every column at once: ([n], [mean or None], [sd or None])."""
    n = sums[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums[1] / n
        variance = np.maximum(0.0, (sums[2] - n * mean * mean) / (n - 1))
    sd = np.sqrt(variance)
    counts = [int(value) for value in n.tolist()]
    means = [value if count else None for value, count in zip(mean.tolist(), counts)]
    sds = [value if count >= 2 else None for value, count in zip(sd.tolist(), counts)]
    return counts, means, sds


def moments(sums: np.ndarray, column: int) -> tuple[int, float | None, float | None]:
    """(n, mean, sd) of one column from [n, sum, sum of squares]."""
    n = int(sums[0, column])
    if n == 0:
        return 0, None, None
    mean = float(sums[1, column]) / n
    if n < 2:
        return n, mean, None
    variance = max(0.0, (float(sums[2, column]) - n * mean * mean) / (n - 1))
    return n, mean, math.sqrt(variance)


def respondent_scores_from_answers(bank, step_items: dict, standard_steps: dict, respondents) -> RespondentScores:
    """RespondentScores from respondents held in memory (scoring.Respondent)."""
    from healthcheck.results.points import answer_score

    columns = [*step_items, *standard_steps]
    rows = []
    for respondent in respondents:
        step_scores = {}
        for key, items in step_items.items():
            values = [answer_score(bank, item, respondent.answers.get(item.id)) for item in items]
            values = [value for value in values if value is not None]
            step_scores[key] = sum(values) / len(values) if values else math.nan
        row = [step_scores[key] for key in step_items]
        for keys in standard_steps.values():
            mine = [step_scores[key] for key in keys if not math.isnan(step_scores[key])]
            row.append(sum(mine) / len(mine) if mine else math.nan)
        rows.append(row)
    return RespondentScores(
        columns,
        np.array(rows, dtype=float).reshape(len(rows), len(columns)),
        np.array([r.team_id or 0 for r in respondents], dtype=np.int64),
        np.array([r.role_group or "" for r in respondents], dtype=object),
    )


def standards_from_steps(step_matrix: np.ndarray, step_keys: list, standard_steps: dict) -> np.ndarray:
    """Each respondent's standard scores: the mean of their step scores in it (NaN if none)."""
    index = {key: i for i, key in enumerate(step_keys)}
    out = np.full((step_matrix.shape[0], len(standard_steps)), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        for column, keys in enumerate(standard_steps.values()):
            block = step_matrix[:, [index[key] for key in keys]]
            present = ~np.isnan(block)
            counts = present.sum(axis=1)
            totals = np.where(present, block, 0.0).sum(axis=1)
            out[:, column] = np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
    return out
