"""Indexes per section, author and photographer: right articles, newest first, paginated, linked."""
from __future__ import annotations

import re
from urllib.parse import quote

import epaper.render.indexes
from epaper.model.catalog import index_url, person
from extras_paper import built_rich_paper, rich_paper  # noqa: F401 (fixture)
from linkcheck import broken_links, parse_html


def _listed(paper, rel: str) -> list[str]:
    """Article links in the list or grid of an index page, as site paths, in order."""
    html = paper.read(rel)
    body = html.split('class="index-list"', 1)[-1] if 'class="index-list"' in html else html.split('class="photo-grid"', 1)[1]
    body = body.split('class="pager"', 1)[0]
    hrefs = [v for k, v in parse_html(body).refs if k == "href"]
    root = (paper.public / rel).parent
    return [str((root / h).resolve().relative_to(paper.public.resolve())) for h in dict.fromkeys(hrefs)]


def test_can_name_the_person_behind_a_byline_or_credit():
    assert person("本报记者 王海燕") == "王海燕" and person("通讯员 李铭") == "李铭"
    assert person("张启民 摄") == "张启民" and person("特约摄影 张启民 摄") == "张启民"
    assert person("Jane Doe") == "Jane Doe"
    assert index_url("authors", "a/b").startswith("authors/n-")          # never a folder outside its index


def test_indexes_list_exactly_the_right_articles_newest_first(built_rich_paper):
    paper = built_rich_paper
    assert _listed(paper, "authors/王海燕/index.html") == [
        "2024-11-25/01/lead-story.html", "2024-11-25/05/lead-story-2.html", "2024-11-24/01/old-lead.html"]
    assert _listed(paper, "authors/李铭/index.html") == ["2024-11-25/02/market.html", "2024-11-24/05/old-tongliao.html"]
    assert _listed(paper, "sections/通辽/index.html") == ["2024-11-25/05/lead-story-2.html", "2024-11-24/05/old-tongliao.html"]
    assert _listed(paper, "sections/通辽新闻/index.html") == ["2024-11-25/05/tongliao-news.html"]
    assert _listed(paper, "photographers/张启民/index.html") == [
        "2024-11-25/01/lead-story.html", "2024-11-25/02/market.html", "2024-11-24/01/old-lead.html"]
    grid = paper.read("photographers/张启民/index.html")
    assert grid.count("<img ") == 3 and "通车仪式现场" in grid and "共 3 幅" in grid
    assert broken_links(paper.public) == []


def test_bylines_credits_and_sections_link_to_their_index(built_rich_paper):
    paper = built_rich_paper
    html = paper.read("2024-11-25/01/lead-story.html")
    assert re.search(r'<a class="author" href="\.\./\.\./authors/%E7%8E%8B%E6%B5%B7%E7%87%95/index.html">本报记者 王海燕</a>', html)
    assert '<a href="../../photographers/%E5%BC%A0%E5%90%AF%E6%B0%91/index.html">张启民 摄</a>' in html
    assert '<a class="section" href="../../sections/%E4%B8%80%E7%89%88%E8%A6%81%E9%97%BB/index.html">一版要闻</a>' in html
    assert 'href="../../indexes/index.html"' in html                         # from the masthead
    overview = paper.read("indexes/index.html")
    for name, url in [("王海燕", "authors/%E7%8E%8B%E6%B5%B7%E7%87%95/index.html"),
                      ("张启民", "photographers/%E5%BC%A0%E5%90%AF%E6%B0%91/index.html"),
                      ("通辽", "sections/%E9%80%9A%E8%BE%BD/index.html")]:
        assert f'<a href="../{url}">{name}</a>' in overview


def _pager_numbers(pager: str) -> list[str]:
    return re.findall(r"<li[^>]*>(?:<a [^>]*>|<span [^>]*>)?([^<…]+|…)", pager)


def test_indexes_are_paginated_newest_first_with_older_pages_numbered_from_the_oldest(paper):
    paper.write("site.yaml", "name: 测试日报\nindex_page_size: 2\n")
    for day in range(1, 12):
        paper.article(f"2024-11-{day:02d}/01/story.md", f"title: 第{day}天\nauthors: 本报记者 王海燕")
    paper.build()
    folder = "authors/王海燕"
    story = "2024-11-{:02d}/01/story.html".format
    assert _listed(paper, f"{folder}/index.html") == [story(11), story(10)]
    assert _listed(paper, f"{folder}/page/1/index.html") == [story(2), story(1)]
    assert _listed(paper, f"{folder}/page/5/index.html") == [story(10), story(9)]
    assert not (paper.public / folder / "page/6").exists()
    front = paper.read(f"{folder}/index.html")
    assert "共 11 篇" in front and "共 11 篇" not in paper.read(f"{folder}/page/3/index.html")
    pager = paper.read(f"{folder}/page/3/index.html").split('class="pager"')[1]
    assert _pager_numbers(front.split('class="pager"')[1]) == ["最新", "5", "4", "…", "1"]
    assert _pager_numbers(pager) == ["最新", "5", "4", "3", "2", "1"]
    assert '<span aria-current="page">3</span>' in pager
    assert 'rel="prev" href="../../../../authors/%E7%8E%8B%E6%B5%B7%E7%87%95/page/4/index.html"' in pager
    assert 'rel="next" href="../../../../authors/%E7%8E%8B%E6%B5%B7%E7%87%95/page/2/index.html"' in pager
    assert 'rel="prev"' not in front.split('class="pager"')[1]
    assert broken_links(paper.public) == []


