"""Reading `content/`: walk the edition folders, split front matter, normalize it, check paths.

`parse_article` / `parse_edition` are pure (text in, record out) so tests feed strings.  `scan_content`
walks the folder and, handed a memo of the last build (incremental.py), reuses a record whenever a
file's size and mtime are unchanged since, so a rebuild parses only what was edited.
Only this module reads the content folder's text files.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..core import (Limits, Problem, Problems, YamlError, check_body, closest, excerpt, in_workers, key_line,
    not_utf8, parse_yaml, say, too_large, trusted_mtime)

__all__ = ["ArticleRecord", "EditionRecord", "ContentTree", "FolderScan", "parse_article", "parse_edition", "scan_content",
           "split_front_matter", "resolve_in_content", "read_body", "valid_date", "edition_folders", "ARTICLE_KEYS"]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PAGE_DIR_RE = re.compile(r"^\d{1,3}$")
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
PARSE_IN_WORKERS_FROM = 400    # articles to parse: below this, forking workers costs more than it saves
PARSE_BATCH = 200              # articles handed to a worker at a time


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


@dataclass
class ContentTree:
    editions: dict[str, EditionRecord]          # by date
    articles: dict[str, list[ArticleRecord]]    # by edition date
    # By date: what the scan found wrong in the edition's folder, its edition.yaml and its articles, in
    # that order (what an edition saved whole repeats when it is taken as saved).
    problems: dict[str, list[Problem]] = field(default_factory=dict)


# --- pure parsing -----------------------------------------------------------------------------

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
                           hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest())
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
    record = EditionRecord(rel, date, "", {}, hashlib.blake2b((text or "").encode(), digest_size=12).hexdigest(),
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


# --- the content folder -----------------------------------------------------------------------

PATH_CHARS = 1000     # the longest path to a file that a file may name


def resolve_in_content(content_dir: Path, base_rel: str, file: str) -> tuple[Path | None, str]:
    """Resolve `file` written in the file at `base_rel` (under content/); (path, '') or (None, why not).

    Refuses absolute paths, and anything (also through a symlink) that leads outside content/.
    """
    if not file or file.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", file) or "://" in file:
        return None, say("source.path_not_relative", file=excerpt(file, 200))
    if len(file) > PATH_CHARS:      # resolving it would look up each of its folders, however many
        return None, say("source.path_too_long", file=excerpt(file, 200))
    base = (content_dir / base_rel).parent
    target = base / file.replace("\\", "/")        # photos\a.jpg, as typed on Windows
    root = content_dir.resolve()
    try:
        real = target.resolve()
    except (OSError, RuntimeError):
        return None, say("source.path_unresolved", file=excerpt(file, 200))
    if not real.is_relative_to(root):
        return None, say("source.path_outside", file=excerpt(file, 200))
    try:
        found = real.is_file()
    except OSError:                 # a name longer than the system allows
        found = False
    if not found:
        return None, say("source.path_missing", file=excerpt(file, 200), similar=_similar_file(target))
    return real, ""


def _similar_file(target: Path) -> str:
    """' (there is 'bridge.jpg')' when a file of nearly the same name (e.g. other case) sits in that folder."""
    try:
        names = [e.name for e in os.scandir(target.parent) if e.is_file()]
    except OSError:
        return ""
    same = [n for n in names if n.lower() == target.name.lower()]
    match = same or difflib.get_close_matches(target.name, names, n=1, cutoff=0.75)
    return say("source.similar_file", name=match[0]) if match else ""


def scan_content(config: Config, problems: Problems, jobs: int = 0, memo=None) -> ContentTree:
    """Walk content/ and return every edition and article record.

    The articles to parse are parsed after the walk, in `jobs` worker processes when there are many (a
    first build).  `memo` (incremental.ScanMemo, or None to read everything) hands back what this module
    made of a file or folder before, while it is unchanged, and keeps what it makes now: `listed(folder)`
    (its entries, as read moments ago, or None), `settled(date)` (the problems of an edition taken whole,
    whose folder is not read), `folder(date)` (the last scan of a folder known not to have changed),
    `recall(rel, stamp)` / `remember(rel, stamp, record)` (a file's record by its size and mtime) and
    `scanned(date, scan)`.
    """
    content = config.content_dir
    tree = ContentTree({}, {})
    if not content.is_dir():
        problems.error("content", say("source.no_content"), hint=say("source.no_content_hint"))
        return tree
    memo = memo or _NoMemo()
    bounds = Limits(os.path.realpath(content), config.max_article_kb)
    later: list[tuple[str, str, os.stat_result]] = []      # articles to parse once the walk is done
    folders: list[tuple[str, list[Problem]]] = []            # each edition folder's own problems, in order
    for entry in _entries(str(content), memo):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and bounds.refuse_link(entry, f"content/{entry.name}", problems):
            continue
        if not entry.is_dir():
            problems.warn(f"content/{entry.name}", say("source.stray_file"), hint=say("source.stray_file_hint"))
            continue
        if not valid_date(entry.name):
            problems.error(f"content/{entry.name}", say("source.not_a_date", name=entry.name),
                           hint=say("source.not_a_date_hint"))
            continue
        settled = memo.settled(entry.name)
        if settled is not None:
            folders.append((entry.name, settled))
            continue
        hit = memo.folder(entry.name)
        if hit is None:
            found = Problems()
            _scan_edition(entry, tree, memo, found, later, bounds)
            folders.append((entry.name, found.items))
        else:
            tree.editions[entry.name], tree.articles[entry.name] = hit.edition, hit.articles
            folders.append((entry.name, hit.problems))
    _parse_later(later, tree, memo, jobs)
    for name, found in folders:
        if name in tree.editions:
            memo.scanned(name, FolderScan(tree.editions[name], tree.articles[name], found))
            found = found + tree.editions[name].problems + [p for a in tree.articles[name] for p in a.problems]
        tree.problems[name] = found
        problems.extend(found)
    return tree


@dataclass
class FolderScan:
    """What the scan of one edition folder found: its records and its own problems."""
    edition: EditionRecord
    articles: list[ArticleRecord]
    problems: list[Problem]


class _NoMemo:
    """Nothing known from before: every folder and file is read."""
    def listed(self, folder): return None
    def settled(self, date): return None
    def folder(self, date): return None
    def recall(self, rel, stamp): return None
    def remember(self, rel, stamp, record): pass
    def scanned(self, date, scan): pass


def _scan_edition(folder: os.DirEntry, tree: ContentTree, memo, problems: Problems, later: list,
                  bounds: Limits) -> None:
    """The edition's records into `tree`; an article not remembered is listed in `later` and stands in
    its edition's list as its path until `_parse_later` puts its record there."""
    date = folder.name
    tree.articles[date] = []
    yaml_rel = f"{date}/edition.yaml"
    edition_text_seen = False
    for entry in _entries(folder.path, memo):
        if entry.name.startswith(".") or _is_text_or_folder(entry) and bounds.refuse_link(
                entry, f"content/{date}/{entry.name}", problems):
            continue
        if entry.is_file() and entry.name == "edition.yaml":
            edition_text_seen = True
            tree.editions[date] = _record(entry, yaml_rel, memo, parse_edition)
        elif entry.is_file() and entry.name.endswith(".md"):
            tree.articles[date].append(_record(entry, f"{date}/{entry.name}", memo, parse_article, later,
                                               bounds.article_bytes))
        elif entry.is_dir():
            articles = [sub for sub in _entries(entry.path, memo)
                        if sub.is_file() and sub.name.endswith(".md") and not sub.name.startswith(".")
                        and not bounds.refuse_link(sub, f"content/{date}/{entry.name}/{sub.name}", problems)]
            if not PAGE_DIR_RE.match(entry.name):
                if articles:      # a photo folder is fine; articles in a misnamed folder would vanish
                    problems.warn(f"content/{date}/{entry.name}",
                                  say("source.not_a_page_folder", name=entry.name, count=len(articles)),
                                  hint=say("source.not_a_page_folder_hint"))
                continue
            for sub in articles:
                rel = f"{date}/{entry.name}/{sub.name}"
                tree.articles[date].append(_record(sub, rel, memo, parse_article, later, bounds.article_bytes))
    if not edition_text_seen:       # remembered too, so that an unchanged edition is the very same records
        tree.editions[date] = memo.recall(yaml_rel, None) or parse_edition(yaml_rel, None)
        memo.remember(yaml_rel, None, tree.editions[date])


def _entries(folder: str, memo) -> list[os.DirEntry]:
    """The folder's entries, sorted by name: as listed already, or read now."""
    found = memo.listed(folder)
    if found is None:
        with os.scandir(folder) as it:
            found = sorted(it, key=lambda e: e.name)
    return found


def _stamp(st: os.stat_result) -> tuple[int, int]:
    """What a file's record is remembered by: its mtime (-1 when too recent to be trusted) and size."""
    return trusted_mtime(st), st.st_size


def _record(entry: os.DirEntry, rel: str, memo, parse, later: list | None = None, limit: int | None = None):
    """The file's record as remembered while its size and mtime are unchanged; else parsed now or, given
    `later`, its path (listed in `later` to be parsed).  A file over `limit` bytes is not read at all (nor
    remembered: the limit is a setting, and may be raised)."""
    st = entry.stat()
    if limit is not None and st.st_size > limit:
        return _unreadable(rel, parse, too_large(rel, st.st_size, limit))
    hit = memo.recall(rel, (st.st_mtime_ns, st.st_size))
    if hit is not None:
        return hit
    if later is not None:
        later.append((entry.path, rel, st))
        return rel
    record, keep = _read_record(entry.path, rel, parse)
    if keep:
        memo.remember(rel, _stamp(st), record)
    return record


def _parse_later(later: list[tuple[str, str, os.stat_result]], tree: ContentTree, memo, jobs: int) -> None:
    """Parse the articles `_record` left for later, in worker processes when there are many."""
    if not later:
        return
    batches = [later[i:i + PARSE_BATCH] for i in range(0, len(later), PARSE_BATCH)]
    parsed = {}
    for results in in_workers(lambda b: [(rel, _read_record(path, rel, parse_article)) for path, rel, _ in batches[b]],
                              len(batches), jobs, parallel=len(later) >= PARSE_IN_WORKERS_FROM):
        parsed.update(results)
    for _, rel, st in later:
        record, keep = parsed[rel]
        if keep:
            memo.remember(rel, _stamp(st), record)
    for date, records in tree.articles.items():
        tree.articles[date] = [parsed[r][0] if isinstance(r, str) else r for r in records]


def _read_record(path: str, rel: str, parse) -> tuple[object, bool]:
    """(the record of the file, whether it may be cached)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _unreadable(rel, parse, not_utf8(f"content/{rel}", raw, exc)), True
    except OSError as exc:      # not cached: fixing permissions does not change the file's mtime
        return _unreadable(rel, parse, Problem(f"content/{rel}", say("source.unreadable", error=exc.strerror or exc),
                                               hint=say("source.unreadable_hint"))), False
    return parse(rel, text), True


def _is_text_or_folder(entry: os.DirEntry) -> bool:
    """An entry the walk reads itself (photos, scans and PDFs are checked where they are named)."""
    return entry.name.endswith((".md", ".yaml")) or entry.is_dir()


def _unreadable(rel: str, parse, problem: Problem):
    """The record of a file that could not be read: just the one problem (an empty text's would confuse)."""
    record = parse(rel, "") if parse is parse_article else parse(rel, None)
    record.problems[:] = [problem]
    return record


def valid_date(name: str) -> bool:
    """A real calendar date written YYYY-MM-DD (the name of an edition's folder)."""
    if not DATE_RE.match(name):
        return False
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True


def edition_folders(config: Config) -> list[str]:
    """The names of content/'s folders named like an edition's date (YYYY-MM-DD), sorted."""
    return sorted(p.name for p in config.content_dir.glob("????-??-??") if p.is_dir())


def read_body(config: Config, rel: str) -> str:
    """The Markdown body of the article at `rel` (read again when it is rendered; records keep no bodies).
    Line ends become "\n" as in a file opened as text; read as bytes, without Path and the text layer,
    since every article of a cold build is read here."""
    with open(f"{config.content_dir}/{rel}", "rb") as f:
        text = f.read().decode("utf-8")
    return split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))[1]
