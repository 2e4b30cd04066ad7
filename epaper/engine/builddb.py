"""The build database: every memo a build keeps for the next one, in `.cache/state/<key>.pickle`.

What each group of output files was made from, the records of content/'s files, the editions as they
were assembled (and saved whole), the indexes' record, the images' cache.  Stages never see how it is
stored: they are handed `recall`/`remember`/`get_or_make` (incremental.py wraps them with it).

A cache that cannot be read, or was written by another version of this program, is ignored (and the
build is a full one): it is never trusted half-way.  Both files are signed (trust.py) and unpickled or
unmarshalled only once their MAC matches: a file planted in `.cache/` is ignored, never run.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from ..core import Problem, SignedWriter, code_digest, language, say, sign, signed_start, verified, write_atomic
from .tables import Table, shard_of_file, shard_of_group

__all__ = ["BuildState", "Memo", "GroupRecords", "Shard", "SavedEdition", "load_state", "save_state", "STATE_VERSION",
           "edition_file", "ignored_record", "signed_as", "state_magic"]

STATE_VERSION = 22     # 9: editions saved whole; 10: IndexRecord; 11: named records, shard files; 12: outlines;
                       # 13: an edition's file holds its pages only; 14: listings in runs, hashed; 15: loose files;
                       # 16: saved editions in a file a year; 17: the search index's parts; 18: tables marshalled;
                       # 19: the magic with the tables, the rest read apart; 20: an edition's file has a head;
                       # 21: a shard says which version of the program made its records; 22: tables in shards
_SIZE = 8               # bytes of the length of the marshalled tables at the head of a state file
_HEAD = 4               # bytes of the length of the head of a saved edition's file
_MAGIC = f"epaper-state:{STATE_VERSION}:{sys.version_info[0]}.{sys.version_info[1]}"


@dataclass
class Memo:
    """A value and what it was made from: it is taken again while `inputs` are the same."""
    inputs: Any
    value: Any


@dataclass
class GroupRecords:
    """Each group of output files (an edition's, an index's): the fingerprint of what it was made from, and
    its files, whose digests are the build's `outputs`.  Two tables of plain values rather than an object
    a group (ten years make 140,000 groups), in shards: a build reads those of the groups it asks about.
    A group has a fingerprint exactly when it has files."""
    fingerprints: Table = field(default_factory=lambda: Table(shard_of_group))
    files: Table = field(default_factory=lambda: Table(shard_of_group))
    # The files made outside groups (copied, or made again every time): the next build takes them out of
    # the digests it carries by this list, not by a set difference over every file.
    loose: frozenset[str] = frozenset()
    # Each part of the search index -> its files (render.search: a part is kept or made again whole).
    search: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, group: str, fingerprint: str, files) -> None:
        self.fingerprints[group], self.files[group] = fingerprint, tuple(files)

    def drop(self, group: str) -> None:
        self.fingerprints.pop(group, None)
        self.files.pop(group, None)


@dataclass
class BuildState:
    outputs: Table = field(default_factory=lambda: Table(shard_of_file))    # public path -> digest of what made it
    groups: GroupRecords = field(default_factory=GroupRecords)
    # Path under content/ -> Memo((mtime_ns, size) or None, its record); an edition folder ("2024-11-25/")
    # -> Memo(None, what its last scan found)
    sources: dict[str, Memo] = field(default_factory=dict)
    images: dict = field(default_factory=dict)                # see images.process_images
    # Edition folder -> Memo(what it was assembled from, (its model, the problems found)): this build's, and
    # for a caller that keeps the state in memory (the preview server) the builds' before.  Not saved: see `saved`.
    editions: dict[str, Memo] = field(default_factory=dict, repr=False)
    fresh: bool = True                                        # nothing usable was loaded
    # Per edition folder: its `sources` entries, read (`unpack`) only when the edition is read again.
    shards: dict[str, Shard] = field(default_factory=dict, repr=False)
    shard_folder: Path | None = field(default=None, repr=False)     # where the saved shards are
    # Edition folder -> the edition as the last build assembled it: taken whole while its files are the same.
    saved: dict[str, SavedEdition] = field(default_factory=dict, repr=False)
    # Year -> the file its saved editions were read from, and those editions: a year whose editions are
    # the very same objects is not written again (a new edition rewrites its own year's file only).
    years: dict[str, YearBook] = field(default_factory=dict, repr=False)
    indexes: Any = field(default=None, repr=False)            # indexes.IndexRecord of the last build
    warnings: list[Problem] = field(default_factory=list, repr=False)   # found loading it; not saved
    # The last build's render.Renderer, for a caller that keeps the state in memory (the preview server):
    # reused while the layouts, site.yaml and assets are the same.  Not saved.
    renderer: object = field(default=None, repr=False)
    changed: bool = field(default=False, repr=False)        # a memo was made or dropped since it was loaded
    pending: Any = field(default=None, repr=False)          # the rest of the state as loaded, until `settle`

    def _table(self, kind: str) -> dict[str, Memo]:
        if kind == "source":
            return self.sources
        if kind == "edition":
            return self.editions
        raise KeyError(kind)

    def recall(self, kind: str, key: str, inputs) -> Any | None:
        """The value remembered under `key` when it was made from the same `inputs` (compared first by
        identity: an unchanged file hands back the very same record), else None."""
        if kind == "source":
            self.unpack(key.partition("/")[0])
        memo = self._table(kind).get(key)
        return memo.value if memo is not None and _same(memo.inputs, inputs) else None

    def remember(self, kind: str, key: str, inputs, value) -> None:
        table = self._table(kind)
        known = table.get(key)
        if known is None or not (_same(known.inputs, inputs) and _same(known.value, value)):
            table[key] = Memo(inputs, value)
            self.changed = True

    def get_or_make(self, kind: str, key: str, inputs, make: Callable[[], Any]) -> Any:
        """The value remembered for these inputs, or `make()`, remembered for next time."""
        value = self.recall(kind, key, inputs)
        if value is None:
            value = make()
            self.remember(kind, key, inputs, value)
        return value

    def forget(self, kind: str, key: str) -> None:
        if self._table(kind).pop(key, None) is not None:
            self.changed = True

    def prune(self, kind: str, keep: Callable[[str], bool]) -> None:
        """Drop the memos whose key `keep` refuses (files and folders gone)."""
        table = self._table(kind)
        for key in [k for k in table if not keep(k)]:
            del table[key]
            self.changed = True

    def settle(self) -> None:
        """Read the rest of the loaded state: the records of the images, of content/'s files, of the saved
        editions and of the indexes.  (load_state reads the record of the output files first: a build starts
        the work that needs only that one on the other core, then reads the rest.)"""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        try:
            self.images, shards, books, self.indexes = pickle.loads(pending)
            self.shards = {folder: Shard(None, name) for folder, name in shards.items()}
            _read_years(self, books)
        except Exception:       # not as this version writes it: the files' record is good, the rest is made again
            self.images, self.shards, self.saved, self.years, self.indexes = {}, {}, {}, {}, None

    def shelve(self, date: str, edition: SavedEdition) -> SavedEdition:
        """`edition`, its file written into the shard folder now when the state has one: the editions of a
        whole archive assembled in one build (the first, or after an upgrade) would otherwise be held in
        memory until the state is saved.  Files are named by their content, and those no saved state names
        are deleted when the next state is saved."""
        if edition.blob is not None and self.shard_folder is not None:
            self.shard_folder.mkdir(parents=True, exist_ok=True)
            edition.name = _write_signed(self.shard_folder, f"{date}.model", edition.blob)
            edition.blob, edition.where = None, self.shard_folder
        return edition

    def let_go_of_records(self) -> None:
        """Write the records of content/'s files held now into their folders' shard files (those that
        changed), and let go of them and of the memos of the editions assembled from them: a build that
        assembles a whole archive (the first, or after an upgrade) would otherwise hold every record while it
        assembles, renders and indexes.  A build that reads a folder again reads its shard (`unpack`).  Not
        for a state kept in memory (the preview server's), which has no shard folder and reuses them."""
        if self.shard_folder is None:
            return
        for date in _write_shards(self, self.shard_folder):
            self.shards[date] = Shard(None, self.shards[date].name, current=True)
        self.sources.clear()
        self.editions.clear()

    def keep_saved(self, saved: dict[str, SavedEdition]) -> None:
        """Let go of the editions the last build saved that this one does not keep (`saved`: the editions
        this build saves): after an upgrade, the archive's editions would otherwise be held twice while the
        build renders and indexes.  Not for a state kept in memory, which takes them when the build is over."""
        if self.shard_folder is None:
            return
        if saved != self.saved:
            self.changed = True
        self.saved = saved
        for year, editions in _by_year(saved).items():      # a year whose file is written again
            if not _kept(self.years.get(year), editions):
                self.years.pop(year, None)

    def unpack(self, folder: str) -> None:
        """Put the records of the folder's files into `sources` (from the last build's state, if any)."""
        shard = self.shards.get(folder)
        if shard is not None and shard.entries is None:
            # Records another version of this program made are made again (it may read a file differently),
            # and not unpickled at all: after an upgrade, none of the archive's are taken.  Such a shard is
            # told by its first line, before it is read whole and verified.
            mine = _made_by()
            blob = _read_signed(self.shard_folder, shard.name, mine)
            shard.entries = pickle.loads(memoryview(blob)[len(mine):]) if blob and blob.startswith(mine) else {}
            self.sources.update(shard.entries)


@dataclass
class Shard:
    """One edition folder's `sources` entries, saved in a file of their own (`<state>.shards/<name>`): a
    build reads the records of the editions it reads again, and writes those of the editions that changed,
    not the whole archive's."""
    entries: dict | None        # None: not read (the edition was not read again), or let go
    name: str = ""              # its file: the folder and a hash of its content; "" when not saved
    current: bool = False       # read by this build, written if it changed, then let go (`let_go_of_records`)


@dataclass
class SavedEdition:
    """One edition's model as a build assembled it, with the problems found on the way.  The next build
    takes it as it is, without reading the edition's files or records, while `signature` (its folder's
    files) and `key` (what else it was assembled with, incremental.assembly_key) are the same; and reads
    its pages from its own file only when they are asked for.  The file has a head before the pages,
    read without them (`head`): what the indexes show of its articles."""
    signature: str
    key: tuple
    folders: tuple                # the photo folders it looked in, with their mtimes (incremental.photo_folders)
    scan_problems: list           # source.ContentTree.problems of its folder
    problems: list                # found assembling it
    fields: dict | None           # the model.Edition's fields but its pages (so its outline, its listings); None: no edition
    blob: bytes | None            # its file (edition_file); None once saved (or when there is none)
    name: str = ""                # once saved: its file in the state's shard folder (`where`), read by `load`
    where: Path | None = field(default=None, repr=False, compare=False)
    loaded: object = field(default=None, repr=False, compare=False)

    def present(self) -> bool:
        """Whether the edition's file is there to be read (its signature is checked when it is read)."""
        return self.fields is None or self.blob is not None or (
            self.where is not None and os.path.isfile(self.where / self.name))

    def load(self):
        """The edition's pages, or None when its file is missing or not signed by this user's builds (a file
        that is not is deleted: the next build assembles the edition again)."""
        if self.loaded is None:
            blob = self._file()
            self.loaded = None if blob is None else pickle.loads(memoryview(blob)[_HEAD + _head_size(blob):])
        return self.loaded

    def head(self):
        """The head of the edition's file, unmarshalled; None as for `load`."""
        blob = self._file()
        return None if blob is None else marshal.loads(memoryview(blob)[_HEAD:_HEAD + _head_size(blob)])

    def _file(self) -> bytes | None:
        return self.blob if self.blob is not None else _read_signed(self.where, self.name)


def edition_file(head, pages: bytes) -> bytes:
    """A saved edition's file: `head` (marshalled, read alone by SavedEdition.head), then `pages` (pickled)."""
    packed = marshal.dumps(head)
    return len(packed).to_bytes(_HEAD, "big") + packed + pages


def _head_size(blob: bytes) -> int:
    return int.from_bytes(blob[:_HEAD], "big")


@dataclass
class YearBook:
    """The saved editions of one year, in a file of their own (`<state>.shards/saved-<year>.<hash>`)."""
    name: str
    editions: list[SavedEdition]


def load_state(path: Path) -> BuildState:
    """The record of the last build, of which only what every output file and group was made from is read
    now: the rest when the build asks for it (`BuildState.settle`)."""
    folder = _shard_folder(path)            # where editions assembled now are saved, whatever is loaded
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return BuildState(shard_folder=folder)
    except OSError as exc:
        return BuildState(shard_folder=folder, warnings=[ignored_record(path, exc.strerror or str(exc))])
    signed = verified(signed_as(path), blob)
    if signed is None or signed[1] != len(blob):
        return BuildState(shard_folder=folder, warnings=[ignored_record(path, say("state.not_signed"))])
    try:
        payload = signed[0]
        size = int.from_bytes(payload[:_SIZE], "big")
        magic, *tables = marshal.loads(payload[_SIZE:_SIZE + size])
        if magic != state_magic():
            return BuildState(shard_folder=folder)
        outputs, groups = _from_tables(tables)
    except Exception:        # signed by us, but from an older version of this program: start over
        return BuildState(shard_folder=folder)
    return BuildState(outputs, groups, fresh=False, shard_folder=folder, pending=payload[_SIZE + size:])


def state_magic() -> str:
    """What a state file must start with to be read: this version of it, and the run's language, as the
    problems it keeps to show again (and the no-change answer's warnings) are worded in it."""
    return f"{_MAGIC}:{language()}"


def signed_as(path: Path) -> str:
    """What a state file is signed as: its own name, so that one moved to another name is not believed."""
    return f"state/{path.name}"


def ignored_record(path: Path, why: str) -> Problem:
    return Problem(f".cache/state/{path.name}", say("state.ignored", why=why), hint=say("state.ignored_hint"),
                   warning=True)


def save_state(state: BuildState, path: Path) -> None:
    """Save the state: the records of each edition folder whose files changed into a shard file of their
    own, then everything else into `path`, then delete the shard files it no longer names."""
    folder = _shard_folder(path)
    read = _write_shards(state, folder)
    state.shard_folder = folder
    for date, edition in state.saved.items():       # each edition assembled now, into a file of its own
        state.shelve(date, edition)
    # A shard never read belongs to an edition taken whole this time (kept), or to a folder now gone.
    for date, shard in list(state.shards.items()):
        if date not in read and not shard.current and (shard.entries is not None or date not in state.saved):
            del state.shards[date]
    names = {date: shard.name for date, shard in state.shards.items()}
    books = _write_years(state, folder)

    def write(f) -> None:
        signed = SignedWriter(f, signed_as(path))
        tables = marshal.dumps((state_magic(), *_tables(state)))
        signed.write(len(tables).to_bytes(_SIZE, "big"))
        signed.write(tables)
        del tables
        pickle.dump((state.images, names, books, state.indexes), signed, protocol=pickle.HIGHEST_PROTOCOL)
        signed.finish()
    write_atomic(path, write)
    named = {*names.values(), *books.values(), *(edition.name for edition in state.saved.values())}
    for entry in os.scandir(folder):
        if entry.name not in named:
            os.unlink(entry.path)


def _write_shards(state: BuildState, folder: Path) -> set[str]:
    """Write the records of each edition folder whose files changed into a shard file of their own; the
    folders whose records are in `sources`."""
    grouped: dict[str, dict] = {}
    for key, entry in state.sources.items():
        grouped.setdefault(key.partition("/")[0], {})[key] = entry
    folder.mkdir(parents=True, exist_ok=True)
    for date, entries in grouped.items():
        known = state.shards.get(date)
        if not (known and known.name and known.entries is not None and _same(known.entries, entries)):
            blob = _made_by() + pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
            known = Shard(entries, _write_signed(folder, date, blob))
        state.shards[date] = Shard(entries, known.name)
    return set(grouped)


def _tables(state: BuildState) -> tuple:
    """The record of every output file and group as plain values, marshalled (not pickled: marshal writes
    such tables much faster, and reads them as fast); the large tables as their shards' bytes."""
    groups = state.groups
    return state.outputs.pack(), groups.fingerprints.pack(), groups.files.pack(), groups.loose, groups.search


def _from_tables(tables: list) -> tuple[Table, GroupRecords]:
    outputs, fingerprints, files, loose, search = tables
    return Table(shard_of_file, saved=outputs), GroupRecords(Table(shard_of_group, saved=fingerprints),
                                                            Table(shard_of_group, saved=files), loose, search)


def _read_years(state: BuildState, books: dict[str, str]) -> None:
    """The saved editions from each year's file; a year whose file is missing or not signed by this user's
    builds has none (its editions are assembled again)."""
    for year, name in books.items():
        blob = _read_signed(state.shard_folder, name)
        if blob is None:
            continue
        editions = pickle.loads(blob)
        for edition in editions.values():
            edition.where = state.shard_folder
        state.saved.update(editions)
        state.years[year] = YearBook(name, list(editions.values()))


def _write_years(state: BuildState, folder: Path) -> dict[str, str]:
    """{year: its file} of the saved editions, each year's written only when its editions are not the
    very ones read from its file."""
    by_year = _by_year(state.saved)
    for year, editions in by_year.items():
        if not _kept(state.years.get(year), editions):
            kept = {date: replace(e, where=None, loaded=None) for date, e in editions.items()}
            name = _write_signed(folder, f"saved-{year}", pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            state.years[year] = YearBook(name, list(editions.values()))
    for year in state.years.keys() - by_year.keys():
        del state.years[year]
    return {year: book.name for year, book in state.years.items()}


def _by_year(saved: dict[str, SavedEdition]) -> dict[str, dict[str, SavedEdition]]:
    by_year: dict[str, dict[str, SavedEdition]] = {}
    for date, edition in sorted(saved.items()):
        by_year.setdefault(date[:4], {})[date] = edition
    return by_year


def _kept(known: YearBook | None, editions: dict[str, SavedEdition]) -> bool:
    """Whether a year's editions are the very ones read from its file (`known`)."""
    return known is not None and len(known.editions) == len(editions) and all(
        a is b for a, b in zip(known.editions, editions.values()))


def _made_by() -> bytes:
    """The first line of a shard: the version of this program that made its records."""
    return code_digest().encode() + b"\n"


def _shard_folder(path: Path) -> Path:
    return path.with_suffix(".shards")


def _write_signed(folder: Path, stem: str, blob: bytes) -> str:
    """The name of the file in `folder` that holds `blob`, signed: named by its content, written once."""
    name = f"{stem}.{hashlib.blake2b(blob, digest_size=8).hexdigest()}"

    def write(f) -> None:
        f.write(sign(f"state/shards/{name}", blob))
        f.write(blob)
    if not (folder / name).exists():
        write_atomic(folder / name, write)
    return name


def _read_signed(folder: Path | None, name: str, starts: bytes = b"") -> bytes | None:
    """What `_write_signed` saved; None when it is missing or not signed by this user's builds (then it is
    deleted, to be written again), or does not start with `starts` (told before it is read whole)."""
    try:
        if starts and signed_start(folder / name, len(starts)) != starts:
            return None
        blob = (folder / name).read_bytes()
    except (OSError, TypeError):
        return None
    signed = verified(f"state/shards/{name}", blob)
    if signed is None or signed[1] != len(blob):
        (folder / name).unlink(missing_ok=True)
        return None
    return bytes(signed[0])


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
