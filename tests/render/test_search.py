"""Search: the build indexes the articles with Pagefind, a part every ten days (an edition a part in the newest
ten days, still filling); readers search all parts at once."""
from __future__ import annotations

import json
import shutil

import pytest

from browser import serve_folder
from epaper.commands.cli import main


@pytest.fixture
def snow_paper(paper):
    """Editions in three months of two years.  暴雪 is in every edition, once an article; 首场 only in
    the oldest, 经济工作 only in the newest."""
    paper.write("content/2023-12-30/edition.yaml", "pages:\n  1: {name: 要闻}\n  2: {name: 农业}\n")
    paper.article("2023-12-30/01/snow.md", "title: 北方迎来入冬首场降雪\nsection: 天气",
                  "受冷空气影响，昨夜北方多地迎来入冬以来的首场降雪，局地暴雪，交通部门连夜除雪保畅通。\n")
    paper.article("2023-12-30/02/harvest.md", "title: 稻谷丰收农民笑开颜",
                  "今年秋粮喜获丰收，合作社的烘干机日夜不停。\n")
    paper.write("content/2024-10-08/edition.yaml", "pages:\n  1: {name: 要闻}\n")
    paper.article("2024-10-08/01/holiday.md", "title: 国庆假期旅游市场火热", "假期里各景区游人如织，暴雪未至。\n")
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 要闻}\n  2: {name: 经济}\n")
    paper.article("2024-11-25/01/meeting.md", "title: 全市经济工作会议召开",
                  "会议总结了今年的经济工作，部署明年重点任务，要求做好暴雪天气的应对。\n")
    paper.article("2024-11-25/02/market.md", "title: 冬季蔬菜供应充足\nsection: 民生",
                  "记者走访市场，蔬菜价格平稳，暴雪天气前各超市备货充足。\n")
    return paper


def build_with_search(paper, *more: str) -> int:
    return main(["build", "--root", str(paper.root), "--jobs", "1", *more])


def part_files(paper, part: str) -> dict[str, tuple[int, bytes]]:
    folder = paper.public / "pagefind" / part
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_can_index_articles_only_a_part_per_ten_days_and_tonights_alone_with_date_page_and_section(snow_paper, capsys):
    assert build_with_search(snow_paper) == 0
    assert "Search index: 5 articles indexed" in capsys.readouterr().out
    assert json.loads(snow_paper.read("pagefind/parts.json")) == ["2024-11-25", "2024-10-1", "2023-12-3"]
    counts = {part: json.loads(snow_paper.read(f"pagefind/{part}/pagefind-entry.json"))["languages"]
              for part in ("2024-11-25", "2024-10-1", "2023-12-3")}
    assert {p: {lang: v["page_count"] for lang, v in c.items()} for p, c in counts.items()} == {
        "2024-11-25": {"zh-cn": 2}, "2024-10-1": {"zh-cn": 1}, "2023-12-3": {"zh-cn": 2}}
    html = snow_paper.read("2023-12-30/01/snow.html")
    assert '<span data-pagefind-meta="日期">2023年12月30日</span>' in html
    assert '<span data-pagefind-filter="版面">第01版</span>' in html
    assert '<span data-pagefind-filter="栏目">天气</span>' in html
    assert "data-pagefind-body" not in snow_paper.read("2023-12-30/01/index.html")


def test_every_page_has_a_search_box_leading_to_the_search_page(snow_paper):
    snow_paper.build()
    for rel, action in [("index.html", "search/index.html"), ("archive/index.html", "../search/index.html"),
                        ("2023-12-30/02/index.html", "../../search/index.html"),
                        ("2023-12-30/01/snow.html", "../../search/index.html"), ("404.html", "/search/index.html")]:
        assert f'<form class="search-box" role="search" action="{action}">' in snow_paper.read(rel), rel
    assert 'id="search" data-bundle="../pagefind/"' in snow_paper.read("search/index.html")


def test_an_edit_makes_only_its_part_again(snow_paper, capsys):
    assert build_with_search(snow_paper) == 0
    before = {part: part_files(snow_paper, part) for part in ("2024-11-25", "2024-10-1", "2023-12-3")}
    capsys.readouterr()
    assert build_with_search(snow_paper) == 0
    assert "Search index unchanged (3 parts)." in capsys.readouterr().out

    snow_paper.article("2024-11-25/01/meeting.md", "title: 全市经济工作会议召开", "会议还谈到了寒潮。\n")
    assert build_with_search(snow_paper) == 0
    assert "Search index: 2 articles indexed" in capsys.readouterr().out
    assert part_files(snow_paper, "2024-10-1") == before["2024-10-1"]       # the very files, not rewritten
    assert part_files(snow_paper, "2023-12-3") == before["2023-12-3"]
    after = part_files(snow_paper, "2024-11-25")
    assert after.keys() != before["2024-11-25"].keys()         # the old index files are gone, not left behind


