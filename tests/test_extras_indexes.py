"""Indexes per section, author and photographer: right articles, newest first, paginated, linked."""
from __future__ import annotations

import re

from epaper.catalog import index_url, person
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


def test_indexes_are_paginated_with_a_numbered_pager(paper):
    paper.write("site.yaml", "name: 测试日报\nindex_page_size: 2\n")
    for day in range(1, 13):
        paper.article(f"2024-11-{day:02d}/01/story.md", f"title: 第{day}天\nauthors: 本报记者 王海燕")
    paper.build()
    folder = "authors/王海燕"
    pages = [f"{folder}/index.html"] + [f"{folder}/page/{n}/index.html" for n in range(2, 7)]
    listed = [_listed(paper, p) for p in pages]
    assert listed[0] == ["2024-11-12/01/story.html", "2024-11-11/01/story.html"]
    assert listed[5] == ["2024-11-02/01/story.html", "2024-11-01/01/story.html"]
    assert sum(len(x) for x in listed) == 12 and not (paper.public / folder / "page/7").exists()
    pager = paper.read(f"{folder}/page/4/index.html").split('class="pager"')[1]
    numbers = re.findall(r"<li[^>]*>(?:<a [^>]*>|<span [^>]*>)?([0-9…]+)", pager)
    assert numbers == ["1", "2", "3", "4", "5", "6"]
    assert '<span aria-current="page">4</span>' in pager
    assert 'rel="prev" href="../../../../authors/%E7%8E%8B%E6%B5%B7%E7%87%95/page/3/index.html"' in pager
    first = paper.read(f"{folder}/index.html").split('class="pager"')[1]
    assert re.findall(r"<li[^>]*>(?:<a [^>]*>|<span [^>]*>)?([0-9…]+)", first) == ["1", "2", "3", "…", "6"]
    assert 'rel="prev"' not in first
    assert broken_links(paper.public) == []


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
