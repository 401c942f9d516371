"""Survey pages, rendered once per distinct state and then reused.

Rendering a GOV.UK page through Jinja is most of what a survey request costs, yet a page
with the same settings (its questions, which answers are ticked, its back link) always
renders the same HTML. So each page, and each question on it, is kept in a bounded cache
in each server process, keyed by those settings, and only what differs from one request
to the next is put in afterwards:

- the CSRF token and the script nonce, which are new for every request;
- anything a practitioner typed (a number, a comment), which views mark as `Typed`. A
  rendering holds a placeholder where typed text goes, never the text itself, so nothing
  a practitioner typed is kept once their page has been sent.

A page nobody has answered yet is the same for everyone, so it is kept whole by what it
is about (unanswered_page) and shown without building its form at all. Pages with an
error, a message or a signed-in member of staff are rendered afresh.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import secrets
import threading
from collections import OrderedDict

from flask import current_app, g, render_template, request, session
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from wtforms import Form

from healthcheck.formatting import inert_text
from healthcheck.web.security import csp_nonce

QUESTION = ("survey/_question.html", "render_question")
SUMMARY_LIST = ("govuk_frontend_jinja/components/summary-list/macro.html", "govukSummaryList")
PAGES_KEPT = 256
PARTS_KEPT = 2048

# Placeholders are unguessable, so no one can type one to have something else put in its place.
_MARK = "hc" + secrets.token_hex(8)
_PLACEHOLDER = re.compile(_MARK + r"_(\w+?)_")
CSRF, NONCE = f"{_MARK}_csrf_", f"{_MARK}_nonce_"
# The GOV.UK templates indent their HTML deeply; a kept page drops the indentation (never a
# line break, which pre-line text keeps), a quarter of its size, sent on every request.
_INDENTATION = re.compile(r"\n[ \t]+")


class Typed:
    """Text a practitioner typed: shown on their page, never kept in a rendering."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return escape(inert_text(self.text))

    def __eq__(self, other) -> bool:
        return isinstance(other, Typed) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def page(template: str, **context) -> str:
    """The page's HTML. A `form` in the context brings only its CSRF token and its errors:
    the answers a page shows come from its question settings, never from the form."""
    forms = {name: value for name, value in context.items() if isinstance(value, Form)}
    if any(form.errors for form in forms.values()) or _personal():
        return render_template(template, **context)
    return _filled(*_kept_page(template, context, forms))


def unanswered_page(template: str, about: dict, anchor, build) -> str:
    """A page of questions nobody has answered yet, which is the same for everyone: kept by
    `about` (everything it shows depends on, such as the cycle, the page and whether it
    leads back to check your answers) and `anchor` (the object it is built from, the
    cycle's question bank), so that its forms and settings are built only the first time.
    build() returns its context."""
    if _personal():
        return page(template, **build())
    key = json.dumps(
        [template, request.script_root, {name: _without_bank(value) for name, value in about.items()}], default=_plain
    )
    kept = _unanswered.get(key)
    if kept is None or kept[0] is not anchor:
        context = build()
        forms = {name: value for name, value in context.items() if isinstance(value, Form)}
        html, typed = _kept_page(template, context, forms)
        if typed or any(form.errors for form in forms.values()):
            raise ValueError(f"{template} shows answers, so it cannot be kept as unanswered")
        kept = _unanswered.keep(key, (anchor, html))
    return _filled(kept[1], [])


def _personal() -> bool:
    """Whether the page shows a message for this person or a signed-in member of staff."""
    return "_flashes" in session or bool(g.get("user"))


def _kept_page(template: str, context: dict, forms: dict) -> tuple[_Marked, list[Typed]]:
    """The page with placeholders, kept by its settings, and the typed text it needs."""
    typed: list[Typed] = []
    settings = {name: _without_bank(value) for name, value in context.items() if name not in forms}
    # Settings are built the same way every time, so their JSON is the same for the same
    # page without sorting keys (a different order could only cause a miss, never a wrong hit).
    key = json.dumps([template, request.script_root, settings], default=lambda value: _placeholder(value, typed))
    html = _pages.get(key)
    if html is None:
        marked = json.loads(key)[2]
        html = _pages.keep(key, _Marked(_render_marked(template, {**marked, **forms})))
    return html, typed


