"""site.yaml: declared options, each problem with its line and the option's own explanation."""
from __future__ import annotations

from pathlib import Path

import pytest

from epaper.config.config import OPTIONS, load_config, parse_config
from epaper.core.errors import Problems

ROOT = Path("/paper")


def config(text: str):
    problems = Problems()
    return parse_config(ROOT, text, problems), problems


def test_can_use_defaults_for_an_empty_site_yaml():
    c, problems = config("")
    assert problems.items == []
    assert (c.name, c.language, c.image_widths, c.trust_html) == ("电子报", "zh-CN", (480, 960, 1600), False)
    assert c.strings["prev_page"] == "上一版"


def test_can_read_every_option():
    c, problems = config("""
name: 北疆日报
language: en
base_url: https://paper.example.com/sub
description: 一份报纸
timezone: Asia/Shanghai
image_widths: [960, 480]
scan_widths: [300, 1200]
image_formats: [jpeg]
image_quality: {jpeg: 70}
publish_originals: true
trust_html: true
index_page_size: 10
strings: {next_page: Onward}
""")
    assert problems.items == []
    assert (c.name, c.language, c.base_url, c.description) == ("北疆日报", "en", "https://paper.example.com/sub/", "一份报纸")
    assert c.timezone == "Asia/Shanghai"
    assert (c.image_widths, c.scan_widths, c.image_formats) == ((480, 960), (300, 1200), ("jpeg",))
    assert c.image_quality["jpeg"] == 70 and c.image_quality["webp"] == 80
    assert (c.publish_originals, c.trust_html, c.index_page_size) == (True, True, 10)
    assert c.strings["next_page"] == "Onward" and c.strings["prev_page"] == "Previous page"


def test_can_tell_configs_apart_by_digest():
    assert config("name: A")[0].digest != config("name: B")[0].digest
    assert config("name: A")[0].digest == config("name: A\n")[0].digest


def test_warns_on_unknown_option_naming_the_closest():
    c, problems = config("name: 北疆日报\nimage_width: [480]\n")
    [p] = problems.items
    assert (p.path, p.line, p.warning) == ("site.yaml", 2, True)
    assert (p.message, p.hint) == ("unknown option 'image_width' is ignored", "Did you mean 'image_widths'?")
    assert c.image_widths == (480, 960, 1600)


def test_warns_on_unknown_option_listing_the_known_ones_when_none_is_close():
    [p] = config("colour: red\n")[1].items
    assert p.hint.startswith("Known options: name, language,")


def test_warns_on_unknown_string_key_naming_the_closest():
    [p] = config("strings:\n  next_pag: 下一版\n")[1].items
    assert (p.line, p.message, p.hint) == (2, "unknown string 'strings.next_pag' is ignored", "Did you mean 'next_page'?")


@pytest.mark.parametrize("text, line, message", [
    ("name: x\nimage_widths: big\n", 2,
     "option 'image_widths': expected a list of widths in pixels between 16 and 8000, e.g. [480, 960, 1600], got 'big'"),
    ("scan_widths: [100000]\n", 1,
     "option 'scan_widths': expected a list of widths in pixels between 16 and 8000, e.g. [480, 960, 1600], got [100000]"),
    ("language: fr\n", 1, "option 'language': expected one of: zh-CN, en, but got 'fr'"),
    ("trust_html: maybe\n", 1, "option 'trust_html': expected true or false, got str"),
    ("name: [a, b]\n", 1, "option 'name': expected text, got a list"),
    ("image_formats: [gif]\n", 1, "option 'image_formats': expected a list of image formats from: webp, jpeg, avif, got ['gif']"),
    ("image_quality: {webp: 300}\n", 1,
     "option 'image_quality': expected a mapping of format to quality 1-100, e.g. {webp: 80, jpeg: 82}, got {'webp': 300}"),
    ("index_page_size: 0\n", 1, "option 'index_page_size': expected a whole number of at least 1, got 0"),
    ("base_url: paper.example.com\n", 1,
     "option 'base_url': expected an absolute http(s) address like https://paper.example.com/ or https://example.com/paper/, got 'paper.example.com'"),
    ("timezone: Beijing\n", 1, "option 'timezone': expected a time zone name like Asia/Shanghai, got 'Beijing'"),
])
def test_errors_on_bad_values_at_their_line(text, line, message):
    c, problems = config(text)
    [p] = problems.items
    assert (p.path, p.line, p.message, p.warning) == ("site.yaml", line, message, False)
    key = message.split("'")[1]
    assert p.hint == OPTIONS[key].doc
    assert getattr(c, key) is not None      # the default stands in, so the run can go on and find more


