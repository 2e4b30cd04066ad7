#!/usr/bin/env python3
"""Generate the demo photos, page scans and page PDFs that live in content/.

    python tools/make_demo_images.py [CONTENT_DIR]

Reads every edition under CONTENT_DIR (default: content/ next to tools/):

* for every ``images:`` entry of every article it writes a synthetic "photo"
  (JPEG, 2400x1600, or 1600x2400 for the names in PORTRAIT) next to the
  article.  The names in ROTATED are landscape pictures stored as 1600x2400
  pixels with EXIF Orientation=6, so that viewers/generators must honour the
  orientation tag to show them the right way up;
* for every page of edition.yaml that names ``image:`` it draws a newspaper
  page (1500x2100 JPEG) with a block for each article at its ``area``, and,
  if the page names ``pdf:``, the same picture at lower resolution as a
  one-page PDF.

Everything is deterministic: random numbers come from seeds derived from file
names, and no timestamps are written (the PDF dates are the edition date), so
running the script twice produces identical bytes.  Files whose bytes would
not change are not rewritten.  Only Pillow and PyYAML are needed; no fonts are
used (the "text" on the page scans is drawn as grey bars).
"""
from __future__ import annotations

import hashlib
import io
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageChops, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONTENT = ROOT / "content"

PHOTO_SIZE = (2400, 1600)            # landscape; portraits are (1600, 2400)
PHOTO_QUALITY = 80
PORTRAIT = {"forest-ranger.jpg", "bronze-plaque.jpg", "snow-birch.jpg"}
ROTATED = {"ice-hole.jpg"}           # stored rotated, EXIF Orientation = 6
EXIF_ORIENTATION = 0x0112

SCAN_SIZE = (1500, 2100)
SCAN_QUALITY = 70
PDF_SIZE = (750, 1050)
PDF_RESOLUTION = 54.0                # 750 px / 54 dpi = 13.9 in, a broadsheet page
PDF_QUALITY = 60

PAPER = (247, 245, 239)
INK = (28, 28, 30)
MASTHEAD_RED = (176, 30, 38)

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
EDITION_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HAN = re.compile(r"[\u4e00-\u9fff]")


# --------------------------------------------------------------------------
# content loading

@dataclass
class Article:
    path: Path
    page: int
    meta: dict
    body: str

    @property
    def slug(self) -> str:
        return self.path.stem


