"""What a page tells other machines about itself: OpenGraph and Twitter card tags, and on articles a
schema.org NewsArticle (JSON-LD).

Plain data for the view contexts (views.py), drawn by layouts/_social.html.  Cards need absolute
addresses, so their url and image come from base_url and are left out without it; the JSON-LD then
uses addresses relative to the page, which a reader of the page resolves.
"""
from __future__ import annotations

from urllib.parse import quote

from ..config import Config
from ..media import Picture
from ..model import Article, Page

__all__ = ["page_social", "article_social", "site_social"]

OG_LOCALES = {"zh-CN": "zh_CN", "en": "en_US"}


def site_social(config: Config, title: str, rel: str) -> dict:
    """The card of a page about the whole paper (the archive): its name and address only."""
    return {"type": "website", "title": title, "description": config.description,
            "locale": OG_LOCALES.get(config.language, config.language), "url": config.absolute(rel),
            "image": "", "image_alt": "", "ld": None}


def page_social(config: Config, ed: dict, page: Page, title: str, scan: Picture | None) -> dict:
    """The card of a page view (版面): its title and its scan."""
    image = _card_image(scan)
    return {
        "type": "website", "title": f"{title} · {ed['date_text']}", "description": config.description,
        "locale": OG_LOCALES.get(config.language, config.language), "url": config.absolute(page.url),
        "image": config.absolute(image) if image else "", "image_alt": title,
        "ld": None,
    }


def article_social(config: Config, ed: dict, page: Page, page_title: str, a: Article,
                   pictures: dict[str, Picture], root: str) -> dict:
    """The card of an article and its NewsArticle: headline, subtitle, authors, photo, date, edition, page.

    An article without a photo shows the scan of its page: that is where it was printed."""
    photo = next((p for p in a.photos if p.rel in pictures), None)
    if photo:
        image, image_alt = _card_image(pictures[photo.rel]), photo.caption or a.title
    else:
        image, image_alt = _card_image(pictures.get(page.scan.rel) if page.scan else None), page_title
    return {
        "type": "article", "title": a.title, "description": a.lead,
        "locale": OG_LOCALES.get(config.language, config.language), "url": config.absolute(a.url),
        "image": config.absolute(image) if image else "", "image_alt": image_alt if image else "",
        "published": ed["date"], "section": a.section, "authors": a.authors,
        "ld": _news_article(config, ed, page, page_title, a, image, root),
    }


def _news_article(config: Config, ed: dict, page: Page, page_title: str, a: Article, image: str | None,
                  root: str) -> dict:
    def address(rel: str) -> str:
        return config.absolute(rel) or root + quote(rel, safe="/#.-_~")

    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": a.title, "datePublished": ed["date"], "url": address(a.url), "mainEntityOfPage": address(a.url),
        "author": [{"@type": "Person", "name": name} for name in a.authors],
        "publisher": {"@type": "Organization", "name": config.name},
        "printPage": str(page.number),
        "isPartOf": [
            _some({"@type": "PublicationIssue", "datePublished": ed["date"], "issueNumber": ed["number"],
                   "url": address(ed["pages"][0]["url"]),
                   "isPartOf": {"@type": "Periodical", "name": config.name}}),
            {"@type": "WebPage", "name": page_title, "url": address(page.url)},
        ],
    }
    return _some({**ld, "alternativeHeadline": a.subtitle, "description": a.lead, "articleSection": a.section,
                  "printSection": page.name, "image": [address(image)] if image else None})


def _some(data: dict) -> dict:
    """Without the empty fields: schema.org readers take "" for a value."""
    return {k: v for k, v in data.items() if v}


def _card_image(pic: Picture | None) -> str | None:
    """The widest JPEG: the format every card reader takes."""
    if pic is None:
        return None
    return max(pic.of_format("jpeg") or pic.variants, key=lambda v: v.width).url
