"""The edition model: what one file cannot know alone (pages, addresses, photos, continuations, dates)."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from epaper.config.config import load_config
from epaper.core.errors import Problems
from epaper.engine.builddb import BuildState
from epaper.engine.incremental import Changes, ScanMemo, edition_memo
from epaper.model.model import build_site
from epaper.content.source import scan_content

TODAY = dt.date(2024, 11, 25)


def load(paper, today=TODAY, state=None, **options):
    """`state`: the records and the edition models a build keeps for the next one (BuildState)."""
    problems = Problems(paper.root)
    config = load_config(paper.root, problems)
    if state is None:
        return build_site(config, scan_content(config, problems), problems, today=today, **options), problems
    tree = scan_content(config, problems, memo=ScanMemo(state, Changes(), {}))
    edition_of = edition_memo(config, tree, state, {}, options.get("drafts", False), paper.root)
    return build_site(config, tree, problems, today=today, edition_of=edition_of, **options), problems


def messages(problems, warning=False):
    return [(p.path, p.line, p.message) for p in problems.items if p.warning == warning]


def titles(site):
    return {e.key: {p.number: [a.title for a in p.articles] for p in e.pages} for e in site.editions}


def test_can_order_pages_and_articles_and_link_them(small_paper):
    site, problems = load(small_paper)
    assert problems.items == []
    assert titles(site) == {"2024-11-24": {1: ["昨天的新闻"]},
                            "2024-11-25": {1: ["头条新闻", "第二篇"], 2: ["二版甲", "二版乙"], 8: ["通辽简讯"]}}
    latest = site.latest
    assert latest.prev is site.editions[0] and latest.pages[0].next is latest.pages[1]
    chain, a = [], latest.articles[0]
    while a:
        chain.append(a.title)
        a = a.next
    assert chain == ["头条新闻", "第二篇", "二版甲", "二版乙", "通辽简讯"]
    assert latest.pages[2].articles[0].section == "通辽"      # default section: the page's name


def test_can_leave_drafts_out_unless_asked(paper):
    paper.article("2024-11-25/01/a.md", "title: 见报")
    paper.article("2024-11-25/01/b.md", "title: 草稿\ndraft: true")
    assert titles(load(paper)[0]) == {"2024-11-25": {1: ["见报"]}}
    assert titles(load(paper, drafts=True)[0]) == {"2024-11-25": {1: ["见报", "草稿"]}}


def test_can_leave_out_an_edition_of_only_drafts(paper):
    paper.article("2024-11-24/01/a.md", "title: 见报")
    paper.article("2024-11-25/01/b.md", "title: 草稿\ndraft: true")
    site, problems = load(paper)
    assert [e.key for e in site.editions] == ["2024-11-24"] and problems.items == []


def test_can_leave_out_editions_dated_after_today(paper):
    paper.article("2024-11-25/01/a.md", "title: 今天")
    paper.article("2024-11-26/01/a.md", "title: 明天")
    assert [e.key for e in load(paper)[0].editions] == ["2024-11-25"]
    assert [e.key for e in load(paper, today=dt.date(2024, 11, 26))[0].editions] == ["2024-11-25", "2024-11-26"]
    site = load(paper, future=True)[0]
    assert [(e.key, e.future) for e in site.editions] == [("2024-11-25", False), ("2024-11-26", True)]


def test_warns_on_named_page_without_articles_and_shows_it_empty(paper):
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 一版要闻}\n  2: {name: 要闻}\n")
    paper.article("2024-11-25/01/a.md", "title: T")
    site, problems = load(paper)
    assert titles(site) == {"2024-11-25": {1: ["T"], 2: []}}
    assert messages(problems, warning=True) == [
        ("content/2024-11-25/edition.yaml", 3, "page 2 (要闻) has no articles; it is shown empty")]
    assert problems.warnings[0].hint == "Add articles to the 02/ folder, or remove page 2 from edition.yaml."
    report = paper.build(today=TODAY)
    assert [w.message for w in report.warnings] == ["page 2 (要闻) has no articles; it is shown empty"]
    assert "本版暂无稿件。" in paper.read("2024-11-25/02/index.html")


def test_warns_on_article_on_a_page_edition_yaml_does_not_name_and_shows_the_page(paper):
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  1: {name: 一版要闻}\n")
    paper.article("2024-11-25/01/a.md", "title: T")
    paper.article("2024-11-25/brief.md", "title: 简讯\npage: 9")
    paper.article("2024-11-25/09/b.md", "title: 九版")
    site, problems = load(paper)
    assert titles(site) == {"2024-11-25": {1: ["T"], 9: ["九版", "简讯"]}}
    assert site.editions[0].pages[1].name == ""
    [w] = problems.warnings
    assert (w.path, w.line) == ("content/2024-11-25/09/b.md", None)
    assert w.message == "page 9 is not listed in edition.yaml (and 1 more article(s)); it is shown as '第09版' without a name"
    assert w.hint == ("Add '9: {name: <page name>}' under 'pages:' in content/2024-11-25/edition.yaml, "
                      "or correct the page number.")
    paper.build(today=TODAY)
    assert "第09版" in paper.read("2024-11-25/09/index.html") and "第09版" in paper.read("2024-11-25/01/index.html")


def test_can_show_pages_by_number_without_edition_yaml_and_without_warnings(paper):
    paper.article("2024-11-25/03/a.md", "title: T")
    site, problems = load(paper)
    assert titles(site) == {"2024-11-25": {3: ["T"]}} and problems.items == []


def test_errors_on_a_missing_photo_at_its_line(paper):
    paper.article("2024-11-25/01/a.md", "title: T\nimages:\n  - file: here.jpg\n  - file: gone.jpg")
    paper.write("content/2024-11-25/01/here.jpg", "x")
    _, problems = load(paper)
    assert messages(problems) == [("content/2024-11-25/01/a.md", 5, "image 'gone.jpg' does not exist")]
    assert "Put the photo in the article's folder" in problems.errors[0].hint


def test_errors_on_a_missing_inline_image_naming_the_article_and_line(paper):
    paper.article("2024-11-25/01/a.md", "title: T", "第一段。\n\n![大桥](bridge.jpg)\n")
    _, problems = load(paper)
    assert messages(problems) == [("content/2024-11-25/01/a.md", 7, "image 'bridge.jpg' does not exist")]


def test_can_leave_web_images_in_the_text_alone(paper):
    paper.article("2024-11-25/01/a.md", "title: T", "![x](https://example.com/a.jpg) ![y](//cdn.example.com/b.png)\n")
    site, problems = load(paper)
    assert problems.items == [] and site.editions[0].articles[0].inline_images == {}


def test_errors_on_photo_paths_leading_outside_content(paper, tmp_path):
    (tmp_path / "outside.jpg").write_bytes(b"x")
    paper.write("content/2024-11-25/01/x.txt", "")
    os.symlink(tmp_path / "outside.jpg", paper.root / "content/2024-11-25/01/link.jpg")
    paper.article("2024-11-25/01/a.md", f"""
        title: T
        images:
          - ../../../site.yaml
          - {tmp_path / 'outside.jpg'}
          - link.jpg
    """, "![x](../../../../outside.jpg)\n")
    _, problems = load(paper)
    assert messages(problems) == [
        ("content/2024-11-25/01/a.md", 4, "image '../../../site.yaml' leads outside the content folder"),
        ("content/2024-11-25/01/a.md", 5, f"image '{tmp_path / 'outside.jpg'}' must be a path relative to the file that names it"),
        ("content/2024-11-25/01/a.md", 6, "image 'link.jpg' leads outside the content folder"),
        ("content/2024-11-25/01/a.md", 9, "image '../../../../outside.jpg' leads outside the content folder"),
    ]


def test_errors_on_photos_of_an_article_that_has_other_errors_too(paper):
    paper.article("2024-11-25/01/a.md", "title: T\npage: 2\nimages: [gone.jpg]")
    _, problems = load(paper)
    assert [m for _, _, m in messages(problems)] == ["'page: 2' disagrees with the folder it sits in (page 01)",
                                                     "image 'gone.jpg' does not exist"]


def test_errors_on_page_scan_missing_or_outside_content_at_its_line(paper):
    paper.write("content/2024-11-25/edition.yaml", "pages:\n  01:\n    name: 一版\n    image: p01.jpg\n    pdf: ../../site.yaml\n")
    paper.article("2024-11-25/01/a.md", "title: T")
    _, problems = load(paper)
    assert messages(problems) == [
        ("content/2024-11-25/edition.yaml", 4, "page 1: page scan 'p01.jpg' does not exist"),
        ("content/2024-11-25/edition.yaml", 5, "page 1: PDF '../../site.yaml' leads outside the content folder")]


def test_errors_on_two_articles_written_to_the_same_file(paper):
    paper.article("2024-11-25/brief.md", "title: 简讯\npage: 8")
    paper.article("2024-11-25/08/brief.md", "title: 另一篇简讯")
    site, problems = load(paper)
    [e] = problems.errors
    assert (e.path, e.line) == ("content/2024-11-25/brief.md", 3)
    assert e.message == "would be written to 2024-11-25/08/brief.html, the same file as content/2024-11-25/08/brief.md"
    assert e.hint == "Rename one of the two files: two articles on one page need different names."


def test_errors_on_article_named_index_which_is_the_page_view(paper):
    paper.article("2024-11-25/08/index.md", "title: T")
    paper.article("2024-11-25/08/b.md", "title: B")
    site, problems = load(paper)
    assert messages(problems) == [("content/2024-11-25/08/index.md", None,
                                   "an article cannot be named 'index': 2024-11-25/08/index.html is the page view")]


def test_can_link_the_two_parts_of_a_continued_article(paper):
    paper.article("2024-11-25/01/lead.md", "title: 头条\ncontinues: lead-2")
    paper.article("2024-11-25/04/lead-2.md", "title: 头条（续）\ncontinues: lead")
    site, problems = load(paper)
    first, second = site.editions[0].articles
    assert problems.items == [] and first.continued_to is second and second.continued_from is first


def test_warns_on_continues_pointing_nowhere(paper):
    paper.article("2024-11-25/01/lead.md", "title: 头条\ncontinues: lead-two")
    _, problems = load(paper)
    assert messages(problems, warning=True) == [("content/2024-11-25/01/lead.md", 3,
                                                 "'continues: lead-two' names no other article in this edition; "
                                                 "no continuation link is shown")]


def test_errors_on_continues_not_pointing_back(paper):
    paper.article("2024-11-25/01/lead.md", "title: 头条\ncontinues: lead-2")
    paper.article("2024-11-25/04/lead-2.md", "title: 头条（续）")
    site, problems = load(paper)
    [e] = problems.errors
    assert (e.path, e.line) == ("content/2024-11-25/01/lead.md", 3)
    assert e.message == "continues on content/2024-11-25/04/lead-2.md, but that file does not continue back here"
    assert e.hint == "Add 'continues: lead' to content/2024-11-25/04/lead-2.md."


def test_errors_on_continued_parts_on_one_page(paper):
    paper.article("2024-11-25/01/a.md", "title: A\ncontinues: b")
    paper.article("2024-11-25/01/b.md", "title: B\ncontinues: a")
    _, problems = load(paper)
    assert messages(problems) == [("content/2024-11-25/01/a.md", 3, "this article and content/2024-11-25/01/b.md "
                                   "continue each other but are on the same page")]


def test_warns_on_empty_edition_folder_and_skips_it(paper):
    (paper.root / "content/2024-11-25").mkdir(parents=True)
    site, problems = load(paper)
    assert site.editions == [] and messages(problems, warning=True) == [
        ("content/2024-11-25", None, "the edition folder has no articles and no edition.yaml; skipped")]


@pytest.mark.parametrize("order, expected", [
    ({"a": 2, "b": 1, "c": None}, ["B", "A", "C"]),
    ({"a": None, "b": None, "c": None}, ["A", "B", "C"]),      # then by file name
])
def test_can_order_articles_on_a_page(paper, order, expected):
    for slug, n in order.items():
        paper.article(f"2024-11-25/01/{slug}.md", f"title: {slug.upper()}" + (f"\norder: {n}" if n is not None else ""))
    assert titles(load(paper)[0]) == {"2024-11-25": {1: expected}}


def test_can_build_without_drafts_and_future_editions(paper):
    paper.article("2024-11-25/01/a.md", "title: 今天见报")
    paper.article("2024-11-25/01/b.md", "title: 还在改\ndraft: true")
    paper.article("2024-11-26/01/a.md", "title: 明天见报")
    paper.build(today=TODAY)
    files = paper.files()
    assert "2024-11-25/01/a.html" in files
    assert not any(f.startswith("2024-11-26") for f in files) and "2024-11-25/01/b.html" not in files
    assert "今天见报" in paper.read("index.html") and "明天见报" not in paper.read("archive/index.html")


def test_can_tell_today_in_the_papers_time_zone(monkeypatch):
    from epaper.config import today_for_build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2024, 11, 24, 20, 0, tzinfo=dt.timezone.utc).timestamp())))
    assert today_for_build() == dt.date(2024, 11, 24)
    assert today_for_build("Asia/Shanghai") == dt.date(2024, 11, 25)      # 04:00 in Beijing: the new edition is out


def test_a_photo_saved_after_its_article_is_found_by_the_next_build(paper):
    """An edition whose files did not change is not assembled again (the preview rebuilds on every
    save), but a photo saved into its folder is a change."""
    paper.article("2024-11-25/01/a.md", "title: 甲\nimages: [{file: p.jpg, caption: 图}]")
    paper.age(20)
    state = BuildState()
    _, problems = load(paper, state=state)
    assert any("'p.jpg' does not exist" in m for _, _, m in messages(problems))
    photo = paper.root / "content/2024-11-25/01/p.jpg"
    photo.write_bytes(b"\xff\xd8")
    paper.age(10, [photo, photo.parent])      # the article itself unchanged
    site, problems = load(paper, state=state)
    assert messages(problems) == []
    assert [p.rel for p in site.editions[0].articles[0].photos] == ["2024-11-25/01/p.jpg"]
