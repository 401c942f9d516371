"""The reporting threshold: which groups can be shown, and the one disclosable view of results.

Every page, JSON file and export of results goes through `disclosable_view`,
which turns computed results into what may be seen. The rules:

- A group (team, service area, role group) with fewer than k respondents shows
  no score, distribution or comment, only "fewer than k responses".
- Differencing: a total minus every other group must never give away a hidden
  group. We FOLD rather than suppress a second group: teams below k are
  combined into "Other <area> teams"; if that combined group is itself below
  k, the smallest team shown joins it until it reaches k. Service areas below
  k fold into "Other teams" across areas in the same way. A service area is
  shown only when it is made of whole shown groups, so every figure on show is
  a sum of groups of at least k and subtraction can only ever recover one of
  them. Role groups fold into "Other roles" the same way.
- Comments appear only when the whole organisation has at least k respondents,
  each labelled with its shown group only when that group reaches the cycle's
  comment threshold (at least k, 10 by default), otherwise with no group at
  all, and sorted by their text so their order says nothing about who wrote them.
- Workforce indicators built from figures about individuals (sickness,
  long-term absence) follow the workforce package's one rule (workforce.indicators.
  disclosure: the smaller of eligible and in-post headcount below k, and more hidden
  so that no total gives a hidden team's figure); results carry the teams it hides.
- Practitioner figures made from fewer than k answers are left out when
  scoring (see scoring.minimum_answers) and are not shown.
- A shown group with more responses than its eligible headcount is flagged: someone
  answered more than once through the open public link, or the headcount is out of
  date. A hidden group is never flagged, since that would say something of its count.
"""

from __future__ import annotations

from healthcheck.comments.themes import disclosable_themes
from healthcheck.questions import DONT_KNOW, ROLE_GROUPS, QuestionBank
from healthcheck.results.scoring import band_name, shown_score

NOT_GIVEN = "(none)"  # key part for responses without a team or role; slugs never contain brackets
NO_TEAM_NAME = "Team not given"
NO_ROLE_NAME = "Role not given"


def fold(groups: list[dict], k: int) -> tuple[list[dict], list[dict]]:
    """Split groups ({"key", "respondents"}) into those shown alone and a pool shown combined.

    Groups below k go in the pool. While the pool holds some respondents but
    fewer than k, the smallest group shown alone joins it. If the pool is still
    below k, everything was pooled and the total itself is below k.
    """
    alone = sorted((g for g in groups if g["respondents"] >= k), key=lambda g: (g["respondents"], g["key"]))
    pool = [g for g in groups if g["respondents"] < k]
    while 0 < _total(pool) < k and alone:
        pool.append(alone.pop(0))
    return alone, pool


def _total(groups) -> int:
    return sum(group["respondents"] for group in groups)


def _combined_key(prefix: str, groups) -> str:
    return f"{prefix}:" + "+".join(sorted(group["slug"] or NOT_GIVEN for group in groups))


def team_key(slug: str | None) -> str:
    return f"team:{slug or NOT_GIVEN}"