def test_tonights_edition_is_indexed_alone_and_leaves_the_other_parts_alone(snow_paper, capsys):
    assert build_with_search(snow_paper) == 0
    before = {part: part_files(snow_paper, part) for part in ("2024-11-25", "2024-10-1", "2023-12-3")}
    snow_paper.article("2024-11-26/01/next.md", "title: 第二天的消息", "第二天，暴雪停了。\n")
    capsys.readouterr()
    assert build_with_search(snow_paper) == 0
    assert "Search index: 1 articles indexed" in capsys.readouterr().out
    assert {part: part_files(snow_paper, part) for part in before} == before
    assert json.loads(snow_paper.read("pagefind/parts.json")) == ["2024-11-26", "2024-11-25", "2024-10-1", "2023-12-3"]


def test_the_first_edition_of_a_new_third_closes_the_last_into_one_part(snow_paper, capsys):
    snow_paper.article("2024-11-26/01/next.md", "title: 第二天的消息", "第二天，暴雪停了。\n")
    assert build_with_search(snow_paper) == 0
    before = {part: part_files(snow_paper, part) for part in ("2024-10-1", "2023-12-3")}
    snow_paper.article("2024-12-01/01/first.md", "title: 十二月第一天", "新的一月开始了。\n")
    capsys.readouterr()
    assert build_with_search(snow_paper) == 0
    assert "Search index: 4 articles indexed" in capsys.readouterr().out       # the third's 3, and tonight's
    assert {part: part_files(snow_paper, part) for part in before} == before
    assert json.loads(snow_paper.read("pagefind/parts.json")) == ["2024-12-01", "2024-11-3", "2024-10-1", "2023-12-3"]
    assert sorted(p.name for p in (snow_paper.public / "pagefind").iterdir()) == [
        "2023-12-3", "2024-10-1", "2024-11-3", "2024-12-01", "parts.json"]
    entry = json.loads(snow_paper.read("pagefind/2024-11-3/pagefind-entry.json"))
    assert entry["languages"]["zh-cn"]["page_count"] == 3


def test_a_removed_edition_and_a_drafted_article_leave_the_index(snow_paper):
    assert build_with_search(snow_paper) == 0
    shutil.rmtree(snow_paper.root / "content" / "2024-10-08")
    snow_paper.article("2024-11-25/02/market.md", "title: 冬季蔬菜供应充足\ndraft: true", "草稿。\n")
    assert build_with_search(snow_paper) == 0
    assert json.loads(snow_paper.read("pagefind/parts.json")) == ["2024-11-25", "2023-12-3"]
    assert not (snow_paper.public / "pagefind" / "2024-10-1").exists()
    entry = json.loads(snow_paper.read("pagefind/2024-11-25/pagefind-entry.json"))
    assert entry["languages"]["zh-cn"]["page_count"] == 1


def test_no_search_leaves_the_index_as_it_was_until_the_next_build_with_search(snow_paper, capsys):
    assert build_with_search(snow_paper) == 0
    before = part_files(snow_paper, "2024-11-25")
    snow_paper.article("2024-11-25/01/meeting.md", "title: 全市经济工作会议召开", "会议还谈到了寒潮。\n")
    capsys.readouterr()
    assert build_with_search(snow_paper, "--no-search") == 0
    assert "Search index" not in capsys.readouterr().out
    assert part_files(snow_paper, "2024-11-25") == before
    assert build_with_search(snow_paper) == 0
    assert "Search index: 2 articles indexed" in capsys.readouterr().out
    assert part_files(snow_paper, "2024-11-25") != before


def test_a_part_whose_files_were_deleted_is_made_again(snow_paper):
    assert build_with_search(snow_paper) == 0
    before = {p: b for p, (_, b) in part_files(snow_paper, "2024-10-1").items()}
    shutil.rmtree(snow_paper.public / "pagefind" / "2024-10-1")
    assert build_with_search(snow_paper) == 0
    assert {p: b for p, (_, b) in part_files(snow_paper, "2024-10-1").items()} == before


