"""Article bodies: Markdown to HTML (tables, footnotes, attribute lists), sanitized unless trusted.

A paragraph that is only bold text (`**小标题**`) is a subhead in print; it becomes an <h2>.
Images written in the text are handed to `picture`, which returns the responsive markup for them.
"""
from __future__ import annotations

import html as htmllib
import re
from typing import Callable

import markdown
import nh3

__all__ = ["Markup"]

# Without these characters Markdown can produce no tag, link or attribute of the writer's own, so
# there is nothing to sanitize (most news bodies: plain paragraphs and bold subheads).
_MAY_CARRY_HTML = re.compile(r"[<\[{]")
_SUBHEAD = re.compile(r"<p><strong>([^<]+)</strong></p>")
_IMG = re.compile(r'<img\s+([^>]*?)/?>')
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')

_TAGS = nh3.ALLOWED_TAGS | {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
                            "sup", "sub", "figure", "figcaption", "div", "span", "section", "hr", "img", "del", "ins",
                            "mark", "small", "dl", "dt", "dd"}
_ATTRS = {tag: {"class", "id", "title", "lang"} for tag in _TAGS}
_ATTRS["a"] |= {"href", "name"}
_ATTRS["img"] |= {"src", "alt", "width", "height"}
_ATTRS["td"] |= {"colspan", "rowspan", "align", "style"}
_ATTRS["th"] |= {"colspan", "rowspan", "align", "style", "scope"}
_ATTRS["ol"] |= {"start"}


class Markup:
    def __init__(self, trust_html: bool, footnote_back: str = "Back to footnote {} in the text"):
        self._md = markdown.Markdown(extensions=["tables", "footnotes", "attr_list", "sane_lists"],
                                     extension_configs={"footnotes": {"BACKLINK_TEXT": "↩",
                                                                      "BACKLINK_TITLE": footnote_back}})
        self._trust = trust_html

    def convert(self, text: str, picture: Callable[[str, str], str | None] | None = None) -> str:
        html = self._md.reset().convert(text)
        if not self._trust and _MAY_CARRY_HTML.search(text):
            html = nh3.clean(html, tags=_TAGS, attributes=_ATTRS, link_rel="noopener noreferrer",
                             url_schemes={"http", "https", "mailto"}, filter_style_properties={"text-align"})
        html = _SUBHEAD.sub(r'<h2 class="subhead">\1</h2>', html)
        if picture:
            html = _IMG.sub(lambda m: _replace_img(m, picture), html)
        return html


def _replace_img(match: re.Match, picture) -> str:
    attrs = {k: htmllib.unescape(v) for k, v in _ATTR.findall(match.group(1))}   # as written in the Markdown
    return picture(attrs.get("src", ""), attrs.get("alt", "")) or match.group(0)
