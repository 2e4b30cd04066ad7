"""Reading content/: the pure parsers fed strings, and the folder walk fed tiny folders.

Each test asserts what an editor sees: the message, the file and the line of that file.
"""
from __future__ import annotations

import os
import textwrap
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from epaper.config.config import parse_config
from epaper.core.errors import Problems
from epaper.engine.builddb import BuildState
from epaper.engine.incremental import Changes, ScanMemo
from epaper.content.parse import parse_article, parse_edition
from epaper.content.source import resolve_in_content, scan_content


def article(front: str, body: str = "正文。\n", rel: str = "2024-11-25/08/story.md"):
    return parse_article(rel, f"---\n{textwrap.dedent(front).strip()}\n---\n{body}")


def only(problems, warning=False):
    """The one error (or warning) of a record, as (line, message, hint)."""
    found = [p for p in problems if p.warning == warning]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def scan(paper):
    problems = Problems(paper.root)
    config = parse_config(paper.root, "", problems)
    return scan_content(config, problems), problems


# --- front matter -------------------------------------------------------------------------------

def test_can_parse_every_front_matter_key():
    r = article("""
        title: 五项任务
        kicker: 引题
        subtitle: 副题
        authors: [本报记者 王海燕, 通讯员 李铭]
        section: 要闻
        page: 8
        order: 2
        images:
          - {file: bridge.jpg, caption: 大桥, credit: 张启民}
          - plain.jpg
        area: [0.1, 0.2, 0.5, 0.3]
        draft: false
        continues: five-tasks-2
    """)
    assert r.problems == []
    assert r.meta == {
        "title": "五项任务", "kicker": "引题", "subtitle": "副题", "authors": ["本报记者 王海燕", "通讯员 李铭"],
        "section": "要闻", "page": 8, "order": 2,
        "images": [{"file": "bridge.jpg", "caption": "大桥", "credit": "张启民"},
                   {"file": "plain.jpg", "caption": "", "credit": ""}],
        "area": [0.1, 0.2, 0.5, 0.3], "draft": False, "continues": "five-tasks-2"}
    assert (r.edition, r.folder_page, r.slug, r.lead) == ("2024-11-25", 8, "story", "正文。")


@pytest.mark.parametrize("authors, expected", [
    ("王海燕", ["王海燕"]),
    ("王海燕, 李铭", ["王海燕", "李铭"]),
    ("王海燕、李铭", ["王海燕", "李铭"]),
    ("[本报记者 王海燕, 李铭]", ["本报记者 王海燕", "李铭"]),
])
def test_can_read_authors_as_string_or_list(authors, expected):
    r = article(f"title: T\nauthors: {authors}")
    assert r.problems == [] and r.meta["authors"] == expected


def test_errors_on_authors_that_are_not_names():
    p = only(article("title: T\nauthors: {name: 王海燕}").problems)
    assert (p.line, p.message) == (3, "'authors' must be a name or a list of names")
    assert "authors: [王海燕, 李铭]" in p.hint


def test_can_read_numbers_and_dates_as_text():
    r = article("title: 2024\nkicker: 2024-11-25")
    assert r.problems == [] and (r.meta["title"], r.meta["kicker"]) == ("2024", "2024-11-25")


def test_errors_on_malformed_yaml_at_the_line_of_the_file():
    r = article("""
        title: 五项任务
        kicker: 会议强调: 抓落实
    """)
    p = only(r.problems)
    assert (p.path, p.line) == ("content/2024-11-25/08/story.md", 3)     # line 1 is the opening '---'
    assert p.message.startswith("malformed YAML: a value contains ': ' (colon and space)")
    assert "quotes" in p.hint


