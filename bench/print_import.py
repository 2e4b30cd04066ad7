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
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from epaper.content.pdftext import read_pdf_pages  # noqa: E402
from epaper.content.regions import ArticleText, article_text, find_regions  # noqa: E402


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
                    misses.append(f"{page['file']} {a['slug']}: not placed ({p.reason()})")
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
    edition = next(iter(truth.values()))
    read_pdf_pages(folder / edition["pages"][0]["file"], [0])        # pdfium loaded before the clock starts
    start = time.perf_counter()
    for page in edition["pages"][:pages]:
        _, texts = read_pdf_pages(folder / page["file"], [0])
        find_regions(texts[0], texts_of(page))
    return time.perf_counter() - start


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, bit-parallel (Myers 1999, Hyyrö's formulation): fast on whole articles."""
    if not a:
        return len(b)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask, top = (1 << len(a)) - 1, 1 << (len(a) - 1)
    pv, mv, score = mask, 0, len(a)
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def measure_import(folder: Path, truth: dict) -> dict:
    from epaper.content.pdfimport import read_layout
    n = found_n = titles = kickers = subtitles = authors = photos_ok = photos_n = pages_ok = names = 0
    chars = errors = 0
    misses = []
    seconds = 0.0
    pages = [(lang, p) for lang, e in truth.items() for p in e["pages"]]
    for lang, page in pages:
        start = time.perf_counter()
        _, texts = read_pdf_pages(folder / page["file"], [0])
        layout = read_layout(texts[0])
        if lang == next(iter(truth)) and page["number"] <= 12:
            seconds += time.perf_counter() - start
        names += layout.name == page["name"]
        found = [(a, texts[0].fraction(a.box)) for a in layout.articles]
        found_n += len(found)
        matched = []
        for t in page["articles"]:
            n += 1
            best = max(found, key=lambda f: iou(f[1], t["box"]), default=None)
            if best is None or iou(best[1], t["box"]) < 0.5:
                misses.append(f"{page['file']} {t['slug']}: not found")
                chars += len("".join(t["paragraphs"]))
                errors += len("".join(t["paragraphs"]))
                continue
            a = best[0]
            matched.append(a.order)
            titles += a.title == t["title"]
            kickers += a.kicker == t["kicker"]
            subtitles += a.subtitle == t["subtitle"]
            authors += a.authors == t["authors"]
            if a.title != t["title"]:
                misses.append(f"{page['file']} {t['slug']}: title {a.title!r} != {t['title']!r}")
            want, got = "\n\n".join(t["paragraphs"]), "\n\n".join(a.paragraphs)
            d = edit_distance(want, got)
            chars += len(want)
            errors += d
            if d:
                misses.append(f"{page['file']} {t['slug']}: body off by {d} of {len(want)}")
            for tp, fp in zip(t["photos"], a.photos):
                photos_ok += (fp.caption, fp.credit) == (tp["caption"], tp["credit"])
            photos_n += len(t["photos"])
        right = matched == sorted(matched) and len(matched) == len(page["articles"]) == len(found)
        pages_ok += right
        if not right:
            misses.append(f"{page['file']}: order {matched} (in the order of the truth)")
    return {"articles": n, "found": found_n, "titles": titles / n, "kickers": kickers / n, "subtitles": subtitles / n,
            "authors": authors / n, "body": 1 - errors / max(1, chars), "photos": photos_ok / max(1, photos_n),
            "order": pages_ok / len(pages), "names": names / len(pages), "seconds": seconds, "misses": misses}


def write_paper(root: Path, folder: Path, edition: dict, date: str = "2026-11-27") -> None:
    """A paper whose edition has the set's pages as PDFs and the truth's articles, without `area:`."""
    import yaml
    (root / "content" / date).mkdir(parents=True)
    (root / "site.yaml").write_text("name: Bench\n", encoding="utf-8")
    pages = {}
    for page in edition["pages"]:
        n = page["number"]
        shutil.copy(folder / page["file"], root / "content" / date / f"p{n:02d}.pdf")
        pages[n] = {"name": page["name"], "pdf": f"p{n:02d}.pdf"}
        (root / "content" / date / f"{n:02d}").mkdir()
        for a in page["articles"]:
            front = yaml.safe_dump({"title": a["title"], "authors": a["authors"], "order": a["order"]},
                                   allow_unicode=True)
            text = f"---\n{front}---\n\n" + "\n\n".join(a["paragraphs"]) + "\n"
            (root / "content" / date / f"{n:02d}" / f"{a['slug']}.md").write_text(text, encoding="utf-8")
    (root / "content" / date / "edition.yaml").write_text(yaml.safe_dump({"pages": pages}, allow_unicode=True),
                                                          encoding="utf-8")


def time_build_regions(folder: Path, truth: dict) -> tuple[float, float, int]:
    """Seconds the model spends placing the articles of a 12-page edition from its PDFs: on the first
    build, then with .cache/regions/ filled (the model assembled again from scratch both times)."""
    import datetime as dt

    import epaper.model.model as model
    from epaper.config.config import load_config
    from epaper.core.errors import Problems
    from epaper.content.source import scan_content

    edition = next(iter(truth.values()))
    root = Path(tempfile.mkdtemp(prefix="regions-paper-"))
    write_paper(root, folder, {"pages": edition["pages"][:12]})
    spent, place = [], model.place_articles

    def timed(*args):
        start = time.perf_counter()
        place(*args)
        spent.append(time.perf_counter() - start)

    model.place_articles = timed
    placed = 0
    try:
        for _ in range(2):
            problems = Problems(root)
            config = load_config(root, problems)
            site = model.build_site(config, scan_content(config, problems), problems, today=dt.date(2030, 1, 1))
            placed = sum(a.area is not None for a in site.articles())
    finally:
        model.place_articles = place
        shutil.rmtree(root, ignore_errors=True)
    return spent[0], spent[1], placed


def time_import(folder: Path, truth: dict) -> tuple[float, str]:
    from epaper.commands.importer import import_edition
    edition = next(iter(truth.values()))
    root = Path(tempfile.mkdtemp(prefix="import-paper-"))
    (root / "site.yaml").write_text("name: Bench\n", encoding="utf-8")
    files = [folder / p["file"] for p in edition["pages"][:12]]
    start = time.perf_counter()
    result = import_edition(root, files, "2026-11-27")
    seconds = time.perf_counter() - start
    shutil.rmtree(root, ignore_errors=True)
    return seconds, result.lines[-1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, help="a folder printed by tools/printpages.py")
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--keep", action="store_true", help="keep the printed set (its folder is printed)")
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
    m = measure_import(folder, truth)
    print(f"import: {m['articles']} articles in truth, {m['found']} found; headlines exact: {m['titles']:.1%} "
          f"(target >= 95 %); kickers/subtitles/authors exact: {m['kickers']:.1%} / {m['subtitles']:.1%} / "
          f"{m['authors']:.1%}; body character accuracy: {m['body']:.2%} (target >= 99 %); photos with caption "
          f"and credit right: {m['photos']:.1%}; pages with article order right: {m['order']:.1%}; "
          f"page names right: {m['names']:.1%}")
    if args.verbose:
        print("\n".join("  " + x for x in m["misses"]))
    print(f"import of 12 pages (text layer read and articles cut, no files written): {m['seconds']:.2f} s")
    first, cached, placed = time_build_regions(folder, truth)
    print(f"build of a 12-page edition from its PDFs ({placed} articles placed): regions {first:.2f} s on the "
          f"first build (target <= 2 s), {cached:.3f} s cached (target ~0 s)")
    seconds, said = time_import(folder, truth)
    print(f"build.py import of 12 page PDFs, files and photos written: {seconds:.2f} s (target <= 15 s); {said[:60]}")
    if args.set is None and not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
