"""Demo seeder for publishing and comparing: last year's summary published with its main
themes and "You said, we did" in public words, the local authority the demo council's benchmarks compare with, and which of its
service areas are children's and adults' social work."""

import datetime

from healthcheck import cycles
from healthcheck.actions import plan as actions
from healthcheck.dfe import benchmarks as national_benchmarks
from healthcheck.dfe import figures as dfe_figures
from healthcheck.dfe import scope as benchmark_scope
from healthcheck.publishing import summaries as publishing
from healthcheck.publishing import you_said
from healthcheck.results import compute as results

PSW_EMAIL = "psw@northfield.example"
# Northfield is fictional; its benchmarks compare with a real authority of a similar size.
AUTHORITY = "Kirklees"
# Like with like: the all-age disability team is left out of both comparisons.
SERVICE_AREAS = {
    "Children": benchmark_scope.CHILDREN,
    "Adults": benchmark_scope.ADULTS,
    "Mental health": benchmark_scope.ADULTS,
    "All-age disability": benchmark_scope.NEITHER,
}
THEMES = """Thank you to everyone who answered: more of you took part than in any earlier staff survey.

What you told us most often:

- caseloads are the biggest worry, above all in the Front Door and MASH, where vacancies and agency cover are highest
- supervision happens more often than it did, but many of you say it is about cases rather than about you and your practice
- you value your teams and your managers, and most of you would recommend working here to a friend"""


# Last year's actions in the summary: (what staff said, what we did). The cancelled one
# (A-003, learning days) is left out, as a PSW may choose.
# Each published action: the theme of what staff said that it answers, a word a quoted comment
# must contain (or None for no quote), the PSW's own sentence (used if the release lacks the
# theme) and what we did, in public words.
PUBLIC_WORDS = {
    "A-001": (
        "Supervision quality",
        "supervision",
        "You told us supervision was often cancelled or put off when teams were busy.",
        "Every practitioner in adult services now has monthly supervision booked and recorded.",
    ),
    "A-002": (
        "Caseload pressure",
        "caseload",
        "You told us caseloads in the Front Door and MASH were too high to do the work well.",
        "We are agreeing a fair way to weigh caseloads with practitioners and the unions, to use when cases are allocated.",
    ),
    "A-004": (
        "IT and systems",
        None,
        "You told us broken laptops and phones took too long to replace.",
        "IT now aims to replace a practitioner's laptop or phone within five working days.",
    ),
}


def seed_public_words(db, cycle: dict) -> None:
    """Include the chosen actions, each answering the theme of what staff said that it is
    about (quoting one of its example comments where one fits), else the PSW's own sentence,
    as a PSW would choose them."""
    themes = {theme["name"]: theme for theme in you_said.themes_to_choose(results.results_for(db, cycle))}
    for reference, (theme_name, quote_word, said, wording) in PUBLIC_WORDS.items():
        action = actions.find_action(db, cycle["id"], reference)
        if action is None or action["in_summary"]:
            continue
        theme = themes.get(theme_name)
        examples = (theme or {}).get("examples") or []
        quote = next((text for text in examples if quote_word and quote_word in text.casefold()), "")
        values = {
            "in_summary": "yes",
            "said": theme["id"] if theme else "",
            "public_said": said,
            "public_wording": wording,
            "public_example": quote,
        }
        you_said.save_public_wording(db, action, values, themes=list(themes.values()))


def seed_publishing(context) -> None:
    db = context.db
    if national_benchmarks.chosen_authority(db) is None:
        national_benchmarks.choose_authority(db, AUTHORITY, dfe_figures.load(dfe_figures.BUNDLED_FILE))
    for cycle in (context.last_year, context.this_year):
        if not benchmark_scope.scope_for(db, cycle).chosen:
            areas = benchmark_scope.scope_for(db, cycle).kinds
            benchmark_scope.save_scope(db, cycle, {area: SERVICE_AREAS.get(area, kind) for area, kind in areas.items()})
    last_year = context.last_year
    if last_year["status"] == "open":
        # A summary is published once the results are released, so close last year's cycle on its
        # closing date and release its results now; the shared cycle is updated too, so the demo
        # does not try to close it a second time. This year's cycle stays open, with no results yet.
        closes_on = datetime.date.fromisoformat(last_year["closes_on"])
        last_year.update(cycles.close_cycle(db, last_year, closed_on=closes_on))
    if not cycles.is_released(last_year):
        last_year.update(results.release_results(db, last_year, released_by=PSW_EMAIL))
    seed_public_words(db, last_year)
    if publishing.latest_publication(db, last_year["id"]) is None:
        publishing.save_publication(db, last_year, THEMES, PSW_EMAIL)