def test_errors_on_unclosed_list_at_its_line_not_the_end_of_front_matter():
    r = article("""
        title: 五项任务
        authors: [王海燕, 李铭
        section: 要闻
    """)
    p = only(r.problems)      # the parser notices on line 4; the '[' to close is on line 3
    assert (p.line, p.message) == (3, "malformed YAML: a '[' list is not closed with ']'")
    assert p.hint == "Close the list, e.g. authors: [王海燕, 李铭]."


def test_errors_on_malformed_yaml_once_without_follow_up_errors():
    r = article("title: \"五项任务\nkicker: x", rel="2024-11-25/brief.md")
    assert [(p.line, p.message) for p in r.problems] == [(2, "malformed YAML: a quote is never closed")]


def test_errors_on_tab_indentation_at_its_line():
    p = only(article("title: T\nimages:\n\t- a.jpg").problems)
    assert (p.line, p.message, p.hint) == (4, "malformed YAML: a tab is used for indentation", "Indent with spaces, never tabs.")


def test_errors_on_backslash_in_double_quotes():
    p = only(article('title: T\nimages: ["C:\\photos\\a.jpg"]').problems)
    assert (p.line, p.message) == (3, "malformed YAML: a backslash (\\) inside double quotes")
    assert "single quotes" in p.hint


def test_errors_on_missing_front_matter():
    p = only(parse_article("2024-11-25/08/story.md", "五项任务\n\n正文").problems)
    assert (p.line, p.message) == (1, "the front matter is missing")
    assert "'---'" in p.hint


def test_errors_on_front_matter_not_closed():
    p = only(parse_article("2024-11-25/08/story.md", "---\ntitle: 五项任务\n\n正文").problems)
    assert (p.line, p.message) == (1, "the front matter is not closed")


def test_can_count_lines_of_files_with_bom_and_windows_line_ends():
    p = only(parse_article("2024-11-25/08/story.md", "\ufeff---\r\ntitle: T\r\nkicker: a: b\r\n---\r\n").problems)
    assert p.line == 3


def test_errors_on_missing_title():
    p = only(article("kicker: 引题").problems)
    assert (p.path, p.message) == ("content/2024-11-25/08/story.md", "the article has no title")
    assert p.hint == "Add a line 'title: <the headline>' to the front matter."


def test_errors_on_title_that_yaml_reads_as_true_or_false():
    p = only(article("title: yes").problems)
    assert (p.line, p.message) == (2, "'title' must be text") and "quotes" in p.hint


def test_errors_on_page_written_in_words():
    p = only(article("title: T\npage: eight", rel="2024-11-25/brief.md").problems)
    assert (p.line, p.message) == (3, "'page' must be a page number like 8, not 'eight'")
    assert p.hint == "Write the page as digits, e.g. 'page: 8'."


def test_can_read_page_with_leading_zero():
    # YAML reads 08 and 09 as text (not octal numbers): editors write them like the folder names.
    assert article("title: T\npage: 08", rel="2024-11-25/brief.md").meta["page"] == 8


def test_errors_on_page_disagreeing_with_its_folder():
    p = only(article("title: T\npage: 3").problems)
    assert (p.line, p.message) == (3, "'page: 3' disagrees with the folder it sits in (page 08)")
    assert p.hint == "Move the file to the 03/ folder, or remove the 'page:' line."


def test_errors_on_flat_article_without_page():
    p = only(article("title: T", rel="2024-11-25/brief.md").problems)
    assert p.message == "an article placed directly in the edition folder needs 'page:'"


def test_errors_on_page_folder_zero():
    p = only(article("title: T", rel="2024-11-25/00/story.md").problems)
    assert p.message.startswith("'00' is not a page folder")


def test_warns_on_unknown_key_naming_the_closest_known_key():
    r = article("title: T\nauther: 王海燕")
    p = only(r.problems, warning=True)
    assert (p.line, p.message, p.hint) == (3, "unknown front matter key 'auther' is ignored", "Did you mean 'authors'?")
    assert r.meta["authors"] == []


