"""Generations of the published site: `public` is a symbolic link to one of them, `.public-gens/<id>/`.

A generation is made of this build's files and of nothing else (hard links to unchanged files of the
generation shown, which are never changed in place: a file made again is a new file); one rename of the
link switches every reader from the old site to the new one, and a kill at any instant leaves one of
them whole.  The generation shown before is kept as the spare that the next build brings up to date by
the last builds' changes, instead of linking the whole archive again.  Only this module and output.py
write `public/`.

Each generation has a record of its folders (folderstamps.py: inode, mtime and ctime of each, as they
were when the build knew what the folder held): the spare's folders whose stamp is unchanged hold what
the record of its files says, and only the others are listed.
"""
from __future__ import annotations

import ctypes
import errno
import fnmatch
import os
import secrets
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .folderstamps import (Stamps, add_folder, changed_folders, entries, generations, load_record, mark, marked,
    Packed, published_id, save_record, settled, shown_record, stamp, stamped, unpacked)
from .output import Staging, current_umask, owner_alive, place_files, prune_empty_dirs, safe_join, sweep
from .tables import Table, shards_of_folders

__all__ = ["Generation", "Spare", "start_generation", "fast_forward",
           "link_previous", "is_kept", "prepare", "publish", "mostly_changed", "load_spare", "save_spare", "load_shown"]

RELINK_FROM = 5000          # a spare with this many files to replace is dropped for a new generation


@dataclass
class Generation:
    """The next public/: a folder in `.public-gens/` beside it, filled while the build runs."""
    out: Path               # the published path: a link to the generation shown now
    folder: Path            # the new generation
    written: bool = False   # files of this build were written into it
    # The record of its folders (None: unknown, every folder is listed): the spare's as its file held it
    # until `prepare` brings the generation up to date.
    stamps: Stamps | Packed | None = None


@dataclass
class Spare:
    """The generation shown before, kept for the next build to bring up to date."""
    name: str
    stamps: Packed | None
    # Its files that differ from the site shown: path -> its digest there, None where it lacks the file.
    differs: dict[str, str | None] = field(default_factory=dict)


def start_generation(out: Path, spare: str | None = None, dropped: str | None = None) -> Generation:
    """The next generation: the `spare` one (the generation shown before the one shown now, to be brought
    up to date) when it is there, else an empty one.  What killed builds left (and old generations) goes;
    the `dropped` spare and the generations neither shown nor spare (a public/ removed by hand leaves two)
    are deleted by a process of their own, as the build goes on: a generation is a whole archive's files."""
    gens = generations(out)
    gens.mkdir(parents=True, exist_ok=True)
    shown = published_id(out)
    if dropped and dropped != shown and dropped != spare and (gens / dropped).is_dir():
        _set_aside(gens / dropped)
    spare = spare if spare and spare != shown and (gens / spare).is_dir() else None
    # An old generation set aside to be deleted may still be deleted by its own process: never waited for.
    aside = {e.name for e in os.scandir(gens) if e.name.startswith("old-") and not owner_alive(e.name)}
    for name in aside:
        _delete(gens / name, now=False)
    sweep(gens, "", keep={shown, spare, *aside}, remove=_set_aside)
    for link in out.parent.glob(f".{out.name}.*.link"):     # a link a killed build made but did not switch
        if not owner_alive(f"link-{link.name.split('.')[-2]}-"):
            link.unlink(missing_ok=True)
    if spare:
        return Generation(out, gens / spare)
    folder = gens / f"g-{os.getpid()}-{secrets.token_hex(6)}"
    folder.mkdir()
    return Generation(out, folder)


