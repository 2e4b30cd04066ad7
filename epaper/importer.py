"""`build.py import PDF_OR_FOLDER… --date YYYY-MM-DD`: an edition written from its print PDFs alone.

Writes content/DATE/edition.yaml (pages with their names and PDFs, the edition number), one Markdown
file per article found (pdfimport.py) in NN/<slug>.md, and the photos cropped out of the page beside
it.  Everything is written into a folder of its own first and moved into content/ only when the whole
edition is made, so a failed import leaves content/ as it was.  It never overwrites: a date folder
that already holds an edition.yaml or articles is refused.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .pdfimport import FoundArticle, PageLayout, read_layout
from .pdftext import GARBLED_SHARE, PageText, PdfTrouble, read_pdf_pages
from .source import valid_date

__all__ = ["import_edition", "ImportResult", "page_number_of"]

_NUMBER_RE = re.compile(r"^(?:p|page|[a-z])?[-_ ]?0*(\d{1,3})$", re.IGNORECASE)
PHOTO_SCALE = 200 / 72          # photos are cropped from the page rendered at 200 dpi


@dataclass
class ImportResult:
    ok: bool
    lines: list[str] = field(default_factory=list)      # the summary, one line per page, or what went wrong


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


def import_edition(root: Path, inputs: list[Path], date: str) -> ImportResult:
    if not valid_date(date):
        return ImportResult(False, [f"error: --date {date}: not a date; write it as YYYY-MM-DD, e.g. 2026-11-27."])
    target = root / "content" / date
    refused = _refusal(target, date)
    if refused:
        return ImportResult(False, [refused])
    pdfs, problems = _collect(inputs)
    if problems or not pdfs:
        return ImportResult(False, problems or ["error: no PDF given; name the page PDFs or a folder holding them."])
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
        return ImportResult(False, [f"error: {exc}; import never overwrites.\n    Move it away, or import into "
                                    "another date."])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    found = sum(len(p.layout.articles) for p in pages if p.layout)
    lines.append(f"Imported {found} article(s) on {len(pages)} page(s) into content/{date}/: review them in the "
                 "preview (build.py serve), correct them, then publish.")
    return ImportResult(True, lines)


def _refusal(target: Path, date: str) -> str:
    if not target.exists():
        return ""
    articles = [p for p in target.rglob("*.md")]
    if articles or (target / "edition.yaml").exists():
        what = f"{len(articles)} article file(s)" if articles else "an edition.yaml"
        return (f"error: content/{date}/ already holds {what}; import never overwrites an edition.\n"
                f"    Import into another date, or move content/{date}/ away first.")
    return ""


def _collect(inputs: list[Path]) -> tuple[list[Path], list[str]]:
    pdfs, problems = [], []
    for path in inputs:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
            if not found:
                problems.append(f"error: {path}: the folder holds no .pdf file; name the folder of the page PDFs.")
            pdfs += found
        elif path.is_file():
            pdfs.append(path)
        else:
            problems.append(f"error: {path}: no such file or folder; check the name.")
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
            problems.append(f"error: {path}: the PDF {trouble}.\n    Export the page again from the layout "
                            "program (without a password) and import again.")
            continue
        if len(pdfs) == 1 and count > 1:
            pages += [_read(_Page(i + 1, path, i), texts[i]) for i in range(count)]
            continue
        if count > 1:
            problems.append(f"error: {path}: the PDF has {count} pages, but it was given as page {number} of "
                            "several.\n    Give one PDF per page, or the whole edition as a single PDF alone.")
            continue
        pages.append(_read(_Page(number, path, 0), texts[0]))
    return sorted(pages, key=lambda p: p.number), problems


def _read(page: _Page, text: PageText) -> _Page:
    page.text = text
    if text.chars == 0:
        page.trouble = "no text layer (a scanned picture?): no articles imported; add them by hand"
    elif text.garbled > GARBLED_SHARE:
        page.trouble = (f"its text is garbled ({text.garbled:.0%} private-use or unmapped characters: fonts without "
                        "a Unicode map): no articles imported; export the PDF again with Unicode fonts")
    else:
        page.layout = read_layout(text)
    return page


def _write_page(staging: Path, page: _Page) -> str:
    name = f"p{page.number:02d}.pdf"
    _copy_page_pdf(page, staging / name)
    label = f"page {page.number:02d}" + (f" {page.layout.name}" if page.layout and page.layout.name else "")
    if page.trouble:
        return f"{label} ({page.source.name}): {page.trouble}."
    folder = staging / f"{page.number:02d}"
    folder.mkdir()
    raster = _raster(page) if any(a.photos for a in page.layout.articles) else None
    slugs: set[str] = set()
    photos = 0
    for article in page.layout.articles:
        slug = _slug(article, slugs)
        photos += _write_article(folder, slug, article, page.text, raster)
    said = f"{label} ({page.source.name}): {len(page.layout.articles)} article(s), {photos} photo(s)"
    if page.layout.skipped:
        said += f"; {page.layout.skipped} block(s) of text belonged to no headline and were left out"
    if not page.layout.articles:
        said += "; no headline found: add the articles by hand"
    return said + "."


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
            raise FileExistsError(f"content/{target.name}/{item.name} exists already")
    for item in sorted(staging.iterdir()):
        shutil.move(str(item), str(target / item.name))
