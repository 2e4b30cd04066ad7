"""Themes: where a paper's layouts and assets come from.

A paper's own `layouts/` and `assets/` come first; every file they do not have comes from the theme, by
the same path (Hugo's lookup order, MkDocs' `custom_dir`).  The theme is the one shipped with epaper
unless site.yaml names another folder with `theme:`.  An installed epaper carries its theme inside the
package (`epaper/default_theme/`, put there by the wheel); a checkout of the repository uses the
`layouts/` and `assets/` at its top, where the design keeps them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ThemeFile", "builtin_theme", "lookup", "overrides", "theme_inputs"]

_PACKAGE = Path(__file__).resolve().parent.parent


def builtin_theme() -> Path:
    """The folder holding the default theme's `layouts/` and `assets/`."""
    shipped = _PACKAGE / "default_theme"
    if (shipped / "layouts").is_dir():
        return shipped
    return _PACKAGE.parent


@dataclass(frozen=True)
class ThemeFile:
    rel: str            # path inside layouts/ or assets/, e.g. "article.html"
    path: Path          # the file that is used
    folder: Path        # the layouts/ or assets/ folder it was found in
    overrides: bool     # the paper's own file, in place of the theme's file of the same path


def lookup(paper_folder: Path, theme_folder: Path, pattern: str = "*") -> dict[str, ThemeFile]:
    """{relative path: file used} for the files matching `pattern` in either folder, the paper's first.
    Hidden files (.DS_Store, an editor's swap file) are not part of a theme."""
    found: dict[str, ThemeFile] = {}
    folders = [(theme_folder, False)] + ([] if _same(paper_folder, theme_folder) else [(paper_folder, True)])
    for folder, own in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
                rel = path.relative_to(folder).as_posix()
                found[rel] = ThemeFile(rel, path, folder, own and rel in found)
    return found


def overrides(paper_folder: Path, theme_folder: Path, pattern: str = "*") -> list[str]:
    """The paper's files that stand in for the theme's (`-v` lists them)."""
    return [rel for rel, f in lookup(paper_folder, theme_folder, pattern).items() if f.overrides]


def _same(a: Path, b: Path) -> bool:
    """The repository's demo paper is built with the repository's own theme: its layouts are the theme."""
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


_THEME_LINE = re.compile(r"^theme:[ \t]*['\"]?([^'\"#\n]*?)['\"]?[ \t]*(?:#.*)?$", re.M)


def theme_inputs(root: Path) -> list[Path]:
    """The theme's folders, as the no-change check signs them before site.yaml is parsed: a line
    `theme: folder` of site.yaml names the theme (site.yaml is signed too, so a changed line is noticed)."""
    try:
        named = _THEME_LINE.search((root / "site.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        named = None
    theme = root / named.group(1) if named and named.group(1) else builtin_theme()
    return [] if _same(theme, root) else [theme / "layouts", theme / "assets"]