def fast_forward(out: Path, folder: Path, differs: dict[str, str | None], outputs: Table,
                 keep: tuple[str, ...], recorded: Packed | None = None) -> tuple[set[str], set[str], Stamps]:
    """Make the spare generation `folder`, which holds the files of the site shown (`outputs`) but for
    those in `differs` ({path: its digest in `folder`, None where it lacks the file}), hold the files of
    the site shown and nothing else: a file that differs is replaced by a link to the shown one, any other
    file goes (one the shown site lacks, or one planted while this generation was shown).
    The folders whose stamp differs from `recorded` (all of them without it), the top one and those the
    `keep` patterns reach are listed, not their files opened; the others hold their files as recorded.
    The files matching `keep` come from the shown site.
    Returns (the paths of `outputs` not in `folder` now, the kept files linked, its folders' record)."""
    src, dst = f"{out}{os.sep}", f"{folder}{os.sep}"
    stamps = None if recorded is None else recorded.table()
    record: Stamps = dict(stamps or {})
    # A folder of the site shown that the record lacks was made by the last build, for files it wrote
    # (`differs`): the record was complete when this generation was published, and any folder made in it
    # since changed its parent's stamp.  Put in unstamped, it is listed if it is there.
    for inside in {rel.rpartition("/")[0] for rel in differs}:
        if inside not in record:
            add_folder(record, inside)
    seen = {"": stamp(dst)} if stamps is None else changed_folders(dst, record, keep)
    present, changed = _list_folders(src, dst, seen, None if stamps is None else record, differs, outputs, keep)
    if stamps is None:
        absent = outputs.keys() - present
    else:
        absent = _take_unchanged(dst, differs, seen, outputs, changed)
        absent.update(rel for rel in outputs.in_shards(shards_of_folders(seen))
                      if rel.rpartition("/")[0] in seen and rel not in present)
    made: set[str] = set()
    linked = {rel for rel in sorted(absent) if _link(src + rel, dst + rel, made)}
    kept = {rel for rel in _kept_files(out, keep) if rel in present or _link(src + rel, dst + rel, made)}
    changed.update(rel.rpartition("/")[0] for rel in linked)
    changed.update(rel.rpartition("/")[0] for rel in kept - present)
    _remove_empty(folder, seen.keys() | changed, record)
    _note_listed(dst, record, seen, changed)
    return absent - linked, kept, record


