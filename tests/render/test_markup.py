"""Article bodies: Markdown with tables, footnotes, attribute lists and images written in the text."""
from __future__ import annotations

import re

import pytest

from hypothesis import given, settings, strategies as st
from PIL import Image

from epaper.render.markup import Markup, _plain_paragraphs
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


# For comparing the fast path for plain paragraphs with Python-Markdown: plain paragraphs and subheads, with
# characters Markdown leaves alone in the middle of a line, and pieces Markdown may read as markup, to put in them.
# Every piece is tried at each drawn place, so that one the fast path gets wrong cannot hide behind another piece in
# the same body that it declines anyway.
WORD = st.text("新闻记者说，。、；？！“”‘’《》（）…—·％%\"'aZ09１٣./()-+:=#~\u200b\ufeff", min_size=1, max_size=8)
LINE = st.builds(str.join, st.sampled_from(["", " ", "\u3000", "\xa0"]), st.lists(WORD, min_size=1, max_size=4))
PARAGRAPH = st.one_of(st.lists(LINE, min_size=1, max_size=3).map("\n".join), LINE.map("**{}**".format))
PLAIN_BODY = st.builds(lambda start, paragraphs, end: start + end.join(paragraphs) + end,
                       st.sampled_from(["", "\n", "\n\n"]), st.lists(PARAGRAPH, max_size=5),
                       st.sampled_from(["\n\n", "\n\n\n", "\n"]))
PIECES = ["", *"&<>\\`*_#=!\n\t\r\x0b\x1c\x85\u2028\x00\x02 \u3000\xa0", "  ", "    ", "**", "\n\n", "1. ", "1) ",
          "１. ", "- ", "* ", "+ ", "> ", "# ", "---", "===", "\n=", "\n---", "___", "&amp;", "&#169;", "[^1]",
          "[^1]: 注", "{: .x}", "<b>", "`c`", "_e_", "[a](http://x)", "![a](b.png)", "<http://x>", "| a |\n|---|"]


def put(body: str, piece: str, where: str, n: int) -> str:
    """`body` with `piece` put at the start of one of its lines, at the end of one, or anywhere."""
    places = {"start": [m.start() for m in re.finditer(r"^.", body, re.M)],
              "end": [m.end() for m in re.finditer(r".$", body, re.M)],
              "anywhere": range(len(body) + 1)}[where] or [0]
    i = places[n % len(places)]
    return body[:i] + piece + body[i:]


@settings(max_examples=300, deadline=None)
@given(PLAIN_BODY, st.sampled_from(["start", "end", "anywhere"]), st.integers(0, 10_000))
def test_fast_path_for_plain_paragraphs_makes_what_markdown_makes(body, where, n):
    markup = Markup(trust_html=False)           # what it accepts, nh3 would not clean: trust makes no difference
    for piece in PIECES:
        text = put(body, piece, where, n)
        html = _plain_paragraphs(text)          # when None, `convert` is `_markdown`
        assert html is None or html == markup._markdown(text, None), (piece, text)


NEWS = """\
本报讯（记者 田磊）2024年1月1日10:30，“冬季旅游力度”发布会召开。全年完成投资693.5亿元，同比增长28.3%。

康其说："现在日子越过越红火，心里踏实多了。"牧民's 3~5℃ 的夜里，1-3月 GDP+5%，A/B 两个方案（试行）…

**冬季旅游力度**

其中1.5亿元用于“草原生态”——据介绍，2024-01-01 起实施。
第二行：《条例》第3条、第12条。

**科技创新 乡村振兴**
"""


def test_news_bodies_take_the_fast_path_and_read_as_markdown_would():
    markup = Markup(trust_html=False)
    html = markup.convert(NEWS)
    assert _plain_paragraphs(NEWS) == html == markup._markdown(NEWS, None)
    assert html.count("<p>") == 3 and html.count('<h2 class="subhead">') == 2
    assert '<h2 class="subhead">科技创新 乡村振兴</h2>' in html and '<p>其中1.5亿元用于“草原生态”——' in html


@pytest.mark.parametrize("body", ["a<b文字 a<b文字\n\n第二段 x<y 与 <sup>2</sup>。\n", "注<!-- 未闭合\n\n下一段 </b 与 <?x\n",
                                  "**粗体** <span class=\"x\">内联</span> 与 `a<b` 代码。\n"])
def test_reads_inline_html_the_same_without_the_html_block_pass(monkeypatch, body):
    import epaper.render.markup as markup
    usual = Markup(False).convert(body)
    monkeypatch.setattr(markup, "HTML_BLOCK_SCAN_LIMIT", 0)
    assert Markup(False).convert(body) == usual


def test_can_render_a_body_full_of_unclosed_tags(paper):
    """Each '<b' without '>' made Python's HTML parser read on to the end of the body: 0.5 MB took 98 s."""
    paragraph = "a<b文字" * 1000
    paper.article("2024-11-25/01/tags.md", "title: 标签", "\n\n".join([paragraph] * 45))
    paper.build()
    page = paper.read("2024-11-25/01/tags.html")
    assert page.count("a&lt;b文字") >= 1000 * 45


def test_keeps_blocks_of_raw_html_in_a_long_body_of_well_formed_tags(monkeypatch):
    import epaper.render.markup as markup
    body = "<div class=\"box\">\n\n**要点**\n\n</div>\n\n" + "正文<sup>1</sup>与<span class='x'>内联</span>。\n\n" * 400
    usual = Markup(False).convert(body)
    monkeypatch.setattr(markup, "HTML_BLOCK_SCAN_LIMIT", 1000)
    assert Markup(False).convert(body) == usual
    assert markup._open_tag_starts("a<b文字" * 100 + "<!-- 未闭合") == 101
