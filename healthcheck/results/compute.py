"""A cycle's results: computed once, when the principal social worker releases them, kept
in the database and always read through the disclosable view. `results_for(db, cycle)` is
what pages, JSON and exports call; before release it refuses (ResultsNotReleased)."""

from __future__ import annotations

import datetime
import json
import pickle
import threading
from collections import OrderedDict

from healthcheck import cycles
from healthcheck.comments import review
from healthcheck.comments import themes as comment_themes
from healthcheck.db import no_cycle_collection
from healthcheck.formatting import long_date
from healthcheck.problems import Problem
from healthcheck.questions import QuestionBank
from healthcheck.results import disclosure, report_scores, scoring
from healthcheck.results.data import ResultsInput, load_counted_input, previous_cycle
from healthcheck.workforce import indicators as workforce_indicators

# Bump when the shape of computed results changes (a release keeps the format it was made in).
# 2: figures about individuals hidden by the workforce rule; 3: groups scored from their
# own answers and figures only, never the organisation's view of itself; 4: each group's
# answers kept as counts, its question summaries worked out when its page is shown
RESULTS_FORMAT = "results-4"
# Views made most recently, kept by each server process so a page need not decode the
# stored release and filter it again.
VIEWS_KEPT = 4
_views: OrderedDict = OrderedDict()
_views_lock = threading.Lock()
# The results this process has just released, as computed, so the first view of them need
# not decode the JSON just stored: {database file: (cycle id, release mark, results)}.
_just_released: dict = {}


class ResultsNotReleased(LookupError):
    """The cycle's results are not released yet, so nothing of its answers may be shown."""

    def __init__(self, cycle: dict):
        self.cycle = cycle
        self.message = (
            f"Results for {cycle['name']} appear after they are released. Until then nobody sees any score, "
            "distribution or comment from its answers: the principal social worker releases them once the "
            "survey has closed."
        )
        super().__init__(self.message)


def check_releasable(db, current: dict, comments: list | None = None) -> None:
    """Refuse (Problem) unless the cycle is closed, its results not yet released and every
    flagged comment reviewed (the release keeps only reviewed text). `comments`: the
    cycle's comments (review.cycle_comments), when already read."""
    if cycles.is_released(current):
        raise Problem(
            f"The results of {current['name']} were already released on {long_date(current['released_on'])}; "
            "they are fixed and cannot be released again",
            "status",
        )
    if current["status"] != "closed":
        raise Problem(
            f"Close the survey before releasing its results: {current['name']} is {current['status']}", "status"
        )
    review.check_reviewed(db, current, comments)


def release_results(db, cycle: dict, released_by: str | None = None, intervals: bool = True) -> dict:
    """Compute the closed cycle's results once, with its teams as they stand, and keep them.

    From then on every page, JSON file and export reads this release: later edits to a
    team (its service area, name or headcount) move no figure and no grouping, and the
    cycle's responses never change. Returns the cycle as it now stands. (intervals=False
    leaves out every interval and test, only to time what they cost.)"""
    current = cycles.get_cycle(db, cycle["slug"]) or cycle
    bank = cycles.cycle_bank(current)
    today = datetime.date.today().isoformat()
    with db.atomic(), no_cycle_collection():
        # read once, in the transaction that keeps them: checked for review, then kept
        comments = review.cycle_comments(db, current)
        check_releasable(db, current, comments)
        results = compute_results(current, bank, load_counted_input(db, current, bank, intervals, comments))
        db["result_releases"].insert(
            {"cycle_id": current["id"], "released_on": today, "released_by": released_by, "json": json.dumps(results)}
        )
        db["cycles"].update(current["id"], {"released_on": today})
    _keep_just_released(db, current, results)
    return cycles.get_cycle(db, current["slug"])


def released_results(db, cycle: dict) -> dict | None:
    """The results kept when the cycle was released (before the disclosable view), or None."""
    row = db.execute("select json from result_releases where cycle_id = ?", [cycle["id"]]).fetchone()
    return json.loads(row[0]) if row else None


