"""Layouts: a broken layout is reported at its file and line, never as a crash, and nothing is published."""
from __future__ import annotations

import pytest


@pytest.fixture
def one_article(paper):
    paper.article("2024-11-25/01/a.md", "title: T")
    paper.article("2024-11-25/01/b.md", "title: U")
    return paper


def edit_layout(paper, name: str, old: str, new: str) -> int:
    """Replace `old` in a layout; return the line it is on."""
    path = paper.root / "layouts" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def test_errors_on_jinja_syntax_error_at_its_line(one_article):
    line = edit_layout(one_article, "page.html", "{% endfor %}", "{% endfro %}")
    error = one_article.build_fails()
    [p] = [p for p in error.problems if not p.warning]
    assert (p.path, p.line) == ("layouts/page.html", line)
    assert p.message.startswith("template syntax error: Encountered unknown tag 'endfro'")
    assert not one_article.public.exists()


def test_errors_on_syntax_error_in_an_included_layout_naming_that_layout(one_article):
    edit_layout(one_article, "_macros.html", "{{ root }}{{ p.src }}", "{{ root }}{{ p.src | nofilter }}")
    [p] = one_article.build_fails().problems
    assert (p.path, p.line, p.message) == ("layouts/_macros.html", 5, "template syntax error: No filter named 'nofilter'.")


def test_errors_on_undefined_name_once_at_its_layout_line(one_article):
    line = edit_layout(one_article, "article.html", "{{ article.title }}{% if article.draft %}",
                       "{{ article.titel }}{% if article.draft %}")
    [p] = one_article.build_fails().problems
    assert (p.path, p.line) == ("layouts/article.html", line)
    assert p.message == ("the layout failed: 'dict object' has no attribute 'titel' "
                         "(while making 2024-11-25/01/a.html and 1 other file(s))")
    assert "docs/layout-context.md" in p.hint


def test_errors_on_runtime_type_error_instead_of_crashing(one_article):
    line = edit_layout(one_article, "archive.html", "{% block main %}", '{% block main %}{{ 1 + "a" }}')
    [p] = one_article.build_fails().problems
    assert (p.path, p.line) == ("layouts/archive.html", line)
    assert "TypeError" in p.message and "(while making archive/2024/index.html and 1 other file(s))" in p.message


def test_errors_on_missing_and_non_utf8_layouts(one_article):
    """A layout the paper lacks comes from the theme; one the theme lacks too is missing."""
    import shutil
    shutil.move(one_article.root / "layouts", one_article.root / "bare/layouts")
    (one_article.root / "bare/layouts/404.html").unlink()
    (one_article.root / "site.yaml").write_text("name: T\ntheme: bare\n", encoding="utf-8")
    (one_article.root / "layouts").mkdir()
    (one_article.root / "layouts/archive.html").write_bytes("{# 往期 #}\n".encode("gb18030"))
    problems = one_article.build_fails().problems
    assert [(p.path, p.line, p.message) for p in problems if not p.warning] == [
        ("layouts/archive.html", 1, "the file is not UTF-8 text"),
        ("layouts/404.html", None, "this layout is missing from the paper's layouts/ and from the theme")]


def test_errors_on_extending_a_layout_that_does_not_exist(one_article):
    edit_layout(one_article, "archive.html", '{% extends "base.html" %}', '{% extends "bass.html" %}')
    [p] = one_article.build_fails().problems
    assert (p.path, p.line) == ("layouts/archive.html", 1)
    assert p.message.startswith("the layout failed: the layout 'bass.html' does not exist")


def test_errors_while_rendering_leave_the_last_public_as_it_was(one_article):
    one_article.build()
    before = one_article.files()
    one_article.article("2024-11-25/01/a.md", "title: 改过的标题")          # a.html would be rendered again
    edit_layout(one_article, "article.html", "{{ article.title }}{% if article.draft %}",
                "{{ article.titel }}{% if article.draft %}")
    one_article.build_fails()
    assert one_article.files() == before
    staging = one_article.root / ".cache/staging"
    assert not staging.exists() or not any(staging.iterdir())       # the run's staging folder is gone


