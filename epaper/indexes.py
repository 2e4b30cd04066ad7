"""Indexes across all editions: one per section name, per author, per photographer, and a page listing them.

Each index lists its articles (a photographer's: a grid of their photos) newest edition first, in
print order within an edition, `index_page_size` per page: `authors/王海燕/index.html`, then
`authors/王海燕/page/2/index.html` and on, with a numbered pager.  Contexts are plain data, so a page of
an index is written again only when what it shows changed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math

from .catalog import KINDS, index_url, subject
from .config import Config
from .images import Picture
from .model import Article, Photo, Site
from .views import Output, date_text, relative_root, thumbnail, url_path

__all__ = ["index_groups", "index_fingerprint", "index_pages", "overview_output", "OVERVIEW", "PAGER_WINDOW"]

OVERVIEW = "indexes/index.html"
PAGER_WINDOW = 2         # page numbers shown either side of the current one (plus first and last)
_LABEL = {"sections": "index_sections", "authors": "index_authors", "photographers": "index_photographers"}


def index_groups(site: Site) -> dict[tuple[str, str], list]:
    """{(kind, name): [article or (article, photo)]}, newest edition first, then in print order."""
    groups: dict[tuple[str, str], list] = {}
    for edition in reversed(site.editions):
        for a in edition.articles:
            if a.section.strip():
                groups.setdefault(("sections", subject("sections", a.section)), []).append(a)
            for name in dict.fromkeys(subject("authors", n) for n in a.authors):
                if name:
                    groups.setdefault(("authors", name), []).append(a)
            for photo in a.photos:
                name = subject("photographers", photo.credit)
                if name:
                    groups.setdefault(("photographers", name), []).append((a, photo))
    return groups


def index_fingerprint(kind: str, items: list, pictures: dict[str, Picture]) -> str:
    """What an index's pages are made from: its articles' files, what an entry shows that comes from
    elsewhere (the section may be the page's name in edition.yaml) and, for a photographer, the photos
    as published.  An index whose fingerprint is unchanged keeps its pages: an archive has tens of
    thousands of them, and one more edition touches few."""
    if kind == "photographers":
        parts = [f"{_made_of(a)}:{p.rel in pictures and pictures[p.rel].variants[0].url}" for a, p in items]
    else:
        parts = [_made_of(a) for a in items]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()


def _made_of(a: Article) -> str:
    return f"{a.url}:{a.digest}:{a.page}:{a.section}"


def index_pages(config: Config, kind: str, name: str, items: list, pictures: dict[str, Picture],
                entries: dict) -> list[Output]:
    """Every page of one index.  `entries` describes an article listed in several indexes once."""
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


def overview_output(config: Config, groups: dict[tuple[str, str], list]) -> Output:
    """The page listing every index, the most used names first."""
    s = config.strings
    return Output(OVERVIEW, "indexes.html", {
        "root": relative_root(OVERVIEW), "path": OVERVIEW, "canonical": OVERVIEW, "view": "indexes",
        "groups": [{"kind": kind, "title": s[_LABEL[kind]],
                    "names": [{"name": name, "url": url_path(index_url(kind, name)), "count": len(items)}
                              for (k, name), items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][1]))
                              if k == kind]}
                   for kind in KINDS],
    })
