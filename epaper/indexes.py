"""Indexes across all editions: one per section name, per author, per photographer, and a page listing them.

Each index lists its articles (a photographer's: a grid of their photos) newest edition first, in
print order within an edition, `index_page_size` per page: `authors/王海燕/index.html`, then
`authors/王海燕/page/2/index.html` and on, with a numbered pager.  Contexts are plain data, so a page of
an index is written again only when what it shows changed.
"""
from __future__ import annotations

import datetime as dt
import math

from .catalog import KINDS, index_url, subject
from .config import Config
from .images import Picture
from .model import Article, Photo, Site
from .views import Output, date_text, relative_root, thumbnail, url_path

__all__ = ["index_outputs", "OVERVIEW", "PAGER_WINDOW"]

OVERVIEW = "indexes/index.html"
PAGER_WINDOW = 2         # page numbers shown either side of the current one (plus first and last)
_LABEL = {"sections": "index_sections", "authors": "index_authors", "photographers": "index_photographers"}


def index_outputs(config: Config, site: Site, pictures: dict[str, Picture]) -> list[Output]:
    """Every page of every index, and the overview of all indexes."""
    groups = _collect(site)
    entries: dict[str, dict] = {}       # an article listed in several indexes is described once
    outs = []
    for kind in KINDS:
        for name, items in groups[kind].items():
            outs += _index_pages(config, kind, name, items, pictures, entries)
    outs.append(_overview(config, groups))
    return outs


def _collect(site: Site) -> dict[str, dict[str, list]]:
    """{kind: {name: [article or (article, photo)]}}, newest edition first, then in print order."""
    groups: dict[str, dict[str, list]] = {kind: {} for kind in KINDS}
    for edition in reversed(site.editions):
        for a in edition.articles:
            if a.section.strip():
                groups["sections"].setdefault(subject("sections", a.section), []).append(a)
            for name in dict.fromkeys(subject("authors", n) for n in a.authors if subject("authors", n)):
                groups["authors"].setdefault(name, []).append(a)
            for photo in a.photos:
                if subject("photographers", photo.credit):
                    groups["photographers"].setdefault(subject("photographers", photo.credit), []).append((a, photo))
    return groups


def _index_pages(config: Config, kind: str, name: str, items: list, pictures, entries: dict) -> list[Output]:
    s = config.strings
    size = config.index_page_size
    total = max(1, math.ceil(len(items) / size))
    count = s["photo_count" if kind == "photographers" else "index_count"].format(count=len(items))
    outs = []
    for number in range(1, total + 1):
        path = index_url(kind, name, number)
        chunk = items[(number - 1) * size:number * size]
        outs.append(Output(path, "listing.html", {
            "root": relative_root(path), "path": path, "canonical": path, "view": "index",
            "index": {"kind": kind, "kind_label": s[_LABEL[kind]], "name": name, "count": count,
                      "url": url_path(index_url(kind, name)), "page": number},
            "entries": [] if kind == "photographers" else
                       [entries.get(a.url) or entries.setdefault(a.url, _entry(s, a)) for a in chunk],
            "photos": [_photo(s, a, p, pictures) for a, p in chunk] if kind == "photographers" else [],
            "pager": _pager(s, kind, name, number, total),
        }))
    return outs


def _entry(s: dict, a: Article) -> dict:
    return {"url": url_path(a.url), "title": a.title, "kicker": a.kicker, "subtitle": a.subtitle, "lead": a.lead,
            "date": a.edition, "date_text": _date_text(s, a), "section": a.section, "draft": a.draft,
            "page_label": s["page_label"].format(num=f"{a.page:02d}")}


def _photo(s: dict, a: Article, photo: Photo, pictures) -> dict:
    return {"url": url_path(a.url), "title": a.title, "caption": photo.caption, "date": a.edition,
            "date_text": _date_text(s, a), "thumb": thumbnail(pictures, photo)}


def _date_text(s: dict, a: Article) -> str:
    return date_text(s, dt.date.fromisoformat(a.edition))


def _pager(s: dict, kind: str, name: str, current: int, total: int) -> dict | None:
    """Numbers around the current page, the first and the last; None marks a gap ('…')."""
    if total == 1:
        return None

    def link(number: int) -> str | None:
        return url_path(index_url(kind, name, number)) if 1 <= number <= total else None

    window = range(max(1, current - PAGER_WINDOW), min(total, current + PAGER_WINDOW) + 1)
    items: list[dict | None] = []
    before = 0
    for number in sorted({1, total, *window}):
        if number > before + 1:
            items.append(None)
        items.append({"number": number, "url": link(number), "current": number == current,
                      "label": s["pager_page"].format(num=number)})
        before = number
    return {"current": current, "total": total, "numbers": items, "prev": link(current - 1), "next": link(current + 1)}


def _overview(config: Config, groups: dict[str, dict[str, list]]) -> Output:
    s = config.strings
    return Output(OVERVIEW, "indexes.html", {
        "root": relative_root(OVERVIEW), "path": OVERVIEW, "canonical": OVERVIEW, "view": "indexes",
        "groups": [{"kind": kind, "title": s[_LABEL[kind]],
                    "names": [{"name": name, "url": url_path(index_url(kind, name)), "count": len(items)}
                              for name, items in sorted(groups[kind].items(), key=lambda kv: (-len(kv[1]), kv[0]))]}
                   for kind in KINDS],
    })