def test_once_makes_a_macro_once_for_the_same_arguments_and_tells_editions_apart():
    from epaper.render.render import _once
    calls = []

    def macro(*args):
        calls.append(args)
        return f"<{len(calls)}>"
    once = _once()
    edition, same_of_another_build = {"date": "2024-11-25"}, {"date": "2024-11-25"}
    assert once(macro, edition, "../../") == once(macro, edition, "../../") == "<1>"
    assert once(macro, same_of_another_build, "../../") == "<2>"     # an equal dict is not the same edition
    assert once(macro, edition, "../") == "<3>"
    pair = (edition, [1])           # not hashable: known by identity, like the dicts
    assert once(macro, pair, "../") == once(macro, pair, "../") == "<4>"
    assert len(calls) == 4


def test_layouts_write_text_escaped_and_safe_html_as_it_is(one_article):
    # The compiled layouts write `{{ }}` through render.py's own escape: the same text as markupsafe's.
    (one_article.root / "content/2024-11-25/01/a.md").write_text(
        "---\ntitle: <b>\"Tom\" & 'Jerry'</b>\n---\nText.\n", encoding="utf-8")
    edit_layout(one_article, "article.html", "{% block main %}",
                '{% block main %}<p id="probe">{{ article.title }}|{{ 7 }}|{{ "<i>x</i>" | safe }}|{{ 2.5 }}|'
                '{{ article.title | e }}</p>')
    one_article.build()
    title = "&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;&lt;/b&gt;"
    assert f'<p id="probe">{title}|7|<i>x</i>|2.5|{title}</p>' in one_article.read("2024-11-25/01/a.html")


def test_a_chinese_papers_layout_problems_are_told_in_chinese(one_article, capsys, zh):
    from epaper.commands.cli import main

    (one_article.root / "layouts/archive.html").write_bytes("{# 往期 #}\n".encode("gb18030"))
    (one_article.root / "layouts/404.html").write_text("{% if x %}没有结束\n", encoding="utf-8")
    assert main(["build", "--root", str(one_article.root), "--lang", "zh-CN"]) == 1
    err = capsys.readouterr().err
    assert "layouts/archive.html:1: 错误: 文件不是 UTF-8 编码的文本\n" \
           "    它看起来是 GBK/GB18030 编码：请重新保存为 UTF-8（在编辑器“另存为”的编码菜单里选择）。\n" in err, err
    assert "layouts/404.html:1: 错误: 模板语法错误：" in err
    assert "构建失败：2 个错误；public/ 保持原样，未被改动。" in err


def test_the_progress_line_on_a_terminal_speaks_the_runs_language(monkeypatch, zh):
    import io

    from epaper.core.report import Reporter

    class Terminal(io.StringIO):
        def isatty(self):
            return True
    monkeypatch.delenv("CI", raising=False)
    reporter = Reporter(Terminal())
    reporter.start("images", 40)
    reporter.advance(40)
    assert reporter.stream.getvalue().endswith("\r\033[K图片：40/40")


def test_a_kept_state_reuses_its_renderer_until_a_layout_changes(small_paper):
    # The preview server keeps its BuildState between builds: the compiled layouts serve again while the
    # layouts are the same, and an edited layout is used at once.
    from epaper.engine.pipeline import BuildOptions, build
    from epaper.engine.builddb import BuildState
    state = BuildState()
    build(small_paper.root, BuildOptions(jobs=1), state=state)
    first = state.renderer
    build(small_paper.root, BuildOptions(jobs=1), state=state)
    assert state.renderer is first
    edit_layout(small_paper, "base.html", "</footer>", "</footer><!-- edited -->")
    build(small_paper.root, BuildOptions(jobs=1), state=state)
    assert state.renderer is not first
    assert "</footer><!-- edited -->" in small_paper.read("404.html")
