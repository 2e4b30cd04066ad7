"""Themes: a paper's own layouts/ and assets/ override the theme's files of the same path, one by one."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO, Paper
from epaper.config.theme import builtin_theme


@pytest.fixture
def bare(tmp_path) -> Paper:
    """A paper with no layouts/ or assets/ of its own: everything comes from the theme."""
    p = Paper(tmp_path / "bare")
    p.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\nbase_url: https://paper.example.com/\n")
    p.article("2024-11-25/01/a.md", "title: 头条")
    p.article("2024-11-25/02/b.md", "title: 二版")
    return p


def test_a_checkout_uses_the_repositorys_own_layouts_and_assets_as_the_theme():
    assert builtin_theme() == REPO
    assert (builtin_theme() / "layouts/base.html").is_file() and (builtin_theme() / "assets/style.css").is_file()


def test_can_build_a_paper_without_layouts_or_assets_from_the_theme(bare):
    report = bare.build()
    assert (report.pages, report.articles, report.warnings) == (2, 2, [])
    assert "头条" in bare.read("2024-11-25/01/a.html")
    assert [p.name for p in (bare.public / "assets").glob("style.*.css")]


def test_one_layout_in_the_paper_overrides_only_that_layout(bare):
    bare.build()
    theme_page = bare.read("2024-11-25/01/index.html")
    bare.write("layouts/article.html", '{% extends "base.html" %}\n{% block main %}<h1 class="mine">{{ article.title }}'
                                       '</h1>{% endblock %}\n')
    report = bare.build()
    assert '<h1 class="mine">头条</h1>' in bare.read("2024-11-25/01/a.html")
    assert bare.read("2024-11-25/01/index.html") == theme_page
    assert "2024-11-25/01/a.html" in report.changed and "2024-11-25/01/index.html" not in report.changed
    (bare.root / "layouts/article.html").unlink()          # the override removed: the theme's layout again
    bare.build()
    assert 'class="mine"' not in bare.read("2024-11-25/01/a.html")


def test_an_override_can_include_the_themes_other_layouts(bare):
    bare.write("layouts/404.html", '{% extends "base.html" %}{% block main %}{{ t.not_found }}!{% endblock %}\n')
    bare.build()
    assert "页面不存在!" in bare.read("404.html") and 'class="masthead' in bare.read("404.html")


def test_one_asset_in_the_paper_overrides_the_themes(bare):
    bare.write("assets/style.css", "body { color: #123456 }\n")
    bare.write("assets/extra.txt", "mine\n")
    bare.build()
    [css] = (bare.public / "assets").glob("style.*.css")
    assert css.read_text() == "body { color: #123456 }\n"
    assert f'assets/{css.name}' in bare.read("index.html")
    assert (bare.public / "assets/extra.txt").read_text() == "mine\n"
    assert [p.name for p in (bare.public / "assets").glob("epaper.*.js")]        # still from the theme


def test_theme_option_names_another_theme_folder(bare):
    shutil.copytree(REPO / "layouts", bare.root / "themes/plain/layouts")
    shutil.copytree(REPO / "assets", bare.root / "themes/plain/assets")
    base = bare.root / "themes/plain/layouts/base.html"
    base.write_text(base.read_text().replace("<body", "<body data-theme=\"plain\"", 1))
    bare.write("site.yaml", "name: 测试日报\ntheme: themes/plain\n")
    bare.build()
    assert 'data-theme="plain"' in bare.read("2024-11-25/01/a.html")


def test_errors_on_a_theme_folder_that_does_not_exist(bare):
    bare.write("site.yaml", "name: 测试日报\ntheme: themes/gone\n")
    p = _theme_problem(bare)
    assert (p.path, p.line) == ("site.yaml", 2)
    assert p.message == "option 'theme': themes/gone/layouts is not a folder"


def _theme_problem(paper: Paper):
    from epaper.config.config import load_config
    from epaper.core.errors import Problems
    problems = Problems()
    load_config(paper.root, problems)
    [problem] = problems.errors
    return problem


def test_verbose_build_names_the_overrides(bare):
    bare.write("layouts/page.html", (REPO / "layouts/page.html").read_text(encoding="utf-8") + "<!-- mine -->\n")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "-v", "--root", str(bare.root), "--jobs", "1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Overrides of the theme (epaper): layouts/page.html\n" in result.stdout
    plain = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(bare.root)],
                           capture_output=True, text=True, timeout=120)
    assert "Overrides" not in plain.stdout


def test_the_command_line_notices_an_override_added_after_a_build(bare):
    """The no-change answer signs the theme's files too; an added override is a change."""
    run = [sys.executable, str(REPO / "build.py"), "build", "--root", str(bare.root), "--jobs", "1"]
    subprocess.run(run, capture_output=True, timeout=120, check=True)
    bare.age()
    bare.write("layouts/404.html", '{% extends "base.html" %}{% block main %}override{% endblock %}\n')
    bare.age(paths=[bare.root / "layouts", bare.root / "layouts/404.html"])
    subprocess.run(run, capture_output=True, timeout=120, check=True)
    assert "override" in bare.read("404.html")
