"""The README's screenshots are made by tools/screenshots.py from the built demo: the same code runs here."""
from __future__ import annotations

import importlib.util

from PIL import Image

from conftest import REPO


def _tool():
    spec = importlib.util.spec_from_file_location("screenshots", REPO / "tools" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshots_of_page_and_article_views_on_desktop_and_phone(demo, tmp_path, browser):
    saved = dict(_tool().take(demo, tmp_path, browser))
    assert sorted(p.name for p in saved) == ["article-desktop.png", "article-phone.png",
                                             "page-desktop.png", "page-phone.png"]
    for path, size in saved.items():
        assert size < 300 * 1024, path
        with Image.open(path) as im:
            assert im.width == (1280 if "desktop" in path.name else 720)       # the phone at 2x
            assert len(im.convert("RGB").getcolors(1 << 16) or range(1 << 16)) > 50, path   # not a blank page
