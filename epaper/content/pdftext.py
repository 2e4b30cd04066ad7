"""The text layer of a print PDF page: characters -> lines -> blocks, and the photos on the page (pypdfium2).

Coordinates are points from the page's top left corner (PageText.fraction turns a box into `area:`'s
fractions).  A block is a
run of lines of one type size in one column with no gap between them: a headline, a paragraph or the
part of one in a column, a byline, a caption.  Nothing here knows about articles (regions.py does).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..core import say

__all__ = ["Line", "Block", "PageText", "PdfTrouble", "read_pdf_pages", "normalize", "union", "GARBLED_SHARE"]

GARBLED_SHARE = 0.05        # above this share of private-use or unmapped characters, the text is not trusted
_HYPHENS = "-\u2010\u00ad\x02"
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_WIDE_GAP = re.compile(f"(?<=[{_CJK}])\x00+(?=[{_CJK}])")


class PdfTrouble(Exception):
    """The PDF cannot be read at all (corrupt, encrypted, empty): `key` and `values` of the message saying
    which and why (kept so, a page's warnings are cached by key and said in the run's language)."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def __str__(self) -> str:
        return say(self.key, **self.values)


@dataclass
class Line:
    text: str                 # as printed, spaces between words kept
    spaced: str               # with every gap as a space, between Chinese characters too
    x0: float
    y0: float
    x1: float
    y1: float
    size: float               # type size (points)


@dataclass
class Block:
    lines: list[Line]
    size: float
    box: list[float] = field(default_factory=list)      # [x0, y0, x1, y1]

    @property
    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])


@dataclass
class PageText:
    width: float              # points
    height: float
    lines: list[Line]
    blocks: list[Block]
    images: list[list[float]]         # [x0, y0, x1, y1] of each picture on the page
    chars: int                        # characters in the text layer
    garbled: float                    # share of private-use / unmapped characters

    def fraction(self, box: list[float]) -> list[float]:
        """[x0, y0, x1, y1] in points -> [x, y, width, height] as fractions of the page, 3 decimals."""
        x0, y0 = max(0.0, box[0] / self.width), max(0.0, box[1] / self.height)
        x1, y1 = min(1.0, box[2] / self.width), min(1.0, box[3] / self.height)
        return [round(x0, 4), round(y0, 4), round(x1 - x0, 4), round(y1 - y0, 4)]


def normalize(text: str) -> str:
    """Letters and digits only, lower case: what print and Markdown share of a text."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def join_lines(lines: list[str]) -> str:
    """Lines of print as one text: a hyphen at a line's end joined away, no space between Chinese lines."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif out[-1] in _HYPHENS and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out = out[:-1] + line
        elif _wide(out[-1]) or _wide(line[:1]):
            out += line
        else:
            out += " " + line
    return out.replace("\u00ad", "").replace("\x02", "")


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in "WF"


def union(boxes) -> list[float]:
    boxes = list(boxes)
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def read_pdf_pages(path: Path, indexes: list[int] | None = None) -> tuple[int, dict[int, PageText]]:
    """(the PDF's page count, {index: its text}) for the pages asked (all when None).  Raises PdfTrouble."""
    import pypdfium2 as pdfium     # imported here: builds without PDFs never load it

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PdfTrouble("pdftext.unreadable", error=exc.strerror) from None
    if not data.strip():
        raise PdfTrouble("pdftext.empty")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfTrouble("pdftext.encrypted") from None
        raise PdfTrouble("pdftext.not_a_pdf", error=str(exc)) from None
    try:
        count = len(doc)
        if count == 0:
            raise PdfTrouble("pdftext.no_pages")
        wanted = range(count) if indexes is None else [i for i in indexes if 0 <= i < count]
        return count, {i: _page_text(doc[i]) for i in wanted}
    finally:
        doc.close()


def _page_text(page) -> PageText:
    import ctypes

    import pypdfium2.raw as raw

    width, height = page.get_size()
    textpage = page.get_textpage()
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    chars, odd = [], 0
    for i, ch in enumerate(text[:n]):
        if raw.FPDFText_IsGenerated(textpage.raw, i) == 1 or ch in "\r\n":
            chars.append(None)       # a line or word break pdfium inferred
            continue
        if _unmapped(ch):
            odd += 1
        raw.FPDFText_GetLooseCharBox(textpage.raw, i, rect)
        raw.FPDFText_GetCharOrigin(textpage.raw, i, ox, oy)
        raw.FPDFText_GetMatrix(textpage.raw, i, matrix)
        size = raw.FPDFText_GetFontSize(textpage.raw, i) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        top, bottom, base = height - rect.top, height - rect.bottom, height - oy.value
        if bottom - top < 0.75 * size:      # pdfium gives some glyphs (一, 网, ー) their ink box as the loose box
            top, bottom = base - 0.88 * size, base + 0.12 * size
        chars.append((ch, rect.left, top, rect.right, bottom, base, size))
    lines = _lines(chars)
    images = _images(page, width, height)
    textpage.close()
    page.close()
    real = sum(1 for c in chars if c and not c[0].isspace())
    return PageText(width, height, lines, _blocks(lines), images, real, odd / real if real else 0.0)


