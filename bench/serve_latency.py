#!/usr/bin/env python3
"""How long from saving an article to the preview showing it: `build.py serve` and a real chromium.

For each paper: start `build.py serve` on it, open an article of the latest edition in chromium, then
ten times over: save the article with a new title, wait until the tab (never touched) shows it, and
take the time from just before the save to the reloaded page's first paint (the browser's own clock,
performance.timeOrigin + first-contentful-paint; both clocks are this machine's wall clock).

Papers: the demo paper (a fresh copy of this repository's site.yaml, content/, layouts/ and assets/ in
--work, so the saves never touch the checkout; or --paper DIR for a paper of your own) and a generated
archive (--editions, default 365: one year, 21,900 articles, made once into --work and reused; its first
build takes a minute and is reported on its own).  Targets: under 300 ms on the demo paper, under 1 s
on the year.

    python bench/serve_latency.py                      # both
    python bench/serve_latency.py --editions 30        # a smaller archive
    python bench/serve_latency.py --no-archive         # the demo paper only
"""
from __future__ import annotations

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser import CHROMIUM_ARGS, chromium_path  # noqa: E402  (the tests' launch settings)

GEN_CORPUS = REPO.parent / "shared" / "bench" / "gen_corpus.py"
SERVING = re.compile(r"^Serving .* at (http://\S+) \(built into")
BUILT = re.compile(r"^Built .* in ([\d.]+) s;")
SHOWN_AT = """() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    return performance.timeOrigin + (paint ? paint.startTime : nav.domContentLoadedEventEnd);
}"""
CONNECTED = "() => window.LiveReload && window.LiveReload.connector.protocol > 0"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--editions", type=int, default=365, help="editions in the generated archive (default 365)")
    ap.add_argument("--no-archive", action="store_true", help="measure the demo paper only")
    ap.add_argument("--paper", type=Path, help="measure this paper instead of the demo paper")
    ap.add_argument("--runs", type=int, default=10, help="saves per paper (default 10)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/epaper-serve-bench"), help="where corpora are kept")
    ap.add_argument("--gen-corpus", type=Path, default=GEN_CORPUS, help=f"the corpus generator (default {GEN_CORPUS})")
    args = ap.parse_args()
    if not args.no_archive and not args.gen_corpus.is_file():
        ap.error(f"{args.gen_corpus} not found: pass --gen-corpus .../shared/bench/gen_corpus.py")

    papers = [("demo paper" if not args.paper else args.paper.name, args.paper or demo_copy(args.work), 0.3)]
    if not args.no_archive:
        papers.append((f"{args.editions} editions", corpus(args.gen_corpus, args.work, args.editions), 1.0))
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            for name, root, target in papers:
                measure(browser, name, root, args.runs, target)
        finally:
            browser.close()
    return 0


def demo_copy(work: Path) -> Path:
    """The repository's demo paper, copied afresh (the bench saves into its articles)."""
    root = work / "demo"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy2(REPO / "site.yaml", root / "site.yaml")
    for folder in ("content", "layouts", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def corpus(gen_corpus: Path, work: Path, editions: int) -> Path:
    """gen_corpus's paper with the project's layouts and assets; made once, then reused."""
    root = work / f"paper-{editions}"
    if not (root / "content").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        print(f"generating {editions} editions into {root} ...", flush=True)
        subprocess.run([sys.executable, str(gen_corpus), str(root), "--editions", str(editions)], check=True,
                       stdout=subprocess.DEVNULL)
    for folder in ("layouts", "assets"):
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, root / folder)
    return root


def measure(browser, name: str, root: Path, runs: int, target: float) -> None:
    article = latest_article(root)
    original = article.read_text(encoding="utf-8")
    server = Server(root)
    try:
        print(f"{name}: first build {server.first_build:.1f} s ({server.first_summary})", flush=True)
        shown, builds = save_and_watch(browser, server, root, article, original, runs)
        median = statistics.median(shown)
        verdict = "meets" if median < target else "MISSES"
        print(f"{name}: save -> page shown: median {median * 1000:.0f} ms (min {min(shown) * 1000:.0f}, "
              f"max {max(shown) * 1000:.0f}) over {runs} saves; rebuild median "
              f"{statistics.median(builds) * 1000:.0f} ms; {verdict} the {target * 1000:.0f} ms target", flush=True)
    finally:
        article.write_text(original, encoding="utf-8")
        print(f"{name}: Ctrl-C to exit took {server.stop():.1f} s", flush=True)


def save_and_watch(browser, server: Server, root: Path, article: Path, original: str, runs: int):
    """Seconds from each save to the page showing it; the server's build times meanwhile."""
    page = browser.new_page()
    page.goto(server.url + article_url(root, article))
    shown, built_before = [], len(server.builds)
    for i in range(runs):
        page.wait_for_function(CONNECTED, timeout=60_000)
        time.sleep(0.2)                     # let the last reload settle
        title = f"测速标题 {i} {time.time_ns()}"
        saved = time.time()
        article.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", original, count=1), encoding="utf-8")
        page.wait_for_function("t => document.querySelector('h1') && "
                               "document.querySelector('h1').textContent.includes(t)", arg=title,
                               timeout=60_000, polling=10)
        shown.append(page.evaluate(SHOWN_AT) / 1000 - saved)
    page.close()
    return shown, server.builds[built_before:]


def latest_article(root: Path) -> Path:
    latest = sorted(p for p in (root / "content").iterdir() if p.is_dir())[-1]
    return sorted(latest.rglob("*.md"))[0]


def article_url(root: Path, article: Path) -> str:
    """Where the pipeline publishes it: YYYY-MM-DD/NN/slug.html (articles sit in their page's folder)."""
    rel = article.relative_to(root / "content")
    return f"{rel.parent.as_posix()}/{rel.stem}.html"


class Server:
    """`build.py serve` on a free port; collects the build times it prints."""

    def __init__(self, root: Path):
        started = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                                      "--port", "0"], cwd=REPO, stdout=subprocess.PIPE, text=True)
        self.builds: list[float] = []
        self.url = self.first_summary = ""
        for line in self.proc.stdout:
            if m := SERVING.match(line):
                self.url = m.group(1)
                break
            self.first_summary = line.strip()
        if not self.url:
            raise SystemExit(f"build.py serve did not start on {root}")
        self.first_build = time.perf_counter() - started
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if m := BUILT.match(line):
                self.builds.append(float(m.group(1)))

    def stop(self) -> float:
        started = time.perf_counter()
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=600)
        return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
