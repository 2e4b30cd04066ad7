"""Messages to the newsroom in the paper's language (the words of the reader's interface are in strings.py).

Every message an editor reads is a key of MESSAGES (the catalog, messages/: one module per area) with its
text in each language, formatted with named values: `say("cli.build_failed", errors=3, outcome=...)`.
Paths, line numbers and option names are passed in as values and stay as they are; only the words around
them are translated.  A test fails when a key lacks a language or the languages disagree on the
{placeholders}.  Problems found while reading the content (source.py, config.py, model.py) convert the
same way: a key per message, named after the module ("config.option_wrong").

The language is chosen once per run by the command line: `--lang`, else the EPAPER_LANG environment
variable, else the paper's `language` in site.yaml.  Forked workers inherit it.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .messages import MESSAGES

__all__ = ["LANGUAGES", "MESSAGES", "choose_language", "command", "language", "paper_language", "say",
           "use_command", "use_language"]

LANGUAGES = ("zh-CN", "en")
DEFAULT = "zh-CN"           # site.yaml's default `language`
ENV = "EPAPER_LANG"

_current: dict[str, str | None] = {"language": None, "command": "epaper"}     # None: not chosen by a command
_LANGUAGE_LINE = re.compile(r"^language:[ \t]*['\"]?([A-Za-z-]+)", re.M)


def say(key: str, /, **values) -> str:
    """The message `key` in the run's language, with `values` filled in."""
    return MESSAGES[key][language()].format(**values)


def language() -> str:
    """The language chosen for this run; before a command chose one, EPAPER_LANG's or the default."""
    return _current["language"] or choose_language(None, None)


def use_language(lang: str) -> None:
    _current["language"] = lang if lang in LANGUAGES else DEFAULT


def command() -> str:
    """How the user started this program, for hints that name a command: `epaper`, `python build.py`."""
    return _current["command"] or "epaper"


def use_command(prog: str) -> None:
    _current["command"] = prog


def choose_language(flag: str | None, root: Path | None) -> str:
    """--lang, else EPAPER_LANG, else the paper's language, else site.yaml's default."""
    for candidate in (flag, os.environ.get(ENV), paper_language(root) if root is not None else None):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT


def paper_language(root: Path) -> str | None:
    """The `language:` line of the paper's site.yaml, read before (and without) parsing it: the messages
    about site.yaml itself are in the paper's language too."""
    try:
        found = _LANGUAGE_LINE.search((root / "site.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return found.group(1) if found else None
