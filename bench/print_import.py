#!/usr/bin/env python3
"""Regions and import measured on generated print pages (tools/printpages.py), against their truth.

    python bench/print_import.py [--set FOLDER] [--pages 24] [--seed 1]

Without --set it prints a fresh set into a temporary folder first (chromium, about 2 s a page).
Prints: the share of articles whose found region has IoU >= 0.8 with the truth; regions overlapping
another article's truth by more than 20 %; headlines exactly right after import; body character
accuracy (1 - edit distance / length); article order right; the time for the regions of a 12-page
edition (first, then cached) and for importing 12 pages.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from epaper.pdftext import read_pdf_pages  # noqa: E402
from epaper.regions import ArticleText, article_text, find_regions  # noqa: E402


def iou(a, b) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    inter = max(0, w) * max(0, h)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def covered(a, b) -> float:
    """Share of `a` that lies inside `b`."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h) / (a[2] * a[3])


def texts_of(page: dict) -> list[ArticleText]:
    """What the editor's Markdown would hold: the truth's texts."""
    return [ArticleText(a["slug"], a["title"], article_text(
        a["title"], a["kicker"], a["subtitle"], a["authors"], "\n\n".join(a["paragraphs"]),
        [f"{p['caption']} {p['credit']}" for p in a["photos"]])) for a in page["articles"]]


def measure_regions(folder: Path, truth: dict) -> dict:
    good = total = wrong = unplaced = 0
    misses = []
    for lang, edition in truth.items():
        for page in edition["pages"]:
            _, texts = read_pdf_pages(folder / page["file"], [0])
            found = find_regions(texts[0], texts_of(page))
            for a in page["articles"]:
                total += 1
                p = found[a["slug"]]
                if p.area is None:
                    unplaced += 1
                    misses.append(f"{page['file']} {a['slug']}: not placed ({p.why})")
                    continue
                score = iou(p.area, a["box"])
                good += score >= 0.8
                if score < 0.8:
                    misses.append(f"{page['file']} {a['slug']}: IoU {score:.2f}")
                for other in page["articles"]:
                    if other is not a and covered(other["box"], p.area) > 0.2:
                        wrong += 1
                        misses.append(f"{page['file']} {a['slug']}: covers {other['slug']}")
    return {"articles": total, "iou>=0.8": good / total, "unplaced": unplaced, "wrong overlaps": wrong,
            "misses": misses}


def time_regions(folder: Path, truth: dict, pages: int = 12) -> float:
    start = time.perf_counter()
    edition = next(iter(truth.values()))
    for page in edition["pages"][:pages]:
        _, texts = read_pdf_pages(folder / page["file"], [0])
        find_regions(texts[0], texts_of(page))
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, help="a folder printed by tools/printpages.py")
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    folder = args.set
    if folder is None:
        from printpages import print_pages
        folder = Path(tempfile.mkdtemp(prefix="printpages-"))
        start = time.perf_counter()
        print_pages(folder, args.pages, args.seed)
        print(f"printed {args.pages} pages in {time.perf_counter() - start:.1f} s into {folder}")
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    r = measure_regions(folder, truth)
    print(f"regions: {r['articles']} articles; IoU >= 0.8: {r['iou>=0.8']:.1%} (target >= 95 %); "
          f"not placed: {r['unplaced']}; overlapping another article's truth > 20 %: {r['wrong overlaps']} (target 0)")
    if args.verbose:
        print("\n".join("  " + m for m in r["misses"]))
    print(f"regions of a 12-page edition, text layer read and matched: {time_regions(folder, truth):.2f} s (target <= 2 s)")
    try:
        from import_measure import measure_import
    except ImportError:
        return 0
    measure_import(folder, truth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
