"""Which generation of the site is shown, the record of a generation's folders (`Stamps`), and the signed
files it is kept in: what a build reads of the published site without changing it.

A folder's stamp is its inode, mtime and ctime: a file planted, removed or renamed in it changes its mtime
and ctime, and no one but the system can set a ctime back.  A folder whose stamp is as recorded holds what
the record of the generation's files says; generations.py lists only the others when it brings the spare
generation up to date, and quick.py looks for the last build's files only in them.
"""
from __future__ import annotations

import marshal
import os
import stat
import struct
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..core import sign, verified, write_atomic

__all__ = ["Stamps", "SETTLED_NS", "STAMP_SIZE", "UNSTAMPED", "generations", "published_id", "shown_record", "stamp", "each_stamp",
           "settled", "changed_folders", "entries", "add_folder", "mark", "marked", "stamped", "load_record",
           "save_record", "save_shown", "packed", "unpacked", "Packed"]

# A generation's folders ("" is its top) -> its stamp (`stamp`) when what it holds was known; None for a
# folder to be listed (changed by a build: its stamp could not be told from a change made in the same
# tick).  Every folder of the generation is in it, with its parents.
Stamps = dict[str, "bytes | None"]

# A stamp is a folder's inode, mtime_ns and ctime_ns packed into bytes: marshal reads a record of 200,000
# folders several times faster than one of tuples of large integers.  No folder has inode 0: the bytes of
# zeros stand for "no stamp" in a record's file (`packed`).
_STAMP = struct.Struct("<qqq")
STAMP_SIZE = _STAMP.size
UNSTAMPED = bytes(STAMP_SIZE)

# A stamp this close to the time it was taken may share its tick with a change made right after.
SETTLED_NS = 2_000_000_000


def generations(out: Path) -> Path:
    return out.parent / f".{out.name}-gens"


def published_id(out: Path) -> str | None:
    """The name of the generation `out` shows (None: `out` is missing, or a plain folder from before)."""
    try:
        target = os.readlink(out)
    except OSError:
        return None
    head, _, name = target.rpartition("/")
    return name if head == generations(out).name else None


def stamp(path: str) -> bytes | None:
    """What tells that a folder's entries changed: a name added or removed, or the folder replaced."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return _STAMP.pack(st.st_ino, st.st_mtime_ns, st.st_ctime_ns) if stat.S_ISDIR(st.st_mode) else None


def settled(taken: bytes | None) -> bool:
    return taken is not None and max(_STAMP.unpack(taken)[1:]) < time.time_ns() - SETTLED_NS


def changed_folders(dst: str, record: Stamps, keep: tuple[str, ...]) -> dict[str, bytes | None]:
    """{folder: its stamp now} of the folders to list: changed since the record or never stamped, the
    top one, and those where files the paper keeps may be."""
    reach = [_fixed_folder(p) for p in keep if "/" in p]
    found = {"": stamp(dst)}
    for inside, was in record.items():
        if not inside:
            continue
        now = stamp(dst + inside)
        if now is None or now != was or any(not r or inside == r or inside.startswith(r + "/") for r in reach):
            found[inside] = now
    return found


def _fixed_folder(pattern: str) -> str:
    """The folder a `keep` pattern's files lie under (`pagefind/*`: pagefind; `*/x`: the top)."""
    fixed = []
    for part in pattern.split("/")[:-1]:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    return "/".join(fixed)


def entries(path: str) -> list[tuple[str, bool]]:
    """(name, is a folder) of a folder's entries; none when it is gone."""
    try:
        with os.scandir(path) as it:
            return [(e.name, e.is_dir(follow_symlinks=False)) for e in it]
    except (FileNotFoundError, NotADirectoryError):
        return []


def add_folder(record: Stamps, inside: str) -> None:
    """Put a folder and its parents into the record, unstamped where they were not there."""
    while inside not in record:
        record[inside] = None
        if not inside:
            return
        inside = inside.rpartition("/")[0]


def mark(record: Stamps, inside: str) -> None:
    """A folder this build changed, with its parents (a new folder changes its parent): listed next time."""
    while True:
        record[inside] = None
        if not inside:
            return
        inside = inside.rpartition("/")[0]


