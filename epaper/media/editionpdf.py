"""The whole edition as one PDF: the page PDFs merged in page order (pypdf).

The merged file is kept in `.cache/pdf/` under a name made from the page PDFs' paths, sizes and
modification times, so it is merged again only when a page PDF changed (or a page gained or lost
one); otherwise the cached file is published, once its bytes match the MAC noted when it was merged
(trust.seal): a damaged one is merged again.
"""
from __future__ import annotations

import hashlib
import logging
import os
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from ..config import Config
from ..core import Problems, say, seal, seal_of, sealed_or_removed, write_atomic
from ..model import Edition, Named, Site

__all__ = ["edition_pdf_url", "merge_edition_pdfs"]


def edition_pdf_url(edition: Edition) -> str | None:
    """Site-relative path of the merged PDF, or None when no page of the edition has a PDF."""
    return f"{edition.key}/{edition.key}-edition.pdf" if _pdfs(edition) else None


def _pdfs(edition: Edition) -> list[Named]:
    """The page PDFs of the edition, in page order."""
    return [named for named in edition.outline.files if named.role == "pdf"]


def merge_edition_pdfs(config: Config, site: Site, problems: Problems,
                       publishing: Callable[[str, Path], bool] = lambda url, cached: True) -> dict[str, Path]:
    """{public path: merged file in the cache} for every edition with page PDFs; merges only what changed.
    A cached file about to be published (`publishing(public path, file)`) is checked first."""
    folder = config.cache_dir / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    merged = {}
    for edition in site.editions:
        url = edition_pdf_url(edition)
        if url is None:
            continue
        target = folder / f"{edition.key}-{_key(edition)}.pdf"
        kept = target.exists() and (not publishing(url, target)
                                    or sealed_or_removed(target, problems, f"{edition.key}/"))
        if kept or _merge(edition, target, problems):
            merged[url] = target
            _prune(folder, edition.key, keep=target)
    return merged


def _key(edition: Edition) -> str:
    h = hashlib.blake2b(digest_size=10)
    for pdf in _pdfs(edition):
        st = os.stat(pdf.path)
        h.update(f"{pdf.page}:{pdf.rel}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _merge(edition: Edition, target: Path, problems: Problems) -> bool:
    from pypdf import PdfWriter     # imported here: most builds merge no PDF

    writer = PdfWriter()
    ok = True
    for pdf in _pdfs(edition):
        with _pypdf_messages() as said:
            try:
                writer.append(pdf.path)
                failed = None
            except Exception as exc:      # pypdf raises many kinds (KeyError, ValueError, PdfReadError...)
                failed = exc
        said = list(dict.fromkeys(said))
        if failed is not None:
            ok = False
            problems.error(f"content/{edition.key}/edition.yaml",
                           say("editionpdf.unreadable", page=pdf.page, path=pdf.rel,
                               error=_short("; ".join([*said, str(failed)]))),
                           hint=say("editionpdf.unreadable_hint"))
        elif said:
            problems.warn(f"content/{pdf.rel}",
                          say("editionpdf.damaged", page=pdf.page, error=_short("; ".join(said))),
                          hint=say("editionpdf.damaged_hint"))
    if ok:
        write_atomic(target, writer.write)
        seal(target)
    writer.close()
    return ok


@contextmanager
def _pypdf_messages():
    """What pypdf says while it reads a file (by logging and warnings, as bare lines like 'EOF marker not
    found' that name no file), kept to be reported with the file's name instead of printed."""
    said: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    logger, handler = logging.getLogger("pypdf"), Keep(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield said
        said.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _short(said) -> str:
    text = " ".join(str(said).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _prune(folder: Path, date: str, keep: Path) -> None:
    """Earlier merges of the same edition are never published again."""
    for old in folder.glob(f"{date}-*.pdf*"):
        if old not in (keep, seal_of(keep)):
            old.unlink(missing_ok=True)