def test_warns_on_a_key_given_twice():
    r = article("title: T\nimages: [a.jpg]\nkicker: K\nimages: [b.jpg]")
    p = only(r.problems, warning=True)
    assert (p.line, p.message) == (5, "'images' is given twice (lines 3 and 5); only the last one counts")
    assert r.meta["images"] == [{"file": "b.jpg", "caption": "", "credit": ""}]


def test_warns_on_unknown_photo_key_naming_the_closest():
    r = article("title: T\nimages:\n  - file: a.jpg\n    capiton: 大桥")
    p = only(r.problems, warning=True)
    assert (p.line, p.hint) == (4, "Did you mean 'caption'?")
    assert "photo 1 under 'images'" in p.message


def test_errors_on_photo_without_file_at_its_line():
    p = only(article("title: T\nimages:\n  - file: a.jpg\n  - caption: 只有说明").problems)
    assert (p.line, p.message) == (5, "photo 2 under 'images' has no 'file'")


@pytest.mark.parametrize("area", ["[0.5, 0.5, 0.6, 0.1]", "[1, 2]", "middle", "[0, 0, 0, 0.5]"])
def test_errors_on_area_outside_the_page(area):
    p = only(article(f"title: T\narea: {area}").problems)
    assert p.line == 3 and p.message.startswith("'area' must be [x, y, width, height]")


def test_errors_on_draft_that_is_not_true_or_false():
    assert only(article("title: T\ndraft: maybe").problems).message == "'draft' must be true or false"


def test_errors_on_file_name_unusable_in_an_address():
    p = only(article("title: T", rel="2024-11-25/08/five tasks.md").problems)
    assert "cannot be used in a web address" in p.message


def test_can_find_inline_images_with_their_lines():
    r = article("title: T", "第一段。\n\n![大桥](bridge.jpg \"说明\")\n\n![](<two words.png>)\n")
    assert r.inline_images == {"bridge.jpg": 6, "two words.png": 8}


def test_can_find_images_written_by_reference():
    r = article("title: T", "![大桥][1]\n\n![夜景][]\n\n![航拍]\n\n[1]: bridge.jpg \"说明\"\n[夜景]: night.png\n"
                            "[航拍]: drone.jpg\n[x]: a.html\n")
    assert r.inline_images == {"bridge.jpg": 4, "night.png": 6, "drone.jpg": 8}


def test_can_take_the_lead_from_the_first_paragraph():
    r = article("title: T", "**小标题**\n\n本报讯 记者[王海燕](x.html)报道：*今天*开幕。[^1]\n\n[^1]: 注\n")
    assert r.lead == "本报讯 记者王海燕报道：今天开幕。"


# --- edition.yaml ---------------------------------------------------------------------------------

def test_can_parse_an_edition():
    r = parse_edition("2024-11-25/edition.yaml", textwrap.dedent("""\
        number: 总第 25500 期
        pages:
          1: {name: 一版要闻}
          08: {name: 通辽, image: p08.jpg, pdf: p08.pdf}
          9: 乡村振兴
    """))
    assert r.problems == [] and r.number == "总第 25500 期"
    assert r.pages == {1: {"name": "一版要闻", "image": None, "pdf": None},
                       8: {"name": "通辽", "image": "p08.jpg", "pdf": "p08.pdf"},
                       9: {"name": "乡村振兴", "image": None, "pdf": None}}


def test_errors_on_malformed_edition_yaml_at_its_line():
    p = only(parse_edition("2024-11-25/edition.yaml", "number: 1\npages:\n  1: {name: 一版\n  2: {name: 二版}\n").problems)
    assert (p.path, p.line, p.message) == ("content/2024-11-25/edition.yaml", 3, "malformed YAML: a '{' is not closed with '}'")


def test_errors_on_page_number_in_words():
    p = only(parse_edition("2024-11-25/edition.yaml", "pages:\n  1: {name: 一版}\n  eight: {name: 通辽}\n").problems)
    assert (p.line, p.message) == (3, "page number 'eight' is not a number")


