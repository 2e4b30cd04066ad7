"""Reading `content/`: walk the edition folders, read their files (parse.py turns the text into records),
check the paths they name.

`scan_content` walks the folder and, handed a memo of the last build (incremental.py), reuses a record whenever a
file's size and mtime are unchanged since, so a rebuild parses only what was edited.
Only this module reads the content folder's text files.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from ..config import Config
from ..core import Limits, Problem, Problems, excerpt, in_workers, not_utf8, say, too_large, trusted_mtime
from .parse import ArticleRecord, EditionRecord, parse_article, parse_edition, split_front_matter

__all__ = ["ContentTree", "FolderScan", "scan_content", "scan_rounds", "resolve_in_content", "read_body", "valid_date",
           "edition_folders"]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PAGE_DIR_RE = re.compile(r"^\d{1,3}$")
PARSE_IN_WORKERS_FROM = 400    # articles to parse: below this, forking workers costs more than it saves
PARSE_BATCH = 200              # articles handed to a worker at a time


@dataclass
class ContentTree:
    editions: dict[str, EditionRecord]          # by date
    articles: dict[str, list[ArticleRecord]]    # by edition date
    # By date: what the scan found wrong in the edition's folder, its edition.yaml and its articles, in
    # that order (what an edition saved whole repeats when it is taken as saved).
    problems: dict[str, list[Problem]] = field(default_factory=dict)


# --- the content folder -----------------------------------------------------------------------

PATH_CHARS = 1000     # the longest path to a file that a file may name


def resolve_in_content(content_dir: Path, base_rel: str, file: str) -> tuple[Path | None, str]:
    """Resolve `file` written in the file at `base_rel` (under content/); (path, '') or (None, why not).

    Refuses absolute paths, and anything (also through a symlink) that leads outside content/.
    """
    if not file or file.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", file) or "://" in file:
        return None, say("source.path_not_relative", file=excerpt(file, 200))
    if len(file) > PATH_CHARS:      # resolving it would look up each of its folders, however many
        return None, say("source.path_too_long", file=excerpt(file, 200))
    base = (content_dir / base_rel).parent
    target = base / file.replace("\\", "/")        # photos\a.jpg, as typed on Windows
    root = content_dir.resolve()
    try:
        real = target.resolve()
    except (OSError, RuntimeError):
        return None, say("source.path_unresolved", file=excerpt(file, 200))
    if not real.is_relative_to(root):
        return None, say("source.path_outside", file=excerpt(file, 200))
    try:
        found = real.is_file()
    except OSError:                 # a name longer than the system allows
        found = False
    if not found:
        return None, say("source.path_missing", file=excerpt(file, 200), similar=_similar_file(target))
    return real, ""


def _similar_file(target: Path) -> str:
    """' (there is 'bridge.jpg')' when a file of nearly the same name (e.g. other case) sits in that folder."""
    try:
        names = [e.name for e in os.scandir(target.parent) if e.is_file()]
    except OSError:
        return ""
    same = [n for n in names if n.lower() == target.name.lower()]
    match = same or difflib.get_close_matches(target.name, names, n=1, cutoff=0.75)
    return say("source.similar_file", name=match[0]) if match else ""


def scan_content(config: Config, problems: Problems, jobs: int = 0, memo=None) -> ContentTree:
    """Walk content/ and return every edition and article record.

    The articles to parse are parsed after the walk, in `jobs` worker processes when there are many (a
    first build).  `memo` (incremental.ScanMemo, or None to read everything) hands back what this module
    made of a file or folder before, while it is unchanged, and keeps what it makes now: `listed(folder)`
    (its entries, as read moments ago, or None), `settled(date)` (the problems of an edition taken whole,
    whose folder is not read), `folder(date)` (the last scan of a folder known not to have changed),
    `recall(rel, stamp)` / `remember(rel, stamp, record)` (a file's record by its size and mtime) and
    `scanned(date, scan)`.
    """
    return next(scan_rounds(config, problems, jobs, memo))


def scan_rounds(config: Config, problems: Problems, jobs: int = 0, memo=None, editions: int = 0):
    """`scan_content` a round of `editions` edition folders at a time (0: all in one), in date order: a
    build that assembles a whole archive (the first, or after an upgrade) then holds one round's records,
    not all of them.  Problems of content/ itself come first, then each round's as it is scanned."""
    content = config.content_dir
    if not content.is_dir():
        problems.error("content", say("source.no_content"), hint=say("source.no_content_hint"))
        yield ContentTree({}, {})
        return
    memo = memo or _NoMemo()
    bounds = Limits(os.path.realpath(content), config.max_article_kb)
    folders = _edition_folders(content, memo, bounds, problems)
    editions = editions or len(folders) or 1
    for start in range(0, max(len(folders), 1), editions):
        yield _scan_round(folders[start:start + editions], memo, bounds, problems, jobs)


def _edition_folders(content: Path, memo, bounds: Limits, problems: Problems) -> list[os.DirEntry]:
    """content/'s folders named as an edition's date, sorted; what else is there is a problem."""
    folders = []
    for entry in _entries(str(content), memo):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and bounds.refuse_link(entry, f"content/{entry.name}", problems):
            continue
        if not entry.is_dir():
            problems.warn(f"content/{entry.name}", say("source.stray_file"), hint=say("source.stray_file_hint"))
            continue
        if not valid_date(entry.name):
            problems.error(f"content/{entry.name}", say("source.not_a_date", name=entry.name),
                           hint=say("source.not_a_date_hint"))
            continue
        folders.append(entry)
    return folders


def _scan_round(entries: list[os.DirEntry], memo, bounds: Limits, problems: Problems, jobs: int) -> ContentTree:
    """The records of these edition folders; the articles to parse are parsed once they are all walked."""
    tree = ContentTree({}, {})
    later: list[tuple[str, str, os.stat_result]] = []      # articles to parse once the walk is done
    folders: list[tuple[str, list[Problem]]] = []            # each edition folder's own problems, in order
    for entry in entries:
        settled = memo.settled(entry.name)
        if settled is not None:
            folders.append((entry.name, settled))
            continue
        hit = memo.folder(entry.name)
        if hit is None:
            found = Problems()
            _scan_edition(entry, tree, memo, found, later, bounds)
            folders.append((entry.name, found.items))
        else:
            tree.editions[entry.name], tree.articles[entry.name] = hit.edition, hit.articles
            folders.append((entry.name, hit.problems))
    _parse_later(later, tree, memo, jobs)
    for name, found in folders:
        if name in tree.editions:
            memo.scanned(name, FolderScan(tree.editions[name], tree.articles[name], found))
            found = found + tree.editions[name].problems + [p for a in tree.articles[name] for p in a.problems]
        tree.problems[name] = found
        problems.extend(found)
    return tree


@dataclass
class FolderScan:
    """What the scan of one edition folder found: its records and its own problems."""
    edition: EditionRecord
    articles: list[ArticleRecord]
    problems: list[Problem]


class _NoMemo:
    """Nothing known from before: every folder and file is read."""
    def listed(self, folder): return None
    def settled(self, date): return None
    def folder(self, date): return None
    def recall(self, rel, stamp): return None
    def remember(self, rel, stamp, record): pass
    def scanned(self, date, scan): pass


def _scan_edition(folder: os.DirEntry, tree: ContentTree, memo, problems: Problems, later: list,
                  bounds: Limits) -> None:
    """The edition's records into `tree`; an article not remembered is listed in `later` and stands in
    its edition's list as its path until `_parse_later` puts its record there."""
    date = folder.name
    tree.articles[date] = []
    yaml_rel = f"{date}/edition.yaml"
    edition_text_seen = False
    for entry in _entries(folder.path, memo):
        if entry.name.startswith(".") or _is_text_or_folder(entry) and bounds.refuse_link(
                entry, f"content/{date}/{entry.name}", problems):
            continue
        if entry.is_file() and entry.name == "edition.yaml":
            edition_text_seen = True
            tree.editions[date] = _record(entry, yaml_rel, memo, parse_edition)
        elif entry.is_file() and entry.name.endswith(".md"):
            tree.articles[date].append(_record(entry, f"{date}/{entry.name}", memo, parse_article, later,
                                               bounds.article_bytes))
        elif entry.is_dir():
            articles = [sub for sub in _entries(entry.path, memo)
                        if sub.is_file() and sub.name.endswith(".md") and not sub.name.startswith(".")
                        and not bounds.refuse_link(sub, f"content/{date}/{entry.name}/{sub.name}", problems)]
            if not PAGE_DIR_RE.match(entry.name):
                if articles:      # a photo folder is fine; articles in a misnamed folder would vanish
                    problems.warn(f"content/{date}/{entry.name}",
                                  say("source.not_a_page_folder", name=entry.name, count=len(articles)),
                                  hint=say("source.not_a_page_folder_hint"))
                continue
            for sub in articles:
                rel = f"{date}/{entry.name}/{sub.name}"
                tree.articles[date].append(_record(sub, rel, memo, parse_article, later, bounds.article_bytes))
    if not edition_text_seen:       # remembered too, so that an unchanged edition is the very same records
        tree.editions[date] = memo.recall(yaml_rel, None) or parse_edition(yaml_rel, None)
        memo.remember(yaml_rel, None, tree.editions[date])


def _entries(folder: str, memo) -> list[os.DirEntry]:
    """The folder's entries, sorted by name: as listed already, or read now."""
    found = memo.listed(folder)
    if found is None:
        with os.scandir(folder) as it:
            found = list(it)
    return sorted(found, key=attrgetter("name"))


def _stamp(st: os.stat_result) -> tuple[int, int]:
    """What a file's record is remembered by: its mtime (-1 when too recent to be trusted) and size."""
    return trusted_mtime(st), st.st_size


def _record(entry: os.DirEntry, rel: str, memo, parse, later: list | None = None, limit: int | None = None):
    """The file's record as remembered while its size and mtime are unchanged; else parsed now or, given
    `later`, its path (listed in `later` to be parsed).  A file over `limit` bytes is not read at all (nor
    remembered: the limit is a setting, and may be raised)."""
    st = entry.stat()
    if limit is not None and st.st_size > limit:
        return _unreadable(rel, parse, too_large(rel, st.st_size, limit))
    hit = memo.recall(rel, (st.st_mtime_ns, st.st_size))
    if hit is not None:
        return hit
    if later is not None:
        later.append((entry.path, rel, st))
        return rel
    record, keep = _read_record(entry.path, rel, parse)
    if keep:
        memo.remember(rel, _stamp(st), record)
    return record


def _parse_later(later: list[tuple[str, str, os.stat_result]], tree: ContentTree, memo, jobs: int) -> None:
    """Parse the articles `_record` left for later, in worker processes when there are many."""
    if not later:
        return
    batches = [later[i:i + PARSE_BATCH] for i in range(0, len(later), PARSE_BATCH)]
    parsed = {}
    for results in in_workers(lambda b: [(rel, _read_record(path, rel, parse_article)) for path, rel, _ in batches[b]],
                              len(batches), jobs, parallel=len(later) >= PARSE_IN_WORKERS_FROM):
        parsed.update(results)
    for _, rel, st in later:
        record, keep = parsed[rel]
        if keep:
            memo.remember(rel, _stamp(st), record)
    for date, records in tree.articles.items():
        tree.articles[date] = [parsed[r][0] if isinstance(r, str) else r for r in records]


def _read_record(path: str, rel: str, parse) -> tuple[object, bool]:
    """(the record of the file, whether it may be cached)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _unreadable(rel, parse, not_utf8(f"content/{rel}", raw, exc)), True
    except OSError as exc:      # not cached: fixing permissions does not change the file's mtime
        return _unreadable(rel, parse, Problem(f"content/{rel}", say("source.unreadable", error=exc.strerror or exc),
                                               hint=say("source.unreadable_hint"))), False
    return parse(rel, text), True


def _is_text_or_folder(entry: os.DirEntry) -> bool:
    """An entry the walk reads itself (photos, scans and PDFs are checked where they are named)."""
    return entry.name.endswith((".md", ".yaml")) or entry.is_dir()


def _unreadable(rel: str, parse, problem: Problem):
    """The record of a file that could not be read: just the one problem (an empty text's would confuse)."""
    record = parse(rel, "") if parse is parse_article else parse(rel, None)
    record.problems[:] = [problem]
    return record


def valid_date(name: str) -> bool:
    """A real calendar date written YYYY-MM-DD (the name of an edition's folder)."""
    if not DATE_RE.match(name):
        return False
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True


def edition_folders(config: Config) -> list[str]:
    """The names of content/'s folders named like an edition's date (YYYY-MM-DD), sorted."""
    return sorted(p.name for p in config.content_dir.glob("????-??-??") if p.is_dir())


def read_body(config: Config, rel: str) -> str:
    """The Markdown body of the article at `rel` (read again when it is rendered; records keep no bodies).
    Line ends become "\n" as in a file opened as text; read as bytes, without Path and the text layer,
    since every article of a cold build is read here."""
    with open(f"{config.content_dir}/{rel}", "rb") as f:
        text = f.read().decode("utf-8")
    return split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))[1]
