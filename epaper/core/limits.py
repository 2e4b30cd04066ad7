"""Bounds on what content/ may hold, so that no file, however made, costs more than its size.

An article body is read by Python-Markdown, whose time grows with the square of some texts: a paragraph of
unclosed '[', of lines or of markup, a body of many thousand blocks (each bound below says why).  Bodies are
checked here, in one linear pass when they are parsed, so the editor gets a message naming the line instead of
a build that never ends.  The walk of content/ refuses links that lead out of it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, Problems
from .i18n import say
from .yamltext import excerpt

__all__ = ["BRACKET_STEPS", "LINE_STEPS", "MAX_BLOCKS", "MAX_MARKS", "PARAGRAPH_CHARS", "Limits", "check_body",
           "too_large"]

# No paragraph a desk writes comes near this; a file pasted without blank lines may.
PARAGRAPH_CHARS = 20_000
# Characters Python-Markdown reads looking for the ']' of each '[' in a body (about 0.4 s of its time): links and
# footnotes cost a few dozen each, a paragraph of unclosed '[' hundreds of millions.
BRACKET_STEPS = 500_000
# Lines times characters of each paragraph, summed over a body: Python-Markdown splits a paragraph at each heading
# underline, list item or line break and copies the rest (about 1.2 s at this count, in the worst case: headings).
LINE_STEPS = 20_000_000
# Blocks (the text between two line ends in a row) of a body: Python-Markdown takes each from the front of the list
# of those left, which costs their number squared (100,000 took 16 s, 5,000 take 0.4 s).  News articles have dozens.
MAX_BLOCKS = 5_000
# Characters that may start inline markup, in a body: Python-Markdown spends ~20-40 µs on each match (1 MB of
# '*a' took 11-15 s); a news article has a few hundred.
MAX_MARKS = 50_000
_MARKS = "*_`[]<&\\"

_BLOCK_GAP = re.compile(r"\n\n")
_BLANK_LINE = re.compile(r"\n\s*\n")
_NEWLINES = re.compile(r"\n*")
_TABLE_RULE = re.compile(r" {0,3}(?=[^|\n]*\||\|)\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *")
_BRACKET = re.compile(r"\\.|[\[\]()]", re.S)


@dataclass(frozen=True)
class Limits:
    """What the walk of content/ refuses: links that lead out of it, and articles over the size limit."""
    content: str                # content/ with every link resolved
    max_article_kb: int

    @property
    def article_bytes(self) -> int:
        return self.max_article_kb * 1024

    def refuse_link(self, entry: os.DirEntry, shown: str, problems: Problems) -> bool:
        """Whether `entry` is a symbolic link that leads outside content/ (reported as an error): what it
        leads to is not the paper's, and would be published as if it were."""
        if not entry.is_symlink():
            return False
        target = os.path.realpath(entry.path)
        if Path(target).is_relative_to(self.content):
            return False
        problems.error(shown, say("limits.link_outside", target=excerpt(target)), hint=say("limits.link_outside_hint"))
        return True


def too_large(rel: str, size: int, limit: int) -> Problem:
    return Problem(f"content/{rel}", say("limits.too_large", size=f"{size / 1024:,.0f}", limit=f"{limit // 1024:,}"),
                   None, say("limits.too_large_hint"))


def check_body(body: str, body_line: int, error) -> None:
    """Report what in `body` would cost Markdown too much, at its line: the first paragraph too long or too
    costly, too many paragraphs, too much markup (only the first of these is reported)."""
    if _check_paragraphs(body, body_line, error):
        return
    if body.count("\n\n") > MAX_BLOCKS:
        at = next(m.start() for n, m in enumerate(_BLOCK_GAP.finditer(body)) if n == MAX_BLOCKS)
        error(say("limits.many_blocks", count=f"{MAX_BLOCKS:,}"),
              body_line + body.count("\n", 0, at + 2),     # where the first block past them starts
              say("limits.many_blocks_hint"))
        return
    marks = _markup_marks(body)
    if marks > MAX_MARKS:
        error(say("limits.many_marks", count=f"{marks:,}", limit=f"{MAX_MARKS:,}"), None, say("limits.many_marks_hint"))


def _check_paragraphs(body: str, body_line: int, error) -> bool:
    """Report the first paragraph that is too long, or costs Markdown too much, at its line; whether one did."""
    if len(body) <= PARAGRAPH_CHARS and "[" not in body and body.count("\n") * len(body) <= LINE_STEPS:
        return False
    start, steps, line_steps = 0, 0, 0
    for gap in [*_BLANK_LINE.finditer(body), None]:
        end = gap.start() if gap else len(body)
        line = lambda: body_line + body.count("\n", 0, _NEWLINES.match(body, start).end())   # noqa: E731
        if end - start > PARAGRAPH_CHARS:
            error(say("limits.long_paragraph", count=f"{end - start:,}", limit=f"{PARAGRAPH_CHARS:,}"),
                  line(), say("limits.long_paragraph_hint"))
            return True
        lines = body.count("\n", start, end) + 1
        line_steps += 0 if _is_table(body, start, end) else lines * (end - start)
        if line_steps > LINE_STEPS:
            error(say("limits.many_lines", count=f"{lines:,}"), line(), say("limits.many_lines_hint"))
            return True
        paragraph_steps, unclosed = _bracket_steps(body, start, end)
        steps += paragraph_steps
        if steps > BRACKET_STEPS:
            error(say("limits.unclosed_brackets", count=f"{unclosed:,}"), line(), say("limits.unclosed_brackets_hint"))
            return True
        start = gap.end() if gap else end
    return False


def _markup_marks(body: str) -> int:
    """How many characters of `body` Python-Markdown may take as the start of inline markup (counted by str.count,
    which is fast, only for a body long enough to have too many)."""
    if len(body) <= MAX_MARKS:
        return 0
    return sum(body.count(c) for c in _MARKS)


def _is_table(body: str, start: int, end: int) -> bool:
    """Whether the paragraph is a table (its second line the row of '-' under the head): Markdown reads a table
    row by row, whatever its length."""
    first = body.find("\n", start, end)
    if first < 0:
        return False
    second = body.find("\n", first + 1, end)
    return bool(_TABLE_RULE.fullmatch(body, first + 1, end if second < 0 else second))


def _bracket_steps(body: str, start: int, end: int) -> tuple[int, int]:
    """(characters read looking for the ']' of each '[' and the ')' of each '](' between `start` and `end`,
    how many of them are never closed)."""
    if body.find("[", start, end) < 0:
        return 0, 0
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []        # (where, whether it opens a link's address)
    steps = 0
    for mark in _BRACKET.finditer(body, start, end):
        at, char = mark.start(), mark.group()
        if char == "[":
            brackets.append(at)
        elif char == "]" and brackets:
            steps += at - brackets.pop()
        elif char == "(":
            parens.append((at, body[at - 1] == "]"))
        elif char == ")" and parens:
            opened, link = parens.pop()
            steps += (at - opened) if link else 0
    unclosed = [at for at, link in parens if link]
    return steps + sum(end - at for at in [*brackets, *unclosed]), len(brackets) + len(unclosed)
