"""The no-change answer: has anything the site is made from changed since the last build into this
output folder?

One signature of every input file's name, size and mtime (and of the generator's own code) is compared
with the one the last build recorded.  The command line asks here before it imports the pipeline (and
with it Jinja2, Markdown, Pillow): a build with nothing to do costs a walk of the input folders and a
look at the output files, nothing more.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import BuildOptions, output_folder, theme_inputs, today_for_build
from ..core import RACY_NS, BuildReport, Problem, code_digest, say, sign, trusted_cache, verified, write_atomic
from .builddb import ignored_record, signed_as, state_magic
from .folderstamps import STAMP_SIZE, Stamps, each_stamp, entries, generations, published_id, shown_record, stamp

__all__ = ["QuickCheck", "QuickRecord", "check_unchanged", "exists_in", "input_signature", "load_quick", "quick_record",
           "save_quick", "state_file"]

INPUTS = ("site.yaml", "content", "layouts", "assets")      # what the site is made from
# A forked process walks the later half of content/ from this many edition folders, and looks at the
# later half of the published site's folder stamps from this many folders.
WALK_APART_FROM = 1000
STAMPS_APART_FROM = 50_000


@dataclass
class QuickCheck:
    report: BuildReport | None    # the last build's, when nothing changed since
    signature: str | None         # of the inputs now; None when a file was saved too recently to be signed
    path: Path                    # where the record of the last build is kept
    listing: dict | None = None   # the input folders as the check read them (see input_signature)
    editions: dict | None = None  # the signature of each folder in content/ (None: a file too recent)
    warnings: list[Problem] = field(default_factory=list)    # about .cache/ itself, for this run only

    def take_listing(self) -> dict | None:
        """The folders as the check read them, handed over to the build's scan (which lets them go)."""
        listing, self.listing = self.listing, None
        return listing


def check_unchanged(root: Path, options: BuildOptions) -> QuickCheck:
    """The last build's report when no input changed since, today is the same day and every file it
    made is still in the output folder; otherwise no report, and the signature for the next time."""
    started = time.perf_counter()
    root = root.resolve()
    out = output_folder(root, options)
    path = state_file(root, out, options).with_suffix(".quick")
    warnings = trusted_cache(root)      # before anything in .cache/ is read
    if options.clean:
        return QuickCheck(None, None, path, warnings=warnings)
    # The folders' entries are kept for the build's scan only when no build left a record here (the
    # first build, a lost .cache): that build reads every folder.  After it, an evening's build reads one
    # or two, and keeping the archive's entries would slow every walk and hold them all in memory.
    listing: dict[str, list[os.DirEntry]] | None = None if path.exists() else {}
    editions: dict[str, str | None] = {}
    signature = input_signature(root, f"{options.base_url}:{options.search}:{options.future}:{options.drafts}:{code_digest()}",
                                listing, editions)
    record = load_quick(path, signature, warnings) if signature else None
    # "Today" decides which editions are published.  site.yaml, which names the paper's time zone, is
    # one of the signed inputs: when the signature matches, the recorded time zone is still the one.
    if (record is None
            or str(options.today or today_for_build(record.timezone)) != record.today
            or not all_still_there(out, record.unstamped, path.with_suffix(".folders"))):
        return QuickCheck(None, signature, path, listing, editions, warnings)
    warnings = [Problem(p, message, line, hint, warning=True) for p, message, line, hint in record.warnings]
    report = BuildReport(*record.counts, images_cached=record.counts[3], warnings=warnings,
                         seconds=time.perf_counter() - started)
    return QuickCheck(report, signature, path)


def quick_record(signature: str, today, timezone: str, generation: Path, stamps: Stamps, counts: tuple,
                 warnings: list[Problem]) -> QuickRecord:
    """The record of a build for the next no-change answer.  The files of the folders that the record of
    the generation's folders (`stamps`) left unstamped are named, as the build left them (listed, not
    picked out of the archive's every file): a stamped folder that is as recorded holds what the build put
    there."""
    top = f"{generation}{os.sep}"
    unstamped = {inside: sorted(name for name, is_dir in entries(top + inside) if not is_dir)
                 for inside, was in stamps.items() if was is None}
    # Warnings about .cache/ itself concern the run that found them, not the inputs: not shown again.
    return QuickRecord(signature, str(today), timezone, unstamped, counts,
                       [(p.path, p.message, p.line, p.hint) for p in warnings if not p.path.startswith(".cache")])


