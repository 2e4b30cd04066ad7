"""Publishable output: absolute addresses from base_url, fingerprinted assets, sitemaps, feeds, social tags."""
from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from PIL import Image

from epaper.render import feeds
from epaper.commands.cli import main

from conftest import REPO
from linkcheck import broken_links, parse_html


def _stylesheet(html: str) -> str:
    return re.search(r'<link rel="stylesheet" href="([^"]+style[^"]*\.css)"', html).group(1)


def test_can_fingerprint_css_and_rename_it_when_it_changes(small_paper):
    small_paper.build()
    href = _stylesheet(small_paper.read("2024-11-25/01/index.html"))
    assert re.fullmatch(r"\.\./\.\./assets/style\.[0-9a-f]{12}\.css", href)
    first = href.removeprefix("../../")
    assert (small_paper.public / first).read_bytes() == (small_paper.root / "assets/style.css").read_bytes()
    assert not (small_paper.public / "assets/style.css").exists()

    with open(small_paper.root / "assets/style.css", "a", encoding="utf-8") as f:
        f.write("\n.kicker { color: teal; }\n")
    small_paper.build()
    second = _stylesheet(small_paper.read("2024-11-25/01/index.html")).removeprefix("../../")
    assert second != first and (small_paper.public / second).is_file()
    assert not (small_paper.public / first).exists()          # the old name is gone with the old file
    assert _stylesheet(small_paper.read("index.html")) == second
    assert broken_links(small_paper.public) == []


def test_html_keeps_its_name(small_paper):
    small_paper.build()
    assert (small_paper.public / "2024-11-25/01/lead-story.html").is_file()


def test_base_url_makes_canonical_absolute_but_links_stay_relative(small_paper):
    small_paper.write("site.yaml", "name: 测试日报\nbase_url: https://example.com/paper\n")
    small_paper.build()
    html = small_paper.read("2024-11-25/01/lead-story.html")
    assert '<link rel="canonical" href="https://example.com/paper/2024-11-25/01/lead-story.html">' in html
    assert 'class="back" href="../../2024-11-25/01/index.html"' in html
    links = [a.get("href", "") for tag, a in parse_html(html).tags if tag == "a"]
    assert links and not [h for h in links if "example.com" in h]


def test_build_base_url_option_overrides_site_yaml(small_paper, capsys):
    small_paper.write("site.yaml", "name: 测试日报\nbase_url: https://example.com/\n")
    assert main(["build", "--root", str(small_paper.root), "--quiet", "--jobs", "1",
                 "--base-url", "https://preview.example.org/p/"]) == 0
    assert 'href="https://preview.example.org/p/2024-11-25/01/index.html"' in small_paper.read("2024-11-25/01/index.html")


def test_errors_on_base_url_that_is_not_an_absolute_address(small_paper, capsys):
    assert main(["build", "--root", str(small_paper.root), "--quiet", "--base-url", "example.com"]) == 1
    err = capsys.readouterr().err
    assert "option 'base_url' given on the command line: expected an absolute http(s) address" in err
    small_paper.write("site.yaml", "name: 测试日报\nbase_url: /paper/\n")
    assert main(["build", "--root", str(small_paper.root), "--quiet"]) == 1
    assert "site.yaml:2: error: option 'base_url'" in capsys.readouterr().err


# --- sitemaps, robots.txt, feeds ---------------------------------------------------------------

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def _with_base_url(paper, url="https://example.com/paper/"):
    paper.write("site.yaml", f"name: 测试日报\nbase_url: {url}\n")
    return paper


def _xml(paper, rel):
    return ET.fromstring((paper.public / rel).read_bytes())


def _file_of(paper, url, base="https://example.com/paper/"):
    assert url.startswith(base), url
    return paper.public / unquote(url.removeprefix(base))


def test_without_base_url_warns_and_writes_no_sitemap_or_feed(small_paper):
    small_paper.write("site.yaml", "name: 测试日报\n")
    report = small_paper.build()
    assert any("base_url is not set" in p.message and p.path == "site.yaml" for p in report.warnings)
    files = small_paper.files()
    assert not [f for f in files if f.endswith(".xml")]
    assert files["robots.txt"] == b"User-agent: *\nAllow: /\n"


