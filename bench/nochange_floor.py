#!/usr/bin/env python3
"""The floor of a no-change rebuild: what any answer to "has anything changed?" must do, bare.

    python bench/nochange_floor.py PAPER

A rebuild that trusts nothing it cannot see must stat every input file (an edit in place changes only
the file) and every folder of the published site (a file deleted from public/ changes only its
folder).  This stats them all, once, split in two halves over two processes as the build does, and
prints the seconds; bench/scale.py sets our no-change rebuild beside it.  The site's folders are
listed first and not timed (the build reads them from its own record instead).
"""
from __future__ import annotations

import os
import sys
import time


def stat_files(top: str) -> None:
    stack = [top]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    entry.stat()


def folders(top: str) -> list[str]:
    found, stack = [], [top]
    while stack:
        folder = stack.pop()
        found.append(folder)
        with os.scandir(folder) as entries:
            stack += [entry.path for entry in entries if entry.is_dir(follow_symlinks=False)]
    return found


def main() -> int:
    paper = sys.argv[1]
    inputs = sorted(entry.path for entry in os.scandir(paper)
                    if entry.name in ("site.yaml", "layouts", "assets"))
    content = os.path.join(paper, "content")
    inputs += sorted(entry.path for entry in os.scandir(content))
    site = folders(os.path.realpath(os.path.join(paper, "public")))
    started = time.perf_counter()
    child = os.fork()
    ours = slice(len(inputs) // 2, None) if child == 0 else slice(0, len(inputs) // 2)
    for path in inputs[ours]:
        if os.path.isdir(path):
            stat_files(path)
        else:
            os.stat(path)
    for folder in site[len(site) // 2:] if child == 0 else site[:len(site) // 2]:
        os.stat(folder)
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)
    print(f"no-change floor: {time.perf_counter() - started:.3f} s "
          f"({len(inputs)} inputs, {len(site)} folders of the site)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
