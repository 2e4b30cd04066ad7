"""The article and page views as a reader sees them in the built HTML: 当前版 with 上一版/下一版, the
headline list with subtitles, photos (lead first, the rest as a gallery after the opening), the
description search engines show."""
from __future__ import annotations

import html
import re

from PIL import Image


def photo(paper, rel: str, size=(1200, 800)) -> None:
    path = paper.root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (120, 140, 160)).save(path, quality=70)


def description(text: str) -> str:
    return html.unescape(re.search(r'<meta name="description" content="([^"]*)"', text).group(1))


def test_article_shows_its_page_with_previous_and_next_page(small_paper):
    small_paper.build()
    text = small_paper.read("2024-11-25/02/alpha.html")
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', text, re.S).group(0)
    assert "当前版：" in crumbs and 'href="../../2024-11-25/02/index.html">第02版</a>' in crumbs
    assert 'href="../../2024-11-25/01/index.html">‹ 上一版' in crumbs
    assert 'href="../../2024-11-25/08/index.html">下一版 ›' in crumbs
    first = small_paper.read("2024-11-25/01/second.html")
    assert "上一版" not in re.search(r'<nav class="crumbs".*?</nav>', first, re.S).group(0)


def test_section_link_never_repeats_the_page_name(small_paper):
    small_paper.article("2024-11-25/02/gamma.md", "title: 二版丙\nsection: 经济")
    small_paper.build()
    plain = small_paper.read("2024-11-25/02/alpha.html")         # section defaults to the page's name
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', plain, re.S).group(0)
    assert crumbs.count("要闻") == 1
    assert re.search(r'当前版：<a class="back" href="[^"]+">第02版</a> <a class="section" href="[^"]+">要闻</a>', crumbs)
    other = small_paper.read("2024-11-25/02/gamma.html")
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', other, re.S).group(0)
    assert ">第02版：要闻</a>" in crumbs and re.search(r'class="section" href="[^"]+">经济</a>', crumbs)


def test_headline_list_shows_the_subtitle_on_page_and_article(small_paper):
    small_paper.build()
    for rel in ("2024-11-25/01/index.html", "2024-11-25/01/second.html"):
        nav = re.search(r'<nav class="headlines".*?</nav>', small_paper.read(rel), re.S).group(0)
        assert '头条新闻<small class="sub">副题文字</small>' in nav, rel


def test_lead_photo_comes_first_and_the_others_follow_the_opening_paragraphs(paper):
    names = [f"p{i}.jpg" for i in range(5)]
    for n in names:
        photo(paper, f"2024-11-25/01/{n}")
    images = "".join(f"\n  - {{file: {n}, caption: 说明{n}, credit: 摄影甲}}" for n in names)
    paper.article("2024-11-25/01/story.md", f"title: 五图稿件\nimages:{images}",
                  "第一段正文。\n\n第二段正文。\n\n第三段正文。\n")
    paper.build()
    page = paper.read("2024-11-25/01/story.html")
    text = page[page.index("<main"):]
    lead, first, second, gallery, third = (text.index(s) for s in ("p0.", "第一段", "第二段", 'class="gallery"', "第三段"))
    assert lead < first < second < gallery < third
    assert all(text.index(f"p{i}.", gallery) < third for i in range(1, 5))
    # every photo links to its full size (the lightbox without a script) and the lightbox is on the page
    assert len(re.findall(r'<a class="enlarge" href="[^"]+\.1200\.jpg"', text)) == 5
    assert '<template id="lightbox-template">' in text and "<dialog" in text
    assert len(page.encode()) < 30_000


def test_article_without_photos_has_no_lightbox(small_paper):
    small_paper.build()
    assert "lightbox" not in small_paper.read("2024-11-25/02/alpha.html")


def test_every_page_describes_itself_escaped_and_short(small_paper):
    small_paper.article("2024-11-25/02/long.md", 'title: 长稿\n', "“引号”<b>与</b> & 符号" + "很长的导语" * 60 + "\n")
    small_paper.build()
    lead = description(small_paper.read("2024-11-25/02/long.html"))
    assert lead.startswith("“引号”与 & 符号很长的导语") and lead.endswith("…") and len(lead) <= 141
    assert "&amp;" in small_paper.read("2024-11-25/02/long.html").split('name="description"')[1][:200]
    page = description(small_paper.read("2024-11-25/01/index.html"))
    assert page == "第01版：一版要闻：头条新闻；第二篇"
    assert description(small_paper.read("archive/index.html"))
    for rel in ("search/index.html", "404.html", "sections/index.html", "index.html"):
        if (small_paper.public / rel).exists():
            assert description(small_paper.read(rel)), rel


def test_archive_is_split_by_year_with_calendars_on_each_year_page(paper):
    for day in ("2023-12-30", "2024-01-02", "2024-11-25"):
        paper.article(f"{day}/01/a.md", f"title: {day} 的新闻")
    paper.build()
    front = paper.read("archive/index.html")
    assert front.index('href="../archive/2024/index.html">2024年') < front.index('href="../archive/2023/index.html">2023年')
    assert 'href="../archive/2024/index.html#m-2024-11">11月</a>' in front
    assert "最新一期：" in front and "<table" not in front
    y2024, y2023 = paper.read("archive/2024/index.html"), paper.read("archive/2023/index.html")
    assert 'id="m-2024-11"' in y2024 and 'id="m-2024-01"' in y2024 and 'id="m-2023-12"' not in y2024
    assert 'href="../../2024-01-02/01/index.html">2</a>' in y2024 and "2023-12-30" not in y2024
    assert 'href="../../2023-12-30/01/index.html">30</a>' in y2023
    assert '<a href="../../archive/2023/index.html" aria-current="page">2023年</a>' in y2023
