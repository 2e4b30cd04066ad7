"""`serve`: the live preview for the night desk.

It builds the site, drafts and future editions included, into a temporary folder, serves that folder on
this machine, and on every save rebuilds (only what changed: the pipeline is incremental) and reloads
every open tab.  A build error keeps it running and shows the problems in place of every page until the
next good save.  It wraps the pipeline and never the reverse (MkDocs' pattern).

From livereload 2.7.1 we take the browser side: the websocket that each open tab keeps
(`LiveReloadHandler`), its client script (which swaps a stylesheet in place when told a .css path) and
the transform that adds the script to every HTML response.  Its watcher and `Server.serve`, which runs
it, fall short, so we use neither:
- it polls every 0.8 s and walks the whole tree each time: a save shows 0.4 s late on average, and a
  year's archive (22,000 files) keeps a core busy;
- a poll stops at the first changed file, so ten files saved at once make up to ten builds;
- it drops every reload that comes within 3 s of the last one, so a quick second save never shows.
We watch with watchdog (inotify, FSEvents, ReadDirectoryChangesW: no polling) and gather each burst of
changes on the server's event loop.  Builds run on that loop too: a request made during a rebuild waits
for it and never sees half of one.
"""
from __future__ import annotations

import asyncio
import mimetypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import httpserver, ioloop, netutil, web
from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileCreatedEvent, FileDeletedEvent,
                             FileModifiedEvent, FileMovedEvent, FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer

from ..core import BuildReport, Problem, Reporter, SiteError, say
from ..config import BuildOptions
from ..engine import BuildState, build
from ..model import Page, Site
from .hostguard import OnlyThisHost, host_allowed
from .preflight import preflight
from .previewpages import error_page, preflight_panel
from .regioneditor import ASSETS, EditorAsset, SAVE_URL, SaveArea, editor_snippet, page_at

__all__ = ["Preview", "serve", "error_page", "host_allowed", "preflight_panel", "reload_path", "touched_editions",
           "WATCHED"]

WATCHED = ("content", "layouts", "assets", "site.yaml")   # what the site is made from
QUIET = 0.03            # a save or a `git pull` is a burst of events: build once it has been quiet this long,
LONGEST_WAIT = 0.5      # but no later than this after the burst began
CONTENT_TYPES = {       # stated here, not left to the machine's /etc/mime.types (which may lack .webp)
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".pdf": "application/pdf",
}
_CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
            DirCreatedEvent, DirDeletedEvent, DirMovedEvent]     # not opened/closed: builds read every file

Told = Callable[[BuildReport | BaseException], None]


