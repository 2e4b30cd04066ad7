"""Full-text search over every edition: one Pagefind index per ten days, made as part of the build.

Pagefind's extended binary (from the `pagefind-bin-extended` package) segments Chinese text into
words, so a reader can search for 大雪 and find the article that mentions it.  Only article bodies
are indexed (layouts/article.html marks them with data-pagefind-body, and the edition date, page and
section as metadata and filters); page views and the archive are not results.

The archive is indexed in parts, one for each third of a month (上旬, 中旬, 下旬: `pagefind/2024-11-1/`
for 1-10 November, `-2` for 11-20, `-3` for the rest), each a whole Pagefind bundle, except the newest
third, still filling: each of its editions is a part of its own (`pagefind/2024-11-25/`), so that
tonight's edition is indexed alone rather than with the nine before it; the first edition of a later
third closes it, and it is indexed once as one part.  `pagefind/parts.json` lists the parts, newest
first, and assets/search.js has Pagefind search them all at once (its `mergeIndex`).  A part is made
again only when one of its articles changed, came or went; every other part keeps its files, byte for
byte.  A part's records are its articles' indexed
elements, in the order of their addresses, so the same articles always give the same files
(pagefindio.py takes out the little that Pagefind leaves to chance).

Each file of a part is recorded in the build's record of outputs like any page, with the part's key as
its digest.  This module opens no file of the site: it reads the article pages and writes the parts'
files through the `SiteFiles` the engine hands it, which writes them into the new site as it does pages,
and removes the files of parts gone.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping, Protocol

from ..core import Problems, say
from ..model import Edition, Site
from .pagefindio import Bundle, ENTRY, PagefindError, Unreadable, VERSION, check_version, index_bundles

__all__ = ["BUNDLE", "PARTS", "LastSearch", "SearchReport", "SearchUpdate", "SiteFiles", "kept_search",
           "search_patterns", "update_search"]

BUNDLE = "pagefind"                  # the parts' folder in public/, fetched by assets/search.js
PARTS = f"{BUNDLE}/parts.json"       # the parts, newest first
FORMAT = f"records-1:{VERSION}"      # what a part is made from and by: a new value makes every part again
_PART = re.compile(r"\d{4}-\d\d-(?:[123]|\d\d)|parts\.json")
_BODY = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-body\b")
HELD = 50_000_000       # characters of records read to compare, kept to be indexed (beyond: read again)


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


class SiteFiles(Protocol):
    """The site's files as the engine hands them to search."""

    def read(self, rel: str) -> str:
        """A page of the site this build makes."""

    def shown(self, rel: str) -> list[str]:
        """The files at `rel` (a file, or all under a folder) in the site shown now; [] when there is none."""

    def clear(self, folder: str) -> None:
        """Empty a folder of the new site: a new generation holds the last build's files there."""

    def write(self, rel: str, data: bytes) -> None:
        """A new file of the new site (never one written through: it may be a link to the site shown)."""


@dataclass
class LastSearch:
    """The search index as the last build left it."""
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)     # each part -> its files
    digests: Mapping[str, str] = field(default_factory=dict)            # that build's files -> their digests


@dataclass
class SearchUpdate:
    """What a build changes in pagefind/: the files of the parts it keeps are as the last build recorded
    them (the engine carries their digests), the others are `dropped`, and `files` are new or changed."""
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)     # every part -> its files
    files: dict[str, str] = field(default_factory=dict)   # files new or changed (parts.json among them) -> digest
    dropped: list[str] = field(default_factory=list)      # files of the last build's parts that are gone
    written: list[str] = field(default_factory=list)      # the files written into the new site now, in order
    leftover: list[str] = field(default_factory=list)     # files of the whole-site index of older versions
    report: SearchReport | None = None


