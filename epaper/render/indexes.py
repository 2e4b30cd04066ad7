"""Indexes across all editions: one per section name, per author, per photographer, and a page listing them.

Each index lists its articles (a photographer's: a grid of their photos) newest edition first, in
print order within an edition, `index_page_size` per page: `authors/王海燕/index.html`, then
`authors/王海燕/page/2/index.html` and on, with a numbered pager.  Contexts are plain data, so a page of
an index is written again only when what it shows changed.
"""
from __future__ import annotations

import datetime as dt
import itertools
import marshal
import math
from dataclasses import dataclass, field

from ..config import Config
from ..core import text_digest
from ..media import Picture
from ..model import Article, Edition, KINDS, Photo, Site, index_folder, index_url, person, subject
from .views import Output, date_text, relative_root, thumbnail, url_path

__all__ = ["IndexEntries", "IndexRecord", "Listings", "ListedEdition", "list_entries", "changed_indexes", "index_fingerprint", "index_pages", "overview_pages", "OVERVIEW",
           "OVERVIEW_NAMES", "PAGER_WINDOW"]

OVERVIEW = "indexes/index.html"
PAGER_WINDOW = 2         # page numbers shown either side of the current one (plus first and last)
OVERVIEW_NAMES = 500     # names of one kind listed on the overview itself; more go on a page per first character
# Editions whose articles the index pages made in one process keep at hand (some 15 MB at most): an index
# of ten years lists every edition, and its pages are not to hold them all at once.
_LISTED_KEPT = 400
_LABEL = {"sections": "index_sections", "authors": "index_authors", "photographers": "index_photographers"}


@dataclass
class ListedEdition:
    """What one edition lists in the indexes, as a build recorded it."""
    digest: str             # of its entries as published (_published_digest)
    indexes: bytes          # the indexes it is listed in, as marshal bytes (a ten-year record loads them fast)


@dataclass
class IndexRecord:
    """What the indexes of a build were made from (changed_indexes): the next build makes again only the
    indexes that an edition changed, added or gone is listed in."""
    made_by: str = ""               # the layout, globals and options every index page is made with
    editions: dict[str, ListedEdition] = field(default_factory=dict)    # by date
    counts: dict[tuple[str, str], int] = field(default_factory=dict)   # index -> how many entries it lists
    overview_by: str = ""           # the layout and globals the overview's pages are made with
    overview: tuple[str, ...] = ()  # the paths of the overview's pages


@dataclass
class Listings:
    """Where one edition's articles are listed in the indexes, an entry per place, column by column, each
    index's entries in one run (in print order).  It is saved with the edition and read on every build (ten
    years list half a million entries: a few tuples an edition read back far faster than an object an
    entry, and a run is added to an index whole), while the articles themselves are read only for an index
    page made again."""
    digest: str                 # of what the entries are made from
    keys: tuple                 # the indexes the edition is listed in, (kind, name), each once
    packed: bytes               # `keys` as marshal bytes (ListedEdition.indexes)
    ends: tuple                 # per index of `keys`: where its run of entries ends (it starts where the last ended)
    article: tuple              # per entry: its article, by place in the edition (print order)
    photo: tuple                # per entry: a photographer's photo, by place among the article's photos; -1: none
    rel: tuple                  # per entry: that photo's source path; "" for an article's entry
    made: tuple                 # per entry: what it shows is made from (see `_listed_in`)


@dataclass
class IndexEntries:
    """One index's entries, newest edition first, then in print order: where each is (its edition, its
    place there) and what it is made from, its article read only when a page showing it is made."""
    editions: list = field(default_factory=list)
    articles: list[int] = field(default_factory=list)
    photos: list[int] = field(default_factory=list)
    rels: list[str] = field(default_factory=list)
    made: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.made)

    def shown(self, start: int, end: int, listed: dict) -> list:
        """The entries start:end as an index page shows them: an article, or (article, photo).  `listed`
        keeps what the editions read last list, for the next pages (an edition saved whole reads its
        articles from its file): an index lists its entries newest first, and the indexes come in the
        order of their newest entries."""
        out = []
        for edition, article, photo in zip(self.editions[start:end], self.articles[start:end], self.photos[start:end]):
            articles = listed.get(edition.key)
            if articles is None:
                if len(listed) >= _LISTED_KEPT:
                    del listed[next(iter(listed))]
                articles = listed[edition.key] = edition.listed()
            a = articles[article]
            out.append(a if photo < 0 else (a, a.photos[photo]))
        return out


