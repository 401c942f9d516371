"""Suggested actions: a draft for each standard and each step in the lowest band, and for
each shown team, service area and role group in the lowest band on a standard, with
its finding written from the cycle's results. Drafts are only ever shown; an action is
saved when the principal social worker keeps a draft and fills in who owns it and when
it is due.

Findings are written from the disclosable view (results.results_for) and nothing else,
so they carry no figure the results pages would not show: a question answered by fewer
people than the reporting threshold is never quoted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.problems import Problem
from healthcheck.questions import QuestionBank
from healthcheck.results import compute as results

PART_NAMES = {
    "practitioner": "practitioners",
    "organisation": "the organisation's own view",
    "workforce": "workforce figures",
}
LOWEST_STEPS_NAMED = 3


@dataclass(frozen=True)
class Draft:
    """One suggested action, not saved. `key` names it on the page: "standard-8" or "step-37"."""

    key: str
    standard: int
    standard_title: str
    step: int | None
    heading: str
    finding: str
    action: str
    # The team or service area the action is for (actions.group_choices value), or None.
    for_group: str | None = None
    for_name: str | None = None  # its name, in words


@dataclass(frozen=True)
class Suggestions:
    drafts: list[Draft]
    # Headings of low standards and steps left out because the plan already has an action for them.
    covered: list[str] = field(default_factory=list)

    def draft(self, key: str) -> Draft | None:
        return next((draft for draft in self.drafts if draft.key == key), None)


class SuggestionsChanged(ValueError):
    """A kept draft is no longer suggested: an action was added for it, or the results moved."""


class DraftError(ValueError):
    """Kept drafts that cannot be saved: [(draft key, field, message)]. Nothing was saved."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        super().__init__("; ".join(message for _, _, message in problems))
        self.problems = problems


def suggest_actions(db, cycle: dict) -> Suggestions:
    """Drafts for the cycle's low standards and steps that have no action yet."""
    planned = actions.list_actions(db, cycle["id"])
    existing = {(action["standard"], action["step"]) for action in planned}
    # A group's action names the group in its words: (standard, group name) it covers.
    named = {
        (action["standard"], name)
        for action in planned
        if action["step"] is None
        for name in _group_names(action["action"] or "")
    }
    # a shown team or service area's draft is for it (a combined group or role group is for no one team)
    groups = {
        f"team:{team['slug']}": f"team:{team['id']}"
        for team in db.query("select id, slug from teams where cycle_id = ?", [cycle["id"]])
    }
    groups.update(
        {f"service:{value[5:]}": value for value, _ in actions.group_choices(db, cycle["id"]) if value[:5] == "area:"}
    )
    return draft_actions(cycles.cycle_bank(cycle), results.results_for(db, cycle), existing | named, groups)


GROUP_PREFIX = "For "


def _group_names(text: str) -> list[str]:
    """The group an action was drafted for: its action starts "For <group>: ..."."""
    if text.startswith(GROUP_PREFIX) and ": " in text:
        return [text[len(GROUP_PREFIX) : text.index(": ")]]
    return []


def lowest_band(bank: QuestionBank) -> str:
    return min(bank.bands, key=lambda band: band.min).name


