"""The organisation's own view: the principal social worker's answer to each organisation
item of the bank (working well / needs improvement / not in place), with evidence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from healthcheck import cycles
from healthcheck.problems import CycleClosed, Problem
from healthcheck.questions import OrganisationItem, QuestionBank

EVIDENCE_LIMIT = 5000
LINK_LIMIT = 2000


@dataclass(frozen=True)
class Entry:
    """What was typed for one item: an answer value (or None), evidence and a link."""

    answer: str | None = None
    evidence: str = ""
    link: str = ""


def answers_for(db, cycle_id: int) -> dict[str, dict]:
    """{item id: {answer, evidence, link, updated_by, updated_on}} for the items answered."""
    return {
        row["item_id"]: {
            "answer": row["answer"],
            "evidence": row["evidence"] or "",
            "link": row["link"] or "",
            "updated_by": row["updated_by"],
            "updated_on": row["updated_on"],
        }
        for row in db.query(
            "select item_id, answer, evidence, link, updated_by, updated_on from organisation_answers "
            "where cycle_id = ? order by item_id",
            [cycle_id],
        )
    }


def standards_with_items(bank: QuestionBank) -> list:
    return [standard for standard in bank.standards if bank.organisation_items_for(standard.number)]


def answer_labels(bank: QuestionBank) -> dict[str, str]:
    return {choice.value: choice.label for choice in bank.organisation_answers}


def check_link(link: str) -> str | None:
    """None when the link is acceptable, else what is wrong with it."""
    if len(link) > LINK_LIMIT:
        return f"The link must be {LINK_LIMIT:,} characters or fewer"
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in link:
        return "Enter the link as a full web address starting with https://, like https://intranet.example/policy"
    return None


def save_answers(
    db, cycle: dict, items: tuple[OrganisationItem, ...], entries: dict[str, Entry], user_email: str
) -> int:
    """Check and store the answers to these items; an item with nothing entered is left
    as it was. Returns how many answers were saved."""
    if cycles.figures_locked(cycle):
        raise CycleClosed(f"{cycle['name']}'s results are released, so the organisation's view can no longer change")
    bank = cycles.cycle_bank(cycle)
    allowed = answer_labels(bank)
    known = {item.id for item in bank.organisation_items}
    errors, rows = {}, []
    today = datetime.date.today().isoformat()
    for item in items:
        if item.id not in known:
            raise KeyError(f"{item.id} is not an organisation item of this cycle's bank")
        entry = entries.get(item.id, Entry())
        evidence, link = (entry.evidence or "").strip(), (entry.link or "").strip()
        if entry.answer is None and not evidence and not link:
            continue
        if entry.answer not in allowed:
            errors[f"{item.id}_answer"] = (
                f"Choose how far this is in place for step {item.step}"
                if entry.answer is None
                else f"Choose one of the answers for step {item.step}"
            )
        if len(evidence) > EVIDENCE_LIMIT:
            errors[f"{item.id}_evidence"] = (
                f"Evidence for step {item.step} must be {EVIDENCE_LIMIT:,} characters or fewer"
            )
        if link and (problem := check_link(link)):
            errors[f"{item.id}_link"] = f"{problem} (step {item.step})"
        rows.append(
            {
                "cycle_id": cycle["id"],
                "item_id": item.id,
                "answer": entry.answer,
                "evidence": evidence,
                "link": link,
                "updated_by": user_email,
                "updated_on": today,
            }
        )
    if errors:
        raise Problem.together(errors)
    with db.atomic():
        for row in rows:
            db.execute(
                "insert into organisation_answers (cycle_id, item_id, answer, evidence, link, updated_by, updated_on) "
                "values (:cycle_id, :item_id, :answer, :evidence, :link, :updated_by, :updated_on) "
                "on conflict (cycle_id, item_id) do update set answer = excluded.answer, "
                "evidence = excluded.evidence, link = excluded.link, updated_by = excluded.updated_by, "
                "updated_on = excluded.updated_on",
                row,
            )
    return len(rows)


def next_standard(bank: QuestionBank, number: int) -> int | None:
    """The next standard after this one with organisation items, or None after the last."""
    later = [standard.number for standard in standards_with_items(bank) if standard.number > number]
    return later[0] if later else None


def answered_count(bank: QuestionBank, answers: dict[str, dict]) -> tuple[int, int]:
    """(items answered, items) across the whole view."""
    return sum(1 for item in bank.organisation_items if item.id in answers), len(bank.organisation_items)


def progress(bank: QuestionBank, answers: dict[str, dict]) -> list[tuple]:
    """(standard, items answered, items) for each standard with organisation items."""
    result = []
    for standard in standards_with_items(bank):
        items = bank.organisation_items_for(standard.number)
        result.append((standard, sum(1 for item in items if item.id in answers), len(items)))
    return result