def test_without_pagefind_the_build_fails_and_leaves_public_as_it_was(snow_paper, monkeypatch, capsys):
    assert build_with_search(snow_paper) == 0
    before = snow_paper.files()
    snow_paper.article("2024-11-25/01/meeting.md", "title: 全市经济工作会议召开", "会议还谈到了寒潮。\n")
    monkeypatch.setattr("epaper.render.pagefindio.VERSION", "0.0.1")       # as if another version were installed
    assert build_with_search(snow_paper) == 1
    err = capsys.readouterr().err
    assert "requirements.txt: error: pagefind-bin-extended 1.5.2 is installed" in err
    assert "--no-search" in err
    assert snow_paper.files() == before


def search(page, words: str):
    """Search from the masthead's box (any page but the search page) or from Pagefind's own box."""
    box = page.locator(".pagefind-ui__search-input")
    (box if box.count() else page.get_by_role("searchbox")).fill(words)
    page.keyboard.press("Enter")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for()
    return results


def searched_in_batches(paper, first: int, batch: int) -> None:
    """The search page of `paper` set to search its newest `first` parts, then `batch` parts at a time (as a
    newsroom would in layouts/search.html), so that a paper of three parts shows what a decade's does."""
    page_file = paper.public / "search" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    assert 'data-first="6" data-batch="36"' in html
    page_file.unlink()
    page_file.write_text(html.replace('data-first="6" data-batch="36"', f'data-first="{first}" data-batch="{batch}"'),
                         encoding="utf-8")


def test_can_search_every_part_filter_and_open_the_article(snow_paper, page):
    assert build_with_search(snow_paper) == 0
    searched_in_batches(snow_paper, 1, 1)
    errors, requested = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requested.append(r.url.split("/pagefind/")[1]) if "/pagefind/" in r.url else None)
    with serve_folder(snow_paper.root) as base:          # the site lives under a sub-path: /public/
        page.goto(base + "public/2024-11-25/01/meeting.html")
        results = search(page, "首场")                   # only in the oldest edition, found in the last batch
        assert results.count() == 1
        text = results.first.inner_text()
        assert "北方迎来入冬首场降雪" in text and "2023年12月30日" in text and "第01版：要闻" in text
        page.locator('.search-note[data-when="older"]').wait_for(state="hidden")
        # The first query searched the newest part alone (its words' index chunk was fetched) before any
        # older part was asked for anything; then each older part was merged in.
        first_older = next(i for i, r in enumerate(requested) if not r.startswith(("parts.json", "2024-11-25/")))
        assert any(r.startswith("2024-11-25/index/") for r in requested[:first_older])
        assert first_older <= 12, requested[:first_older]
        assert {r.split("/")[0] for r in requested[first_older:]} >= {"2024-10-1", "2023-12-3"}

        results = search(page, "经济工作")               # only in the newest
        page.get_by_role("link", name="全市经济工作会议召开").wait_for()
        page.get_by_role("link", name="北方迎来入冬首场降雪").wait_for(state="detached")
        assert results.count() == 1

        search(page, "暴雪")                             # in every part: newest first
        page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length == 4 && "
                               "!document.querySelector('.pagefind-ui__loading')")
        titles = [t.strip() for t in page.locator(".pagefind-ui__result-title").all_inner_texts()]
        assert set(titles[:2]) == {"全市经济工作会议召开", "冬季蔬菜供应充足"}       # tonight's edition
        assert titles[2:] == ["国庆假期旅游市场火热", "北方迎来入冬首场降雪"]

        page.locator("summary", has_text="栏目").click()     # a section filter narrows the results of all parts
        page.get_by_label("天气").check()
        page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length == 1")
        page.get_by_role("link", name="北方迎来入冬首场降雪").click()
        page.wait_for_url("**/public/2023-12-30/01/snow.html")
        assert page.locator("h1").inner_text() == "北方迎来入冬首场降雪"
    assert errors == []


def test_a_removed_edition_is_no_longer_found(snow_paper, page):
    assert build_with_search(snow_paper) == 0
    shutil.rmtree(snow_paper.root / "content" / "2023-12-30")
    assert build_with_search(snow_paper) == 0
    with serve_folder(snow_paper.public) as base:
        page.goto(base + "search/index.html?q=首场")
        page.get_by_text("No results for").or_(page.get_by_text("未找到")).first.wait_for()
        assert page.locator(".pagefind-ui__result").count() == 0
        page.goto(base + "search/index.html?q=经济工作")
        page.locator(".pagefind-ui__result").first.wait_for()


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


