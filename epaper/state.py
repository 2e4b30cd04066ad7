"""What the last build made, and from what: kept in `.cache/state/<key>.pickle` between runs.

A cache that cannot be read, or was written by another version of this program, is ignored (and the
build is a full one): it is never trusted half-way.  Both files are signed (trust.py) and unpickled or
unmarshalled only once their MAC matches: a file planted in `.cache/` is ignored, never run.
"""
from __future__ import annotations

import functools
import hashlib
import marshal
import os
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_atomic
from .errors import Problem
from .i18n import language, say
from .trust import sign, verified

__all__ = ["BuildState", "SavedEdition", "IndexRecord", "QuickRecord", "load_state", "save_state", "load_quick",
           "save_quick", "input_signature", "code_digest", "trusted_mtime", "STATE_VERSION"]

STATE_VERSION = 10     # 9: editions saved whole (SavedEdition); 10: IndexRecord
_MAGIC = f"epaper-state:{STATE_VERSION}:{sys.version_info[0]}.{sys.version_info[1]}"


@dataclass
class BuildState:
    outputs: dict[str, str] = field(default_factory=dict)     # public path -> digest of what made it
    groups: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # group -> (fingerprint, outputs)
    sources: dict = field(default_factory=dict)               # content path -> (mtime_ns, size, record)
    images: dict = field(default_factory=dict)                # see images.process_images
    # Edition folder -> its model (model.build_site) and what it was assembled from: this build's, and for a
    # caller that keeps the state in memory (the preview server) the builds' before.  Not saved: see `saved`.
    models: dict = field(default_factory=dict, repr=False)
    fresh: bool = True                                        # nothing usable was loaded
    # Per edition folder: its `sources` entries and their pickle.  The entries are unpickled (`unpack`)
    # only when the edition is read again; saving after one more edition pickles that edition's records,
    # not the whole archive's again.  (None, pickle): not unpacked.
    shards: dict[str, tuple[dict | None, bytes]] = field(default_factory=dict, repr=False)
    # Edition folder -> the edition as the last build assembled it: taken whole while its files are the same.
    saved: dict[str, SavedEdition] = field(default_factory=dict, repr=False)
    indexes: IndexRecord = field(default_factory=lambda: IndexRecord(), repr=False)
    warnings: list[Problem] = field(default_factory=list, repr=False)   # found loading it; not saved
    # The last build's render.Renderer, for a caller that keeps the state in memory (the preview server):
    # reused while the layouts, site.yaml and assets are the same.  Not saved.
    renderer: object = field(default=None, repr=False)

    def unpack(self, folder: str) -> None:
        """Put the records of the folder's files into `sources` (from the last build's state, if any)."""
        entries, blob = self.shards.get(folder, ({}, b""))
        if entries is None:
            entries = pickle.loads(blob)
            self.sources.update(entries)
            self.shards[folder] = (entries, blob)


@dataclass
class IndexRecord:
    """What the indexes of a build were made from (indexes.changed_indexes): the next build makes again
    only the indexes that an edition changed, added or gone is listed in."""
    made_by: str = ""               # the layout, globals and options every index page is made with
    editions: dict[str, tuple[str, bytes]] = field(default_factory=dict)   # date -> (digest of its entries, indexes)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)      # index -> how many entries it lists


@dataclass
class SavedEdition:
    """One edition's model as a build assembled it, with the problems found on the way.  The next build
    takes it as it is, without reading the edition's files or records, while `signature` (its folder's
    files) and `key` (what else it was assembled with, model.assembly_key) are the same."""
    signature: str
    key: tuple
    folders: tuple                # the photo folders it looked in, with their mtimes (model._photo_folders)
    scan_problems: list           # source.ContentTree.problems of its folder
    blob: bytes                   # pickle of (model.Edition or None, the problems found assembling it)

    def load(self) -> tuple:
        return pickle.loads(self.blob)


def load_state(path: Path) -> BuildState:
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return BuildState()
    except OSError as exc:
        return BuildState(warnings=[_ignored(path, exc.strerror or str(exc))])
    signed = verified(_label(path), blob)
    if signed is None or signed[1] != len(blob):
        return BuildState(warnings=[_ignored(path, say("state.not_signed"))])
    try:
        magic, fields, shards, saved, indexes = pickle.loads(signed[0])
        if magic != _magic():
            return BuildState()
        state = BuildState(*fields, fresh=False, saved=saved, indexes=indexes)
        state.shards = {folder: (None, blob) for folder, blob in shards.items()}
    except Exception:        # signed by us, but from an older version of this program: start over
        return BuildState()
    return state


def _magic() -> str:
    """What a state file must start with to be read: this version of it, and the run's language, as the
    problems it keeps to show again (and the no-change answer's warnings) are worded in it."""
    return f"{_MAGIC}:{language()}"


def _label(path: Path) -> str:
    """What a state file is signed as: its own name, so that one moved to another name is not believed."""
    return f"state/{path.name}"