def draft_actions(
    bank: QuestionBank, view: dict, existing: set[tuple[int, int | None]], groups: dict | None = None
) -> Suggestions:
    """The drafts for a disclosable view; `existing` holds the (standard, step) of actions
    already planned; `groups` gives a group row's key its actions.group_choices value."""
    groups = groups or {}
    low = lowest_band(bank)
    drafts: list[Draft] = []
    covered: list[str] = []

    def offer(draft: Draft) -> None:
        if (draft.standard, draft.step) in existing:
            covered.append(draft.heading)
        else:
            drafts.append(draft)

    for standard in view["standards"]:
        number = standard["number"]
        heading = f"Standard {number}: {standard['title']}"
        supplementary = [step for step in standard["steps"] if step["supplementary"] and step["band"] == low]
        if standard["band"] == low or supplementary:
            sentences = [standard_finding(bank, standard)] if standard["band"] == low else []
            sentences += [step_finding(bank, step) for step in supplementary]
            offer(
                Draft(
                    f"standard-{number}",
                    number,
                    standard["title"],
                    None,
                    heading,
                    " ".join(sentences),
                    f"Agree with practitioners and the steering group what will change to meet standard "
                    f"{number}, {standard['title']}, who will lead it and by when.",
                )
            )
        for step in standard["steps"]:
            if step["supplementary"] or step["band"] != low:
                continue
            offer(
                Draft(
                    f"step-{step['number']}",
                    number,
                    standard["title"],
                    step["number"],
                    f"Step {step['number']} (standard {number})",
                    step_finding(bank, step),
                    f"Agree with practitioners and the steering group what will change for step "
                    f"{step['number']} ({step['title']}), who will lead it and by when.",
                )
            )
    for by, noun in (("team", "team"), ("service", "service area"), ("role", "role group")):
        for row in view["groups"].get(by, []):
            if row["suppressed"]:
                continue
            for cell, standard in zip(row["standards"], view["standards"]):
                if cell["band"] != low:
                    continue
                number = standard["number"]
                finding = (
                    f"{row['name']} ({noun}, {row['respondents']} responses) scores "
                    f"{_scored(cell['score'], cell['band'])} on standard {number} ({standard['title']})"
                )
                if cell.get("interval"):
                    finding += f", 95% interval {cell['interval']['low']} to {cell['interval']['high']}"
                finding += "; the whole organisation scores " + (
                    _scored(standard["score"], standard["band"]) if standard["score"] is not None else "no score"
                )
                rest = cell.get("against_rest")
                if rest and rest.get("verdict") in ("clearly higher", "clearly lower"):
                    finding += f". Its practitioners score {rest['verdict']} than everyone else's"
                draft = Draft(
                    f"group-{_key_part(row['key'])}-standard-{number}",
                    number,
                    standard["title"],
                    None,
                    f"{row['name']}: standard {number}",
                    finding + ".",
                    f"{GROUP_PREFIX}{row['name']}: agree with the {noun}'s practitioners and managers what will "
                    f"change to meet standard {number}, {standard['title']}, who will lead it and by when.",
                    None if row["combined"] else groups.get(row["key"]),
                    None if row["combined"] or row["key"] not in groups else row["name"],
                )
                if (number, row["name"]) in existing:
                    covered.append(draft.heading)
                else:
                    drafts.append(draft)
    return Suggestions(drafts, covered)


def _key_part(key: str) -> str:
    """A group's key as letters, digits and hyphens, for a draft's key on the page."""
    return "".join(character if character.isalnum() else "-" for character in key)


def _scored(value: int, band: str | None) -> str:
    return f"{value} ({band})" if band else str(value)


def _parts(bank: QuestionBank, parts: dict) -> str:
    shown = [
        f"{PART_NAMES[part]} {_scored(value, bank.band_for(value).name)}"
        for part, value in parts.items()
        if value is not None
    ]
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _step_name(step: dict) -> str:
    return "the supplementary questions" if step["supplementary"] else f"step {step['number']}"


def _verb(step: dict) -> str:
    return "score" if step["supplementary"] else "scores"


def _sentence(text: str) -> str:
    """End with a full stop, unless a quoted question or statement already ends it."""
    return text if text.endswith(('?"', '."', '!"')) else text + "."


def standard_finding(bank: QuestionBank, standard: dict) -> str:
    """ "Standard 8 (Effective partnerships) scores 40 (Low) ..." with its parts and lowest steps."""
    coverage = standard["coverage"]
    text = (
        f"Standard {standard['number']} ({standard['title']}) scores "
        f"{_scored(standard['score'], standard['band'])}, from {coverage['with_data']} of "
        f"{coverage['of']} steps with data."
    )
    parts = _parts(bank, standard["parts"])
    if parts:
        text += f" By part: {parts}."
    steps = sorted((step for step in standard["steps"] if step["score"] is not None), key=lambda s: s["score"])
    if steps:
        lowest = "; ".join(
            f"{_step_name(step)} {_verb(step)} {_scored(step['score'], step['band'])}"
            for step in steps[:LOWEST_STEPS_NAMED]
        )
        text += f" Lowest: {lowest}."
    return text