def results_for(db, cycle: dict) -> dict:
    """The disclosable view of a cycle's released results, with the change since the
    previous released cycle. Raises ResultsNotReleased before release."""
    mark = _release_mark(db, cycle)
    if mark is None:
        raise ResultsNotReleased(cycle)
    earlier = previous_cycle(db, cycle)
    earlier_mark = earlier and (
        _release_mark(db, earlier),
        report_scores.version(report_scores.report_for(db, earlier)),
    )
    key = (_database_file(db), cycle["id"], mark, earlier and earlier["id"], earlier_mark)
    if not key[0]:  # a database in memory has no name to keep its views under
        with no_cycle_collection():
            return _view(db, cycle, earlier)
    with _views_lock:
        kept = _views.get(key)
        if kept is not None:
            _views.move_to_end(key)
    if kept is None:
        with no_cycle_collection():
            kept = pickle.dumps(_view(db, cycle, earlier))
        with _views_lock:
            _views[key] = kept
            while len(_views) > VIEWS_KEPT:
                _views.popitem(last=False)
    # A fresh copy for each caller, so no caller can change what another sees. (These
    # bytes were made here, in this process, from our own data; nothing else is unpickled.)
    with no_cycle_collection():
        return pickle.loads(kept)


def is_released(db, cycle: dict) -> bool:
    return _release_mark(db, cycle) is not None


def _release_mark(db, cycle: dict) -> tuple | None:
    """What identifies the stored release as it is now (retention can later remove its comments)."""
    row = db.execute("select id, length(json) from result_releases where cycle_id = ?", [cycle["id"]]).fetchone()
    return tuple(row) if row else None


def forget_views() -> None:
    """Drop the views this process keeps (the stored releases stay): to time the work they save."""
    with _views_lock:
        _views.clear()
        _just_released.clear()


def _keep_just_released(db, cycle: dict, results: dict) -> None:
    """Hold the results just stored (JSON keeps them exactly: plain dicts, lists, strings,
    whole numbers and floats) until the first view of them is made."""
    file = _database_file(db)
    if file:
        with _views_lock:
            _just_released[file] = (cycle["id"], _release_mark(db, cycle), results)


def _kept_release(db, cycle: dict) -> dict | None:
    """released_results, taken from what this process has just released when it is still what is stored."""
    file = _database_file(db)
    with _views_lock:
        held = _just_released.get(file)
        if held is not None and held[0] == cycle["id"]:
            del _just_released[file]
    if held is not None and held[:2] == (cycle["id"], _release_mark(db, cycle)):
        return held[2]
    return released_results(db, cycle)


def _view(db, cycle: dict, earlier: dict | None) -> dict:
    bank = cycles.cycle_bank(cycle)
    kept = _kept_release(db, cycle)
    if "themes" not in kept:  # released before comments had themes: grouped now, as they would have been
        comment_themes.add_themes(kept, bank)
    view = disclosure.disclosable_view(kept, bank)
    if earlier is not None:
        earlier_bank = cycles.cycle_bank(earlier)
        report = report_scores.report_for(db, earlier)
        if report is not None:  # scores typed in from an earlier report: standards only
            view["previous_from_report"] = report["source"]
            add_change(view, report_scores.report_view(earlier, report, earlier_bank))
        else:
            before = released_results(db, earlier)
            if before is not None:
                add_change(view, disclosure.disclosable_view(before, earlier_bank))
    return view


def _database_file(db) -> str:
    return db.execute("select file from pragma_database_list where name = 'main'").fetchone()[0]


def group_standard_view(db, cycle: dict, key: str) -> dict | None:
    """One shown group's standards as the standard pages show them: its own scores,
    intervals and answers, with the organisation's view beside them. None for a group the
    release does not show (a hidden group has no card, so nothing of it can leak)."""
    kept = released_results(db, cycle)
    if kept is None:
        raise ResultsNotReleased(cycle)
    if key not in kept["groups"] or key not in kept.get("group_items", {}):
        return None
    bank = cycles.cycle_bank(cycle)
    return disclosure.group_standards_view(kept, bank, key)


