"""What each output file shows: one context builder per view, returning plain data.

Contexts hold only text, numbers, lists and dicts (links are site-relative; templates put `root`
in front), so hashing a context says whether its file must be rendered again: that is how an
incremental build knows that a neighbour's changed headline touches this article but a changed
body does not.  An article's body is referenced by its source file and hash, and converted only
when the article is actually rendered.
"""
from __future__ import annotations

import calendar
import functools
import datetime as dt
import hashlib
import marshal
from dataclasses import dataclass
from typing import Callable

from ..config import Config
from ..media import (MIME, Picture, edition_pdf_url, has_iiif, iiif_manifest, iiif_path, image_service, info_json,
    offline_url)
from ..model import Article, Edition, Page, Photo, Site, index_url, subject
from .social import article_social, page_social, site_social

__all__ = ["Output", "JSON_OUTPUT", "edition_outputs", "site_outputs", "date_text", "url_path", "relative_root",
           "thumbnail"]

# The `template` of a plain-data output: its context is the file, written as JSON (render.py), no layout.
JSON_OUTPUT = "(json)"


@dataclass
class Output:
    path: str           # site-relative file, e.g. "2024-11-25/08/index.html"
    template: str
    context: dict | None    # None: made by `build` when the file is rendered
    source: str = ""    # the content file it shows, for messages
    made_from: str = ""     # with `build`: hashed in place of the context, what the context is built
    build: Callable[[], dict] | None = None     # from, known without building it (an index page's entries)
    edition: EditionPart | None = None      # context["edition"], shared with the edition's other files

    def digest(self, template_digest: str) -> str:
        """Hash of the layout and everything the context holds (or `made_from`).  The edition part, the
        same in every file of an edition, is hashed once per edition (see `EditionPart`)."""
        if self.build:
            return _hash(f"{template_digest}\0{self.made_from}".encode())
        ctx = self.context
        if self.edition is not None:
            ctx = {**ctx, "edition": self.edition.digest()}
        return _hash(template_digest.encode() + b"\0" + _dumps(ctx))

    def full_context(self) -> dict:
        if self.context is None:
            self.context = self.build()
        return self.context


class EditionPart:
    """An edition's part of a context: one dict in all of the edition's files, hashed once for all of them."""
    __slots__ = ("context", "_digest")

    def __init__(self, context: dict):
        self.context = context
        self._digest: str | None = None

    def digest(self) -> str:
        if self._digest is None:
            self._digest = _hash(_dumps(self.context))
        return self._digest


def _dumps(data) -> bytes:
    """A context's values as bytes to hash: marshal, much faster than JSON on our contexts.  Its version 2,
    because later versions write a repeated object as a reference to the first, so two equal contexts
    could give different bytes.  marshal's format may change with Python's version: then every digest
    changes once, and the first build after the upgrade renders everything."""
    return marshal.dumps(data, 2)


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def edition_outputs(config: Config, edition: Edition, pictures: dict[str, Picture], offline: bool = True) -> list[Output]:
    """The edition's own files: its index, a view per page and per article.  `offline`: link the
    edition's offline ZIP (the preview server does not make it)."""
    part = EditionPart(_edition(config, edition, pictures, offline))
    ed = part.context
    outs = []
    for page in edition.pages:
        outs.append(_page_output(config, part, page, pictures, page.url))
        service = image_service(pictures.get(page.scan.rel)) if page.scan else None
        if service and all(o.path != service.info for o in outs):
            outs.append(Output(service.info, JSON_OUTPUT, info_json(service, config), source=f"content/{page.edition}/edition.yaml"))
        shown = _page_of_articles(config.strings, page, pictures)
        for article in page.articles:
            outs.append(_article_output(config, part, page, shown, article, pictures))
    if edition.pages:
        outs.append(_page_output(config, part, edition.pages[0], pictures, edition.url))
    if ed["iiif"]:
        manifest = iiif_manifest(config, edition, pictures, f"{ed['date_text']} {edition.number}".strip(),
                                 {p.number: _title(config.strings, p) for p in edition.pages})
        outs.append(Output(iiif_path(edition), JSON_OUTPUT, manifest, source=f"content/{edition.key}/edition.yaml"))
    return outs


