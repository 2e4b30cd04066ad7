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


# --- Only the engine writes the output folder; only `content` finds its way into content/ ----------------

# Who writes files outside epaper/engine/, and where: "module": ("its functions that write", why).
# A write anywhere else (a page or a search file put into public/ by render, say) fails the test below.
MAY_WRITE = {
    "core/atomic.py": ("replaced write_atomic", "the write-to-a-new-file helpers; their callers are listed here"),
    "core/trust.py": ("_key_at seal sealed_or_removed trusted_cache _make_private", "the cache's key and seals"),
    "content/pagepdf.py": ("_write_json", "the regions read from print PDFs, cached in .cache/regions/"),
    "media/editionpdf.py": ("merge_edition_pdfs _merge _prune", "merged edition PDFs, cached in .cache/pdf/"),
    "media/images.py": ("_save verify_published", "a copy encoded (into memory, written to .cache/images/ by "
                        "imagecache.py); a damaged copy deleted, to be made again"),
    "media/imagecache.py": ("write_cache_file prune_cache", "converted images and their notes, in .cache/images/"),
    "media/offline.py": ("make_offline_zip make_offline_zip.write", "offline zips, cached in .cache/"),
    "media/tiles.py": ("_cut", "zoom tiles, cut into .cache/tiles/"),
    "render/render.py": ("_save_refs _SignedBytecodeCache.dump_bytecode _mkdir", "compiled templates, .cache/jinja/"),
    "commands/importer.py": ("import_edition _write_page _copy_page_pdf _write_article _write_edition_yaml "
                             "_move_into", "`import` writes a new edition into content/, as an editor would"),
    "commands/newpaper.py": ("init_paper _write _draw_photo", "`new` makes a new paper's folder"),
    "commands/scaffold.py": ("new_edition new_article", "`new-edition`/`new-article` add files to content/"),
    "commands/regioneditor.py": ("SaveArea.post", "the region editor saves an article's area into content/"),
    "commands/serve.py": ("Preview.close", "the preview deletes its own scratch folder when it stops"),
}
# Outside content/, who names content/ itself ("module": (functions, why)); the others read only the
# files that content's records and the model name (a photo, a page's PDF), never walking content/.
MAY_NAME_CONTENT = {
    "config/config.py": ("Config.content_dir", "where content/ is, defined once"),
    "model/model.py": ("build_edition", "resolves the files an article names, through content.resolve_in_content"),
    "engine/incremental.py": ("edition_memo.edition_of settled_editions", "stats edition folders: is a memo valid"),
    "engine/quick.py": ("input_signature", "stats content/ for the no-change answer, reading no file"),
    "commands/cli.py": ("_is_paper", "asks whether a folder is a paper at all (content/ there), before any config"),
    "commands/importer.py": ("import_edition", "`import` writes a new edition into content/"),
    "commands/newpaper.py": ("init_paper", "`new` makes a new paper's folder"),
    "commands/scaffold.py": ("new_edition new_article", "`new-edition`/`new-article` add files to content/"),
    "commands/regioneditor.py": ("SaveArea._article_file", "the region editor edits an article in content/"),
}
_WRITES = {"write_atomic", "replaced", "write_bytes", "write_text", "mkdir", "makedirs", "unlink", "rmdir", "touch",
           "symlink_to", "hardlink_to", "save", "copyfile", "copy2", "copytree", "rmtree"}
_OS_WRITES = {"copy", "link", "symlink", "replace", "rename", "remove", "move"}    # os./shutil. only: not str.replace


def _calls_in_functions(path: Path):
    """(qualified name of the enclosing function, node) of every node of the module."""
    def visit(node, where):
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = f"{where}.{child.name}" if where else child.name
            yield inner or "<module>", child
            yield from visit(child, inner)
    yield from visit(ast.parse(path.read_text(encoding="utf-8")), "")


def _written_by(call: ast.Call) -> str | None:
    """What a call writes with, if it writes a file: open(..., "w"), os.replace, Path.write_text, Image.save..."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
    if name == "open" and owner == "os":
        return "os.open" if any(f in ast.dump(call) for f in ("O_WRONLY", "O_RDWR", "O_CREAT")) else None
    if name in ("open", "ZipFile"):
        at = 0 if name == "open" and isinstance(func, ast.Attribute) else 1        # Path.open(mode), open(f, mode)
        modes = [k.value for k in call.keywords if k.arg == "mode"] + call.args[at:at + 1]
        mode = modes[0].value if modes and isinstance(modes[0], ast.Constant) else "r"
        return f"{name}({mode!r})" if set(str(mode)) & set("wax+") else None
    if name in _OS_WRITES:
        return f"{owner}.{name}" if owner in ("os", "shutil") else None
    return name if name in _WRITES else None


def _found(stage_allowed: str, check) -> dict[tuple[str, str], list[str]]:
    """{(module, function): [where: what]} of the nodes `check` flags, in the modules outside `stage_allowed`."""
    found: dict[tuple[str, str], list[str]] = {}
    for stage, path in _modules():
        if stage == stage_allowed:
            continue
        module = path.relative_to(PACKAGE).as_posix()
        for function, node in _calls_in_functions(path):
            what = check(node)
            if what:
                found.setdefault((module, function), []).append(f"epaper/{module}:{node.lineno} {function} {what}")
    return found


def _unlisted(found, listed: dict[str, tuple[str, str]]) -> list[str]:
    return [line for (module, function), lines in found.items()
            if function not in listed.get(module, ("", ""))[0].split() for line in lines]


def _stale(found, listed: dict[str, tuple[str, str]]) -> list[str]:
    return [f"{module}: {function}" for module, (functions, _) in listed.items() for function in functions.split()
            if (module, function) not in found]


def test_only_the_engine_writes_the_output_folder():
    """public/ (and the staging folder, a generation) is written by epaper/engine/ alone: a stage before it
    hands its files to the engine (search: search.SiteFiles).  Other writes go to the cache or, for the
    authoring commands, into content/, each listed in MAY_WRITE with its reason."""
    found = _found("engine", lambda node: isinstance(node, ast.Call) and _written_by(node))
    unlisted, stale = _unlisted(found, MAY_WRITE), _stale(found, MAY_WRITE)
    assert not unlisted, ("Only epaper/engine/ writes the output folder; hand the files to the engine, or list a "
                          "cache write in MAY_WRITE with its reason:\n" + "\n".join(unlisted))
    assert not stale, "Listed in MAY_WRITE, but writes nothing any more: " + ", ".join(stale)


def _names_content(node) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr == "content_dir":
        return "config.content_dir"
    if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.right, ast.Constant)
            and node.right.value == "content"):
        return '/ "content"'
    return None


def test_only_content_finds_its_way_into_the_content_folder():
    found = _found("content", _names_content)
    unlisted, stale = _unlisted(found, MAY_NAME_CONTENT), _stale(found, MAY_NAME_CONTENT)
    assert not unlisted, ("Only epaper/content/ looks into content/; ask it (its records, edition_folders) "
                          "instead:\n" + "\n".join(unlisted))
    assert not stale, "Listed in MAY_NAME_CONTENT, but no longer names content/: " + ", ".join(stale)
