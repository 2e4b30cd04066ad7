"""Article bodies: Markdown to HTML (tables, footnotes, attribute lists), sanitized unless trusted.

A paragraph that is only bold text (`**小标题**`) is a subhead in print; it becomes an <h2>.
Bodies of nothing but plain paragraphs and subheads skip Python-Markdown (see `_plain_paragraphs`).
Images written in the text are handed to `picture`, which returns the responsive markup for them.
"""
from __future__ import annotations

import html as htmllib
import re
from typing import Callable

import nh3

__all__ = ["Markup"]

# Without these characters Markdown can produce no tag, link or attribute of the writer's own, so
# there is nothing to sanitize (most news bodies: plain paragraphs and bold subheads).
_MAY_CARRY_HTML = re.compile(r"[<\[{]")
_SUBHEAD = re.compile(r"<p><strong>([^<]+)</strong></p>")
# Characters Markdown, with the extensions used below, might read as markup anywhere in a paragraph (inline syntax,
# HTML, entities) or would escape, controls and line separators; and what at the start of a line might begin a block:
# heading, quote, list (with any Unicode digit), rule, setext underline, fence, definition.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&{}!|\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_BLOCK_START = re.compile(r"[#>:=+~-]|\d+[.)]")
_BOLD = re.compile(r"\*\*([^\n]+)\*\*")
_BLANK_LINES = re.compile(r"\n{2,}")
# Python's html.parser (3.11), which Python-Markdown runs over the whole body to find blocks of raw HTML, reads
# from every '<' that may open a tag, comment or declaration on to where that could end, which for an unclosed one
# is the end of the body: time grows with their number times the body's length.  Past this product, the body is
# converted without that pass (its HTML is then read inline, paragraph by paragraph, still sanitized).  A short
# tag closed by its '>' (quoted attributes included) costs its length, and is not counted.
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_SHORT_TAG = re.compile(r"""<[A-Za-z/](?:[^<>'"]|"[^"<>]{0,200}"|'[^'<>]{0,200}'){0,300}>""")
HTML_BLOCK_SCAN_LIMIT = 20_000_000
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
        self._footnote_back = footnote_back
        self._md = None         # made for the first body that needs it: most need no Python-Markdown at all
        self._md_inline_html = None     # the same without the pass for blocks of raw HTML (HTML_BLOCK_SCAN_LIMIT)
        self._trust = trust_html

    def convert(self, text: str, picture: Callable[[str, str], str | None] | None = None) -> str:
        html = _plain_paragraphs(text)
        return html if html is not None else self._markdown(text, picture)

    def _markdown(self, text: str, picture: Callable[[str, str], str | None] | None) -> str:
        html = self._converter(text).reset().convert(text)
        if not self._trust and _MAY_CARRY_HTML.search(text):
            html = nh3.clean(html, tags=_TAGS, attributes=_ATTRS, link_rel="noopener noreferrer",
                             url_schemes={"http", "https", "mailto"}, filter_style_properties={"text-align"})
        html = _SUBHEAD.sub(r'<h2 class="subhead">\1</h2>', html)
        if picture:
            html = _IMG.sub(lambda m: _replace_img(m, picture), html)
        return html

    def _converter(self, text: str):
        """Python-Markdown, made once; without its raw HTML block pass for a body that would take that pass
        quadratic time."""
        if "<" in text and _open_tag_starts(text) * len(text) > HTML_BLOCK_SCAN_LIMIT:
            if self._md_inline_html is None:
                self._md_inline_html = self._new_markdown()
                self._md_inline_html.preprocessors.deregister("html_block")
            return self._md_inline_html
        if self._md is None:
            self._md = self._new_markdown()
        return self._md

    def _new_markdown(self):
        import markdown
        return markdown.Markdown(extensions=["tables", "footnotes", "attr_list", "sane_lists"],
                                 extension_configs={"footnotes": {"BACKLINK_TEXT": "↩",
                                                                  "BACKLINK_TITLE": self._footnote_back}})


def _open_tag_starts(text: str) -> int:
    """How many '<' of `text` may start a tag, comment or declaration that the HTML parser reads far to end."""
    starts = len(_TAG_START.findall(text))
    return starts - len(_SHORT_TAG.findall(text)) if starts * len(text) > HTML_BLOCK_SCAN_LIMIT else starts


def _plain_paragraphs(text: str) -> str | None:
    """The HTML of a body of only plain paragraphs and bold subheads, byte for byte what `Markup._markdown`
    makes of it; None for any other body.

    Python-Markdown takes 1–2 ms an article, a third of a cold build, for what is nearly always just this. Whatever
    Markdown might read otherwise is declined (`_NOT_PLAIN`, `_BLOCK_START`); tests/render/test_markup.py compares the two
    on random texts, and the checks must follow any change to the Markdown extensions.
    """
    html = []
    for block in _BLANK_LINES.split(text.strip("\n")):
        bold = _BOLD.fullmatch(block)
        plain = bold.group(1) if bold else block
        if _NOT_PLAIN.search(plain):
            return None
        for line in plain.split("\n"):     # whitespace starting a line is dropped or code; ending it, maybe a <br>
            if not line or line[0].isspace() or line[-1].isspace() or _BLOCK_START.match(line):
                return None
        html.append(f'<h2 class="subhead">{plain}</h2>' if bold else f"<p>{plain}</p>")
    return "\n".join(html)


def _replace_img(match: re.Match, picture) -> str:
    attrs = {k: htmllib.unescape(v) for k, v in _ATTR.findall(match.group(1))}   # as written in the Markdown
    return picture(attrs.get("src", ""), attrs.get("alt", "")) or match.group(0)