def test_warns_on_unknown_page_key_at_its_line():
    p = only(parse_edition("2024-11-25/edition.yaml", "pages:\n  1:\n    name: 一版\n    imgae: p1.jpg\n").problems,
             warning=True)
    assert (p.line, p.message, p.hint) == (4, "page 1: unknown key 'imgae' is ignored", "Did you mean 'image'?")


def test_warns_on_unknown_edition_key():
    p = only(parse_edition("2024-11-25/edition.yaml", "numbr: 5\n").problems, warning=True)
    assert (p.line, p.hint) == (1, "Did you mean 'number'?")


# --- the folder -----------------------------------------------------------------------------------

def test_errors_on_invalid_date_folders(paper):
    paper.article("2024-13-01/01/a.md", "title: T")
    paper.article("notes/01/a.md", "title: T")
    tree, problems = scan(paper)
    assert [(p.path, p.message) for p in problems.errors] == [
        ("content/2024-13-01", "'2024-13-01' is not an edition date"),
        ("content/notes", "'notes' is not an edition date")]
    assert problems.errors[0].hint == "Name each edition folder by its date as YYYY-MM-DD, e.g. 2024-11-25."
    assert tree.articles == {}


def test_warns_on_articles_in_a_folder_that_is_not_a_page(paper):
    paper.article("2024-11-25/08a/a.md", "title: T")
    paper.write("content/2024-11-25/photos/readme.txt", "photos only: no warning")
    tree, problems = scan(paper)
    p = only(problems.items, warning=True)
    assert (p.path, p.message) == ("content/2024-11-25/08a", "'08a' is not a page folder; its 1 article(s) are left out")


def test_errors_on_file_that_is_not_utf8_at_the_bad_line(paper):
    (paper.root / "content/2024-11-25/08").mkdir(parents=True)
    (paper.root / "content/2024-11-25/08/gbk.md").write_bytes("---\ntitle: 通辽\n---\n".encode("gb18030"))
    _, problems = scan(paper)
    p = only(problems.items)
    assert (p.path, p.line, p.message) == ("content/2024-11-25/08/gbk.md", 2, "the file is not UTF-8 text")
    assert "GBK" in p.hint


def _scan_with(config, problems, state, touched=None):
    """A scan as the pipeline makes it: with the build database's memo of the scans before."""
    memo = ScanMemo(state, Changes(touched=touched), {})
    tree = scan_content(config, problems, memo=memo)
    memo.round_done()
    memo.scan_done()
    return tree


def test_can_reuse_records_of_unchanged_files(paper):
    path = paper.article("2024-11-25/08/a.md", "title: T")
    os.utime(path, (time.time() - 60, time.time() - 60))     # just-saved files are read again on purpose
    problems = Problems(paper.root)
    config = parse_config(paper.root, "", problems)
    state = BuildState()
    first = _scan_with(config, problems, state)
    again = _scan_with(config, problems, state)
    assert again.articles["2024-11-25"][0] is first.articles["2024-11-25"][0]


def test_a_scan_told_which_editions_changed_looks_only_at_those(paper):
    """The preview server knows from change events which edition folders were saved in."""
    paper.article("2024-11-24/01/a.md", "title: 甲")
    paper.article("2024-11-25/01/b.md", "title: 乙")
    paper.article("2024-11-25/photos/x.md", "title: 放错")         # a warning of the folder's, to keep
    problems = Problems(paper.root)
    config = parse_config(paper.root, "", problems)
    state = BuildState()
    _scan_with(config, Problems(), state)
    paper.article("2024-11-24/01/a.md", "title: 甲改")
    paper.article("2024-11-25/01/b.md", "title: 乙改")
    paper.article("2024-11-26/01/c.md", "title: 丙")                 # a new folder is always looked at
    found = Problems()
    tree = _scan_with(config, found, state, touched={"2024-11-25"})
    titles = {d: [r.meta["title"] for r in records] for d, records in tree.articles.items()}
    assert titles == {"2024-11-24": ["甲"], "2024-11-25": ["乙改"], "2024-11-26": ["丙"]}
    tree = _scan_with(config, again := Problems(), state, touched=set())
    assert [r.meta["title"] for r in tree.articles["2024-11-24"]] == ["甲"]
    assert [p.message for p in again.items] == [p.message for p in found.items] != []
    tree = _scan_with(config, Problems(), state)                      # not told: every file is looked at
    assert [r.meta["title"] for r in tree.articles["2024-11-24"]] == ["甲改"]


