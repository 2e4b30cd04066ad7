"""An article's `area:` written into its front matter as text, every other byte of the file kept.

The preview's region editor saves through `set_area`: the editor's comments, key order, quoting, blank
lines and line endings (LF or CRLF) stay as they were; only the `area:` entry changes, to one line
`area: [x, y, w, h]` with three decimals.  An entry written as a block list or a flow list over several
lines is replaced whole; a trailing comment on a one-line entry is kept.  Without an entry, the line is
added at the end of the front matter.  Pure: text in, text out.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..core import say

__all__ = ["AreaError", "format_area", "normalize_area", "set_area"]

STEPS = 1000            # three decimals

_KEY = re.compile(r"""(?:area|"area"|'area')[ \t]*:(?=[ \t\r\n]|$)""")     # at the left edge: a top-level key
_ONE_LINE = re.compile(r"""[ \t]*\[[^\[\]#'"\r\n]*\](?P<comment>[ \t]+#[^\r\n]*)?[ \t]*""")
_ITEM = re.compile(r"-(?:[ \t]|$)")
_FENCE = ("---",)
_CLOSE = ("---", "...")


class AreaError(ValueError):
    """The area or the file cannot take the edit; the message says why, for an editor."""


def normalize_area(values) -> tuple[float, float, float, float]:
    """[x, y, w, h] as fractions of the scan, rounded to three decimals and kept inside it; AreaError for
    anything that is not four finite numbers from 0 to 1 with a width and height."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or len(values) != 4:
        raise AreaError(say("regionedit.four_numbers"))
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and 0 <= v <= 1
               for v in values):
        raise AreaError(say("regionedit.fractions"))
    x, y, w, h = (round(v * STEPS) for v in values)
    w, h = min(w, STEPS - x), min(h, STEPS - y)         # rounding up must not push it past the edge
    if w < 1 or h < 1:
        raise AreaError(say("regionedit.too_small"))
    return x / STEPS, y / STEPS, w / STEPS, h / STEPS


def format_area(area: Sequence[float]) -> str:
    return "[" + ", ".join(f"{v:.3f}" for v in area) + "]"


def set_area(text: str, area: Sequence[float]) -> str:
    """`text` (a whole article file) with its front matter's `area:` set to `area`."""
    lines = re.split(r"(?<=\n)", text)
    close = _front_matter_end(lines)
    found = [i for i in range(1, close) if _KEY.match(lines[i])]
    value = format_area(area)
    if not found:
        eol = _ending(lines[close - 1])
        return "".join(lines[:close] + [f"area: {value}{eol}"] + lines[close:])
    i = found[-1]           # the one YAML reads when it is repeated (the build warns of that)
    end = _entry_end(lines, i, close)
    eol = _ending(lines[i]) or _ending(lines[end - 1])
    one_line = _ONE_LINE.fullmatch(lines[i][_KEY.match(lines[i]).end():].rstrip("\r\n")) if end == i + 1 else None
    comment = (one_line["comment"] or "") if one_line else ""
    return "".join(lines[:i] + [f"area: {value}{comment}{eol}"] + lines[end:])


def _front_matter_end(lines: list[str]) -> int:
    """The index of the line that closes the front matter (which starts on the first line)."""
    if not lines or lines[0].lstrip("\ufeff").rstrip() not in _FENCE:
        raise AreaError(say("regionedit.no_front_matter"))
    for i in range(1, len(lines)):
        if lines[i].rstrip() in _CLOSE:
            return i
    raise AreaError(say("regionedit.front_matter_open"))


def _entry_end(lines: list[str], i: int, close: int) -> int:
    """The index after the last line of the entry that starts on line `i`: a value on the key's line alone,
    or the lines that go on with it (indented, or `- ` items of a block list under an empty key)."""
    rest = lines[i][_KEY.match(lines[i]).end():].strip()
    if _ONE_LINE.fullmatch(rest):
        return i + 1
    block = not rest or rest.startswith("#")
    end = j = i + 1
    while j < close:
        line = lines[j].rstrip("\r\n")
        if line.strip() and not (line[0] in " \t" or (block and _ITEM.match(line))):
            break
        j += 1
        if line.strip():
            end = j             # blank lines between the entry and the next key stay
    return end


def _ending(line: str) -> str:
    return "\r\n" if line.endswith("\r\n") else "\n" if line.endswith("\n") else ""