def site_outputs(config: Config, site: Site, pictures: dict[str, Picture], offline: bool = True) -> list[Output]:
    """Files that span editions: the home page, the archive, the 404 page, the search page."""
    outs = [*_archive_outputs(config, site), Output("404.html", "404.html", {"root": _root_404(config), "path": "404.html"}),
            Output("search/index.html", "search.html", {"root": "../", "path": "search/index.html", "view": "search",
                                                        "canonical": "search/index.html"})]
    latest = site.latest
    if latest and latest.pages:
        outs.append(_page_output(config, EditionPart(_edition(config, latest, pictures, offline)), latest.pages[0],
                                 pictures, "index.html"))
    return outs


# --- contexts ----------------------------------------------------------------------------------

def _edition(config: Config, edition: Edition, pictures, offline: bool) -> dict:
    s = config.strings
    return {
        "date": edition.key,
        "date_text": date_text(s, edition.date),
        "weekday": s["weekday"].split()[edition.date.weekday()],
        "number": edition.number,
        "url": edition.url,
        "future": edition.future,
        "pages": [{"number": p.number, "label": _label(s, p), "title": _title(s, p), "name": p.name, "url": p.url,
                   "thumb": _thumb(pictures, p.scan), "pdf": _link(p.pdf),
                   "scan": _picture(pictures.get(p.scan.rel) if p.scan else None, _label(s, p))}
                  for p in edition.pages],
        "prev": _edition_link(s, edition.prev),
        "next": _edition_link(s, edition.next),
        "pdf": _q(edition_pdf_url(edition)) if edition_pdf_url(edition) else None,
        "offline": _q(offline_url(edition)) if offline and offline_url(edition) else None,
        # the IIIF manifest (iiif.py): absolute, as IIIF wants, so only with base_url
        "iiif": config.absolute(iiif_path(edition)) if has_iiif(config, edition, pictures) else None,
    }


def _page_output(config: Config, part: EditionPart, page: Page, pictures, path: str) -> Output:
    s = config.strings
    scan = pictures.get(page.scan.rel) if page.scan else None
    return Output(path, "page.html", source=f"content/{page.edition}/edition.yaml", edition=part, context={
        "root": _root(path), "path": path, "canonical": page.url, "view": "page", "edition": part.context,
        "page": {
            "number": page.number, "label": _label(s, page), "title": _title(s, page), "name": page.name,
            "url": page.url, "scan": _picture(scan, _label(s, page)) if scan else None,
            "tiles": _q(image_service(scan).info) if scan else None,
            "pdf": _link(page.pdf),
            "articles": [{"url": _q(a.url), "title": a.title, "kicker": a.kicker, "subtitle": a.subtitle,
                          "authors": a.authors, "lead": a.lead, "area": a.area, "draft": a.draft,
                          "thumb": _thumb(pictures, a.photos[0] if a.photos else None)} for a in page.articles],
        },
        "prev": _page_link(s, page.prev),
        "next": _page_link(s, page.next),
        "strip_headlines": _strip_headlines(page, pictures) if scan else {},
        "social": page_social(config, part.context, page, _title(s, page), scan),
    })


def _strip_headlines(page: Page, pictures) -> dict[str, list[dict]]:
    """{page url: its headlines} of the edition's pages without a scan: on a phone, the strip of pages shows
    them in place of a scan.  Only in a page view with a scan (the strip), so that a headline changes
    no article's file."""
    first = page
    while first.prev:
        first = first.prev
    shown, p = {}, first
    while p:
        if not (p.scan and p.scan.rel in pictures):
            shown[p.url] = [{"url": _q(a.url), "title": a.title} for a in p.articles]
        p = p.next
    return shown


def _page_of_articles(s: dict, page: Page, pictures) -> dict:
    """The page as its articles show it.  One dict shared by them all: the layouts make its headline list
    `once` (render.py), which knows the list by identity."""
    return {"number": page.number, "label": _label(s, page), "title": _title(s, page), "name": page.name,
            "url": page.url, "thumb": _thumb(pictures, page.scan),
            "prev": _page_link(s, page.prev), "next": _page_link(s, page.next),
            "articles": [{"url": _q(b.url), "title": b.title, "subtitle": b.subtitle} for b in page.articles]}