def plan_teams(teams: list[dict], k: int) -> dict:
    """Which teams and service areas are shown, and the combined groups.

    teams: [{"id", "slug", "name", "service_area", "respondents"}], including a
    team with id None for responses that gave no team. Returns {"units": [{key,
    name, team_ids, combined, respondents}], "teams": {team key: {"status":
    "shown" | "fewer" | "combined", "unit": unit key or None}}, "areas":
    [{"name", "team_ids", "respondents", "status": "shown" | "fewer" | "protected"}]}.
    """
    areas: dict[str, list[dict]] = {}
    for team in teams:
        areas.setdefault(team["service_area"] or "", []).append({**team, "key": team_key(team["slug"])})
    units, carried = [], []
    for area, members in areas.items():
        alone, pool = fold(members, k)
        units += [_unit([team], area) for team in alone]
        if _total(pool) >= k:
            name = f"Other {area} teams" if alone else f"{area} teams combined"
            units.append(_unit(pool, area, name))
        elif _total(pool) > 0:
            carried += pool
    if carried:
        units.sort(key=lambda unit: (unit["respondents"], unit["key"]))
        while _total(carried) < k and units:
            carried += units.pop(0)["teams"]
        if _total(carried) >= k:
            units.append(_unit(carried, None, "Other teams"))
    status = {}
    for unit in units:
        for team in unit["teams"]:
            alone = not unit["combined"]
            status[team["key"]] = {
                "status": "shown" if alone else ("fewer" if team["respondents"] < k else "combined"),
                "unit": unit["key"],
            }
    for team in teams:
        status.setdefault(team_key(team["slug"]), {"status": "fewer", "unit": None})
    unit_area = {unit["key"]: unit["area"] for unit in units}
    plan_areas = []
    for area, members in areas.items():
        respondents = _total(members)
        # Shown only when made of whole shown groups of its own, so nothing can be subtracted out.
        whole = all(
            status[team["key"]]["unit"] is None or unit_area[status[team["key"]]["unit"]] == area for team in members
        )
        plan_areas.append(
            {
                "name": area,
                "team_ids": [team["id"] for team in members],
                "respondents": respondents,
                "status": "fewer" if respondents < k else ("shown" if whole else "protected"),
            }
        )
    return {
        "units": [{key: unit[key] for key in ("key", "name", "combined", "respondents", "team_ids")} for unit in units],
        "teams": status,
        "areas": plan_areas,
    }


def _unit(teams: list[dict], area: str | None, name: str | None = None) -> dict:
    combined = name is not None
    return {
        "key": _combined_key("teams", teams) if combined else teams[0]["key"],
        "name": name or teams[0]["name"],
        "area": area,
        "combined": combined,
        "teams": list(teams),
        "team_ids": [team["id"] for team in teams],
        "respondents": _total(teams),
    }


def plan_roles(counts: dict, k: int) -> dict:
    """Role groups shown alone and "Other roles". counts: {role code or None: respondents}."""
    groups = [
        {
            "key": f"role:{code or NOT_GIVEN}",
            "slug": code or NOT_GIVEN,
            "code": code,
            "respondents": counts.get(code, 0),
        }
        for code in [*ROLE_GROUPS, None]
    ]
    alone, pool = fold(groups, k)
    units = [
        {
            "key": g["key"],
            "name": role_name(g["code"]),
            "combined": False,
            "respondents": g["respondents"],
            "roles": [g["code"]],
        }
        for g in alone
    ]
    if _total(pool) >= k:
        units.append(
            {
                "key": _combined_key("roles", pool),
                "name": "Other roles",
                "combined": True,
                "respondents": _total(pool),
                "roles": [g["code"] for g in pool],
            }
        )
    status = {}
    for unit in units:
        for code in unit["roles"]:
            fewer = counts.get(code, 0) < k
            status[code or NOT_GIVEN] = {
                "status": "fewer" if fewer else ("combined" if unit["combined"] else "shown"),
                "unit": unit["key"],
            }
    for g in groups:
        status.setdefault(g["slug"], {"status": "fewer", "unit": None})
    return {"units": units, "roles": status}


def role_name(code: str | None) -> str:
    return ROLE_GROUPS.get(code, NO_ROLE_NAME) if code else NO_ROLE_NAME


# --- The disclosable view ---------------------------------------------------


def disclosable_view(results: dict, bank: QuestionBank) -> dict:
    """What may be seen of computed results (results.compute_results): the one way results are shown.

    Scores are whole numbers with their band in words; a hidden figure is None
    (never 0) with a note saying why, and no hidden group carries any number.
    """
    k = results["reporting_threshold"]
    count = results["respondents"]
    enough = count >= k
    unit_names = {unit["key"]: unit["name"] for unit in results["plan"]["teams"]["units"]}
    teams = _team_rows(bank, results)
    return {
        "cycle": results["cycle"],
        "reporting_threshold": k,
        "comment_threshold": results.get("comment_threshold", k),
        "respondents": count if enough else None,
        "fewer_than_threshold": not enough,
        "eligible": results["eligible"],
        "response_rate": _rate(count, results["eligible"]) if enough else None,
        "previous_cycle": None,
        "bands": [{"name": band.name, "min": band.min, "max": band.max} for band in bank.bands],
        "standards": [_standard_view(bank, results, card) for card in results["overall"]["standards"]],
        "more_than_eligible": enough and count > results["eligible"],
        "more_than_headcount": [row["name"] for row in teams if row["more_than_headcount"]],
        "groups": {
            "team": _judged(teams),
            "service": _judged(_service_rows(bank, results)),
            "role": _judged(_role_rows(bank, results)),
        },
        "comments": _comments(bank, results, unit_names) if enough else {},
        "themes": disclosable_themes(results) if enough else [],
        "themes_about": results.get("themes_about") if enough else None,
    }


