"""A paper with everything the extras use: scans, page PDFs, credited photos, a continued article."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from conftest import REPO, Paper


def jpeg(path: Path, size=(300, 450), color=(200, 200, 200)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG")


def pdf(path: Path, width: int) -> None:
    """A one-page PDF whose page width tells it apart from the others (points)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    writer.add_blank_page(width=width, height=800)
    with open(path, "wb") as f:
        writer.write(f)


def rich_paper(paper):
    c = paper.root / "content"
    paper.write("content/2024-11-24/edition.yaml", """
        number: "总第 25500 期"
        pages:
          1: {name: 一版要闻, image: scans/p01.jpg, pdf: scans/p01.pdf}
          5: {name: 通辽}
    """)
    jpeg(c / "2024-11-24/scans/p01.jpg")
    pdf(c / "2024-11-24/scans/p01.pdf", 501)
    jpeg(c / "2024-11-24/01/fire.jpg", (320, 200), (180, 60, 60))
    paper.article("2024-11-24/01/old-lead.md", """
        title: 昨日头条
        authors: 本报记者 王海燕
        area: [0.0, 0.0, 1.0, 0.5]
        images:
          - {file: fire.jpg, caption: 消防演练, credit: 张启民}
    """)
    paper.article("2024-11-24/05/old-tongliao.md", "title: 通辽旧闻\nauthors: 李铭")

    paper.write("content/2024-11-25/edition.yaml", """
        number: "总第 25501 期"
        pages:
          1: {name: 一版要闻, image: scans/p01.jpg, pdf: scans/p01.pdf}
          2: {name: 要闻, pdf: scans/p02.pdf}
          5: {name: 通辽, pdf: scans/p05.pdf}
    """)
    jpeg(c / "2024-11-25/scans/p01.jpg")
    for number, width in ((1, 601), (2, 602), (5, 605)):
        pdf(c / f"2024-11-25/scans/p{number:02d}.pdf", width)
    jpeg(c / "2024-11-25/01/bridge.jpg", (320, 200), (60, 60, 180))
    jpeg(c / "2024-11-25/02/market.jpg", (320, 200), (60, 180, 60))
    paper.article("2024-11-25/01/lead-story.md", """
        title: 大桥今日通车
        kicker: 历时三年
        subtitle: 两岸居民出行时间缩短一半
        authors: [本报记者 王海燕, 通讯员 赵强]
        order: 1
        area: [0.0, 0.0, 1.0, 0.6]
        continues: lead-story-2
        images:
          - {file: bridge.jpg, caption: 通车仪式现场, credit: 张启民}
    """, "大桥于今日上午通车。\n")
    paper.article("2024-11-25/01/second.md", "title: 第二篇\norder: 2\narea: [0.0, 0.6, 1.0, 0.4]")
    paper.article("2024-11-25/02/market.md", """
        title: 早市见闻
        authors: 李铭
        images:
          - {file: market.jpg, caption: 早市一角, credit: 张启民}
    """)
    paper.article("2024-11-25/05/lead-story-2.md", """
        title: 大桥今日通车（续）
        authors: [本报记者 王海燕]
        continues: lead-story
    """, "通车后，两岸交通更加便利。\n")
    paper.article("2024-11-25/05/tongliao-news.md", "title: 通辽新闻\nsection: 通辽新闻")
    return paper


@pytest.fixture(scope="module")
def built_rich_paper(tmp_path_factory):
    """The rich paper built once per test module, for tests that only read what was built."""
    root = tmp_path_factory.mktemp("rich") / "paper"
    root.mkdir()
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(REPO / "assets", root / "assets")
    paper = Paper(root)
    paper.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\n")
    rich_paper(paper).build()
    return paper