def render_question(question: dict) -> Markup:
    """One question's HTML (survey/_question.html), from the cache unless it holds typed text."""
    return _part(QUESTION, question)


def render_summary_card(section: dict) -> Markup:
    """One check-your-answers card (survey.summary.sections), from the cache unless it holds typed text."""
    return _part(
        SUMMARY_LIST,
        {
            "card": {"title": {"text": section["title"]}},
            "rows": section["rows"],
            "attributes": {"id": f"summary-{section['id']}"},
        },
    )


def kept_renderings() -> list[str]:
    """The HTML this process keeps (to show what is kept, and what never is)."""
    return _pages.values() + _unanswered.values() + _parts.values()


def forget_renderings() -> None:
    for kept in (_pages, _unanswered, _parts):
        kept.clear()


class _Kept:
    """A bounded, thread-safe map that forgets what was used least recently."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def keep(self, key, value):
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def values(self) -> list[str]:
        with self._lock:
            return [str(value[-1] if isinstance(value, tuple) else value) for value in self._items.values()]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_pages = _Kept(PAGES_KEPT)
_unanswered = _Kept(PAGES_KEPT)
_parts = _Kept(PARTS_KEPT)


def _part(macro: tuple[str, str], params: dict) -> Markup:
    try:
        key = (macro, json.dumps(params, default=_plain))
    except _HoldsTyped:
        return _render_macro(macro, params)
    html = _parts.get(key)
    if html is None:
        html = _parts.keep(key, _render_macro(macro, params))
    return html


def _render_macro(macro: tuple[str, str], params: dict) -> Markup:
    template, name = macro
    return Markup(getattr(current_app.jinja_env.get_template(template).module, name)(params))


def _render_marked(template: str, context: dict) -> str:
    """The page with placeholders for this request's CSRF token and nonce."""
    token_name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    saved = {name: g.pop(name, None) for name in (token_name, "csp_nonce")}
    setattr(g, token_name, CSRF)
    g.csp_nonce = NONCE
    try:
        html = render_template(template, **context)
    finally:
        for name, value in saved.items():
            g.pop(name, None)
            if value is not None:
                setattr(g, name, value)
    if saved[token_name] and saved[token_name] in html:
        # A template showed a form's own token rather than csrf_token(): keeping it would
        # hand one person's token to everyone.
        raise RuntimeError(f"{template} shows a CSRF token that is not csrf_token()")
    return _INDENTATION.sub("\n", html)


class _Marked:
    """A kept page cut at its placeholders (text, name, text, name, ..., text), so that
    filling it in is a join rather than a search through the whole page."""

    __slots__ = ("parts",)

    def __init__(self, html: str):
        self.parts = _PLACEHOLDER.split(html)

    def filled(self, values: dict) -> str:
        parts = self.parts[:]
        for index in range(1, len(parts), 2):
            parts[index] = values.get(parts[index], f"{_MARK}_{parts[index]}_")
        return "".join(parts)

    def __str__(self) -> str:
        return self.filled({})


def _filled(page: _Marked, typed: list[Typed]) -> str:
    values = {"csrf": generate_csrf(), "nonce": csp_nonce()}
    values.update((f"t{index}", text.__html__()) for index, text in enumerate(typed))
    return page.filled(values)


def _without_bank(value):
    """A cycle without the question bank frozen into it, which no page shows."""
    if isinstance(value, dict) and "bank_json" in value:
        return {name: part for name, part in value.items() if name != "bank_json"}
    return value


class _HoldsTyped(Exception):
    pass


def _placeholder(value, typed: list[Typed]):
    """Typed text becomes a placeholder (the text itself goes in `typed`); anything else as _plain."""
    if isinstance(value, Typed):
        typed.append(value)
        return f"{_MARK}_t{len(typed) - 1}_"
    return _plain(value)


def _plain(value):
    """How settings that are not JSON go into a key: every one must say all it shows."""
    if isinstance(value, Typed):
        raise _HoldsTyped()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"a survey page cannot be keyed by {type(value).__name__}")
