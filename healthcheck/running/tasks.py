"""The cycle's task list: set up teams, workforce figures, the organisation's view, the
survey, closing, reviewing flagged comments, releasing results, the action plan and publishing. Each task's status is
worked out from the data, never stored, and the next step is the first one not done.

Counts of responses keep to the reporting threshold (survey.uptake), so a status never
shows a count smaller than the threshold."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from healthcheck import cycles, organisation_view
from healthcheck.actions import plan as actions
from healthcheck.comments import review
from healthcheck.formatting import long_date
from healthcheck.publishing import summaries as publishing
from healthcheck.survey import uptake

NOT_STARTED, IN_PROGRESS, DONE, WAITING = "not started", "in progress", "done", "waiting"
# The order of the tasks, and the words of the button that starts each one.
ORDER = (
    ("teams", "Set up teams", "Add teams"),
    ("workforce", "Workforce figures", "Enter workforce figures"),
    ("organisation_view", "The organisation's view", "Answer the organisation's view"),
    ("survey", "Survey", "Open the survey"),
    ("close", "Close the survey", "Close the survey"),
    ("review", "Review comments", "Review comments"),
    ("release", "Release results", "Check the results"),
    ("action_plan", "Action plan", "Plan actions"),
    ("publish", "Publish a summary", "Publish a summary"),
)


@dataclass(frozen=True)
class Task:
    key: str
    name: str
    status: str  # what the tag says, like "6 teams, 356 staff"
    progress: str  # NOT_STARTED, IN_PROGRESS, DONE or WAITING (cannot start yet)
    button: str  # the words of the primary button when this is the next step


def released(cycle: dict) -> bool:
    """Whether the cycle's results are released."""
    return cycles.is_released(cycle)


def responses_text(db, cycle: dict) -> str:
    total = uptake.response_uptake(db, cycle).total
    if total.count is None:
        return f"{total.note or 'fewer than ' + str(cycle['reporting_threshold'])} responses".replace(
            "none yet responses", "no responses yet"
        )
    rate = f", {total.rate:.0f} %" if total.rate is not None else ""
    return f"{total.count} {'response' if total.count == 1 else 'responses'}{rate}"


def cycle_tasks(db, cycle: dict, today: datetime.date | None = None) -> list[Task]:
    today = today or datetime.date.today()
    bank = cycles.cycle_bank(cycle)
    teams = cycles.teams_for(db, cycle["id"])
    status = cycle["status"]
    found = {}

    if teams:
        staff = sum(team["headcount"] for team in teams)
        found["teams"] = (f"{len(teams)} {'team' if len(teams) == 1 else 'teams'}, {staff} staff", DONE)
    else:
        found["teams"] = ("Not started", NOT_STARTED)

    expected = len(teams) * len(bank.workforce_fields)
    entered = db.execute("select count(*) from workforce_figures where cycle_id = ?", [cycle["id"]]).fetchone()[0]
    if not teams:
        found["workforce"] = ("Add teams first", WAITING)
    elif entered == 0:
        found["workforce"] = ("Not started", NOT_STARTED)
    else:
        found["workforce"] = (f"{entered} of {expected} figures", DONE if entered >= expected else IN_PROGRESS)

    answered, items = organisation_view.answered_count(bank, organisation_view.answers_for(db, cycle["id"]))
    if answered == 0:
        found["organisation_view"] = ("Not started", NOT_STARTED)
    else:
        found["organisation_view"] = (f"{answered} of {items} answered", DONE if answered >= items else IN_PROGRESS)

    if status == "draft":
        found["survey"] = (f"Opens {long_date(cycle['opens_on'])}", NOT_STARTED if teams else WAITING)
        found["close"] = (f"Closes {long_date(cycle['closes_on'])}", WAITING)
    elif status == "open":
        found["survey"] = (f"Open: {responses_text(db, cycle)}", IN_PROGRESS)
        found["close"] = (f"Closes {long_date(cycle['closes_on'])}", NOT_STARTED)
    else:
        found["survey"] = (f"Closed: {responses_text(db, cycle)}", DONE)
        found["close"] = (f"Closed {long_date(cycles.closed_on(cycle))}", DONE)

    found["review"] = _review_status(db, cycle)
    if released(cycle):
        found["release"] = (f"Released {long_date(cycle.get('released_on'))}".strip(), DONE)
    elif status == "closed":
        found["release"] = ("Not released yet", NOT_STARTED)
    else:
        found["release"] = ("Not released yet", WAITING)

    plan = actions.list_actions(db, cycle["id"], today=today)
    if plan:
        overdue = sum(1 for action in plan if action["overdue"])
        text = f"{len(plan)} {'action' if len(plan) == 1 else 'actions'}" + (f", {overdue} overdue" if overdue else "")
        found["action_plan"] = (text, DONE)
    else:
        found["action_plan"] = ("Not started", NOT_STARTED if released(cycle) else WAITING)

    if publishing.live_publication(db, cycle["id"]):
        found["publish"] = ("Published", DONE)
    else:
        found["publish"] = ("Not published", NOT_STARTED if released(cycle) else WAITING)

    return [Task(key, name, *found[key], button) for key, name, button in ORDER]


def _review_status(db, cycle: dict) -> tuple[str, str]:
    """Flagged comments waiting for review (counted, never shown), or none."""
    if cycle["status"] != "closed":  # nothing of the comments, not even a count, while people may answer
        return ("After the survey closes", WAITING)
    counts = review.review_counts(db, cycle)
    reviewed = counts[review.KEEP] + counts[review.REDACT] + counts[review.HIDE]
    if counts["awaiting"]:
        return (f"{counts['awaiting']} waiting for review", IN_PROGRESS)
    if reviewed:
        return (f"{reviewed} reviewed", DONE)
    return ("None flagged", DONE if cycle["status"] == "closed" or released(cycle) else NOT_STARTED)


def next_task(cycle: dict, tasks: list[Task]) -> Task | None:
    """The one step to take next: setting up (teams, then figures and the view if not yet
    started), then opening, closing, releasing, planning and publishing in turn."""
    by_key = {task.key: task for task in tasks}
    if by_key["teams"].progress != DONE:
        return by_key["teams"]
    if cycle["status"] == "draft":
        for key in ("workforce", "organisation_view"):
            if by_key[key].progress == NOT_STARTED:
                return by_key[key]
        return by_key["survey"]
    if cycle["status"] == "open":
        return by_key["close"]
    if not released(cycle):
        return by_key["review"] if by_key["review"].progress == IN_PROGRESS else by_key["release"]
    for key in ("action_plan", "publish"):
        if by_key[key].progress == NOT_STARTED:
            return by_key[key]
    return None


def closing_checks(db, cycle: dict) -> list[str]:
    """What is unfinished when the survey is about to close, in plain words."""
    tasks = {task.key: task for task in cycle_tasks(db, cycle)}
    unfinished = []
    if tasks["workforce"].progress != DONE:
        unfinished.append(
            f"Workforce figures: {tasks['workforce'].status.lower()}. You can still add them after closing."
        )
    if tasks["organisation_view"].progress != DONE:
        unfinished.append(
            f"The organisation's view: {tasks['organisation_view'].status.lower()}. You can still answer it after closing."
        )
    unfinished.append(f"Responses so far: {responses_text(db, cycle)}.")
    return unfinished