def _judged(rows: list[dict]) -> list[dict]:
    judge_against_the_rest(rows)
    return rows


def group_standards_view(results: dict, bank: QuestionBank, key: str) -> list[dict]:
    """A shown group's standards, built exactly as the organisation's are but from the
    group's own card and its own answers to each question."""
    from healthcheck.results import uncertainty
    from healthcheck.results.scoring import kept_summaries

    items = results["group_items"][key]
    own = {**results, "items": kept_summaries(bank, items) if "counts" in items else items}
    standards = []
    for card in results["groups"][key]["standards"]:
        view = _standard_view(bank, own, card)
        # this group against the rest of the organisation: one page's comparisons, corrected together
        entries = [(view, card), *zip(view["steps"], card["steps"])]
        tests = [against_the_rest(entry_card) for _, entry_card in entries]
        adjusted = uncertainty.benjamini_hochberg([test["p"] if test else None for test in tests])
        for (entry, _), test, p in zip(entries, tests, adjusted):
            if test:
                test["adjusted_p"] = p
                test["verdict"] = uncertainty.verdict(test["difference"], p)
            entry["against_rest"] = test
        standards.append(view)
    return standards


def score_fields(bank: QuestionBank, score: float | None) -> dict:
    return {"score": shown_score(score), "band": band_name(bank, score)}


def _rate(respondents: int, eligible: int | None) -> int | None:
    return shown_score(100.0 * respondents / eligible) if eligible else None


def _parts(card: dict) -> dict:
    return {part: shown_score(value) for part, value in card["parts"].items()}


def _standard_view(bank: QuestionBank, results: dict, card: dict) -> dict:
    standard = bank.standard(card["number"])
    view = {
        "number": standard.number,
        "title": standard.name,
        "short_title": getattr(standard, "short", standard.name),
        "title_2020": standard.title_2020,
        **score_fields(bank, card["score"]),
        "respondents": card["respondents"],
        "coverage": card["coverage"],
        "parts": _parts(card),
        "change": None,
        "steps": [_step_view(bank, results, step) for step in card["steps"]],
        **sureness(bank, card),
    }
    view.update(standard_basis(view["steps"]))
    return view


def kept_spread(card: dict) -> dict | None:
    """The respondent spread kept beside a score (compute.add_spreads): {"n", "mean", "sd",
    "share"} and, for a group, "rest" {"n", "mean", "sd"} for everyone else."""
    kept = card.get("spread")
    if kept is None or isinstance(kept, dict):
        return kept
    found = {"n": kept[0], "mean": kept[1], "sd": kept[2], "share": kept[3]}
    if len(kept) > 4:
        found["rest"] = {"n": kept[4], "mean": kept[5], "sd": kept[6]}
    return found


def sureness(bank: QuestionBank, card: dict) -> dict:
    """How sure a score is: its 95 % interval (whole numbers, clipped to 0-100), the band or
    bands it could be in, and whether it has sampling error at all. A score with no
    practitioner part (the organisation's own view, workforce figures) has none."""
    from healthcheck.results import uncertainty

    spread = kept_spread(card)
    score = card.get("score")
    kept = None
    if spread is not None and score is not None:
        kept = {"score": score, "n": spread["n"], "sd": spread["sd"], "share": spread["share"]}
    if score is None:
        return {"interval": None, "band_range": None, "sampling": None, "precise": kept}
    if spread is None or not spread["share"]:
        return {"interval": None, "band_range": None, "sampling": "none", "precise": kept}
    half = uncertainty.t_half_width(spread["sd"] or 0.0, spread["n"]) if spread["sd"] is not None else None
    if half is None:
        return {"interval": None, "band_range": None, "sampling": "too few", "precise": kept}
    low, high = uncertainty.clipped(score, half * spread["share"])
    return {
        "interval": {"low": shown_score(low), "high": shown_score(high)},
        "band_range": uncertainty.band_range(bank, low, high),
        "sampling": "practitioners",
        "precise": kept,
    }


