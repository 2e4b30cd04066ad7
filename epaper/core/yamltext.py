"""YAML from text: the fast C loader for reading, the composer only when a line number is wanted.

Lines are counted in the file the text came from: front matter starts on line 2 of an article, so
its parser is given `first_line=2` and every line it reports is one an editor finds in the file.
"""
from __future__ import annotations

import re
import reprlib

import yaml

from .i18n import say

__all__ = ["YamlError", "parse_yaml", "key_line", "excerpt"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A value shown in a message is cut to this many characters: a value may be megabytes long.
EXCERPT_CHARS = 60
# No settings file or front matter has more than a few dozen lists and mappings.  Past this many the text is refused
# before it is parsed: the C parser slows with the square of flow nesting ('[' inside '[' ...), and its composer
# recurses once a level, so that 100,000 nested '[' or '- ' crash the interpreter.
MAX_COLLECTIONS = 2000
_COLLECTION = re.compile(r"[\[{]|-(?=\s)")
_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 3
_SHORT_REPR.maxstring = _SHORT_REPR.maxlong = _SHORT_REPR.maxother = EXCERPT_CHARS

# PyYAML's words -> the keys of the words an editor understands and of the usual fix, and whether
# the line to show is where the broken thing starts (an unclosed '[' is noticed lines later, but must be fixed where
# it opens).
_PROBLEMS = (
    ("mapping values are not allowed", "yamltext.colon", "yamltext.colon_hint", False),
    ("found a tab character", "yamltext.tab", "yamltext.tab_hint", False),
    ("did not find expected ',' or ']'", "yamltext.open_list", "yamltext.open_list_hint", True),
    ("did not find expected ',' or '}'", "yamltext.open_braces", "yamltext.open_braces_hint", True),
    ("found unknown escape character", "yamltext.backslash", "yamltext.backslash_hint", False),
    ("quoted scalar: found unexpected end of stream", "yamltext.open_quote", "yamltext.open_quote_hint", True),
    ("found undefined alias", "yamltext.alias", "yamltext.alias_hint", False),
    ("while scanning an alias", "yamltext.alias", "yamltext.alias_hint", False),      # kicker: *特稿*
    ("while scanning an anchor", "yamltext.anchor", "yamltext.reserved_hint", False),  # kicker: &特稿
    ("found character that cannot start any token", "yamltext.reserved", "yamltext.reserved_hint", False),
    ("did not find expected key", "yamltext.indent", "yamltext.indent_hint", False),
    ("did not find expected '-' indicator", "yamltext.list_item", "yamltext.list_item_hint", False),
)


class YamlError(ValueError):
    """Malformed YAML: what is wrong in plain words, the line in the file, and a fix."""

    def __init__(self, message: str, line: int | None, hint: str | None = None):
        super().__init__(message)
        self.line = line
        self.hint = say("yamltext.default_hint") if hint is None else hint


def excerpt(value, limit: int = EXCERPT_CHARS, quoted: bool = True) -> str:
    """`value` as shown in a message: its repr (or, not `quoted`, text as it is), cut to `limit` characters
    with '…'.  A value read from a file may be any size; a message names it, it does not reproduce it
    (reprlib stops early in lists and strings, so even a huge value costs little)."""
    if isinstance(value, str):
        text = value[:limit + 1] if not quoted else repr(value[:limit + 1])
    else:
        text = _SHORT_REPR.repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def parse_yaml(text: str, first_line: int = 1):
    """Parse YAML `text` whose first line is line `first_line` of its file.

    Aliases (`*name`) are refused before anything is built: each one repeats a whole value, so a few
    hundred bytes of them nested can stand for billions of nodes."""
    _refuse_many_collections(text, first_line)
    try:
        if "*" in text:
            _refuse_aliases(text, first_line)
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _explain(exc, text, first_line) from None


def _refuse_many_collections(text: str, first_line: int) -> None:
    """Raise a YamlError at the line where the text passes MAX_COLLECTIONS lists and mappings."""
    if text.count("[") + text.count("{") + text.count("-") <= MAX_COLLECTIONS:
        return
    for seen, mark in enumerate(_COLLECTION.finditer(text)):
        if seen == MAX_COLLECTIONS:
            raise YamlError(say("yamltext.too_nested", count=f"{MAX_COLLECTIONS:,}"),
                            text.count("\n", 0, mark.start()) + first_line, say("yamltext.too_nested_hint"))


def _refuse_aliases(text: str, first_line: int) -> None:
    """Raise a YamlError at the first alias of `text`: the parser's events name it without expanding it."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(say("yamltext.malformed", problem=say("yamltext.alias")),
                            event.start_mark.line + first_line, say("yamltext.alias_hint"))


def _explain(exc: yaml.YAMLError, text: str, first_line: int) -> YamlError:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if _char_at(text, getattr(exc, "problem_mark", None)) == "\t":
        problem = "found a tab character"      # the C scanner does not say which character it refused
    message, hint, at_start = say("yamltext.malformed", problem=problem), None, False
    said = f"{getattr(exc, 'context', None) or ''}: {problem}"
    for words, key, hint_key, starts in _PROBLEMS:
        if words in said:
            message, hint, at_start = say("yamltext.malformed", problem=say(key)), say(hint_key), starts
            break
    problem_mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    mark = context_mark if at_start and context_mark else problem_mark or context_mark
    if mark is None:
        return YamlError(message, None, hint)
    last = max(1, len(text.rstrip("\n").split("\n")))
    line = min(mark.line + 1, last)          # a problem at the very end of the text is on its last line
    return YamlError(message, line + first_line - 1, hint)


def _char_at(text: str, mark) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def key_line(text: str, *keys, first_line: int = 1) -> int | None:
    """Line of `keys` (a path of mapping keys / list indexes) in YAML `text`, if found.

    Only called when a problem is reported, so the slower node composer costs nothing on good input.
    """
    try:
        _refuse_many_collections(text, first_line)
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, YamlError):
        return None
    line = None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if _same_key(k.value, key):
                    line, node = k.start_mark.line, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line
        else:
            break
    return None if line is None else line + first_line


def _same_key(written: str, key) -> bool:
    """A key as written in the YAML text is `key`; page numbers match however written (08 is 8)."""
    written, key = str(written), str(key)
    return written == key or (written.isdigit() and key.isdigit() and int(written) == int(key))