def _list_folders(src: str, dst: str, seen: dict, record: Stamps | None, differs: dict[str, str | None],
                  outputs: Table, keep: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """List the folders of `seen` (and the folders found in them that `record` lacks, which are added to
    `seen`): a file is kept when it is the shown site's (by name, and by digest where it `differs`), else
    removed.  Returns (the files kept, the folders whose entries changed)."""
    present: set[str] = set()
    changed: set[str] = set()
    todo = list(seen)
    while todo:
        inside = todo.pop()
        for name, is_dir in entries(dst + inside):
            rel = f"{inside}/{name}" if inside else name
            if is_dir:
                if rel not in seen and (record is None or rel not in record):     # planted, or not stamped
                    seen[rel] = stamp(dst + rel)
                    todo.append(rel)
            elif (rel in outputs and differs.get(rel, outputs[rel]) == outputs[rel]
                    or is_kept(rel, keep) and _same_file(src + rel, dst + rel)):
                present.add(rel)
            else:
                _unlink(dst + rel)
                changed.add(inside)
    return present, changed


def _take_unchanged(dst: str, differs: dict[str, str | None], seen: dict, outputs: Table,
                    changed: set[str]) -> set[str]:
    """The folders not listed are unchanged since their stamp: they hold the shown site's files but for
    those that differ, which are removed unopened.  Returns the files of the site shown they lack."""
    absent = set()
    for rel, was in differs.items():
        inside = rel.rpartition("/")[0]
        if inside in seen or rel in outputs and was == outputs[rel]:
            continue
        if was is not None:
            _unlink(dst + rel)
            changed.add(inside)
        if rel in outputs:
            absent.add(rel)
    return absent


def _note_listed(dst: str, record: Stamps, seen: dict, changed: set[str]) -> None:
    """Record the folders listed: a folder found as it was keeps the stamp taken before it was listed (a
    change made since changes it again); one this build changed is to be listed next time."""
    for inside, before in seen.items():
        if before is None and not os.path.isdir(dst + inside):     # gone
            record.pop(inside, None)
        else:
            record[inside] = before if inside not in changed and settled(before) else None
    for inside in changed:
        if inside in record or os.path.isdir(dst + inside):
            mark(record, inside)


def _remove_empty(folder: Path, candidates, record: Stamps) -> None:
    """Remove the folders of `candidates` left empty (the deepest first), as a clean build has none."""
    for inside in sorted((c for c in candidates if c), key=lambda c: c.count("/"), reverse=True):
        try:
            os.rmdir(f"{folder}{os.sep}{inside}")
        except OSError:
            continue
        record.pop(inside, None)
        mark(record, inside.rpartition("/")[0])


def prepare(gen: Generation, differs: dict[str, str | None] | None, outputs: Table, keep: tuple[str, ...],
            fallback: Path) -> tuple[Path, set[str], set[str], Stamps | None]:
    """Bring the spare generation up to date (`differs`: where it differs from the site shown,
    `gen.stamps`: its folders' record) or,
    without one, link the site shown into the new one; when the spare cannot be changed (a folder in it
    made read-only while it was shown), link into `fallback` instead.  Returns (the generation's folder,
    missing, kept files, the record of its folders).  (It runs in a process of its own: `gen` is not
    changed.)"""
    if differs is not None:
        try:
            return (gen.folder, *fast_forward(gen.out, gen.folder, differs, outputs, keep, gen.stamps))
        except OSError:
            fallback.mkdir()
    else:
        fallback = gen.folder
    return (fallback, *link_previous(gen.out, fallback, outputs, keep), None)


def _same_file(a: str, b: str) -> bool:
    """The same inode (a kept file, such as the search index's, that did not change since)."""
    try:
        return os.lstat(a).st_ino == os.lstat(b).st_ino
    except OSError:
        return False


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass


def _remove(folder: Path, rel: str) -> None:
    path = safe_join(folder, rel)
    _unlink(str(path))
    prune_empty_dirs(path.parent, folder)


def link_previous(out: Path, folder: Path, paths, keep: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Hard-link `paths` (the last build's files) and the files matching the `keep` patterns from the
    current site into the new generation; return (the paths that are not there, the kept files linked).

    A generation's files are never changed in place (a file made again is a new file renamed over the
    link), so sharing them between generations cannot change the site being shown."""
    src, dst = f"{out}{os.sep}", f"{folder}{os.sep}"
    made: set[str] = set()
    missing = set()
    for rel in paths:
        if not _link(src + rel, dst + rel, made):
            missing.add(rel)
    kept = {rel for rel in _kept_files(out, keep) if _link(src + rel, dst + rel, made)}
    return missing, kept


def _link(source: str, dest: str, made: set[str]) -> bool:
    try:
        # Not through a link planted in the old site: that would publish the file it points to.
        os.link(source, dest, follow_symlinks=False)
        return True
    except FileNotFoundError:
        folder = os.path.dirname(dest)
        if folder in made:
            return False
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
        return _link(source, dest, made)
    except OSError:
        return False


def is_kept(rel: str, patterns) -> bool:
    """Whether a file of public/ is one the paper keeps there: `rel` matches one of the patterns (`*`
    crosses folders), and a pattern without a folder matches only files directly in public/."""
    top = "/" not in rel
    return any(fnmatch.fnmatchcase(rel, p) for p in patterns if top or "/" in p)


def _kept_files(out: Path, patterns: tuple[str, ...]) -> list[str]:
    """The files of the current site matching the patterns; only the folders a pattern can match in are
    listed (`_headers`: the top folder; `pagefind/*`: that folder's tree)."""
    found = set()
    for pattern in patterns:
        if "/" not in pattern:
            entries = os.scandir(out) if out.is_dir() else []
            found |= {e.name for e in entries if e.is_file(follow_symlinks=False) and is_kept(e.name, (pattern,))}
            continue
        fixed = []
        for part in pattern.split("/")[:-1]:
            if any(c in part for c in "*?["):
                break
            fixed.append(part)
        base = out.joinpath(*fixed)
        for folder, _, files in os.walk(base):
            inside = os.path.relpath(folder, out).replace(os.sep, "/")
            found |= {f"{inside}/{f}" for f in files if is_kept(f"{inside}/{f}", (pattern,))
                      and not os.path.islink(os.path.join(folder, f))}
    return sorted(found)


def publish(gen: Generation, staging: Staging, rendered: list[str], copies: dict[str, Path], stale: list[str],
            delete_now: bool = True, spare: list[str] | None = None, shown: Spare | None = None) -> Spare | None:
    """Complete the new generation (output.place_files) and show it: one rename of the link `out`.  The
    generation shown before is deleted (by a process of its own unless `delete_now`: a year's 50,000 files), or, when
    `spare` lists files to remove from it, kept as the spare one that the next build brings up to date;
    it is returned then, with the record of its folders when `shown` was the record of the one shown."""
    folder = gen.folder
    place_files(folder, staging, rendered, copies, stale)
    record = None if gen.stamps is None else marked(gen.stamps, [*rendered, *copies, *stale])
    mode = 0o777 & ~current_umask()
    if stat.S_IMODE(os.stat(folder).st_mode) != mode:      # a new generation, made private
        os.chmod(folder, mode)
        if record is not None:      # a chmod changes the folder's stamp, as a file written in it does
            mark(record, "")
    gen.stamps = stamped(folder, record)
    old = _switch(gen.out, folder)
    if staging.folder != folder:
        staging.discard()
    if old is not None and spare is not None and old.name.startswith("g-"):
        try:
            for rel in spare:           # files no longer published leave the spare generation too
                _remove(old, rel)
            known = shown is not None and shown.name == old.name and shown.stamps is not None
            return Spare(old.name, shown.stamps.marking(spare) if known else None)
        except OSError:                 # published all the same; the next build makes a new generation
            pass
    if old is not None:
        _delete(old, delete_now)
    return None


def _switch(out: Path, folder: Path) -> Path | None:
    """Point `out` at `folder` in one step; return what it showed before, moved aside (or None)."""
    link = out.with_name(f".{out.name}.{os.getpid()}.link")
    link.unlink(missing_ok=True)
    os.symlink(f"{folder.parent.name}/{folder.name}", link)
    shown = published_id(out)
    if shown is not None or not os.path.lexists(out):
        os.replace(link, out)
        return folder.parent / shown if shown else None
    # A plain folder from before: exchanged with the link in one step where the system can.
    aside = folder.parent / f"old-{os.getpid()}-{secrets.token_hex(6)}"
    if _exchange(link, out):
        os.rename(link, aside)
        return aside
    os.rename(out, aside)       # elsewhere two renames: for an instant there is no public/
    try:
        os.replace(link, out)
    except OSError:
        os.rename(aside, out)
        raise
    return aside


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically (Linux renameat2 RENAME_EXCHANGE); False where it cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        done = libc.renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2)      # AT_FDCWD, RENAME_EXCHANGE
    except (OSError, AttributeError):
        return False
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _set_aside(folder: Path) -> None:
    """Delete `folder` by a process of its own, renamed first to a name that no build takes for a generation,
    nor sweeps while this process lives (a build after it deletes what is left)."""
    aside = folder.with_name(f"old-{os.getpid()}-{secrets.token_hex(6)}")
    try:
        os.rename(folder, aside)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    _delete(aside, now=False)


# The process that deletes an old generation first renames it to carry its own pid (which `exec` keeps):
# a build that starts while it runs, the one that set it aside being over, sees it alive and leaves it to
# it, rather than starting another deletion of the same 650,000 files.
_DELETE = 'aside="$1/old-$$-$3"; mv -- "$1/$2" "$aside" && exec rm -rf -- "$aside"'


def _delete(folder: Path, now: bool) -> None:
    if not now and shutil.which("rm") and shutil.which("mv") and shutil.which("sh"):
        try:
            subprocess.Popen(["sh", "-c", _DELETE, "sh", str(folder.parent), folder.name, secrets.token_hex(6)],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def mostly_changed(spare: Spare, shown: Table) -> bool:
    """Whether more than a quarter of the shown site's files, and thousands, differ from the spare's (after
    a full build): then a new generation costs less (in a small site, one edit changes a quarter)."""
    return len(spare.differs) > max(len(shown) // 4, RELINK_FROM)


def load_spare(path: Path, shown: str | None) -> Spare | None:
    """The spare generation as the last build left it, when it kept the differences from the generation
    `shown` now; None (a new generation is made) when there is none that this user's builds signed."""
    found = load_record(path)
    if not (isinstance(found, tuple) and len(found) == 4):
        return None
    name, folders, of, differs = found
    stamps = None if folders is None else unpacked(folders)
    ok = (isinstance(name, str) and (folders is None or stamps is not None) and of == shown and shown is not None
          and isinstance(differs, dict))
    return Spare(name, stamps, differs) if ok else None


def save_spare(path: Path, spare: Spare, shown: str) -> None:
    """Keep the spare generation for the next build, with where it differs from the generation `shown`."""
    save_record(path, (spare.name, None if spare.stamps is None else spare.stamps.plain(), shown, spare.differs))


def load_shown(path: Path) -> bool | Spare:
    """The record of the folders of the generation shown (True when there is none: its files are known)."""
    found = shown_record(path)
    return Spare(*found) if found else True
