"""The newsroom's messages in the paper's language: the catalog is complete, and the paper, --lang and
EPAPER_LANG choose."""
from __future__ import annotations

import ast
import os
import re
import string
import subprocess
import sys

import pytest

from conftest import REPO
from epaper.core import i18n
from epaper.core.errors import Problem
from epaper.core.messages import MESSAGES


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_every_language_with_the_same_placeholders():
    for key, texts in MESSAGES.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert all(texts.values()), key
        assert _placeholders(texts["zh-CN"]) == _placeholders(texts["en"]), key


def test_no_two_areas_of_the_catalog_define_the_same_key():
    from epaper.core.messages import AREAS

    keys = [key for area in AREAS.values() for key in area]
    assert sorted({key for key in keys if keys.count(key) > 1}) == []


def _said_keys() -> list[tuple[str, str]]:
    """(module, key) of every say("key") in the package, the keys made from a prefix and a word included."""
    found = []
    for path in sorted((REPO / "epaper").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant):
                    found.append((path.name, arg.value))
                elif isinstance(arg, ast.JoinedStr | ast.BinOp):    # say(f"preflight.{what}"), say("problem." + kind)
                    prefix = arg.values[0].value if isinstance(arg, ast.JoinedStr) else arg.left.value
                    assert any(k.startswith(prefix) for k in MESSAGES), (path.name, prefix)
    return found


def test_every_message_said_in_the_code_is_in_the_catalog():
    said = _said_keys()
    assert len(said) > 40
    assert [(module, key) for module, key in said if key not in MESSAGES] == []


def test_every_message_key_passed_around_in_the_code_is_in_the_catalog():
    """Keys handed to a helper that says them (`_fail(exc, "cli.build_failed")`) are checked too."""
    spaces = {key.split(".")[0] for key in MESSAGES}
    named = [(path.name, node.value) for path in sorted((REPO / "epaper").rglob("*.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and re.fullmatch(r"[a-z]+\.[a-z_]*[a-z]", node.value) and node.value.split(".")[0] in spaces
             and node.value.rsplit(".", 1)[1] not in ("html", "css", "js", "json", "xml", "txt", "md", "yaml")]
    assert ("cli.py", "cli.build_failed") in named
    assert [(module, key) for module, key in named if key not in MESSAGES] == []


def test_the_run_language_chooses_the_words_and_keeps_paths_and_lines():
    problem = Problem("content/2024-11-25/01/a.md", "msg", 3, warning=True)
    try:
        i18n.use_language("zh-CN")
        assert str(problem) == "content/2024-11-25/01/a.md:3: 警告: msg"
        assert i18n.say("cli.check_ok", count=2) == "没有错误（2 个警告）。"
        i18n.use_language("en")
        assert str(problem) == "content/2024-11-25/01/a.md:3: warning: msg"
    finally:
        i18n.use_language(os.environ["EPAPER_LANG"])


def test_language_is_chosen_by_flag_then_environment_then_paper(tmp_path, monkeypatch):
    (tmp_path / "site.yaml").write_text("name: Daily\nlanguage: en\n", encoding="utf-8")
    monkeypatch.delenv("EPAPER_LANG")
    assert i18n.choose_language(None, tmp_path) == "en"
    assert i18n.choose_language(None, tmp_path / "nowhere") == "zh-CN"          # site.yaml's default
    monkeypatch.setenv("EPAPER_LANG", "zh-CN")
    assert i18n.choose_language(None, tmp_path) == "zh-CN"
    assert i18n.choose_language("en", tmp_path) == "en"


def _cli(paper, *args, **env):
    environment = {k: v for k, v in os.environ.items() if k != "EPAPER_LANG"} | env
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(paper.root)],
                          capture_output=True, text=True, timeout=120, env=environment)


def test_a_chinese_papers_build_check_and_preflight_speak_chinese(small_paper):
    built = _cli(small_paper, "build", "--jobs", "1")
    assert built.stdout.startswith("已构建 2 期、4 个版面、6 篇文章、0 张图片（新处理 0 张，取自缓存 0 张），用时 "), built.stdout
    checked = _cli(small_paper, "check", "--preflight")      # its latest edition has pages 1, 2 and 8
    assert "content/2024-11-25/edition.yaml: 警告: 缺少第 03, 04, 05, 06, 07 版：本期的版面编号不连续\n" \
           "    在 edition.yaml 里补上缺少的版面" in checked.stderr, checked.stderr
    assert checked.stdout.startswith("没有错误（")


