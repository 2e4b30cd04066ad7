"""The image cache (`.cache/images/`): the names of a source's resized copies, the notes kept beside them
(the source's pixel size, the MAC of each copy), whether a copy can be trusted, and pruning.

A copy's name is the hash of the source's bytes and the operation (width, format, quality, pipeline
version).  A copy is trusted only when it is complete (its format's own length fields or end marker
agree with its size), and checked against its MAC before it is published (images.verify_published).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..core import file_matches, text_digest, write_atomic

if TYPE_CHECKING:
    from .images import Picture, Variant

__all__ = ["EXT", "PIPELINE_VERSION", "Pruned", "cache_file_name", "is_complete", "matches", "note_sums", "prune_cache",
           "read_size", "read_sums", "size_file", "sums_label", "trusted", "write_cache_file"]

PIPELINE_VERSION = "2"           # bump when the processing itself changes: every cached copy is remade
EXT = {"webp": "webp", "jpeg": "jpg", "avif": "avif"}


def cache_file_name(sha: str, width: int, fmt: str, quality: int) -> str:
    key = text_digest(f"{sha}:{width}:{fmt}:{quality}:{PIPELINE_VERSION}")
    return f"{key[:2]}/{key}.{EXT[fmt]}"


def size_file(sha: str) -> str:
    return f"{sha[:2]}/{sha}.size"


def sums_file(sha: str) -> str:
    return f"{sha[:2]}/{sha}.sums"


def read_sums(cache_root: Path, sha: str) -> dict[str, str]:
    """{cache file: MAC of its bytes when made} of the source's copies (a damaged line is left out)."""
    try:
        lines = (cache_root / sums_file(sha)).read_text(encoding="ascii").splitlines()
    except (OSError, ValueError):
        return {}
    return dict(line.split(" ", 1) for line in lines if line.count(" ") == 1)


def note_sums(cache_root: Path, sha: str, made: dict[str, str]) -> None:
    if made:
        sums = read_sums(cache_root, sha) | made
        write_cache_file(cache_root / sums_file(sha), "".join(f"{k} {v}\n" for k, v in sorted(sums.items())).encode())


def read_size(cache_root: Path, sha: str) -> tuple[int, int] | None:
    try:
        w, h = (int(v) for v in (cache_root / size_file(sha)).read_text().split())
    except (OSError, ValueError):
        return None
    return (w, h) if w > 0 and h > 0 else None      # a damaged note is ignored: the source is decoded


# --- trusting a copy --------------------------------------------------------------------------

def trusted(cache_root: Path, v: Variant, old: dict, verified: dict) -> bool:
    """Is this copy in the cache and complete?  A size already checked last time needs only a stat."""
    path = cache_root / v.cache_file
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if old.get(v.cache_file) != size and not is_complete(path, v.format):
        return False
    verified[v.cache_file] = size
    return True


def is_complete(path: Path, fmt: str) -> bool:
    """Does the file hold a whole image of this format (not one cut short by a killed write)?"""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(12)
            if fmt == "jpeg":
                f.seek(-2, os.SEEK_END)
                return head[:2] == b"\xff\xd8" and f.read(2) == b"\xff\xd9"
            if fmt == "webp":
                return head[:4] == b"RIFF" and head[8:12] == b"WEBP" and int.from_bytes(head[4:8], "little") + 8 == size
            return _boxes_fill(f, size)
    except OSError:
        return False


def _boxes_fill(f, size: int) -> bool:
    """AVIF (ISO media file): the top-level boxes' lengths must add up to the file's size exactly."""
    pos = 0
    while pos < size:
        f.seek(pos)
        head = f.read(16)
        if len(head) < 8:
            return False
        length = int.from_bytes(head[:4], "big")
        if length == 1:
            length = int.from_bytes(head[8:16], "big")
        elif length == 0:
            return pos > 0          # "to the end of the file": only valid for a last box
        if length < 8:
            return False
        pos += length
    return pos == size and size > 0


def matches(root: Path, cache_file: str, recorded: str | None) -> bool:
    return file_matches(root / cache_file, sums_label(cache_file), recorded)


def sums_label(cache_file: str) -> str:
    return f"images/{cache_file}"


def write_cache_file(dest: Path, data) -> None:
    """Write to a temporary name beside `dest`, then move it into place: all or nothing."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(dest, data)


# --- pruning -------------------------------------------------------------------------------------

@dataclass
class Pruned:
    removed: int = 0
    freed: int = 0          # bytes
    kept: int = 0


def prune_cache(config: Config, pictures: dict[str, Picture]) -> Pruned:
    """Delete every file in .cache/images that none of `pictures` uses (and stray temporary files)."""
    root = config.cache_dir / "images"
    used = {v.cache_file for p in pictures.values() for v in p.variants}
    used |= {f(p.source_hash) for p in pictures.values() for f in (size_file, sums_file)}
    result = Pruned()
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if not path.is_file():
            continue
        if path.relative_to(root).as_posix() in used:
            result.kept += 1
            continue
        result.freed += path.stat().st_size
        path.unlink()
        result.removed += 1
    for folder in root.iterdir() if root.is_dir() else []:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return result
