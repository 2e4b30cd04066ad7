"""What the last build made, and from what: kept in `.cache/state.pickle` between runs.

A cache that cannot be read, or was written by another version of this program, is ignored (and the
build is a full one): it is never trusted half-way.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BuildState", "QuickRecord", "load_state", "save_state", "load_quick", "save_quick",
           "input_signature", "code_digest", "trusted_mtime", "STATE_VERSION"]

STATE_VERSION = 6      # 6: the no-change record keeps the day and time zone of its build
_MAGIC = f"epaper-state:{STATE_VERSION}:{sys.version_info[0]}.{sys.version_info[1]}"


@dataclass
class BuildState:
    outputs: dict[str, str] = field(default_factory=dict)     # public path -> digest of what made it
    groups: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # group -> (fingerprint, outputs)
    sources: dict = field(default_factory=dict)               # content path -> (mtime_ns, size, record)
    images: dict = field(default_factory=dict)                # see images.process_images
    fresh: bool = True                                        # nothing usable was loaded


def load_state(path: Path) -> BuildState:
    try:
        with open(path, "rb") as f:
            magic, state = pickle.load(f)
    except FileNotFoundError:
        return BuildState()
    except Exception:        # truncated, foreign or from an older version: start over, never trust it
        return BuildState()
    if magic != _MAGIC or not isinstance(state, BuildState):
        return BuildState()
    state.fresh = False
    return state


def save_state(state: BuildState, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump((_MAGIC, state), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


# --- the quick check: has anything at all changed since the last build? ---------------------------

RACY_NS = 3_000_000_000
_PACKAGE = Path(__file__).resolve().parent


def trusted_mtime(st: os.stat_result) -> int:
    """The mtime to remember for a file, or -1 when it was modified so recently that another edit
    within the same clock tick would keep size and mtime unchanged (git's "racily clean" problem):
    such a file is read again next time instead of being trusted."""
    return st.st_mtime_ns if time.time_ns() - st.st_mtime_ns > RACY_NS else -1


def code_digest() -> str:
    """Hash of this program's own source: a new version of the generator may render differently."""
    h = hashlib.blake2b(digest_size=12)
    for path in sorted(_PACKAGE.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def input_signature(paths: list[Path], extra: str) -> str | None:
    """Hash of name, size and mtime of every file under `paths` (and of `extra`); None when a file
    was saved too recently for its mtime to be trusted."""
    h = hashlib.blake2b(digest_size=16)
    h.update(extra.encode())
    for name, st in _files(paths):
        if st is not None and trusted_mtime(st) < 0:
            return None
        h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}\n".encode() if st else f"{name}:-\n".encode())
    return h.hexdigest()


def _files(paths: list[Path]):
    """(path, stat or None when missing) of each file under `paths`, in a stable order."""
    for top in paths:
        if not top.is_dir():
            yield str(top), top.stat() if top.exists() else None
            continue
        stack = [str(top)]
        while stack:
            with os.scandir(stack.pop()) as it:
                entries = sorted(it, key=lambda e: e.name)
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    yield entry.path, entry.stat()


@dataclass
class QuickRecord:
    signature: str
    today: str                  # the day the build took as today
    timezone: str               # the paper's (site.yaml's) time zone
    outputs: list[str]          # every file the build made
    counts: tuple               # editions, pages, articles, images
    warnings: list              # as (path, message, line, hint) tuples


def load_quick(path: Path) -> QuickRecord | None:
    try:
        with open(path, "rb") as f:
            magic, fields = marshal.load(f)
        return QuickRecord(*fields) if magic == _MAGIC else None
    except Exception:        # missing, truncated or foreign: no quick answer, do the real work
        return None


def save_quick(record: QuickRecord, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        marshal.dump((_MAGIC, (record.signature, record.today, record.timezone, record.outputs, record.counts,
                              record.warnings)), f)
    os.replace(tmp, path)
