"""Parsing content/'s text into plain records: an article's front matter and body, an edition.yaml.

Pure (text in, record out), so tests feed strings; source.py reads the files and hands their text here.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from ..core import Problem, YamlError, check_body, closest, excerpt, key_line, parse_yaml, say, text_digest

__all__ = ["ARTICLE_KEYS", "ArticleRecord", "EditionRecord", "SLUG_RE", "parse_article", "parse_edition",
           "split_front_matter"]

SLUG_RE = re.compile(r"^[\w][\w.-]*$")
# The alt text and labels stop at the next '[' (alt text may hold one [pair]): each '![' is then read up to the
# second bracket after it at most, and a body of unclosed '![' costs its length, not its square.
INLINE_IMAGE_RE = re.compile(r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))")  # ![alt](src)
REF_IMAGE_RE = re.compile(r"!\[([^\[\]]*)\](?:\[([^\[\]]*)\]|(?!\())")               # ![alt][ref], ![ref][], ![ref]
REF_DEF_RE = re.compile(r"^ {0,3}\[([^\[\]]+)\]:[ \t]*(\S+)", re.M)                      # [ref]: src

TOP_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*):(?:\s|$)")     # a key at the left edge of the front matter

ARTICLE_KEYS = ("title", "kicker", "subtitle", "authors", "section", "page", "order", "images", "area",
                "draft", "continues")
IMAGE_KEYS = ("file", "caption", "credit")
EDITION_KEYS = ("number", "pages")
PAGE_KEYS = ("name", "image", "pdf")

@dataclass
class ArticleRecord:
    rel: str                    # path under content/, e.g. "2024-11-25/08/five-tasks.md"
    edition: str                # the edition's date folder
    folder_page: int | None     # page number from the folder, None for a flat article
    slug: str
    meta: dict                  # normalized front matter (see ARTICLE_KEYS)
    lead: str                   # first paragraph as plain text, for page views and feeds
    chars: int                  # body length in characters
    inline_images: dict[str, int]   # image path written in the Markdown body -> its line in the file
    body_line: int              # line of the file where the body starts
    digest: str                 # hash of the whole file
    problems: list[Problem] = field(default_factory=list)
    front: str = ""             # the front matter's text (it starts on line 2), to find lines for messages

    def line_of(self, *keys) -> int | None:
        """Line in the file of a front matter key path, e.g. line_of("images", 0); for messages only."""
        return key_line(self.front, *keys, first_line=2) if self.front else None


@dataclass
class EditionRecord:
    rel: str                    # "2024-11-25/edition.yaml" (the file may not exist)
    date: str
    number: str
    pages: dict[int, dict]      # {8: {"name": "通辽", "image": "scans/p08.jpg", "pdf": None}}
    digest: str
    problems: list[Problem] = field(default_factory=list)
    text: str = ""

    def line_of(self, *keys) -> int | None:
        """Line in edition.yaml of a key path, e.g. line_of("pages", 8, "image"); for messages only."""
        return key_line(self.text, *keys) if self.text else None



def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line where the body starts)."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return None, text, 1
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None, text, 1


def parse_article(rel: str, text: str) -> ArticleRecord:
    """Parse one article file's text.  `rel` is its path under content/."""
    parts = rel.split("/")
    edition = parts[0]
    folder_page = int(parts[1]) if len(parts) == 3 else None
    slug = parts[-1][:-3]
    shown = f"content/{rel}"
    record = ArticleRecord(rel, edition, folder_page, slug, _default_meta(folder_page), "", 0, {}, 1,
                           text_digest(text))
    problems = record.problems

    def error(message, line=None, hint=""):
        problems.append(Problem(shown, message, line, hint))

    def warn(message, line=None, hint=""):
        problems.append(Problem(shown, message, line, hint, warning=True))

    if not SLUG_RE.match(slug):
        error(say("source.bad_file_name", name=parts[-1]), hint=say("source.bad_file_name_hint"))
    if folder_page == 0:
        error(say("source.page_zero", folder=parts[1]), hint=say("source.page_zero_hint"))
    fm, body, body_line = split_front_matter(text.replace("\r\n", "\n"))
    record.body_line, record.front = body_line, fm or ""
    record.lead, record.chars = _lead(body), len(body)
    check_body(body, body_line, error)
    record.inline_images = _inline_images(body, body_line)
    data = _front_matter_data(text, fm, error)
    if data is not None:
        _warn_repeated_keys(fm, warn)
        record.meta = _normalize_article(data, folder_page, error, warn, record.line_of)
    return record


