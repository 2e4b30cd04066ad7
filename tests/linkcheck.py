"""Every internal link and image of a built site must resolve to a file (used by several tests)."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["broken_links", "parse_html"]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []     # (attribute, value)
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append((key, a[key]))
        if a.get("srcset"):
            for part in a["srcset"].split(","):
                self.refs.append(("srcset", part.strip().split(" ")[0]))


def parse_html(text: str) -> _Collector:
    c = _Collector()
    c.feed(text)
    return c


def broken_links(public: Path) -> list[str]:
    """'page -> target' for each relative link or image that names no file in `public`."""
    broken = []
    for page in sorted(public.rglob("*.html")):
        if page.name == "404.html":
            continue     # served at any depth: its links start at the site root
        for _, ref in parse_html(page.read_text(encoding="utf-8")).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(public.resolve()):
                broken.append(f"{page.relative_to(public)} -> {ref}")
    return broken
