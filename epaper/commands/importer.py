"""`build.py import PDF_OR_FOLDER… --date YYYY-MM-DD`: an edition written from its print PDFs alone.

Writes content/DATE/edition.yaml (pages with their names and PDFs, the edition number), one Markdown
file per article found (pdfimport.py) in NN/<slug>.md, and the photos cropped out of the page beside
it.  Everything is written into a folder of its own first and moved into content/ only when the whole
edition is made, so a failed import leaves content/ as it was.  It never overwrites: a date folder
that already holds an edition.yaml or articles is refused.
"""
from __future__ import annotations

import errno
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content import (FoundArticle, GARBLED_SHARE, PageLayout, PageText, PdfTrouble, read_layout, read_pdf_pages,
    valid_date)
from ..core import command, say

__all__ = ["import_edition", "ImportResult", "page_number_of"]

_NUMBER_RE = re.compile(r"^(?:p|page|[a-z])?[-_ ]?0*(\d{1,3})$", re.IGNORECASE)
PHOTO_SCALE = 200 / 72          # photos are cropped from the page rendered at 200 dpi


@dataclass
class ImportResult:
    ok: bool
    lines: list[str] = field(default_factory=list)      # the summary, one line per page, or what went wrong
    problems: list[str] = field(default_factory=list)   # the lines of pages that were not read whole (for -q)


@dataclass
class _Page:
    number: int
    source: Path
    index: int                      # page of the source PDF
    text: PageText | None = None
    layout: PageLayout | None = None
    trouble: str = ""               # why its articles are not imported


def page_number_of(path: Path) -> int | None:
    """The page number a file name gives: p03.pdf, 03.pdf, A03.pdf, page-3.pdf -> 3."""
    m = _NUMBER_RE.match(path.stem)
    return int(m.group(1)) if m and int(m.group(1)) > 0 else None


def _error(message: str, hint: str = "") -> str:
    """A problem as the other commands print one: "error: what is wrong", the hint under it."""
    return f"{say('problem.error')}: {message}" + (f"\n    {hint}" if hint else "")


def import_edition(root: Path, inputs: list[Path], date: str) -> ImportResult:
    if not valid_date(date):
        return ImportResult(False, [_error(say("importer.bad_date", date=date))])
    target = root / "content" / date
    refused = _refusal(target, date)
    if refused:
        return ImportResult(False, [refused])
    pdfs, problems = _collect(inputs)
    if problems or not pdfs:
        return ImportResult(False, problems or [_error(say("importer.no_pdf"))])
    pages, problems = _pages(pdfs)
    if problems:
        return ImportResult(False, problems)
    root_cache = root / ".cache"
    root_cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"import-{date}-", dir=root_cache))
    try:
        lines = [_write_page(staging, page) for page in pages]
        _write_edition_yaml(staging, pages)
        _move_into(staging, target)
    except FileExistsError as exc:
        said = _error(say("importer.exists", path=exc.filename or exc), say("importer.exists_hint"))
        return ImportResult(False, [said])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    found = sum(len(p.layout.articles) for p in pages if p.layout)
    lines.append(say("importer.done", articles=found, pages=len(pages), date=date, command=command()))
    troubled = [line for line, p in zip(lines, pages) if p.trouble or p.layout.skipped or not p.layout.articles]
    return ImportResult(True, lines, troubled)


def _refusal(target: Path, date: str) -> str:
    if not target.exists():
        return ""
    articles = [p for p in target.rglob("*.md")]
    if articles or (target / "edition.yaml").exists():
        what = say("importer.article_files", count=len(articles)) if articles else say("importer.an_edition_yaml")
        return _error(say("importer.already_holds", date=date, what=what),
                      say("importer.already_holds_hint", date=date))
    return ""


def _collect(inputs: list[Path]) -> tuple[list[Path], list[str]]:
    pdfs, problems = [], []
    for path in inputs:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
            if not found:
                problems.append(_error(say("importer.empty_folder", path=path)))
            pdfs += found
        elif path.is_file():
            pdfs.append(path)
        else:
            problems.append(_error(say("importer.no_such_path", path=path)))
    return pdfs, problems


def _pages(pdfs: list[Path]) -> tuple[list[_Page], list[str]]:
    """Each page with its text read: one PDF of the whole edition, or one PDF per page."""
    pages, problems = [], []
    numbers = [page_number_of(p) for p in pdfs]
    if None in numbers or len(set(numbers)) != len(numbers):
        numbers = list(range(1, len(pdfs) + 1))         # from the order given
    for path, number in zip(pdfs, numbers):
        try:
            count, texts = read_pdf_pages(path, None if len(pdfs) == 1 else [0])
        except PdfTrouble as trouble:
            problems.append(_error(say("importer.unreadable", path=path, trouble=trouble),
                                   say("importer.unreadable_hint")))
            continue
        if len(pdfs) == 1 and count > 1:
            pages += [_read(_Page(i + 1, path, i), texts[i]) for i in range(count)]
            continue
        if count > 1:
            problems.append(_error(say("importer.several_pages", path=path, count=count, page=number),
                                   say("importer.several_pages_hint")))
            continue
        pages.append(_read(_Page(number, path, 0), texts[0]))
    return sorted(pages, key=lambda p: p.number), problems


