"""End to end: a small paper builds into a navigable site."""
from __future__ import annotations

import re
from urllib.parse import quote

import hypothesis
from linkcheck import broken_links, parse_html

from epaper.render.views import url_path


def test_can_build_pages_articles_archive_and_home(small_paper):
    report = small_paper.build()
    assert (report.editions, report.pages, report.articles) == (2, 4, 6)
    files = small_paper.files()
    for path in ["index.html", "archive/index.html", "404.html", "2024-11-25/01/index.html",
                 "2024-11-25/01/lead-story.html", "2024-11-25/08/brief.html", "2024-11-24/01/old-news.html"]:
        assert path in files, path
    assert broken_links(small_paper.public) == []


def test_home_is_latest_front_page_not_redirect(small_paper):
    small_paper.build()
    home = small_paper.read("index.html")
    assert "头条新闻" in home and "http-equiv" not in home
    assert 'href="2024-11-25/01/lead-story.html"' in home


def test_article_view_shows_kicker_title_subtitle_byline_and_subhead(small_paper):
    small_paper.build()
    html = small_paper.read("2024-11-25/01/lead-story.html")
    assert '<p class="kicker">引题文字</p>' in html
    assert ">头条新闻<" in html and '<p class="subtitle">副题文字</p>' in html
    assert "本报记者 王海燕　通讯员 李铭" in re.sub(r"<[^>]+>", "", html)     # names link to author indexes
    assert '<h2 class="subhead">第一个小标题</h2>' in html
    assert 'class="back" href="../../2024-11-25/01/index.html"' in html          # back to its page


def test_prev_next_visit_every_article_of_the_edition_once_in_order(small_paper):
    small_paper.build()
    order, url = [], "2024-11-25/01/lead-story.html"
    while url:
        order.append(url)
        html = small_paper.read(url)
        m = re.search(r'<a class="next" rel="next" href="([^"]+)"', html)
        url = None if not m else str((small_paper.public / url).parent.joinpath(m.group(1)).resolve()
                                     .relative_to(small_paper.public.resolve()))
    assert order == ["2024-11-25/01/lead-story.html", "2024-11-25/01/second.html", "2024-11-25/02/alpha.html",
                     "2024-11-25/02/beta.html", "2024-11-25/08/brief.html"]


def test_page_view_lists_its_articles_and_every_page(small_paper):
    small_paper.build()
    html = small_paper.read("2024-11-25/02/index.html")
    assert "二版甲" in html and "二版乙" in html and "头条新闻" not in html.split("标题导航")[1].split("版面导航")[0]
    for label in ("第01版：一版要闻", "第02版：要闻", "第08版：通辽"):
        assert label in html
    assert 'rel="prev" href="../../2024-11-25/01/index.html"' in html
    assert 'rel="next" href="../../2024-11-25/08/index.html"' in html


def _nav(html: str, name: str) -> tuple[list[str], list[str]]:
    """(every link's text, the texts of links marked as the page being read) in a <nav class=name>."""
    nav = re.search(rf'<nav class="{name}".*?</nav>', html, re.S).group(0)
    links = re.findall(r"<a ([^>]*)>(.*?)</a>", nav, re.S)
    text = [re.sub(r"<[^>]+>|\s+", "", t) for _, t in links]
    return text, [t for (attrs, _), t in zip(links, text) if 'aria-current="page"' in attrs]


def test_each_file_marks_its_own_page_and_headline_in_the_shared_navigation(small_paper):
    # The navigation is made once per edition and shared by its files (render.py's `once`): each file
    # must still mark only itself, and each edition show its own pages and headlines, also when one
    # process builds again after an edit (the preview server).
    for rebuild in (False, True):
        if rebuild:
            small_paper.article("2024-11-25/02/beta.md", "title: 改过的标题")
            small_paper.age()
        small_paper.build()
        beta = "改过的标题" if rebuild else "二版乙"
        html = small_paper.read("2024-11-25/02/alpha.html")
        assert _nav(html, "headlines") == (["二版甲", beta], ["二版甲"])
        assert _nav(html, "page-list")[1] == ["第02版：要闻"]
        html = small_paper.read("2024-11-25/02/beta.html")
        assert _nav(html, "headlines") == (["二版甲", beta], [beta])
        html = small_paper.read("2024-11-25/02/index.html")
        assert _nav(html, "headlines") == (["二版甲", beta], [])
        assert _nav(html, "page-list") == (["第01版：一版要闻", "第02版：要闻", "第08版：通辽"], ["第02版：要闻"])
        html = small_paper.read("2024-11-24/01/old-news.html")
        assert _nav(html, "headlines") == (["昨天的新闻"], ["昨天的新闻"])
        assert _nav(html, "page-list") == (["第01版：一版要闻"], ["第01版：一版要闻"])
        assert '<time datetime="2024-11-24">' in html and '<time datetime="2024-11-25">' not in html


def test_archive_lists_every_edition_newest_first(small_paper):
    small_paper.build()
    html = small_paper.read("archive/index.html")
    assert html.index("2024年11月25日") < html.index("2024年11月24日")
    links = [v for k, v in parse_html(html).refs if k == "href" and v.startswith("../2024")]
    assert "../2024-11-25/01/index.html" in links and "../2024-11-24/01/index.html" in links


def test_front_matter_text_is_escaped(paper):
    paper.article("2024-11-25/01/x.md", 'title: "<script>alert(1)</script>"\nkicker: "a & b"')
    paper.build()
    html = paper.read("2024-11-25/01/x.html")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &amp; b" in html


def test_raw_html_in_body_is_sanitized_unless_trusted(paper):
    paper.article("2024-11-25/01/x.md", "title: T", 'Hi <script>evil()</script><b onclick="x()">bold</b>\n')
    paper.build()
    html = paper.read("2024-11-25/01/x.html")
    assert "evil()" not in html and "onclick" not in html and "<b>bold</b>" in html
    paper.write("site.yaml", "name: 测试日报\ntrust_html: true\n")
    paper.build()
    assert "<script>evil()</script>" in paper.read("2024-11-25/01/x.html")


def test_english_strings_and_overrides(small_paper):
    small_paper.write("site.yaml", "name: Daily\nlanguage: en\nstrings: {next_page: Onward}\n")
    small_paper.build()
    html = small_paper.read("2024-11-25/01/index.html")
    assert "Headlines" in html and "Onward" in html and "Page 02: 要闻" in html


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(hypothesis.strategies.text())
def test_links_are_percent_encoded_exactly_as_urllib_does(name):
    """Links are encoded by a translate table (fast enough for 20,000 names); it must agree with urllib."""
    assert url_path(f"authors/{name}/index.html") == quote(f"authors/{name}/index.html", safe="/#.-_~")
