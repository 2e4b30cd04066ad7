"""Article regions found on the page PDF: the blocks of its text layer that hold an article's text.

A block (pdftext.py) belongs to the article whose text contains it: its text, cut into pieces, must be
found mostly in that article and clearly less in any other.  The region is the union of the article's
blocks that touch one another (a stray match elsewhere on the page is left out), with the photos that
sit inside it or against it, and the blocks of no article's text that sit between its own (a byline or
subtitle the front matter words otherwise).  An article is placed only with confidence: its headline found, or most of
its text; otherwise it gets no region and a note saying why (preflight lists it).  Two regions that
overlap are both dropped: a wrong region is never guessed silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import say
from .pdftext import Block, PageText, normalize, union

__all__ = ["ArticleText", "Placement", "find_regions", "article_text", "CHUNK", "OVERLAP_MAX", "NOWHERE"]

CHUNK = 12              # characters of a block looked for at a time in an article's text
OVERLAP_MAX = 0.2       # two regions sharing more than this share of the smaller one: neither is trusted
_MIN_BLOCK = 4          # shorter blocks (folios, dashes, "简讯") are not matched to any article
NOWHERE = "regions.nowhere"    # the key of every reason saying the text is not on the page at all


@dataclass
class ArticleText:
    slug: str
    title: str
    text: str               # everything that is printed of it: kicker, title, subtitle, byline, body, captions


@dataclass
class Placement:
    area: list[float] | None        # [x, y, w, h] as fractions of the page
    why: str = ""                   # when there is no area: the key of the message saying what was (not) found
    why_values: dict = field(default_factory=dict)      # ... and its values, kept apart to be cached (pagepdf.py)
    blocks: list[Block] | None = None

    def reason(self) -> str:
        """Why there is no area, in the run's language ("" when there is one)."""
        return say(self.why, **self.why_values) if self.why else ""


def article_text(title: str, kicker: str, subtitle: str, authors: list[str], body: str,
                 captions: list[str]) -> str:
    """The printed text of an article from its Markdown: markup, link targets and tags left out."""
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|<[^>]+>", " ", body)
    return "\n".join([kicker, title, subtitle, " ".join(authors), body, *captions])


def find_regions(page: PageText, articles: list[ArticleText]) -> dict[str, Placement]:
    """A placement for each article of the page (by slug)."""
    texts = {a.slug: normalize(a.text) for a in articles}
    owned: dict[str, list[Block]] = {a.slug: [] for a in articles}
    free: list[Block] = []          # in no article's text: a byline or subtitle written otherwise, a folio
    for block in page.blocks:
        owner = _owner(normalize(block.text), texts)
        (owned[owner] if owner else free).append(block)
    placements = {a.slug: _place(page, a, texts[a.slug], owned[a.slug], free) for a in articles}
    _drop_overlaps(page, placements)
    return placements


def _owner(text: str, texts: dict[str, str]) -> str | None:
    """The one article whose text holds most of `text`, or None when none does or two do alike."""
    if len(text) < _MIN_BLOCK:
        return None
    pieces = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)]
    if len(pieces) > 1 and len(pieces[-1]) < CHUNK // 2:
        last = pieces.pop()
        pieces[-1] += last
    scores = sorted(((sum(p in t for p in pieces) / len(pieces), slug) for slug, t in texts.items()), reverse=True)
    best, slug = scores[0]
    second = scores[1][0] if len(scores) > 1 else 0.0
    if best >= 0.6 and (best == 1.0 and second < 1.0 or second <= best - 0.25):
        return slug
    return None


def _place(page: PageText, article: ArticleText, text: str, blocks: list[Block], free: list[Block]) -> Placement:
    if not blocks:
        return Placement(None, NOWHERE)
    title = normalize(article.title)
    heads = [b for b in blocks if title and (normalize(b.text) in title or title in normalize(b.text))]
    seed = max(heads or blocks, key=lambda b: (b.size, len(b.text)))
    kept, bridges, photos = _connected(seed, blocks, free, page.images)
    found = sum(len(normalize(b.text)) for b in kept)
    share = found / max(1, len(text))
    if not (heads and seed in kept and share >= 0.3) and share < 0.6:
        if not heads and share < 0.1:
            return Placement(None, "regions.nowhere_share", {"share": f"{share:.0%}"})
        why = "regions.headline_but_little" if heads else "regions.little_and_no_headline"
        return Placement(None, why, {"share": f"{share:.0%}"})
    box = union(b.box for b in kept)
    photos = [i for i in photos if _own_photo(i, box, kept, 3 * seed.size)]
    inside = [b.box for b in bridges if _between(b, kept, photos) or _kicker(b, seed)]
    return Placement(page.fraction(union([box, *photos, *inside])), blocks=kept)


def _between(block: Block, kept: list[Block], photos: list) -> bool:
    """A block in no article's text that sits between the article's own blocks (its subtitle or byline
    when the front matter words them otherwise) belongs to its region."""
    above = any(b.box[3] <= block.box[1] + 1 and _across(b.box, block.box) for b in kept) or any(
        p[3] <= block.box[1] + 1 and _across(p, block.box) for p in photos)
    return above and any(b.box[1] >= block.box[3] - 1 and _across(b.box, block.box) for b in kept)


def _kicker(block: Block, head: Block) -> bool:
    return 0 <= head.box[1] - block.box[3] <= 0.8 * head.size and abs(block.box[0] - head.box[0]) <= 0.5 * head.size


def _across(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0])


def _connected(seed: Block, blocks: list[Block], free: list[Block], images: list[list[float]]):
    """(own blocks, blocks of no article, photos) reached from `seed` through gaps no wider than about
    three lines of body type; a photo, a subtitle or a byline between a headline and the text bridges them."""
    kept, bridges, photos, box = [seed], [], [], list(seed.box)
    rest = [(b, b.box, kept) for b in blocks if b is not seed] + [(b, b.box, bridges) for b in free] + [
        (i, i, photos) for i in images]
    reach = 3 * seed.size
    grew = True
    while grew:
        grew = False
        for entry in list(rest):
            item, item_box, into = entry
            if _gap(box, item_box) <= reach:
                into.append(item)
                rest.remove(entry)
                box = union([box, item_box])
                grew = True
    return kept, bridges, photos


def _own_photo(image: list[float], box: list[float], blocks: list[Block], reach: float) -> bool:
    """A photo within the article's text, or with one of its blocks (the caption) right against it."""
    if min(box[2], image[2]) - max(box[0], image[0]) < 0.6 * (image[2] - image[0]):
        return False
    inside = box[1] <= image[1] and image[3] <= box[3]
    return inside or any(_gap(image, b.box) <= reach and min(b.box[2], image[2]) > max(b.box[0], image[0])
                         for b in blocks)


def _gap(a: list[float], b: list[float]) -> float:
    dx = max(0.0, b[0] - a[2], a[0] - b[2])
    dy = max(0.0, b[1] - a[3], a[1] - b[3])
    return max(dx, dy)


def _drop_overlaps(page: PageText, placements: dict[str, Placement]) -> None:
    placed = [(slug, p) for slug, p in placements.items() if p.area]
    for i, (slug, p) in enumerate(placed):
        for other, q in placed[i + 1:]:
            shared = _overlap(p.area, q.area) / min(p.area[2] * p.area[3], q.area[2] * q.area[3])
            if shared > OVERLAP_MAX:
                p.why = q.why = "regions.overlap"
                p.why_values = q.why_values = {"slug": slug, "other": other, "shared": f"{shared:.0%}"}
    for _, p in placed:
        if p.why:
            p.area = None


def _overlap(a: list[float], b: list[float]) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)
