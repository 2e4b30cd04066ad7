"""Files for machines: sitemaps, a Google News sitemap, robots.txt, RSS 2.0 and Atom feeds.

Like views.py, each file has a context builder returning plain data (whose hash decides whether the
file is written again).  They are not drawn with layouts: they are formats with schemas rather than
designs, so `WRITERS` builds them with xml.etree, which escapes every text and attribute value.

Sitemaps and feeds must name absolute addresses, so they are made only when `base_url` is set
(`warn_without_base_url` says so); robots.txt is always made, naming the sitemaps when there are some.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import re
import xml.etree.ElementTree as ET

from ..config import Config
from ..core import Problems, say
from ..model import Article, Site
from .views import Output, date_text

__all__ = ["SITEMAP_LIMIT", "NEWS_LIMIT", "NEWS_DAYS", "FEED_ITEMS", "WRITERS", "WRITERS_VERSION",
           "feed_outputs", "warn_without_base_url"]

SITEMAP_LIMIT = 50_000   # URLs per sitemap file (the protocol's limit); past it sitemap.xml becomes an index
NEWS_LIMIT = 1_000       # Google News reads at most this many URLs per news sitemap
NEWS_DAYS = 2            # Google News wants articles of the last two days only
FEED_ITEMS = 50          # newest articles in each section's feed
WRITERS_VERSION = "feeds-1"   # bump when a writer's output changes for the same context

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"


def warn_without_base_url(config: Config, problems: Problems) -> None:
    if not config.base_url:
        problems.warn("site.yaml", say("feeds.no_base_url"), hint=say("feeds.no_base_url_hint"))


def feed_outputs(config: Config, site: Site, news_day: dt.date | None = None) -> list[Output]:
    """robots.txt, and with base_url the sitemaps and feeds.

    `news_day` is the day the news sitemap counts back from: SOURCE_DATE_EPOCH's day, or else the latest
    edition's date, never the clock, so that the same input always builds the same files.
    """
    if not config.base_url:
        return [_robots([])]
    outs = _sitemaps(config, site)
    news = _news_sitemap(config, site, news_day or (site.latest.date if site.latest else None))
    if news:
        outs.append(news)
    outs.append(_robots([config.absolute(o.path) for o in outs if o.path in ("sitemap.xml", "news-sitemap.xml")]))
    latest = site.latest
    if latest:
        title = f"{config.name} · {date_text(config.strings, latest.date)}"
        outs += _feed_pair(config, "", title, latest.key, latest.articles)
    sections = _newest_by_section(site)
    for section, slug in _section_slugs(sections).items():
        articles = sections[section]
        outs += _feed_pair(config, f"feeds/{slug}/", f"{config.name} · {section}", articles[0].edition, articles)
    return outs


def _newest_by_section(site: Site) -> dict[str, list[Article]]:
    """Each section's newest FEED_ITEMS articles: newest edition first, in paper order within one (an
    edition with none of the sections not yet full adds nothing, and is not read)."""
    sections: dict[str, list[Article]] = {}
    for edition in reversed(site.editions):
        if all(len(sections.get(s, ())) >= FEED_ITEMS for s in edition.outline.sections):
            continue
        for a in edition.articles:
            if a.section and len(sections.setdefault(a.section, [])) < FEED_ITEMS:
                sections[a.section].append(a)
    return sections


def _section_slugs(names) -> dict[str, str]:
    """Section name -> folder name of its feed: the name itself where it is safe in a path and unique."""
    slugs: dict[str, str] = {}
    for name in sorted(names):
        slug = re.sub(r"[^\w]+", "-", name.lower()).strip("-_")
        if not slug or slug in slugs.values():
            slug = f"{slug}-{hashlib.blake2b(name.encode(), digest_size=3).hexdigest()}".lstrip("-")
        slugs[name] = slug
    return slugs


# --- contexts ----------------------------------------------------------------------------------

def _sitemaps(config: Config, site: Site) -> list[Output]:
    """Every canonical page: the archive, each page view, each article (oldest first, so that the parts
    of a split sitemap stay the same as new editions are added at the end)."""
    latest = site.latest.key if site.latest else None
    urls = [{"loc": config.absolute("archive/index.html"), "lastmod": latest}]
    for edition in site.editions:
        for page, articles in zip(edition.outline.page_urls, edition.outline.article_urls):
            urls.append({"loc": config.absolute(page), "lastmod": edition.key})
            urls.extend({"loc": config.absolute(url), "lastmod": edition.key} for url in articles)
    if len(urls) <= SITEMAP_LIMIT:
        return [Output("sitemap.xml", "urlset", {"urls": urls})]
    parts = [urls[i:i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)]
    outs = [Output(f"sitemap-{n}.xml", "urlset", {"urls": part}) for n, part in enumerate(parts, 1)]
    index = [{"loc": config.absolute(o.path), "lastmod": max(u["lastmod"] or "" for u in o.context["urls"]) or None}
             for o in outs]
    return [Output("sitemap.xml", "sitemapindex", {"sitemaps": index}), *outs]


def _news_sitemap(config: Config, site: Site, day: dt.date | None) -> Output | None:
    if day is None:
        return None
    first = day - dt.timedelta(days=NEWS_DAYS - 1)
    recent = [a for e in reversed(site.editions) if first <= e.date <= day for a in e.articles][:NEWS_LIMIT]
    if not recent:
        return None     # an empty urlset is not a valid sitemap
    return Output("news-sitemap.xml", "news", {
        "name": config.name, "language": config.language.lower(),
        "urls": [{"loc": config.absolute(a.url), "title": a.title, "date": a.edition} for a in recent],
    })


def _feed_pair(config: Config, folder: str, title: str, updated: str, articles: list[Article]) -> list[Output]:
    """The same articles as RSS 2.0 (rss.xml) and Atom (atom.xml)."""
    context = {
        "title": title, "description": config.description or title, "language": config.language,
        "publisher": config.name, "home": config.base_url, "updated": updated,
        "items": [{"title": a.title, "url": config.absolute(a.url), "summary": a.lead, "authors": a.authors,
                   "section": a.section, "date": a.edition} for a in articles],
    }
    return [Output(f"{folder}{name}", kind, {**context, "self": config.absolute(f"{folder}{name}")})
            for name, kind in (("rss.xml", "rss"), ("atom.xml", "atom"))]


def _robots(sitemaps: list[str]) -> Output:
    return Output("robots.txt", "robots", {"sitemaps": sitemaps})


# --- writers: context -> file text -------------------------------------------------------------
# Elements are named as they appear in the file (default namespace declared on the root, other
# vocabularies by prefix), so the files read the way their specifications show them.

def _write_urlset(c: dict) -> str:
    """Up to SITEMAP_LIMIT entries of two fields: written as text, ten times faster than through a tree."""
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">']
    for u in c["urls"]:
        lastmod = f"<lastmod>{_text(u['lastmod'])}</lastmod>" if u["lastmod"] else ""
        lines.append(f"  <url><loc>{_text(u['loc'])}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


def _write_sitemapindex(c: dict) -> str:
    root = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
    for s in c["sitemaps"]:
        sitemap = _el(root, "sitemap")
        _el(sitemap, "loc", s["loc"])
        if s["lastmod"]:
            _el(sitemap, "lastmod", s["lastmod"])
    return _xml(root)


def _write_news(c: dict) -> str:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
    for u in c["urls"]:
        url = _el(root, "url")
        _el(url, "loc", u["loc"])
        news = _el(url, "news:news")
        publication = _el(news, "news:publication")
        _el(publication, "news:name", c["name"])
        _el(publication, "news:language", c["language"])
        _el(news, "news:publication_date", u["date"])
        _el(news, "news:title", u["title"])
    return _xml(root)


def _write_rss(c: dict) -> str:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS, "xmlns:dc": DC_NS})
    channel = _el(root, "channel")
    _el(channel, "title", c["title"])
    _el(channel, "link", c["home"])
    _el(channel, "description", c["description"])
    _el(channel, "language", c["language"])
    _el(channel, "atom:link", href=c["self"], rel="self", type="application/rss+xml")
    _el(channel, "lastBuildDate", _rfc822(c["updated"]))
    for i in c["items"]:
        item = _el(channel, "item")
        _el(item, "title", i["title"])
        _el(item, "link", i["url"])
        _el(item, "guid", i["url"], isPermaLink="true")
        _el(item, "pubDate", _rfc822(i["date"]))
        if i["summary"]:
            _el(item, "description", i["summary"])
        if i["section"]:
            _el(item, "category", i["section"])
        for name in i["authors"]:
            _el(item, "dc:creator", name)
    return _xml(root)


def _write_atom(c: dict) -> str:
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": c["language"]})
    _el(root, "id", c["self"])
    _el(root, "title", c["title"])
    _el(root, "subtitle", c["description"])
    _el(root, "updated", _rfc3339(c["updated"]))
    _el(root, "link", rel="self", href=c["self"], type="application/atom+xml")
    _el(root, "link", rel="alternate", href=c["home"], type="text/html")
    _el(_el(root, "author"), "name", c["publisher"])     # for entries without authors
    for i in c["items"]:
        entry = _el(root, "entry")
        _el(entry, "id", i["url"])
        _el(entry, "title", i["title"])
        _el(entry, "link", rel="alternate", href=i["url"], type="text/html")
        _el(entry, "published", _rfc3339(i["date"]))
        _el(entry, "updated", _rfc3339(i["date"]))
        for name in i["authors"]:
            _el(_el(entry, "author"), "name", name)
        if i["section"]:
            _el(entry, "category", term=i["section"])
        if i["summary"]:
            _el(entry, "summary", i["summary"])
    return _xml(root)


def _write_robots(c: dict) -> str:
    lines = ["User-agent: *", "Allow: /", ""] + [f"Sitemap: {url}" for url in c["sitemaps"]]
    return "\n".join(lines).rstrip("\n") + "\n"


WRITERS = {"urlset": _write_urlset, "sitemapindex": _write_sitemapindex, "news": _write_news,
           "rss": _write_rss, "atom": _write_atom, "robots": _write_robots}


# --- small pieces ------------------------------------------------------------------------------

# Characters XML 1.0 forbids even when escaped; front matter could carry them, a feed must not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _text(value: str) -> str:
    # html.escape without quotes is xml.sax.saxutils.escape (& < >), which would import urllib.request
    # and with it http and ssl into every build.
    return html.escape(_NOT_XML.sub("", value), quote=False)


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _rfc822(day: str) -> str:
    return email.utils.format_datetime(_midnight(day))


def _rfc3339(day: str) -> str:
    return _midnight(day).strftime("%Y-%m-%dT%H:%M:%SZ")


def _midnight(day: str) -> dt.datetime:
    """Editions carry a date, not a time: they count from midnight UTC."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc)
