"""Setting `area:` in an article's front matter as text: only that entry changes, byte for byte."""
from __future__ import annotations

import pytest
import yaml

from epaper.content.regionedit import AreaError, normalize_area, set_area
from epaper.content.parse import parse_article

AREA = (0.05, 0.1, 0.6, 0.3)


def _front(text: str) -> dict:
    return yaml.safe_load(text.replace("\r\n", "\n").split("---\n")[1])


def test_replaces_an_existing_area_line_and_nothing_else():
    text = "---\ntitle: 头条新闻\narea: [0.1, 0.2, 0.3, 0.4]\norder: 1\n---\n\n正文。\n"
    assert set_area(text, AREA) == "---\ntitle: 头条新闻\narea: [0.050, 0.100, 0.600, 0.300]\norder: 1\n---\n\n正文。\n"


def test_adds_a_missing_area_at_the_end_of_the_front_matter():
    text = "---\n# 来源：本报\ntitle: 头条新闻   # 主标题\nauthors: [王海燕]\n---\n\n正文。\n---\n"
    assert set_area(text, AREA) == ("---\n# 来源：本报\ntitle: 头条新闻   # 主标题\nauthors: [王海燕]\n"
                                    "area: [0.050, 0.100, 0.600, 0.300]\n---\n\n正文。\n---\n")


def test_keeps_comments_key_order_quoting_and_a_comment_on_the_area_line():
    text = ("---\ntitle: '头条: 新闻'   # 引号里的冒号\n# 区域是手量的\narea: [0.1, 0.2, 0.3, 0.4]  # 手量\n"
            "kicker: 引题\n\n---\n正文\n")
    assert set_area(text, AREA) == text.replace("[0.1, 0.2, 0.3, 0.4]", "[0.050, 0.100, 0.600, 0.300]")


def test_keeps_crlf_line_endings_and_a_byte_order_mark():
    text = "\ufeff---\r\ntitle: 头条新闻\r\norder: 1\r\n---\r\n\r\n正文。\r\n"
    assert set_area(text, AREA) == ("\ufeff---\r\ntitle: 头条新闻\r\norder: 1\r\narea: [0.050, 0.100, 0.600, 0.300]\r\n"
                                    "---\r\n\r\n正文。\r\n")
    replaced = set_area(text.replace("order: 1", "area: [0.1, 0.2, 0.3, 0.4]"), AREA)
    assert replaced == text.replace("order: 1", "area: [0.050, 0.100, 0.600, 0.300]")


@pytest.mark.parametrize("entry", [
    "area:\n  - 0.1\n  - 0.2\n  - 0.3\n  - 0.4\n",           # a block list
    "area:\n- 0.1\n- 0.2\n- 0.3\n- 0.4\n",                   # a block list at the key's own indentation
    "area: [0.1,\n  0.2, 0.3,\n  0.4]\n",                     # a flow list over several lines
    "area:   # 手量\n  - 0.1\n  # 第二个\n  - 0.2\n  - 0.3\n  - 0.4\n",
    "area: {x: 1}\n",                                         # wrong, but replaced all the same
    '"area": [0.1, 0.2, 0.3, 0.4]\n',
])
def test_replaces_block_and_flow_forms_wholly(entry):
    text = f"---\ntitle: 头条新闻\n{entry}\n# 下一项\norder: 1\nimages:\n  - file: a.jpg\n    area: keep\n---\n正文\n"
    new = set_area(text, AREA)
    assert new == text.replace(entry, "area: [0.050, 0.100, 0.600, 0.300]\n")
    assert _front(new)["area"] == list(AREA) and _front(new)["images"] == [{"file": "a.jpg", "area": "keep"}]


def test_only_a_top_level_key_is_the_area():
    text = "---\ntitle: x\nimages:\n  - file: a.jpg\n    area: [0.1, 0.2, 0.3, 0.4]\narea_note: no\n---\n"
    assert set_area(text, AREA) == text.replace("no\n---", "no\narea: [0.050, 0.100, 0.600, 0.300]\n---")


def test_the_area_written_is_read_back_by_the_build():
    text = "---\ntitle: 头条新闻\narea:\n  - 0.9\n  - 0.9\n  - 0.1\n  - 0.1\n---\n\n正文。\n"
    record = parse_article("2024-11-25/01/lead.md", set_area(text, normalize_area([0.3335, 0.25, 0.6665, 0.5])))
    assert record.meta["area"] == [0.334, 0.25, 0.666, 0.5] and not record.problems


def test_files_without_a_front_matter_are_refused():
    with pytest.raises(AreaError, match="no front matter"):
        set_area("title: x\n", AREA)
    with pytest.raises(AreaError, match="not closed"):
        set_area("---\ntitle: x\n", AREA)


@pytest.mark.parametrize("values, expected", [
    ([0.1, 0.2, 0.3, 0.4], (0.1, 0.2, 0.3, 0.4)),
    ([0.12345, 0, 1, 1], (0.123, 0.0, 0.877, 1.0)),      # kept inside the page after rounding
    ([0, 0, 1, 1], (0.0, 0.0, 1.0, 1.0)),
])
def test_normalize_area(values, expected):
    assert normalize_area(values) == expected


@pytest.mark.parametrize("values", [[0.1, 0.2, 0.3], [0.1, 0.2, 0.3, 1.5], [0.1, 0.2, 0.3, -0.1],
                                    [0.1, 0.2, float("nan"), 0.3], [0.1, 0.2, float("inf"), 0.3],
                                    [0.1, 0.2, 0.0, 0.3], ["0.1", 0.2, 0.3, 0.4], [True, 0.2, 0.3, 0.4],
                                    "0.1,0.2,0.3,0.4", None, {"x": 1}])
def test_normalize_area_refuses_anything_else(values):
    with pytest.raises(AreaError):
        normalize_area(values)