def _warn_repeated_keys(fm: str, warn) -> None:
    """YAML silently keeps the last of two equal keys: a second 'images:' pasted below drops the first's photos."""
    first: dict[str, int] = {}
    for i, line in enumerate(fm.split("\n")):
        m = TOP_KEY_RE.match(line)
        if not m:
            continue
        key = m.group(1)
        if key in first:
            shown = excerpt(key, quoted=False)
            warn(say("source.key_twice", key=shown, first=first[key], second=i + 2), i + 2,
                 say("source.key_twice_hint", key=shown))
        else:
            first[key] = i + 2


def _front_matter_data(text: str, fm: str | None, error) -> dict | None:
    """The front matter as a mapping, or None after reporting why it cannot be read."""
    if fm is None:
        if text.lstrip("\ufeff").split("\n", 1)[0].rstrip() == "---":
            error(say("source.front_not_closed"), 1, say("source.front_not_closed_hint"))
        else:
            error(say("source.front_missing"), 1, say("source.front_missing_hint"))
        return None
    try:
        data = parse_yaml(fm, first_line=2)
    except YamlError as exc:
        error(str(exc), exc.line, exc.hint)
        return None             # every other check would only repeat this one
    if data is None:
        return {}
    if not isinstance(data, dict):
        error(say("source.front_not_mapping"), 2, say("source.front_not_mapping_hint"))
        return None
    return data


def _inline_images(body: str, body_line: int) -> dict[str, int]:
    """Images written in the Markdown text -> the line of the file they are on: '![说明](photo.jpg)',
    and '![说明][ref]' with '[ref]: photo.jpg' somewhere in the text."""
    found = {}
    if "![" not in body:        # most bodies: three regex scans of the whole text would find nothing
        return found
    for m in INLINE_IMAGE_RE.finditer(body):
        found.setdefault(m.group(1) or m.group(2), body_line + body.count("\n", 0, m.start()))
    refs = {m.group(1).lower(): m.group(2) for m in REF_DEF_RE.finditer(body)}
    for m in REF_IMAGE_RE.finditer(body):
        src = refs.get((m.group(2) or m.group(1)).lower())
        if src:
            found.setdefault(src, body_line + body.count("\n", 0, m.start()))
    return found


def _default_meta(folder_page: int | None) -> dict:
    return {"title": "", "kicker": "", "subtitle": "", "authors": [], "section": "", "page": folder_page,
            "order": None, "images": [], "area": None, "draft": False, "continues": ""}


