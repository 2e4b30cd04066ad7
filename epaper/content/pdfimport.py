"""The articles of a print page read from its text layer: what `build.py import` writes (importer.py).

A page is cut into articles the way it was laid out: a line of white space across the part of the page
being cut (first across, then down) is an article boundary when there are headlines on both sides of
it.  Headlines are blocks in type clearly larger than the body text and with no larger type right above
them (that is a subtitle).  Within an article, type size and position tell the kicker (above the
headline), subtitle (below it), byline (□本报记者 …, By …), captions (under a photo) and the body, read
column by column, paragraphs starting at an indented line, subheads in a larger type.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .pdftext import Block, PageText, join_lines, union

__all__ = ["FoundArticle", "FoundPhoto", "PageLayout", "read_layout", "split_authors", "split_credit", "HEAD_RATIO"]

HEAD_RATIO = 1.25       # a headline's type is at least this many times the body's
_DOWN_BIAS = 1.5        # a vertical gap weighs this many times a horizontal one of the same width
_HEADER_RE = re.compile(r"第\s*0*(\d+)\s*版\s*[:：]\s*(\S+)|\bPage\s+[A-Z]?0*(\d+)\s*[:：|]\s*([A-Za-z][\w&' -]*?)(?:\s{2,}|$)")
_NUMBER_RE = re.compile(r"(总第\s*\d+\s*期)|\bNo\.\s*(\d+)")
_BYLINE_RE = re.compile(r"^(□|■|◎|By\s)|(记者|通讯员|实习生)")
_ROLE_RE = re.compile(r"(记者|通讯员|实习生|编辑|摄影)$")


@dataclass
class FoundPhoto:
    box: list[float]        # points
    caption: str = ""
    credit: str = ""


@dataclass
class FoundArticle:
    title: str
    kicker: str
    subtitle: str
    authors: list[str]
    paragraphs: list[str]           # "**subhead**" for a subhead
    photos: list[FoundPhoto]
    box: list[float]                # points: the union of its blocks and photos
    order: int = 0


@dataclass
class PageLayout:
    name: str                       # from the page header ("第03版：要闻" -> "要闻"), or ""
    number: int | None              # page number the header shows
    edition_number: str             # "总第20009期", "No. 20009", or ""
    articles: list[FoundArticle] = field(default_factory=list)
    skipped: int = 0                # blocks of text that went into no article


def read_layout(page: PageText) -> PageLayout:
    layout, mast = _masthead(page)
    blocks = [b for b in page.blocks if b not in mast]
    if not blocks:
        return layout
    body = _body_size(blocks)
    heads = _headlines(blocks, body)
    groups = _cut(blocks + [list(i) for i in page.images], heads, body)
    for group in groups:
        texts = [b for b in group if isinstance(b, Block)]
        mine = [h for h in heads if h in texts]
        if not mine:
            layout.skipped += len(texts)
            continue
        layout.articles.append(_article(mine[0], texts, [g for g in group if not isinstance(g, Block)], body))
    for n, a in enumerate(layout.articles, 1):
        a.order = n
    return layout


def _masthead(page: PageText) -> tuple[PageLayout, list[Block]]:
    """The page header and edition number from the top of the page, and the blocks of that strip."""
    layout = PageLayout("", None, "")
    top = [b for b in page.blocks if b.box[3] < 0.12 * page.height]
    band = None
    for b in top:
        m, n = _HEADER_RE.search(b.text), _NUMBER_RE.search(b.text)
        if m and not layout.name:
            layout.name = (m.group(2) or m.group(4) or "").strip()
            layout.number = int(m.group(1) or m.group(3))
        if n and not layout.edition_number:
            layout.edition_number = re.sub(r"\s+", "", n.group(1)) if n.group(1) else f"No. {n.group(2)}"
        if m or n:
            band = max(band or 0.0, b.box[3])
    mast = [b for b in top if band is not None and b.box[1] <= band]
    return layout, mast


def _body_size(blocks: list[Block]) -> float:
    sizes = Counter()
    for b in blocks:
        for ln in b.lines:
            sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0]


def _headlines(blocks: list[Block], body: float) -> list[Block]:
    big = [b for b in blocks if b.size >= HEAD_RATIO * body and len(b.lines) <= 6]
    return [b for b in big if not any(o is not b and o.size > b.size * 1.05 and 0 <= b.box[1] - o.box[3] <= 1.5 * b.size
                                      and min(o.box[2], b.box[2]) > max(o.box[0], b.box[0]) for o in big)]


def _box(item) -> list[float]:
    return item.box if isinstance(item, Block) else item


def _cut(items: list, heads: list[Block], body: float) -> list[list]:
    """Groups of items, one per article, in reading order (top before bottom, left before right)."""
    # The widest white space first: the layout's own cut between blocks of articles is wider than a gap
    # that only happens to line up across them.  Gaps down the page count more: the space left under
    # stories that end short of their box widens the gaps across it.  A headline with a single line under it (a teaser) is
    # allowed only when no cut is found otherwise.
    gaps = sorted(((width * (1 if axis else _DOWN_BIAS), -axis, n, before, after) for axis in (1, 0)
                   for n, (width, before, after) in enumerate(_gaps(items, axis))), key=lambda g: g[:3], reverse=True)
    for lines in (2, 1):
        for *_, before, after in gaps:
            if _whole(before, heads, body, lines) and _whole(after, heads, body, lines):
                return _cut(before, heads, body) + _cut(after, heads, body)
    return [items]


def _whole(part: list, heads: list[Block], body: float, lines: int = 2) -> bool:
    """Whether `part` can be articles: a headline, text under each headline, and nothing at its top but
    headlines, what leads into one (kicker, section label), photos, and text below a headline's foot (the
    columns beside a narrow headline): never text running on from above the part."""
    mine = [h for h in heads if h in part]
    if not mine:
        return False
    texts = [b for b in part if isinstance(b, Block) and b not in heads]
    if not all(any(b.size <= 1.15 * body and len(b.lines) >= lines and b.box[1] >= h.box[3] - 1 and _across(b.box, h.box)
                   for b in texts) for h in mine):
        return False
    for item in part:
        box = _box(item)
        if item in mine or not isinstance(item, Block) or any(
                o is not item and _box(o)[3] <= box[1] + 1 and _across(_box(o), box) for o in part):
            continue
        leads = any(0 <= h.box[1] - box[3] <= 3 * body and _across(h.box, box) for h in mine)
        if not leads and not any(h.box[3] <= box[1] for h in mine):     # beside a narrow headline: its text
            return False
    return True


def _across(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0])


def _gaps(items: list, axis: int):
    """(its width, items before, items after) for each line of white space across the items along `axis`."""
    spans = sorted(((_box(i)[axis], _box(i)[axis + 2], n) for n, i in enumerate(items)))
    reach, seen = None, []
    for lo, hi, n in spans:
        if reach is not None and lo > reach + 0.5:
            ids = set(seen)
            yield round(lo - reach, 1), [items[k] for k in seen], [items[k] for k in range(len(items)) if k not in ids]
        seen.append(n)
        reach = hi if reach is None else max(reach, hi)


def _article(head: Block, blocks: list[Block], images: list[list[float]], body: float) -> FoundArticle:
    above = [b for b in blocks if b.box[3] <= head.box[1] + 1 and abs(b.box[0] - head.box[0]) < 0.5 * head.size]
    kicker = max(above, key=lambda b: b.box[3]) if above else None
    rest = [b for b in blocks if b is not head and b is not kicker]
    byline = next((b for b in sorted(rest, key=lambda b: b.box[1]) if len(b.lines) <= 2
                   and b.box[1] >= head.box[1] and _BYLINE_RE.search(b.text)), None)
    subs = [b for b in rest if b is not byline and body * 1.2 <= b.size < head.size and b.box[1] >= head.box[3] - 1
            and (byline is None or b.box[3] <= byline.box[1] + 1)]
    photos, captions = _photos(images, [b for b in rest if b is not byline and b not in subs], body)
    text = [b for b in rest if b is not byline and b not in subs and b not in captions and b.box[1] >= head.box[1]]
    box = union([*(b.box for b in blocks), *images])
    return FoundArticle(_one_line(head), _one_line(kicker) if kicker else "", " ".join(_one_line(s) for s in subs),
                        split_authors(" ".join(ln.spaced for ln in byline.lines)) if byline else [], _paragraphs(text, body), photos, box)


def _one_line(block: Block) -> str:
    return block.text.strip()


def _photos(images: list[list[float]], blocks: list[Block], body: float) -> tuple[list[FoundPhoto], list[Block]]:
    photos, captions = [], []
    for image in sorted(images, key=lambda i: (i[1], i[0])):
        below = [b for b in blocks if b.size < body * 0.97 and 0 <= b.box[1] - image[3] <= 2 * body
                 and min(b.box[2], image[2]) > max(b.box[0], image[0]) and b not in captions]
        caption = min(below, key=lambda b: b.box[1]) if below else None
        text, credit = split_credit(caption.text.strip()) if caption else ("", "")
        if caption:
            captions.append(caption)
        photos.append(FoundPhoto(image, text, credit))
    return photos, captions


def split_credit(caption: str) -> tuple[str, str]:
    """("caption", "credit") from "caption 王海燕 摄" or "caption Photo: Jane Smith"."""
    m = re.search(r"\s*(?:[（(]?\s*)([^\s，。、（()）]{1,12}(?:\s[^\s，。、]{1,12})?)\s*摄\s*[）)]?$", caption)
    if m:
        return caption[:m.start()].strip(), m.group(1).strip()
    m = re.search(r"\s*(?:Photo|Picture|Photograph)(?:\s+by)?\s*[:：]?\s*([A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,3})$", caption)
    if m:
        return caption[:m.start()].strip(), m.group(1).strip()
    return caption, ""


def split_authors(byline: str) -> list[str]:
    """"□本报记者 王海燕 通讯员 李铭" -> ["本报记者 王海燕", "通讯员 李铭"]; "By A and B" -> ["A", "B"]."""
    text = byline.strip().lstrip("□■◎ ").strip()
    if text.startswith("By "):
        return [p.strip() for p in re.split(r",\s*|\s+and\s+", text[3:]) if p.strip()]
    authors, role = [], ""
    for token in text.replace("　", " ").split():
        if _ROLE_RE.search(token):
            role = token
        else:
            authors.append(f"{role} {token}".strip())
    return authors or ([role] if role else [])


def _paragraphs(blocks: list[Block], body: float) -> list[str]:
    """The body's paragraphs in reading order: column by column (left to right), each top to bottom."""
    paragraphs: list[list[str]] = []
    for column in _columns(blocks):
        left = min(b.box[0] for b in column)
        for block in sorted(column, key=lambda b: b.box[1]):
            if block.size >= body * 1.08:
                paragraphs.append(["**" + block.text.strip() + "**"])
                paragraphs.append([])
                continue
            for line in block.lines:
                if line.x0 > left + 0.6 * line.size or not paragraphs:
                    paragraphs.append([])
                paragraphs[-1].append(line.text)
    return [join_lines(p) for p in paragraphs if p]


def _columns(blocks: list[Block]) -> list[list[Block]]:
    columns: list[list[Block]] = []
    for block in sorted(blocks, key=lambda b: b.box[0]):
        for column in columns:
            x0, x1 = min(b.box[0] for b in column), max(b.box[2] for b in column)
            if min(x1, block.box[2]) - max(x0, block.box[0]) > 0.5 * min(x1 - x0, block.box[2] - block.box[0]):
                column.append(block)
                break
        else:
            columns.append([block])
    return columns