def forget_released_comments(db, cycle: dict) -> None:
    """Remove the comments kept in a cycle's release (when its comments' retention ends)."""
    kept = released_results(db, cycle)
    if kept is not None and kept.get("comments"):
        kept["comments"] = []
        # a theme's examples are comments too; its counts say nothing of any one comment
        for theme in kept.get("themes") or []:
            theme["examples"] = []
        db.execute("update result_releases set json = ? where cycle_id = ?", [json.dumps(kept), cycle["id"]])


def compute_results(cycle: dict, bank: QuestionBank, data: ResultsInput) -> dict:
    """Every score the results can show, for the whole organisation and each group that may be shown.

    Scores are only computed for groups the disclosure plan allows, so the
    cache never holds a hidden group's score; raw counts per team and role are
    kept for the plan and are removed by the disclosable view.
    """
    k = cycle["reporting_threshold"]
    tallies = data.tallies
    team_counts = tallies.team_counts()
    role_counts = tallies.role_counts()
    teams = [{**team, "respondents": team_counts.get(team["id"], 0)} for team in data.teams]
    if team_counts.get(None):
        teams.append(
            {
                "id": None,
                "slug": None,
                "name": disclosure.NO_TEAM_NAME,
                "headcount": 0,
                "service_area": disclosure.NO_TEAM_NAME,
                "respondents": team_counts[None],
            }
        )
    answers = {item_id: entry["answer"] for item_id, entry in data.organisation_answers.items()}
    all_team_ids = [team["id"] for team in data.teams]
    overall_indicators = scoring.combined_indicator_values(bank, data.figures, all_team_ids)
    headcount = {team["id"]: team["headcount"] or 0 for team in teams}
    team_plan = disclosure.plan_teams(teams, k)
    role_plan = disclosure.plan_roles(role_counts, k)
    scorer = scoring.Scorer(bank, tallies.bits)
    # who answered none of each step's questions, for every team and role group at once
    scorer.missed.count_many([*tallies.by_team.values(), *tallies.by_role.values()])

    no_figures = {indicator.id: None for indicator in bank.indicators}

    def group_card(members, team_ids=None):
        """A group's own scores: its own answers and its own teams' workforce figures (a role
        group has none). The organisation's view of itself is never averaged in; pages show it
        beside the group's scores instead."""
        if team_ids is None:
            indicators = no_figures
        else:
            indicators = scoring.combined_indicator_values(bank, data.figures, [t for t in team_ids if t is not None])
            if sum(headcount.get(t, 0) for t in team_ids) < k:
                indicators = _without_individual(bank, indicators)
        return scorer.scorecard(members, {}, indicators, minimum_answers=k)

    groups = {}
    for unit in team_plan["units"]:
        groups[unit["key"]] = group_card(tallies.teams(unit["team_ids"]), unit["team_ids"])
    for area in team_plan["areas"]:
        if area["status"] == "shown":
            groups[f"service:{area['name']}"] = group_card(tallies.teams(area["team_ids"]), area["team_ids"])
    for unit in role_plan["units"]:
        groups[unit["key"]] = group_card(tallies.roles(unit["roles"]))
    everyone = tallies.overall()
    unit_of_team = {team["id"]: team_plan["teams"][disclosure.team_key(team["slug"])]["unit"] for team in teams}
    # A comment names its group only when the group reaches the comment threshold; below
    # it, the comment is shown with no group at all.
    comment_k = max(cycle.get("comment_threshold") or cycles.DEFAULT_COMMENT_THRESHOLD, k)
    labelled = {unit["key"] for unit in team_plan["units"] if unit["respondents"] >= comment_k}
    comments = [
        {"about": about, "unit": unit_of_team[team_id] if unit_of_team[team_id] in labelled else None, "text": text}
        for team_id, about, text in data.comments
        if unit_of_team.get(team_id)
    ]
    individual_rule = workforce_indicators.disclosure(bank, data.teams, data.figures, k)
    overall = scorer.scorecard(everyone, answers, overall_indicators, minimum_answers=k)
    # Each shown group's answers to each question, for its own standard pages.
    group_tallies = {unit["key"]: tallies.teams(unit["team_ids"]) for unit in team_plan["units"]}
    group_tallies.update(
        {
            f"service:{area['name']}": tallies.teams(area["team_ids"])
            for area in team_plan["areas"]
            if area["status"] == "shown"
        }
    )
    group_tallies.update({unit["key"]: tallies.roles(unit["roles"]) for unit in role_plan["units"]})
    # kept as counts: a group's page works its summaries out (scoring.kept_summaries)
    group_items = {key: scoring.kept_counts(bank, tally) for key, tally in group_tallies.items()}
    if data.respondent_scores is not None:
        add_spreads(overall, groups, team_plan, role_plan, data.respondent_scores)
    results = {
        "format": RESULTS_FORMAT,
        "cycle": {key: cycle.get(key) for key in ("slug", "name", "status", "bank_version", "opens_on", "closes_on")},
        "reporting_threshold": k,
        "comment_threshold": comment_k,
        "respondents": everyone.respondents,
        "eligible": sum(team["headcount"] or 0 for team in data.teams),
        "overall": overall,
        "items": {item.id: scoring.item_summary(bank, item, everyone) for item in bank.items if item.type != "text"},
        "organisation_answers": data.organisation_answers,
        "indicators": {
            "organisation": overall_indicators,
            "teams": [
                {"team_id": team["id"], "values": scoring.indicator_values(bank, data.figures.get(team["id"], {}))}
                for team in data.teams
            ],
            # One rule for figures about individuals, the workforce pages' and the workbook's.
            "hidden_individual": sorted(individual_rule.teams),
            "hidden_individual_organisation": sorted(individual_rule.organisation),
        },
        "teams": teams,
        "roles": {code or disclosure.NOT_GIVEN: count for code, count in role_counts.items()},
        "plan": {"teams": team_plan, "roles": role_plan},
        "groups": groups,
        "group_items": group_items,
        "comments": comments,
    }
    # The comments' themes, worked out once with the release (counts by group only for
    # groups at or above the comment threshold).
    comment_themes.add_themes(results, bank)
    return results