def state_file(root: Path, out: Path, options: BuildOptions) -> Path:
    """The record of the last build into `out` with these options (.cache/state/<key>.pickle).  Builds with
    and without --future or --drafts share it: what `build --drafts` put into public/ is what a `build`
    takes down.  (The key is the one a plain build always had, so a paper keeps its record.)"""
    key = hashlib.blake2b(f"{out}:False:False:{options.fingerprint}:{options.offline}".encode(),
                          digest_size=6).hexdigest()
    return root / ".cache" / "state" / f"{key}.pickle"


def all_still_there(out: Path, unstamped: dict[str, list[str]], folders: Path) -> bool:
    """Every file the last build made is still in `out`.  A folder whose stamp is as the publish recorded
    it holds what the build put there (a file removed, added or renamed changes it: folderstamps.py); in
    the folders the record left unstamped (changed by the build in the same tick), each file they held
    when the build was over is looked for (the same build saved both records, the folders' and `unstamped`).
    A folder whose stamp changed since, or a record not of the site shown: not known to be there (the
    build looks)."""
    found = shown_record(folders)
    if not found or found[0] != published_id(out):
        return False
    name, record = found
    if record.marked or not _as_recorded(f"{generations(out) / name}{os.sep}", record.folders(), record.values):
        return False
    there = exists_in(out)
    return all(there(f"{folder}/{name}" if folder else name) for folder, names in unstamped.items() for name in names)


def _as_recorded(top: str, folders: list[str], values: bytes) -> bool:
    """Every folder the record stamped (`values`: their stamps packed, in order) is as it was then; the
    later half of a large record is looked at by a forked process while this one looks at the rest."""
    half = len(folders) // 2 if len(folders) >= STAMPS_APART_FROM else len(folders)
    theirs = half < len(folders) and _aside(lambda: _unchanged(top, folders[half:], values[half * STAMP_SIZE:]))
    ours = _unchanged(top, folders[:half], values[:half * STAMP_SIZE])
    return (theirs.result() if theirs else True) and ours


def _unchanged(top: str, folders: list[str], values: bytes) -> bool:
    return all(was is None or stamp(top + inside) == was for inside, was in zip(folders, each_stamp(values)))


def _aside(task):
    """task() running in a forked process (core.Background), imported here only: a small paper's no-change
    answer does without the process pool's modules."""
    from ..core import Background
    return Background(task)


def exists_in(out: Path):
    """A test whether a site-relative file is in `out`, on plain strings: an archive has ~50,000 files, and
    making a Path object for each costs more than the stat itself."""
    base = f"{out}{os.sep}"
    return lambda rel: os.path.exists(base + rel)


def input_signature(root: Path, extra: str, listing: dict | None, signatures: dict) -> str | None:
    """Hash of name, size and mtime of every input file (and of `extra`); None when a file was saved too
    recently for its mtime to be trusted.  `listing` (unless None) gets each folder's entries as they were
    read (in no order, each with its stat kept): the build walks content/ with them instead of reading the
    folders again.  Each folder directly in content/ (an edition) gets into `signatures` a signature of its own
    files, or None when one of them is too recent (the build takes an edition whose folder has the same
    signature as saved, without reading it).
        A large archive's later half of content/ is walked by a forked process while this one walks the
    rest: the walk is most of a no-change build, and the other core is idle until the build loads.  (The
    build lists those folders itself where it reads them: after the walk, so it sees what was signed or
    later changes, which the next walk finds.)"""
    content = root / "content"
    prefix = f"{content}{os.sep}"
    paths = [root / name for name in INPUTS] + theme_inputs(root)
    apart = _later_half(content, listing)
    theirs = apart and _aside(lambda: _walk(apart, None, prefix))
    ours = _walk(paths, listing, prefix, skip=frozenset(apart))
    walked = [ours, theirs.result()] if apart else [ours]
    for part in walked:
        signatures.update(part.parts)
    h = hashlib.blake2b(extra.encode(), digest_size=16)
    for part in walked:
        h.update(part.digest)
    return None if any(part.recent for part in walked) else h.hexdigest()


@dataclass
class Walked:
    """What a walk of some of the input folders found."""
    digest: bytes                       # of their files' names, sizes and mtimes, in a stable order
    parts: dict[str, str | None]        # the signature of each edition folder walked (None: a file too recent)
    recent: bool                        # a file was saved too recently for its mtime to be trusted