def stamped(folder: Path, record: Stamps | None) -> Stamps:
    """The record of the complete generation: each folder not stamped yet (all of them, without a record)
    gets its stamp now, where it settled (its last change is older than a tick: a change made from now on
    changes it), so that the next builds (this one's no-change answer, the spare's update) need not list it."""
    top = f"{folder}{os.sep}"
    if record is None:
        record = {}
        todo = [""]
        while todo:
            inside = todo.pop()
            record[inside] = None
            todo += [f"{inside}/{name}" if inside else name for name, is_dir in entries(top + inside) if is_dir]
    for inside, was in record.items():
        if was is None:
            now = stamp(top + inside)
            record[inside] = now if settled(now) else None
    return record


def marked(stamps: Stamps, paths) -> Stamps:
    """The record after the files `paths` were written or removed: their folders are to be listed."""
    record = dict(stamps)
    for inside in _folders_of(paths):
        mark(record, inside)
    return record


def _folders_of(paths) -> set[str]:
    return {rel.rpartition("/")[0] for rel in paths}


def load_record(path: Path):
    """The plain values `save_record` wrote to `path`, or None: missing, damaged, or not signed by this
    user's builds (a record planted in .cache/ must not make a folder go unlisted)."""
    try:
        found = verified(f"state/{path.name}", path.read_bytes())
        return None if found is None else marshal.loads(found[0])
    except Exception:       # missing, truncated or foreign
        return None


def save_record(path: Path, value) -> None:
    payload = marshal.dumps(value)
    write_atomic(path, sign(f"state/{path.name}", payload) + payload)


def packed(stamps: Stamps) -> Packed:
    """A record of folders as two plain values for a file: the names (NUL between them, which no name
    holds), and their stamps in the same order, UNSTAMPED for None."""
    return Packed("\0".join(stamps), b"".join(s or UNSTAMPED for s in stamps.values()))


@dataclass(frozen=True)
class Packed:
    """A record of folders as its file holds it (`packed`), and the folders marked since (`mark`).  The
    build's own process only passes the records of the spare and of the generation shown on; the process
    that lists the spare's folders makes the table (`table`)."""
    names: str
    values: bytes
    marked: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.values) // STAMP_SIZE

    def folders(self) -> list[str]:
        return self.names.split("\0") if self.values else []

    def table(self) -> Stamps:
        record = dict(zip(self.folders(), each_stamp(self.values)))
        for inside in self.marked:
            mark(record, inside)
        return record

    def marking(self, paths) -> Packed:
        """The record after the files `paths` were written or removed: their folders are to be listed."""
        return replace(self, marked=self.marked | _folders_of(paths))

    def plain(self) -> tuple[str, bytes, tuple[str, ...]]:
        """The record for its file (marshal writes plain values only)."""
        return self.names, self.values, tuple(sorted(self.marked))


def unpacked(plain) -> Packed | None:
    """The record `Packed.plain` made; None when it is not one."""
    ok = (isinstance(plain, tuple) and len(plain) == 3 and isinstance(plain[0], str) and isinstance(plain[1], bytes)
          and (plain[0].count("\0") + 1 if plain[1] else 0) * STAMP_SIZE == len(plain[1])
          and isinstance(plain[2], tuple) and all(isinstance(inside, str) for inside in plain[2]))
    return Packed(plain[0], plain[1], frozenset(plain[2])) if ok else None


def each_stamp(values: bytes):
    """The stamps of a packed record, in order (None for UNSTAMPED)."""
    size = STAMP_SIZE
    return (None if value == UNSTAMPED else value for value in (values[i:i + size] for i in range(0, len(values), size)))


def shown_record(path: Path) -> tuple[str, Packed] | None:
    """(the generation's name, the record of its folders) as the build that showed it saved them; None
    when there is none this user's builds signed."""
    found = load_record(path)
    ok = isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], str)
    record = unpacked(found[1]) if ok else None
    return None if record is None else (found[0], record)


def save_shown(path: Path, name: str, stamps: Stamps) -> None:
    """Keep the record of the folders of the generation `name`, shown now (read by shown_record)."""
    save_record(path, (name, packed(stamps).plain()))