def _article_output(config: Config, part: EditionPart, page: Page, shown: dict, a: Article, pictures) -> Output:
    """`shown`: the page as _page_of_articles shows it."""
    s = config.strings
    return Output(a.url, "article.html", source=f"content/{a.rel}", edition=part, context={
        "root": _root(a.url), "path": a.url, "canonical": a.url, "view": "article", "edition": part.context,
        "page": shown,
        "article": {
            "url": _q(a.url), "title": a.title, "kicker": a.kicker, "subtitle": a.subtitle, "authors": a.authors,
            "section": a.section, "draft": a.draft, "lead": a.lead, "area": a.area,
            "photos": [{"picture": _picture(pictures.get(p.rel), p.caption or a.title), "caption": p.caption,
                        "credit": p.credit, "credit_url": _index_link("photographers", p.credit)}
                       for p in a.photos if p.rel in pictures],
            "author_links": [{"name": n, "url": _index_link("authors", n)} for n in a.authors],
            "section_url": _index_link("sections", a.section),
            "inline": {src: _picture(pictures[p.rel], "") for src, p in a.inline_images.items() if p.rel in pictures},
            "body": {"rel": a.rel, "digest": a.digest},
        },
        "prev": _article_link(a.prev),
        "next": _article_link(a.next),
        "continued_to": _continuation(s["continued_to"], a.continued_to),
        "continued_from": _continuation(s["continued_from"], a.continued_from),
        "social": article_social(config, part.context, page, _title(s, page), a, pictures, _root(a.url)),
    })


ARCHIVE_LATEST = 30      # editions the archive's front page lists; the year pages list every one


def _archive_outputs(config: Config, site: Site) -> list[Output]:
    """往期: the front page (the years, each with its months, and the latest editions), and a page per
    year with its calendars and editions.  A year's page stays the same once the year is over."""
    s = config.strings
    years: dict[int, list[Edition]] = {}
    for e in site.editions:
        years.setdefault(e.date.year, []).append(e)
    year_links = [{"year": y, "title": s["year_title"].format(year=y), "url": f"archive/{y}/index.html",
                   "count": len(eds),
                   "months": [{"label": s["month_short"].format(month=m, month_name=_MONTH_NAMES[m]), "id": f"{y:04d}-{m:02d}"}
                              for m in sorted({e.date.month for e in eds}, reverse=True)]}
                  for y, eds in sorted(years.items(), reverse=True)]
    title = f"{s['archive_title']} · {config.name}"
    outs = [Output("archive/index.html", "archive.html", {
        "root": "../", "path": "archive/index.html", "canonical": "archive/index.html", "view": "archive",
        "count": len(site.editions), "year": None, "years": year_links, "months": [],
        "latest": _archive_entry(s, site.latest) if site.latest else None,
        "editions": [_archive_entry(s, e) for e in reversed(site.editions[-ARCHIVE_LATEST:])],
        "social": site_social(config, title, "archive/index.html"),
    })]
    for y, eds in years.items():
        path = f"archive/{y}/index.html"
        outs.append(Output(path, "archive.html", {
            "root": "../../", "path": path, "canonical": path, "view": "archive",
            "count": len(eds), "year": {"year": y, "title": s["year_title"].format(year=y)},
            "years": [{"title": v["title"], "url": v["url"], "year": v["year"]} for v in year_links],
            "months": _calendars(s, eds), "latest": None,
            "editions": [_archive_entry(s, e) for e in reversed(eds)],
            "social": site_social(config, f"{s['year_title'].format(year=y)} · {title}", path),
        }))
    return outs


def _calendars(s: dict, editions: list[Edition]) -> list[dict]:
    """A month's calendar per month with editions, newest first; a day links to its edition."""
    months: dict[tuple[int, int], dict[int, str]] = {}
    for e in editions:
        months.setdefault((e.date.year, e.date.month), {})[e.date.day] = e.outline.page_urls[0]
    cal = calendar.Calendar(firstweekday=0)
    return [{"title": _month_title(s, y, m), "id": f"{y:04d}-{m:02d}",
             "weeks": [[{"day": d, "url": days.get(d)} if d else None for d in week]
                       for week in cal.monthdayscalendar(y, m)]}
            for (y, m), days in sorted(months.items(), reverse=True)]


