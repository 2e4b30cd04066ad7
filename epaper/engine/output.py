"""Writing `public/`: rendered files go to a staging folder first; only when the whole run succeeded
are they published.  A failed run leaves `public/` exactly as it was.  Only this module writes `public/`.

The command line's build publishes a whole generation of the site (generations.py); the preview's own
folder is updated file by file (`commit`): nobody but the preview reads it.  Scratch folders carry
their owner's pid, so that a later run can remove those of runs that were killed; one build of a paper
runs at a time (`one_build_at_a_time`).
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from ..core import replaced, say

__all__ = ["Staging", "StagedSite", "commit", "replace_folder", "safe_join", "owner_alive", "one_build_at_a_time", "sweep",
           "make_parent", "place_copy", "place_files", "prune_empty_dirs", "current_umask"]


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

    def write(self, rel: str, text: str | bytes) -> None:
        # A build writes tens of thousands of files: plain strings and os.write, not Path objects and the
        # text and buffer layers open() stacks on each, whose cost is paid per file.
        _refuse_outside(self.folder, rel)
        path = f"{self.folder}/{rel}"
        make_parent(path, self._made)
        data = text.encode("utf-8") if isinstance(text, str) else text
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

    def clear(self, rel: str) -> None:
        """Remove the folder `rel` from the staging folder, with what it holds."""
        _refuse_outside(self.folder, rel)
        shutil.rmtree(self.folder / rel, ignore_errors=True)
        self._made.clear()          # folders under it were removed too

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.folder.parent.rmdir()      # the last run out leaves no empty staging folder behind
        except OSError:
            pass


class StagedSite:
    """The site as a build makes it, for a stage that reads pages or adds files but opens none itself (the
    search index, search.SiteFiles): the files this build rendered are in the staging folder, the others
    in the site shown at `out`; new files go into the staging folder."""

    def __init__(self, out: Path, staging: Staging, rendered: list[str]):
        self.out, self.staging, self.rendered = out, staging, set(rendered)

    def read(self, rel: str) -> str:
        folder = self.staging.folder if rel in self.rendered else self.out
        return safe_join(folder, rel).read_text(encoding="utf-8")

    def shown(self, rel: str) -> list[str]:
        path = safe_join(self.out, rel)
        if path.is_file():
            return [rel]
        return sorted(p.relative_to(self.out).as_posix() for p in path.rglob("*") if p.is_file())

    def clear(self, folder: str) -> None:
        self.staging.clear(folder)

    def write(self, rel: str, data: bytes) -> None:
        self.staging.write(rel, data)


def commit(public: Path, staging: Staging, rendered: list[str], copies: dict[str, Path],
           stale: list[str]) -> None:
    """The preview's in-place update of its own folder: see place_files."""
    if not public.exists() and _commit_whole(public, staging, copies):
        return
    public.mkdir(parents=True, exist_ok=True)
    place_files(public, staging, rendered, copies, stale)
    staging.discard()


def place_files(folder: Path, staging: Staging, rendered: list[str], copies: dict[str, Path],
                stale: list[str]) -> None:
    """Into `folder`: the rendered files moved from the staging folder (unless it wrote them there), `copies`
    ({path: source}) copied, never linked, so that a source or cache file changed in place cannot change
    what is published; the `stale` files removed, with the folders they leave empty."""
    made: set[str] = set()
    if staging.folder != folder:
        for rel in rendered:
            dest = safe_join(folder, rel)
            make_parent(dest, made)
            os.replace(staging.folder / rel, dest)
    for rel, source in copies.items():
        dest = safe_join(folder, rel)
        make_parent(dest, made)
        place_copy(source, dest)
    for rel in stale:
        path = safe_join(folder, rel)
        if path.is_file() or path.is_symlink():
            path.unlink()
            prune_empty_dirs(path.parent, folder)


def _commit_whole(public: Path, staging: Staging, copies: dict[str, Path]) -> bool:
    """A first build (or one after `rm -rf public`): the staging folder, copies added, becomes public/
    by one rename instead of one per file.  False when it cannot (another file system: --out elsewhere)."""
    made: set[str] = set()
    for rel, source in copies.items():
        dest = safe_join(staging.folder, rel)
        make_parent(dest, made)
        place_copy(source, dest)
    os.chmod(staging.folder, 0o777 & ~current_umask())     # mkdtemp made it private; public/ is for a web server
    public.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(staging.folder, public)
    except OSError:
        return False
    staging.discard()
    return True


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def place_copy(source: Path, dest: Path) -> None:
    """dest becomes a copy of source, replaced in one step.  Never a hard link to the cache: a cache file
    damaged in place must not damage what is published (nor the other way round)."""
    with replaced(dest) as tmp:
        shutil.copyfile(source, tmp)


def make_parent(path: Path | str, made: set[str]) -> None:
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


def prune_empty_dirs(folder: Path, root: Path) -> None:
    root = root.resolve()
    folder = folder.resolve()
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


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


def sweep(folder: Path, prefix: str, keep: set | None = None,
          remove: Callable[[Path], None] = lambda path: shutil.rmtree(path, ignore_errors=True)) -> None:
    """Remove what killed runs left in `folder`: entries named `<kind>-<pid>-...` whose process is gone
    (a folder by `remove`)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name in (keep or ()) or not entry.name.startswith(prefix) or owner_alive(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            remove(Path(entry.path))
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
            waiting(say("output.waiting", pid=holder, lock=path))
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
