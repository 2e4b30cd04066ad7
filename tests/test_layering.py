"""The package is laid out as the pipeline, and data flows one way through it.

The stages, in order (written from the intended design, not from the imports as they stand):
core -> config -> content -> model -> media -> render -> engine -> commands.
A stage imports only the stages before it, and only their public names (the `__all__` of their
`__init__`); the stages before `engine` are pure: they never see the build database, `.cache/` or
`public/`.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

from conftest import REPO

STAGES = ["core", "config", "content", "model", "media", "render", "engine", "commands"]
PACKAGE = REPO / "epaper"
TOP = {"__init__", "__main__", "_surface"}        # the package's door, `python -m epaper`, the lazy loader


def _modules() -> list[tuple[str, Path]]:
    """(stage, file) of every module inside a stage's folder (the message catalog counts as core)."""
    return [(path.relative_to(PACKAGE).parts[0], path) for path in sorted(PACKAGE.glob("*/**/*.py"))]


def _imports(path: Path) -> list[ast.ImportFrom]:
    return [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.level >= 1]


def _target(path: Path, node: ast.ImportFrom) -> tuple[str | None, str]:
    """(stage imported from, module path inside it) of a relative import; stage None: the package's top."""
    depth = len(path.relative_to(PACKAGE).parts) - 1        # folders between the package and the file
    parts = list(path.relative_to(PACKAGE).parts[:depth - node.level + 1]) + (node.module or "").split(".")
    parts = [p for p in parts if p]
    return (parts[0] if parts and parts[0] in STAGES else None), ".".join(parts[1:])


def test_every_module_lives_in_a_stage():
    flat = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in TOP)
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert flat == []
    assert folders == sorted(STAGES)


def test_a_stage_imports_only_the_stages_before_it():
    wrong = []
    for stage, path in _modules():
        for node in _imports(path):
            target, _ = _target(path, node)
            if target is not None and STAGES.index(target) > STAGES.index(stage):
                wrong.append(f"{path.relative_to(REPO)}:{node.lineno} imports {target}")
    assert wrong == []


def test_a_stage_uses_only_the_public_names_of_the_stages_before_it():
    wrong = []
    for stage, path in _modules():
        for node in _imports(path):
            target, inside = _target(path, node)
            if target is None or target == stage:
                continue
            public = importlib.import_module(f"epaper.{target}").__all__
            hidden = [a.name for a in node.names if inside or a.name not in public]
            if hidden:
                wrong.append(f"{path.relative_to(REPO)}:{node.lineno} takes {hidden} from {target}"
                             f"{'.' + inside if inside else ''}")
    assert wrong == []


def test_every_public_name_is_there():
    """A stage's `__all__` is what it offers: each name must load (a renamed function fails here)."""
    for stage in STAGES:
        package = importlib.import_module(f"epaper.{stage}")
        for name in package.__all__:
            assert getattr(package, name) is not None, f"epaper.{stage}.{name}"


def test_no_module_is_imported_in_a_circle_within_its_stage():
    graph: dict[str, set[str]] = {}
    for stage, path in _modules():
        name = path.relative_to(PACKAGE).with_suffix("").as_posix()
        graph[name] = {f"{stage}/{inside.split('.')[0]}" for node in _imports(path) if node.col_offset == 0
                       for target, inside in [_target(path, node)] if target == stage and inside}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> list[str]:
        if name in trail:
            return trail[trail.index(name):] + [name]
        if name in done:
            return []
        for following in sorted(graph.get(name, ())):
            circle = visit(following, trail + [name])
            if circle:
                return circle
        done.add(name)
        return []

    assert [c for name in sorted(graph) if (c := visit(name, []))] == []