def test_sitemap_lists_every_canonical_page_and_article_once(small_paper):
    report = _with_base_url(small_paper).build()
    assert not [p for p in report.warnings if "base_url" in p.message]
    root = _xml(small_paper, "sitemap.xml")
    assert root.tag == f"{SM}urlset"
    locs = [u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")]
    assert len(locs) == len(set(locs)) == 1 + 4 + 6          # archive, 4 page views, 6 articles
    assert "https://example.com/paper/2024-11-25/08/brief.html" in locs
    assert "https://example.com/paper/index.html" not in locs       # the home page's canonical is its page view
    for loc in locs:
        assert _file_of(small_paper, loc).is_file()
    assert {u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")} == {"2024-11-24", "2024-11-25"}
    robots = small_paper.read("robots.txt")
    assert "Sitemap: https://example.com/paper/sitemap.xml\n" in robots
    assert "Sitemap: https://example.com/paper/news-sitemap.xml\n" in robots


def test_sitemap_becomes_an_index_of_parts_past_the_limit(small_paper, monkeypatch):
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 4)
    _with_base_url(small_paper).build()
    index = _xml(small_paper, "sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.findtext(f"{SM}loc") for s in index.findall(f"{SM}sitemap")]
    assert parts == [f"https://example.com/paper/sitemap-{n}.xml" for n in (1, 2, 3)]
    locs = []
    for part in parts:
        urls = [u.findtext(f"{SM}loc") for u in _xml(small_paper, _file_of(small_paper, part).name).findall(f"{SM}url")]
        assert 0 < len(urls) <= 4
        locs += urls
    assert len(set(locs)) == 11
    assert "Sitemap: https://example.com/paper/sitemap-1.xml" not in small_paper.read("robots.txt")


def test_news_sitemap_has_articles_of_the_last_two_days_only(small_paper):
    small_paper.write("content/2024-11-20/edition.yaml", "pages:\n  1: {name: 一版要闻}\n")
    small_paper.article("2024-11-20/01/ancient.md", "title: 五天前")
    _with_base_url(small_paper).build()
    root = _xml(small_paper, "news-sitemap.xml")
    entries = {u.findtext(f"{SM}loc").rsplit("/", 1)[1]: u for u in root.findall(f"{SM}url")}
    assert set(entries) == {"lead-story.html", "second.html", "alpha.html", "beta.html", "brief.html", "old-news.html"}
    lead = entries["lead-story.html"].find(f"{NEWS}news")
    assert lead.findtext(f"{NEWS}publication/{NEWS}name") == "测试日报"
    assert lead.findtext(f"{NEWS}publication/{NEWS}language") == "zh-cn"
    assert lead.findtext(f"{NEWS}publication_date") == "2024-11-25"
    assert lead.findtext(f"{NEWS}title") == "头条新闻"


def test_news_sitemap_counts_from_source_date_epoch_not_the_clock(small_paper, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 11, 24, 12, tzinfo=dt.timezone.utc).timestamp())))
    _with_base_url(small_paper).build()
    locs = [u.findtext(f"{SM}loc") for u in _xml(small_paper, "news-sitemap.xml").findall(f"{SM}url")]
    assert locs == ["https://example.com/paper/2024-11-24/01/old-news.html"]     # the 25th is after that day
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 12, 31, tzinfo=dt.timezone.utc).timestamp())))
    small_paper.build()
    assert not (small_paper.public / "news-sitemap.xml").exists()      # nothing recent: no (invalid) empty sitemap
    assert "news-sitemap" not in small_paper.read("robots.txt")


def test_rss_and_atom_of_the_latest_edition(small_paper):
    _with_base_url(small_paper).build()
    channel = _xml(small_paper, "rss.xml").find("channel")
    assert channel.findtext("title") == "测试日报 · 2024年11月25日"
    assert channel.findtext("link") == "https://example.com/paper/"
    assert channel.findtext("description") and channel.findtext("language") == "zh-CN"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["头条新闻", "第二篇", "二版甲", "二版乙", "通辽简讯"]
    lead = items[0]
    assert lead.findtext("link") == lead.findtext("guid") == "https://example.com/paper/2024-11-25/01/lead-story.html"
    assert lead.findtext("pubDate") == "Mon, 25 Nov 2024 00:00:00 +0000"
    assert lead.findtext("category") == "一版要闻" and lead.findtext("description") == "导语段落。"
    assert [c.text for c in lead.findall("{http://purl.org/dc/elements/1.1/}creator")] == ["本报记者 王海燕", "通讯员 李铭"]

    feed = _xml(small_paper, "atom.xml")
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}id") == "https://example.com/paper/atom.xml"
    assert feed.findtext(f"{ATOM}updated") == "2024-11-25T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    for e in entries:
        assert e.findtext(f"{ATOM}id") and e.findtext(f"{ATOM}title") and e.findtext(f"{ATOM}updated")
        assert _file_of(small_paper, e.find(f"{ATOM}link").get("href")).is_file()
    home = small_paper.read("index.html")
    assert '<link rel="alternate" type="application/rss+xml" title="测试日报" href="rss.xml">' in home


