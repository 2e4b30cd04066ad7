"""`YYYY-MM-DD/edition.json`: the edition as data, for apps and aggregators.

A plain-data output (`JSON_OUTPUT`): its context *is* the file, so its digest alone decides whether
it is written again.  Every URL in it is relative to the site's root (join it to `base_url`).  The
format is documented by `schemas/edition.schema.json`; change both together and bump VERSION when a
field changes meaning or disappears.
"""
from __future__ import annotations

from ..config import Config
from ..media import Picture, edition_pdf_url, has_iiif, iiif_path, offline_url
from ..model import Article, Edition, Page, Photo
from .views import JSON_OUTPUT, Output, url_path

__all__ = ["manifest_output", "manifest_path", "VERSION"]

VERSION = 1


def manifest_path(edition: Edition) -> str:
    return f"{edition.key}/edition.json"


def manifest_output(config: Config, edition: Edition, pictures: dict[str, Picture], offline: bool = True) -> Output:
    """The manifest of one edition."""
    data = {
        "version": VERSION,
        "paper": config.name,
        "base_url": config.base_url,
        "date": edition.key,
        "number": edition.number,
        "url": url_path(edition.pages[0].url if edition.pages else edition.url),
        "previous": manifest_path(edition.prev) if edition.prev else None,
        "next": manifest_path(edition.next) if edition.next else None,
        **({"pdf": url_path(edition_pdf_url(edition))} if edition_pdf_url(edition) else {}),
        **({"offline": url_path(offline_url(edition))} if offline and offline_url(edition) else {}),
        **({"iiif": url_path(iiif_path(edition))} if has_iiif(config, edition, pictures) else {}),
        "pages": [_page(p, pictures) for p in edition.pages],
        "articles": [_article(a, pictures) for a in edition.articles],
    }
    return Output(manifest_path(edition), JSON_OUTPUT, data, source=f"content/{edition.key}/edition.yaml")


def _page(page: Page, pictures: dict[str, Picture]) -> dict:
    return {
        "number": page.number,
        "name": page.name,
        "url": url_path(page.url),
        "scan": _image(page.scan, pictures),
        "pdf": url_path(page.pdf.rel) if page.pdf else None,
        "articles": [url_path(a.url) for a in page.articles],
    }


def _article(a: Article, pictures: dict[str, Picture]) -> dict:
    return {
        "url": url_path(a.url),
        "title": a.title,
        "kicker": a.kicker,
        "subtitle": a.subtitle,
        "authors": list(a.authors),
        "section": a.section,
        "page": a.page,
        "order": a.order,
        "area": a.area,
        "draft": a.draft,
        "lead": a.lead,
        "images": [dict(_image(p, pictures), caption=p.caption, credit=p.credit)
                   for p in a.photos if p.rel in pictures],
        "continued_from": url_path(a.continued_from.url) if a.continued_from else None,
        "continued_to": url_path(a.continued_to.url) if a.continued_to else None,
    }


def _image(photo: Photo | None, pictures: dict[str, Picture]) -> dict | None:
    """The largest published copy of a photo or scan (a JPEG where there is one)."""
    pic = pictures.get(photo.rel) if photo else None
    if pic is None:
        return None
    v = max(pic.of_format("jpeg") or pic.variants, key=lambda v: v.width)
    return {"url": url_path(v.url), "width": v.width, "height": v.height}