def step_finding(bank: QuestionBank, step: dict) -> str:
    """ "Step 8 scores 38 (Low). Practitioners score it 35 (Low); 41% answered ..." from what may be shown."""
    name = _step_name(step)
    sentences = [f"{name[0].upper()}{name[1:]} {_verb(step)} {_scored(step['score'], step['band'])}."]
    practitioners = step["parts"]["practitioner"]
    if practitioners is not None:
        sentence = (
            f"Practitioners score {'them' if step['supplementary'] else 'it'} "
            f"{_scored(practitioners, bank.band_for(practitioners).name)}"
        )
        weakest = weakest_item(step)
        if weakest is not None and (detail := item_finding(bank, weakest)):
            sentence += f"; {detail}"
        sentences.append(_sentence(sentence))
    for entry in step["organisation"]:
        if entry["label"]:
            sentences.append(f"The organisation rates it as {entry['label'][0].lower()}{entry['label'][1:]}.")
    for indicator in step["indicators"]:
        if indicator["value"] is not None and indicator["score"] is not None:
            unit = "%" if indicator["unit"] == "%" else f" {indicator['unit']}"
            sentences.append(
                f"{indicator['name']} is {indicator['value']:g}{unit} "
                f"(scoring {_scored(indicator['score'], indicator['band'])})."
            )
    return " ".join(sentences)


def weakest_item(step: dict) -> dict | None:
    """The step's lowest-scoring question among those the view shows (never a suppressed one)."""
    shown = [
        item
        for item in step["items"]
        if not item["suppressed"] and item.get("score") is not None and item.get("scored")
    ]
    return min(shown, key=lambda item: (item["score"], item["id"]), default=None)


def _share(item: dict, values: set[str]) -> int:
    count = sum(row["count"] for row in item["distribution"] if row["value"] in values)
    return round(100 * count / item["scored"])


def _either(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def item_finding(bank: QuestionBank, item: dict) -> str | None:
    """What the weakest question's answers say, in words: the share giving a poor answer."""
    question = bank.item(item["id"])
    threshold = bank.positive_threshold
    text = f'"{item["text"].rstrip(".")}"'
    if item["type"] == "frequency":
        poor = [
            choice
            for choice in bank.choices_for(question)
            if choice.score is not None and (100 - choice.score if question.reverse else choice.score) < threshold
        ]
        if not poor:
            return None
        share = _share(item, {choice.value for choice in poor})
        return f"{share}% answered {_either([choice.label for choice in poor])} to {text}"
    if item["type"] == "agreement":
        agreeing = {choice.value for choice in bank.choices_for(question) if choice.score >= threshold}
        if question.reverse:
            return f"{_share(item, agreeing)}% agree with {text}"
        disagreeing = {choice.value for choice in bank.choices_for(question)} - agreeing
        return f"{_share(item, disagreeing)}% do not agree with {text}"
    if item["type"] == "number" and item.get("median_value") is not None:
        return (
            f"the middle answer to {text} is {item['median_value']:g} {item['unit']} "
            f"(good is {question.good:g}, poor is {question.poor:g})"
        )
    return None


def keep_drafts(db, cycle: dict, kept: list[dict], author: str) -> list[dict]:
    """Save the drafts the PSW kept, as edited, all together or not at all.

    kept: [{"key", "finding", "action", "owner", "lead", "target_date"}]. Standard and
    step come from the draft itself, never from the page. A new action starts Not started
    and On track. Raises SuggestionsChanged when a key is no longer suggested (so the
    same drafts are never saved twice) and DraftError naming each problem.
    """
    bank = cycles.cycle_bank(cycle)
    suggestions = suggest_actions(db, cycle)
    rows, problems = [], []
    for entry in kept:
        draft = suggestions.draft(entry["key"])
        if draft is None:
            raise SuggestionsChanged(entry["key"])
        values = {
            "standard": draft.standard,
            "step": draft.step,
            "for_group": draft.for_group,
            "status": actions.STATUSES[0],
            "progress": actions.PROGRESS[0],
            **{name: entry.get(name) for name in ("finding", "action", "owner", "lead", "target_date")},
        }
        try:
            rows.append({**actions.check_action(bank, values), "for_group": draft.for_group})
        except Problem as error:
            problems.append((draft.key, error.field, f"{draft.heading}: {error.message}"))
    if problems:
        raise DraftError(problems)
    with db.atomic():
        return [actions.create_action(db, cycle, row, author, bank) for row in rows]
