"""MkDocs hooks (mkdocs.yml): pages that are written from the code, so that they cannot disagree with it.

`<!-- site.yaml options -->` becomes the table of config.py's declared options (default and doc);
`<!-- strings -->` becomes the interface words of strings.py, per language;
`<!-- commands -->` becomes each command's options, from cli.py's argument parser.
"""
from __future__ import annotations

import argparse
import json

from epaper.commands.cli import _parser
from epaper.config.config import DEPLOY_OPTIONS, OPTIONS
from epaper.config.strings import STRINGS

__all__ = ["on_page_markdown", "options_reference", "strings_reference", "commands_reference"]

OPTIONS_MARK = "<!-- site.yaml options -->"
COMMANDS_MARK = "<!-- commands -->"
STRINGS_MARK = "<!-- strings -->"


def on_page_markdown(markdown: str, page, config, files) -> str:
    for mark, write in ((OPTIONS_MARK, options_reference), (STRINGS_MARK, strings_reference),
                        (COMMANDS_MARK, commands_reference)):
        if mark in markdown:
            markdown = markdown.replace(mark, write())
    return markdown


def _cell(text: str) -> str:
    return text.replace("|", "&#124;").replace("<", "&lt;").replace("\n", " ")


def strings_reference() -> str:
    languages = list(STRINGS)
    rows = ["| key | " + " | ".join(languages) + " |", "|---|" + "---|" * len(languages)]
    for key in STRINGS[languages[0]]:
        rows.append(f"| `{key}` | " + " | ".join(_cell(STRINGS[lang][key]) for lang in languages) + " |")
    return "\n".join(rows)


def _default(value) -> str:
    if value in ("", {}, []):
        return "(none)"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, list):
        return f"`[{', '.join(map(str, value))}]`"
    if isinstance(value, dict):
        return "`{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}`"
    return f"`{json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value}`"


def _table(options: dict, prefix: str = "") -> str:
    rows = ["| option | default | what it does |", "|---|---|---|"]
    rows += [f"| `{prefix}{key}` | {_default(o.default)} | {o.doc} |" for key, o in options.items()]
    return "\n".join(rows)


def options_reference() -> str:
    return (_table(OPTIONS) + "\n\n### deploy\n\nThe keys under `deploy:`, for `epaper deploy`.\n\n"
            + _table(DEPLOY_OPTIONS, "deploy."))


def commands_reference() -> str:
    parser = _parser("epaper")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    said = {a.dest: a.help for a in sub._choices_actions}
    parts = []
    for name, command in sub.choices.items():
        nested = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        for full, p in ([(f"{name} {n}", c) for n, c in nested[0].choices.items()] if nested else [(name, command)]):
            what = said.get(name, "") if not nested else \
                next((a.help for a in nested[0]._choices_actions if f"{name} {a.dest}" == full), "")
            parts.append(f"### epaper {full}\n\n{what[:1].upper()}{what[1:]}.\n\n"
                         f"```\n{p.format_usage().removeprefix('usage: ').strip()}\n```\n")
            rows = ["| option | what it does |", "|---|---|"]
            for action in p._actions:
                if isinstance(action, argparse._HelpAction | argparse._SubParsersAction) or not action.help:
                    continue
                flags = ", ".join(f"`{f}`" for f in action.option_strings) or f"`{action.dest}`"
                rows.append(f"| {flags} | {action.help.replace('|', '&#124;').replace('<', '&lt;')} |")
            parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)
