"""The no-change answer: has anything the site is made from changed since the last build into this
output folder?

One signature of every input file's name, size and mtime (and of the generator's own code) is compared
with the one the last build recorded.  The command line asks here before it imports the pipeline (and
with it Jinja2, Markdown, Pillow): a build with nothing to do costs a walk of the input folders and a
look at the output files, nothing more.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import BuildOptions, output_folder, theme_inputs, today_for_build
from ..core import RACY_NS, BuildReport, Problem, code_digest, trusted_cache
from .builddb import QuickRecord, load_quick
from .folderstamps import Stamps, generations, published_id, shown_record, stamp

__all__ = ["QuickCheck", "check_unchanged", "exists_in", "input_signature", "quick_record", "state_file"]

INPUTS = ("site.yaml", "content", "layouts", "assets")      # what the site is made from


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
    listing: dict[str, list[os.DirEntry]] = {}
    editions: dict[str, str | None] = {}
    signature = input_signature([root / name for name in INPUTS] + theme_inputs(root),
                                f"{options.base_url}:{options.search}:{options.future}:{options.drafts}:{code_digest()}",
                                listing, root / "content", editions)
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


def quick_record(signature: str, today, timezone: str, outputs, stamps: Stamps | None, counts: tuple,
                 warnings: list[Problem]) -> QuickRecord:
    """The record of a build for the next no-change answer.  Of the files it made (`outputs`), only those in
    folders that the record of the generation's folders (`stamps`) left unstamped are named: a stamped
    folder that is as recorded holds what the build put there."""
    unstamped: dict[str, list[str]] = {}
    for rel in outputs:
        folder, _, name = rel.rpartition("/")
        if stamps is None or stamps.get(folder) is None:
            unstamped.setdefault(folder, []).append(name)
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
    the folders the record left unstamped (changed by the build in the same tick), each file the build
    made is looked for.  A folder whose stamp changed since, or a record not of the site shown: not known
    to be there (the build looks)."""
    found = shown_record(folders)
    if not found or found[0] != published_id(out):
        return False
    top = f"{generations(out) / found[0]}{os.sep}"
    if not all(was is None or stamp(top + inside) == was for inside, was in found[1].items()):
        return False
    there = exists_in(out)
    return all(there(f"{folder}/{name}" if folder else name) for folder, names in unstamped.items()
               for name in names if found[1].get(folder) is None)


def exists_in(out: Path):
    """A test whether a site-relative file is in `out`, on plain strings: an archive has ~50,000 files, and
    making a Path object for each costs more than the stat itself."""
    base = f"{out}{os.sep}"
    return lambda rel: os.path.exists(base + rel)


def input_signature(paths: list[Path], extra: str, listing: dict | None = None, parts: Path | None = None,
                    signatures: dict | None = None) -> str | None:
    """Hash of name, size and mtime of every file under `paths` (and of `extra`); None when a file
    was saved too recently for its mtime to be trusted.  `listing`, when given, gets each folder's
    entries as they were read (in no order, each with its stat kept): the build walks content/ with
    them instead of reading the folders again.  A folder listed there already is not read again.
        `parts`, with `listing` and `signatures`: each folder directly in `parts` gets into
    `signatures` a signature of its own files, or None when one of them is too recent (the build takes
    an edition whose folder has the same signature as saved, without reading it)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(extra.encode())
    racy = False
    prefix = f"{parts}{os.sep}" if parts else None
    hashers, racy_parts = {}, set()
    for folder, lines, recent in _files(paths, listing):
        if recent:
            racy = True
            if listing is None:
                break
        h.update(lines)
        if prefix and folder.startswith(prefix):
            part = folder[len(prefix):].partition(os.sep)[0]
            (hashers.get(part) or hashers.setdefault(part, hashlib.blake2b(digest_size=16))).update(lines)
            if recent:
                racy_parts.add(part)
    if parts:
        signatures.update({part: None if part in racy_parts else hasher.hexdigest() for part, hasher in hashers.items()})
    return None if racy else h.hexdigest()


def _files(paths: list[Path], listing: dict | None = None):
    """(folder, the lines of its files' names, sizes and mtimes, whether one of them is too recent to be
    trusted) of each folder under `paths` (a path that is a file: its own line), in a stable order.  A
    folder's lines are hashed at once: an archive has ~220,000 files, and the walk is most of a no-change build."""
    newest = time.time_ns() - RACY_NS
    for top in paths:
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
