"""The words both documents share: the purpose, how the health check was run, what the
thresholds mean, and the next steps. Plain sentences from the cycle and its release."""

from __future__ import annotations

from healthcheck import cycles
from healthcheck.formatting import long_date
from healthcheck.reports.pack import CommitteePack
from healthcheck.reports.wording import plural, respondents_text

# Shown wherever the principal social worker has something to write before the pack goes out.
PLACEHOLDER = "[To complete: {}]"


def placeholder(what: str) -> str:
    return PLACEHOLDER.format(what)


def purpose(pack: CommitteePack) -> str:
    who = pack.organisation or "the organisation"
    return (
        f"To report the findings of {who}'s Social Work Health Check ({pack.cycle['name']}): how well the "
        "working conditions of its social workers meet the eight employer standards, what practitioners said, "
        "and the action plan agreed in response."
    )


def health_check() -> str:
    return (
        "Every employer of social workers in England is expected to run an annual Social Work Health Check: a "
        "review of whether the practice conditions and working environment of its social work workforce are "
        "safe, effective, caring, responsive and well-led. The check's 39 steps are grouped under the eight "
        "employer standards. Each step is answered from workforce data, from practitioners' answers to an "
        "anonymous survey, from the organisation's own view of itself, or from more than one of these."
    )


def how_it_was_run(pack: CommitteePack) -> list[str]:
    cycle, view = pack.cycle, pack.view
    lines = [
        f"Survey: {cycles.survey_period(cycle)}.",
        f"Workforce figures: as at {long_date(cycle['capture_date'])}." if cycle.get("capture_date") else None,
        respondents_text(view),
        f"Results released on {long_date(cycle['released_on'])}; they were worked out once, with the teams as "
        "they stood then, and do not change."
        if cycle.get("released_on")
        else None,
        f"Reporting threshold: no figure is shown for a group of fewer than {view['reporting_threshold']} "
        "people; smaller teams are combined with others or left out, and no figure is shown that would let "
        "anyone work out a hidden one.",
        f"Comments: a comment names its team only when the team has at least {view['comment_threshold']} "
        "responses; comments are reviewed before release.",
        "Scores are out of 100 and banded "
        + ", ".join(f"{band['name']} {band['min']} to {band['max']}" for band in pack.bands)
        + ". Each practitioner-based score has a 95% interval; a change since last cycle is called clear only "
        "when it is at least 5 points and unlikely to be chance.",
    ]
    return [line for line in lines if line]


def comments_summary(pack: CommitteePack) -> str:
    if pack.view["fewer_than_threshold"]:
        return f"Comments are shown only once at least {pack.view['reporting_threshold']} people have answered."
    total = pack.comment_total
    if pack.themes:
        return (
            f"Practitioners wrote {plural(total, 'comment')}. The themes below group them by what they are "
            "about, with how many comments each holds and one comment as an example, in the writer's words."
        )
    return f"Practitioners wrote {plural(total, 'comment')}. The table gives how many were about each standard."


def next_steps(pack: CommitteePack) -> list[str]:
    return [
        "The action plan is monitored by the steering group and reported back to staff.",
        "A plain summary of these results and the actions is published for all staff.",
        placeholder("when progress on the action plan comes back to this committee, and the next health check's dates"),
    ]


def recommendations() -> list[str]:
    return [
        placeholder("what the committee is asked to note, for example the findings of the health check"),
        placeholder("what the committee is asked to agree or endorse, for example the action plan"),
        placeholder("when and how progress is reported back"),
    ]


def action_status_counts(pack: CommitteePack) -> str:
    if not pack.actions:
        return "No actions have been recorded for this cycle yet."
    counts: dict[str, int] = {}
    for action in pack.actions:
        counts[action["status"]] = counts.get(action["status"], 0) + 1
    overdue = sum(1 for action in pack.actions if action["overdue"])
    said = ", ".join(f"{count} {status.lower()}" for status, count in counts.items())
    return f"{plural(len(pack.actions), 'action')}: {said}; {overdue} overdue."
