"""Screenshots of the built paper for the README: page view and article view, desktop and phone.

    python build.py build && python tools/screenshots.py [public] [--out docs]

Opens the latest edition's front page and its first article with a photo in Debian's chromium and
saves four small PNGs (palette-reduced, so each stays well under 300 KB).
"""
from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser import CHROMIUM_ARGS, chromium_path, serve_folder  # noqa: E402

# (viewport, device pixel ratio): a phone's screen is sharp, so its picture is too.
VIEWPORTS = {"desktop": ({"width": 1280, "height": 860}, 1), "phone": ({"width": 360, "height": 740}, 2)}


def first_article_with_photo(public: Path) -> str:
    """The site-relative path of the first article on the latest front page that shows a photo."""
    front = (public / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'class="headline" href="([^"]+\.html)"', front):
        path = href.lstrip("./")
        if "<figure class=\"photo\"" in (public / path).read_text(encoding="utf-8"):
            return path
    raise SystemExit("no article with a photo on the latest front page")


def save_small_png(png: bytes, dest: Path) -> int:
    """Reduce to a 256-colour palette: newspaper pages compress well and stay sharp."""
    im = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    im.save(dest, optimize=True)
    return dest.stat().st_size


def take(public: Path, out: Path, browser=None) -> list[tuple[Path, int]]:
    """Save the four screenshots into `out`; in a browser of its own unless given one (the tests')."""
    out.mkdir(parents=True, exist_ok=True)
    with serve_folder(public) as base:
        if browser is not None:
            return _shoot(browser, base, public, out)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            try:
                return _shoot(browser, base, public, out)
            finally:
                browser.close()


def _shoot(browser, base: str, public: Path, out: Path) -> list[tuple[Path, int]]:
    shots = {"page": "index.html", "article": first_article_with_photo(public)}
    saved = []
    for device, (viewport, scale) in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, device_scale_factor=scale)
        tab = context.new_page()
        for view, path in shots.items():
            tab.goto(base + path, wait_until="networkidle")
            dest = out / f"{view}-{device}.png"
            saved.append((dest, save_small_png(tab.screenshot(), dest)))
        context.close()
    return saved


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("public", nargs="?", default=str(REPO / "public"), type=Path)
    ap.add_argument("--out", default=str(REPO / "docs"), type=Path)
    args = ap.parse_args(argv)
    for dest, size in take(args.public, args.out):
        print(f"{dest}  {size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
