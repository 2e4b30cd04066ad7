"""The messages about what the content says: YAML, front matter, edition.yaml, the walk of content/, the
articles' limits, the model's checks, the edition PDF and the deploy settings (yamltext.py, source.py,
limits.py, model.py, editionpdf.py, deploy.py).

Values read from a file come in already shortened (yamltext.excerpt); keys and option names stay as written.
"""
from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # yamltext.py
    "yamltext.malformed": {"en": "malformed YAML: {problem}", "zh-CN": "YAML 格式有误：{problem}"},
    "yamltext.default_hint": {
        "en": "Check the indentation, the ': ' after each key, and put text containing ':' or '#' in quotes.",
        "zh-CN": "请检查缩进、每个键后面的 ': '（冒号加空格），含 ':' 或 '#' 的文字请加引号。",
    },
    "yamltext.too_nested": {
        "en": "more than {count} lists and mappings ('[', '{{', '- '): more than any settings or front matter need",
        "zh-CN": "列表和映射（'['、'{{'、'- '）超过 {count} 个：任何设置文件或文件开头的 YAML 信息都用不了这么多",
    },
    "yamltext.too_nested_hint": {
        "en": "Check that this is the file you meant to save, and that nothing was pasted into it by mistake.",
        "zh-CN": "请确认这是要保存的那个文件，并且没有误粘贴进别的内容。",
    },
    "yamltext.colon": {"en": "a value contains ': ' (colon and space), or a line is indented too far",
                       "zh-CN": "某个值里含有 ': '（冒号加空格），或某一行缩进过多"},
    "yamltext.colon_hint": {
        "en": "Put the whole value in quotes, e.g. title: \"会议强调: 抓落实\", and start every key at the same "
              "indentation.",
        "zh-CN": "请把整个值加上引号，例如 title: \"会议强调: 抓落实\"，并让每个键的缩进保持一致。",
    },
    "yamltext.tab": {"en": "a tab is used for indentation", "zh-CN": "用了制表符（Tab）缩进"},
    "yamltext.tab_hint": {"en": "Indent with spaces, never tabs.", "zh-CN": "请用空格缩进，不要用制表符。"},
    "yamltext.open_list": {"en": "a '[' list is not closed with ']'", "zh-CN": "以 '[' 开头的列表没有用 ']' 结束"},
    "yamltext.open_list_hint": {"en": "Close the list, e.g. authors: [王海燕, 李铭].",
                                "zh-CN": "请补上列表的结尾，例如 authors: [王海燕, 李铭]。"},
    "yamltext.open_braces": {"en": "a '{{' is not closed with '}}'", "zh-CN": "'{{' 没有用 '}}' 结束"},
    "yamltext.open_braces_hint": {"en": "Close the braces, e.g. {{file: photo.jpg, caption: 说明}}.",
                                  "zh-CN": "请补上右花括号，例如 {{file: photo.jpg, caption: 说明}}。"},
    "yamltext.backslash": {"en": "a backslash (\\) inside double quotes", "zh-CN": "双引号里有反斜杠（\\）"},
    "yamltext.backslash_hint": {
        "en": "Write paths with '/' (e.g. photos/a.jpg), or use single quotes instead of double quotes.",
        "zh-CN": "路径请用 '/' 分隔（例如 photos/a.jpg），或把双引号换成单引号。",
    },
    "yamltext.open_quote": {"en": "a quote is never closed", "zh-CN": "有一个引号没有闭合"},
    "yamltext.open_quote_hint": {"en": "Add the closing quote at the end of the value.",
                                 "zh-CN": "请在这个值的末尾补上另一半引号。"},
    "yamltext.alias": {
        "en": "a value starts with '*', which YAML reads as a reference to another value (an alias); "
              "references are not allowed",
        "zh-CN": "某个值以 '*' 开头，YAML 会把它当作对另一个值的引用（别名）；这里不允许使用引用",
    },
    "yamltext.alias_hint": {
        "en": "Put the value in quotes, e.g. kicker: \"*特稿*\", and write a repeated value out in full "
              "instead of '&name' and '*name'.",
        "zh-CN": "请给这个值加上引号，例如 kicker: \"*特稿*\"；重复的值请完整写出，不要用 '&name' 和 '*name'。",
    },
    "yamltext.reserved": {"en": "a value starts with a character YAML reserves (@, ` or %)",
                          "zh-CN": "某个值以 YAML 的保留字符（@、` 或 %）开头"},
    "yamltext.reserved_hint": {"en": "Put the value in quotes.", "zh-CN": "请给这个值加上引号。"},
    "yamltext.indent": {"en": "the indentation of this line does not match the lines above",
                        "zh-CN": "这一行的缩进和上面几行对不齐"},
    "yamltext.indent_hint": {"en": "Align the key with the other keys at the same level (use spaces).",
                             "zh-CN": "请让这个键和同一层级的其他键对齐（用空格）。"},
    "yamltext.list_item": {"en": "a list item is missing its '- ' or is indented wrongly",
                           "zh-CN": "列表中有一项缺少开头的 '- '，或缩进不对"},
    "yamltext.list_item_hint": {"en": "Start every item of the list with '- ' at the same indentation.",
                                "zh-CN": "列表的每一项都以 '- ' 开头，缩进保持一致。"},
}
