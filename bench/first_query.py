#!/usr/bin/env python3
"""Requests of the search page's first query, counted in Chromium over HTTP.

    python bench/first_query.py PUBLIC_FOLDER WORDS

Serves a built site (with search), opens search/index.html?q=WORDS in a fresh browser context and
prints the requests to pagefind/ made before the first request to a part older than those the page
searches first (data-first: the first query's cost), and those made in all once no request came for
three seconds (the whole archive searched).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import serve_folder            # noqa: E402  (the tests' server: one place that serves a folder)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("public", type=Path)
    ap.add_argument("words")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    parts = json.loads((args.public / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    page_html = (args.public / "search" / "index.html").read_text(encoding="utf-8")
    first = int((re.search(r'data-first="(\d+)"', page_html) or [0, len(parts)])[1])
    requested: list[str] = []
    with sync_playwright() as p, serve_folder(args.public) as base:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context()
        page = context.new_page()
        page.on("request", lambda r: requested.append(r.url.split("/pagefind/")[1]) if "/pagefind/" in r.url else None)
        started = time.perf_counter()
        page.goto(f"{base}search/index.html?q={args.words}")
        page.locator(".pagefind-ui__results").wait_for(state="attached", timeout=300_000)
        shown = time.perf_counter() - started
        seen = -1
        while seen != len(requested):
            seen = len(requested)
            time.sleep(3)
        browser.close()
    older = set(parts[first:])
    before = next((i for i, r in enumerate(requested) if r.split("/")[0] in older), len(requested))
    print(f"{len(parts)} parts, the first {min(first, len(parts))} searched first")
    print(f"first query: {before} requests before any older part (results shown after {shown:.1f} s)")
    print(f"in all: {len(requested)} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
