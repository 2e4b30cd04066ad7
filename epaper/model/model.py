"""The edition model: editions, pages, articles, photos, and how a reader moves between them.

Built from the records of `content` (parse.py); cross-checks what one file cannot know alone (pages named but
empty, two articles on one address, continuations, photos that exist).  No rendering, no writing.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import Config
from ..content import ArticleRecord, ContentTree, EditionRecord, place_articles, resolve_in_content
from ..core import Problems, excerpt, say, text_digest

__all__ = ["Photo", "Article", "Page", "Edition", "Named", "Outline", "Site", "build_site", "build_edition", "link_neighbours", "link_within"]


@dataclass
class Photo:
    rel: str                  # source path under content/, e.g. "2024-11-25/08/bridge.jpg"
    path: Path                # resolved source file
    caption: str = ""
    credit: str = ""


@dataclass
class Article:
    url: str                  # "2024-11-25/08/five-tasks.html"
    rel: str                  # source path under content/
    edition: str              # date
    page: int
    slug: str
    title: str
    kicker: str
    subtitle: str
    authors: list[str]
    section: str
    order: float | None
    area: list[float] | None
    draft: bool
    lead: str
    chars: int
    digest: str
    photos: list[Photo]
    inline_images: dict[str, Photo]          # as written in the body -> photo
    continues: str = ""                      # slug of the other part, as written
    region_note: str = ""                    # why no region was found on the page PDF (pagepdf.py)
    continued_to: Article | None = field(default=None, repr=False)
    continued_from: Article | None = field(default=None, repr=False)
    prev: Article | None = field(default=None, repr=False)
    next: Article | None = field(default=None, repr=False)


@dataclass
class Page:
    edition: str
    number: int
    name: str
    scan: Photo | None        # the page image, or its PDF when there is no image
    pdf: Photo | None
    articles: list[Article]
    url: str                  # "2024-11-25/08/index.html"
    prev: Page | None = field(default=None, repr=False)
    next: Page | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Named:
    """A file an edition shows or publishes as it is: a page's scan or PDF, an article's photo."""
    rel: str                  # source path under content/
    path: str                 # resolved source file
    role: str                 # "scan", "pdf", "photo" (in front matter) or "inline" (in the text)
    owner: str                # the file that names it, under content/
    page: int


@dataclass(frozen=True)
class Outline:
    """What the rest of the site (archive, sitemaps, search, images, neighbours) needs of an edition
    without its pages: an edition taken as saved is read whole only when its own files are made again."""
    page_urls: tuple[str, ...]
    article_urls: tuple[tuple[str, ...], ...]     # per page, in print order
    sections: frozenset[str]
    files: tuple[Named, ...]                      # by page: its scan, its PDF, its articles' photos

    @property
    def articles(self) -> int:
        return sum(map(len, self.article_urls))


@dataclass
class Edition:
    date: dt.date
    number: str
    pages: list[Page]
    future: bool = False
    prev: Edition | None = field(default=None, repr=False)
    next: Edition | None = field(default=None, repr=False)
    # What its own files made of it (number, pages, scans, PDFs, articles), and every photo and scan it
    # shows, in order: with the photos as published, what its pages are made from (pipeline.py).
    digest: str = field(default="", repr=False, compare=False)
    pictures: tuple = field(default=(), repr=False, compare=False)
    outline: Outline | None = field(default=None, repr=False, compare=False)
    # Where its articles are listed in the indexes (indexes.Listings), worked out once per edition object
    # and saved with it: adding one edition lists no saved edition again, nor reads its articles.
    listings: object = field(default=None, repr=False, compare=False)

    @property
    def key(self) -> str:
        return self.date.isoformat()

    @property
    def url(self) -> str:
        return f"{self.key}/index.html"

    @property
    def articles(self) -> list[Article]:
        return [a for p in self.pages for a in p.articles]

    def listed(self) -> list:
        """Its articles as the indexes list them (an edition read back from a build's record gives lighter
        records with what the indexes show)."""
        return self.articles


@dataclass
class Site:
    config: Config
    editions: list[Edition]           # oldest first

    @property
    def latest(self) -> Edition | None:
        return self.editions[-1] if self.editions else None

    def articles(self):
        for edition in self.editions:
            yield from edition.articles


def build_site(config: Config, tree: ContentTree, problems: Problems, *, today: dt.date,
               drafts: bool = False, future: bool = False, edition_of: Callable | None = None) -> Site:
    """Assemble the site; drafts and future editions only when asked (the preview server asks).

    `edition_of(date)` gives (the edition or None, the problems found assembling it): by default it is
    assembled from the tree's records (`build_edition`); the pipeline hands one that takes an unchanged
    edition as the last build made it (incremental.py), including editions whose folders were not read
    (in `tree.problems` only)."""
    def assemble(date: str) -> tuple[Edition | None, list]:
        found = Problems(problems.root)
        return build_edition(config, tree.editions[date], tree.articles.get(date, []), found, drafts), found.items
    edition_of = edition_of or assemble
    editions = []
    for date in sorted(tree.editions.keys() | tree.problems.keys()):
        edition_date = dt.date.fromisoformat(date)
        is_future = edition_date > today
        if is_future and not future:
            continue
        edition, found = edition_of(date)
        problems.extend(found)
        if edition is None:
            continue
        edition.future = is_future
        editions.append(edition)
    link_neighbours(editions)
    return Site(config, editions)


def build_edition(config: Config, record: EditionRecord, records: list[ArticleRecord],
                   problems: Problems, drafts: bool) -> Edition | None:
    content = config.content_dir
    if not records and not record.pages:
        problems.warn(f"content/{record.date}", say("model.empty_edition"), hint=say("model.empty_edition_hint"))
        return None
    by_rel = {r.rel: r for r in records}
    shown = [r for r in records if drafts or not r.meta["draft"]]
    by_page: dict[int, list[Article]] = {}
    for r in shown:
        photos, inline = _photos(content, r, problems)      # checked even when the article has other errors
        if not any(not p.warning for p in r.problems):
            article = _article(r, photos, inline)
            by_page.setdefault(article.page, []).append(article)
    _check_addresses(by_page, by_rel, problems)
    pages = []
    for number in sorted(set(record.pages) | set(by_page)):
        articles = sorted(by_page.get(number, []), key=lambda a: (a.order is None, a.order or 0, a.slug))
        spec = _page_spec(config, record, number, articles, by_rel, problems)
        scan = _edition_file(content, record, number, "image", spec, problems)
        pdf = _edition_file(content, record, number, "pdf", spec, problems)
        for a in articles:
            a.section = a.section or spec["name"] or ""
        # A page given only as a PDF shows its first page as the scan (images.py renders it).
        pages.append(Page(record.date, number, spec["name"] or "", scan or pdf, pdf, articles,
                          f"{record.date}/{number:02d}/index.html"))
    if not pages:
        return None         # only drafts: nothing to show yet
    place_articles(config, record.rel, pages, problems)
    broken = {r.slug for r in records if any(not p.warning for p in r.problems)}
    _link_continuations(pages, broken, by_rel, problems)
    edition = Edition(dt.date.fromisoformat(record.date), record.number, pages)
    edition.digest, edition.pictures = _made_of(edition)
    edition.outline = _outline(edition, record.rel)
    link_within(edition)
    return edition


def _outline(edition: Edition, named_in: str) -> Outline:
    files = []
    for p in edition.pages:
        files += [Named(f.rel, str(f.path), role, named_in, p.number) for f, role in ((p.scan, "scan"), (p.pdf, "pdf")) if f]
        files += [Named(ph.rel, str(ph.path), role, a.rel, p.number) for a in p.articles
                  for ph, role in [*((ph, "photo") for ph in a.photos), *((ph, "inline") for ph in a.inline_images.values())]]
    return Outline(tuple(p.url for p in edition.pages), tuple(tuple(a.url for a in p.articles) for p in edition.pages),
                   frozenset(a.section for a in edition.articles if a.section), tuple(files))


def _made_of(edition: Edition) -> tuple[str, tuple]:
    """(digest of what the edition's files made of it, the files of its scans and photos in order)."""
    pictures = tuple(rel for p in edition.pages
                     for rel in [p.scan and p.scan.rel] + [ph.rel for a in p.articles
                                                          for ph in [*a.photos, *a.inline_images.values()]])
    made = [edition.key, edition.number,
            [(p.number, p.name, p.scan and p.scan.rel, p.pdf and p.pdf.rel) for p in edition.pages],
            [(a.rel, a.digest, a.area) for a in edition.articles], pictures]
    return text_digest(json.dumps(made)), pictures


def _page_spec(config: Config, record: EditionRecord, number: int, articles: list[Article],
               records: dict[str, ArticleRecord], problems: Problems) -> dict:
    """The page's {name, image, pdf} from edition.yaml, with a warning when edition.yaml and the articles
    disagree.  A page whose articles all have errors (reported already) or are drafts is not called empty.

    Without edition.yaml (or without its `pages:`) pages are simply shown by number: no warning.
    """
    spec = record.pages.get(number)
    label = config.strings["page_label"].format(num=f"{number:02d}")
    if spec is None:
        if record.pages:
            first = articles[0]
            others = say("model.more_articles", count=len(articles) - 1) if len(articles) > 1 else ""
            problems.warn(f"content/{first.rel}", say("model.page_not_listed", page=number, others=others, label=label),
                          records[first.rel].line_of("page"),
                          hint=say("model.page_not_listed_hint", page=number, path=f"content/{record.rel}"))
        return {"name": "", "image": None, "pdf": None}
    if not any(r.meta["page"] == number for r in records.values()):
        shown = excerpt(spec["name"] or label, quoted=False)
        problems.warn(f"content/{record.rel}", say("model.empty_page", page=number, name=shown),
                      record.line_of("pages", number),
                      hint=say("model.empty_page_hint", page=number, folder=f"{number:02d}"))
    return spec


def _photos(content: Path, r: ArticleRecord, problems: Problems) -> tuple[list[Photo], dict[str, Photo]]:
    """The article's photos (front matter `images:`) and the images written in its text, each checked."""
    photos = []
    for i, image in enumerate(r.meta["images"]):
        photo = _photo(content, r, image["file"], problems, r.line_of("images", i))
        if photo:
            photo.caption, photo.credit = image["caption"], image["credit"]
            photos.append(photo)
    inline = {}
    for src, line in r.inline_images.items():
        if "://" in src or src.startswith(("data:", "//")):
            continue
        photo = _photo(content, r, src, problems, line)
        if photo:
            inline[src] = photo
    return photos, inline


def _article(r: ArticleRecord, photos: list[Photo], inline: dict[str, Photo]) -> Article:
    m = r.meta
    page = m["page"]
    return Article(
        url=f"{r.edition}/{page:02d}/{r.slug}.html", rel=r.rel, edition=r.edition, page=page, slug=r.slug,
        title=m["title"], kicker=m["kicker"], subtitle=m["subtitle"], authors=m["authors"], section=m["section"],
        order=m["order"], area=m["area"], draft=m["draft"], lead=r.lead, chars=r.chars, digest=r.digest,
        photos=photos, inline_images=inline, continues=m["continues"])


def _photo(content: Path, r: ArticleRecord, file: str, problems: Problems, line: int | None) -> Photo | None:
    path, why = resolve_in_content(content, r.rel, file)
    if path is None:
        problems.error(f"content/{r.rel}", say("model.bad_image", why=why), line, hint=say("model.bad_image_hint"))
        return None
    return Photo(path.relative_to(content.resolve()).as_posix(), path)


def _edition_file(content: Path, record: EditionRecord, number: int, key: str, spec: dict,
                  problems: Problems) -> Photo | None:
    if not spec.get(key):
        return None
    path, why = resolve_in_content(content, record.rel, spec[key])
    if path is None:
        what = say("model.page_scan" if key == "image" else "model.page_pdf")
        problems.error(f"content/{record.rel}", say("model.bad_page_file", page=number, what=what, why=why),
                       record.line_of("pages", number, key),
                       hint=say("model.bad_page_file_hint", folder=f"content/{record.date}/",
                                example=f"{key}: p{number:02d}.{'pdf' if key == 'pdf' else 'jpg'}"))
        return None
    return Photo(path.relative_to(content.resolve()).as_posix(), path)


def _check_addresses(by_page: dict[int, list[Article]], records: dict[str, ArticleRecord], problems: Problems) -> None:
    """Each article needs a file of its own: not another article's, not the page view (index.html)."""
    for articles in by_page.values():
        seen: dict[str, Article] = {}
        for a in list(articles):
            other = seen.get(a.url)
            if a.slug == "index":
                problems.error(f"content/{a.rel}", say("model.named_index", url=a.url),
                               hint=say("model.named_index_hint"))
            elif other:
                problems.error(f"content/{a.rel}", say("model.same_address", url=a.url, other=f"content/{other.rel}"),
                               records[a.rel].line_of("page"), hint=say("model.same_address_hint"))
            else:
                seen[a.url] = a
                continue
            articles.remove(a)


def _link_continuations(pages: list[Page], broken: set[str], records: dict[str, ArticleRecord],
                        problems: Problems) -> None:
    """`continues:` names the other part (转版): each part must name the other, on different pages."""
    shown = [a for p in pages for a in p.articles]
    for a in (a for a in shown if a.continues):
        line = records[a.rel].line_of("continues")
        candidates = [o for o in shown if o.slug == a.continues and o is not a]
        other = next((o for o in candidates if o.continues == a.slug), candidates[0] if candidates else None)
        if other is None:
            if a.continues not in broken:       # a part with errors of its own is reported there
                # A warning, not an error: the night desk may build before the other part is written.
                problems.warn(f"content/{a.rel}", say("model.continues_nowhere",
                                                      name=excerpt(a.continues, quoted=False)), line,
                              hint=say("model.continues_nowhere_hint"))
            continue
        if other.continues != a.slug:
            problems.error(f"content/{a.rel}", say("model.continues_one_way", other=f"content/{other.rel}"), line,
                           hint=say("model.continues_one_way_hint", slug=a.slug, other=f"content/{other.rel}"))
            continue
        if other.page == a.page:
            if a.rel < other.rel:       # said once, for the pair
                problems.error(f"content/{a.rel}", say("model.continues_same_page", other=f"content/{other.rel}"),
                               line, hint=say("model.continues_same_page_hint"))
            continue
        if a.page < other.page:
            a.continued_to, other.continued_from = other, a


def link_neighbours(seq: list) -> None:
    """prev/next through `seq`: editions, the pages of an edition, or its articles."""
    if seq:     # an edition kept from the last build may have had neighbours that are gone
        seq[0].prev = seq[-1].next = None
    for before, after in zip(seq, seq[1:]):
        before.next, after.prev = after, before


def link_within(edition: Edition) -> None:
    """prev/next for the pages of an edition, and for its articles through the whole edition (an edition
    saved whole is saved without them)."""
    link_neighbours(edition.pages)
    link_neighbours(edition.articles)
