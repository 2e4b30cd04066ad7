"""The pure stages wrapped with the build database: what the last build made of an unchanged file, folder
or edition is taken again instead of being made anew.

`source.scan_rounds` and `model.build_site` know nothing of the database: `assemble_site` hands them a
`ScanMemo` and an `edition_of`, which ask it (builddb.BuildState) through `recall`/`remember`/`get_or_make`.
"""
from __future__ import annotations

import copyreg
import io
import marshal
import os
import pickle
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..config import BuildOptions, Config, today_for_build
from ..content import ArticleRecord, ContentTree, FolderScan, pdf_stamps, scan_rounds
from ..core import Problem, Problems, code_digest, trusted_mtime
from ..model import Article, Edition, Page, Site, build_edition, build_site, link_neighbours, link_within
from ..render import list_entries
from .builddb import BuildState, SavedEdition, edition_file

__all__ = ["Changes", "SavedEditionLost", "ScanMemo", "Shelved", "assemble_site", "assembly_key", "edition_memo",
           "saved_editions", "settled_editions", "shelve_assembled"]

EDITIONS_A_ROUND = 200      # edition folders read and assembled at a time by a build that saves them


@dataclass
class Changes:
    """What the caller knows of content/ since the last build with this state."""
    touched: set[str] | None = None    # the edition folders that may have changed (the preview server's events)
    listing: dict | None = None        # folders as the no-change check read them ({path: its entries, unsorted})
    signatures: dict | None = None     # each edition folder's signature (quick.QuickCheck.editions)
    verify_saved: bool = False         # read each saved edition before it is taken (one could not be read)


def assemble_site(config: Config, options: BuildOptions, state: BuildState, problems: Problems, changes: Changes,
                  root: Path) -> tuple[Site, dict[str, SavedEdition]]:
    """The site, and every edition to save whole for the next build: read from content/ and assembled, or
    taken as the last build saved it.

    An edition whose folder is as the last build saw it is taken as that build assembled it (builddb's
    SavedEdition): its files and records are not read at all.  Only the command line's build knows (from
    the no-change check's walk) which folders are unchanged; it saves what it makes, and reads and
    assembles content/ a round of editions at a time, taking each round's editions as saved before the
    next: it never holds a whole archive's records.  The preview keeps them all, to reuse between rebuilds."""
    signatures = {date: s for date, s in (changes.signatures or {}).items() if s} if changes.touched is None else {}
    settled = settled_editions(config, state.saved, signatures, options.drafts, changes.verify_saved)
    memo = ScanMemo(state, changes, settled)
    today = options.today or today_for_build(config.timezone)
    editions, saved = [], dict(settled)
    for tree in scan_rounds(config, problems, options.jobs, memo, EDITIONS_A_ROUND if state.shard_folder else 0):
        memo.round_done()
        part = build_site(config, tree, problems, today=today, drafts=options.drafts, future=options.future,
                          edition_of=edition_memo(config, tree, state, settled, options.drafts, root))
        if signatures:      # editions will be saved: list their index entries first, so that they are saved with them
            list_entries(part)
        assembled = saved_editions(config, tree, state, settled, signatures, options.drafts)
        saved.update(assembled)
        state.let_go_of_records()
        shelve_assembled(part, assembled)
        editions += part.editions
    memo.scan_done()
    link_neighbours(editions)
    return Site(config, editions), saved


class ScanMemo:
    """What `scan_content` asks the database: records of unchanged files, scans of folders known not to
    have changed, editions taken whole.  What it did not ask about (files and folders gone) is forgotten."""

    def __init__(self, state: BuildState, changes: Changes, settled: dict[str, SavedEdition]):
        self.state, self.changes, self.settled_editions = state, changes, settled
        # Handed over: the scan takes each folder it reads once, and the rest is let go when it is done.
        self.listing, changes.listing = changes.listing, None
        self.seen: set[str] = set()

    def listed(self, folder: str) -> list[os.DirEntry] | None:
        return self.listing.pop(folder, None) if self.listing else None

    def settled(self, date: str) -> list[Problem] | None:
        taken = self.settled_editions.get(date)
        return None if taken is None else taken.scan_problems

    def folder(self, date: str) -> FolderScan | None:
        touched = self.changes.touched
        self.seen.add(f"{date}/")
        if touched is None or date in touched:
            return None
        scan = self.state.recall("source", f"{date}/", None)
        if scan is not None:
            self.seen.update(r.rel for r in [scan.edition, *scan.articles])
        return scan

    def recall(self, rel: str, stamp: tuple | None):
        self.seen.add(rel)
        return self.state.recall("source", rel, stamp)

    def remember(self, rel: str, stamp: tuple | None, record) -> None:
        self.state.remember("source", rel, stamp, record)

    def scanned(self, date: str, scan: FolderScan) -> None:
        self.state.remember("source", f"{date}/", None, scan)

    def round_done(self) -> None:
        """Forget the records the scan did not ask about (files and folders gone): those of a round's folders
        once it is scanned (a state that lets go of each round's records holds no other)."""
        self.state.prune("source", self.seen.__contains__)

    def scan_done(self) -> None:
        """Let go of the folders as the check read them: the settled editions' folders are never asked for,
        and at ten years they hold a quarter of a million entries for the rest of the build."""
        self.listing = None


