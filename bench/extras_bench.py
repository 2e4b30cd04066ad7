#!/usr/bin/env python3
"""What the extras (manifests, indexes, merged PDFs, offline ZIPs) cost a build: prints figures, asserts nothing.

    python bench/extras_bench.py [--editions 30]

Makes a corpus with /work/shared/bench/gen_corpus.py in a temp folder, then times a full build, a
rebuild with nothing changed, and a rebuild after one headline changed; and times the planning of
the index pages alone (they are planned on every build).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from epaper.core.errors import Problems  # noqa: E402
from epaper.render.indexes import index_outputs  # noqa: E402
from epaper.engine.pipeline import BuildOptions, build, load  # noqa: E402
from epaper.engine.builddb import BuildState  # noqa: E402

GEN = Path("/work/shared/bench/gen_corpus.py")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--editions", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "paper"
        subprocess.run([sys.executable, str(GEN), str(root), "--editions", str(args.editions)], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copytree(REPO / "layouts", root / "layouts")
        shutil.copytree(REPO / "assets", root / "assets")
        options = BuildOptions(jobs=1)
        for label in ("full build", "no-op rebuild"):
            started = time.perf_counter()
            report = build(root, options)
            print(f"{label}: {time.perf_counter() - started:.2f} s ({report.written} files written)")
        article = next((root / "content").rglob("*.md"))
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("title: ", "title: 改", 1), encoding="utf-8")
        started = time.perf_counter()
        report = build(root, options)
        print(f"one headline changed: {time.perf_counter() - started:.2f} s ({report.written} files written)")
        loaded = load(root, options, BuildState(), Problems())
        started = time.perf_counter()
        outs = index_outputs(loaded.config, loaded.site, loaded.pictures)
        digests = [loaded.renderer.digest(o) for o in outs]
        print(f"planning {len(outs)} index pages ({sum(1 for _ in loaded.site.articles())} articles): "
              f"{time.perf_counter() - started:.3f} s for {len(digests)} digests")
        zips = list((root / "public").rglob("*-offline.zip"))
        print(f"{len(zips)} offline ZIPs, {sum(z.stat().st_size for z in zips) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