def _ignored(path: Path, why: str) -> Problem:
    return Problem(f".cache/state/{path.name}", say("state.ignored", why=why), hint=say("state.ignored_hint"),
                   warning=True)


def save_state(state: BuildState, path: Path) -> None:
    shards: dict[str, dict] = {}
    for key, entry in state.sources.items():
        shards.setdefault(key.partition("/")[0], {})[key] = entry
    blobs = {}
    for folder, entries in shards.items():
        known = state.shards.get(folder)
        blobs[folder] = known[1] if known and known[0] is not None and _same(known[0], entries) else \
            pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        state.shards[folder] = (entries, blobs[folder])
    # A shard never unpacked belongs to an edition taken whole this time (kept), or to a folder now gone.
    for folder, (entries, blob) in list(state.shards.items()):
        if folder not in shards and (entries is not None or folder not in state.saved):
            del state.shards[folder]
        elif entries is None:
            blobs[folder] = blob
    path.parent.mkdir(parents=True, exist_ok=True)
    data = pickle.dumps((_magic(), (state.outputs, state.groups, {}, state.images), blobs, state.saved, state.indexes),
                        protocol=pickle.HIGHEST_PROTOCOL)

    def write(f) -> None:
        f.write(sign(_label(path), data))
        f.write(data)
    write_atomic(path, write)


def _same(a, b) -> bool:
    """Equal, looking first for the very same objects (a rebuild keeps the records of unchanged files)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if type(a) in (tuple, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return a == b


# --- the quick check: has anything at all changed since the last build? ---------------------------

RACY_NS = 3_000_000_000
_PACKAGE = Path(__file__).resolve().parent


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


def input_signature(paths: list[Path], extra: str, listing: dict | None = None,
                    parts: tuple[Path, dict] | None = None) -> str | None:
    """Hash of name, size and mtime of every file under `paths` (and of `extra`); None when a file
    was saved too recently for its mtime to be trusted.  `listing`, when given, gets each folder's
    entries as they were read (sorted by name, each with its stat kept): the build walks content/ with
    them instead of reading the folders again.  A folder listed there already is not read again.
        `parts` (folder, signatures), with `listing`: each folder directly in `folder` gets into
    `signatures` a signature of its own files, or None when one of them is too recent (the build takes
    an edition whose folder has the same signature as saved, without reading it)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(extra.encode())
    racy = False
    prefix = f"{parts[0]}{os.sep}" if parts else None
    hashers, racy_parts = {}, set()
    for name, st in _files(paths, listing):
        line = f"{name}:{st.st_size}:{st.st_mtime_ns}\n".encode() if st else f"{name}:-\n".encode()
        recent = st is not None and trusted_mtime(st) < 0
        if recent:
            racy = True
            if listing is None:
                break
        h.update(line)
        if prefix and name.startswith(prefix):
            part, inside, _ = name[len(prefix):].partition(os.sep)
            if inside:
                (hashers.get(part) or hashers.setdefault(part, hashlib.blake2b(digest_size=16))).update(line)
                if recent:
                    racy_parts.add(part)
    if parts:
        parts[1].update({part: None if part in racy_parts else hasher.hexdigest() for part, hasher in hashers.items()})
    return None if racy else h.hexdigest()


def _files(paths: list[Path], listing: dict | None = None):
    """(path, stat or None when missing) of each file under `paths`, in a stable order."""
    for top in paths:
        if not top.is_dir():
            yield str(top), top.stat() if top.exists() else None
            continue
        stack = [str(top)]
        while stack:
            folder = stack.pop()
            entries = listing.get(folder) if listing is not None else None
            if entries is None:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
                if listing is not None:
                    listing[folder] = entries
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


def load_quick(path: Path, signature: str, warnings: list[Problem] | None = None) -> QuickRecord | None:
    """The record of the last build when it was made from inputs with this signature.  The signature is
    read first: after a change, the list of the last build's 50,000 files is not verified or read at all.
    A record not signed by this user's builds is ignored, with a warning added to `warnings`."""
    try:
        with open(path, "rb") as f:
            blob = f.read(4096)
            head = verified(_label(path), blob)
            if head is None:
                if warnings is not None:
                    warnings.append(_ignored(path, say("state.not_signed")))
                return None
            magic, signed = marshal.loads(head[0])
            if magic != _magic() or signed != signature:
                return None
            blob = blob[head[1]:] + f.read()
        body = verified(f"{_label(path)}:{signature}", blob)
        return QuickRecord(signed, *marshal.loads(body[0])) if body and body[1] == len(blob) else None
    except Exception:        # missing, truncated or foreign: no quick answer, do the real work
        return None


def save_quick(record: QuickRecord, path: Path) -> None:
    head = marshal.dumps((_magic(), record.signature))
    body = marshal.dumps((record.today, record.timezone, record.outputs, record.counts, record.warnings))

    def write(f) -> None:
        f.write(sign(_label(path), head) + head)
        f.write(sign(f"{_label(path)}:{record.signature}", body) + body)
    write_atomic(path, write)