def against_the_rest(card: dict) -> dict | None:
    """A group's practitioners against everyone else's: the difference of their respondent
    means (points) and Welch's p, before the page's correction."""
    from healthcheck.results import uncertainty

    inputs = _welch_inputs(card)
    p = None if inputs is None else uncertainty.welch_p(*inputs)
    if p is None:
        return None
    return {"difference": round(inputs[0] - inputs[3], 1), "p": p, "adjusted_p": None, "verdict": None}


def _welch_inputs(card: dict) -> tuple | None:
    """(mean, sd, n) of the group's practitioners and of everyone else's, for Welch's test."""
    spread = kept_spread(card)
    if not spread or "rest" not in spread or spread["mean"] is None or spread["rest"]["mean"] is None:
        return None
    rest = spread["rest"]
    return spread["mean"], spread["sd"] or 0.0, spread["n"], rest["mean"], rest["sd"] or 0.0, rest["n"]


def step_basis(parts: dict) -> str | None:
    """ "organisation" when a score rests only on the organisation's own view of itself
    (no practitioner answers and no workforce figures behind it), else None."""
    others = [value for part, value in parts.items() if part != "organisation"]
    return "organisation" if parts.get("organisation") is not None and all(v is None for v in others) else None


def standard_basis(steps: list[dict]) -> dict:
    """How many of a standard's scored steps rest only on the organisation's own view, and
    whether the whole standard does."""
    scored = [step for step in steps if step["score"] is not None]
    own_view = sum(step["basis"] == "organisation" for step in scored)
    return {
        "self_assessed_steps": own_view,
        "basis": "organisation" if scored and own_view == len(scored) else None,
    }


def _step_view(bank: QuestionBank, results: dict, card: dict) -> dict:
    from healthcheck.results.scoring import items_for_step, organisation_score

    number = card["number"]
    organisation = []
    for item in (i for i in bank.organisation_items if i.step == number):
        given = results["organisation_answers"].get(item.id) or {}
        labels = {choice.value: choice.label for choice in bank.organisation_answers}
        organisation.append(
            {
                "id": item.id,
                "text": item.text,
                "answer": given.get("answer"),
                "label": labels.get(given.get("answer")),
                "evidence": given.get("evidence"),
                "score": shown_score(organisation_score(bank, given.get("answer"))),
            }
        )
    view = {
        "key": card["key"],
        "number": number,
        "supplementary": card["supplementary"],
        "title": f"Supplementary questions for standard {card['key'][1:]}"
        if card["supplementary"]
        else bank.step(number).wording,
        **score_fields(bank, card["score"]),
        "respondents": card["respondents"],
        "coverage": card["coverage"],
        "parts": _parts(card),
        "basis": step_basis(card["parts"]),
        "change": None,
        "organisation": organisation,
        **sureness(bank, card),
        "items": [_item_view(bank, results, item) for item in items_for_step(bank, card["key"]) if item.type != "text"],
        "indicators": [_indicator_view(bank, results, i) for i in bank.indicators if i.step == number],
    }
    view["gap"] = gap_sentence(bank, view)
    return view


def gap_sentence(bank: QuestionBank, step: dict) -> str | None:
    """The organisation's view beside the practitioners' score, said in words."""
    answered = [entry for entry in step["organisation"] if entry["label"]]
    practitioners = step["parts"]["practitioner"]
    if not answered or practitioners is None:
        return None
    label = answered[0]["label"]
    band = bank.band_for(practitioners).name
    sentence = (
        f"The organisation rates this as {label[0].lower()}{label[1:]}; practitioners score it {practitioners} ({band})"
    )
    difference = answered[0]["score"] - practitioners
    if difference > 0:
        sentence += f", {difference} points lower"
    elif difference < 0:
        sentence += f", {-difference} points higher"
    return sentence + "."


