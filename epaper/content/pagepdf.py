"""Articles without `area:` placed on their page from the page's PDF (regions.py), while the model is built.

The placements of a page are kept in `.cache/regions/` as JSON, under a key made from the PDF's bytes,
the pages edition.yaml names it for, and every article of the page (its slug and the digest of its file): a rebuild with
the same PDF and texts reads them instead of searching, and any change to the PDF or to a text of the
page finds them again, so an incremental build gives what a clean one does.  The page's warnings (a PDF
that cannot be read, has no text layer or garbled text) are kept with them and said again.  Warnings and
the reasons an article was not placed are kept as notes, {"key", "values"} of a message (a value may be a
note itself, or a list of page numbers), and said in the language of the run that shows them.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..config import Config
from ..core import Problems, command, say, write_atomic
from .pdftext import GARBLED_SHARE, PdfTrouble, normalize, read_pdf_pages
from .regions import ArticleText, CHUNK, NOWHERE, article_text, find_regions
from .source import read_body

__all__ = ["place_articles", "pdf_stamps", "REGIONS_VERSION", "SHAPE_TOLERANCE"]

REGIONS_VERSION = "2"       # part of every cache key: raise it when what regions.py finds changes
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
    lost: list = []             # (page, article) whose text is nowhere on its page
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
        lost += [(page, a) for a in _apply(page, result, yaml_rel, problems)]
    _point_to_other_pages(config, pages, lost)


def _point_to_other_pages(config: Config, pages: list, lost: list) -> None:
    """An article whose text is nowhere on its page is often on another: say which, when a PDF shows it."""
    if not lost:
        return
    pieces = {id(a): _pieces(normalize(_article_text(config, a).text)) for _, a in lost}
    for other in (p for p in pages if p.pdf):
        words = _page_words(config, other)
        for page, a in lost:
            mine = pieces[id(a)]
            if other is not page and words and mine and sum(x in words for x in mine) >= 0.6 * len(mine):
                a.region_note += say("pagepdf.printed_on", page=other.number, pdf=other.pdf.rel)


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
        return _warned(page, _note("pagepdf.unreadable", pdf=rel, trouble=_note(trouble.key, **trouble.values)),
                       "pagepdf.unreadable_hint")
    result = _found(config, page, texts[0])
    if count > 1 or len(named) > 1:
        result["warnings"].insert(0, _warning(_note("pagepdf.several_pages", pdf=rel, count=count, pages=named),
                                              "pagepdf.several_pages_hint"))
    return result


def _found(config: Config, page, text) -> dict:
    rel = page.pdf.rel
    if text.chars == 0:
        return _warned(page, _note("pagepdf.no_text", pdf=rel), "pagepdf.no_text_hint")
    if text.garbled > GARBLED_SHARE:
        return _warned(page, _note("pagepdf.garbled", pdf=rel, share=f"{text.garbled:.0%}"), "pagepdf.garbled_hint")
    placements = find_regions(text, [_article_text(config, a) for a in page.articles])
    return {"areas": {s: p.area for s, p in placements.items()},
            "why": {s: _note(p.why, **p.why_values) for s, p in placements.items() if p.area is None},
            "warnings": [], "size": [text.width, text.height]}


def _shapes(page, size) -> list[dict]:
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
    return [_warning(_note("pagepdf.shape", scan=page.scan.rel, width=width, height=height, pdf=page.pdf.rel,
                           pdf_width=f"{size[0]:.0f}", pdf_height=f"{size[1]:.0f}"), "pagepdf.shape_hint")]


def _article_text(config: Config, a) -> ArticleText:
    try:
        body = read_body(config, a.rel)
    except (OSError, UnicodeDecodeError):
        body = ""
    captions = [f"{p.caption} {p.credit}" for p in a.photos]
    return ArticleText(a.slug, a.title, article_text(a.title, a.kicker, a.subtitle, a.authors, body, captions))


def _note(key: str, **values) -> dict:
    """A message kept by its key and values (see the docstring): said when shown, in that run's language."""
    return {"key": key, "values": values}


def _said(note: dict) -> str:
    return say(note["key"], **{name: _value(v) for name, v in note["values"].items()})


def _value(value):
    """A note's value as said: a note within it in words, a list of page numbers joined (1, 2 / 1、2)."""
    if isinstance(value, dict):
        return _said(value)
    if isinstance(value, list):
        return say("pagepdf.comma").join(map(str, value))
    return value


def _warning(message: dict, hint: str) -> dict:
    return {"message": message, "hint": hint}


def _warned(page, message: dict, hint: str) -> dict:
    return {"areas": {}, "why": {a.slug: message for a in page.articles}, "warnings": [_warning(message, hint)]}


def _apply(page, result: dict, yaml_rel: str, problems: Problems) -> list:
    """Say the page's warnings, give its articles their regions or reasons; the articles whose text is
    nowhere on the page."""
    for warning in result["warnings"] + _shapes(page, result.get("size")):
        message = say("pagepdf.on_page", page=page.number, message=_said(warning["message"]))
        problems.warn(f"content/{yaml_rel}", message, hint=say(warning["hint"], command=command()))
    lost = []
    for a in page.articles:
        if a.area is None:
            a.area = result["areas"].get(a.slug)
            if a.area is None and a.slug in result["why"]:
                a.region_note = _said(result["why"][a.slug])
                if result["why"][a.slug]["key"].startswith(NOWHERE):
                    lost.append(a)
    return lost


def _load(config: Config, key: str) -> dict | None:
    try:
        with open(config.cache_dir / "regions" / f"{key}.json", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    ok = (isinstance(data, dict) and all(isinstance(data.get(k), t) for k, t in
                                         (("areas", dict), ("why", dict), ("warnings", list)))
          and all(_is_area(v) for v in data["areas"].values())
          and (data.get("size") is None or (isinstance(data["size"], list) and len(data["size"]) == 2
                                             and all(isinstance(v, (int, float)) and v > 0 for v in data["size"])))
          and _sayable(data))
    return data if ok else None


def _sayable(data: dict) -> bool:
    """Whether every warning and reason kept is a message of this version, with the values it needs."""
    try:
        for warning in data["warnings"]:
            _said(warning["message"])
            say(warning["hint"], command="")
        for note in data["why"].values():
            _said(note)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError):
        return False
    return True


def _is_area(value) -> bool:
    return value is None or (isinstance(value, list) and len(value) == 4
                             and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in value))


def _save(config: Config, key: str, result: dict) -> None:
    _write_json(config.cache_dir / "regions" / f"{key}.json", result)


def _write_json(path: Path, data) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False))
    except OSError:
        pass            # a cache that cannot be written only costs the search next time