def _unmapped(ch: str) -> bool:
    """Private use, replacement and control characters; and Latin-1 letters, which is what Chinese text
    in a font without a Unicode map comes out as (GBK bytes read one by one)."""
    cp = ord(ch)
    return (0xE000 <= cp <= 0xF8FF or cp >= 0xF0000 or cp == 0xFFFD or (cp < 32 and ch not in "\t\x02")
            or 0x80 <= cp <= 0xFF and cp not in (0xA0, 0xAD, 0xB7))


def _lines(chars: list) -> list[Line]:
    """Characters in the order of the text layer, cut into lines where the baseline moves, the text
    goes back, or a gap wider than a column gap opens."""
    lines: list[Line] = []
    cur: list = []
    space = False

    def close():
        if cur:
            text = "".join(c[0] for c in cur).strip(" \x00")
            if text:
                sizes = sorted(round(c[6], 1) for c in cur if not c[0].isspace() and c[0] != "\x00")
                size = sizes[len(sizes) // 2]
                # A gap pdfium took for a space between two Chinese characters is justification, not a space
                # (`spaced` keeps them: in a line too short to be justified, as a byline, they are spaces).
                spaced = re.sub(r"[\s\x00]+", " ", text)
                text = re.sub(r"[\s\x00]+", " ", _WIDE_GAP.sub("", text))
                lines.append(Line(text, spaced, min(c[1] for c in cur), min(c[2] for c in cur),
                                  max(c[3] for c in cur), max(c[4] for c in cur), size))
        cur.clear()

    for c in chars:
        if c is None or c[0].isspace():
            space = True
            if c is not None and cur:
                cur.append(c)
            continue
        if cur:
            last = cur[-1]
            size = last[6]
            gap = c[1] - last[3]
            if abs(c[5] - last[5]) > 0.35 * size or c[3] <= last[1] + 0.1 * size or gap > (6.0 if space else 1.5) * size:
                close()
            elif space and not cur[-1][0].isspace():
                cur.append(("\x00", last[3], last[2], c[1], last[4], last[5], last[6]))
        space = False
        cur.append(c)
    close()
    return lines


def _blocks(lines: list[Line]) -> list[Block]:
    """Each line joins the block whose last line sits just above it, in the same column, in the same size."""
    blocks: list[Block] = []
    open_: list[Block] = []          # blocks whose last line is near enough above to be continued
    for line in sorted(lines, key=lambda ln: (ln.y0, ln.x0)):
        best = None
        open_ = [b for b in open_ if line.y0 - b.lines[-1].y1 <= 2 * (b.lines[-1].y1 - b.lines[-1].y0)]
        for b in open_:
            last = b.lines[-1]
            h = last.y1 - last.y0
            overlap = min(last.x1, line.x1) - max(last.x0, line.x0)
            if (abs(line.size - b.size) <= 0.08 * b.size and -0.3 * h <= line.y0 - last.y1 <= 0.7 * h
                    and overlap > 0.5 * min(last.x1 - last.x0, line.x1 - line.x0) and line.x0 > last.x0 - 2.5 * h):
                best = b
        if best:
            best.lines.append(line)
        else:
            best = Block([line], line.size)
            blocks.append(best)
            open_.append(best)
    for b in blocks:
        b.box = union([ln.x0, ln.y0, ln.x1, ln.y1] for ln in b.lines)
    return blocks


def _images(page, width: float, height: float) -> list[list[float]]:
    """The boxes of the page's pictures (inside form objects too), walked with pdfium's own calls: the
    page has one object per glyph, and wrapping each in Python would cost more than reading the text."""
    import ctypes

    import pypdfium2.raw as raw

    boxes = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))

    def walk(count, get, depth):
        for i in range(count):
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 3:
                walk(raw.FPDFFormObj_CountObjects(obj), lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j), depth + 1)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                if right.value - left.value > 0.02 * width and top.value - bottom.value > 0.02 * height:
                    boxes.append([left.value, height - top.value, right.value, height - bottom.value])

    walk(raw.FPDFPage_CountObjects(page.raw), lambda i: raw.FPDFPage_GetObject(page.raw, i), 0)
    return boxes