def _item_view(bank: QuestionBank, results: dict, item) -> dict:
    summary = results["items"][item.id]
    base = summary["scored"] if item.scored else summary["answered"] - summary["dont_know"]
    view = {
        "id": item.id,
        "text": item.text,
        "type": item.type,
        "reverse": item.reverse,
        "unit": item.unit,
        "suppressed": base < results["reporting_threshold"],
    }
    if view["suppressed"]:
        return view
    answered = summary["answered"]
    rows = [dict(row) for row in summary["distribution"]]
    if item.dont_know and item.type != "number":
        rows.append({"value": "dont_know", "label": bank.dont_know_label, "count": summary["dont_know"]})
    for row in rows:
        row["percent"] = _rate(row["count"], answered if item.type != "number" else base)
        row["score"] = _row_score(bank, item, row["value"])
        row["tone"] = answer_tone(row["score"], row["value"])
    view.update(
        {
            "answered": answered,
            "dont_know": summary["dont_know"],
            "scored": summary["scored"],
            **score_fields(bank, summary["score"]),
            "positive": shown_score(summary["positive"]),
            "positive_interval": _wilson(summary),
            "positive_rule": positive_rule(bank, item),
            "distribution": rows,
            "mean_value": _one_place(summary.get("mean_value")),
            "median_value": _one_place(summary.get("median_value")),
        }
    )
    return view


# What a number answer's row scores: at or better than good, in between, at or worse than poor.
_NUMBER_ROW_SCORES = {"good": 100.0, "between": 50.0, "poor": 0.0}


def _row_score(bank: QuestionBank, item, value: str) -> float | None:
    """The score the bank gives an answer in a distribution (mirrored for a reverse item), or None."""
    from healthcheck.results.points import answer_score

    if item.type == "number":
        return _NUMBER_ROW_SCORES.get(value)
    return answer_score(bank, item, value)