def _archive_entry(s: dict, e: Edition) -> dict:
    return {"date": e.key, "date_text": date_text(s, e.date), "number": e.number,
            "weekday": s["weekday"].split()[e.date.weekday()], "url": e.outline.page_urls[0],
            "pages": len(e.outline.page_urls), "articles": e.outline.articles}


# --- small pieces ------------------------------------------------------------------------------

def _picture(pic: Picture | None, alt: str) -> dict | None:
    if pic is None:
        return None
    formats = dict.fromkeys(v.format for v in pic.variants)
    return {
        "width": pic.width, "height": pic.height, "alt": alt,
        "sources": [{"type": MIME[f], "srcset": [[_q(v.url), v.width] for v in pic.of_format(f)]} for f in formats],
        "src": _q(pic.fallback.url), "src_width": pic.fallback.width, "src_height": pic.fallback.height,
        "full": _q(pic.largest.url),
    }


def _thumb(pictures, photo: Photo | None) -> dict | None:
    pic = pictures.get(photo.rel) if photo else None
    if pic is None:
        return None
    v = min(pic.of_format("jpeg") or pic.variants, key=lambda v: v.width)
    return {"src": _q(v.url), "width": v.width, "height": v.height}


def _link(photo: Photo | None) -> str | None:
    return _q(photo.rel) if photo else None


def _label(s: dict, page: Page) -> str:
    return s["page_label"].format(num=f"{page.number:02d}")


def _title(s: dict, page: Page) -> str:
    return s["page_title"].format(num=f"{page.number:02d}", name=page.name) if page.name else _label(s, page)


def _page_link(s: dict, page: Page | None) -> dict | None:
    return {"url": page.url, "label": _label(s, page), "name": page.name} if page else None


def _article_link(a: Article | None) -> dict | None:
    return {"url": _q(a.url), "title": a.title} if a else None


def _continuation(text: str, a: Article | None) -> dict | None:
    return {"url": _q(a.url), "label": text.format(num=f"{a.page:02d}")} if a else None


def _edition_link(s: dict, e: Edition | None) -> dict | None:
    if e is None:
        return None
    return {"url": e.outline.page_urls[0], "date_text": date_text(s, e.date), "date": e.key}


def _root(path: str) -> str:
    return "../" * path.count("/")


def _root_404(config: Config) -> str:
    """The 404 page is served at any depth, so its links start at the site's own root path."""
    base = config.base_url
    return "/" + base.split("://", 1)[-1].partition("/")[2] if base else "/"


# quote(url, safe="/#.-_~") as a table for str.translate over the UTF-8 bytes: the same result, and fast
# enough for the 20,000 names on an archive's index overview.
_KEEP = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/#.-_~")
_PERCENT = {b: f"%{b:02X}" for b in range(256) if b not in _KEEP}


@functools.lru_cache(maxsize=1 << 17)
def _q(url: str) -> str:
    """The address as it goes into an href (percent-encoded); the same few names recur in every index."""
    return url.encode("utf-8").decode("latin-1").translate(_PERCENT)


# ("", "January", ...): calendar.month_name formats the name again (strftime) on every lookup.
_MONTH_NAMES = tuple(calendar.month_name)


def date_text(s: dict, d: dt.date) -> str:
    return s["edition_date"].format(year=d.year, month=d.month, day=d.day, month_name=_MONTH_NAMES[d.month])


def _month_title(s: dict, year: int, month: int) -> str:
    return s["month_title"].format(year=year, month=month, month_name=_MONTH_NAMES[month])


def _index_link(kind: str, name: str) -> str | None:
    """The index page about the section or person `name` (see catalog.py), or None for no name."""
    key = subject(kind, name)
    return _q(index_url(kind, key)) if key else None


# Shared with the views of the extras (manifest.py, indexes.py).
url_path = _q               # a site-relative path as written in a link or a manifest
relative_root = _root       # '../' for each folder of an output's path
thumbnail = _thumb          # the smallest JPEG of a photo, for grids and lists