def test_errors_on_string_override_with_a_placeholder_it_cannot_have():
    c, problems = config("strings:\n  next_page: 往后\n  page_label: 第{number}版\n  continued_to: 下转第{num版\n")
    assert [(p.line, p.message) for p in problems.items] == [
        (3, "'strings.page_label' uses a {placeholder} that does not exist"),
        (4, "'strings.continued_to' uses a {placeholder} that does not exist")]
    assert problems.items[0].hint == "Placeholders it may use: {num} (the default is '第{num}版')."
    assert (c.strings["next_page"], c.strings["page_label"]) == ("往后", "第{num}版")
    assert config("strings: {edition_date: '{month_name} {day}, {year}'}")[1].items == []    # as English has it


def test_errors_on_every_bad_value_not_just_the_first():
    problems = config("language: fr\nimage_widths: big\ntrust_html: 3\n")[1]
    assert [p.line for p in problems.errors] == [1, 2, 3]


def test_errors_on_malformed_yaml_at_its_line():
    [p] = config("name: 北疆日报\nlanguage: [en\nbase_url: x\n")[1].items
    assert (p.line, p.message) == (2, "malformed YAML: a '[' list is not closed with ']'")


def test_errors_on_site_yaml_that_is_a_list():
    [p] = config("- name\n- language\n")[1].items
    assert (p.line, p.message) == (1, "site.yaml must be a mapping of options (key: value)")


def test_warns_on_missing_site_yaml(tmp_path):
    problems = Problems()
    c = load_config(tmp_path, problems)
    [p] = problems.items
    assert p.warning and p.message == "no site.yaml found; using the defaults" and c.name == "电子报"


def test_errors_on_site_yaml_that_is_not_utf8(tmp_path):
    (tmp_path / "site.yaml").write_bytes("name: 北疆日报\n".encode("gb18030"))
    problems = Problems()
    load_config(tmp_path, problems)
    [p] = problems.items
    assert (p.path, p.line, p.message) == ("site.yaml", 1, "the file is not UTF-8 text")



# --- bounds: aliases, long values, format specs ---------------------------------------------------

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")) + "name: *i\n"


def test_errors_on_yaml_alias_in_site_yaml_at_its_line_without_expanding_it():
    c, problems = config(ALIAS_BOMB)
    (problem,) = problems.errors
    assert problem.path == "site.yaml" and problem.line == 2
    assert "alias" in problem.message and "not allowed" in problem.message
    assert len(str(problem)) < 500
    assert c.name == "电子报"


@pytest.mark.parametrize("word, shown", [("第{num:>30000000}版", "{num:>30000000}"), ("第{num:x}版", "{num:x}"),
                                         ("第{num!r}版", "{num!r}")])
def test_errors_on_string_override_with_a_format_spec_or_conversion(word, shown):
    c, problems = config(f'name: x\nstrings:\n  page_label: "{word}"\n')
    (problem,) = problems.errors
    assert (problem.path, problem.line) == ("site.yaml", 3)
    assert "'strings.page_label' formats a placeholder" in problem.message and shown in problem.message
    assert c.strings["page_label"] == "第{num}版"


def test_shows_only_an_excerpt_of_a_long_bad_value():
    c, problems = config(f"timezone: {'Asia/' * 100000}\nimage_widths: [{', '.join(['1'] * 100000)}]\n")
    assert [p.line for p in problems.errors] == [1, 2]
    assert all(len(p.message) < 200 for p in problems.errors), [len(p.message) for p in problems.errors]


def test_can_raise_the_article_size_limit():
    assert config("")[0].max_article_kb == 1024
    c, problems = config("max_article_kb: 8192\n")
    assert problems.items == [] and c.max_article_kb == 8192
    assert [p.line for p in config("max_article_kb: 0\n")[1].errors] == [1]


@pytest.mark.parametrize("nested", ["[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x", "{a: " * 100_000 + "}" * 100_000],
                         ids=["flow lists", "block lists", "flow mappings"])
def test_errors_on_yaml_nested_past_any_use_before_parsing_it(nested):
    """100,000 nested '[' or '- ' crashed the interpreter in the C composer; nested '{a: ' took minutes."""
    c, problems = config("name: 日报\ndescription: " + nested + "\n")
    (problem,) = problems.errors
    assert (problem.path, problem.line) == ("site.yaml", 2) and "more than 2,000 lists and mappings" in problem.message