def list_entries(site: Site) -> None:
    """Find where each edition's articles are listed, unless it knows already: the preview keeps editions
    from its last build, and an edition taken as saved (builddb.SavedEdition) was saved with its listings."""
    for edition in site.editions:
        if edition.listings is None:
            edition.listings = _listed_in(edition)


def changed_indexes(site: Site, pictures: dict[str, Picture], made_by: str,
                    last: IndexRecord) -> tuple[dict, IndexRecord, set | None]:
    """(the indexes to plan, {(kind, name): IndexEntries}; the record of this build; the indexes whose
    entries may have changed, those gone included, or None when all of them are planned).

    An index lists the same entries as in the build of `last` when no edition listed in it then or now
    changed what it lists: one more edition in a ten-year archive plans the ~70 indexes its articles are
    in, not 140,000.  Everything is planned when the indexes are made differently (`made_by`)."""
    list_entries(site)
    editions = {e.key: ListedEdition(_published_digest(e, pictures), e.listings.packed) for e in site.editions}
    if last.made_by != made_by:
        groups = _index_groups(site)
        return groups, IndexRecord(made_by, editions, {key: len(items) for key, items in groups.items()}), None
    touched = set()
    for edition in site.editions:
        before = last.editions.get(edition.key)
        if before is None or before.digest != editions[edition.key].digest:
            touched.update(edition.listings.keys, marshal.loads(before.indexes) if before else ())
    for date in last.editions.keys() - editions.keys():
        touched.update(marshal.loads(last.editions[date].indexes))
    groups = _index_groups(site, touched)
    counts = dict(last.counts)
    for key in touched:
        if key in groups:
            counts[key] = len(groups[key])
        else:
            counts.pop(key, None)
    return groups, IndexRecord(made_by, editions, counts), touched


def _index_groups(site: Site, only: set | None = None) -> dict[tuple[str, str], IndexEntries]:
    """Every index (or those in `only`) with its entries (list_entries has run)."""
    groups: dict[tuple[str, str], IndexEntries] = {}
    for edition in reversed(site.editions):
        listings = edition.listings
        if only is not None and only.isdisjoint(listings.keys):
            continue
        start = 0
        for key, end in zip(listings.keys, listings.ends):
            if only is None or key in only:
                entries = groups.get(key)
                if entries is None:
                    entries = groups[key] = IndexEntries()
                entries.editions += [edition] * (end - start)
                entries.articles += listings.article[start:end]
                entries.photos += listings.photo[start:end]
                entries.rels += listings.rel[start:end]
                entries.made += listings.made[start:end]
            start = end
    return groups


def _listed_in(edition: Edition) -> Listings:
    """Each place the edition's articles are listed, with what the entry there is made from.

    Run for every article of the archive on every build (a year: 22,000), so the usual cases (one author,
    a section seen before) take the short way."""
    runs: dict[tuple[str, str], list[tuple[int, int, str, str]]] = {}     # index -> (article, photo, rel, made)
    for n, a in enumerate(edition.articles):
        # What an entry shows (see _entry and _photo), not the whole file: an edit further down the body
        # leaves the indexes as they are.  The section may be the page's name in edition.yaml.  Hashed: a
        # ten-year archive keeps half a million of them.
        made = text_digest("\0".join((a.url, a.title, a.kicker, a.subtitle, a.lead, str(a.draft), str(a.page), a.section)), 8)
        section = subject("sections", a.section)
        if section:
            runs.setdefault(("sections", section), []).append((n, -1, "", made))
        authors = a.authors
        for name in (person(authors[0]),) if len(authors) == 1 else dict.fromkeys(map(person, authors)):
            if name:
                runs.setdefault(("authors", name), []).append((n, -1, "", made))
        for p, ph in enumerate(a.photos):
            name = person(ph.credit)
            if name:
                photo = text_digest(f"{made}\0{ph.rel}\0{ph.caption}", 8)
                runs.setdefault(("photographers", name), []).append((n, p, ph.rel, photo))
    keys = tuple(runs)
    entries = [entry for run in runs.values() for entry in run]
    ends = tuple(itertools.accumulate(len(run) for run in runs.values()))
    article, photo, rels, made_of = (tuple(column) for column in zip(*entries)) if entries else ((),) * 4
    listed = "\n".join(f"{kind}\0{name}\0{made}" for (kind, name), run in runs.items() for *_, made in run)
    return Listings(text_digest(listed), keys, marshal.dumps(keys),
                    ends, article, photo, rels, made_of)


