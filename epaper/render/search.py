"""Full-text search over every edition: one Pagefind index per ten days, made as part of the build.

Pagefind's extended binary (from the `pagefind-bin-extended` package) segments Chinese text into
words, so a reader can search for 大雪 and find the article that mentions it.  Only article bodies
are indexed (layouts/article.html marks them with data-pagefind-body, and the edition date, page and
section as metadata and filters); page views and the archive are not results.

The archive is indexed in parts, one for each third of a month (上旬, 中旬, 下旬: `pagefind/2024-11-1/`
for 1-10 November, `-2` for 11-20, `-3` for the rest), each a whole Pagefind bundle;
`pagefind/parts.json` lists them, newest first, and assets/search.js has Pagefind search them all at
once (its `mergeIndex`).  A part is made again only when one of its articles changed, came or went;
every other part keeps its files, byte for byte.  A part's records are its articles' indexed
elements, in the order of their addresses, so the same articles always give the same files
(pagefindio.py takes out the little that Pagefind leaves to chance).

Each file of a part is recorded in the build's record of outputs like any page, with the part's key as
its digest: the pipeline writes new files through the staging folder and removes the files of parts
gone, as it does for pages.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core import Problems, say, write_atomic
from ..model import Site
from .pagefindio import Bundle, ENTRY, PagefindError, VERSION, check_version, index_bundles

__all__ = ["BUNDLE", "PARTS", "SearchReport", "SearchUpdate", "kept_search", "part_of", "search_patterns", "update_search"]

BUNDLE = "pagefind"                  # the parts' folder in public/, fetched by assets/search.js
PARTS = f"{BUNDLE}/parts.json"       # the parts, newest first
FORMAT = f"records-1:{VERSION}"      # what a part is made from and by: a new value makes every part again
_PART = re.compile(r"\d{4}-\d\d-[123]|parts\.json")
_BODY = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-body\b")


@dataclass(frozen=True)
class SearchReport:
    indexed: int = 0        # articles indexed by this build
    written: int = 0        # parts made by this build
    parts: int = 0          # parts in all
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.written:
            return say("search.unchanged", parts=self.parts)
        return say("search.summary", articles=self.indexed, seconds=f"{self.seconds:.2f}", written=self.written,
                   parts=self.parts)


@dataclass
class SearchUpdate:
    files: dict[str, str] = field(default_factory=dict)   # every file pagefind/ is to hold -> its recorded digest
    written: list[str] = field(default_factory=list)      # those written into the staging folder now
    leftover: list[str] = field(default_factory=list)     # files of the whole-site index of older versions
    report: SearchReport | None = None


def kept_search(previous: dict[str, str]) -> SearchUpdate:
    """A build without search (--no-search) leaves the index as the last build with search made it."""
    return SearchUpdate({p: d for p, d in previous.items() if p.startswith(f"{BUNDLE}/")})


def update_search(site: Site, digests: dict[str, str], previous: dict[str, str], missing: set[str], out: Path,
                  staging: Path, rendered: list[str], language: str, jobs: int, problems: Problems) -> SearchUpdate:
    """The search index's files for this build's articles: parts whose articles are as `previous` recorded
    them are kept; the others are made into `staging`.  `digests`: this build's digest of each output;
    `rendered`: the outputs this build wrote into `staging` (the others are read from `out`)."""
    started = time.perf_counter()
    language = language.lower()
    made_now = set(rendered)

    def read(rel: str) -> str:
        return ((staging if rel in made_now else out) / rel).read_text(encoding="utf-8")
    parts: dict[str, list[str]] = {}
    for url in sorted(a.url for e in site.editions for a in e.articles):
        parts.setdefault(part_of(url), []).append(url)
    recorded: dict[str, dict[str, str]] = {}
    for path, digest in previous.items():
        if path.startswith(f"{BUNDLE}/") and path != PARTS:
            recorded.setdefault(path.split("/")[1], {})[path] = digest
    update, todo = SearchUpdate(), []
    for part, urls in parts.items():
        quick = _key(language, [(u, digests.get(u, "")) for u in urls])
        old = recorded.get(part, {})
        said = old.get(f"{BUNDLE}/{part}/{ENTRY}", "").split(":")
        intact = len(said) == 3 and missing.isdisjoint(old)
        if intact and said[1] == quick:
            update.files.update(old)
            continue
        try:
            records = [(f"/{u}", _indexed(read(u), language)) for u in urls]
        except OSError as exc:
            problems.error(exc.filename or part, say("search.unreadable", reason=exc.strerror),
                           hint=say("search.unreadable_hint"))
            continue
        full = _key(language, records)
        if intact and said[2] == full:          # pages changed around the articles, not what is indexed
            update.files.update(old)
            update.files[f"{BUNDLE}/{part}/{ENTRY}"] = f"search:{quick}:{full}"
            continue
        todo.append((part, records, f"search:{quick}:{full}"))
    if todo and not problems.errors:
        _make_parts(todo, staging, language, jobs, update, problems)
    listing = json.dumps(sorted(parts, reverse=True))
    digest = f"search:{_key(language, listing)}"
    update.files[PARTS] = digest
    if previous.get(PARTS) != digest or PARTS in missing:
        (staging / PARTS).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(staging / PARTS, listing)      # a new file: the old one may be a link to the site shown
        update.written.append(PARTS)       # after the parts it lists
    update.leftover = _leftover(out, previous)
    update.report = SearchReport(sum(len(r) for _, r, _ in todo), len(todo), len(parts),
                                 time.perf_counter() - started)
    return update


def _leftover(out: Path, previous: dict[str, str]) -> list[str]:
    """The one index of the whole site that versions before the parts wrote into pagefind/ after the build,
    unrecorded: its files are removed with the build's stale files."""
    folder = out / BUNDLE
    if not (folder / ENTRY).is_file() or f"{BUNDLE}/{ENTRY}" in previous:
        return []
    return sorted(p.relative_to(out).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not _PART.fullmatch(p.relative_to(folder).parts[0]))


