"""Writing `public/`: rendered files go to a staging folder first; only when the whole run succeeded
are they published.  A failed run leaves `public/` exactly as it was.  Only this module writes `public/`.

A build publishes a whole new tree (`publish`): `public` is a symbolic link to one generation,
`.public-gens/<id>/`, made of this build's files (hard links to the unchanged files of the generation
before, which are never changed in place) and of nothing else; one rename of the link switches every
reader from the old site to the new one, and a kill at any instant leaves one of them whole.  The
preview's own folder is updated file by file (`commit`): nobody but the preview reads it.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import fnmatch
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

__all__ = ["Staging", "Generation", "commit", "publish", "replace_folder", "safe_join", "published_id",
           "generations", "is_kept", "start_generation", "link_previous", "fast_forward", "owner_alive", "one_build_at_a_time", "sweep"]


def safe_join(root: Path, rel: str) -> Path:
    """root/rel, refusing anything that could land outside root (absolute paths, '..' parts)."""
    _refuse_outside(root, rel)
    return root / rel


def _refuse_outside(root: Path | str, rel: str) -> None:
    if rel.startswith(("/", "\\")) or ".." in rel.replace("\\", "/").split("/") or "\0" in rel:
        raise ValueError(f"refusing to write outside {root}: {rel}")


class Staging:
    """A scratch folder of its own for one run's rendered files, inside `parent`.

    Its own, because two runs may overlap (the preview server rebuilding while an editor runs a build):
    a shared folder emptied by one run would lose the other's files half-way through its commit.
    """

    def __init__(self, parent: Path, folder: Path | None = None):
        """`folder`: write straight into it (a new generation, not shown yet) instead of a new one."""
        self._made: set[str] = set()
        if folder is not None:
            self.folder = folder
            return
        parent.mkdir(parents=True, exist_ok=True)
        sweep(parent, "run-")
        # The owner's pid in the name: a later run removes the folders of runs that were killed.
        self.folder = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=parent))

    def write(self, rel: str, text: str) -> None:
        # A build writes tens of thousands of files: plain strings and os.write, not Path objects and the
        # text and buffer layers open() stacks on each (on tmpfs, 35 -> 24 µs a file for os.write alone).
        _refuse_outside(self.folder, rel)
        path = f"{self.folder}/{rel}"
        _make_parent(path, self._made)
        data = text.encode("utf-8")
        # A new file, never one written through: in a new generation, a file of the last build is a hard
        # link shared with the site shown.  (As open() does, the umask applies.)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            os.unlink(path)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.folder.parent.rmdir()      # the last run out leaves no empty staging folder behind
        except OSError:
            pass


def commit(public: Path, staging: Staging, rendered: list[str], copies: dict[str, Path],
           stale: list[str], cache: Path | None = None) -> None:
    """Move rendered files into public/, copy `copies` ({public path: source}), delete `stale`.

    Files from `cache` (never changed in place once written) are hard-linked; anything else is copied,
    so that an editor saving a source file in place cannot change what is published.
    """
    if not public.exists() and _commit_whole(public, staging, copies, cache):
        return
    public.mkdir(parents=True, exist_ok=True)
    made: set[str] = set()
    for rel in rendered:
        dest = safe_join(public, rel)
        _make_parent(dest, made)
        os.replace(staging.folder / rel, dest)
    for rel, source in copies.items():
        dest = safe_join(public, rel)
        _make_parent(dest, made)
        if not (dest.exists() and os.path.samefile(source, dest)):
            _place(source, dest, cache)
    for rel in stale:
        path = safe_join(public, rel)
        if path.is_file() or path.is_symlink():
            path.unlink()
            _prune_empty_dirs(path.parent, public)
    staging.discard()


def _commit_whole(public: Path, staging: Staging, copies: dict[str, Path], cache: Path | None) -> bool:
    """A first build (or one after `rm -rf public`): the staging folder, copies added, becomes public/
    by one rename instead of one per file.  False when it cannot (another file system: --out elsewhere)."""
    made: set[str] = set()
    for rel, source in copies.items():
        dest = safe_join(staging.folder, rel)
        _make_parent(dest, made)
        _place(source, dest, cache)
    os.chmod(staging.folder, 0o777 & ~_umask())     # mkdtemp made it private; public/ is for a web server
    public.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(staging.folder, public)
    except OSError:
        return False
    staging.discard()
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _place(source: Path, dest: Path, cache: Path | None = None) -> None:
    """dest becomes a copy of source, replaced in one step.  Never a hard link to the cache: a cache file
    damaged in place must not damage what is published (nor the other way round)."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    shutil.copyfile(source, tmp)
    os.replace(tmp, dest)