class Preview:
    """The site as the preview shows it: built into `out` with drafts and future editions."""

    def __init__(self, root: Path, out: Path, told: Told):
        self.root, self.out, self.told = root, out, told
        self.options = BuildOptions(drafts=True, future=True, out=out, fingerprint=False, offline=False,
                                    search=True)
        self.state = BuildState()   # kept here between builds, never in .cache/state: the folder is temporary
        self.problems: list[Problem] = []      # of the last build; it failed when one of them is an error
        self.findings: list[Problem] = []      # preflight: what the night desk should fix before publishing
        self.unbuilt: set[str] | None = None   # sources changed since the last good build (None: unknown)
        self.site_path = ""                    # base_url's path without its leading '/' ("paper/" or "")
        self.site: Site | None = None          # as the last good build loaded it
        self.folders = OutputFolders(out)

    @property
    def failed(self) -> bool:
        return any(not p.warning for p in self.problems)

    def build(self, reporter: Reporter | None = None, changes: set[str] | None = None) -> bool:
        """Build; tell `told` how it went (a report, or the error); return whether it went well.
        `changes`: the source files changed since the last build (None: look at every file)."""
        # Gathered until a build succeeds: a build that failed may have stopped before it looked at them.
        self.unbuilt = None if changes is None or self.unbuilt is None else self.unbuilt | changes
        self._forget_lost_outputs()
        try:
            report = build(self.root, self.options, reporter, self.state, inspect=self._inspect,
                           touched=None if self.unbuilt is None else touched_editions(self.unbuilt))
        except SiteError as exc:
            self.problems = exc.problems
            self.told(exc)
            return False
        except Exception as exc:        # a bug in a build step must not end the preview either
            self.problems = [Problem("epaper", say("serve.crashed", error=repr(exc)), hint=say("serve.crashed_hint"))]
            self.told(exc)
            return False
        self.problems = report.warnings
        self.unbuilt = set()
        self.folders.stamp(report.changed)
        self.told(report)
        return True

    def _inspect(self, loaded) -> None:
        """What the preview keeps of what a build loaded: the preflight findings, the model (for the region
        editor) and the path of base_url."""
        self.findings = preflight(loaded.site)
        self.site_path = urlsplit(loaded.config.base_url).path.lstrip("/")
        self.site = loaded.site

    def page_view(self, rel: str) -> Page | None:
        """The page whose view is served at `rel` (under base_url's path too), if it is one."""
        prefix = self.site_path
        return page_at(self.site, rel) or (page_at(self.site, rel[len(prefix):]) if prefix and rel.startswith(prefix)
                                            else None)

    def article_sources(self) -> set[str]:
        """Every article's file, as 'content/…' (what the region editor may write to)."""
        editions = self.site.editions if self.site else []
        return {f"content/{a.rel}" for e in editions for p in e.pages for a in p.articles}

    def _forget_lost_outputs(self) -> None:
        """Files of the last build deleted from the output folder since (a tmp cleaner, a stray `rm`) are
        made again by this build: the groups that hold them are forgotten, so that the pipeline plans
        them again (and then renders only the files that are not there), every index with them: the plan
        takes an index none of whose editions changed as recorded, without looking for its group."""
        lost = self.folders.lost(self.state.outputs)
        if lost:
            for group, files in list(self.state.groups.files.items()):
                if not lost.isdisjoint(files):
                    self.state.groups.drop(group)
            self.state.indexes = None

    def close(self) -> None:
        """Delete the output folder.  A year's preview is 50,000 files, which take a disk many seconds to
        delete: the folder is renamed aside at once and deleted by a process of its own, so that Ctrl-C
        ends the preview without waiting for it."""
        aside = self.out.with_name(f"{self.out.name}.deleting")
        try:
            os.rename(self.out, aside)
            subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                              str(aside)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:     # not renamed, or not handed over: delete it here
            shutil.rmtree(self.out if self.out.exists() else aside, ignore_errors=True)


class OutputFolders:
    """The output folders as the last build left them, by their stat (mtime, inode): a folder whose stamp
    changed had a file deleted (or it is gone), and only its files are looked for.  A year's preview has
    ~3,300 folders and ~50,000 files: a stat per folder on each save, not one per file."""

    def __init__(self, out: Path):
        self.base = f"{out}{os.sep}"
        self.stamps: dict[str, tuple[int, int] | None] = {}

    def stamp(self, changed) -> None:
        """After a build: stamp the folders it wrote to or deleted from."""
        for folder in {rel.rpartition("/")[0] for rel in changed}:
            self.stamps[folder] = _stamp(self.base + folder)

    def lost(self, outputs: dict[str, str]) -> set[str]:
        """The files of `outputs` that are no longer in the output folder."""
        base = self.base
        now = {folder: _stamp(base + folder) for folder in self.stamps}
        changed = {folder for folder, stamp in now.items() if stamp != self.stamps[folder]}
        if not changed:
            return set()
        self.stamps.update((folder, now[folder]) for folder in changed)     # looked at: not again next time
        return {rel for rel in outputs if rel.rpartition("/")[0] in changed and not os.path.exists(base + rel)}


def _stamp(folder: str) -> tuple[int, int] | None:
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_ino


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False, *,
          told: Told, ready: Callable[[str, Path], None], reporter: Reporter | None = None) -> None:
    """Serve the preview of the paper in `root` until Ctrl-C (or SIGTERM); leave nothing behind.

    `told` hears of every build; `ready` gets the address and the output folder once the first build is
    served.  Raises OSError when the address cannot be had (a port that is taken).
    """
    root = root.resolve()
    try:        # first: a port that is taken is reported before a long build
        sockets = netutil.bind_sockets(port, host)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    port = sockets[0].getsockname()[1]
    asyncio.set_event_loop(asyncio.new_event_loop())
    loop = ioloop.IOLoop.current()
    preview = Preview(root, Path(tempfile.mkdtemp(prefix="epaper-serve-")), told)
    debounce = _Debounce(loop, lambda changes: _rebuild(preview, watch, changes))
    watch = _Watch(root, lambda changes: loop.add_callback(debounce.add, changes))
    server = httpserver.HTTPServer(_application(preview, host, port))
    before = signal.signal(signal.SIGTERM, _terminate(os.getpid()))
    try:
        watch.start()           # before the first build, so that a save made during it is not missed
        preview.build(reporter)
        server.add_sockets(sockets)
        url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
        ready(url, preview.out)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, before)
        server.stop()
        for s in sockets:
            s.close()
        watch.stop()
        loop.close(all_fds=True)
        preview.close()


