"""Generations of the published site: `public` is a symbolic link to one of them, `.public-gens/<id>/`.

A generation is made of this build's files and of nothing else (hard links to unchanged files of the
generation shown, which are never changed in place: a file made again is a new file); one rename of the
link switches every reader from the old site to the new one, and a kill at any instant leaves one of
them whole.  The generation shown before is kept as the spare that the next build brings up to date by
the last builds' changes, instead of linking the whole archive again.  Only this module and output.py
write `public/`.
"""
from __future__ import annotations

import ctypes
import errno
import fnmatch
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .output import Staging, current_umask, owner_alive, place_files, prune_empty_dirs, safe_join, sweep

__all__ = ["Generation", "generations", "published_id", "start_generation", "fast_forward", "link_previous",
           "is_kept", "prepare", "publish"]


@dataclass
class Generation:
    """The next public/: a folder in `.public-gens/` beside it, filled while the build runs."""
    out: Path               # the published path: a link to the generation shown now
    folder: Path            # the new generation
    written: bool = False   # files of this build were written into it


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


def start_generation(out: Path, spare: str | None = None) -> Generation:
    """The next generation: the `spare` one (the generation shown before the one shown now, to be brought
    up to date) when it is there, else an empty one.  What killed builds left (and old generations) goes."""
    gens = generations(out)
    gens.mkdir(parents=True, exist_ok=True)
    shown = published_id(out)
    spare = spare if spare and spare != shown and (gens / spare).is_dir() else None
    sweep(gens, "", keep={shown, spare})
    for link in out.parent.glob(f".{out.name}.*.link"):     # a link a killed build made but did not switch
        if not owner_alive(f"link-{link.name.split('.')[-2]}-"):
            link.unlink(missing_ok=True)
    if spare:
        return Generation(out, gens / spare)
    folder = gens / f"g-{os.getpid()}-{secrets.token_hex(6)}"
    folder.mkdir()
    return Generation(out, folder)


def fast_forward(out: Path, folder: Path, had: dict[str, str], outputs: dict[str, str],
                 keep: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Make the spare generation `folder`, which holds the files `had` ({path: digest}), hold the files of
    the site shown (`outputs`) and nothing else: a file that differs is replaced by a link to the shown
    one, any other file goes (one the shown site lacks, or one planted while this generation was shown:
    its folders are listed, not its files opened).  The files matching `keep` come from the shown site.
    Returns (the paths of `outputs` not in `folder` now, the kept files linked)."""
    src, dst = f"{out}{os.sep}", f"{folder}{os.sep}"
    emptied: set[str] = set()
    present: set[str] = set()       # what the listing found right: no file is looked up again
    for here, dirs, files in os.walk(folder, topdown=False):       # folders last: emptied ones go too
        inside = here[len(dst):].replace(os.sep, "/")
        inside = inside + "/" if inside else ""
        left = len(files) + sum(f"{here}{os.sep}{d}" not in emptied for d in dirs)
        for name in files:
            rel = inside + name
            if (rel in outputs and outputs[rel] == had.get(rel)
                    or is_kept(rel, keep) and _same_file(src + rel, dst + rel)):
                present.add(rel)
                continue
            os.unlink(f"{here}{os.sep}{name}")
            left -= 1
        if not left and inside:
            os.rmdir(here)
            emptied.add(here)
    made: set[str] = set()
    present.update(rel for rel in outputs if rel not in present and _link(src + rel, dst + rel, made))
    kept = {rel for rel in _kept_files(out, keep) if rel in present or _link(src + rel, dst + rel, made)}
    return outputs.keys() - present, kept


def prepare(gen: Generation, had: dict[str, str] | None, outputs: dict[str, str], keep: tuple[str, ...],
            fallback: Path) -> tuple[Path, set[str], set[str]]:
    """Bring the spare generation up to date (`had`: what it holds) or, without one, link the site shown
    into the new one; when the spare cannot be changed (a folder in it made read-only while it was
    shown), link into `fallback` instead.  Returns (the generation's folder, missing, kept files)."""
    if had is not None:
        try:
            return (gen.folder, *fast_forward(gen.out, gen.folder, had, outputs, keep))
        except OSError:
            fallback.mkdir()
            return (fallback, *link_previous(gen.out, fallback, outputs, keep))
    return (gen.folder, *link_previous(gen.out, gen.folder, outputs, keep))


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
            delete_now: bool = True, spare: list[str] | None = None) -> str | None:
    """Complete the new generation (output.place_files) and show it: one rename of the link `out`.  The
    generation shown before is deleted (by a process of its own unless `delete_now`: a year's 50,000 files), or, when
    `spare` lists files to remove from it, kept as the spare one that the next build brings up to date;
    its name is returned then."""
    folder = gen.folder
    place_files(folder, staging, rendered, copies, stale)
    os.chmod(folder, 0o777 & ~current_umask())
    old = _switch(gen.out, folder)
    if staging.folder != folder:
        staging.discard()
    if old is not None and spare is not None and old.name.startswith("g-"):
        try:
            for rel in spare:           # files no longer published leave the spare generation too
                _remove(old, rel)
            return old.name
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


def _delete(folder: Path, now: bool) -> None:
    if not now and shutil.which("rm"):
        try:
            subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)