def answer_tone(score: float | None, value: str | None = None) -> str:
    """The colour of an answer in a distribution, from what it scores and never from where
    it comes in the list: "0" (worst, purple) to "4" (best, green) on a diverging scale
    that people with red-green colour blindness can read; "unscored" for an answer the
    bank gives no score (multiple choice); "dont-know" for "don't know"."""
    if value == DONT_KNOW:
        return "dont-know"
    if score is None:
        return "unscored"
    return str(min(4, int(score // 20)))


def positive_rule(bank: QuestionBank, item) -> str | None:
    """What "% positive" means for this item, in words: one rule, the answers scoring at
    least the bank's positive threshold, said in the item's own terms."""
    from healthcheck.results.points import answer_score

    threshold = bank.positive_threshold
    if not item.scored:
        return None
    if item.type == "number":
        # linear_score(value) >= threshold, solved for the value.
        edge = item.poor + (item.good - item.poor) * threshold / 100
        better = "or fewer" if item.good < item.poor else "or more"
        return (
            f"% positive is the share of answers of {edge:g} {item.unit or ''} {better}: those scoring at least "
            f"{threshold:g} of 100, where {item.good:g} or better scores 100 and {item.poor:g} or worse scores 0."
        ).replace("  ", " ")
    labels = [
        choice.label for choice in bank.choices_for(item) if (answer_score(bank, item, choice.value) or 0) >= threshold
    ]
    named = " or ".join(f"\u201c{label}\u201d" for label in labels)
    reverse = " (agreeing is bad news here, so disagreeing is positive)" if item.reverse else ""
    return (
        f"% positive is the share of answers that are {named}{reverse}: those scoring at least {threshold:g} "
        f"of 100. \u201cDon\u2019t know\u201d is left out."
    )


def _wilson(summary: dict) -> dict | None:
    from healthcheck.results import uncertainty

    if summary["positive"] is None:
        return None
    scored = summary["scored"]
    low, high = uncertainty.wilson(round(summary["positive"] * scored / 100), scored)
    return {"low": shown_score(low), "high": shown_score(high)}


def _one_place(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _indicator_view(bank: QuestionBank, results: dict, indicator) -> dict:
    from healthcheck.results.scoring import indicator_score

    individual_fields = {field.key for field in bank.workforce_fields if field.individual}
    individual = bool(set(indicator.numerator + indicator.denominator) & individual_fields)
    k = results["reporting_threshold"]
    hidden_teams = set(results["indicators"]["hidden_individual"]) if individual else set()
    names = {team["id"]: team["name"] for team in results["teams"]}
    headcounts = {team["id"]: team["headcount"] or 0 for team in results["teams"]}

    def shown(value, hidden):
        if hidden or value is None:
            return {"value": None, "score": None, "band": None, "hidden": hidden}
        return {"value": _one_place(value), **score_fields(bank, indicator_score(indicator, value)), "hidden": False}

    return {
        "id": indicator.id,
        "name": indicator.name,
        "unit": indicator.unit,
        "good": indicator.good,
        "poor": indicator.poor,
        "individual": individual,
        **shown(
            results["indicators"]["organisation"][indicator.id],
            individual
            and (results["eligible"] < k or indicator.id in results["indicators"]["hidden_individual_organisation"]),
        ),
        "teams": [
            {
                "name": names[row["team_id"]],
                **shown(row["values"][indicator.id], row["team_id"] in hidden_teams),
                "hidden_reason": _hidden_reason(headcounts.get(row["team_id"]), k)
                if row["team_id"] in hidden_teams
                else None,
            }
            for row in results["indicators"]["teams"]
        ],
    }


def _hidden_reason(headcount: int | None, k: int) -> str:
    """Why a team's figure about individuals is hidden: its own size, or a smaller team's."""
    if (headcount or 0) < k:
        return f"Not shown: this is about individuals, and the team has fewer than {k} staff"
    return "Not shown, so that a smaller team's figure cannot be worked out from the total"


def _group_standards(bank: QuestionBank, card: dict | None) -> list[dict]:
    return [
        {
            "number": standard.number,
            **(score_fields(bank, s["score"]) if card else {"score": None, "band": None}),
            "change": None,
            **(
                {**sureness(bank, s), "against_rest": _welch_inputs(s)}  # tested in judge_against_the_rest
                if card
                else {"interval": None, "band_range": None, "sampling": None, "precise": None, "against_rest": None}
            ),
        }
        for standard, s in zip(bank.standards, card["standards"] if card else bank.standards)
    ]


def judge_against_the_rest(rows: list[dict]) -> None:
    """Correct the p-values of one breakdown's group-against-the-rest comparisons together
    (Benjamini-Hochberg) and give each its verdict."""
    from healthcheck.results import uncertainty

    waiting = [cell for row in rows for cell in row["standards"] if isinstance(cell.get("against_rest"), tuple)]
    # every cell's Welch test at once
    for cell, p in zip(waiting, uncertainty.welch_p_many([cell["against_rest"] for cell in waiting])):
        inputs = cell["against_rest"]
        cell["against_rest"] = (
            None
            if p is None
            else {"difference": round(inputs[0] - inputs[3], 1), "p": p, "adjusted_p": None, "verdict": None}
        )
    cells = [cell["against_rest"] for row in rows for cell in row["standards"] if cell.get("against_rest")]
    for cell, adjusted in zip(cells, uncertainty.benjamini_hochberg([cell["p"] for cell in cells])):
        cell["adjusted_p"] = adjusted
        cell["verdict"] = uncertainty.verdict(cell["difference"], adjusted)


def _row(bank, results, by, key, name, status, respondents, headcount, note=None, extra=None) -> dict:
    shown = status == "shown"
    card = results["groups"].get(key) if shown else None
    return {
        "by": by,
        "key": key,
        "name": name,
        "status": status,
        "suppressed": not shown,
        "respondents": respondents if shown else None,
        "headcount": headcount,
        "response_rate": _rate(respondents, headcount) if shown else None,
        "more_than_headcount": shown and headcount is not None and respondents > headcount,
        "note": note,
        "combined": False,
        "members": [],
        **(extra or {}),
        "standards": _group_standards(bank, card),
    }


def _team_rows(bank: QuestionBank, results: dict) -> list[dict]:
    k = results["reporting_threshold"]
    plan = results["plan"]["teams"]
    units = {unit["key"]: unit for unit in plan["units"]}
    rows = []
    for team in results["teams"]:
        key = team_key(team["slug"])
        status, unit = plan["teams"][key]["status"], units.get(plan["teams"][key]["unit"])
        if team["id"] is None and status != "shown" and not unit:
            continue
        rows.append(
            _row(
                bank,
                results,
                "team",
                key,
                team["name"],
                status,
                team["respondents"],
                team["headcount"] or None,
                _note(k, status, unit),
                {"service_area": team["service_area"]},
            )
        )
    for unit in plan["units"]:
        if unit["combined"]:
            members = [t for t in results["teams"] if t["id"] in unit["team_ids"]]
            rows.append(
                _row(
                    bank,
                    results,
                    "team",
                    unit["key"],
                    unit["name"],
                    "shown",
                    unit["respondents"],
                    sum(t["headcount"] or 0 for t in members) or None,
                    None,
                    {"combined": True, "members": [t["name"] for t in members], "service_area": None},
                )
            )
    return rows


def _note(k: int, status: str, unit: dict | None) -> str | None:
    if status == "fewer":
        return f"Fewer than {k} responses" + (f": included in {unit['name']}" if unit else "")
    if status == "combined":
        return f"Combined with smaller groups in {unit['name']}"
    if status == "protected":
        return "Not shown, so that a smaller group's figures cannot be worked out from it"
    return None


def _service_rows(bank: QuestionBank, results: dict) -> list[dict]:
    k = results["reporting_threshold"]
    headcount = {team["id"]: team["headcount"] or 0 for team in results["teams"]}
    return [
        _row(
            bank,
            results,
            "service",
            f"service:{area['name']}",
            area["name"],
            area["status"],
            area["respondents"],
            sum(headcount[t] for t in area["team_ids"]) or None,
            _note(k, area["status"], None),
        )
        for area in results["plan"]["teams"]["areas"]
    ]


def _role_rows(bank: QuestionBank, results: dict) -> list[dict]:
    k = results["reporting_threshold"]
    plan = results["plan"]["roles"]
    units = {unit["key"]: unit for unit in plan["units"]}
    rows = []
    for code in [*ROLE_GROUPS, None]:
        slug = code or NOT_GIVEN
        count = results["roles"].get(slug, 0)
        status, unit = plan["roles"][slug]["status"], units.get(plan["roles"][slug]["unit"])
        if code is None and not count:
            continue
        rows.append(
            _row(bank, results, "role", f"role:{slug}", role_name(code), status, count, None, _note(k, status, unit))
        )
    for unit in plan["units"]:
        if unit["combined"]:
            rows.append(
                _row(
                    bank,
                    results,
                    "role",
                    unit["key"],
                    unit["name"],
                    "shown",
                    unit["respondents"],
                    None,
                    None,
                    {"combined": True, "members": [role_name(code) for code in unit["roles"]]},
                )
            )
    return rows


def _comments(bank: QuestionBank, results: dict, unit_names: dict) -> dict:
    by_standard: dict[int, list] = {standard.number: [] for standard in bank.standards}
    for comment in results["comments"]:
        about = comment["about"]
        if isinstance(about, int):
            standard, question = about, None
        else:
            item = bank.item(about)
            standard, question = item.standard, item.text
        if standard in by_standard and (comment["unit"] is None or comment["unit"] in unit_names):
            by_standard[standard].append(
                {
                    "text": comment["text"],
                    "group": unit_names.get(comment["unit"]),
                    "question": question,
                    "themes": comment.get("themes", []),
                }
            )
    for comments in by_standard.values():
        # Sorted by their words, so their order cannot link one person's comments together.
        comments.sort(key=lambda comment: (comment["text"].casefold(), comment["group"] or ""))
    return by_standard
