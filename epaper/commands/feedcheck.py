"""Checks of the sitemaps, feeds and robots.txt of a built site, for `check` (sitecheck.py).

They follow the rules of the sitemap protocol's schema (sitemaps.org), Google's news sitemap, RSS 2.0 and
Atom (RFC 4287) in code rather than through XSD files, so no XML schema library is needed: root element
and namespace, required children, address and date formats, limits.
"""
from __future__ import annotations

import email.utils
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..core import Problems, say

if TYPE_CHECKING:
    from .sitecheck import BuiltSite

__all__ = ["check_robots", "check_xml"]

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_LOC = 2048
_W3C_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
_NEWS_REQUIRED = ("publication/name", "publication/language", "publication_date", "title")


def check_xml(site: BuiltSite, rel: str, problems: Problems, text: str | None = None) -> None:
    shown = site.shown(rel)
    try:
        root = ET.parse(site.root / rel).getroot() if text is None else ET.fromstring(text)
    except ET.ParseError as exc:
        problems.error(shown, say("sitecheck.not_xml", error=exc), exc.position[0], say("sitecheck.not_xml_hint"))
        return
    found = _XML_CHECKS.get(root.tag, lambda *_: [])(site, root)
    for message in found:
        problems.error(shown, message, hint=say(_XML_HINTS[root.tag]) if root.tag in _XML_HINTS else "")


def _listed(root: ET.Element, tag: str, none: str, too_many: str) -> tuple[list[ET.Element], list[str]]:
    """A sitemap's (or sitemap index's) entries, and what is wrong with how many there are."""
    items = root.findall(f"{SITEMAP_NS}{tag}")
    found = [] if items else [say(none)]
    if len(items) > SITEMAP_MAX_URLS:
        found.append(say(too_many, count=len(items), limit=SITEMAP_MAX_URLS))
    return items, found


def _sitemap(site: BuiltSite, root: ET.Element) -> list[str]:
    urls, found = _listed(root, "url", "sitecheck.no_url", "sitecheck.too_many_urls")
    for n, url in enumerate(urls, 1):
        what = _nth("<url>", n)
        found += _entry(site, url, what)
        changefreq, priority = url.findtext(f"{SITEMAP_NS}changefreq"), url.findtext(f"{SITEMAP_NS}priority")
        if changefreq is not None and changefreq not in _CHANGEFREQ:
            allowed = say("sitecheck.comma").join(sorted(_CHANGEFREQ))
            found.append(say("sitecheck.changefreq", what=what, value=changefreq, allowed=allowed))
        if priority is not None and not re.fullmatch(r"0(\.\d+)?|1(\.0+)?", priority):
            found.append(say("sitecheck.priority", what=what, value=priority))
        news = url.find(f"{NEWS_NS}news")
        if news is not None:
            found += [say("sitecheck.news_lacks", what=what, name=name) for name in _NEWS_REQUIRED
                      if not (news.findtext("/".join(NEWS_NS + part for part in name.split("/"))) or "").strip()]
    return found


def _sitemap_index(site: BuiltSite, root: ET.Element) -> list[str]:
    sitemaps, found = _listed(root, "sitemap", "sitecheck.no_sitemap", "sitecheck.too_many_sitemaps")
    for n, sitemap in enumerate(sitemaps, 1):
        found += _entry(site, sitemap, _nth("<sitemap>", n))
    return found


def _entry(site: BuiltSite, element: ET.Element, what: str) -> list[str]:
    """<loc> (one, absolute, at most 2048 characters, an existing file of this site) and <lastmod>."""
    locs = element.findall(f"{SITEMAP_NS}loc")
    if len(locs) != 1 or not (locs[0].text or "").strip():
        return [say("sitecheck.one_loc", what=what)]
    found = _absolute(site, locs[0].text.strip(), say("sitecheck.part", what=what, part="<loc>"))
    if len(locs[0].text.strip()) > SITEMAP_MAX_LOC:
        found.append(say("sitecheck.loc_too_long", what=what, limit=SITEMAP_MAX_LOC))
    lastmod = element.findtext(f"{SITEMAP_NS}lastmod")
    if lastmod is not None and not _W3C_DATE.fullmatch(lastmod.strip()):
        found.append(say("sitecheck.lastmod", what=what, value=lastmod))
    return found


