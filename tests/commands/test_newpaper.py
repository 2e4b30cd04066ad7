"""`epaper init PAPER`: a new paper's folder that builds at once, and never one that holds something."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import yaml
from PIL import Image

from conftest import REPO
from epaper.commands.newpaper import init_paper
from epaper.engine.pipeline import BuildOptions, build

DAY = dt.date(2026, 12, 6)


def _init(tmp_path, *args):
    return subprocess.run([sys.executable, str(REPO / "build.py"), "init", *map(str, args)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("language, headline", [("zh-CN", "本报数字版今日上线"), ("en", "Our digital edition starts today")])
def test_a_new_paper_has_a_sample_edition_of_today_that_builds(tmp_path, language, headline):
    root = tmp_path / "paper"
    init_paper(root, "北疆日报", language, today=DAY)
    assert yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8")) == \
        {"name": "北疆日报", "language": language, **({"timezone": "Asia/Shanghai"} if language == "zh-CN" else {})}
    assert (root / ".gitignore").read_text().splitlines()[1:] == ["public/", ".cache/"]
    assert [p.name for p in (root / "layouts").iterdir()] == [".gitkeep"] == [p.name for p in (root / "assets").iterdir()]
    with Image.open(root / "content/2026-12-06/01/sample-photo.jpg") as photo:
        assert photo.size == (1200, 800)
    report = build(root, BuildOptions(jobs=1, today=DAY))
    assert (report.editions, report.pages, report.articles, report.images) == (1, 2, 3, 1)
    [warning] = report.warnings          # a new paper has no public address yet: nothing else to fix
    assert warning.path == "site.yaml" and "base_url" in warning.message
    article = (root / "public/2026-12-06/01/welcome.html").read_text(encoding="utf-8")
    assert headline in article and "sample-photo" in article


def test_init_refuses_a_folder_that_is_not_empty_and_creates_nothing(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old/notes.txt").write_text("keep me")
    result = _init(tmp_path, "old", "--lang", "en")
    assert result.returncode == 1
    assert result.stderr == ("error: old is not empty; nothing was created.\n"
                             "    Name a new folder, e.g. `python build.py init my-paper`.\n")
    assert [p.name for p in (tmp_path / "old").iterdir()] == ["notes.txt"]


def test_init_takes_an_empty_folder_and_says_what_to_run_next(tmp_path):
    (tmp_path / "empty").mkdir()
    result = _init(tmp_path, "empty", "--language", "en", "--name", "Northern Daily")
    assert result.returncode == 0, result.stderr
    assert "created content/" in result.stdout and "sample-photo.jpg" in result.stdout
    assert result.stdout.endswith("Started the paper Northern Daily in empty. Next:\n    cd empty\n"
                                  "    python build.py build\n    python build.py serve\n")
    assert yaml.safe_load((tmp_path / "empty/site.yaml").read_text(encoding="utf-8"))["name"] == "Northern Daily"


@pytest.mark.parametrize("language, words", [("zh-CN", "报纸的设置"), ("en", "The paper's settings")])
def test_the_new_site_yaml_is_commented_in_the_papers_language(tmp_path, language, words):
    """The night desk of a Chinese paper opens site.yaml first: its comments are Chinese, and it still parses."""
    init_paper(tmp_path / "p", "北疆日报", language, today=dt.date(2026, 12, 6))
    text = (tmp_path / "p/site.yaml").read_text(encoding="utf-8")
    comments = "".join(line.partition("#")[2] for line in text.splitlines() if "#" in line)
    assert words in comments
    if language == "zh-CN":
        assert not any(w in comments for w in ("settings", "public address", "another theme")), comments
    assert yaml.safe_load(text)["language"] == language
