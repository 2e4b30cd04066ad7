#!/usr/bin/env python3
"""How long `build.py check` spends on a built site, with and without the Nu HTML Checker.

    python bench/sitecheck.py PAPER_DIR [BASE_URL]    # a paper already built into PAPER_DIR/public

Prints figures, asserts nothing.
"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from epaper.config.config import load_config, parse_config  # noqa: E402
from epaper.core.errors import Problems  # noqa: E402
from epaper.commands.sitecheck import check_site  # noqa: E402


def main(root: Path, base_url: str | None) -> None:
    config = parse_config(root, f"base_url: {base_url}\n", Problems()) if base_url else load_config(root, Problems())
    pages = sum(1 for _ in (root / "public").rglob("*.html"))
    for html in (False, True):
        wall, cpu = time.perf_counter(), time.process_time()
        java = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        problems = Problems(root)
        check_site(root / "public", config, problems, html=html)
        print(f"{pages} pages, {'with' if html else 'without'} Nu: {time.perf_counter() - wall:.1f} s wall, "
              f"{time.process_time() - cpu:.1f} s Python CPU, "
              f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - java:.1f} s Java CPU; "
              f"{len(problems.errors)} errors")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