def _terminate(server_pid: int):
    """A SIGTERM handler: the server stops as tidily as on Ctrl-C; a render worker forked during a build
    (it inherits the handler) just ends, as it would without one."""
    def handler(signum, frame):
        if os.getpid() != server_pid:
            os._exit(128 + signum)
        raise KeyboardInterrupt
    return handler


def _rebuild(preview: Preview, watch: _Watch, changes: set[str]) -> None:
    failed_before = preview.failed
    preview.build(changes=changes)
    watch.add_new_folders()
    LiveReloadHandler.reload_waiters(reload_path(changes, failed_before or preview.failed))


def touched_editions(changes: set[str]) -> set[str]:
    """The edition folders under content/ that the changed paths lie in (a year's archive is 22,000
    files: the rebuild after a save looks again only at the edition saved in)."""
    return {parts[1] for parts in (c.split("/") for c in changes) if parts[0] == "content" and len(parts) > 1}


def reload_path(changes: set[str], failed: bool) -> str:
    """What to tell the open tabs: a stylesheet's path makes livereload's client swap that stylesheet
    in place; any other path reloads the page."""
    if failed or not changes or not all(c.startswith("assets/") and c.endswith(".css") for c in changes):
        return "*"
    # The client matches the path against each <link>'s href; '*.css' matches none, and then it
    # re-fetches every stylesheet (still without reloading the page).
    return next(iter(changes)) if len(changes) == 1 else "*.css"


# --- watching ----------------------------------------------------------------------------------

class _Watch(FileSystemEventHandler):
    """Tells `notice` (on watchdog's thread) which of the site's sources changed, as root-relative paths."""

    def __init__(self, root: Path, notice: Callable[[set[str]], None]):
        self.root, self.notice = root, notice
        self.observer = Observer(timeout=0.2)     # how long stopping may wait for the watching thread
        self.folders: set[str] = set()

    def start(self) -> None:
        # The root alone (for site.yaml: editors that save by renaming would lose a watch on the file
        # itself) and each source folder with everything in it; public/ and .cache/ stay unwatched.
        self.observer.schedule(self, str(self.root), recursive=False, event_filter=_CHANGES)
        self.add_new_folders()
        self.observer.start()

    def add_new_folders(self) -> None:
        """Watch a source folder that did not exist before (a paper that gets its assets/ later)."""
        for name in WATCHED:
            if name not in self.folders and (self.root / name).is_dir():
                self.observer.schedule(self, str(self.root / name), recursive=True, event_filter=_CHANGES)
                self.folders.add(name)

    def stop(self) -> None:
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join()

    def on_any_event(self, event: FileSystemEvent) -> None:
        changes = {rel for rel in map(self._source, (event.src_path, event.dest_path)) if rel}
        if changes:
            self.notice(changes)

    def _source(self, path) -> str | None:
        """`path` relative to the root when the site is made from it; None for anything else."""
        if not path:
            return None
        parts = Path(os.fsdecode(path)).relative_to(self.root).parts
        if not parts or parts[0] not in WATCHED or _scratch(parts[-1]):
            return None
        return "/".join(parts)


def _scratch(name: str) -> bool:
    """An editor's or tool's temporary file: hidden ('.x.md.swp'), a backup ('x.md~'), vim's probe ('4913')."""
    return name.startswith(".") or name.endswith("~") or name == "4913"


class _Debounce:
    """Gathers the changes of one burst and hands them, once, to `act` (all on the event loop)."""

    def __init__(self, loop: ioloop.IOLoop, act: Callable[[set[str]], None]):
        self.loop, self.act = loop, act
        self.pending: set[str] = set()
        self.began: float | None = None
        self.timer = None

    def add(self, changes: set[str]) -> None:
        now = self.loop.time()
        self.pending |= changes
        self.began = self.began or now
        if self.timer:
            self.loop.remove_timeout(self.timer)
        self.timer = self.loop.call_at(min(now + QUIET, self.began + LONGEST_WAIT), self._fire)

    def _fire(self) -> None:
        changes, self.pending, self.began, self.timer = self.pending, set(), None, None
        self.act(changes)


