"""Search: Pagefind indexes the article pages after a build; readers search from any page."""
from __future__ import annotations

import json

import pytest

from browser import serve_folder
from epaper.cli import main
from epaper.errors import Problems
from epaper.search import update_index


@pytest.fixture
def snow_paper(paper):
    """Two editions; one article in the older one mentions 暴雪, nothing else does."""
    paper.write("content/2024-11-24/edition.yaml", "pages:\n  1: {name: 要闻}\n  2: {name: 农业}\n")
    paper.article("2024-11-24/01/snow.md", "title: 北方迎来入冬首场暴雪\nsection: 天气",
                  "受冷空气影响，昨夜北方多地迎来入冬以来的首场暴雪，交通部门连夜除雪保畅通。\n")
    paper.article("2024-11-24/02/harvest.md", "title: 稻谷丰收农民笑开颜",
                  "今年秋粮喜获丰收，合作社的烘干机日夜不停。\n")
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 要闻}\n")
    paper.article("2024-11-25/01/meeting.md", "title: 全市经济工作会议召开",
                  "会议总结了今年的经济工作，部署明年重点任务。\n")
    return paper


def build_with_search(paper) -> int:
    return main(["build", "--root", str(paper.root), "--jobs", "1"])


def test_can_index_articles_only_with_date_page_and_section(snow_paper, capsys):
    assert build_with_search(snow_paper) == 0
    assert "Search index: 3 articles indexed" in capsys.readouterr().out
    entry = json.loads(snow_paper.read("pagefind/pagefind-entry.json"))
    assert list(entry["languages"]) == ["zh-cn"]
    html = snow_paper.read("2024-11-24/01/snow.html")
    assert '<span data-pagefind-meta="日期">2024年11月24日</span>' in html
    assert '<span data-pagefind-filter="版面">第01版</span>' in html
    assert '<span data-pagefind-filter="栏目">天气</span>' in html
    assert "data-pagefind-body" not in snow_paper.read("2024-11-24/01/index.html")


def test_every_page_has_a_search_box_leading_to_the_search_page(snow_paper):
    snow_paper.build()
    for rel, action in [("index.html", "search/index.html"), ("archive/index.html", "../search/index.html"),
                        ("2024-11-24/02/index.html", "../../search/index.html"),
                        ("2024-11-24/01/snow.html", "../../search/index.html"), ("404.html", "/search/index.html")]:
        assert f'<form class="search-box" role="search" action="{action}">' in snow_paper.read(rel), rel
    assert 'id="search" data-bundle="../pagefind/"' in snow_paper.read("search/index.html")


def test_rebuild_without_changes_keeps_the_index(snow_paper, capsys):
    assert build_with_search(snow_paper) == 0
    entry = snow_paper.public / "pagefind" / "pagefind-entry.json"
    first = entry.stat().st_ino
    capsys.readouterr()
    assert build_with_search(snow_paper) == 0
    out = capsys.readouterr().out
    assert "0 files written, 0 removed" in out and "Search index unchanged" in out
    assert entry.stat().st_ino == first

    snow_paper.article("2024-11-25/01/meeting.md", "title: 全市经济工作会议召开", "会议还谈到了暴雪天气。\n")
    assert build_with_search(snow_paper) == 0
    assert "Search index: 3 articles indexed" in capsys.readouterr().out
    assert entry.stat().st_ino != first


def test_interrupted_indexing_runs_again_next_time(snow_paper):
    report = snow_paper.build()
    broken = Problems()
    update_index(snow_paper.root, snow_paper.public / "missing", report, broken)
    assert broken.errors and "Pagefind could not index the site" in broken.errors[0].message

    report = snow_paper.build()          # nothing changed, but the index was never finished
    assert (report.written, report.removed) == (0, 0)
    assert update_index(snow_paper.root, snow_paper.public, report, Problems()).ran
    assert not update_index(snow_paper.root, snow_paper.public, report, Problems()).ran


def test_can_search_chinese_word_from_masthead_and_open_the_article(snow_paper, page):
    assert build_with_search(snow_paper) == 0
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with serve_folder(snow_paper.root) as base:          # the site lives under a sub-path: /public/
        page.goto(base + "public/2024-11-25/01/meeting.html")
        page.get_by_role("searchbox").fill("暴雪")
        page.keyboard.press("Enter")
        result = page.locator(".pagefind-ui__result")
        result.first.wait_for()
        assert result.count() == 1
        text = result.first.inner_text()
        assert "北方迎来入冬首场暴雪" in text
        assert "2024年11月24日" in text and "第01版：要闻" in text
        result.first.get_by_role("link", name="北方迎来入冬首场暴雪").click()
        page.wait_for_url("**/public/2024-11-24/01/snow.html")
        assert page.locator("h1").inner_text() == "北方迎来入冬首场暴雪"
    assert errors == []


def test_search_page_says_it_needs_a_server_when_opened_from_disk(snow_paper, page):
    snow_paper.build()
    page.goto((snow_paper.public / "search" / "index.html").as_uri() + "?q=暴雪")
    assert page.get_by_text("直接打开磁盘上的文件时无法使用").is_visible()


def test_search_page_says_so_when_the_index_is_missing(snow_paper, page):
    snow_paper.build()                                  # built without the search index
    with serve_folder(snow_paper.public) as base:
        page.goto(base + "search/index.html?q=暴雪")
        note = page.get_by_text("搜索索引暂不可用")
        note.wait_for()
        assert note.is_visible()
