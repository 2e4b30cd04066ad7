"""Telling the user how the run goes: a progress line on a terminal (silent in CI and when piped),
and the one-line summary at the end."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

from .i18n import MESSAGES, say

__all__ = ["Reporter", "BuildReport"]


@dataclass
class BuildReport:
    editions: int = 0
    pages: int = 0
    articles: int = 0
    images: int = 0
    images_processed: int = 0
    images_cached: int = 0
    written: int = 0
    removed: int = 0
    seconds: float = 0.0
    warnings: list = field(default_factory=list)
    changed: list = field(default_factory=list)     # output paths written or removed
    search: object = None                           # search.SearchReport, when the build updated the index
    publish: tuple | None = None    # seconds: the spare generation brought up to date, the new one completed and shown

    def publish_summary(self) -> str:
        return say("report.publish", sync=f"{self.publish[0]:.2f}", switch=f"{self.publish[1]:.2f}")

    def summary(self) -> str:
        return say("report.summary", editions=self.editions, pages=self.pages, articles=self.articles,
                   images=self.images, processed=self.images_processed, cached=self.images_cached,
                   seconds=f"{self.seconds:.2f}", written=self.written, removed=self.removed)


class Reporter:
    """Progress for long steps; `quiet` silences everything but what the CLI prints itself."""

    def __init__(self, stream=None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.live = not quiet and self.stream.isatty() and not os.environ.get("CI")
        self._label, self._total, self._done, self._last = "", 0, 0, 0.0

    def start(self, label: str, total: int) -> None:
        """`label` names the step: "images", "pages" (said in the run's language, see report.* in messages/)."""
        self._label = say(f"report.{label}") if f"report.{label}" in MESSAGES else label
        self._total, self._done = total, 0
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self._done += n
        self._draw()

    def finish(self) -> None:
        if self.live and self._total:
            self.stream.write("\r\033[K")
            self.stream.flush()
        self._total = 0

    def _draw(self, force: bool = False) -> None:
        if not self.live or not self._total:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1 and self._done < self._total:
            return
        self._last = now
        self.stream.write("\r\033[K" + say("report.progress", label=self._label, done=self._done, total=self._total))
        self.stream.flush()