def test_a_broken_layout_is_told_in_chinese(small_paper):
    small_paper.write("layouts/article.html", "{% extends 'base.html' %}{% block main %}{{ 1 + 'a' }}{% endblock %}\n")
    built = _cli(small_paper, "build", "--jobs", "1", "--no-search")
    assert built.returncode == 1
    assert "layouts/article.html:1: 错误: 模板出错：TypeError" in built.stderr, built.stderr
    assert "请检查模板这一行用到的名字" in built.stderr and "构建失败" in built.stderr


def test_lang_and_environment_override_the_papers_language(small_paper):
    assert _cli(small_paper, "build", "--jobs", "1", "--lang", "en").stdout.startswith("Built 2 editions")
    assert _cli(small_paper, "build", "--jobs", "1", EPAPER_LANG="en").stdout.startswith("Built 2 editions")
    small_paper.write("site.yaml", "name: Daily\nlanguage: en\n")
    assert _cli(small_paper, "build", "--jobs", "1").stdout.startswith("Built 2 editions")
    assert _cli(small_paper, "build", "--jobs", "1", "--lang", "zh-CN").stdout.startswith("已构建 2 期")


def test_a_failed_build_is_told_in_chinese_keeping_option_names_and_lines(small_paper):
    small_paper.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\nindex_page_size: -3\n")
    failed = _cli(small_paper, "build", "--jobs", "1")
    assert failed.returncode == 1
    assert "site.yaml:3: 错误: 选项 'index_page_size'：应为不小于 1 的整数，而这里是 -3\n" in failed.stderr
    assert failed.stderr.rstrip().endswith("构建失败：1 个错误；public/ 保持原样，未被改动。")


@pytest.mark.parametrize("lang, title, fix", [("zh-CN", "构建失败：1 个错误", "改正后保存"),
                                              ("en", "Build failed: 1 error(s)", "Fix and save")])
def test_the_previews_error_page_and_panel_follow_the_language(lang, title, fix):
    from epaper.commands.serve import error_page, preflight_panel
    try:
        i18n.use_language(lang)
        page = error_page([Problem("site.yaml", "bad", 2, "fix it")])
        panel = preflight_panel([Problem("content/a.md", "no area", warning=True)])
    finally:
        i18n.use_language(os.environ["EPAPER_LANG"])
    assert f'<html lang="{lang}">' in page and f"<h1>{title}</h1>" in page and fix in page
    assert "site.yaml:2" in page
    assert ("发布前检查：1 处需要处理" if lang == "zh-CN" else "Preflight: 1 finding(s)") in panel


def test_init_speaks_the_new_papers_language(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "EPAPER_LANG"}
    run = [sys.executable, "-m", "epaper", "init"]
    zh = subprocess.run([*run, str(tmp_path / "zh")], capture_output=True, text=True, timeout=60, env=env)
    en = subprocess.run([*run, str(tmp_path / "en"), "--language", "en"], capture_output=True, text=True, timeout=60,
                        env=env)
    assert "已创建 site.yaml" in zh.stdout and "python -m epaper build" in zh.stdout
    assert "created site.yaml" in en.stdout and "Started the paper en in" in en.stdout


def test_a_build_with_nothing_changed_tells_the_last_builds_warnings_in_this_runs_language(small_paper):
    small_paper.write("site.yaml", "name: 测试日报\nlanguage: zh-CN\n")          # no base_url: a warning
    small_paper.age()                          # old enough to be signed: the next build may answer "no change"
    first = _cli(small_paper, "build", "--jobs", "1")
    assert "site.yaml: 警告: 没有设置 base_url" in first.stderr, first.stderr
    english = _cli(small_paper, "build", "--jobs", "1", "--lang", "en")
    assert "site.yaml: warning: base_url is not set" in english.stderr and "没有" not in english.stderr
    again = _cli(small_paper, "build", "--jobs", "1")
    assert "site.yaml: 警告: 没有设置 base_url" in again.stderr and again.stdout.startswith("已构建 2 期")