def _published_digest(edition: Edition, pictures: dict[str, Picture]) -> str:
    """The edition's entries as the indexes show them: with the photographers' photos as published."""
    digest, photos = edition.listings.digest, [rel for rel in edition.listings.rel if rel]
    if not photos:
        return digest
    urls = "\n".join(str(rel in pictures and pictures[rel].variants[0].url) for rel in photos)
    return text_digest(f"{digest}\n{urls}")


def index_fingerprint(kind: str, entries: IndexEntries, pictures: dict[str, Picture]) -> str:
    """What an index's pages are made from: its entries and, for a photographer, the photos as
    published.  An index whose fingerprint is unchanged keeps its pages: an archive has tens of
    thousands of them, and one more edition touches few."""
    return text_digest("\n".join(_made_lines(kind, entries, pictures)))


def _made_lines(kind: str, entries: IndexEntries, pictures: dict[str, Picture]) -> list[str]:
    """Per entry, what it shows is made from (see `_listed_in`), with a photographer's photo as published."""
    if kind != "photographers":
        return entries.made
    return [f"{m}:{rel in pictures and pictures[rel].variants[0].url}" for m, rel in zip(entries.made, entries.rels)]


def index_pages(config: Config, kind: str, name: str, items: IndexEntries, pictures: dict[str, Picture],
                listed: dict) -> list[Output]:
    """Every page of one index.  `listed` keeps what the editions read last list (IndexEntries.shown),
    for the index pages made after these.

    The front page shows the newest entries.  Older entries are on pages numbered from the oldest:
    page 1 holds the first `index_page_size` entries ever listed, and so on, so a page once full never
    changes when later editions add entries (a year's archive would otherwise rewrite every page of
    every section index each night).  Only the front page shows the count, which grows.

    A page is hashed from what its entries are made from, and its context is built only when it is
    rendered: one more edition adds to a section's front page, and its 70 older pages stay as they were."""
    s = config.strings
    size = config.index_page_size
    lines = _made_lines(kind, items, pictures)
    older_pages = max(0, math.ceil(len(items) / size) - 1)
    pages = [(None, 0, min(size, len(items)))]      # (number, slice of the newest-first items); None: the front page
    pages += [(k, len(items) - k * size, len(items) - (k - 1) * size) for k in range(older_pages, 0, -1)]
    count = s["photo_count" if kind == "photographers" else "index_count"].format(count=len(items))
    outs = []
    for number, start, end in pages:
        path = index_url(kind, name, number)
        shown = "" if number else count
        made_from = "\n".join([path, shown, repr(_pager_made_from(number, older_pages)), *lines[start:end]])
        outs.append(Output(path, "listing.html", None, made_from=made_from,
                           build=lambda path=path, shown=shown, number=number, start=start, end=end: {
            "root": relative_root(path), "path": path, "canonical": path, "view": "index",
            "index": {"kind": kind, "kind_label": s[_LABEL[kind]], "name": name, "count": shown,
                      "url": url_path(index_url(kind, name)), "page": number},
            **_listed(s, kind, items.shown(start, end, listed), pictures),
            "pager": _pager(s, kind, name, number, older_pages),
        }))
    return outs


def _listed(s: dict, kind: str, shown: list, pictures: dict[str, Picture]) -> dict:
    """A page's entries: an article's, or a photo's."""
    if kind == "photographers":
        return {"entries": [], "photos": [_photo(s, a, p, pictures) for a, p in shown]}
    return {"entries": [_entry(s, a) for a in shown], "photos": []}


def _entry(s: dict, a: Article) -> dict:
    # A field shown here (or in _photo) must be in what `_listed_in` says the entry is made from: index
    # pages are hashed from that, not from their contexts.
    return {"url": url_path(a.url), "title": a.title, "kicker": a.kicker, "subtitle": a.subtitle, "lead": a.lead,
            "date": a.edition, "date_text": _date_text(s, a), "section": a.section, "draft": a.draft,
            "page_label": s["page_label"].format(num=f"{a.page:02d}")}


def _photo(s: dict, a: Article, photo: Photo, pictures) -> dict:
    return {"url": url_path(a.url), "title": a.title, "caption": photo.caption, "date": a.edition,
            "date_text": _date_text(s, a), "thumb": thumbnail(pictures, photo)}


def _date_text(s: dict, a: Article) -> str:
    return date_text(s, dt.date.fromisoformat(a.edition))


