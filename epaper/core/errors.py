"""Problems found in a run: each names a file (and line), says what is wrong and how to fix it.

Stages never stop at the first problem: they add it to a `Problems` collector and go on,
so one run lists everything an editor has to fix.  The CLI alone prints them.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import say

__all__ = ["Problem", "Problems", "SiteError", "WorkerLost", "closest", "not_utf8"]


@dataclass(frozen=True)
class Problem:
    path: str            # relative to the site root, e.g. "content/2024-11-25/08/five-tasks.md"
    message: str
    line: int | None = None
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = say("problem.warning" if self.warning else "problem.error")
        text = f"{where}: {kind}: {self.message}"
        return f"{text}\n    {self.hint}" if self.hint else text


@dataclass
class Problems:
    """Collects problems of one run; `root` turns absolute paths into the short ones editors see."""
    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def error(self, path, message: str, line: int | None = None, hint: str = "") -> None:
        self.items.append(Problem(self._show(path), message, line, hint))

    def warn(self, path, message: str, line: int | None = None, hint: str = "") -> None:
        self.items.append(Problem(self._show(path), message, line, hint, warning=True))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SiteError(self.items)

    def _show(self, path) -> str:
        path = Path(path)
        if self.root is not None and path.is_absolute():
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        return path.as_posix()


class SiteError(Exception):
    """The run cannot go on; carries every problem found so far (warnings included)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if not p.warning]
        super().__init__(f"{len(errors)} error(s)")


class WorkerLost(Exception):
    """A worker process ended before it finished its task: killed by the system, most often for memory."""

    def __init__(self):
        super().__init__(say("errors.worker_lost"))

    @property
    def hint(self) -> str:
        return say("errors.worker_lost_hint")


def closest(word: str, choices) -> str:
    """' Did you mean 'x'?' for a misspelt key, or '' when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return say("errors.did_you_mean", word=match[0]) if match else ""


def not_utf8(path: str, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """The problem of a text file saved in another encoding (GBK, most often), at its first bad line."""
    line = raw[:exc.start].count(b"\n") + 1
    try:
        raw.decode("gb18030")
        hint = say("errors.gbk_hint")
    except UnicodeDecodeError:
        hint = say("errors.utf8_hint")
    return Problem(path, say("errors.not_utf8"), line, hint)
