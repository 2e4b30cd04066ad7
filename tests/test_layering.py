"""The package is a pipeline: a module imports only modules of earlier stages (Zola's one-way rule)."""
from __future__ import annotations

import ast

from conftest import REPO

# Stages in order; a module may import only modules listed before it.
ORDER = [
    "errors", "strings", "yamltext", "config", "state", "workers", "source", "model",
    "catalog", "editionpdf", "offline", "images", "markup", "social", "views", "feeds", "indexes", "manifest",
    "render", "output", "generations", "report", "quick", "pipeline",
    "search", "sitecheck", "preflight", "scaffold", "deploy", "serve", "cli", "__main__",
]


def _imports(module: str) -> set[str]:
    tree = ast.parse((REPO / "epaper" / f"{module}.py").read_text(encoding="utf-8"))
    return {node.module.split(".")[0] for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}


def test_every_module_has_a_place_in_the_pipeline():
    modules = {p.stem for p in (REPO / "epaper").glob("*.py")} - {"__init__"}
    assert modules == set(ORDER)


def test_modules_import_only_earlier_stages():
    wrong = [f"{m} imports {i}" for n, m in enumerate(ORDER) for i in _imports(m) if i not in ORDER[:n]]
    assert wrong == []