def _pager_made_from(current: int | None, older: int) -> tuple:
    """What the pager of a page shows depends on: a page further than PAGER_WINDOW + 1 from the front
    page shows the same pager however many older pages there are.  (Worked out for every page of an index
    whenever it changes: a section of ten years has 1,400 pages.)"""
    return (current, older) if current is None or current > older - PAGER_WINDOW - 1 else (current,)


def _pager(s: dict, kind: str, name: str, current: int | None, older: int) -> dict | None:
    """Links from the newest page to the oldest: the front page, then the older pages (numbered from the
    oldest, so shown counting down), a window around the current one, and the oldest; None marks a gap.
    `current` None is the front page; `older` is how many older pages there are."""
    if older == 0:
        return None
    sequence = [None, *range(older, 0, -1)]           # newest first
    here = sequence.index(current)

    def link(i: int) -> str | None:
        return url_path(index_url(kind, name, sequence[i])) if 0 <= i < len(sequence) else None

    window = range(max(0, here - PAGER_WINDOW), min(len(sequence), here + PAGER_WINDOW + 1))
    shown = sorted({0, len(sequence) - 1, *window})
    items: list[dict | None] = []
    for before, i in zip([None, *shown], shown):
        if before is not None and i > before + 1:
            items.append(None)
        number = sequence[i]
        items.append({"number": s["pager_latest"] if number is None else number, "url": link(i), "current": i == here,
                      "label": s["pager_latest"] if number is None else s["pager_page"].format(num=number)})
    return {"numbers": items, "prev": link(here - 1), "next": link(here + 1)}


def overview_pages(config: Config, counts: dict[tuple[str, str], int],
                   changed: set | None = None) -> tuple[list[Output], list[str]]:
    """(the pages listing every index, the most used names first; the paths of those left out, as their
    names are not in `changed`).  A kind with more than `OVERVIEW_NAMES` names (a year of bylines) is
    listed there by first character instead, each character's names on a page of their own: no reader
    scrolls 20,000 names, and a new name changes one short page, the only one sorted and made again.

    Each page is hashed from the names and counts it shows, its context built only to render it."""
    s = config.strings
    names: dict[str, list[tuple[str, int]]] = {kind: [] for kind in KINDS}
    for (kind, name), count in counts.items():
        names[kind].append((name, count))
    touched = None if changed is None else {(kind, name[:1].upper()) for kind, name in changed}
    overview, pages, kept = [], [], []
    for kind in KINDS:
        title = s[_LABEL[kind]]
        if len(names[kind]) <= OVERVIEW_NAMES:
            overview.append((kind, title, _most_used(names[kind]), []))
            continue
        by_initial: dict[str, list[tuple[str, int]]] = {}
        for name, count in names[kind]:
            by_initial.setdefault(name[:1].upper(), []).append((name, count))
        initials = sorted(by_initial)
        overview.append((kind, title, [], [(i, _initial_url(kind, i), len(by_initial[i])) for i in initials]))
        for initial in initials:
            if touched is None or (kind, initial) in touched:
                pages.append(_overview_page(_initial_url(kind, initial), f"{title} · {initial}",
                                            [(kind, f"{title} · {initial}", _most_used(by_initial[initial]), [])]))
            else:
                kept.append(_initial_url(kind, initial))
    return [_overview_page(OVERVIEW, "", overview), *pages], kept


def _most_used(names: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(names, key=lambda named: (-named[1], named[0]))


def _initial_url(kind: str, initial: str) -> str:
    return f"indexes/{index_folder(kind, initial)}/index.html"


def _overview_page(path: str, part: str, shown: list[tuple[str, str, list, list]]) -> Output:
    """One page of the overview: `shown` is (kind, title, [(name, count)], [(initial, url, names)]) per kind;
    `part` names a page of one kind's names (the overview itself has none)."""
    def build() -> dict:
        return {"root": relative_root(path), "path": path, "canonical": path, "view": "indexes", "part": part,
                "up": f"{OVERVIEW}#{shown[0][0]}" if part else "",
                "groups": [{"kind": kind, "title": title,
                            "names": [{"name": n, "url": url_path(index_url(kind, n)), "count": c} for n, c in listed],
                            "initials": [{"initial": i, "url": url_path(u), "count": c} for i, u, c in initials]}
                           for kind, title, listed, initials in shown]}
    made_from = repr((path, part, shown))
    return Output(path, "indexes.html", None, made_from=made_from, build=build)
