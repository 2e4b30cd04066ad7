"""The address a built site was made for, recorded beside the cache by each `build`.

`build --base-url https://example.com/paper/` writes links (the 404 page's, feeds, sitemaps) for that
address, not site.yaml's; `check` reads the record so that it judges the output folder by the address
its links were written for.  One small file per output folder, named by the folder (relative to the paper
when it lies inside it, so that a paper copied elsewhere keeps its record).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..core import write_atomic

__all__ = ["record_base_url", "recorded_base_url"]


def _record_path(root: Path, out: Path) -> Path:
    root, out = root.resolve(), out.resolve()
    name = out.relative_to(root).as_posix() if out.is_relative_to(root) else str(out)
    key = hashlib.blake2b(name.encode("utf-8"), digest_size=6).hexdigest()
    return root / ".cache" / "built-for" / f"{key}.json"


def record_base_url(root: Path, out: Path, base_url: str) -> None:
    """Note that the site in `out` was built for `base_url` ('' for none)."""
    path = _record_path(root, out)
    text = json.dumps({"out": str(out), "base_url": base_url}, ensure_ascii=False)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)


def recorded_base_url(root: Path, out: Path) -> str | None:
    """The base_url the last build into `out` used ('' for none), or None when no build recorded one."""
    try:
        value = json.loads(_record_path(root, out).read_text(encoding="utf-8")).get("base_url")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None
