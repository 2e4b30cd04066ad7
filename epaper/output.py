"""Writing `public/`: rendered files go to a staging folder first; only when the whole run succeeded
are they moved into place, copies made, and files of the last build that nothing makes any more
removed.  A failed run leaves `public/` exactly as it was.  Only this module writes `public/`.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["Staging", "commit", "safe_join"]


def safe_join(root: Path, rel: str) -> Path:
    """root/rel, refusing anything that would land outside root."""
    path = (root / rel)
    if not path.resolve().is_relative_to(root.resolve()) or rel.startswith("/"):
        raise ValueError(f"refusing to write outside {root}: {rel}")
    return path


class Staging:
    """A scratch folder of its own for one run's rendered files, inside `parent`.

    Its own, because two runs may overlap (the preview server rebuilding while an editor runs a build):
    a shared folder emptied by one run would lose the other's files half-way through its commit.
    """

    def __init__(self, parent: Path):
        parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="run-", dir=parent))

    def write(self, rel: str, text: str) -> None:
        path = safe_join(self.folder, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def commit(public: Path, staging: Staging, rendered: list[str], copies: dict[str, Path],
           stale: list[str]) -> None:
    """Move rendered files into public/, copy `copies` ({public path: source}), delete `stale`."""
    public.mkdir(parents=True, exist_ok=True)
    for rel in rendered:
        dest = safe_join(public, rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging.folder / rel, dest)
    for rel, source in copies.items():
        dest = safe_join(public, rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.tmp")
        try:
            os.link(source, tmp)     # the cache and public/ are on one disk: a link costs nothing
        except OSError:
            shutil.copyfile(source, tmp)
        os.replace(tmp, dest)
    for rel in stale:
        path = safe_join(public, rel)
        if path.is_file() or path.is_symlink():
            path.unlink()
            _prune_empty_dirs(path.parent, public)
    staging.discard()


def _prune_empty_dirs(folder: Path, root: Path) -> None:
    root = root.resolve()
    folder = folder.resolve()
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