@dataclass
class Assembly:
    """What an edition was assembled from."""
    key: tuple                 # the paper, its config, drafts or not, its page PDFs' stamps
    folders: tuple             # its photo folders with their mtimes (photo_folders)
    sources: tuple             # its edition.yaml's and articles' records


def edition_memo(config: Config, tree: ContentTree, state: BuildState, settled: dict[str, SavedEdition],
                 drafts: bool, root: Path):
    """`edition_of` for model.build_site: an edition taken as saved, or as assembled by the last build
    (kept in memory by the preview server) while its records are the very same objects (or equal), its
    photo folders list the same files and its config is the same; else assembled now."""
    state.prune("edition", tree.editions.__contains__)

    def edition_of(date: str) -> tuple[Edition | None, list[Problem]]:
        if date in settled:
            saved = settled[date]
            return (None if saved.fields is None else Shelved(saved)), saved.problems
        record, records = tree.editions[date], tree.articles.get(date, [])
        sources = (record, *records)
        folders = photo_folders(config.content_dir, sources)
        inputs = Assembly((config.root, config.digest, drafts, pdf_stamps(config.content_dir / date, record.pages)),
                          folders, sources)

        def make() -> tuple[Edition | None, list[Problem]]:
            found = Problems(root)
            return build_edition(config, record, records, found, drafts), found.items
        if folders is None:         # a photo folder too recent to be dated: not remembered
            state.forget("edition", date)
            return make()
        return state.get_or_make("edition", date, inputs, make)
    return edition_of


def assembly_key(config: Config, drafts: bool) -> tuple:
    """What an edition's model depends on besides its folder's files and its photo folders."""
    return str(config.root), config.digest, drafts, code_digest()


def saved_editions(config: Config, tree: ContentTree, state: BuildState, settled: dict[str, SavedEdition],
                   signatures: dict[str, str], drafts: bool) -> dict[str, SavedEdition]:
    """The editions of `tree` to save whole for the next build, written into their files: those assembled
    now whose folder has a signature and whose photo folders could be dated.  (Future editions left out
    are not; those taken as saved are already.)"""
    key = assembly_key(config, drafts)
    saved = {}
    for date in tree.editions:
        memo, signature = state.editions.get(date), signatures.get(date)
        if date in settled or memo is None or not signature:
            continue
        edition, problems = memo.value
        fields = None if edition is None else {k: v for k, v in vars(edition).items() if k not in _READ_LATER}
        saved[date] = state.shelve(date, SavedEdition(
            signature, key, memo.inputs.folders, tree.problems[date], problems, fields,
            None if edition is None else edition_file(_index_head(edition), _pickled(edition))))
    return saved


# An edition taken as saved reads these from its file when they are asked for (see Shelved); the others
# are its fields as saved, but for its neighbours, which model.build_site links.
_READ_LATER = ("pages", "prev", "next", "future")


class SavedEditionLost(Exception):
    """The file of an edition taken as saved could not be read when its pages were asked for (removed, or
    damaged and so deleted): the build starts again, and assembles that edition from content/."""


class Shelved(Edition):
    """An edition taken as saved: its fields as saved, but its pages are read from its file the first time
    they are asked for (when its own files, or an index page listing its articles, are made again), so
    that adding one edition to a ten-year archive reads a handful of saved editions, not all of them."""

    def __init__(self, saved: SavedEdition):        # not Edition's: its fields are the saved ones
        vars(self).update(saved.fields, prev=None, next=None, future=False, _saved=saved)

    def __getattr__(self, name: str):       # only for what the object lacks: its pages until they are read
        if name != "pages":
            raise AttributeError(name)
        pages = self._saved.load()
        if pages is None:
            raise SavedEditionLost(self.key)
        vars(self)["pages"] = pages
        link_within(self)
        return pages

    def listed(self) -> list[Article] | _ListedRows:
        """What the indexes show of its articles, by place: from the head of its file while its pages are
        not read (an index page lists a few articles from each of dozens of editions).  Not kept: the index
        pages keep what they list (indexes.IndexEntries.shown)."""
        if "pages" in vars(self):
            return self.articles
        head = self._saved.head()
        if head is None:
            raise SavedEditionLost(self.key)
        return _ListedRows(head)


