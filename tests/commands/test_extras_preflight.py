"""`check --preflight [--strict]`: each finding is produced by a fixture made to trigger it, and by nothing else."""
from __future__ import annotations

import pytest

from epaper.commands.cli import main
from epaper.core.errors import Problems
from epaper.engine.pipeline import BuildOptions, load
from epaper.commands.preflight import preflight
from epaper.engine.builddb import BuildState
from extras_paper import jpeg


def clean_paper(paper):
    """A paper with nothing to find: named pages 1-2 without gaps, a scan with areas, credited photos."""
    paper.write("site.yaml", "name: 测试日报\nbase_url: https://paper.example.com/\n")
    paper.write("content/2024-11-25/edition.yaml", """
        pages:
          1: {name: 一版要闻, image: p01.jpg}
          2: {name: 要闻}
    """)
    jpeg(paper.root / "content/2024-11-25/p01.jpg")
    jpeg(paper.root / "content/2024-11-25/01/photo.jpg", (200, 100))
    paper.article("2024-11-25/01/lead.md", """
        title: 头条
        area: [0, 0, 1, 0.5]
        images:
          - {file: photo.jpg, caption: 现场, credit: 张启民}
    """)
    paper.article("2024-11-25/01/second.md", "title: 第二篇\narea: [0, 0.5, 1, 0.5]")
    paper.article("2024-11-25/02/one.md", "title: 二版一", "短文。\n" * 40)
    paper.article("2024-11-25/02/two.md", "title: 二版二", "短文。\n" * 40)
    # Both parts of a continued article may carry the same headline: not a duplicate.
    paper.article("2024-11-25/02/cont.md", "title: 二版三\ncontinues: cont-2")
    paper.write("content/2024-11-25/edition.yaml", """
        pages:
          1: {name: 一版要闻, image: p01.jpg}
          2: {name: 要闻}
          3: {name: 综合}
    """)
    paper.article("2024-11-25/03/cont-2.md", "title: 二版三\ncontinues: cont")
    return paper


def findings(paper) -> list[tuple[str, str]]:
    problems = Problems()
    loaded = load(paper.root, BuildOptions(jobs=1, future=True), BuildState(), problems)
    return [(p.path, p.message) for p in problems.warnings + preflight(loaded.site)]


def test_clean_paper_has_no_findings(paper):
    assert findings(clean_paper(paper)) == []


DEFECTS = {
    "named page without article": (
        lambda p: p.write("content/2024-11-25/edition.yaml", """
            pages:
              1: {name: 一版要闻, image: p01.jpg}
              2: {name: 要闻}
              3: {name: 综合}
              4: {name: 文体}
        """),
        "content/2024-11-25/edition.yaml", "page 4 (文体) has no articles"),
    "gap in page numbers": (
        lambda p: (p.write("content/2024-11-25/edition.yaml", """
            pages:
              1: {name: 一版要闻, image: p01.jpg}
              2: {name: 要闻}
              3: {name: 综合}
              6: {name: 文体}
        """), p.article("2024-11-25/06/sport.md", "title: 体育")),
        "content/2024-11-25/edition.yaml", "pages 04, 05 are missing"),
    "article on a scanned page without area": (
        lambda p: p.article("2024-11-25/01/third.md", "title: 第三篇"),
        "content/2024-11-25/01/third.md", "page 01 has a scan, but this article has no 'area'"),
    "overlapping areas": (
        lambda p: p.article("2024-11-25/01/second.md", "title: 第二篇\narea: [0, 0.4, 1, 0.6]"),
        "content/2024-11-25/01/second.md", "its area overlaps the area of content/2024-11-25/01/lead.md"),
    "photo without credit": (
        lambda p: p.article("2024-11-25/01/lead.md", """
            title: 头条
            area: [0, 0, 1, 0.5]
            images:
              - {file: photo.jpg, caption: 现场}
        """),
        "content/2024-11-25/01/lead.md", "photo photo.jpg has no credit"),
    "photo without caption or credit": (
        lambda p: p.article("2024-11-25/01/lead.md", "title: 头条\narea: [0, 0, 1, 0.5]\nimages: [photo.jpg]"),
        "content/2024-11-25/01/lead.md", "photo photo.jpg has no caption and no credit"),
    "duplicate headline": (
        lambda p: p.article("2024-11-25/02/two.md", "title: 头条", "短文。\n" * 40),
        "content/2024-11-25/02/two.md", "the headline '头条' is also the headline of content/2024-11-25/01/lead.md"),
    "continuation without its other part": (
        lambda p: p.article("2024-11-25/02/tease.md", "title: 预告\ncontinues: not-written-yet"),
        "content/2024-11-25/02/tease.md", "'continues: not-written-yet' names no other article in this edition"),
    "article far longer than the rest of its page": (
        lambda p: p.article("2024-11-25/02/one.md", "title: 二版一", "很长的一段文字。" * 500),
        "content/2024-11-25/02/one.md", "4001 characters, over 5 times the other articles on page 02"),
}


@pytest.mark.parametrize("defect", DEFECTS)
def test_each_defect_gives_exactly_its_finding(paper, defect):
    make, path, message = DEFECTS[defect]
    clean_paper(paper)
    make(paper)
    found = findings(paper)
    assert len(found) == 1, found
    assert found[0][0] == path and found[0][1].startswith(message), found


def test_check_preflight_prints_file_and_what_to_do_and_strict_fails(paper, capsys):
    clean_paper(paper)
    DEFECTS["photo without credit"][0](paper)
    args = ["check", "--preflight", "--root", str(paper.root)]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "content/2024-11-25/01/lead.md: warning: photo photo.jpg has no credit\n" \
           "    Write it under 'images:', e.g. '- {file: photo.jpg, caption: 图片说明, credit: 摄影者}'." in err
    assert "No errors (1 warnings)." in out
    assert main(args + ["--strict"]) == 1
    assert "Check failed (--strict): 1 warning(s) to fix." in capsys.readouterr().err
    assert main(["check", "--content-only", "--root", str(paper.root)]) == 0    # without --preflight: load warnings only
    assert "has no credit" not in capsys.readouterr().err


def test_preflight_looks_at_tomorrows_edition(paper, capsys):
    clean_paper(paper)
    paper.article("2999-01-01/01/a.md", "title: 明天\nimages: [../../2024-11-25/01/photo.jpg]")
    assert main(["check", "--preflight", "--strict", "--root", str(paper.root)]) == 1
    assert "content/2999-01-01/01/a.md: warning: photo photo.jpg has no caption and no credit" in capsys.readouterr().err
