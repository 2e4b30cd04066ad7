"""The package is a pipeline: a module imports only modules of earlier stages (Zola's one-way rule)."""
from __future__ import annotations

import ast

from conftest import REPO

# Stages in order; a module may import only modules listed before it.
ORDER = [
    "messages", "i18n", "errors", "speedups", "atomic", "trust", "strings", "yamltext", "regionedit", "theme",
    "config", "limits", "stamps", "builddb", "workers", "source", "pdftext", "regions", "pagepdf", "model", "catalog", "editionpdf", "offline",
    "images", "tiles", "iiif", "markup", "social", "views", "feeds", "indexes", "incremental", "manifest", "render", "output",
    "generations", "report", "quick", "builtfor", "pagefindio", "search", "pipeline", "sitecheck", "dryrun", "preflight",
    "scaffold", "newpaper", "pdfimport", "importer", "deploy", "hostguard", "previewpages", "regioneditor", "serve",
    "cli", "__main__",
]


def _imports(module: str) -> set[str]:
    """The modules of epaper that `module` imports; a package (epaper/messages/) counts as one module."""
    package = REPO / "epaper" / module
    files = sorted(package.glob("*.py")) if package.is_dir() else [REPO / "epaper" / f"{module}.py"]
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module and not package.is_dir():
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and node.level == 2:      # from a package up to epaper
                found.add((node.module or "").split(".")[0])
    return found - {""}


def test_every_module_has_a_place_in_the_pipeline():
    modules = {p.stem for p in (REPO / "epaper").glob("*.py")} - {"__init__"}
    modules |= {p.parent.name for p in (REPO / "epaper").glob("*/__init__.py")}
    assert modules == set(ORDER)


def test_modules_import_only_earlier_stages():
    wrong = [f"{m} imports {i}" for n, m in enumerate(ORDER) for i in _imports(m) if i not in ORDER[:n]]
    assert wrong == []