def add_spreads(overall: dict, groups: dict, team_plan: dict, role_plan: dict, scores) -> None:
    """Keep, beside each practitioner-based score, what its interval and tests need: how
    many respondents have a score for it, their mean and sd, the practitioners' share of
    the score, and for a group the same figures for the rest of the organisation
    ([n, mean, sd, share, rest n, rest mean, rest sd]: disclosure.kept_spread).

    Sums are taken once per team and per role group and added up per shown group, so a
    release with hundreds of teams needs one pass over the respondents."""
    import numpy as np

    from healthcheck.results import uncertainty

    total = scores.sums()
    # one pass over the respondents, by team and role group together
    by_team: dict = {}
    by_role: dict = {}
    for (team, role), sums in scores.sums_by_team_and_role().items():
        by_team[team] = by_team[team] + sums if team in by_team else sums
        by_role[role] = by_role[role] + sums if role in by_role else sums
    column = {key: index for index, key in enumerate(scores.columns)}

    def sums_of(parts) -> np.ndarray:
        found = [part for part in parts if part is not None]
        return sum(found) if found else np.zeros_like(total)

    def attach(card: dict, sums: np.ndarray, rest: np.ndarray | None) -> None:
        n, mean, sd = uncertainty.all_moments(sums)
        if rest is not None:
            rest_n, rest_mean, rest_sd = uncertainty.all_moments(rest)
        for standard in card["standards"]:
            present = [uncertainty.parts_present(step["parts"]) for step in standard["steps"]]
            entries = [(standard, standard["number"], tuple(present))]
            entries += [(step, step["key"], (has,)) for step, has in zip(standard["steps"], present)]
            for entry, key, has in entries:
                at = column[key]
                # kept as a list (disclosure.kept_spread reads it): a release holds tens of thousands
                spread = [n[at], mean[at], sd[at], uncertainty.share_of(has)]
                if rest is not None:
                    spread += [rest_n[at], rest_mean[at], rest_sd[at]]
                entry["spread"] = spread

    attach(overall, total, None)
    team_units = {unit["key"]: unit["team_ids"] for unit in team_plan["units"]}
    team_units.update(
        {f"service:{area['name']}": area["team_ids"] for area in team_plan["areas"] if area["status"] == "shown"}
    )
    role_units = {unit["key"]: unit["roles"] for unit in role_plan["units"]}
    for key, card in groups.items():
        if key in team_units:
            sums = sums_of(by_team.get(team or 0) for team in team_units[key])
        else:
            sums = sums_of(by_role.get(role or "") for role in role_units.get(key, []))
        attach(card, sums, total - sums)


