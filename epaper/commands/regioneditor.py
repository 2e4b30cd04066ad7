"""The preview's region editor: on a page view, draw, move or resize an article's clickable region on
the scan and save it into the article's front matter (`area: [x, y, w, h]`, regionedit.py).

Only the preview has it: its script and stylesheet live in the package (epaper/commands/preview/), never in
layouts/ or assets/, and are added to a page view as it is served.  A save is a POST of JSON to the
preview, which writes the article file; the file watcher then sees the save as any other and rebuilds.
The save is refused unless it comes from the preview's own pages (JSON, and its Origin, when sent, is the
preview's: another site's page cannot send that without a CORS answer the preview never gives) and names
an article of the paper by its file inside content/.
"""
from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urlsplit

from tornado import web

from ..content import AreaError, format_area, normalize_area, set_area
from ..core import say
from ..model import Page, Site

__all__ = ["ASSETS", "SAVE_URL", "EditorAsset", "SaveArea", "editor_snippet", "page_at"]

ASSETS = Path(__file__).parent / "preview"      # regions.js and regions.css
SAVE_URL = "/__epaper/area"
MAX_BODY = 4096
# The editor's words in the run's language (messages.py's "editor." keys); {title} is the script's to fill in.
EDITOR_WORDS = ("toggle", "article", "choose", "no_region", "save", "undo", "start", "move", "draw", "region",
                "choose_first", "unsaved", "undone", "saving", "saved", "unchanged", "not_saved")


def page_at(site: Site | None, rel: str) -> Page | None:
    """The page view served at the site-relative path `rel` ('2024-11-25/01/index.html'), if it is one."""
    if site is None:
        return None
    if not rel or rel.endswith("/"):
        rel += "index.html"
    date = rel.partition("/")[0]
    for edition in site.editions:
        if edition.key == date:
            return next((p for p in edition.pages if p.url == rel), None)
    return None


def editor_snippet(page: Page) -> str:
    """What a page view with a scan gets in the preview: the editor's stylesheet, script and data."""
    data = {"save": SAVE_URL, "page": page.url,
            "articles": [{"url": a.url, "source": f"content/{a.rel}", "title": a.title, "area": a.area}
                         for a in page.articles],
            "words": {k: say(f"editor.{k}", title="{title}") for k in EDITOR_WORDS}}
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")      # never closes the <script>
    return (f'<link rel="stylesheet" href="/__epaper/regions.css">'
            f'<script id="epaper-region-data" type="application/json">{text}</script>'
            f'<script src="/__epaper/regions.js" defer></script>')


class SaveArea(web.RequestHandler):
    """POST {"source": "content/DATE/NN/slug.md", "area": [x, y, w, h]}: the area written into that
    article's front matter.  Answers JSON: what was written, or {"error": a message for the editor}."""

    def initialize(self, root: Path, sources: Callable[[], set[str]]) -> None:
        self.root, self.sources = root, sources

    def post(self) -> None:
        try:
            source, area, path, text, new = self._edit()
            if new != text:
                path.write_bytes(new.encode("utf-8"))
        except _Refused as exc:
            return self._answer(exc.status, {"error": str(exc)})
        except OSError as exc:
            return self._answer(500, {"error": say("regioneditor.cannot_write", error=exc.strerror or exc)})
        self._answer(200, {"source": source, "line": f"area: {format_area(area)}", "area": list(area),
                           "changed": new != text})

    def _edit(self) -> tuple[str, tuple, Path, str, str]:
        """(source, area, its file, the file's text, the text with the area): or _Refused, saying why."""
        self._check_request()
        try:
            data = json.loads(self.request.body.decode("utf-8"))
        except ValueError as exc:
            raise _Refused(400, say("regioneditor.not_json", error=exc)) from None
        if not isinstance(data, dict):
            raise _Refused(400, say("regioneditor.not_an_object"))
        try:
            area = normalize_area(data.get("area"))
        except AreaError as exc:
            raise _Refused(400, say("regioneditor.bad_area", error=exc)) from None
        source = data.get("source")
        path = self._article_file(source)
        try:
            text = path.read_bytes().decode("utf-8")
            return source, area, path, text, set_area(text, area)
        except (AreaError, UnicodeDecodeError) as exc:
            raise _Refused(400, say("regioneditor.in_file", source=source, error=exc)) from None

    def _check_request(self) -> None:
        if len(self.request.body) > MAX_BODY:
            raise _Refused(413, say("regioneditor.too_large"))
        if self.request.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise _Refused(415, say("regioneditor.not_json_type"))
        origin = self.request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc.lower() != self.request.host.lower():
            raise _Refused(403, say("regioneditor.other_origin"))

    def _article_file(self, source) -> Path:
        """The file of an article of the paper, named by its path from the paper's folder: refused unless
        it lies inside content/ (a '..' or a symlink leading out included)."""
        if not isinstance(source, str) or not source:
            raise _Refused(400, say("regioneditor.no_source"))
        parts = PurePosixPath(source).parts
        if len(parts) < 2 or parts[0] != "content" or ".." in parts or "\\" in source or source.startswith("/"):
            raise _Refused(403, say("regioneditor.outside", source=source))
        content = (self.root / "content").resolve()
        path = (self.root / source).resolve()
        if not path.is_relative_to(content) or path.suffix != ".md":
            raise _Refused(403, say("regioneditor.outside", source=source))
        if source not in self.sources() or not path.is_file():
            raise _Refused(404, say("regioneditor.no_article", source=source))
        return path

    def _answer(self, status: int, body: dict) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body, ensure_ascii=False))


class EditorAsset(web.StaticFileHandler):
    """regions.js and regions.css, never kept by the browser from an older version."""

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