class _ListedRows:
    """The head of a saved edition's file: each article as marshal bytes, unpacked when it is asked for (an
    author's index lists one article of an edition of sixty)."""
    __slots__ = ("rows",)

    def __init__(self, rows: tuple[bytes, ...]):
        self.rows = rows

    def __getitem__(self, n: int) -> ListedArticle:
        *fields, photos = marshal.loads(self.rows[n])
        return ListedArticle(*fields, tuple(ListedPhoto(*photo) for photo in photos))


def shelve_assembled(site: Site, saved: dict[str, SavedEdition]) -> None:
    """Put in place of each edition assembled by this build, once its file is written, the edition as saved
    there (Shelved), and let go of the one assembled.  A build that assembles a whole archive (the first,
    or after an upgrade) would otherwise hold every article while it renders; and each forked worker
    making index pages would copy every page of memory holding an article it lists (their reference counts
    change).  Its own files and index pages are made from its file, in the worker that makes them."""
    editions = site.editions
    for n, edition in enumerate(editions):
        kept = saved.get(edition.key)
        if type(edition) is Shelved or kept is None or kept.fields is None or kept.where is None:
            continue
        shelved = editions[n] = Shelved(kept)
        shelved.future = edition.future
        _unlinked(edition)
    link_neighbours(editions)


def _unlinked(edition: Edition) -> None:
    """Break the edition's chains of pages and articles, so that reference counting frees it (the garbage
    collector is held off while a build runs)."""
    edition.prev = edition.next = None
    for page in edition.pages:
        page.prev = page.next = None
        for a in page.articles:
            a.prev = a.next = a.continued_to = a.continued_from = None


class ListedPhoto(NamedTuple):
    rel: str
    caption: str


class ListedArticle(NamedTuple):
    """What an index page shows of an article (render.indexes: _entry, _photo)."""
    url: str
    title: str
    kicker: str
    subtitle: str
    lead: str
    edition: str
    section: str
    draft: bool
    page: int
    photos: tuple[ListedPhoto, ...]


def _index_head(edition: Edition) -> tuple:
    """The head of a saved edition's file: its articles as the indexes show them, each as marshal bytes
    (Shelved.listed)."""
    return tuple(marshal.dumps((a.url, a.title, a.kicker, a.subtitle, a.lead, a.edition, a.section, a.draft,
                                a.page, tuple((ph.rel, ph.caption) for ph in a.photos))) for a in edition.articles)


def _pickled(edition: Edition) -> bytes:
    """The edition's pages, which is all its file holds but its head: the rest of it is saved in the state
    (`fields`)."""
    buffer = io.BytesIO()
    _Unlinking(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(edition.pages)
    return buffer.getvalue()


class _Unlinking(pickle.Pickler):
    """Pickles pages and articles without their prev/next links, which Shelved makes again: an edition's
    pages are saved alone, and its articles' chain, pickled link by link, would go deeper than Python's
    recursion limit in a big edition."""

    def reducer_override(self, obj):
        if type(obj) in (Page, Article):
            return copyreg.__newobj__, (type(obj),), {**vars(obj), "prev": None, "next": None}
        return NotImplemented


def settled_editions(config: Config, saved: dict[str, SavedEdition], signatures: dict[str, str],
                     drafts: bool, verify: bool = False) -> dict[str, SavedEdition]:
    """The saved editions whose folder's files, photo folders and everything else they were assembled with
    are the same as when they were saved, and whose file is there (read whole when `verify`)."""
    key = assembly_key(config, drafts)
    return {date: s for date, s in saved.items()
            if s.signature == signatures.get(date) and s.key == key
            and _dated(config.content_dir, (f for f, _ in s.folders)) == s.folders
            and (s.fields is None or s.load() is not None if verify else s.present())}


def photo_folders(content: Path, sources: tuple) -> tuple | None:
    """The folders of every photo, scan and PDF the records name, with their mtimes (a file added to or
    removed from a folder changes it): whether each named file exists is part of the edition.  None when
    a folder changed too recently for its mtime to tell the next change apart."""
    folders = set()
    for r in sources:
        if isinstance(r, ArticleRecord):
            names = [i["file"] for i in r.meta["images"]] + list(r.inline_images)
        else:
            names = [spec.get(k) for spec in r.pages.values() for k in ("image", "pdf")]
        if any(names):
            folder = posixpath.dirname(r.rel)
            folders.update(posixpath.normpath(posixpath.join(folder, posixpath.dirname(n))) for n in names if n)
    mtimes = _dated(content, sorted(folders))
    return None if any(m == -1 for _, m in mtimes) else mtimes


def _dated(content: Path, folders) -> tuple:
    """((folder, its trusted mtime or None when it is gone), ...)."""
    return tuple((f, _mtime(content / f)) for f in folders)


def _mtime(path: Path) -> int | None:
    try:
        return trusted_mtime(os.stat(path))
    except OSError:
        return None