def _normalize_article(data: dict, folder_page, error, warn, line_of) -> dict:
    """The one normalization table for article front matter."""
    meta = _default_meta(folder_page)
    for key in data:
        if key not in ARTICLE_KEYS:
            warn(say("source.unknown_key", key=excerpt(str(key))), line_of(key),
                 closest(str(key), ARTICLE_KEYS) or say("source.known_keys", keys=", ".join(ARTICLE_KEYS)))
    title = data.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        error(say("source.no_title"), line_of("title") or 1, say("source.no_title_hint"))
    elif _text(title) is None:
        error(say("source.title_not_text"), line_of("title"), say("source.title_not_text_hint"))
    else:
        meta["title"] = _text(title)
    for key in ("kicker", "subtitle", "section", "continues"):
        value = data.get(key)
        if value is None:
            continue
        if _text(value) is not None:
            meta[key] = _text(value)
        else:
            error(say("source.not_text", key=key), line_of(key), say("source.not_text_hint", key=key))
    authors = data.get("authors")
    if isinstance(authors, str):
        meta["authors"] = [a for a in re.split(r"[,，、]\s*", authors.strip()) if a]
    elif isinstance(authors, list) and all(isinstance(a, str) for a in authors):
        meta["authors"] = [a.strip() for a in authors if a.strip()]
    elif authors is not None:
        error(say("source.bad_authors"), line_of("authors"), say("source.bad_authors_hint"))
    meta["page"] = _article_page(data, folder_page, error, line_of)
    if "order" in data:
        order = data["order"]
        if isinstance(order, (int, float)) and not isinstance(order, bool) and math.isfinite(order):
            meta["order"] = order
        elif isinstance(order, float):     # .nan and .inf would sort nowhere and are not JSON
            error(say("source.order_not_ordinary", value=excerpt(order)), line_of("order"), say("source.order_hint"))
        else:
            error(say("source.order_not_number", value=excerpt(order)), line_of("order"), say("source.order_hint"))
    if "draft" in data:
        if isinstance(data["draft"], bool):
            meta["draft"] = data["draft"]
        else:
            error(say("source.bad_draft"), line_of("draft"), say("source.bad_draft_hint"))
    meta["images"] = _normalize_images(data.get("images"), error, warn, line_of)
    if "area" in data:
        meta["area"] = _area(data["area"], error, line_of)
    return meta


def _article_page(data: dict, folder_page: int | None, error, line_of) -> int | None:
    """`page:` if given (it must agree with the folder), else the folder's page."""
    if "page" not in data:
        if folder_page is None:
            error(say("source.needs_page"), 1, say("source.needs_page_hint"))
        return folder_page
    page = _page_number(data["page"])
    if page is None:
        error(say("source.bad_page", value=excerpt(data["page"])), line_of("page"), say("source.bad_page_hint"))
        return folder_page
    if folder_page is not None and page != folder_page:
        error(say("source.page_disagrees", page=page, folder=f"{folder_page:02d}"), line_of("page"),
              say("source.page_disagrees_hint", folder=f"{page:02d}"))
        return folder_page
    return page


def _area(area, error, line_of) -> list[float] | None:
    """[x, y, w, h] as fractions of the page scan, inside it."""
    if (isinstance(area, list) and len(area) == 4
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in area)
            and all(0 <= v <= 1 for v in area) and area[2] > 0 and area[3] > 0
            and area[0] + area[2] <= 1.0001 and area[1] + area[3] <= 1.0001):
        return [float(v) for v in area]
    error(say("source.bad_area", value=excerpt(area)), line_of("area"), say("source.bad_area_hint"))
    return None


def _text(value) -> str | None:
    """A scalar as text (YAML reads `2024` as a number and `2024-11-25` as a date); None if it is not one."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
        return None
    return str(value).strip()


def _normalize_images(images, error, warn, line_of) -> list[dict]:
    if images is None:
        return []
    if not isinstance(images, list):
        error(say("source.images_not_list"), line_of("images"), say("source.photo_hint"))
        return []
    out = []
    for i, item in enumerate(images):
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
            error(say("source.photo_no_file", number=i + 1), line_of("images", i), say("source.photo_hint"))
            continue
        for k in item:
            if k not in IMAGE_KEYS:
                warn(say("source.photo_unknown_key", number=i + 1, key=excerpt(str(k))), line_of("images", i),
                     closest(str(k), IMAGE_KEYS) or say("source.photo_known_keys"))
        out.append({"file": item["file"].strip(), "caption": _text(item.get("caption")) or "",
                     "credit": _text(item.get("credit")) or ""})
    return out


# The lead is read from the start of its paragraph only: these patterns read from each unclosed '[' or '<' on to
# the end of what they are given.
LEAD_READS = 4000


def _lead(body: str, limit: int = 160) -> str:
    """The first text paragraph, without Markdown marks, cut at `limit` characters."""
    for block in _blocks(body):
        block = block.strip()
        if not block or block.startswith(("#", "!", "|", "<", "```", "**")) and block.endswith(("**", ")", "|", ">", "```")):
            continue
        block = block[:LEAD_READS]
        text = re.sub(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", "", block, flags=re.S | re.I)    # raw HTML: its text only
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"[*_`>#]|\{[:#.][^}]*\}|\[\^[^\]]*\]", "", text)
        text = " ".join(text.split())
        if text:
            return text if len(text) <= limit else text[:limit].rstrip() + "…"
    return ""


def _blocks(body: str):
    """The body's paragraphs, one at a time: the lead is nearly always the first of dozens."""
    start = 0
    for gap in _BLANK_LINE.finditer(body):
        yield body[start:gap.start()]
        start = gap.end()
    yield body[start:]