def _later_half(content: Path, listing: dict | None) -> list[str]:
    """The later half of content/'s folders, when there are enough of them to walk on the other core."""
    if not content.is_dir():
        return []
    with os.scandir(content) as it:
        entries = list(it)
    if listing is not None:
        listing[str(content)] = entries
    folders = sorted(entry.path for entry in entries if entry.is_dir(follow_symlinks=False))
    return folders[len(folders) // 2:] if len(folders) >= WALK_APART_FROM else []


def _walk(paths: list, listing: dict | None, prefix: str, skip: frozenset[str] = frozenset()) -> Walked:
    """Walk `paths` (but the folders in `skip`) and sign what is there, and each folder in `prefix` apart."""
    h = hashlib.blake2b(digest_size=16)
    hashers, racy_parts, racy = {}, set(), False
    for folder, lines, recent in _files(paths, listing, skip):
        racy = racy or recent
        h.update(lines)
        if folder.startswith(prefix):
            part = folder[len(prefix):].partition(os.sep)[0]
            (hashers.get(part) or hashers.setdefault(part, hashlib.blake2b(digest_size=16))).update(lines)
            if recent:
                racy_parts.add(part)
    return Walked(h.digest(), {part: None if part in racy_parts else hasher.hexdigest()
                               for part, hasher in hashers.items()}, racy)


def _files(paths: list, listing: dict | None, skip: frozenset[str]):
    """(folder, the lines of its files' names, sizes and mtimes, whether one of them is too recent to be
    trusted) of each folder under `paths` (a path that is a file: its own line), in a stable order.  A
    folder's lines are hashed at once: an archive has ~220,000 files, and the walk is most of a no-change build."""
    newest = time.time_ns() - RACY_NS
    for top in map(Path, paths):
        if not top.is_dir():
            st = top.stat() if top.exists() else None
            line = f"{top}:{st.st_size}:{st.st_mtime_ns}\n" if st else f"{top}:-\n"
            yield str(top.parent), line.encode(), st is not None and st.st_mtime_ns >= newest
            continue
        stack = [str(top)]
        while stack:
            folder = stack.pop()
            entries = listing.get(folder) if listing is not None else None
            if entries is None:
                with os.scandir(folder) as it:
                    entries = list(it)
                if listing is not None:
                    listing[folder] = entries
            lines, folders, recent = [], [], False
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.path not in skip:
                        folders.append(entry.path)
                else:
                    st = entry.stat()
                    lines.append(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}\n")
                    recent = recent or st.st_mtime_ns >= newest
            # In the order of their text, not of the entries (the order the system lists them in may
            # change): sorting strings costs far less than sorting the entries by name.
            folders.sort(reverse=True)
            stack += folders
            if lines:
                lines.sort()
                yield folder, "".join(lines).encode(), recent


# --- the record ---------------------------------------------------------------------------------

@dataclass
class QuickRecord:
    signature: str
    today: str                  # the day the build took as today
    timezone: str               # the paper's (site.yaml's) time zone
    unstamped: dict             # {folder: its files as the build left them} of the folders it left unstamped
    counts: tuple               # editions, pages, articles, images
    warnings: list              # as (path, message, line, hint) tuples


def load_quick(path: Path, signature: str, warnings: list[Problem] | None = None) -> QuickRecord | None:
    """The record of the last build when it was made from inputs with this signature.  The signature is
    read first: after a change, the list of the last build's 50,000 files is not verified or read at all.
    A record not signed by this user's builds is ignored, with a warning added to `warnings`."""
    try:
        with open(path, "rb") as f:
            blob = f.read(4096)
            head = verified(signed_as(path), blob)
            if head is None:
                if warnings is not None:
                    warnings.append(ignored_record(path, say("state.not_signed")))
                return None
            magic, signed = marshal.loads(head[0])
            if magic != state_magic() or signed != signature:
                return None
            blob = blob[head[1]:] + f.read()
        body = verified(f"{signed_as(path)}:{signature}", blob)
        return QuickRecord(signed, *marshal.loads(body[0])) if body and body[1] == len(blob) else None
    except Exception:        # missing, truncated or foreign: no quick answer, do the real work
        return None


def save_quick(record: QuickRecord, path: Path) -> None:
    head = marshal.dumps((state_magic(), record.signature))
    body = marshal.dumps((record.today, record.timezone, record.unstamped, record.counts, record.warnings))

    def write(f) -> None:
        f.write(sign(signed_as(path), head) + head)
        f.write(sign(f"{signed_as(path)}:{record.signature}", body) + body)
    write_atomic(path, write)
