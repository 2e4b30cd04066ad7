"""Continued articles (下转/上接): two files joined by `continues:`, linked both ways, checked as a pair."""
from __future__ import annotations

from linkcheck import broken_links


def _pair(paper, first_continues="part-two", second_continues="part-one", second_page="05"):
    paper.article("2024-11-25/01/part-one.md", f"title: 大桥通车\ncontinues: {first_continues}")
    paper.article(f"2024-11-25/{second_page}/part-two.md", f"title: 大桥通车（续）\ncontinues: {second_continues}")


def test_continued_article_links_to_its_later_part_and_back(paper):
    _pair(paper)
    paper.build()
    first = paper.read("2024-11-25/01/part-one.html")
    second = paper.read("2024-11-25/05/part-two.html")
    assert '<p class="continued" data-pagefind-ignore="all"><a href="../../2024-11-25/05/part-two.html">下转第05版</a></p>' in first
    assert '<p class="continued" data-pagefind-ignore="all"><a href="../../2024-11-25/01/part-one.html">上接第01版</a></p>' in second
    assert "上接" not in first and "下转" not in second
    assert broken_links(paper.public) == []


def test_continuation_labels_come_from_the_strings_table(paper):
    paper.write("site.yaml", "name: Daily\nlanguage: en\nstrings: {continued_to: 'Turn to p. {num}'}\n")
    _pair(paper, second_page="12")
    paper.build()
    assert ">Turn to p. 12</a>" in paper.read("2024-11-25/01/part-one.html")
    assert ">Continued from page 01</a>" in paper.read("2024-11-25/12/part-two.html")


def test_warns_on_continuation_naming_no_article_and_builds_without_link(paper):
    paper.article("2024-11-25/01/part-one.md", "title: 大桥通车\ncontinues: part-two")
    paper.article("2024-11-25/05/part-two.md", "title: 续\ncontinues: part-one\ndraft: true")
    report = paper.build()
    assert [str(p) for p in report.warnings if "continues" in p.message] == [
        "content/2024-11-25/01/part-one.md:3: warning: 'continues: part-two' names no other article in this edition; "
        "no continuation link is shown\n"
        "    Write the file name (without .md) of the part on the other page "
        "(a part marked 'draft: true' counts as missing)."]
    assert "下转" not in paper.read("2024-11-25/01/part-one.html")


def test_errors_on_one_sided_continuation(paper):
    _pair(paper, second_continues="")
    errors = [p for p in paper.build_fails().problems if not p.warning]
    assert len(errors) == 1
    assert errors[0].path == "content/2024-11-25/01/part-one.md"
    assert "but that file does not continue back here" in errors[0].message
    assert errors[0].hint == "Add 'continues: part-one' to content/2024-11-25/05/part-two.md."


def test_errors_on_parts_that_name_different_articles(paper):
    _pair(paper, second_continues="third")
    paper.article("2024-11-25/06/third.md", "title: 第三\ncontinues: part-one")
    errors = {p.path: p.message for p in paper.build_fails().problems if not p.warning}
    assert "part-two.md, but that file does not continue back here" in errors["content/2024-11-25/01/part-one.md"]
    assert "third.md, but that file does not continue back here" in errors["content/2024-11-25/05/part-two.md"]
    assert "part-one.md, but that file does not continue back here" in errors["content/2024-11-25/06/third.md"]


def test_errors_once_on_both_parts_on_one_page(paper):
    _pair(paper, second_page="01")
    errors = [p for p in paper.build_fails().problems if not p.warning]
    assert [(p.path, p.message) for p in errors] == [
        ("content/2024-11-25/01/part-one.md",
         "this article and content/2024-11-25/01/part-two.md continue each other but are on the same page")]
