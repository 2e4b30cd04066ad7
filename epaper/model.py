"""The edition model: editions, pages, articles, photos, and how a reader moves between them.

Built from the records of `source.py`; cross-checks what one file cannot know alone (pages named but
empty, two articles on one address, continuations, photos that exist).  No rendering, no writing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import Problems
from .source import ArticleRecord, ContentTree, EditionRecord, resolve_in_content

__all__ = ["Photo", "Article", "Page", "Edition", "Site", "build_site"]


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


@dataclass
class Edition:
    date: dt.date
    number: str
    pages: list[Page]
    future: bool = False
    prev: Edition | None = field(default=None, repr=False)
    next: Edition | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return self.date.isoformat()

    @property
    def url(self) -> str:
        return f"{self.key}/index.html"

    @property
    def articles(self) -> list[Article]:
        return [a for p in self.pages for a in p.articles]


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
               drafts: bool = False, future: bool = False) -> Site:
    """Assemble the site; drafts and future editions only when asked (the preview server asks)."""
    editions = []
    for date in sorted(tree.editions):
        edition_date = dt.date.fromisoformat(date)
        is_future = edition_date > today
        if is_future and not future:
            continue
        edition = _build_edition(config, tree.editions[date], tree.articles.get(date, []), problems, drafts)
        if edition is None:
            continue
        edition.future = is_future
        editions.append(edition)
    _link(editions)
    return Site(config, editions)


def _build_edition(config: Config, record: EditionRecord, records: list[ArticleRecord],
                   problems: Problems, drafts: bool) -> Edition | None:
    content = config.content_dir
    usable = [r for r in records if not any(not p.warning for p in r.problems)]
    if not drafts:
        usable = [r for r in usable if not r.meta["draft"]]
    if not records and not record.pages:
        problems.warn(f"content/{record.date}", "the edition folder has no articles and no edition.yaml; skipped",
                      hint="Add page folders with articles, or remove the empty folder.")
        return None
    by_page: dict[int, list[Article]] = {}
    for r in usable:
        article = _article(content, r, problems)
        by_page.setdefault(article.page, []).append(article)
    _check_addresses(by_page, problems)
    pages = []
    for number in sorted(set(record.pages) | set(by_page)):
        spec = record.pages.get(number)
        articles = sorted(by_page.get(number, []), key=lambda a: (a.order is None, a.order or 0, a.slug))
        if spec is None:
            problems.warn(articles[0].rel and f"content/{articles[0].rel}",
                          f"page {number} is not named in edition.yaml; it is shown as '{config.strings['page_label'].format(num=f'{number:02d}')}'",
                          hint=f"Add '{number}: {{name: <page name>}}' under 'pages:' in content/{record.rel}.")
            spec = {"name": "", "image": None, "pdf": None}
        elif not articles:
            problems.warn(f"content/{record.rel}", f"page {number} ({spec['name']}) has no articles; it is shown empty",
                          hint=f"Add articles to the {number:02d}/ folder, or remove page {number} from edition.yaml.")
        scan = _edition_file(content, record, number, "image", spec, problems)
        pdf = _edition_file(content, record, number, "pdf", spec, problems)
        for a in articles:
            a.section = a.section or spec["name"] or ""
        # A page given only as a PDF shows its first page as the scan (images.py renders it).
        pages.append(Page(record.date, number, spec["name"] or "", scan or pdf, pdf, articles,
                          f"{record.date}/{number:02d}/index.html"))
    _link_continuations(pages, problems)
    return Edition(dt.date.fromisoformat(record.date), record.number, pages)


def _article(content: Path, r: ArticleRecord, problems: Problems) -> Article:
    m = r.meta
    photos = []
    for i, image in enumerate(m["images"]):
        photo = _photo(content, r, image["file"], problems, f"images[{i}]")
        if photo:
            photo.caption, photo.credit = image["caption"], image["credit"]
            photos.append(photo)
    inline = {}
    for src in r.inline_images:
        if "://" in src or src.startswith("data:"):
            continue
        photo = _photo(content, r, src, problems, "an image in the text")
        if photo:
            inline[src] = photo
    page = m["page"]
    return Article(
        url=f"{r.edition}/{page:02d}/{r.slug}.html", rel=r.rel, edition=r.edition, page=page, slug=r.slug,
        title=m["title"], kicker=m["kicker"], subtitle=m["subtitle"], authors=m["authors"], section=m["section"],
        order=m["order"], area=m["area"], draft=m["draft"], lead=r.lead, chars=r.chars, digest=r.digest,
        photos=photos, inline_images=inline, continues=m["continues"])


def _photo(content: Path, r: ArticleRecord, file: str, problems: Problems, what: str) -> Photo | None:
    path, why = resolve_in_content(content, r.rel, file)
    if path is None:
        problems.error(f"content/{r.rel}", f"{what}: {why}",
                       hint="Put the photo next to the article and write its file name, e.g. 'file: bridge.jpg'.")
        return None
    return Photo(path.relative_to(content.resolve()).as_posix(), path)


def _edition_file(content: Path, record: EditionRecord, number: int, key: str, spec: dict,
                  problems: Problems) -> Photo | None:
    if not spec.get(key):
        return None
    path, why = resolve_in_content(content, record.rel, spec[key])
    if path is None:
        problems.error(f"content/{record.rel}", f"page {number}: {key} {why}",
                       hint=f"Paths in edition.yaml are relative to it, e.g. '{key}: scans/p{number:02d}.{'pdf' if key == 'pdf' else 'jpg'}'.")
        return None
    return Photo(path.relative_to(content.resolve()).as_posix(), path)


def _check_addresses(by_page: dict[int, list[Article]], problems: Problems) -> None:
    for articles in by_page.values():
        seen: dict[str, Article] = {}
        for a in list(articles):
            other = seen.get(a.url)
            if other:
                problems.error(f"content/{a.rel}", f"would be written to the same file as content/{other.rel} ({a.url})",
                               hint="Rename one of the two files so each article has its own name on the page.")
                articles.remove(a)
            else:
                seen[a.url] = a


def _link_continuations(pages: list[Page], problems: Problems) -> None:
    by_slug = {a.slug: a for p in pages for a in p.articles}
    for a in (a for p in pages for a in p.articles if a.continues):
        other = by_slug.get(a.continues)
        if other is None or other is a:
            problems.error(f"content/{a.rel}", f"'continues: {a.continues}' names no other article in this edition",
                           hint="Write the file name (without .md) of the part on the other page.")
            continue
        if other.continues != a.slug:
            problems.error(f"content/{a.rel}", f"continues on {other.rel}, but that part does not say "
                           f"'continues: {a.slug}'", hint=f"Add 'continues: {a.slug}' to content/{other.rel}.")
            continue
        if other.page == a.page:
            problems.error(f"content/{a.rel}", "both parts of a continued article are on the same page",
                           hint="Put the second part on a later page.")
            continue
        if a.page < other.page:
            a.continued_to, other.continued_from = other, a


def _link(editions: list[Edition]) -> None:
    """prev/next for editions, pages within an edition, and articles through a whole edition."""
    for seq in [editions] + [e.pages for e in editions] + [e.articles for e in editions]:
        for before, after in zip(seq, seq[1:]):
            before.next, after.prev = after, before