def _rss(site: BuiltSite, root: ET.Element) -> list[str]:
    found = [] if root.get("version") == "2.0" else [say("sitecheck.rss_version")]
    channels = root.findall("channel")
    if len(channels) != 1:
        return found + [say("sitecheck.one_channel")]
    channel = channels[0]
    found += [say("sitecheck.lacks", what="<channel>", name=name) for name in ("title", "link", "description")
              if not (channel.findtext(name) or "").strip()]
    found += _rss_date(channel, "lastBuildDate", "<channel>") + _rss_date(channel, "pubDate", "<channel>")
    for n, item in enumerate(channel.findall("item"), 1):
        what = _nth("<item>", n)
        if not (item.findtext("title") or item.findtext("description") or "").strip():
            found.append(say("sitecheck.item_text", what=what))
        if item.findtext("link") is not None:
            found += _absolute(site, item.findtext("link").strip(), say("sitecheck.part", what=what, part="<link>"))
        found += _rss_date(item, "pubDate", what)
    return found


def _rss_date(element: ET.Element, name: str, what: str) -> list[str]:
    text = element.findtext(name)
    if text is None:
        return []
    try:
        email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return [say("sitecheck.rfc822", what=what, name=name, value=text)]
    return []


def _atom(site: BuiltSite, root: ET.Element) -> list[str]:
    found = _atom_required(root, "<feed>")
    feed_author = root.find(f"{ATOM_NS}author") is not None
    for n, entry in enumerate(root.findall(f"{ATOM_NS}entry"), 1):
        what = _nth("<entry>", n)
        found += _atom_required(entry, what)
        if not feed_author and entry.find(f"{ATOM_NS}author") is None:
            found.append(say("sitecheck.entry_author", what=what))
        links = [link.get("href") for link in entry.findall(f"{ATOM_NS}link") if link.get("rel", "alternate") == "alternate"]
        if not links and entry.find(f"{ATOM_NS}content") is None:
            found.append(say("sitecheck.entry_link", what=what))
        for href in links:
            found += _absolute(site, href or "", say("sitecheck.part", what=what, part="<link>"))
    return found


def _atom_required(element: ET.Element, what: str) -> list[str]:
    found = [say("sitecheck.lacks", what=what, name=name) for name in ("id", "title", "updated")
             if not (element.findtext(f"{ATOM_NS}{name}") or "").strip()]
    updated = (element.findtext(f"{ATOM_NS}updated") or "").strip()
    if updated and not _RFC3339.fullmatch(updated):
        found.append(say("sitecheck.rfc3339", what=what, value=updated))
    return found


def _absolute(site: BuiltSite, address: str, what: str) -> list[str]:
    """An address in a sitemap or feed: absolute, and if it is this site's, naming a built file."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [say("sitecheck.not_absolute", what=what, address=address)]
    target = site.internal(address, "")
    if target and target not in site.files:
        return [say("sitecheck.no_such_file", what=what, address=address)]
    return []


def _nth(element: str, n: int) -> str:
    """How a finding names the n-th <url>, <item> or <entry> of a file."""
    return say("sitecheck.nth", element=element, n=n)


_XML_CHECKS = {f"{SITEMAP_NS}urlset": _sitemap, f"{SITEMAP_NS}sitemapindex": _sitemap_index, "rss": _rss,
               f"{ATOM_NS}feed": _atom}
_XML_HINTS = {f"{SITEMAP_NS}urlset": "sitecheck.sitemap_hint", f"{SITEMAP_NS}sitemapindex": "sitecheck.sitemap_hint",
              "rss": "sitecheck.rss_hint", f"{ATOM_NS}feed": "sitecheck.atom_hint"}


def check_robots(site: BuiltSite, problems: Problems) -> None:
    text = (site.root / "robots.txt").read_text(encoding="utf-8", errors="replace")
    for n, line in enumerate(text.splitlines(), 1):
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            for message in _absolute(site, value.strip(), "Sitemap"):
                problems.error(site.shown("robots.txt"), message, n, say("sitecheck.robots_hint"))
