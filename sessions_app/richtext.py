"""Markdown drafts to safe HTML, with stable anchors on headings.

Drafts are written in Markdown in the browser, rendered with Python-Markdown and then
cleaned by nh3 against an allow-list: whatever HTML a draft contains, only plain text
structure (headings, lists, tables, emphasis, links) reaches other members' browsers.
Images are not allowed inline (a draft cannot make readers' browsers fetch arbitrary
URLs); pictures go in as attachments, checked by content like every other file.
"""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass

import markdown
import nh3
from django.utils.text import slugify

from members.vietnamese import fold

# Heading anchors start with this prefix so that a draft can never take over an id of the
# page around it (e.g. "main"); the sanitiser drops any other id.
ANCHOR_PREFIX = "s-"

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "del", "ins", "sub", "sup", "blockquote", "ul", "ol", "li", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "a", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _slugify(value: str, separator: str) -> str:
    # Folding first keeps Vietnamese headings readable in the anchor: "Thực trạng" -> "thuc-trang".
    return ANCHOR_PREFIX + (slugify(fold(value)) or "muc")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and not value.startswith(ANCHOR_PREFIX):
        return None
    return value


@dataclass(frozen=True)
class Rendered:
    html: str
    sections: list[
        dict[str, str | int]
    ]  # [{"id": "s-thuc-trang", "title": "Thực trạng", "level": 2}]


def _flatten(tokens: list[dict]) -> list[dict[str, str | int]]:
    out: list[dict[str, str | int]] = []
    for token in tokens:
        title = htmllib.unescape(token["name"])
        out.append({"id": token["id"], "title": title, "level": token["level"]})
        out.extend(_flatten(token["children"]))
    return out


def render_markdown(text: str) -> Rendered:
    """Render a draft: sanitised HTML and the list of its sections (headings with anchors).

    Headings get anchors derived from their text, so the same heading keeps the same anchor
    across versions and comments can point at it.
    """
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "fenced_code"],
        extension_configs={"toc": {"slugify": _slugify}},
        output_format="html",
    )
    raw = md.convert(text or "")
    html = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Rendered(html=html, sections=_flatten(md.toc_tokens))  # type: ignore[attr-defined]