# --- paths ----------------------------------------------------------------------------------------

def test_can_resolve_a_photo_beside_the_article(paper):
    paper.write("content/2024-11-25/08/bridge.jpg", "x")
    path, why = resolve_in_content(paper.root / "content", "2024-11-25/08/a.md", "bridge.jpg")
    assert why == "" and path == (paper.root / "content/2024-11-25/08/bridge.jpg").resolve()


@pytest.mark.parametrize("file, why", [
    ("../../../site.yaml", "'../../../site.yaml' leads outside the content folder"),
    ("/etc/passwd", "'/etc/passwd' must be a path relative to the file that names it"),
    ("C:/photos/a.jpg", "'C:/photos/a.jpg' must be a path relative to the file that names it"),
    ("missing.jpg", "'missing.jpg' does not exist"),
])
def test_errors_on_paths_that_are_not_files_in_content(paper, file, why):
    (paper.root / "content/2024-11-25/08").mkdir(parents=True)
    assert resolve_in_content(paper.root / "content", "2024-11-25/08/a.md", file) == (None, why)


def test_errors_on_missing_photo_naming_the_file_meant(paper):
    paper.write("content/2024-11-25/08/Bridge.JPG", "x")
    paper.write("content/2024-11-25/08/sunset-01.jpg", "x")
    content = paper.root / "content"
    assert resolve_in_content(content, "2024-11-25/08/a.md", "bridge.jpg")[1] == "'bridge.jpg' does not exist (there is 'Bridge.JPG')"
    assert resolve_in_content(content, "2024-11-25/08/a.md", "sunset-1.jpg")[1] == "'sunset-1.jpg' does not exist (there is 'sunset-01.jpg')"
    assert resolve_in_content(content, "2024-11-25/08/a.md", "river.jpg")[1] == "'river.jpg' does not exist"


def test_can_resolve_a_path_typed_with_backslashes(paper):
    paper.write("content/2024-11-25/08/photos/a.jpg", "x")
    path, why = resolve_in_content(paper.root / "content", "2024-11-25/08/a.md", "photos\\a.jpg")
    assert why == "" and path.name == "a.jpg"


def test_errors_on_symlink_leading_outside_content(paper, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"x")
    folder = paper.root / "content/2024-11-25/08"
    folder.mkdir(parents=True)
    os.symlink(secret, folder / "link.jpg")
    assert resolve_in_content(paper.root / "content", "2024-11-25/08/a.md", "link.jpg") == \
        (None, "'link.jpg' leads outside the content folder")


# --- never a crash --------------------------------------------------------------------------------

KEYS = ["title", "kicker", "authors", "page", "order", "images", "area", "draft", "continues", "auther", "- x", "? a"]
VALUES = ["", "五项任务", "8", "eight", "[a, b", "{file: a.jpg}", "[{file: a.jpg, capiton: x}]", "null", "true",
          "2024-11-25", "'unclosed", "a: b", "[0.1, 0.2, 0.3, 0.4]", "[1, 2]", "*alias", "&anchor x", "|\n  block", "\t8"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(VALUES)), max_size=6),
       st.sampled_from(["2024-11-25/08/story.md", "2024-11-25/brief.md"]), st.text(max_size=40))