def search_patterns(site: Site) -> tuple[str, ...]:
    """The files a build with search makes for `site`, as patterns (a part's file names come from
    Pagefind): what `check` holds pagefind/ against."""
    parts = sorted({part_of(a.url) for e in site.editions for a in e.articles})
    return (PARTS, *(f"{BUNDLE}/{part}/*" for part in parts))


def part_of(url: str) -> str:
    """The part an article is indexed in, by its edition's date: "2024-11-2" for 11-20 November."""
    return f"{url[:7]}-{min((int(url[8:10]) - 1) // 10, 2) + 1}"


def _indexed(html: str, language: str) -> str:
    """What Pagefind is given of an article page: the element marked data-pagefind-body (the page
    around it, which changes with the neighbouring editions, is never indexed)."""
    found = _BODY.search(html)
    if not found:
        return html
    end = html.rfind(f"</{found.group(1)}>")
    if end < found.start():
        return html
    return f'<html lang="{language}"><body>{html[found.start():end + len(found.group(1)) + 3]}</body></html>'


def _key(language: str, what) -> str:
    text = json.dumps([FORMAT, language, what], ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _make_parts(todo: list[tuple[str, list, str]], staging: Path, language: str, jobs: int, update: SearchUpdate,
                problems: Problems) -> None:
    """Index the parts in `todo` into staging/pagefind/<part>/, on up to `jobs` Pagefind processes."""
    try:
        check_version()
    except PagefindError as exc:
        problems.error("requirements.txt", str(exc), hint=say("search.no_pagefind_hint"))
        return
    lanes: list[list[Bundle]] = [[] for _ in range(max(1, min(jobs or 2, 2, len(todo))))]
    loads = [0] * len(lanes)
    for part, records, _ in sorted(todo, key=lambda t: -len(t[1])):      # the biggest first, to the idlest
        lane = loads.index(min(loads))
        # The part's folder starts empty: a new generation of the site holds the last build's files there.
        shutil.rmtree(staging / BUNDLE / part, ignore_errors=True)
        lanes[lane].append(Bundle(staging / BUNDLE / part, records, language))
        loads[lane] += len(records)
    failures: list[PagefindError] = []

    def run(bundles: list[Bundle]) -> None:
        try:
            index_bundles(bundles)
        except PagefindError as exc:
            failures.append(exc)
    threads = [threading.Thread(target=run, args=(lane,)) for lane in lanes[1:]]
    for t in threads:
        t.start()
    run(lanes[0])
    for t in threads:
        t.join()
    if failures:
        problems.error(BUNDLE, say("search.failed", reason=failures[0]), hint=say("search.failed_hint"))
        return
    for part, _, digest in todo:
        folder = staging / BUNDLE / part
        files = sorted(p.relative_to(staging).as_posix() for p in folder.rglob("*") if p.is_file())
        entry = f"{BUNDLE}/{part}/{ENTRY}"
        files.remove(entry)
        for rel in files + [entry]:        # the entry last: it names the other files
            update.files[rel] = digest
            update.written.append(rel)
