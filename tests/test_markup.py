"""Article bodies: Markdown with tables, footnotes, attribute lists and images written in the text."""
from __future__ import annotations

import re

from PIL import Image

from linkcheck import broken_links, parse_html

BODY = """\
导语段落。

**一个小标题**

| 指标 | 数值 |
|------|-----:|
| 粮食产量 | 80 亿斤 |

全年完成目标[^1]。

重点段落
{: .highlight #key}

![大桥 & 河流](bridge.jpg "新大桥")

[^1]: 数据来自统计局。
"""


def photo(path, size=(1200, 800)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 120, 40)).save(path, quality=70)


def body_of(html: str) -> str:
    return html.split('<div class="article-body">')[1].split("</div>\n    ")[0]


def test_can_render_tables_footnotes_attribute_lists_and_subheads(paper):
    paper.article("2024-11-25/01/a.md", "title: T", BODY.replace("![大桥 & 河流](bridge.jpg \"新大桥\")", ""))
    paper.build()
    html = body_of(paper.read("2024-11-25/01/a.html"))
    assert '<h2 class="subhead">一个小标题</h2>' in html
    assert "<th>指标</th>" in html and re.search(r'<td style="text-align: ?right;?">80 亿斤</td>', html)
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in html and '<li id="fn:1">' in html
    assert 'title="返回正文中注释 1 处"' in html          # in the paper's language, not Markdown's English
    assert '<p class="highlight" id="key">重点段落</p>' in html


def test_can_publish_images_in_the_text_resized(paper):
    photo(paper.root / "content/2024-11-25/01/bridge.jpg")
    paper.article("2024-11-25/01/a.md", "title: T", BODY)
    paper.build()
    html = body_of(paper.read("2024-11-25/01/a.html"))
    tree = parse_html(html)
    assert [t for t, _ in tree.tags].count("picture") == 1
    img = next(a for t, a in tree.tags if t == "img")
    assert img["alt"] == "大桥 & 河流" and (img["width"], img["height"]) == ("1200", "800")
    srcsets = [a["srcset"] for t, a in tree.tags if t == "source"]
    assert srcsets and all(" 480w" in s and " 960w" in s for s in srcsets)
    files = paper.files()
    assert "2024-11-25/01/bridge.jpg" not in files                      # the original is not published
    for _, ref in (r for r in tree.refs if r[0] in ("src", "srcset")):
        assert ref.startswith("../../2024-11-25/01/bridge.") and ref.removeprefix("../../") in files, ref
    assert broken_links(paper.public) == []


def test_can_publish_an_image_named_in_chinese_with_spaces(paper):
    photo(paper.root / "content/2024-11-25/01/大桥 夜景.png", (600, 400))
    paper.article("2024-11-25/01/a.md", "title: T", "![夜景](<大桥 夜景.png>)\n")
    paper.build()
    html = body_of(paper.read("2024-11-25/01/a.html"))
    assert "<picture>" in html and 'src="大桥 夜景.png"' not in html
    assert broken_links(paper.public) == []


def test_errors_on_missing_image_in_the_text_naming_the_article(paper):
    paper.article("2024-11-25/01/a.md", "title: T", "导语。\n\n![大桥](bridge.jpg)\n")
    [p] = paper.build_fails().problems
    assert (p.path, p.line, p.message) == ("content/2024-11-25/01/a.md", 7, "image 'bridge.jpg' does not exist")
    assert not paper.public.exists()


def test_can_publish_an_image_written_by_reference(paper):
    photo(paper.root / "content/2024-11-25/01/night.png", (600, 400))
    paper.article("2024-11-25/01/a.md", "title: T", "导语。\n\n![夜景][n]\n\n[n]: night.png\n")
    paper.build()
    html = body_of(paper.read("2024-11-25/01/a.html"))
    assert "<picture>" in html and 'src="night.png"' not in html
    assert broken_links(paper.public) == []
