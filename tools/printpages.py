#!/usr/bin/env python3
"""Realistic print pages with the truth kept beside them: the test set for regions and import.

    python tools/printpages.py OUT [--pages 24] [--seed 1]

Writes OUT/zh/pNN.pdf and OUT/en/pNN.pdf (half the pages each) and OUT/truth.json.  Each page is an HTML
page laid out like a daily's page (masthead strip with the page header, articles in boxes cut from a
six-column grid, kicker, headline, subtitle, byline, photo with caption and credit, body in columns with
subheads, a column of briefs), printed to PDF by chromium (Playwright) with the Noto CJK fonts.  The
truth of each article (its ink box as fractions of the page, its texts, its reading order) is read from
the DOM boxes after the text has been fitted into the box.  Seeded: the same seed gives the same pages.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import html
import io
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from printtext import EN, ZH, Words  # noqa: E402

__all__ = ["make_page_html", "print_pages", "PAGE_W", "PAGE_H"]

PAGE_W, PAGE_H = 1100, 1600           # CSS px of the printed page (96 dpi: 291 x 423 mm)
LEFT, TOP, RIGHT, BOTTOM = 40, 96, 1060, 1566
COLS = 6
COL_W = (RIGHT - LEFT) / COLS
GAP = 14
ZH_NAMES = ["要闻", "综合", "经济", "城市", "农村", "文化", "体育", "国际", "社会", "评论", "教育", "副刊"]
EN_NAMES = ["News", "City", "Business", "World", "Sport", "Culture", "Opinion", "Health", "Travel", "Science",
            "Region", "Arts"]

CSS = """
@page { size: 1100px 1600px; margin: 0 }
html, body { margin: 0; padding: 0; width: 1100px; height: 1600px; position: relative; overflow: hidden }
body { font-family: 'Noto Serif CJK SC', 'Noto Serif', serif; color: #111 }
.mast { position: absolute; left: 40px; right: 40px; top: 28px; height: 44px; border-bottom: 3px double #222;
  font-family: 'Noto Sans CJK SC', sans-serif; display: flex; justify-content: space-between; align-items: end }
.mast .hd { font-size: 22px; font-weight: 700 } .mast .meta { font-size: 13px }
.art { position: absolute; display: flex; flex-direction: column; overflow: hidden; border-top: 1px solid #666 }
.kicker { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 15px; margin: 6px 0 2px }
.title { font-family: 'Noto Sans CJK SC', sans-serif; font-weight: 700; margin: 2px 0 4px; line-height: 1.2 }
.subtitle { font-size: 18px; margin: 2px 0 4px }
.byline { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 13px; margin: 4px 0 6px }
figure { margin: 4px 0 8px } figure img { display: block; width: 100% }
figcaption { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 12px; margin-top: 4px; line-height: 1.4 }
.body { flex: 1 1 0; min-height: 0; overflow: hidden; column-fill: auto; column-gap: 14px; font-size: 14px;
  line-height: 1.55; text-align: justify }
.body p { margin: 0; text-indent: 2em } .en .body p { text-indent: 1.2em; hyphens: manual }
.body h4 { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 16px; margin: 4px 0; break-after: avoid }
.briefs-head { position: absolute; font-family: 'Noto Sans CJK SC', sans-serif; font-size: 16px; font-weight: 700;
  background: #222; color: #fff; text-align: center; padding: 2px 0 }
.brief .title { font-size: 18px } .brief .body { font-size: 13px; column-count: 1 }
"""

# Fits each article's body into its box (drops whole paragraphs, then sentences), then reads every
# article's ink box (the union of its text lines and photos) and its texts from the DOM.
FIT_AND_READ = r"""
() => {
  const over = b => b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1;
  for (const body of document.querySelectorAll('.body')) {
    let removed = null;
    while (over(body) && body.children.length > 1) { removed = body.lastElementChild; removed.remove(); }
    if (removed && removed.tagName === 'P') body.appendChild(removed);
    let last = body.lastElementChild;
    while (last && over(body)) {
      const s = last.dataset.sentences ? JSON.parse(last.dataset.sentences) : [];
      if (s.length <= 1) { last.remove(); last = body.lastElementChild; continue; }
      s.pop(); last.dataset.sentences = JSON.stringify(s); last.innerHTML = s.join(last.dataset.sep);
    }
    while (body.lastElementChild && body.lastElementChild.tagName === 'H4') body.lastElementChild.remove();
  }
  const box = els => {
    let x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (const el of els) {
      const rects = el.tagName === 'IMG' ? [el.getBoundingClientRect()] : (() => {
        const r = document.createRange(); r.selectNodeContents(el); return [...r.getClientRects()]; })();
      for (const r of rects) { if (r.width < 0.5 || r.height < 0.5) continue;
        x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top); x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom); }
    }
    return [x0, y0, x1 - x0, y1 - y0];
  };
  const text = el => el ? el.textContent.replace(/\u00ad/g, '') : '';
  return [...document.querySelectorAll('[data-order]')].map(a => ({
    slug: a.dataset.slug, order: +a.dataset.order, brief: a.classList.contains('brief'),
    box: box(a.querySelectorAll('.kicker,.title,.subtitle,.byline,img,figcaption,.body > *')),
    kicker: text(a.querySelector('.kicker')), title: text(a.querySelector('.title')),
    subtitle: text(a.querySelector('.subtitle')), authors: JSON.parse(a.dataset.authors),
    paragraphs: [...a.querySelectorAll('.body > *')].map(e => e.tagName === 'H4' ? '**' + text(e) + '**' : text(e)),
    photos: [...a.querySelectorAll('figure')].map(f => ({box: box(f.querySelectorAll('img,figcaption')),
      caption: f.dataset.caption, credit: f.dataset.credit})),
  }));
}
"""


def _cut(rng: random.Random, x: int, y: float, w: int, h: float, depth: int, out: list) -> None:
    """Guillotine cuts of a box (x, w in grid columns; y, h in px) into article boxes, in reading order."""
    can_split_w, can_split_h = w >= 4, h >= 640
    if depth > 0 and (not (can_split_w or can_split_h) or rng.random() < 0.28 * depth):
        out.append((x, y, w, h))
        return
    if can_split_h and (not can_split_w or rng.random() < 0.55):
        top = round(h * rng.uniform(0.38, 0.62))
        _cut(rng, x, y, w, top, depth + 1, out)
        _cut(rng, x, y + top, w, h - top, depth + 1, out)
    else:
        left = rng.randint(2, w - 2)
        _cut(rng, x, y, left, h, depth + 1, out)
        _cut(rng, x + left, y, w - left, h, depth + 1, out)


def _photo_data(rng: random.Random) -> str:
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (96, 64), tuple(rng.randint(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = rng.randint(0, 90), rng.randint(0, 58)
        draw.rectangle([x, y, x + rng.randint(8, 40), y + rng.randint(6, 30)],
                       fill=tuple(rng.randint(20, 240) for _ in range(3)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def _soft_hyphens(text: str, words: Words) -> str:
    if words.lang != "en":
        return html.escape(text)
    return re.sub(r"[A-Za-z]{8,}", lambda m: m.group(0)[:4] + "\u00ad" + m.group(0)[4:], html.escape(text))


def _paragraph(rng: random.Random, words: Words, n: int) -> str:
    sentences = [_soft_hyphens(s, words) for s in words.paragraph(rng, n)]
    sep = " " if words.lang == "en" else ""
    return (f"<p data-sep='{sep}' data-sentences='{html.escape(json.dumps(sentences, ensure_ascii=False))}'>"
            f"{sep.join(sentences)}</p>")


def _article(rng: random.Random, words: Words, order: int, box: tuple, lead: bool, used: set) -> str:
    x, y, w, h = box
    left, width = LEFT + x * COL_W + (GAP / 2 if x else 0), w * COL_W - (GAP / 2 if x else 0) - (GAP / 2 if x + w < COLS else 0)
    title = words.headline(rng)
    while title in used:
        title = words.headline(rng)
    used.add(title)
    byline, authors = words.byline(rng)
    size = (40 if w >= 4 else 32) if lead else rng.choice((26, 28, 30, 32) if w >= 3 else (24, 26))
    parts = []
    if rng.random() < 0.4:
        parts.append(f"<div class=kicker>{html.escape(words.kicker(rng))}</div>")
    parts.append(f"<h2 class=title style='font-size:{size}px'>{html.escape(title)}</h2>")
    if rng.random() < (0.6 if lead else 0.3):
        parts.append(f"<div class=subtitle>{html.escape(words.subtitle(rng))}</div>")
    parts.append(f"<div class=byline>{html.escape(byline)}</div>")
    if h > 480 and rng.random() < 0.6:
        caption, credit = words.caption(rng)
        shown = f"{caption} {words.credit_text(credit)}"
        parts.append(f"<figure data-caption='{html.escape(caption)}' data-credit='{html.escape(credit)}'>"
                     f"<img src='{_photo_data(rng)}' style='height:{round(h * rng.uniform(0.25, 0.4))}px'>"
                     f"<figcaption>{html.escape(shown)}</figcaption></figure>")
    body = []
    for i in range(rng.randint(6, 14)):
        if i and rng.random() < 0.18:
            body.append(f"<h4>{html.escape(words.subhead(rng))}</h4>")
        body.append(_paragraph(rng, words, rng.randint(2, 5)))
    return (f"<article class=art data-order={order} data-slug=a{order:02d} "
            f"data-authors='{html.escape(json.dumps(authors, ensure_ascii=False))}' "
            f"style='left:{left:.1f}px;top:{y:.1f}px;width:{width:.1f}px;height:{h - GAP:.1f}px'>"
            + "".join(parts) + f"<div class=body style='column-count:{w}'>" + "".join(body) + "</div></article>")


def _briefs(rng: random.Random, words: Words, first: int, col: int, used: set) -> tuple[str, int]:
    left = LEFT + col * COL_W + (GAP / 2 if col else 0)
    width = COL_W - GAP / 2
    head = "简讯" if words.lang == "zh" else "In brief"
    out = [f"<div class=briefs-head style='left:{left:.1f}px;top:{TOP}px;width:{width:.1f}px'>{head}</div>"]
    n = rng.randint(3, 5)
    y, h = TOP + 40, (BOTTOM - TOP - 40) / n
    for i in range(n):
        title = words.headline(rng, short=True)
        while title in used:
            title = words.headline(rng, short=True)
        used.add(title)
        out.append(f"<article class='art brief' data-order={first + i} data-slug=a{first + i:02d} data-authors='[]' "
                   f"style='left:{left:.1f}px;top:{y + i * h:.1f}px;width:{width:.1f}px;height:{h - GAP:.1f}px'>"
                   f"<h3 class=title>{html.escape(title)}</h3><div class=body>"
                   + "".join(_paragraph(rng, words, rng.randint(2, 4)) for _ in range(3)) + "</div></article>")
    return "".join(out), n


def make_page_html(seed: int, number: int, lang: str, edition_number: int, date=None) -> str:
    """The HTML of one page: the same arguments always give the same page."""
    rng = random.Random(f"{seed}:{lang}:{number}")
    words = ZH if lang == "zh" else EN
    name = (ZH_NAMES if lang == "zh" else EN_NAMES)[(number - 1) % 12]
    header = f"第{number:02d}版：{name}" if lang == "zh" else f"Page {number:02d}: {name}"
    date = date or dt.date(2026, 11, 27)
    meta = (f"总第{edition_number}期　{date.year}年{date.month}月{date.day}日　星期{'一二三四五六日'[date.weekday()]}"
            if lang == "zh" else f"No. {edition_number} · {date:%A}, {date.day} {date:%B %Y}")
    briefs_at = rng.choice((None, 0, COLS - 1))
    x0, w = (1, COLS - 1) if briefs_at == 0 else (0, COLS - 1) if briefs_at == COLS - 1 else (0, COLS)
    boxes: list = []
    _cut(rng, x0, TOP, w, BOTTOM - TOP, 0, boxes)
    used: set = set()
    body, order = [], 1
    if briefs_at == 0:
        text, n = _briefs(rng, words, order, 0, used)
        body.append(text)
        order += n
    for i, box in enumerate(boxes):
        body.append(_article(rng, words, order, box, i == 0, used))
        order += 1
    if briefs_at == COLS - 1:
        body.append(_briefs(rng, words, order, COLS - 1, used)[0])
    return (f"<!doctype html><html lang={'zh-CN' if lang == 'zh' else 'en'}><meta charset=utf-8><style>{CSS}</style>"
            f"<body class={lang}><div class=mast><span class=hd>{header}</span><span class=meta>{meta}</span></div>"
            + "".join(body) + "</body></html>")


def print_pages(out: Path, pages: int = 24, seed: int = 1, langs=("zh", "en"), date=None,
                edition_number: int | None = None) -> dict:
    """Print `pages` pages (split between the languages) into out/<lang>/pNN.pdf; returns the truth, also
    written to out/truth.json: {lang: {"number": ..., "pages": [{"number", "name", "articles": [...]}]}}."""
    from playwright.sync_api import sync_playwright
    truth = {}
    per_lang = -(-pages // len(langs))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": PAGE_W, "height": PAGE_H})
        for lang in langs:
            number_shown = edition_number or 20000 + seed * 7 + len(lang)
            folder = out / lang
            folder.mkdir(parents=True, exist_ok=True)
            found = []
            for number in range(1, per_lang + 1):
                tab.set_content(make_page_html(seed, number, lang, number_shown, date))
                tab.evaluate("document.fonts.ready")
                articles = tab.evaluate(FIT_AND_READ)
                for a in articles:
                    a["box"] = _fractions(a["box"])
                    for p in a["photos"]:
                        p["box"] = _fractions(p["box"])
                tab.pdf(path=str(folder / f"p{number:02d}.pdf"), width=f"{PAGE_W}px", height=f"{PAGE_H}px",
                        print_background=True, prefer_css_page_size=True)
                name = (ZH_NAMES if lang == "zh" else EN_NAMES)[(number - 1) % 12]
                found.append({"number": number, "name": name, "file": f"{lang}/p{number:02d}.pdf",
                              "articles": articles})
            truth[lang] = {"number": str(number_shown), "pages": found}
        browser.close()
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def _fractions(box: list[float]) -> list[float]:
    x, y, w, h = box
    return [round(x / PAGE_W, 5), round(y / PAGE_H, 5), round(w / PAGE_W, 5), round(h / PAGE_H, 5)]


def write_edition(content: Path, date: dt.date, pages: int, seed: int, edition_number: int) -> Path:
    """content/DATE/ made from printed Chinese pages: edition.yaml naming each page's PDF, and each article
    as Markdown with its texts and no `area:` (the build finds the regions on the PDFs)."""
    import shutil
    import tempfile

    import yaml
    folder = content / date.isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        truth = print_pages(Path(tmp), pages, seed, ("zh",), date, edition_number)["zh"]
        folder.mkdir(parents=True)
        spec = {}
        for page in truth["pages"]:
            n = page["number"]
            shutil.copy(Path(tmp) / page["file"], folder / f"p{n:02d}.pdf")
            spec[n] = {"name": page["name"], "pdf": f"p{n:02d}.pdf"}
            (folder / f"{n:02d}").mkdir()
            for a in page["articles"]:
                front = {k: a[k] for k in ("title", "kicker", "subtitle", "authors") if a[k]}
                front["order"] = a["order"]
                text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
                body = "\n\n".join(a["paragraphs"])
                (folder / f"{n:02d}" / f"story-{a['order']:02d}.md").write_text(f"---\n{text}---\n\n{body}\n",
                                                                            encoding="utf-8")
    number = f"总第 {edition_number} 期"
    (folder / "edition.yaml").write_text(yaml.safe_dump({"number": number, "pages": spec}, allow_unicode=True,
                                                        sort_keys=False), encoding="utf-8")
    return folder


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write into: OUT/zh/, OUT/en/ and OUT/truth.json")
    parser.add_argument("--pages", type=int, default=24, help="how many pages, half Chinese and half English "
                        "(with --edition: all Chinese) (default: 24)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same pages (default: 1)")
    parser.add_argument("--edition", metavar="DATE", help="write OUT/DATE/ as an edition of a paper's content/ "
                        "(Chinese pages, articles without area:) instead of a test set")
    parser.add_argument("--number", type=int, default=25476, help="the edition number the masthead shows (with --edition)")
    args = parser.parse_args(argv)
    if args.edition:
        folder = write_edition(args.out, dt.date.fromisoformat(args.edition), args.pages, args.seed, args.number)
        print(f"wrote {folder}")
        return 0
    truth = print_pages(args.out, args.pages, args.seed)
    count = sum(len(p["articles"]) for t in truth.values() for p in t["pages"])
    print(f"{sum(len(t['pages']) for t in truth.values())} pages, {count} articles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
