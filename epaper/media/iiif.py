"""`YYYY-MM-DD/iiif/manifest.json`: the edition as a IIIF Presentation 3 manifest, for library viewers.

Mirador, Universal Viewer or any IIIF viewer opens it: a canvas per page with a scan, painted with the
scan and its deep-zoom service (tiles.py), and the page's articles as annotations on their regions,
each linking to the article and labelled with its headline.  IIIF wants every `id` to be an absolute
http(s) address, so the manifest is written only with `base_url` (like the sitemaps).  The rules it is
checked against are in `schemas/iiif-presentation-3.schema.json`.
"""
from __future__ import annotations

from ..config import Config
from ..model import Article, Edition, Page
from .images import Picture
from .tiles import image_service

__all__ = ["iiif_path", "iiif_manifest", "has_iiif", "PRESENTATION_CONTEXT", "PRESENTATION_PROFILE"]

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
PRESENTATION_PROFILE = f'application/ld+json;profile="{PRESENTATION_CONTEXT}"'


def iiif_path(edition: Edition) -> str:
    return f"{edition.key}/iiif/manifest.json"


def has_iiif(config: Config, edition: Edition, pictures: dict[str, Picture]) -> bool:
    """Whether the edition gets a manifest: IIIF ids are absolute (base_url), and a page must have a scan."""
    return bool(config.base_url) and any(p.scan and p.scan.rel in pictures for p in edition.pages)


def iiif_manifest(config: Config, edition: Edition, pictures: dict[str, Picture], title: str,
                  page_titles: dict[int, str]) -> dict | None:
    """The manifest (None without base_url, or for an edition without a page scan).  `title`: the
    edition as the masthead names it; `page_titles`: each page's title (第08版：通辽) by number."""
    if not has_iiif(config, edition, pictures):
        return None
    pages = [p for p in edition.pages if p.scan and p.scan.rel in pictures]
    lang = config.language
    here = config.absolute(iiif_path(edition))
    manifest = {
        "@context": PRESENTATION_CONTEXT,
        "id": here,
        "type": "Manifest",
        "label": {lang: [f"{config.name} {title}"]},
        "navDate": f"{edition.key}T00:00:00Z",
        "homepage": [{"id": config.absolute(edition.pages[0].url), "type": "Text", "format": "text/html",
                      "label": {lang: [f"{config.name} {title}"]}}],
        "seeAlso": [{"id": config.absolute(f"{edition.key}/edition.json"), "type": "Dataset",
                     "format": "application/json"}],
        "items": [_canvas(config, here, p, pictures[p.scan.rel], page_titles[p.number]) for p in pages],
    }
    if edition.number:
        manifest["summary"] = {lang: [edition.number]}
    if config.description:
        manifest["requiredStatement"] = {"label": {lang: [config.name]}, "value": {lang: [config.description]}}
    return manifest


def _canvas(config: Config, manifest_id: str, page: Page, pic: Picture, title: str) -> dict:
    lang = config.language
    service = image_service(pic)
    canvas = manifest_id.removesuffix("manifest.json") + f"canvas/{page.number:02d}"
    image = {"id": config.absolute(_source_url(pic, service)), "type": "Image", "format": "image/jpeg",
             "width": service.width, "height": service.height,
             "service": [{"id": config.absolute(service.url), "type": "ImageService3", "profile": "level0"}]}
    regions = [a for a in page.articles if a.area]
    out = {
        "id": canvas, "type": "Canvas", "label": {lang: [title]},
        "width": service.width, "height": service.height,
        "items": [{"id": f"{canvas}/paint", "type": "AnnotationPage", "items": [
            {"id": f"{canvas}/paint/scan", "type": "Annotation", "motivation": "painting", "body": image,
             "target": canvas}]}],
        "homepage": [{"id": config.absolute(page.url), "type": "Text", "format": "text/html", "label": {lang: [title]}}],
    }
    if regions:
        out["annotations"] = [{"id": f"{canvas}/articles", "type": "AnnotationPage",
                               "items": [_link(config, canvas, n, a, service.width, service.height)
                                         for n, a in enumerate(regions, 1)]}]
    return out


def _link(config: Config, canvas: str, n: int, a: Article, width: int, height: int) -> dict:
    """An article's region on the canvas, linking to the article."""
    lang = config.language
    x, y, w, h = a.area
    box = ",".join(str(round(v)) for v in (x * width, y * height, w * width, h * height))
    return {"id": f"{canvas}/articles/{n}", "type": "Annotation", "motivation": "linking",
            "label": {lang: [a.title]},
            "body": {"id": config.absolute(a.url), "type": "Text", "format": "text/html", "label": {lang: [a.title]}},
            "target": f"{canvas}#xywh={box}"}


def _source_url(pic: Picture, service) -> str:
    """The copy the tiles are cut from: the image as a whole, for viewers that do not tile."""
    return next(v.url for v in pic.variants if v.cache_file == service.source)
