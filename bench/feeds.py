#!/usr/bin/env python3
"""How much the sitemaps and feeds add to every build of a big archive.

    python bench/feeds.py CORPUS_DIR      # a folder made by /work/shared/bench/gen_corpus.py

Every build plans all site-level outputs (their contexts are hashed to decide what to write), so this
times planning them, and writing each kind once, on a loaded archive.  Prints figures, asserts nothing.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from epaper.core.errors import Problems  # noqa: E402
from epaper.render.feeds import feed_outputs  # noqa: E402
from epaper.engine.pipeline import BuildOptions, load  # noqa: E402
from epaper.engine.builddb import BuildState  # noqa: E402


def main(root: Path) -> None:
    started = time.perf_counter()
    loaded = load(root, BuildOptions(base_url="https://paper.example.com/"), BuildState(), Problems())
    print(f"load: {time.perf_counter() - started:.1f} s, {len(loaded.site.editions)} editions, "
          f"{sum(len(e.articles) for e in loaded.site.editions)} articles")
    t = time.perf_counter()
    outs = feed_outputs(loaded.config, loaded.site)
    planned = time.perf_counter() - t
    t = time.perf_counter()
    for o in outs:
        loaded.renderer.digest(o)
    digested = time.perf_counter() - t
    print(f"plan feeds/sitemaps: {len(outs)} files, contexts {planned * 1000:.0f} ms, digests {digested * 1000:.0f} ms")
    for kind in ("urlset", "news", "rss", "atom"):
        o = next(o for o in outs if o.template == kind)
        t = time.perf_counter()
        text = loaded.renderer.render(o)
        print(f"write {o.path}: {(time.perf_counter() - t) * 1000:.0f} ms, {len(text) / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
