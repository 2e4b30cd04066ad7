"""The README stays true: every site.yaml option is in it, and its complete example builds."""
from __future__ import annotations

import datetime as dt
import re

from PIL import Image

from conftest import REPO
from epaper.config import OPTIONS
from linkcheck import broken_links

DOC = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_site_yaml_option_is_documented():
    for key, option in OPTIONS.items():
        assert f"| `{key}` |" in DOC and option.doc in DOC, key


def test_the_complete_example_builds_without_a_problem(paper):
    files = re.findall(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", DOC, re.S)
    assert [name for name, _ in files] == ["site.yaml", "content/2024-11-25/edition.yaml",
                                          "content/2024-11-25/01/five-tasks.md", "content/2024-11-25/08/five-tasks-2.md"]
    for name, text in files:
        paper.write(name, text)
    for name in ("01/bridge.jpg", "01/site.jpg", "p08.jpg"):
        Image.new("RGB", (800, 600), "gray").save(paper.root / "content/2024-11-25" / name)
    Image.new("RGB", (300, 420), "white").save(paper.root / "content/2024-11-25/p08.pdf", "PDF")
    report = paper.build(today=dt.date(2024, 11, 25))
    assert (report.editions, report.pages, report.articles, report.images, report.warnings) == (1, 2, 2, 3, [])
    article = paper.read("2024-11-25/01/five-tasks.html")
    for text in ("稳就业 保供暖 促消费", "确保群众温暖过冬", "张启民 摄", "下转第08版", '<h2 class="subhead">一、抓好供暖保障</h2>'):
        assert text in article, text
    assert broken_links(paper.public) == []
