"""Survey questions and answer summaries rendered once per distinct state and then reused.

Rendering a page's GOV.UK radios, or the check-your-answers cards, is most of what a
survey request costs, yet a question with the same settings (its choices, which one is
ticked, its error) always renders the same HTML. So each rendering is kept, keyed by
those settings, in a bounded cache in each server process. Anything holding text a
practitioner typed (a comment, a number) is rendered afresh every time and never kept.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from flask import current_app
from markupsafe import Markup

QUESTION = ("survey/_question.html", "render_question")
SUMMARY_LIST = ("govuk_frontend_jinja/components/summary-list/macro.html", "govukSummaryList")
CACHE_SIZE = 2048
TYPED = ("character_count", "number", "number_or_dont_know")


def render_question(question: dict) -> Markup:
    """The question's HTML, from the cache when its settings hold nothing typed."""
    if question["kind"] in TYPED and question["params"].get("value"):
        return _render(current_app.jinja_env, QUESTION, question)
    return _cached(current_app.jinja_env, QUESTION, json.dumps(question, sort_keys=True))


def render_summary_card(section: dict) -> Markup:
    """One check-your-answers card (survey.summary.sections), from the cache when it shows nothing typed."""
    params = {"card": {"title": {"text": section["title"]}}, "rows": section["rows"],
              "attributes": {"id": f"summary-{section['id']}"}}
    if section["typed"]:
        return _render(current_app.jinja_env, SUMMARY_LIST, params)
    return _cached(current_app.jinja_env, SUMMARY_LIST, json.dumps(params, sort_keys=True))


_kept: OrderedDict = OrderedDict()
_kept_lock = threading.Lock()


def _cached(environment, macro: tuple[str, str], key: str) -> Markup:
    with _kept_lock:
        html = _kept.get((environment, macro, key))
        if html is not None:
            _kept.move_to_end((environment, macro, key))
            return html
    html = _render(environment, macro, json.loads(key))
    with _kept_lock:
        _kept[environment, macro, key] = html
        while len(_kept) > CACHE_SIZE:
            _kept.popitem(last=False)
    return html


def kept_renderings() -> list[str]:
    """The HTML this process keeps (to show what is kept, and what never is)."""
    with _kept_lock:
        return [str(html) for html in _kept.values()]


def _render(environment, macro: tuple[str, str], params: dict) -> Markup:
    template, name = macro
    return Markup(getattr(environment.get_template(template).module, name)(params))
