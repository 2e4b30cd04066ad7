"""Bounds on what content/ may hold, so that no file, however made, costs more than its size.

An article body is read by Python-Markdown, whose inline pass rebuilds a paragraph's text at every match and
reads from every '[' on to its ']' (or the paragraph's end), char by char: both grow with the square of a
paragraph.  Bodies are checked here, when they are parsed, so the editor gets a message naming the line
instead of a build that never ends.  The walk of content/ refuses links that lead out of it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, Problems
from .yamltext import excerpt

__all__ = ["BRACKET_STEPS", "LINE_STEPS", "PARAGRAPH_CHARS", "Limits", "check_body", "too_large"]

# No paragraph a desk writes comes near this; a file pasted without blank lines may.
PARAGRAPH_CHARS = 20_000
# Characters Python-Markdown reads looking for the ']' of each '[' in a body (about 0.4 s of its time): links and
# footnotes cost a few dozen each, a paragraph of unclosed '[' hundreds of millions.
BRACKET_STEPS = 500_000
# Lines times characters of each paragraph, summed over a body: Python-Markdown splits a paragraph at each heading
# underline, list item or line break and copies the rest (about 1.2 s at this count, in the worst case: headings).
LINE_STEPS = 20_000_000

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
        problems.error(shown, f"a link to {excerpt(target)}, outside the content folder: it is not read",
                       hint="Copy what it links to into content/ (or move it there), then delete the link.")
        return True


def too_large(rel: str, size: int, limit: int) -> Problem:
    return Problem(f"content/{rel}", f"the file is {size / 1024:,.0f} KB; an article may have at most "
                   f"{limit // 1024:,} KB", None,
                   "Check that the right file was saved here (an article's text is rarely more than 50 KB); "
                   "if it must be this long, raise max_article_kb in site.yaml.")


def check_body(body: str, body_line: int, error) -> None:
    """Report the first paragraph of `body` that is too long, or costs Markdown too much, at its line."""
    if len(body) <= PARAGRAPH_CHARS and "[" not in body and body.count("\n") * len(body) <= LINE_STEPS:
        return
    start, steps, line_steps = 0, 0, 0
    for gap in [*_BLANK_LINE.finditer(body), None]:
        end = gap.start() if gap else len(body)
        line = lambda: body_line + body.count("\n", 0, _NEWLINES.match(body, start).end())   # noqa: E731
        if end - start > PARAGRAPH_CHARS:
            error(f"a paragraph of {end - start:,} characters: a paragraph may have at most {PARAGRAPH_CHARS:,}",
                  line(), "Put an empty line between paragraphs; split a very long table or list into several.")
            return
        lines = body.count("\n", start, end) + 1
        line_steps += 0 if _is_table(body, start, end) else lines * (end - start)
        if line_steps > LINE_STEPS:
            error(f"a paragraph of {lines:,} lines: Markdown would take too long to read paragraphs this long",
                  line(), "Put an empty line between paragraphs (a line of '=' or '-' under a line of text makes it "
                          "a heading); split a very long table or list into several.")
            return
        paragraph_steps, unclosed = _bracket_steps(body, start, end)
        steps += paragraph_steps
        if steps > BRACKET_STEPS:
            error(f"this paragraph has {unclosed:,} '[' or '](' that are never closed with ']' or ')' (or brackets "
                  "nested too deeply): Markdown would take too long to read it", line(),
                  "Close each '[' with ']' and each '](' with ')' where a link or footnote is meant, and write '\\[' "
                  "for a bracket of the text itself.")
            return
        start = gap.end() if gap else end


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
