"""Writing `public/`: rendered files go to a staging folder first; only when the whole run succeeded
are they moved into place, copies made, and files of the last build that nothing makes any more
removed.  A failed run leaves `public/` exactly as it was.  Only this module writes `public/`.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["Staging", "commit", "replace_folder", "safe_join"]


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

    def __init__(self, parent: Path):
        parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="run-", dir=parent))
        self._made: set[str] = set()

    def write(self, rel: str, text: str) -> None:
        # A build writes tens of thousands of files: plain strings and os.write, not Path objects and the
        # text and buffer layers open() stacks on each (on tmpfs, 35 -> 24 µs a file for os.write alone).
        _refuse_outside(self.folder, rel)
        path = f"{self.folder}/{rel}"
        _make_parent(path, self._made)
        data = text.encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)      # as open() does: umask applies
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


def _place(source: Path, dest: Path, cache: Path | None) -> None:
    """dest becomes a hard link to a cache file, or a copy of anything else, replaced in one step."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        if cache is None or not source.is_relative_to(cache):
            raise OSError("copy, do not link")
        os.link(source, tmp)
    except OSError:
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