_BLANK_LINE = re.compile(r"\n\s*\n")


def parse_edition(rel: str, text: str | None) -> EditionRecord:
    """Parse an edition.yaml's text (None when the edition has none)."""
    date = rel.split("/")[0]
    shown = f"content/{rel}"
    record = EditionRecord(rel, date, "", {}, text_digest(text or ""),
                           text=text or "")

    def error(message, line=None, hint=""):
        record.problems.append(Problem(shown, message, line, hint))

    def warn(message, line=None, hint=""):
        record.problems.append(Problem(shown, message, line, hint, warning=True))

    if text is None:
        return record
    try:
        data = parse_yaml(text)
    except YamlError as exc:
        error(str(exc), exc.line, exc.hint)
        return record
    if data is None:
        return record
    if not isinstance(data, dict):
        error(say("source.edition_not_mapping"), 1, say("source.edition_not_mapping_hint"))
        return record
    for key in data:
        if key not in EDITION_KEYS:
            warn(say("source.edition_unknown_key", key=excerpt(str(key))), record.line_of(key),
                 closest(str(key), EDITION_KEYS) or say("source.known_keys", keys=", ".join(EDITION_KEYS)))
    if data.get("number") is not None:
        record.number = _text(data["number"]) or ""
    pages = data.get("pages") or {}
    if not isinstance(pages, dict):
        error(say("source.bad_pages"), record.line_of("pages"), say("source.bad_pages_hint"))
        return record
    for key, page in pages.items():
        num = _page_number(key)
        if num is None:
            error(say("source.bad_page_number", value=excerpt(key)), record.line_of("pages", key),
                  say("source.bad_page_number_hint"))
            continue
        entry = _page_entry(num, page, lambda *keys: record.line_of("pages", key, *keys), error, warn)
        if entry is not None:
            record.pages[num] = entry
    return record


def _page_number(value) -> int | None:
    """A page number as written: 8, or '08' (YAML reads a leading 0 before 8 or 9 as text)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return None


def _page_entry(num: int, page, line_of, error, warn) -> dict | None:
    """{name, image, pdf} of one page in edition.yaml; a bare string is the page's name."""
    if isinstance(page, str):
        page = {"name": page}
    if page is None:
        page = {}
    if not isinstance(page, dict):
        error(say("source.bad_page_entry", page=num), line_of(), say("source.bad_page_entry_hint"))
        return None
    for key in page:
        if key not in PAGE_KEYS:
            warn(say("source.page_unknown_key", page=num, key=excerpt(str(key))), line_of(key),
                 closest(str(key), PAGE_KEYS) or say("source.known_keys", keys=", ".join(PAGE_KEYS)))
    entry = {}
    for key in PAGE_KEYS:
        value = page.get(key)
        if value is not None and _text(value) is None:
            error(say("source.page_not_text", page=num, key=key), line_of(key),
                  say("source.page_not_text_hint", key=key))
            value = None
        entry[key] = _text(value) if value is not None else None
    return entry