def _make_parent(path: Path | str, made: set[str]) -> None:
    """mkdir -p the file's folder, once per folder and run (thousands of files share a few folders)."""
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def replace_folder(public: Path, rel: str, folder: Path) -> None:
    """Put the finished `folder` at public/rel in place of the old one (the search bundle).

    Swapped by two renames, so the folder is never a mix of old and new files.
    """
    dest = safe_join(public, rel)
    old = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        os.replace(dest, old)
    os.replace(folder, dest)
    shutil.rmtree(old, ignore_errors=True)


def _prune_empty_dirs(folder: Path, root: Path) -> None:
    root = root.resolve()
    folder = folder.resolve()
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


# --- publishing a whole new generation ---------------------------------------------------------

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
    for here, dirs, files in os.walk(folder, topdown=False):       # folders last: emptied ones go too
        inside = here[len(dst):].replace(os.sep, "/")
        inside = inside + "/" if inside else ""
        left = len(files) + sum(f"{here}{os.sep}{d}" not in emptied for d in dirs)
        for name in files:
            rel = inside + name
            if rel in outputs and outputs[rel] == had.get(rel) or is_kept(rel, keep) and _same_file(src + rel, dst + rel):
                continue
            os.unlink(f"{here}{os.sep}{name}")
            left -= 1
        if not left and inside:
            os.rmdir(here)
            emptied.add(here)
    made: set[str] = set()
    for rel, digest in outputs.items():
        if had.get(rel) != digest:
            _link(src + rel, dst + rel, made)
    lexists = os.path.lexists
    kept = {rel for rel in _kept_files(out, keep) if lexists(dst + rel) or _link(src + rel, dst + rel, made)}
    return {rel for rel in outputs if not lexists(dst + rel)}, kept


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
    _prune_empty_dirs(path.parent, folder)


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
    """Complete the new generation (rendered files moved in unless `staging` wrote them there, `copies`
    copied, `stale` links of the last build's files removed) and show it: one rename of the link `out`.  The generation shown
    before is deleted (by a process of its own unless `delete_now`: a year's 50,000 files), or, when
    `spare` lists files to remove from it, kept as the spare one that the next build brings up to date;
    its name is returned then."""
    folder = gen.folder
    made: set[str] = set()
    if staging.folder != folder:
        for rel in rendered:
            dest = safe_join(folder, rel)
            _make_parent(dest, made)
            os.replace(staging.folder / rel, dest)
    for rel, source in copies.items():
        dest = safe_join(folder, rel)
        _make_parent(dest, made)
        _place(source, dest)
    for rel in stale:
        path = safe_join(folder, rel)
        if path.is_file() or path.is_symlink():
            path.unlink()
            _prune_empty_dirs(path.parent, folder)
    os.chmod(folder, 0o777 & ~_umask())
    old = _switch(gen.out, folder)
    if staging.folder != folder:
        staging.discard()
    if old is not None and spare is not None and old.name.startswith("g-"):
        for rel in spare:           # files no longer published leave the spare generation too
            _remove(old, rel)
        return old.name
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


def owner_alive(name: str) -> bool:
    """Whether the process whose pid is in a scratch folder's name (`kind-<pid>-<token>`) still runs."""
    parts = name.split("-")
    if len(parts) < 3 or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(folder: Path, prefix: str, keep: set | None = None) -> None:
    """Remove what killed runs left in `folder`: entries named `<kind>-<pid>-...` whose process is gone."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name in (keep or ()) or not entry.name.startswith(prefix) or owner_alive(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            try:
                os.unlink(entry.path)
            except OSError:
                pass


@contextlib.contextmanager
def one_build_at_a_time(cache: Path, waiting: Callable[[str], None]):
    """Hold the paper's build lock (`.cache/build.lock`, which names its holder) while the block runs; a
    second build or preview of the same paper waits for it, told by `waiting` who holds it.  The
    system releases the lock of a process that dies, however it dies."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "build.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            waiting(f"waiting for process {holder}, which is building this paper ({path} is locked by it)")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