def _read(page: _Page, text: PageText) -> _Page:
    page.text = text
    if text.chars == 0:
        page.trouble = say("importer.no_text")
    elif text.garbled > GARBLED_SHARE:
        page.trouble = say("importer.garbled", share=f"{text.garbled:.0%}")
    else:
        page.layout = read_layout(text)
    return page


def _write_page(staging: Path, page: _Page) -> str:
    name = f"p{page.number:02d}.pdf"
    _copy_page_pdf(page, staging / name)
    number = f"{page.number:02d}"
    named = page.layout and page.layout.name
    label = say("importer.page_named", page=number, name=named) if named else say("importer.page", page=number)
    if page.trouble:
        return say("importer.page_trouble", label=label, file=page.source.name, trouble=page.trouble)
    folder = staging / f"{page.number:02d}"
    folder.mkdir()
    raster = _raster(page) if any(a.photos for a in page.layout.articles) else None
    slugs: set[str] = set()
    photos = 0
    for article in page.layout.articles:
        slug = _slug(article, slugs)
        photos += _write_article(folder, slug, article, page.text, raster)
    more = say("importer.left_out", count=page.layout.skipped) if page.layout.skipped else ""
    if not page.layout.articles:
        more += say("importer.no_headline")
    return say("importer.page_found", label=label, file=page.source.name, articles=len(page.layout.articles),
               photos=photos, more=more)


def _copy_page_pdf(page: _Page, target: Path) -> None:
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(page.source)
    try:
        if len(src) == 1:
            shutil.copyfile(page.source, target)
            return
        one = pdfium.PdfDocument.new()
        one.import_pages(src, [page.index])
        one.save(target)
        one.close()
    finally:
        src.close()


def _raster(page: _Page):
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(page.source)
    try:
        return doc[page.index].render(scale=PHOTO_SCALE).to_pil().convert("RGB")
    finally:
        doc.close()


def _slug(article: FoundArticle, taken: set[str]) -> str:
    """ASCII words of the headline (an English one), else article-NN; the same input gives the same slug."""
    words = re.findall(r"[a-z0-9]+", article.title.lower())
    base = "-".join(words[:6])[:50].strip("-") if sum(len(w) for w in words) >= 4 else f"article-{article.order:02d}"
    slug, n = base, 2
    while slug in taken or slug == "index":
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _write_article(folder: Path, slug: str, a: FoundArticle, text: PageText, raster) -> int:
    front: dict = {"title": a.title}
    if a.kicker:
        front["kicker"] = a.kicker
    if a.subtitle:
        front["subtitle"] = a.subtitle
    if a.authors:
        front["authors"] = a.authors
    front["order"] = a.order
    front["area"] = [round(v, 3) for v in text.fraction(a.box)]
    images = []
    for n, photo in enumerate(a.photos, 1):
        file = f"{slug}-{n}.jpg"
        x0, y0, x1, y1 = (round(v * PHOTO_SCALE) for v in photo.box)
        raster.crop((x0, y0, x1, y1)).save(folder / file, "JPEG", quality=88)
        image = {"file": file}
        if photo.caption:
            image["caption"] = photo.caption
        if photo.credit:
            image["credit"] = photo.credit
        images.append(image)
    if images:
        front["images"] = images
    body = "\n\n".join(_markdown_safe(p) for p in a.paragraphs)
    meta = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    (folder / f"{slug}.md").write_text(f"---\n{meta}---\n\n{body}\n", encoding="utf-8")
    return len(images)


def _markdown_safe(paragraph: str) -> str:
    """Print text as Markdown that shows it as printed: a line starting like a heading, quote or list
    item is escaped; a subhead keeps its ** **."""
    if paragraph.startswith("**") and paragraph.endswith("**"):
        return paragraph
    text = re.sub(r"([\\`*_<>\[\]])", r"\\\1", paragraph)
    return re.sub(r"^(#|>|[-+] |\d+[.)] )", r"\\\1", text)


def _write_edition_yaml(staging: Path, pages: list[_Page]) -> None:
    number = next((p.layout.edition_number for p in pages if p.layout and p.layout.edition_number), "")
    data: dict = {"number": number} if number else {}
    data["pages"] = {}
    for p in pages:
        spec = {"name": p.layout.name} if p.layout and p.layout.name else {}
        spec["pdf"] = f"p{p.number:02d}.pdf"
        data["pages"][p.number] = spec
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
    (staging / "edition.yaml").write_text(text, encoding="utf-8")


def _move_into(staging: Path, target: Path) -> None:
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(target))
        staging.mkdir()             # for the caller's clean-up
        return
    for item in sorted(staging.iterdir()):
        if (target / item.name).exists():
            raise FileExistsError(errno.EEXIST, "exists", f"content/{target.name}/{item.name}")
    for item in sorted(staging.iterdir()):
        shutil.move(str(item), str(target / item.name))
