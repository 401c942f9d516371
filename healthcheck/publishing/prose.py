"""The principal social worker's own words on a public page: paragraphs and lists written
as plain text (a blank line between paragraphs, "- " or "1. " at the start of a list item),
rendered from a small, safe subset of Markdown. Nothing typed becomes HTML, a link or a
heading: anything else is shown as the characters that were typed."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

from healthcheck.formatting import DIRECTION_CONTROLS

# "zero" has paragraphs and text only; lists and line breaks are added, nothing else.
# html=False escapes every tag; with no link, image or autolink rule, a URL stays text.
_MARKDOWN = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False}).enable(["list", "newline"])

CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
}


def render_prose(text: str | None) -> Markup:
    """The text as GOV.UK paragraphs and lists, every character escaped."""
    source = str(text or "").translate(DIRECTION_CONTROLS)
    tokens = _MARKDOWN.parse(source)
    for token in tokens:
        if token.type in CLASSES:
            token.attrSet("class", CLASSES[token.type])
    return Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))  # noqa: S704 - escaped by markdown-it