def read_article(path: Path, edition_dir: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    m = FRONT_MATTER.match(text)
    if not m:
        raise SystemExit(f"{path}: no YAML front matter")
    meta = yaml.safe_load(m.group(1)) or {}
    if path.parent == edition_dir:
        if "page" not in meta:
            raise SystemExit(f"{path}: article in the edition folder needs 'page:'")
        page = int(meta["page"])
    else:
        page = int(path.parent.name)
    return Article(path, page, meta, text[m.end():])


def load_edition(edition_dir: Path) -> tuple[dict, list[Article]]:
    data = yaml.safe_load((edition_dir / "edition.yaml").read_text(encoding="utf-8"))
    pages = {int(k): (v or {}) for k, v in (data.get("pages") or {}).items()}
    paths = sorted(edition_dir.glob("*.md")) + sorted(edition_dir.glob("[0-9][0-9]/*.md"))
    articles = [read_article(p, edition_dir) for p in paths]
    return pages, articles


# --------------------------------------------------------------------------
# helpers

def seed_of(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def mix(c1, c2, t: float):
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(c1, c2))


def jitter(c, rng: random.Random, amount: int = 10):
    return tuple(max(0, min(255, v + rng.randint(-amount, amount))) for v in c)


def vertical_gradient(size, top, bottom) -> Image.Image:
    w, h = size
    mask = Image.linear_gradient("L").resize((w, h), Image.BILINEAR)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


# --------------------------------------------------------------------------
# photos

# sky top, sky at horizon, far ground, near ground, accent (sun/light), subject
PALETTES = {
    "snow": [
        ((126, 160, 204), (222, 230, 240), (196, 206, 222), (238, 241, 246), (255, 246, 226), (58, 62, 74)),
        ((150, 170, 196), (214, 220, 228), (176, 186, 200), (232, 236, 242), (255, 236, 210), (70, 60, 56)),
    ],
    "desert": [
        ((92, 128, 186), (236, 206, 160), (196, 150, 100), (222, 184, 132), (255, 232, 180), (84, 58, 40)),
        ((70, 92, 150), (244, 178, 120), (170, 118, 82), (212, 160, 110), (255, 214, 150), (60, 40, 34)),
    ],
    "field": [
        ((96, 140, 196), (214, 226, 234), (150, 140, 96), (206, 170, 92), (255, 244, 210), (70, 66, 50)),
        ((110, 150, 190), (236, 214, 176), (120, 120, 90), (190, 150, 80), (255, 226, 170), (52, 54, 48)),
    ],
    "indoor": [
        ((88, 84, 80), (150, 140, 126), (110, 100, 90), (160, 146, 128), (255, 236, 196), (46, 44, 48)),
        ((70, 84, 96), (140, 156, 166), (96, 104, 110), (150, 156, 160), (240, 248, 255), (40, 46, 52)),
    ],
}
THEME_WORDS = [
    ("indoor", ("plant", "station", "workshop", "gallery", "plaque", "barn", "greenhouse",
                "shed", "training", "detail")),
    ("snow", ("snow", "ice", "birch", "fishing", "rink", "schoolyard", "convoy", "city")),
    ("desert", ("camel", "dune", "sand", "ranger", "desert")),
    ("field", ("harvest", "field", "wind", "grass", "farm")),
]


def theme_for(name: str, rng: random.Random) -> str:
    stem = name.rsplit(".", 1)[0]
    for theme, words in THEME_WORDS:
        if any(w in stem for w in words):
            return theme
    return rng.choice(sorted(PALETTES))


def ridge(rng: random.Random, w: int, base: float, rough: float) -> list[tuple[float, float]]:
    """A smooth random skyline from x=0 to x=w around height `base`."""
    pts, y, step = [], base, max(4, w // 40)
    slope = 0.0
    for x in range(0, w + step, step):
        slope = 0.7 * slope + rng.uniform(-rough, rough)
        y += slope
        pts.append((x, y))
    return pts


def paint_outdoor(img: Image.Image, rng: random.Random, pal) -> None:
    w, h = img.size
    sky_top, sky_hz, far, near, accent, subject = pal
    horizon = h * rng.uniform(0.42, 0.62)
    img.paste(vertical_gradient((w, int(horizon) + 2), sky_top, sky_hz), (0, 0))
    d = ImageDraw.Draw(img)
    # sun / glow
    sx, sy, sr = rng.uniform(0.15, 0.85) * w, horizon * rng.uniform(0.25, 0.8), rng.uniform(0.05, 0.1) * w
    glow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(glow).ellipse([sx - sr * 3, sy - sr * 3, sx + sr * 3, sy + sr * 3], fill=110)
    ImageDraw.Draw(glow).ellipse([sx - sr, sy - sr, sx + sr, sy + sr], fill=230)
    glow = glow.filter(ImageFilter.GaussianBlur(sr * 0.8))
    img.paste(Image.new("RGB", (w, h), accent), (0, 0), glow)
    # a few soft clouds
    for _ in range(rng.randint(2, 5)):
        cx, cy = rng.uniform(0, w), rng.uniform(0.05, 0.7) * horizon
        cw, ch = rng.uniform(0.1, 0.3) * w, rng.uniform(0.02, 0.05) * h
        cloud = Image.new("L", (w, h), 0)
        ImageDraw.Draw(cloud).ellipse([cx - cw, cy - ch, cx + cw, cy + ch], fill=rng.randint(60, 120))
        img.paste(Image.new("RGB", (w, h), (250, 250, 252)), (0, 0),
                  cloud.filter(ImageFilter.GaussianBlur(ch)))
    # ground: layered ridges, far to near
    layers = rng.randint(3, 4)
    for i in range(layers):
        t = i / (layers - 1)
        base = horizon + t * (h - horizon) * 0.45 - (1 - t) * h * 0.06
        pts = ridge(rng, w, base, h * 0.004 * (1.5 - t))
        colour = jitter(mix(far, near, t), rng, 6)
        d.polygon(pts + [(w, h), (0, h)], fill=colour)
    # ground gradient overlay towards the bottom
    shade = vertical_gradient((w, h - int(horizon)), near, mix(near, subject, 0.25))
    mask = Image.linear_gradient("L").resize(shade.size).point(lambda v: v // 3)
    img.paste(shade, (0, int(horizon)), mask)
    # subjects: animals / trees / people as soft dark blobs near the horizon
    for _ in range(rng.randint(6, 18)):
        bx = rng.uniform(0.05, 0.95) * w
        by = horizon + rng.uniform(0.05, 0.4) * (h - horizon)
        scale = 0.4 + (by - horizon) / (h - horizon) * 1.6
        bw, bh = rng.uniform(4, 9) * scale, rng.uniform(3, 6) * scale
        col = jitter(subject, rng, 12)
        d.ellipse([bx - bw, by - bh, bx + bw, by + bh], fill=col)
        d.rectangle([bx - bw * 0.6, by, bx - bw * 0.5, by + bh * 1.6], fill=col)
        d.rectangle([bx + bw * 0.5, by, bx + bw * 0.6, by + bh * 1.6], fill=col)


def paint_indoor(img: Image.Image, rng: random.Random, pal) -> None:
    w, h = img.size
    wall_top, wall_low, floor_far, floor_near, light, subject = pal
    floor_y = int(h * rng.uniform(0.55, 0.7))
    img.paste(vertical_gradient((w, floor_y), wall_top, wall_low), (0, 0))
    img.paste(vertical_gradient((w, h - floor_y), floor_far, floor_near), (0, floor_y))
    d = ImageDraw.Draw(img)
    # windows / light panels
    for _ in range(rng.randint(2, 4)):
        x0 = rng.uniform(0, 0.8) * w
        y0 = rng.uniform(0.05, 0.3) * h
        ww, wh = rng.uniform(0.08, 0.2) * w, rng.uniform(0.15, 0.3) * h
        d.rectangle([x0, y0, x0 + ww, y0 + wh], fill=jitter(light, rng, 8))
    # light cone
    cone = Image.new("L", (w, h), 0)
    cx = rng.uniform(0.2, 0.8) * w
    ImageDraw.Draw(cone).polygon([(cx - w * 0.05, 0), (cx + w * 0.05, 0),
                                  (cx + w * 0.3, h), (cx - w * 0.3, h)], fill=70)
    img.paste(Image.new("RGB", (w, h), light), (0, 0), cone.filter(ImageFilter.GaussianBlur(w * 0.04)))
    # machines / shelves / showcases: boxes standing on the floor
    for _ in range(rng.randint(3, 7)):
        bw = rng.uniform(0.06, 0.22) * w
        bh = rng.uniform(0.15, 0.45) * h
        x0 = rng.uniform(-0.05, 0.95) * w
        y1 = floor_y + rng.uniform(0, 0.25) * (h - floor_y)
        col = jitter(mix(subject, wall_low, rng.uniform(0.1, 0.6)), rng, 10)
        d.rectangle([x0, y1 - bh, x0 + bw, y1], fill=col)
        d.rectangle([x0, y1 - bh, x0 + bw, y1 - bh + bh * 0.06], fill=mix(col, light, 0.4))
    # people: soft figures
    for _ in range(rng.randint(1, 4)):
        px = rng.uniform(0.1, 0.9) * w
        py = floor_y + rng.uniform(0.1, 0.5) * (h - floor_y)
        s = rng.uniform(0.8, 1.4) * h / 100
        col = jitter(subject, rng, 15)
        d.ellipse([px - 3 * s, py - 28 * s, px + 3 * s, py - 22 * s], fill=col)
        d.rounded_rectangle([px - 5 * s, py - 21 * s, px + 5 * s, py], radius=3 * s, fill=col)


def make_photo(name: str, size: tuple[int, int]) -> Image.Image:
    rng = random.Random(seed_of(name))
    theme = theme_for(name, rng)
    pal = rng.choice(PALETTES[theme])
    w, h = size
    small = Image.new("RGB", (w // 4, h // 4), pal[0])
    (paint_indoor if theme == "indoor" else paint_outdoor)(small, rng, pal)
    small = small.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.6)))
    img = small.resize(size, Image.BICUBIC)
    # vignette
    vig = Image.radial_gradient("L").resize(size, Image.BILINEAR).point(lambda v: 255 - int(v * v / 255 * 0.45))
    img = Image.composite(img, Image.new("RGB", size, (0, 0, 0)), vig)
    # film grain, generated at half resolution and scaled up (keeps the JPEG small)
    nw, nh = w // 2, h // 2
    noise = Image.frombytes("L", (nw, nh), rng.randbytes(nw * nh))
    noise = noise.point(lambda v: 128 + (v - 128) * 4 // 128).resize(size, Image.BILINEAR)
    img = ImageChops.add(img, Image.merge("RGB", (noise, noise, noise)), scale=1.0, offset=-128)
    return img


def photo_bytes(name: str) -> bytes:
    portrait = name in PORTRAIT
    size = (PHOTO_SIZE[1], PHOTO_SIZE[0]) if portrait else PHOTO_SIZE
    img = make_photo(name, size)
    out = io.BytesIO()
    if name in ROTATED:
        # Orientation 6 = "rotate 90° clockwise to display": store the pixels
        # turned 90° counter-clockwise.
        exif = Image.Exif()
        exif[EXIF_ORIENTATION] = 6
        img.transpose(Image.Transpose.ROTATE_90).save(
            out, "JPEG", quality=PHOTO_QUALITY, optimize=True, exif=exif.tobytes())
    else:
        img.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return out.getvalue()


# --------------------------------------------------------------------------
# page scans

def bar(d: ImageDraw.ImageDraw, x: float, y: float, w: float, h: float, fill) -> None:
    x0, y0 = round(x), round(y)
    d.rectangle([x0, y0, max(x0, round(x + w) - 1), max(y0, round(y + h) - 1)], fill=fill)


def draw_glyph_block(d, rng, x, y, size, fill) -> None:
    """A fake CJK character: a few strokes inside a square cell."""
    for _ in range(rng.randint(4, 7)):
        if rng.random() < 0.55:   # horizontal stroke
            sx, sw = rng.uniform(0.05, 0.4) * size, rng.uniform(0.4, 0.9) * size
            sy = rng.uniform(0.08, 0.85) * size
            bar(d, x + sx, y + sy, min(sw, size * 0.95 - sx), size * 0.09, fill)
        else:                     # vertical stroke
            sx = rng.uniform(0.1, 0.85) * size
            sy, sh = rng.uniform(0.03, 0.4) * size, rng.uniform(0.4, 0.9) * size
            bar(d, x + sx, y + sy, size * 0.09, min(sh, size * 0.95 - sy), fill)


def draw_masthead(d, rng, date: str, number: str) -> None:
    W, H = SCAN_SIZE
    mx = round(0.04 * W)
    top, bottom = round(0.015 * H), round(0.105 * H)
    bar(d, mx, top, W - 2 * mx, bottom - top, MASTHEAD_RED)
    cell = (bottom - top) * 0.62
    gx = mx + 40
    for _ in range(4):              # 北 疆 日 报
        draw_glyph_block(d, rng, gx, top + (bottom - top - cell) / 2, cell, PAPER)
        gx += cell * 1.12
    # edition info at the right of the band
    for i, frac in enumerate((0.9, 0.7, 0.8, 0.55)):
        bar(d, W - mx - 380, top + 28 + i * 36, 340 * frac, 14, (240, 214, 214))
    # date / number strip under the band
    y = bottom + 14
    bar(d, mx, y, W - 2 * mx, 3, INK)
    bar(d, mx, y + 14, 260, 14, (90, 90, 90))
    bar(d, mx + 300, y + 14, 200 + 8 * len(number), 14, (90, 90, 90))
    bar(d, W - mx - 320, y + 14, 320, 14, (90, 90, 90))
    bar(d, mx, y + 40, W - 2 * mx, 1, INK)


def draw_page_header(d, page_no: int, page_name: str) -> None:
    W, H = SCAN_SIZE
    mx = round(0.04 * W)
    y = round(0.018 * H)
    box_w, box_h = 120, 46
    left = page_no % 2 == 0        # even pages: page number on the left
    bx = mx if left else W - mx - box_w
    bar(d, bx, y, box_w, box_h, INK)
    name_w = 44 * len(page_name)
    nx = bx + box_w + 24 if left else bx - 24 - name_w
    bar(d, nx, y + 6, name_w, box_h - 12, (60, 60, 60))
    dx = W - mx - 420 if left else mx
    bar(d, dx, y + 16, 420, 14, (140, 140, 140))
    bar(d, mx, round(0.046 * H), W - 2 * mx, 3, INK)
    bar(d, mx, round(0.046 * H) + 7, W - 2 * mx, 1, INK)


def draw_footer(d, page_no: int) -> None:
    W, H = SCAN_SIZE
    mx = round(0.04 * W)
    y = round(0.968 * H)
    bar(d, mx, y, W - 2 * mx, 1, (120, 120, 120))
    bar(d, mx, y + 12, 300, 10, (150, 150, 150))
    bar(d, W - mx - 200, y + 12, 200, 10, (150, 150, 150))


def photo_layout(aspects: list[float], box_w: float, box_h: float, gap: float = 14.0):
    """Place photos (with aspect ratios) in rows inside box; returns (x, y, w, h) list."""
    best, best_area = [], -1.0
    n = len(aspects)
    for rows in range(1, n + 1):
        per = -(-n // rows)
        groups = [aspects[i:i + per] for i in range(0, n, per)]
        row_h = (box_h - gap * (len(groups) - 1)) / len(groups)
        placed, y, area = [], 0.0, 0.0
        for g in groups:
            h = min(row_h, (box_w - gap * (len(g) - 1)) / sum(g))
            x = 0.0
            for a in g:
                placed.append((x, y, a * h, h))
                area += a * h * h
                x += a * h + gap
            y += h + gap
        if area > best_area:
            best, best_area = placed, area
    return best


def text_lines(d, rng, x0, y0, x1, y1, subheads: int) -> None:
    pitch, thick = 15, 5
    y = y0
    para = rng.randint(3, 8)
    while y + thick <= y1:
        if subheads and rng.random() < 0.035 and y + thick + 4 <= y1:
            bar(d, x0 + 4, y, (x1 - x0) * rng.uniform(0.35, 0.6), thick + 4, (70, 70, 70))
            y += pitch + 8
            continue
        para -= 1
        if para == 0:
            bar(d, x0, y, (x1 - x0) * rng.uniform(0.2, 0.8), thick, (150, 150, 150))
            y += pitch
            para = rng.randint(3, 9)
            if y + thick <= y1:   # indented first line of the next paragraph
                bar(d, x0 + 22, y, x1 - x0 - 22, thick, (150, 150, 150))
        else:
            bar(d, x0, y, x1 - x0, thick, (150, 150, 150))
        y += pitch


def draw_article(d, rng, art: Article, lead: bool) -> None:
    W, H = SCAN_SIZE
    ax, ay, aw, ah = art.meta["area"]
    x0, y0 = ax * W, ay * H
    x1, y1 = (ax + aw) * W, (ay + ah) * H
    pad = 10
    d.rectangle([round(x0), round(y0), round(x1) - 1, round(y1) - 1], outline=(185, 185, 185), width=1)
    ix0, ix1 = x0 + pad, x1 - pad
    inner_w = ix1 - ix0
    y = y0 + pad + 4
    meta = art.meta
    if meta.get("kicker"):
        bar(d, ix0, y, min(inner_w * 0.85, 20 * len(meta["kicker"])), 14, (105, 105, 105))
        y += 26
    head_h = 64 if lead else (44 if aw > 0.5 else 34)
    head_w = min(inner_w, head_h * 0.95 * len(meta.get("title", "")))
    hx = ix0 + (inner_w - head_w) / 2 if (lead or aw > 0.5) else ix0
    bar(d, hx, y, head_w, head_h, INK)
    y += head_h + 14
    if meta.get("subtitle"):
        sw = min(inner_w * 0.9, 24 * len(meta["subtitle"]))
        bar(d, ix0 + (inner_w - sw) / 2 if aw > 0.5 else ix0, y, sw, 18, (75, 75, 75))
        y += 32
    authors = meta.get("authors")
    if authors:
        text = authors if isinstance(authors, str) else "  ".join(authors)
        bar(d, ix0, y, min(inner_w * 0.8, 11 * len(text)), 10, (125, 125, 125))
        y += 24
    body_top, body_bottom = y, y1 - pad
    images = meta.get("images") or []
    if images:
        short = len(HAN.findall(art.body)) < 200
        frac = 0.8 if short else (0.55 if len(images) > 1 else 0.45)
        region_h = (body_bottom - body_top) * frac
        aspects = [(2 / 3 if str(im.get("file")) in PORTRAIT else 1.5) for im in images]
        cap = 22
        for px, py, pw, ph in photo_layout(aspects, inner_w, region_h - cap):
            bx, by = ix0 + px, body_top + py
            bar(d, bx, by, pw, ph - cap, (148, 150, 152))
            d.rectangle([round(bx), round(by), round(bx + pw) - 1, round(by + ph - cap) - 1],
                        outline=(95, 95, 95), width=2)
            bar(d, bx, by + ph - cap + 8, pw * 0.7, 8, (120, 120, 120))      # caption
        body_top += region_h + 10
    if body_bottom - body_top < 20:
        return
    ncol = max(1, round(aw / 0.15))
    gap = 18
    col_w = (inner_w - gap * (ncol - 1)) / ncol
    subheads = art.body.count("\n**")
    for c in range(ncol):
        cx = ix0 + c * (col_w + gap)
        text_lines(d, rng, cx, body_top, cx + col_w, body_bottom, subheads)
        if c:   # thin column rule
            rx = cx - gap / 2
            bar(d, rx, body_top, 1, body_bottom - body_top, (175, 175, 175))


def check_areas(articles: list[Article], where: str) -> None:
    boxes = []
    for a in articles:
        area = a.meta.get("area")
        if not (isinstance(area, list) and len(area) == 4):
            raise SystemExit(f"{a.path}: needs area: [x, y, w, h] (page {where} has a scan)")
        x, y, w, h = (float(v) for v in area)
        if not (0 <= x and 0 <= y and w > 0 and h > 0 and x + w <= 1 and y + h <= 1):
            raise SystemExit(f"{a.path}: area {area} is not inside the page")
        for other, (ox, oy, ow, oh) in boxes:
            if x < ox + ow and ox < x + w and y < oy + oh and oy < y + h:
                raise SystemExit(f"{a.path}: area overlaps {other.path}")
        boxes.append((a, (x, y, w, h)))


def scan_image(date: str, number: str, page_no: int, page: dict, arts: list[Article]) -> Image.Image:
    img = Image.new("RGB", SCAN_SIZE, PAPER)
    d = ImageDraw.Draw(img)
    rng = random.Random(seed_of(f"{date}/page-{page_no}"))
    if page_no == 1:
        draw_masthead(d, rng, date, number)
    else:
        draw_page_header(d, page_no, str(page.get("name", "")))
    draw_footer(d, page_no)
    arts = sorted(arts, key=lambda a: (int(a.meta.get("order", 99)), a.slug))
    for i, art in enumerate(arts):
        draw_article(d, random.Random(seed_of(f"{date}/{art.slug}")), art, lead=(page_no == 1 and i == 0))
    return img


def scan_bytes(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=SCAN_QUALITY, optimize=True)
    return out.getvalue()


def pdf_bytes(img: Image.Image, date: str, page_no: int, page_name: str, site_name: str) -> bytes:
    stamp = time.strptime(date, "%Y-%m-%d")          # fixed, so the output is reproducible
    out = io.BytesIO()
    img.resize(PDF_SIZE, Image.LANCZOS).save(
        out, "PDF", resolution=PDF_RESOLUTION, quality=PDF_QUALITY,
        title=f"{site_name} {date} 第{page_no:02d}版 {page_name}".strip(),
        author=site_name, creator="tools/make_demo_images.py", producer="Pillow",
        creationDate=stamp, modDate=stamp)
    return out.getvalue()


# --------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    content = Path(argv[1]) if len(argv) > 1 else DEFAULT_CONTENT
    site_file = content.parent / "site.yaml"
    site_name = ""
    if site_file.exists():
        site_name = str((yaml.safe_load(site_file.read_text(encoding="utf-8")) or {}).get("name", ""))
    written = unchanged = 0
    for edition_dir in sorted(p for p in content.iterdir() if p.is_dir() and EDITION_DIR.match(p.name)):
        date = edition_dir.name
        edition = yaml.safe_load((edition_dir / "edition.yaml").read_text(encoding="utf-8"))
        pages, articles = load_edition(edition_dir)
        outputs: list[tuple[Path, bytes]] = []
        for art in articles:
            for im in art.meta.get("images") or []:
                name = str(im["file"])
                outputs.append((art.path.parent / name, photo_bytes(name)))
        for page_no, page in sorted(pages.items()):
            if not page.get("image"):
                continue
            arts = [a for a in articles if a.page == page_no]
            check_areas(arts, f"{date}/{page_no}")
            img = scan_image(date, str(edition.get("number", "")), page_no, page, arts)
            outputs.append((edition_dir / page["image"], scan_bytes(img)))
            if page.get("pdf"):
                outputs.append((edition_dir / page["pdf"],
                                pdf_bytes(img, date, page_no, str(page.get("name", "")), site_name)))
        for path, data in outputs:
            if write_if_changed(path, data):
                written += 1
                print(f"wrote {path.relative_to(content)} ({len(data) // 1024} KB)")
            else:
                unchanged += 1
    print(f"{written} file(s) written, {unchanged} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