def kept_search(last: LastSearch) -> SearchUpdate:
    """A build without search (--no-search) leaves the index as the last build with search made it."""
    files = {rel: last.digests[rel] for kept in [*last.parts.values(), (PARTS,)] for rel in kept
             if rel in last.digests}
    return SearchUpdate(dict(last.parts), files)


def update_search(site: Site, made_from: Callable[[Edition], str], last: LastSearch, missing: set[str],
                  files: SiteFiles, language: str, jobs: int, problems: Problems) -> SearchUpdate:
    """The search index's files for this build's articles: the parts whose articles are as `last` recorded
    them are kept; the others are made, and written through `files`.  `made_from`: what an edition's pages
    are made from (the fingerprint of its files): a part whose editions are made as recorded is kept
    without its pages being read."""
    started = time.perf_counter()
    language = language.lower()
    parts = _parts(site)
    update, todo, held = SearchUpdate(), [], 0
    for part, editions in parts.items():
        quick = _key(language, [(e.key, made_from(e)) for e in editions])
        old = last.parts.get(part, ())
        said = last.digests.get(f"{BUNDLE}/{part}/{ENTRY}", "").split(":") if old else []
        intact = len(said) == 3 and missing.isdisjoint(old)
        if intact and said[1] == quick:
            update.parts[part] = old
            continue
        pending = _Part(part, quick, _addresses(editions))
        if intact:          # its pages were made again: read now whether what is indexed changed too
            try:
                records = _records(files, pending.urls, language)
            except OSError as exc:
                _unreadable(problems, exc, part)
                continue
            pending.full = _key(language, records)
            if said[2] == pending.full:         # pages changed around the articles, not what is indexed
                update.parts[part] = old
                update.files[f"{BUNDLE}/{part}/{ENTRY}"] = f"search:{quick}:{pending.full}"
                continue
            if held < HELD:     # kept to be indexed; beyond that, read again then (a whole archive's would not fit)
                pending.records = records
                held += sum(len(html) for _, html in records)
        todo.append(pending)
    if todo and not problems.errors:
        _make_parts(todo, files, language, jobs, update, problems)
    listing = json.dumps(sorted(parts, key=lambda part: parts[part][-1].key, reverse=True))
    digest = f"search:{_key(language, listing)}"
    update.files[PARTS] = digest
    if last.digests.get(PARTS) != digest or PARTS in missing:
        files.write(PARTS, listing.encode("utf-8"))
        update.written.append(PARTS)       # after the parts it lists
    update.dropped = [rel for part, old in last.parts.items() if update.parts.get(part) is not old
                      for rel in old if rel not in update.files]
    update.leftover = _leftover(files, last.digests)
    update.report = SearchReport(sum(len(p.urls) for p in todo), len(todo), len(parts),
                                 time.perf_counter() - started)
    return update


def _leftover(files: SiteFiles, previous: Mapping[str, str]) -> list[str]:
    """The one index of the whole site that versions before the parts wrote into pagefind/ after the build,
    unrecorded: its files are removed with the build's stale files."""
    if f"{BUNDLE}/{ENTRY}" in previous or not files.shown(f"{BUNDLE}/{ENTRY}"):
        return []
    return sorted(rel for rel in files.shown(BUNDLE) if not _PART.fullmatch(rel.split("/")[1]))


def search_patterns(site: Site) -> tuple[str, ...]:
    """The files a build with search makes for `site`, as patterns (a part's file names come from
    Pagefind): what `check` holds pagefind/ against."""
    return (PARTS, *(f"{BUNDLE}/{part}/*" for part in sorted(_parts(site))))


def _parts(site: Site) -> dict[str, list[Edition]]:
    """Each part with articles -> its editions (oldest first): a third of a month, or in the newest third
    (still filling) one edition, named by its date."""
    indexed = [edition for edition in site.editions if edition.outline.articles]
    filling = third_of(indexed[-1].key) if indexed else None
    parts: dict[str, list[Edition]] = {}
    for edition in indexed:
        third = third_of(edition.key)
        parts.setdefault(edition.key if third == filling else third, []).append(edition)
    return parts