def _without_individual(bank: QuestionBank, indicators: dict) -> dict:
    individual = {field.key for field in bank.workforce_fields if field.individual}
    return {
        indicator.id: None
        if set(indicator.numerator + indicator.denominator) & individual
        else indicators[indicator.id]
        for indicator in bank.indicators
    }


def add_change(view: dict, before: dict) -> None:
    """Fill in "change" (whole points, this cycle minus the previous) wherever both cycles show a score.

    Both views are already disclosable, so a change never reveals a hidden figure.
    Groups are matched by key: the same team (by its web address name) or the
    same combination of teams or roles.
    """
    view["previous_cycle"] = before["cycle"]
    earlier = {standard["number"]: standard for standard in before["standards"]}
    for standard in view["standards"]:
        old = earlier.get(standard["number"])
        standard["change"] = _difference(standard["score"], old and old["score"])
        standard["change_test"] = _change_test(standard, old)
        old_steps = {step["key"]: step for step in (old["steps"] if old else [])}
        for step in standard["steps"]:
            previous = old_steps.get(step["key"])
            step["change"] = _difference(step["score"], previous and previous["score"])
            step["change_test"] = _change_test(step, previous)
        # a standard's page compares its steps: corrected together
        _judge_changes(standard["steps"])
    # the overview compares the standards: corrected together
    _judge_changes(view["standards"])
    for by, rows in view["groups"].items():
        old_rows = {row["key"]: row for row in before["groups"].get(by, [])}
        for row in rows:
            old = old_rows.get(row["key"])
            old_cells = {s["number"]: s for s in (old["standards"] if old else [])}
            for cell in row["standards"]:
                previous = old_cells.get(cell["number"])
                cell["change"] = _difference(cell["score"], previous and previous["score"])
                cell["change_test"] = _change_test(cell, previous)
        # one breakdown's heatmap compares every cell: corrected together
        _judge_changes([cell for row in rows for cell in row["standards"]])


def _change_test(now: dict, before: dict | None) -> dict | None:
    """Welch's test of a score against the same score last cycle, on the practitioners'
    share of it (the organisation's view and workforce figures have no sampling error)."""
    from healthcheck.results import uncertainty

    if before is None or not now.get("precise") or not before.get("precise"):
        return None
    a, b = now["precise"], before["precise"]
    p = uncertainty.welch_p(
        a["score"], (a["sd"] or 0.0) * a["share"], a["n"], b["score"], (b["sd"] or 0.0) * b["share"], b["n"]
    )
    if p is None:
        return None
    return {"difference": round(a["score"] - b["score"], 1), "p": p, "adjusted_p": None}


def _judge_changes(entries: list[dict]) -> None:
    from healthcheck.results import uncertainty

    tests = [entry.get("change_test") for entry in entries]
    adjusted = uncertainty.benjamini_hochberg([test["p"] if test else None for test in tests])
    for entry, test, p in zip(entries, tests, adjusted):
        if test:
            test["adjusted_p"] = p
        entry["change_verdict"] = (
            None if entry.get("change") is None else uncertainty.verdict(test and test["difference"], p)
        )


def _difference(now: int | None, before: int | None) -> int | None:
    return None if now is None or before is None else now - before


BREAKDOWNS = ("team", "service", "role")
_SCORE_FIELDS = ("score", "band", "coverage", "respondents", "parts", "change")


