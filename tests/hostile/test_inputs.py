"""Hostile inputs: each one, put into a small paper that was built before, makes the build fail with its
message and exit code, leaves public/ byte for byte as it was, and answers within a bound of time and memory.

The build runs as `build.py` in a child of a small Python wrapper, so that the wrapper's RUSAGE_CHILDREN is the
peak memory of that build (and its workers) alone.  The bounds are on hostile input, not speed targets: the
alias bomb took over 2 minutes and 8.3 GB before, a format width 8 GB of output.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

import pytest

from conftest import REPO

SECONDS = 10
PEAK_MB = 500

_MEASURED = """
import json, resource, subprocess, sys, time
started = time.monotonic()
run = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
print(json.dumps({"code": run.returncode, "err": run.stderr[-20000:], "errlen": len(run.stderr),
                  "seconds": time.monotonic() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


@dataclass
class Built:
    code: int
    err: str
    errlen: int
    seconds: float
    peak_mb: float


def build(paper, *args) -> Built:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "1"}
    run = subprocess.run([sys.executable, "-c", _MEASURED, sys.executable, str(REPO / "build.py"), "build",
                          "--root", str(paper.root), "--jobs", "1", "--no-search", *args],
                         capture_output=True, text=True, env=env, cwd=paper.root, timeout=150)
    return Built(**json.loads(run.stdout))


def alias_bomb(key: str) -> str:
    """The issue's half kilobyte: each anchored list holds nine references to the one before (9^9 nodes)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(lines) + f"\n{key}: *a8\n"


def inline_markup(size: int) -> str:
    return "文字**粗体**与*斜体*、`代码`和[链接](https://example.com/)。" * (size // 80)


@dataclass
class Hostile:
    name: str
    plant: Callable          # plant(paper): put the hostile input into the paper
    said: str                # what stderr must say (a line's start: file, line, kind)
    code: int = 1


def _link(rel: str, target: str):
    def plant(paper):
        outside = paper.root.parent / "outside"
        (outside / "01").mkdir(parents=True, exist_ok=True)
        (outside / "01" / "secret.md").write_text("---\ntitle: 机密\n---\n机密正文。\n", encoding="utf-8")
        (paper.root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(outside / target, paper.root / rel)
    return plant


def _jpeg(path) -> None:
    from PIL import Image
    Image.new("RGB", (60, 40), "gray").save(path, "JPEG")


CASES = [
    Hostile("alias bomb in front matter",
            lambda p: p.article("2024-11-25/01/second.md", "title: 第二篇\n" + alias_bomb("order")),
            "content/2024-11-25/01/second.md:4: error: malformed YAML: a value starts with '*'"),
    Hostile("alias bomb in edition.yaml",
            lambda p: p.write("content/2024-11-25/edition.yaml", alias_bomb("number")),
            "content/2024-11-25/edition.yaml:2: error: malformed YAML: a value starts with '*'"),
    Hostile("alias bomb in site.yaml",
            lambda p: p.write("site.yaml", "name: 测试日报\n" + alias_bomb("description")),
            "site.yaml:3: error: malformed YAML: a value starts with '*'"),
    Hostile("100,000 nested lists in front matter (crashed the C composer)",
            lambda p: p.article("2024-11-25/01/second.md", "title: 第二篇\nkicker: " + "- " * 100_000 + "x"),
            "content/2024-11-25/01/second.md:3: error: more than 2,000 lists and mappings"),
    Hostile("5 MB paragraph of inline markup, article size limit raised",
            lambda p: (p.write("site.yaml", "name: 测试日报\nmax_article_kb: 8192\n"),
                       p.article("2024-11-25/02/alpha.md", "title: 二版甲", inline_markup(5_000_000))),
            "content/2024-11-25/02/alpha.md:5: error: a paragraph of "),
    Hostile("a paragraph of unclosed '[' (39 s to render before)",
            lambda p: p.article("2024-11-25/02/alpha.md", "title: 二版甲", "![图" * 6000),
            "content/2024-11-25/02/alpha.md:5: error: this paragraph has 6,000 '[' or '](' that are never closed"),
    Hostile("a megabyte of unclosed '![' across paragraphs",
            lambda p: p.article("2024-11-25/02/alpha.md", "title: 二版甲", "\n\n".join(["![a" * 300] * 1000)),
            "error: this paragraph has 300 '[' or '](' that are never closed"),
    Hostile("a paragraph of setext headings (3.9 s for 16,000 characters before)",
            lambda p: p.article("2024-11-25/02/alpha.md", "title: 二版甲", "标题\n===\n" * 2000),
            "content/2024-11-25/02/alpha.md:5: error: a paragraph of 4,002 lines"),
    Hostile("a paragraph of links never closed with ')' (5.4 s for 16,000 characters before)",
            lambda p: p.article("2024-11-25/02/alpha.md", "title: 二版甲", "[链接](https://example.com/a" * 600),
            "content/2024-11-25/02/alpha.md:5: error: this paragraph has 600 '[' or '](' that are never closed"),
    Hostile("100,000 short paragraphs (16 s before)",
            lambda p: p.article("2024-11-25/02/alpha.md", "title: 二版甲", "*强调*\n\n" * 100_000),
            "content/2024-11-25/02/alpha.md:10007: error: more than 5,000 paragraphs and empty lines"),
    Hostile("a megabyte of emphasis (11-15 s before)",
            lambda p: p.article("2024-11-25/02/alpha.md", "title: 二版甲", "\n\n".join(["*a" * 100] * 2500)),
            "content/2024-11-25/02/alpha.md: error: 250,000 characters that mark up text"),
    Hostile("5 MB article",
            lambda p: p.article("2024-11-25/02/alpha.md", "title: 二版甲", "正文。\n\n" * 500_000),
            "content/2024-11-25/02/alpha.md: error: the file is 5,371 KB; an article may have at most 1,024 KB"),
    Hostile("article linked from outside content/", _link("content/2024-11-25/02/secret.md", "01/secret.md"),
            "content/2024-11-25/02/secret.md: error: a link to "),
    Hostile("page folder linked from outside content/", _link("content/2024-11-25/03", "01"),
            "content/2024-11-25/03: error: a link to "),
    Hostile("edition folder linked from outside content/", _link("content/2024-11-26", ""),
            "content/2024-11-26: error: a link to "),
    Hostile("photo linked from outside content/", lambda p: (
                _link("content/2024-11-25/02/photo.jpg", "photo.jpg")(p),
                _jpeg(p.root.parent / "outside/photo.jpg"),
                p.article("2024-11-25/02/beta.md", "title: 二版乙\nimages: [photo.jpg]")),
            "content/2024-11-25/02/beta.md:3: error: image 'photo.jpg' leads outside the content folder"),
    Hostile("order: .nan", lambda p: p.article("2024-11-25/02/beta.md", "title: 二版乙\norder: .nan"),
            "content/2024-11-25/02/beta.md:3: error: 'order' must be an ordinary number"),
    Hostile("order: -.inf", lambda p: p.article("2024-11-25/02/beta.md", "title: 二版乙\norder: -.inf"),
            "content/2024-11-25/02/beta.md:3: error: 'order' must be an ordinary number"),
    Hostile("a format width in strings:",
            lambda p: p.write("site.yaml", "name: 测试日报\nstrings:\n  page_label: \"第{num:>30000000}版\"\n"),
            "site.yaml:3: error: 'strings.page_label' formats a placeholder"),
    Hostile("a format spec in strings:",
            lambda p: p.write("site.yaml", "name: 测试日报\nstrings:\n  page_label: \"第{num:x}版\"\n"),
            "site.yaml:3: error: 'strings.page_label' formats a placeholder"),
    Hostile("a megabyte-long photo path",
            lambda p: p.article("2024-11-25/02/beta.md", "title: 二版乙\nimages:\n  - " + "图/" * 200_000 + "a.jpg"),
            "content/2024-11-25/02/beta.md:4: error: image '图/图/"),
    Hostile("a megabyte of bad value", lambda p: p.article("2024-11-25/02/beta.md", "title: 二版乙\norder: " + "九" * 300_000),
            "content/2024-11-25/02/beta.md:3: error: 'order' must be a number, not '九九九"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_fails_with_its_message_within_bounds_leaving_public_as_it_was(small_paper, case):
    assert build(small_paper).code == 0
    before = small_paper.files()
    case.plant(small_paper)
    built = build(small_paper)
    assert built.code == case.code, built.err
    assert case.said in built.err, built.err
    assert built.errlen < 5000, built.err[:2000]
    assert "Traceback" not in built.err
    assert small_paper.files() == before
    assert built.seconds < SECONDS and built.peak_mb < PEAK_MB, (built.seconds, built.peak_mb)


@pytest.mark.parametrize("out", ["content", "."])
def test_an_output_folder_holding_the_sources_is_refused_leaving_them_as_they_were(small_paper, out):
    before = {p: p.read_bytes() for p in small_paper.root.rglob("*") if p.is_file()}
    built = build(small_paper, "--out", out)
    assert built.code == 2 and f"error: --out {out}: the output folder" in built.err, built.err
    assert {p: p.read_bytes() for p in small_paper.root.rglob("*") if p.is_file()} == before


def test_half_a_megabyte_of_unclosed_tags_builds_within_bounds(small_paper):
    """Python 3.11's HTML parser read from each unclosed '<b' to the end of the body: 0.5 MB took 98 s."""
    small_paper.article("2024-11-25/02/alpha.md", "title: 二版甲", "\n\n".join(["a<b文字" * 1000] * 45))
    built = build(small_paper)
    assert built.code == 0, built.err
    assert "a&lt;b文字" in small_paper.read("2024-11-25/02/alpha.html")
    assert built.seconds < SECONDS and built.peak_mb < PEAK_MB, (built.seconds, built.peak_mb)
