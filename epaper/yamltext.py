"""YAML from text: the fast C loader for reading, the composer only when a line number is wanted.

Lines are counted in the file the text came from: front matter starts on line 2 of an article, so
its parser is given `first_line=2` and every line it reports is one an editor finds in the file.
"""
from __future__ import annotations

import re
import reprlib

import yaml

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
_ALIAS_PROBLEM = ("a value starts with '*', which YAML reads as a reference to another value (an alias); "
                  "references are not allowed")
_ALIAS_HINT = ("Put the value in quotes, e.g. kicker: \"*特稿*\", and write a repeated value out in full "
               "instead of '&name' and '*name'.")


# PyYAML's words -> words an editor understands, the usual fix, and whether the line to show is where the
# broken thing starts (an unclosed '[' is noticed lines later, but must be fixed where it opens).
_PROBLEMS = (
    ("mapping values are not allowed", "a value contains ': ' (colon and space), or a line is indented too far",
     "Put the whole value in quotes, e.g. title: \"会议强调: 抓落实\", and start every key at the same indentation.",
     False),
    ("found a tab character", "a tab is used for indentation", "Indent with spaces, never tabs.", False),
    ("did not find expected ',' or ']'", "a '[' list is not closed with ']'",
     "Close the list, e.g. authors: [王海燕, 李铭].", True),
    ("did not find expected ',' or '}'", "a '{' is not closed with '}'",
     "Close the braces, e.g. {file: photo.jpg, caption: 说明}.", True),
    ("found unknown escape character", "a backslash (\\) inside double quotes",
     "Write paths with '/' (e.g. photos/a.jpg), or use single quotes instead of double quotes.", False),
    ("quoted scalar: found unexpected end of stream", "a quote is never closed",
     "Add the closing quote at the end of the value.", True),
    ("found undefined alias", _ALIAS_PROBLEM, _ALIAS_HINT, False),
    ("found character that cannot start any token", "a value starts with a character YAML reserves (@, ` or %)",
     "Put the value in quotes.", False),
    ("did not find expected key", "the indentation of this line does not match the lines above",
     "Align the key with the other keys at the same level (use spaces).", False),
    ("did not find expected '-' indicator", "a list item is missing its '- ' or is indented wrongly",
     "Start every item of the list with '- ' at the same indentation.", False),
)
_DEFAULT_HINT = "Check the indentation, the ': ' after each key, and put text containing ':' or '#' in quotes."


class YamlError(ValueError):
    """Malformed YAML: what is wrong in plain words, the line in the file, and a fix."""

    def __init__(self, message: str, line: int | None, hint: str = _DEFAULT_HINT):
        super().__init__(message)
        self.line = line
        self.hint = hint


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
            raise YamlError(f"more than {MAX_COLLECTIONS:,} lists and mappings ('[', '{{', '- '): more than any "
                            "settings or front matter need", text.count("\n", 0, mark.start()) + first_line,
                            "Check that this is the file you meant to save, and that nothing was pasted into it "
                            "by mistake.")


def _refuse_aliases(text: str, first_line: int) -> None:
    """Raise a YamlError at the first alias of `text`: the parser's events name it without expanding it."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(f"malformed YAML: {_ALIAS_PROBLEM}", event.start_mark.line + first_line, _ALIAS_HINT)


def _explain(exc: yaml.YAMLError, text: str, first_line: int) -> YamlError:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if _char_at(text, getattr(exc, "problem_mark", None)) == "\t":
        problem = "found a tab character"      # the C scanner does not say which character it refused
    message, hint, at_start = f"malformed YAML: {problem}", _DEFAULT_HINT, False
    said = f"{getattr(exc, 'context', None) or ''}: {problem}"
    for words, plain, fix, starts in _PROBLEMS:
        if words in said:
            message, hint, at_start = f"malformed YAML: {plain}", fix, starts
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