def test_the_preview_searches_too_and_finds_what_was_just_saved(snow_paper, page):
    from served import Served
    served = Served(snow_paper.root)
    try:
        page.goto(served.url + "search/index.html?q=首场")
        page.get_by_role("link", name="北方迎来入冬首场降雪").wait_for()
        with page.expect_navigation():              # the preview reloads the open page after the rebuild
            snow_paper.article("2024-11-25/01/meeting.md", "title: 全市经济工作会议召开", "会议还谈到了寒潮。\n")
        page.goto(served.url + "search/index.html?q=寒潮")
        page.get_by_role("link", name="全市经济工作会议召开").wait_for()
    finally:
        served.stop()


def test_the_whole_site_index_of_an_older_version_is_removed(snow_paper):
    assert build_with_search(snow_paper, "--no-search") == 0
    old = snow_paper.public / "pagefind"
    (old / "fragment").mkdir(parents=True)
    (old / "pagefind-entry.json").write_text("{}")
    (old / "fragment" / "zh-cn_1234abc.pf_fragment").write_bytes(b"old")
    assert build_with_search(snow_paper) == 0
    assert sorted(p.name for p in old.iterdir()) == ["2023-12-3", "2024-10-1", "2024-11-25", "parts.json"]


def test_the_engine_writes_each_part_entry_last_and_the_list_of_parts_after_them(snow_paper, monkeypatch):
    """Search opens no file itself: it hands the engine each file (search.SiteFiles), in an order in which
    no file names one not written yet: a part's entry after its other files, parts.json after the parts."""
    from epaper.engine.output import StagedSite
    written, write = [], StagedSite.write
    monkeypatch.setattr(StagedSite, "write", lambda site, rel, data: (written.append(rel), write(site, rel, data)))
    assert build_with_search(snow_paper) == 0
    assert written[-1] == "pagefind/parts.json"
    for part in ("2024-11-25", "2024-10-1", "2023-12-3"):
        mine = [rel for rel in written if rel.startswith(f"pagefind/{part}/")]
        assert len(mine) > 1 and mine[-1] == f"pagefind/{part}/pagefind-entry.json"
        assert sorted(mine) == sorted(f"pagefind/{part}/{p}" for p in part_files(snow_paper, part))


def test_an_archive_s_records_are_read_as_each_part_s_turn_comes_not_all_first(snow_paper, monkeypatch):
    """A ten-year archive's records are gigabytes: each part's articles are read when Pagefind is about
    to index it, so the first parts are written before the last ones are read."""
    from epaper.engine.output import StagedSite
    for day in ("2024-11-05", "2024-11-15"):
        snow_paper.write(f"content/{day}/edition.yaml", "pages:\n  1: {name: 要闻}\n")
        snow_paper.article(f"{day}/01/news.md", "title: 初冬时节", "初冬时节，暴雪之后天气转晴。\n")
    events, read, write = [], StagedSite.read, StagedSite.write
    monkeypatch.setattr(StagedSite, "read", lambda site, rel: (events.append(("read", rel)), read(site, rel))[1])
    monkeypatch.setattr(StagedSite, "write", lambda site, rel, data: (events.append(("write", rel)),
                                                                        write(site, rel, data)))
    assert build_with_search(snow_paper) == 0
    reads = [n for n, (what, _) in enumerate(events) if what == "read"]
    writes = [n for n, (what, rel) in enumerate(events) if what == "write" and rel.startswith("pagefind/")]
    assert len(json.loads((snow_paper.public / "pagefind/parts.json").read_text())) == 5
    assert min(writes) < max(reads)


@pytest.mark.parametrize("when", ["first build", "after an edit"])
def test_an_article_page_search_cannot_read_is_named_and_public_is_left_as_it_was(snow_paper, monkeypatch,
                                                                                    capsys, when):
    from epaper.engine.output import StagedSite
    if when == "after an edit":
        assert build_with_search(snow_paper) == 0
        snow_paper.article("2023-12-30/02/harvest.md", "title: 稻谷丰收农民笑开颜", "今年秋粮喜获丰收。\n")
    before = snow_paper.files()
    read = StagedSite.read

    def unreadable(site, rel):
        if "harvest" in rel:
            raise PermissionError(13, "Permission denied", rel)
        return read(site, rel)
    monkeypatch.setattr(StagedSite, "read", unreadable)
    capsys.readouterr()
    assert build_with_search(snow_paper) != 0
    err = capsys.readouterr().err
    assert "harvest" in err and "Permission denied" in err
    assert snow_paper.files() == before
