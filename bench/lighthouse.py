#!/usr/bin/env python3
"""Lighthouse 12.2.3 (mobile emulation, its default) on the built demo paper: page view, article view,
archive and search, each category's score.

    python bench/lighthouse.py [--public DIR] [--runs 1]

Builds the demo (content/, site.yaml) into a temporary folder with its search index unless `--public`
names a built site, serves it on a free loopback port, and runs `npx lighthouse@12.2.3` against each
view with Debian's chromium (CHROME_PATH=/usr/bin/chromium, or $CHROME_PATH).  Needs Node and the
npm registry the first time (npx fetches Lighthouse).  Prints the scores (the lowest of `--runs`),
and each audit that cost a category points; asserts nothing.  Targets: every score >= 95.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE = "lighthouse@12.2.3"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build_demo(folder: Path) -> Path:
    from epaper.core.errors import Problems
    from epaper.engine.pipeline import BuildOptions, build
    from epaper.render.search import update_index

    for name in ("content", "layouts", "assets", "site.yaml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, folder / name)
    report = build(folder, BuildOptions())
    problems = Problems(folder)
    update_index(folder, folder / "public", report, problems)
    return folder / "public"


def views(public: Path) -> dict[str, str]:
    latest = max(p.name for p in public.iterdir() if re.fullmatch(r"\d{4}-\d\d-\d\d", p.name))
    article = sorted(p for p in (public / latest).glob("*/*.html") if p.name != "index.html")[0]
    return {"page view": f"{latest}/01/index.html", "article view": article.relative_to(public).as_posix(),
            "archive": "archive/index.html", "search": "search/index.html"}


def lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
                   env=env, check=True, timeout=600)
    return json.loads(out.read_text(encoding="utf-8"))


def lost_points(report: dict, category: str) -> list[str]:
    audits = report["audits"]
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        a = audits.get(ref["id"], {})
        if ref.get("weight") and a.get("score") is not None and a["score"] < 1:
            out.append(f"{ref['id']} ({a['score']:.2f}{', ' + a['displayValue'] if a.get('displayValue') else ''})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--public", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        public = args.public or build_demo(Path(tmp))
        handler = functools.partial(_Quiet, directory=str(public))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            for name, path in views(public).items():
                scores: dict[str, float] = {}
                notes: set[str] = set()
                for run in range(args.runs):
                    report = lighthouse(base + path, Path(tmp) / f"report-{run}.json")
                    for c in CATEGORIES:
                        score = round(report["categories"][c]["score"] * 100)
                        scores[c] = min(scores.get(c, 100), score)
                        if score < 100:
                            notes.update(f"{c}: {n}" for n in lost_points(report, c))
                print(f"{name:13} {path}: " + "  ".join(f"{c} {scores[c]}" for c in CATEGORIES), flush=True)
                for n in sorted(notes):
                    print(f"    {n}")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