# --- serving -----------------------------------------------------------------------------------

def _application(preview: Preview, host: str, port: int) -> web.Application:
    class AddClient(LiveScriptInjector):
        script = f'<script src="/livereload.js?port={port}" async></script>'.encode()     # never holds up the page

    # livereload's websocket handler keeps its tabs and settings on the class: one site per process.
    LiveReloadHandler.watcher = Watcher()     # only named in its log line; our own watch does the work
    LiveReloadHandler.live_css = True
    class AddPreviewParts(web.OutputTransform):
        """The preflight findings as a panel on every page of the preview, and the region editor on a page
        view with a scan (never in `build` output)."""

        def __init__(self, request):
            self.path = request.path

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            if "html" in headers.get("Content-Type", "") and _BODY.search(chunk):
                page = preview.page_view(unquote(self.path).lstrip("/")) if status_code == 200 else None
                added = ((preflight_panel(preview.findings) if preview.findings else "")
                         + (editor_snippet(page) if page and page.scan else "")).encode("utf-8")
                chunk = _BODY.sub(lambda m: m.group(0) + added, chunk, count=1)
                if "Content-Length" in headers:
                    headers["Content-Length"] = str(int(headers["Content-Length"]) + len(added))
            return status_code, headers, chunk

    return OnlyThisHost([
        (r"/livereload", LiveReloadHandler),
        (r"/livereload.js", LiveReloadJSHandler),
        (SAVE_URL, SaveArea, {"root": preview.root, "sources": preview.article_sources}),
        (r"/__epaper/(regions\.(?:js|css))", EditorAsset, {"path": str(ASSETS)}),
        (r"/(.*)", _SiteHandler, {"path": str(preview.out), "default_filename": "index.html", "preview": preview}),
    ], transforms=[AddClient, AddPreviewParts], log_function=_quiet, listening=(host, port))


_BODY = re.compile(rb"<body[^>]*>")


def _quiet(handler: web.RequestHandler) -> None:
    """No access log: the terminal is for build results (Tornado still reports a crashing handler)."""


class _SiteHandler(StaticFileHandler):
    """Files of the output folder, and nothing else; the problems instead of any page while the build
    is broken; the site's own 404 page."""

    def initialize(self, path: str, default_filename: str, preview: Preview) -> None:
        super().initialize(path, default_filename)
        self.preview = preview

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.preview.failed and _is_page(path):
            self.set_status(500)
            self._finish_html(error_page(self.preview.problems))
            return
        path = self._in_site(path)
        try:
            await super().get(path, include_body)
        except web.HTTPError as exc:
            # Tornado answers 403 for a path outside the folder (`../`, `%2e%2e`, a symlink pointing out)
            # and for a folder without index.html: to a reader, that page is simply not there.
            raise web.HTTPError(404) if exc.status_code == 403 else exc from None
        except ValueError:          # a NUL byte in the path
            raise web.HTTPError(404) from None

    def _in_site(self, path: str) -> str:
        """Root-relative links name the site's path under base_url (/paper/…: the 404 page's, served at any
        depth): the preview, which serves the site at /, finds them there too."""
        prefix = self.preview.site_path
        if prefix and path.startswith(prefix) and not os.path.exists(os.path.join(self.root, path)):
            return path[len(prefix):]
        return path

    def get_content_type(self) -> str:
        suffix = os.path.splitext(self.absolute_path)[1].lower()
        return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(self.absolute_path)[0] or "application/octet-stream"

    def set_extra_headers(self, path: str) -> None:
        # Without it a browser may keep a stylesheet or image from before the last save.
        self.set_header("Cache-Control", "no-cache")

    def write_error(self, status_code: int, **kwargs) -> None:
        page = Path(self.root) / "404.html"
        if status_code == 404 and page.is_file():
            self._finish_html(page.read_text(encoding="utf-8"))
        else:
            super().write_error(status_code, **kwargs)

    def _finish_html(self, text: str) -> None:
        self.set_header("Content-Type", CONTENT_TYPES[".html"])
        self.set_header("Cache-Control", "no-cache")
        self.finish(text.encode("utf-8"))


def _is_page(path: str) -> bool:
    """A request for an HTML page (or a folder, which means its index.html) rather than a stylesheet or image."""
    name = path.rsplit("/", 1)[-1]
    return not name or name.endswith(".html") or "." not in name