def _addresses(editions: list[Edition]) -> list[str]:
    """The addresses of the editions' articles, sorted: a part's records in a stable order."""
    return sorted(u for edition in editions for urls in edition.outline.article_urls for u in urls)


def third_of(url: str) -> str:
    """The third of a month of an article (or an edition: its date): "2024-11-2" for 11-20 November."""
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


@dataclass
class _Part:
    """A part to index: its articles' addresses, sorted; its records when they were read already."""
    name: str
    quick: str                          # the key of what its editions are made from
    urls: list[str]
    full: str = ""                      # the key of its records, once read
    records: list[tuple[str, str]] | None = None

    def take_records(self, files: SiteFiles, language: str) -> list[tuple[str, str]]:
        records, self.records = self.records, None
        if records is None:
            records = _records(files, self.urls, language)
            self.full = _key(language, records)
        return records


def _records(files: SiteFiles, urls: list[str], language: str) -> list[tuple[str, str]]:
    """A part's records: what Pagefind is given of each article."""
    return [(f"/{u}", _indexed(files.read(u), language)) for u in urls]


def _unreadable(problems: Problems, exc: OSError, part: str) -> None:
    problems.error(exc.filename or part, say("search.unreadable", reason=exc.strerror),
                   hint=say("search.unreadable_hint"))


def _make_parts(todo: list[_Part], files: SiteFiles, language: str, jobs: int, update: SearchUpdate,
                problems: Problems) -> None:
    """Index the parts in `todo` into pagefind/<part>/ of the new site, on up to `jobs` Pagefind processes;
    each part's records are read as its turn comes, and its files are written as it is done (a part is a
    few MB, the whole archive's index and records are not)."""
    try:
        check_version()
    except PagefindError as exc:
        problems.error("requirements.txt", str(exc), hint=say("search.no_pagefind_hint"))
        return
    lanes: list[list[Bundle]] = [[] for _ in range(max(1, min(jobs or 2, 2, len(todo))))]
    loads = [0] * len(lanes)
    for part in sorted(todo, key=lambda p: -len(p.urls)):      # the biggest first, to the idlest
        lane = loads.index(min(loads))
        lanes[lane].append(Bundle(part.name, lambda part=part: part.take_records(files, language), language))
        loads[lane] += len(part.urls)
    failures: list[BaseException] = []
    names: dict[str, list[str]] = {}
    one_at_a_time = threading.Lock()

    def write(bundle: Bundle, made: dict[str, bytes]) -> None:
        folder = f"{BUNDLE}/{bundle.name}"
        paths = sorted(made)
        paths.remove(ENTRY)
        paths.append(ENTRY)        # the entry last: it names the other files
        with one_at_a_time:
            files.clear(folder)
            for path in paths:
                files.write(f"{folder}/{path}", made[path])
            names[bundle.name] = [f"{folder}/{path}" for path in paths]

    def run(bundles: list[Bundle]) -> None:
        try:
            index_bundles(bundles, write)
        except (PagefindError, Unreadable) as exc:
            failures.append(exc)
    threads = [threading.Thread(target=run, args=(lane,)) for lane in lanes[1:]]
    for t in threads:
        t.start()
    run(lanes[0])
    for t in threads:
        t.join()
    for failure in failures:
        if isinstance(failure, Unreadable) and isinstance(failure.error, OSError):
            _unreadable(problems, failure.error, BUNDLE)
        else:
            problems.error(BUNDLE, say("search.failed", reason=failure), hint=say("search.failed_hint"))
    if failures:
        return
    for part in todo:
        update.parts[part.name] = tuple(names[part.name])
        # One string for all of a part's files: the state's record of every file writes a shared string once.
        digest = f"search:{part.quick}:{part.full}"
        for rel in names[part.name]:
            update.files[rel] = digest
            update.written.append(rel)