def test_a_new_edition_leaves_full_older_index_pages_as_they_were(paper):
    """An index grows at its newest end: the older pages, numbered from the oldest, stay the same files."""
    paper.write("site.yaml", "name: 测试日报\nindex_page_size: 2\n")
    for day in range(1, 13):
        paper.article(f"2024-11-{day:02d}/01/story.md", f"title: 第{day}天\nauthors: 本报记者 王海燕")
    paper.build()
    paper.article("2024-11-13/01/story.md", "title: 第13天\nauthors: 本报记者 王海燕")
    changed = {p.removeprefix("authors/王海燕/") for p in paper.build().changed if p.startswith("authors/")}
    # The front page; page 6, now full; and the pages whose pager reaches it.  Pages 1 and 2 stay.
    assert changed == {"index.html", "page/6/index.html", "page/5/index.html", "page/4/index.html",
                       "page/3/index.html"}
    paper.article("2024-11-14/01/story.md", "title: 第14天\nauthors: 本报记者 王海燕")
    assert {p for p in paper.build().changed if p.startswith("authors/")} == {"authors/王海燕/index.html"}
    assert broken_links(paper.public) == []


def test_an_index_growing_edition_by_edition_is_as_a_clean_build_makes_it(paper):
    """Pages far from the front keep their pager when the index grows; those nearer must get the new one."""
    paper.write("site.yaml", "name: 测试日报\nindex_page_size: 2\n")
    for day in range(1, 17):
        paper.article(f"2024-11-{day:02d}/01/story.md", f"title: 第{day}天\nauthors: 本报记者 王海燕")
        paper.build()
        grown = paper.files()
        paper.build(clean=True)
        assert paper.files() == grown, day


def test_index_pages_are_rewritten_only_when_what_they_show_changes(paper):
    rich_paper(paper)
    paper.build()
    ino = lambda rel: (paper.public / rel).stat().st_ino  # noqa: E731
    before = {rel: ino(rel) for rel in ("authors/李铭/index.html", "photographers/张启民/index.html",
                                        "indexes/index.html")}
    paper.article("2024-11-25/02/market.md", """
        title: 早市见闻
        authors: 李铭
        images:
          - {file: market.jpg, caption: 早市一角, credit: 张启民}
    """, "正文第一段。\n\n只改了第二段。\n")
    paper.build()
    assert {rel: ino(rel) for rel in before} == before
    paper.article("2024-11-25/05/new.md", "title: 新稿\nauthors: 李铭")
    paper.build()
    assert ino("authors/李铭/index.html") != before["authors/李铭/index.html"]
    assert ino("photographers/张启民/index.html") == before["photographers/张启民/index.html"]
    assert "新稿" in paper.read("authors/李铭/index.html")


def test_index_of_a_name_unfit_for_a_folder_still_links(paper):
    paper.article("2024-11-25/01/x.md", "title: X\nauthors: 'A/B: C'")
    paper.build()
    html = paper.read("2024-11-25/01/x.html")
    url = re.search(r'<a class="author" href="\.\./\.\./(authors/n-[0-9a-f]+/index.html)">A/B: C</a>', html).group(1)
    assert (paper.public / url).is_file() and broken_links(paper.public) == []


def test_a_long_list_of_names_goes_on_a_page_per_first_character(paper, monkeypatch):
    monkeypatch.setattr(epaper.render.indexes, "OVERVIEW_NAMES", 2)    # a year has 20,000 bylines; three will do here
    for n, (slug, byline) in enumerate([("a", "王海燕"), ("b", "王一"), ("c", "李铭"), ("d", "Zhang Wei")]):
        paper.article(f"2024-11-25/0{n + 1}/{slug}.md", f"title: 稿{n}\nauthors: {byline}\nsection: 要闻")
    paper.build()
    overview = paper.read("indexes/index.html")
    for initial, names in [("王", 2), ("李", 1), ("Z", 1)]:
        assert f'<a href="../indexes/{quote(f"authors/{initial}")}/index.html">{initial}</a> <small>{names}</small>' in overview
    assert "王海燕" not in overview and '<a href="../sections/' in overview     # one section: listed in full
    page = paper.read("indexes/authors/王/index.html")
    assert '<a href="../../../authors/%E7%8E%8B%E6%B5%B7%E7%87%95/index.html">王海燕</a>' in page
    assert "王一" in page and "李铭" not in page and '<a href="../../../indexes/index.html#authors">' in page
    assert broken_links(paper.public) == []
    paper.article("2024-11-25/05/e.md", "title: 新稿\nauthors: 王五")
    changed = set(paper.build().changed)
    assert "indexes/authors/王/index.html" in changed and "indexes/index.html" in changed
    assert "indexes/authors/李/index.html" not in changed       # a new name changes its own character's page
    assert "王五" in paper.read("indexes/authors/王/index.html")
    (paper.root / "content/2024-11-25/03/c.md").unlink()          # 李铭's only article: his character goes
    changed = set(paper.build().changed)
    assert "indexes/authors/李/index.html" in changed and not (paper.public / "indexes/authors/李").exists()
    assert "/authors/%E6%9D%8E" not in paper.read("indexes/index.html")
    layout = paper.root / "layouts/indexes.html"                  # every page of the overview shows a new layout
    layout.write_text(layout.read_text(encoding="utf-8").replace("</section>\n{% endblock", "<p>新版式</p></section>\n{% endblock"),
                      encoding="utf-8")
    changed = set(paper.build().changed)
    assert {"indexes/index.html", "indexes/authors/王/index.html", "indexes/authors/Z/index.html"} <= changed
    assert "新版式" in paper.read("indexes/authors/Z/index.html")
