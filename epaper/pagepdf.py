"""Articles without `area:` placed on their page from the page's PDF (regions.py), while the model is built.

The placements of a page are kept in `.cache/regions/` as JSON, under a key made from the PDF's bytes,
the pages edition.yaml names it for, and every article of the page (its slug and the digest of its file): a rebuild with
the same PDF and texts reads them instead of searching, and any change to the PDF or to a text of the
page finds them again, so an incremental build gives what a clean one does.  The page's warnings (a PDF
that cannot be read, has no text layer or garbled text) are kept with them and said again.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .config import Config
from .errors import Problems
from .pdftext import GARBLED_SHARE, PdfTrouble, normalize, read_pdf_pages
from .regions import CHUNK, NOWHERE, ArticleText, article_text, find_regions
from .source import read_body

__all__ = ["place_articles", "pdf_stamps", "REGIONS_VERSION", "SHAPE_TOLERANCE"]

REGIONS_VERSION = "1"       # part of every cache key: raise it when what regions.py finds changes
SHAPE_TOLERANCE = 0.02      # a scan's width/height may differ this much from its PDF's


def pdf_stamps(folder: Path, pages: dict) -> tuple:
    """(name, size, mtime) of each page PDF of edition.yaml's pages (`folder` is edition.yaml's): a PDF
    saved over in place changes no folder, yet changes the regions."""
    stamps = []
    for spec in pages.values():
        if spec.get("pdf"):
            try:
                st = os.stat(folder / spec["pdf"])
                stamps.append((spec["pdf"], st.st_size, st.st_mtime_ns))
            except (OSError, ValueError):
                stamps.append((spec["pdf"], None, None))
    return tuple(stamps)


def place_articles(config: Config, yaml_rel: str, pages: list, problems: Problems) -> None:
    """Give each article without `area:` on a page with a PDF the region found for it, or a
    `region_note` saying why none was found.  `pages` are model.Page objects."""
    named: dict[Path, list[int]] = {}
    for page in pages:
        if page.pdf:
            named.setdefault(page.pdf.path, []).append(page.number)
    for page in pages:
        if not page.pdf or all(a.area is not None for a in page.articles):
            continue
        try:
            digest = hashlib.blake2b(page.pdf.path.read_bytes(), digest_size=16).hexdigest()
        except OSError:
            continue            # model.py has said that the file is missing
        key = _key(digest, named[page.pdf.path], page.articles)
        result = _load(config, key)
        if result is None:
            result = _search(config, page, named[page.pdf.path])
            _save(config, key, result)
        _apply(page, result, yaml_rel, problems)
    _point_to_other_pages(config, pages)


def _point_to_other_pages(config: Config, pages: list) -> None:
    """An article whose text is nowhere on its page is often on another: say which, when a PDF shows it."""
    lost = [(p, a) for p in pages for a in p.articles if a.area is None and a.region_note.startswith(NOWHERE)]
    if not lost:
        return
    pieces = {id(a): _pieces(normalize(_article_text(config, a).text)) for _, a in lost}
    for other in (p for p in pages if p.pdf):
        words = _page_words(config, other)
        for page, a in lost:
            mine = pieces[id(a)]
            if other is not page and words and mine and sum(x in words for x in mine) >= 0.6 * len(mine):
                a.region_note += f"; it is printed on page {other.number} ({other.pdf.rel})"


def _pieces(text: str) -> list[str]:
    return [text[i:i + CHUNK] for i in range(0, len(text) - CHUNK + 1, CHUNK)]


def _page_words(config: Config, page) -> str:
    """The letters and digits of a page PDF's first page, kept in `.cache/regions/` by the PDF's bytes."""
    try:
        digest = hashlib.blake2b(page.pdf.path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""
    path = config.cache_dir / "regions" / f"words-{REGIONS_VERSION}-{digest}.json"
    try:
        words = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(words, str):
            return words
    except (OSError, ValueError):
        pass
    try:
        _, texts = read_pdf_pages(page.pdf.path, [0])
    except PdfTrouble:
        return ""
    words = "".join(normalize(line.text) for line in texts[0].lines)
    _write_json(path, words)
    return words


def _key(digest: str, named: list[int], articles: list) -> str:
    made = [REGIONS_VERSION, digest, named, sorted((a.slug, a.digest) for a in articles)]
    return hashlib.blake2b(json.dumps(made).encode(), digest_size=16).hexdigest()


def _search(config: Config, page, named: list[int]) -> dict:
    """{"areas", "why", "warnings", "size"} of the page: the page scan is made from the PDF's first page,
    so that is where the regions are looked for."""
    rel = page.pdf.rel
    try:
        count, texts = read_pdf_pages(page.pdf.path, [0])
    except PdfTrouble as trouble:
        return _warned(page, f"the PDF {rel} {trouble}", "Export the page PDF again from the layout program "
                       "(without a password), or give each article of the page an 'area:'.")
    result = _found(config, page, texts[0])
    if count > 1 or len(named) > 1:
        pages = ", ".join(str(n) for n in named)
        result["warnings"].insert(0, [f"page {page.number}: the PDF {rel} has {count} page(s) and edition.yaml "
                                      f"names it for page(s) {pages}; only its first page is shown and searched "
                                      "for this page", "Give each page a one-page PDF of its own ('build.py "
                                      "import EDITION.pdf' splits an edition's PDF into pages)."])
    return result


def _found(config: Config, page, text) -> dict:
    rel = page.pdf.rel
    if text.chars == 0:
        return _warned(page, f"the PDF {rel} has no text layer (a scanned picture?), so its articles' regions "
                       "cannot be found", "Export the page from the layout program as a PDF with text, or give "
                       "each article of the page an 'area:'.")
    if text.garbled > GARBLED_SHARE:
        return _warned(page, f"the text of the PDF {rel} comes out garbled ({text.garbled:.0%} of its characters "
                       "are private-use or unmapped: fonts without a Unicode map); its regions are not looked for",
                       "Export the PDF again with the fonts' Unicode (ToUnicode) maps embedded, or give each "
                       "article of the page an 'area:'.")
    placements = find_regions(text, [_article_text(config, a) for a in page.articles])
    return {"areas": {s: p.area for s, p in placements.items()},
            "why": {s: p.why for s, p in placements.items() if p.area is None}, "warnings": [],
            "size": [text.width, text.height]}


def _shapes(page, size) -> list:
    """A scan given beside the PDF is taken as the same page: say so when its shape is not the PDF's.
    (Looked at on every assembly, not cached: the scan may change while the PDF does not.)"""
    if not page.scan or page.scan.path == page.pdf.path or not size:
        return []
    from PIL import Image
    try:
        with Image.open(page.scan.path) as img:
            width, height = img.size
    except (OSError, ValueError):
        return []           # images.py reports a scan it cannot read
    ratio = (width / height) / (size[0] / size[1])
    if abs(ratio - 1) <= SHAPE_TOLERANCE:
        return []
    return [[f"page {page.number}: the scan {page.scan.rel} ({width}x{height}) is not the shape of the PDF "
             f"{page.pdf.rel} ({size[0]:.0f}x{size[1]:.0f} pt), so the regions found on the PDF will not sit "
             "on the scan", "Make the scan from the same page PDF (the whole page, no margins cropped), or "
             "give the page's articles an 'area:' measured on the scan."]]


def _article_text(config: Config, a) -> ArticleText:
    try:
        body = read_body(config, a.rel)
    except (OSError, UnicodeDecodeError):
        body = ""
    captions = [f"{p.caption} {p.credit}" for p in a.photos]
    return ArticleText(a.slug, a.title, article_text(a.title, a.kicker, a.subtitle, a.authors, body, captions))


def _warned(page, message: str, hint: str) -> dict:
    return {"areas": {}, "why": {a.slug: message for a in page.articles},
            "warnings": [[f"page {page.number}: {message}", hint]]}


def _apply(page, result: dict, yaml_rel: str, problems: Problems) -> None:
    for message, hint in result["warnings"] + _shapes(page, result.get("size")):
        problems.warn(f"content/{yaml_rel}", message, hint=hint)
    for a in page.articles:
        if a.area is None:
            a.area = result["areas"].get(a.slug)
            if a.area is None:
                a.region_note = result["why"].get(a.slug, "")


def _load(config: Config, key: str) -> dict | None:
    try:
        with open(config.cache_dir / "regions" / f"{key}.json", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    ok = (isinstance(data, dict) and all(isinstance(data.get(k), t) for k, t in
                                         (("areas", dict), ("why", dict), ("warnings", list)))
          and all(_is_area(v) for v in data["areas"].values())
          and all(isinstance(w, list) and len(w) == 2 and all(isinstance(t, str) for t in w) for w in data["warnings"])
          and (data.get("size") is None or (isinstance(data["size"], list) and len(data["size"]) == 2
                                             and all(isinstance(v, (int, float)) and v > 0 for v in data["size"]))))
    return data if ok else None


def _is_area(value) -> bool:
    return value is None or (isinstance(value, list) and len(value) == 4
                             and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in value))


def _save(config: Config, key: str, result: dict) -> None:
    _write_json(config.cache_dir / "regions" / f"{key}.json", result)


def _write_json(path: Path, data) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass            # a cache that cannot be written only costs the search next time
