"""An edition to take away: one ZIP with its page and article views, stylesheets, scripts and images,
which opens from disk (start at index.html) with every link working.

Links that lead out of the edition (the archive, other editions, indexes, PDFs) point to the
published site when `base_url` is set, and otherwise lose their target, so nothing in the ZIP is a
dead end.  A ZIP is named after the digests of everything it holds, so it is made again only when one
of the edition's files changed; it is kept in `.cache/offline/` and published from there.
"""
from __future__ import annotations

import hashlib
import html
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from ..config import Config
from ..core import Problems, deflating, say, seal, seal_of, sealed_or_removed, write_atomic
from ..model import Edition

__all__ = ["OfflineZip", "offline_url", "offline_zip", "zip_in_cache", "zips_in_cache", "make_offline_zip"]

# Our layouts, Markdown and nh3 write each attribute after a space.  Starting the pattern with that literal
# space lets the regex engine skip ahead; `\b` would make it try every position of the (mostly Chinese) text.
_ATTR = re.compile(r' (href|src|srcset)="([^"]*)"')
_LEAVES = (".pdf", ".zip", ".json")      # downloads stay online: the ZIP is for reading


@dataclass(frozen=True)
class OfflineZip:
    url: str                  # public path, e.g. "2024-11-25/2024-11-25-offline.zip"
    cache: Path               # the file in .cache/offline/ it is published from
    key: str                  # digest of everything in it
    edition: str
    pages: tuple[str, ...]    # the edition's HTML files (site paths)


def offline_url(edition: Edition) -> str | None:
    return f"{edition.key}/{edition.key}-offline.zip" if edition.outline.page_urls else None


def offline_zip(config: Config, edition: Edition, own: dict[str, str], assets: list[tuple[str, str]]) -> OfflineZip | None:
    """The edition's ZIP, named by the digests of the edition's files (`own`) and of the assets."""
    url = offline_url(edition)
    if url is None:
        return None
    mine = sorted([(p, d) for p, d in own.items() if p != url] + assets)
    key = hashlib.blake2b(repr((config.base_url, mine)).encode(), digest_size=10).hexdigest()
    pages = tuple(sorted(p for p in own if p.endswith(".html")))
    return OfflineZip(url, zip_in_cache(config, edition, key), key, edition.key, pages)


def zip_in_cache(config: Config, edition: Edition, key: str) -> Path:
    """Where the edition's ZIP with this key is kept, and published from."""
    return config.cache_dir / "offline" / _zip_name(edition, key)


def zips_in_cache(config: Config) -> Callable[[Edition, str], bool]:
    """A test whether the edition's ZIP with this key is in the cache, on one listing of the cache's
    ZIPs: a build asks it of every edition it keeps."""
    try:
        names = set(os.listdir(config.cache_dir / "offline"))
    except OSError:
        names = set()
    return lambda edition, key: _zip_name(edition, key) in names


def _zip_name(edition: Edition, key: str) -> str:
    return f"{edition.key}-{key}.zip"


def _add(z: zipfile.ZipFile, name: str, data: bytes, plan: OfflineZip) -> None:
    """Every entry dated by the edition, not by the clock: the same edition gives the same bytes."""
    year, month, day = (int(x) for x in plan.edition.split("-"))
    info = zipfile.ZipInfo(name, date_time=(min(max(year, 1980), 2107), month, day, 0, 0, 0))   # ZIP dates span 1980-2107
    # Photos and PDFs are compressed already: deflating them again costs time and saves nothing.
    stored = name.lower().endswith((".jpg", ".jpeg", ".webp", ".avif", ".png", ".pdf"))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data, compresslevel=_LEVEL)


# Level 2 of ISA-L's 0-3 (speedups.deflating): much faster than zlib's default on HTML, a few per cent more bytes.
_LEVEL = 2


def make_offline_zip(plan: OfflineZip, read_html: Callable[[str], str | None], files: dict[str, Path],
                     base_url: str, problems: Problems) -> None:
    """Write the ZIP into the cache (unless it is there, as it was made): HTML from `read_html`, the rest
    from `files`."""
    if plan.cache.exists() and sealed_or_removed(plan.cache, problems, f"{plan.edition}/"):
        return
    included: dict[str, Path] = {}
    inside = set(plan.pages) | {"index.html"}
    missing = []
    decided: dict[str, dict] = {}
    pages: dict[str, bytes] = {}
    for page in plan.pages:
        text = read_html(page)
        if text is None:
            missing.append(page)
            continue
        pages[page] = _localize(page, text, inside, files, included, base_url, decided).encode("utf-8")
    if missing:
        problems.error(missing[0], say("offline.pages_missing", url=plan.url, count=len(missing)),
                       hint=say("offline.pages_missing_hint"))
        return
    pages["index.html"] = _start_page(plan).encode("utf-8")

    def write(f) -> None:
        with deflating(), zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in pages.items():
                _add(z, name, data, plan)
            for rel, source in sorted(included.items()):
                _add(z, rel, source.read_bytes(), plan)
    plan.cache.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(plan.cache, write)
    seal(plan.cache)
    for old in plan.cache.parent.glob(f"{plan.edition}-*.zip*"):
        if old not in (plan.cache, seal_of(plan.cache)):
            old.unlink(missing_ok=True)


def _localize(page: str, text: str, inside: set[str], files: dict[str, Path], included: dict[str, Path],
              base_url: str, decided: dict[str, dict]) -> str:
    """Keep links to what the ZIP holds (collecting the files they need); send the others online.

    The pages of one folder link to the same few places, so each attribute is decided once per folder
    and ZIP (`decided`: {folder: {attribute as written: what it becomes}}); the page is rewritten in one
    pass over its attributes."""
    folder = posixpath.dirname(page)

    def target(ref: str) -> str | None:
        parts = urlsplit(html.unescape(ref))
        # None: external, or a fragment of this very page
        return None if parts.scheme or parts.netloc or not parts.path else \
            posixpath.normpath(posixpath.join(folder, unquote(parts.path)))

    def keeps(ref: str) -> bool:
        path = target(ref)
        if path is None or path in inside:
            return True
        if path in files and not path.endswith(_LEAVES):
            included[path] = files[path]
            return True
        return False

    def decide(attr: str, value: str) -> str | None:
        """None to keep the attribute as written; else what it becomes (with the space before it)."""
        if attr == "srcset":
            for part in value.split(","):
                keeps(part.strip().split(" ")[0])
            return None
        if keeps(value):
            return None
        if base_url:
            return f' {attr}="{html.escape(base_url + quote(target(value), safe="/#.-_~"))}"'
        return f' data-offline-{attr}="{value}"'

    here = decided.setdefault(folder, {})

    def rewrite(match: re.Match) -> str:
        found = match.group(0)
        written = here.get(found)
        if written is None:
            written = here[found] = decide(*match.groups()) or found
        return written
    return _ATTR.sub(rewrite, text)


def _start_page(plan: OfflineZip) -> str:
    front = f"{plan.edition}/index.html"
    return (f'<!doctype html>\n<meta charset="utf-8">\n<meta http-equiv="refresh" content="0; url={front}">\n'
            f'<title>{plan.edition}</title>\n<p><a href="{front}">{plan.edition}</a></p>\n')