def _sureness_fields(entry: dict) -> dict:
    """The interval, the band or bands it spans, whose view and the verdict on the change."""
    return {
        "interval": entry.get("interval"),
        "band_range": entry.get("band_range"),
        "sampling_error": entry.get("sampling") == "practitioners",
        "basis": entry.get("basis"),
        "change_verdict": entry.get("change_verdict"),
    }


def scores_document(view: dict, by: str | None = None) -> dict:
    """The JSON of `healthcheck scores` (and the results JSON download), from the disclosable view.

    A step's "number" is its step number, or "S7" for standard 7's
    supplementary questions. A suppressed group carries no number at all.
    """
    document = {
        "cycle": view["cycle"]["slug"],
        "name": view["cycle"]["name"],
        "reporting_threshold": view["reporting_threshold"],
        "respondents": view["respondents"],
        "eligible": view["eligible"],
        "response_rate": view["response_rate"],
        "previous_cycle": (view.get("previous_cycle") or {}).get("slug"),
        "standards": [
            {
                "number": standard["number"],
                "title": standard["title"],
                **{key: standard[key] for key in _SCORE_FIELDS},
                **_sureness_fields(standard),
                "self_assessed_steps": standard.get("self_assessed_steps"),
                "steps": [
                    {
                        "number": step["key"] if step["supplementary"] else step["number"],
                        "title": step["title"],
                        **{key: step[key] for key in _SCORE_FIELDS},
                        **_sureness_fields(step),
                    }
                    for step in standard["steps"]
                ],
            }
            for standard in view["standards"]
        ],
    }
    # Counts by group only for groups at or above the comment threshold; no comment text.
    document["themes"] = [
        {key: theme[key] for key in ("id", "name", "kind", "standards", "count", "share", "by_group")}
        for theme in view.get("themes") or []
    ]
    if by:
        document["groups"] = [
            {
                "by": row["by"],
                "name": row["name"],
                "respondents": row["respondents"],
                "suppressed": row["suppressed"],
                "note": row["note"],
                "combined": row["combined"],
                "members": row["members"],
                "response_rate": row["response_rate"],
                "standards": [
                    {
                        "number": cell["number"],
                        "score": cell["score"],
                        "band": cell["band"],
                        "change": cell["change"],
                        **_sureness_fields(cell),
                        "against_rest": _rest_fields(cell.get("against_rest")),
                    }
                    for cell in row["standards"]
                ],
            }
            for row in view["groups"][by]
        ]
    return document


def _rest_fields(test: dict | None) -> dict | None:
    if not test:
        return None
    return {key: test[key] for key in ("difference", "p", "adjusted_p", "verdict")}


def scores_table(view: dict, by: str | None = None) -> str:
    """The same figures as plain text columns, for a terminal."""
    lines = [f"{view['cycle']['name']}: {_count(view)}; reporting threshold {view['reporting_threshold']}"]
    lines.append(f"{'Standard':<52} {'Score':>5}  {'Band':<9} {'Change':>6}  Coverage")
    for standard in view["standards"]:
        coverage = f"{standard['coverage']['with_data']} of {standard['coverage']['of']} steps"
        lines.append(
            f"{standard['number']} {standard['title'][:49]:<50} {_figure(standard['score']):>5}  "
            f"{standard['band'] or '':<9} {_signed(standard['change']):>6}  {coverage}"
        )
    if by:
        lines.append("")
        lines.append(f"{'Group':<45} {'Responses':>9}  " + " ".join(f"{s['number']:>4}" for s in view["standards"]))
        for row in view["groups"][by]:
            if row["suppressed"]:
                lines.append(f"{row['name'][:45]:<45} {'':>9}  {row['note']}")
            else:
                scores = " ".join(f"{_figure(cell['score']):>4}" for cell in row["standards"])
                lines.append(f"{row['name'][:45]:<45} {row['respondents']:>9}  {scores}")
    return "\n".join(lines)


def _count(view: dict) -> str:
    if view["respondents"] is None:
        return f"fewer than {view['reporting_threshold']} responses"
    return f"{view['respondents']} responses"


def _figure(score: int | None) -> str:
    return "-" if score is None else str(score)


def _signed(change: int | None) -> str:
    return "" if change is None else f"{change:+d}"