def test_can_parse_any_front_matter_without_crashing(pairs, rel, body):
    text = "---\n" + "\n".join(f"{k}: {v}" for k, v in pairs) + "\n---\n" + body
    r = parse_article(rel, text)
    lines = text.count("\n") + 1
    for p in r.problems:
        assert p.message and (p.line is None or 1 <= p.line <= lines), p
    if not any(not p.warning for p in r.problems):
        assert r.meta["title"] and isinstance(r.meta["page"], int)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["1", "08", "eight", "-1", "pages", "number", "x"]),
                          st.sampled_from(VALUES + ["{name: 通辽, image: p.jpg}", "{nmae: x}"])), max_size=5))
def test_can_parse_any_edition_yaml_without_crashing(pairs):
    text = "pages:\n" + "\n".join(f"  {k}: {v}" for k, v in pairs) + "\n"
    r = parse_edition("2024-11-25/edition.yaml", text)
    for p in r.problems:
        assert p.message and (p.line is None or 1 <= p.line <= text.count("\n") + 1), p
    assert all(isinstance(n, int) and n >= 1 for n in r.pages)


# --- bounds: aliases, numbers, sizes, links ---------------------------------------------------------

def test_errors_on_yaml_alias_in_front_matter_at_its_line():
    bomb = "lol: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"l{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    r = article(f"title: 标题\n{bomb}order: *i")
    line, message = only(r.problems).line, only(r.problems).message
    assert line == 4 and "alias" in message and "not allowed" in message
    assert len(str(only(r.problems))) < 500


def test_errors_on_yaml_alias_in_edition_yaml_at_its_line():
    r = parse_edition("2024-11-25/edition.yaml", "number: &n 总第 1 期\npages:\n  1: {name: *n}\n")
    assert [(p.path, p.line) for p in r.problems] == [("content/2024-11-25/edition.yaml", 3)]
    assert "alias" in r.problems[0].message


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN", "+.Inf"])
def test_errors_on_order_that_is_not_a_finite_number(value):
    r = article(f"title: 标题\nauthors: 某\norder: {value}")
    problem = only(r.problems)
    assert problem.line == 4 and "'order' must be an ordinary number" in problem.message
    assert r.meta["order"] is None


def test_errors_on_a_paragraph_too_long_for_markdown_at_its_line():
    r = article("title: 标题", "\n第一段。\n\n" + "文字**粗体**" * 3000 + "\n\n末段。\n")
    problem = only(r.problems)
    assert problem.line == 7 and "a paragraph of 24,000 characters" in problem.message
    assert not article("title: 标题", "\n" + "文字**粗体**。\n\n" * 3000).problems


def test_errors_on_an_article_over_the_size_limit_without_reading_it(paper):
    paper.article("2024-11-25/01/huge.md", "title: 大", ("正文。" * 100 + "\n\n") * 4400)      # 4 MB
    paper.article("2024-11-25/01/fine.md", "title: 小")
    tree, problems = scan(paper)
    (problem,) = problems.errors
    assert problem.path == "content/2024-11-25/01/huge.md"
    assert "the file is 3,876 KB; an article may have at most 1,024 KB" in problem.message
    assert "max_article_kb" in problem.hint
    problems = Problems(paper.root)
    config = parse_config(paper.root, "max_article_kb: 4096\n", problems)
    scan_content(config, problems)
    assert problems.errors == []


@pytest.mark.parametrize("link", ["edition", "page", "article", "edition.yaml"])
def test_errors_on_a_link_that_leads_outside_content(paper, tmp_path, link):
    outside = tmp_path / "outside"
    (outside / "01").mkdir(parents=True)
    (outside / "01" / "secret.md").write_text("---\ntitle: 机密\n---\n机密正文。\n", encoding="utf-8")
    (outside / "edition.yaml").write_text("number: 机密\n", encoding="utf-8")
    paper.article("2024-11-25/02/fine.md", "title: 正常")
    made = {"edition": ("content/2024-11-26", outside), "page": ("content/2024-11-25/01", outside / "01"),
            "article": ("content/2024-11-25/02/secret.md", outside / "01" / "secret.md"),
            "edition.yaml": ("content/2024-11-25/edition.yaml", outside / "edition.yaml")}
    shown, target = made[link]
    os.symlink(target, paper.root / shown)
    tree, problems = scan(paper)
    (problem,) = problems.errors
    assert problem.path == shown and "outside the content folder" in problem.message
    assert "Copy what it links to into content/" in problem.hint
    titles = [a.meta["title"] for records in tree.articles.values() for a in records]
    assert titles == ["正常"] and all(e.number != "机密" for e in tree.editions.values())


def test_can_follow_a_link_that_stays_inside_content(paper):
    paper.article("2024-11-25/01/story.md", "title: 正文")
    os.symlink(paper.root / "content/2024-11-25/01", paper.root / "content/2024-11-25/02")
    tree, problems = scan(paper)
    assert problems.errors == [] and len(tree.articles["2024-11-25"]) == 2


@pytest.mark.parametrize("unit", ["[a", "![a", "[^a", "[" * 3 + "x"])
def test_errors_on_a_paragraph_of_unclosed_brackets_at_its_line(unit):
    """Python-Markdown reads from each '[' on to its ']', char by char: 2,500 unclosed '[' in 5,000 characters
    took 3.8 s to render, a 19,000-character paragraph of them 39 s."""
    r = article("title: 标题", "\n第一段[链接](https://example.com/)。\n\n" + unit * (19_000 // len(unit)) + "\n")
    problem = only(r.problems)
    assert problem.line == 7 and "'[' or '](' that are never closed" in problem.message
    assert "\\[" in problem.hint


def test_can_have_many_links_and_bracketed_words():
    body = "".join(f"第{i}段 [链接{i}](https://example.com/{i}) 与 \\[注\\] 和 [^{i}]。\n\n" for i in range(2000))
    assert not article("title: 标题", body).problems


@pytest.mark.parametrize("unit, said", [("[链接](https://example.com/a", "'[' or '](' that are never closed"),
                                        ("标题\n===\n", "a paragraph of 4,571 lines"), ("一行  \n", "a paragraph of 3,201 lines")])
def test_errors_on_paragraphs_markdown_reads_in_quadratic_time(unit, said):
    """A 16,000-character paragraph of links without ')' took 5.4 s to render, of setext headings 3.9 s."""
    r = article("title: 标题", "\n" + unit * (16_000 // len(unit)) + "\n")
    problem = only(r.problems)
    assert problem.line == 5 and said in problem.message, problem.message


def test_can_have_a_long_table():
    rows = "".join(f"| {i} | 股票{i} | {i * 1.5:.2f} |\n" for i in range(500))
    assert not article("title: 行情", "\n| 代码 | 名称 | 价格 |\n|---|---|---:|\n" + rows).problems


def test_errors_on_more_paragraphs_than_markdown_reads_in_time_at_the_line_past_them():
    """Python-Markdown takes each block from the front of a list: 100,000 short paragraphs took 16 s."""
    r = article("title: 标题", "\n" + "*强调*\n\n" * 6000)
    problem = only(r.problems)
    assert problem.line == 5 + 2 * 5001 and "more than 5,000 paragraphs and empty lines" in problem.message


def test_errors_on_an_article_made_of_markup():
    """1 MB of '*a' took 11-15 s to render, linear but ~30 µs a mark."""
    r = article("title: 标题", "\n\n".join(["文字*强调*文字" * 40] * 800))
    problem = only(r.problems)
    assert "64,000 characters that mark up text" in problem.message and "'\\*'" in problem.hint
    assert not article("title: 标题", "\n\n".join(["文字*强调*文字" * 40] * 600)).problems
