"""Writing a file whole or not at all: into a temporary file beside it, then renamed over it in one step.

A reader (a browser, the next build, a second build running at the same time) sees the old file or the new
one, never half of one.  The temporary name, ".NAME.PID.tmp", is this process's own, so two builds never
write into one temporary file, and it is hidden: deploy leaves such files out.  No
fsync: what these files guard against is a build stopped half-way, not a power cut.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

__all__ = ["replaced", "write_atomic"]


@contextlib.contextmanager
def replaced(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; when the block ends without an error it replaces
    `path`, on an error it is removed and the error goes on."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes | str | Callable[[BinaryIO], None]) -> None:
    """`path` becomes `data`: bytes, text (UTF-8), or what a function writes to the open file."""
    with replaced(path) as tmp:
        if callable(data):
            with open(tmp, "wb") as f:
                data(f)
        else:
            tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
