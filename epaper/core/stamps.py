"""When a file's size and mtime can stand for its content, and a stamp of this program's own code."""
from __future__ import annotations

import functools
import hashlib
import os
import time
from pathlib import Path

__all__ = ["trusted_mtime", "code_digest", "text_digest", "RACY_NS"]

RACY_NS = 3_000_000_000
_PACKAGE = Path(__file__).resolve().parent.parent


def trusted_mtime(st: os.stat_result) -> int:
    """The mtime to remember for a file, or -1 when it was modified so recently that another edit
    within the same clock tick would keep size and mtime unchanged (git's "racily clean" problem):
    such a file is read again next time instead of being trusted."""
    return st.st_mtime_ns if time.time_ns() - st.st_mtime_ns > RACY_NS else -1


@functools.cache          # the source of a running program does not change under it
def code_digest() -> str:
    """Hash of this program's own source: a new version of the generator may render differently."""
    h = hashlib.blake2b(digest_size=12)
    for path in sorted(_PACKAGE.rglob("*.py")):        # the message catalog (messages/) included
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def text_digest(text: str, size: int = 12) -> str:
    """A short hash of what something is made from, to tell next time whether it changed."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size).hexdigest()