def test_one_feed_per_section_newest_first(small_paper, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_ITEMS", 3)
    small_paper.article("2024-11-24/01/older.md", "title: 更早的新闻")
    _with_base_url(small_paper).build()
    channel = _xml(small_paper, "feeds/一版要闻/rss.xml").find("channel")
    assert channel.findtext("title") == "测试日报 · 一版要闻"
    assert [i.findtext("title") for i in channel.findall("item")] == ["头条新闻", "第二篇", "昨天的新闻"]   # not 更早的新闻
    entries = _xml(small_paper, "feeds/通辽/atom.xml").findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["通辽简讯"]
    assert {p.parent.name for p in (small_paper.public / "feeds").glob("*/rss.xml")} == {"一版要闻", "要闻", "通辽"}


def test_feeds_escape_markup_and_stay_well_formed(paper):
    _with_base_url(paper)
    paper.article("2024-11-25/01/x.md", 'title: "</script><script>alert(1)</script> & <!--"\nsection: "A & <B>"')
    paper.build()
    for rel in ("rss.xml", "atom.xml", "news-sitemap.xml"):
        assert "<script>" not in paper.read(rel)
    assert _xml(paper, "rss.xml").find("channel/item/title").text == "</script><script>alert(1)</script> & <!--"
    assert _xml(paper, "feeds/a-b/rss.xml").find("channel/item/category").text == "A & <B>"


def test_unchanged_rebuild_writes_nothing_and_a_new_title_rewrites_feeds_not_sitemap(small_paper):
    _with_base_url(small_paper).build()
    assert small_paper.build().written == 0
    sitemap = (small_paper.public / "sitemap.xml").stat().st_mtime_ns
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲（更新）")
    small_paper.build()
    assert "二版甲（更新）" in small_paper.read("rss.xml") and "二版甲（更新）" in small_paper.read("feeds/要闻/atom.xml")
    assert (small_paper.public / "sitemap.xml").stat().st_mtime_ns == sitemap


# --- social cards and JSON-LD ------------------------------------------------------------------

def _json_ld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def _meta(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag, a in parse_html(html).tags:
        if tag == "meta" and (a.get("property") or a.get("name")):
            found.setdefault(a.get("property") or a.get("name"), []).append(a.get("content"))
    return found


def test_article_has_news_article_json_ld(small_paper, tmp_path):
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (1200, 800), "gray").save(photo)
    (small_paper.root / "content/2024-11-25/01/bridge.jpg").write_bytes(photo.read_bytes())
    small_paper.article("2024-11-25/01/lead-story.md", """
        title: 头条新闻
        subtitle: 副题文字
        authors: [本报记者 王海燕, 通讯员 李铭]
        order: 1
        images: [{file: bridge.jpg, caption: 大桥}]
    """, "导语段落。\n")
    _with_base_url(small_paper).build()
    html = small_paper.read("2024-11-25/01/lead-story.html")
    [ld] = _json_ld(html)
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "NewsArticle"
    assert (ld["headline"], ld["alternativeHeadline"], ld["datePublished"]) == ("头条新闻", "副题文字", "2024-11-25")
    assert [a["name"] for a in ld["author"]] == ["本报记者 王海燕", "通讯员 李铭"]
    assert ld["url"] == "https://example.com/paper/2024-11-25/01/lead-story.html"
    [image] = ld["image"]
    assert image.startswith("https://example.com/paper/2024-11-25/01/bridge.") and image.endswith(".jpg")
    assert _file_of(small_paper, image).is_file()
    issue, page = ld["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == "总第 100 期"
    assert issue["url"] == "https://example.com/paper/2024-11-25/01/index.html"
    assert page == {"@type": "WebPage", "name": "第01版：一版要闻", "url": issue["url"]}
    assert (ld["printPage"], ld["printSection"]) == ("1", "一版要闻")

    meta = _meta(html)
    assert meta["og:type"] == ["article"] and meta["og:title"] == ["头条新闻"]
    assert meta["og:url"] == [ld["url"]] and meta["og:image"] == [image] and meta["og:image:alt"] == ["大桥"]
    assert meta["og:description"] == ["导语段落。"] and meta["og:locale"] == ["zh_CN"]
    assert meta["twitter:card"] == ["summary_large_image"] and meta["twitter:image"] == [image]
    assert meta["article:author"] == ["本报记者 王海燕", "通讯员 李铭"]


def test_page_view_and_archive_have_a_card_but_no_article_data(small_paper):
    _with_base_url(small_paper).build()
    html = small_paper.read("2024-11-25/02/index.html")
    meta = _meta(html)
    assert meta["og:type"] == ["website"] and meta["og:title"] == ["第02版：要闻 · 2024年11月25日"]
    assert meta["og:url"] == ["https://example.com/paper/2024-11-25/02/index.html"]
    assert meta["twitter:card"] == ["summary"] and _json_ld(html) == []
    archive = _meta(small_paper.read("archive/index.html"))
    assert archive["og:url"] == ["https://example.com/paper/archive/index.html"]
    assert archive["og:title"] == ["往期回顾 · 测试日报"]


def test_without_base_url_cards_have_no_addresses_and_json_ld_links_are_relative(small_paper):
    small_paper.write("site.yaml", "name: 测试日报\n")
    small_paper.build()
    html = small_paper.read("2024-11-25/01/lead-story.html")
    assert "og:url" not in html and "og:image" not in html and 'rel="canonical"' not in html
    [ld] = _json_ld(html)
    assert ld["url"] == "../../2024-11-25/01/lead-story.html"


def test_script_end_tag_in_front_matter_cannot_escape_json_ld(paper):
    evil = "</script><script>alert(1)</script>"
    paper.article("2024-11-25/01/x.md", f'title: "{evil}"\nsubtitle: "<!-- a"\nauthors: ["</SCRIPT >b"]')
    _with_base_url(paper).build()
    html = paper.read("2024-11-25/01/x.html")
    # The layout's own three scripts are all the page opens and closes: the data ended none, opened none.
    assert len(re.findall("<script", html, re.I)) == len(re.findall("</script", html, re.I)) == 3
    assert "<!--" not in html
    [ld] = _json_ld(html)
    assert (ld["headline"], ld["alternativeHeadline"], ld["author"][0]["name"]) == (evil, "<!-- a", "</SCRIPT >b")


# --- hosting configs (deploy/) -----------------------------------------------------------------

def _nginx_cache_control(path: str) -> str:
    """The Cache-Control deploy/nginx.conf gives a file: first matching regex location, else `location /`."""
    conf = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    blocks = re.findall(r'location (~\*?) "([^"]+)" \{\s*add_header Cache-Control "([^"]+)"', conf)
    for kind, pattern, value in blocks:
        if re.search(pattern, "/" + path, re.I if kind == "~*" else 0):
            return value
    return re.search(r'location / \{[^}]*add_header Cache-Control "([^"]+)"', conf).group(1)


def test_hosting_configs_cache_hashed_names_long_and_html_short(small_paper, tmp_path):
    Image.new("RGB", (1200, 800), "gray").save(small_paper.root / "content/2024-11-25/01/bridge.jpg")
    small_paper.article("2024-11-25/01/second.md", "title: 第二篇\norder: 2\nimages: [{file: bridge.jpg}]")
    small_paper.build()
    files = list(small_paper.files())
    hashed = [f for f in files if re.search(r"\.[0-9a-f]{10,12}\.", f)]
    assert any(f.startswith("assets/style.") for f in hashed) and any(f.endswith(".webp") for f in hashed)
    for f in hashed:
        assert _nginx_cache_control(f) == "public, max-age=31536000, immutable", f
    for f in ("index.html", "2024-11-25/01/second.html", "robots.txt"):
        assert _nginx_cache_control(f) == "public, max-age=300", f
    headers = (REPO / "deploy/_headers").read_text(encoding="utf-8")
    assert "/assets/*\n  Cache-Control: public, max-age=31536000, immutable" in headers
    assert "/*.html\n  Cache-Control: public, max-age=300" in headers


def test_article_without_photo_shows_its_page_scan(small_paper):
    Image.new("RGB", (800, 1200), "white").save(small_paper.root / "content/2024-11-25/p02.jpg")
    small_paper.write("content/2024-11-25/edition.yaml", """
        number: "总第 100 期"
        pages:
          1: {name: 一版要闻}
          2: {name: 要闻, image: p02.jpg}
          8: {name: 通辽}
    """)
    _with_base_url(small_paper).build()
    html = small_paper.read("2024-11-25/02/alpha.html")
    meta = _meta(html)
    [image] = meta["og:image"]
    assert image.startswith("https://example.com/paper/2024-11-25/p02.") and _file_of(small_paper, image).is_file()
    assert meta["og:image:alt"] == ["第02版：要闻"] and _json_ld(html)[0]["image"] == [image]
    assert "og:image" not in small_paper.read("2024-11-25/01/second.html")      # page 1 has no scan
