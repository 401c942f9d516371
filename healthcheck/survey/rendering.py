"""Survey questions rendered once per distinct state and then reused.

Rendering a page's GOV.UK radios is most of what a survey request costs, yet a question
with the same settings (its choices, which one is ticked, its error) always renders the
same HTML. So each rendering is kept, keyed by those settings, in a bounded cache in
each server process. Questions holding text a practitioner typed (a comment, a number)
are rendered afresh every time and never kept.
"""

from __future__ import annotations

import functools
import json

from flask import current_app
from markupsafe import Markup

TEMPLATE = "survey/_question.html"
CACHE_SIZE = 2048
TYPED = ("character_count", "number", "number_or_dont_know")


def render_question(question: dict) -> Markup:
    """The question's HTML, from the cache when its settings hold nothing typed."""
    environment = current_app.jinja_env
    if question["kind"] in TYPED and question["params"].get("value"):
        return _render(environment, question)
    return _cached(environment, json.dumps(question, sort_keys=True))


@functools.lru_cache(maxsize=CACHE_SIZE)
def _cached(environment, key: str) -> Markup:
    return _render(environment, json.loads(key))


def _render(environment, question: dict) -> Markup:
    return Markup(environment.get_template(TEMPLATE).module.render_question(question))

