"""Full-text search over every edition: Pagefind indexes the built site after a build.

Pagefind's extended binary (from the `pagefind-bin-extended` package) segments Chinese text into
words, so a reader can search for 大雪 and find the article that mentions it.  Only article bodies
are indexed (layouts/article.html marks them with data-pagefind-body, and the edition date, page and
section as metadata and filters); page views and the archive are not results.

Pagefind writes its bundle into a scratch folder under .cache/, and output.py swaps the whole folder
into public/pagefind/ at once, so readers see the old index or the new one, never half of each.  A
build that wrote and removed nothing keeps the index it has, unless the last indexing did not finish.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import Problems
from .output import replace_folder
from .report import BuildReport

__all__ = ["BUNDLE", "SearchReport", "update_index"]

BUNDLE = "pagefind"                  # the bundle's folder in public/, fetched by assets/search.js
_ENTRY = "pagefind-entry.json"       # written last by Pagefind: its presence means a whole bundle


@dataclass(frozen=True)
class SearchReport:
    ran: bool
    pages: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.ran:
            return "Search index unchanged (nothing was written or removed)."
        return f"Search index: {self.pages} articles indexed in {self.seconds:.2f} s."


def update_index(root: Path, public: Path, build: BuildReport, problems: Problems,
                 force: bool = False) -> SearchReport:
    """Index `public` with Pagefind unless the build changed nothing; problems go to `problems`."""
    root, public = root.resolve(), public.parent.resolve() / public.name     # public/ is a link (output.py)
    stamp = _stamp_path(root, public)
    unchanged = build.written == 0 and build.removed == 0
    if unchanged and not force and stamp.exists() and (public / BUNDLE / _ENTRY).exists():
        return SearchReport(ran=False)
    started = time.perf_counter()
    stamp.unlink(missing_ok=True)        # an indexing that fails part way must not look finished
    scratch = root / ".cache" / "search" / "bundle"
    shutil.rmtree(scratch, ignore_errors=True)
    if not _run_pagefind(public, scratch, problems):
        shutil.rmtree(scratch, ignore_errors=True)
        return SearchReport(ran=False)
    pages = _page_count(scratch / _ENTRY)
    replace_folder(public, BUNDLE, scratch)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{public}\n", encoding="utf-8")
    return SearchReport(ran=True, pages=pages, seconds=time.perf_counter() - started)


def _run_pagefind(public: Path, scratch: Path, problems: Problems) -> bool:
    binary = _binary(problems)
    if binary is None:
        return False
    command = [str(binary), "--site", str(public), "--output-path", str(scratch), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=3600)
    except OSError as exc:
        problems.error(str(binary), f"cannot run Pagefind: {exc}",
                       hint="Reinstall it: pip install -r requirements.txt")
        return False
    if done.returncode != 0 or not (scratch / _ENTRY).exists():
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        problems.error(str(public), f"Pagefind could not index the site: {said[0] if said else done.returncode}",
                       hint="Check that the build wrote article pages into this folder; "
                            "run `python -m pagefind_bin_extended --site public` to see Pagefind's own report.")
        return False
    return True


def _binary(problems: Problems) -> Path | None:
    """Pagefind's extended build, which the pagefind-bin-extended package carries inside it."""
    try:
        from pagefind_bin_extended import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        problems.error("requirements.txt", f"Pagefind's extended binary is not installed ({exc})",
                       hint="Install the pinned packages: pip install -r requirements.txt "
                            "(pagefind[extended] brings pagefind-bin-extended).")
        return None


def _page_count(entry: Path) -> int:
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return sum(lang.get("page_count", 0) for lang in languages.values())


def _stamp_path(root: Path, public: Path) -> Path:
    """Marks a finished indexing of this output folder (one per folder, like the build state)."""
    key = hashlib.blake2b(str(public).encode(), digest_size=6).hexdigest()
    return root / ".cache" / "search" / f"{key}.indexed"
