"""The documentation stays true: the site builds with warnings as errors, its site.yaml reference and
commands come from the code, the layout context is what the code passes, the complete example builds,
and the README is the short way in."""
from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import sys

from PIL import Image

from conftest import REPO
from epaper.config.config import DEPLOY_OPTIONS, OPTIONS
from linkcheck import broken_links

README = (REPO / "README.md").read_text(encoding="utf-8")
CONTENT_DOC = (REPO / "docs/content.md").read_text(encoding="utf-8")


def _built_docs(tmp_path) -> str:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def test_the_documentation_site_builds_strict_with_every_option_and_command(tmp_path):
    site = _built_docs(tmp_path)
    reference = html.unescape((site / "site-yaml/index.html").read_text(encoding="utf-8"))
    text = re.sub(r"<[^>]+>", "", reference)
    for key, option in OPTIONS.items():
        assert f"<code>{key}</code>" in reference and option.doc.replace("`", "") in text, key
    for key, option in DEPLOY_OPTIONS.items():
        assert f"<code>deploy.{key}</code>" in reference and option.doc.replace("`", "") in text, key
    commands = html.unescape((site / "commands/index.html").read_text(encoding="utf-8"))
    for command in ("build", "check", "serve", "init", "new edition", "new article", "deploy", "clean"):
        assert f"epaper {command}</h3>" in commands or f'epaper {command}<a' in commands, command
    for flag in ("--base-url", "--preflight", "--lang", "--language", "--dry-run"):
        assert f"<code>{flag}</code>" in commands, flag
    for page in ("getting-started", "content", "layouts", "layout-context", "publishing", "search", "performance"):
        assert (site / page / "index.html").is_file(), page


def test_the_layout_context_page_is_what_the_code_passes():
    result = subprocess.run([sys.executable, str(REPO / "tools/layout_context.py"), "--check"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    page = (REPO / "docs/layout-context.md").read_text(encoding="utf-8")
    for row in ("| `article.title` | `str` |", "| `article.body_html` | `Markup` |", "| `site.name` | `str` |"):
        assert row in page, row


def test_the_complete_example_builds_without_a_problem(paper):
    files = re.findall(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", CONTENT_DOC, re.S)
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


def test_the_readme_is_the_short_way_in():
    assert len(README.splitlines()) < 120
    for heading in ("## The two commands", "## What readers get", "## Quick start for your own paper"):
        assert heading in README, heading
    for command in ("make build", "make test", "epaper init", "epaper build", "epaper serve"):
        assert command in README, command
    for target in re.findall(r"\]\(((?:docs|bench)/[^)#]+)", README) + re.findall(r'src="(docs/[^"]+)"', README):
        assert (REPO / target).is_file(), target
    assert "](docs/index.md)" in README
    assert "articles/s" not in README            # the benchmark notes live in bench/README.md
    assert "articles/s" in (REPO / "bench/README.md").read_text(encoding="utf-8")


def test_getting_started_puts_the_epaper_command_on_the_path_before_using_it():
    """A new user types the page's commands in order: `epaper init` is found only in the venv made active
    (or named by its path)."""
    text = (REPO / "docs/getting-started.md").read_text(encoding="utf-8")
    commands = [ln.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S) for ln in block.splitlines()]
    first_use = next(i for i, c in enumerate(commands) if c.startswith("epaper "))
    assert any("bin/activate" in c for c in commands[:first_use]), commands[:first_use]
