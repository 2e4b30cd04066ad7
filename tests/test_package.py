"""epaper as a newspaper installs it: the wheel, installed (not editable) into a fresh venv outside the
repository, then `epaper init`, `build`, `check`, a layout overridden by one file, and a site.yaml mistake
told in the paper's language."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO
from epaper import __version__

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "epaper", "layouts", "assets", "schemas")


def _run(args, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `epaper` command of a fresh venv with the wheel (and its `check` extra) installed."""
    top = tmp_path_factory.mktemp("package")
    source = top / "source"             # a copy of what the wheel is made from: no build/ of an earlier run
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPO / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", top / "dist", source], top)
    [wheel] = (top / "dist").glob("epaper-*.whl")
    _run([sys.executable, "-m", "venv", top / "venv"], top)
    _run([top / "venv/bin/python", "-m", "pip", "install", "--quiet", f"{wheel}[check]"], top)
    return top / "venv/bin/epaper"


def _env(**extra) -> dict:
    """The environment of a newsroom's shell: no EPAPER_LANG of the test run, no path into the repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("EPAPER_LANG", "PYTHONPATH")}
    return {**env, **extra}


def test_the_wheel_prints_its_version(installed, tmp_path):
    assert _run([installed, "--version"], tmp_path, _env()).stdout == f"epaper {__version__}\n"


def test_a_new_paper_builds_and_checks_from_the_installed_wheel(installed, tmp_path):
    _run([installed, "init", "daily", "--name", "北疆日报"], tmp_path, _env())
    paper = tmp_path / "daily"
    built = _run([installed, "build", "--base-url", "https://paper.example.com/"], paper, _env())
    assert re.match(r"已构建 1 期、2 个版面、3 篇文章、1 张图片", built.stdout), built.stdout
    assert "北疆日报" in next(paper.glob("public/*/01/welcome.html")).read_text(encoding="utf-8")
    checked = _run([installed, "check", "--base-url", "https://paper.example.com/"], paper, _env())
    assert checked.stdout == "没有错误（0 个警告）。\n", checked.stderr


def test_the_installed_preview_serves_a_new_paper(installed, tmp_path):
    _run([installed, "init", "daily", "--language", "en", "--name", "Northern Daily"], tmp_path, _env())
    server = subprocess.Popen([str(installed), "serve", "--port", "0"], cwd=tmp_path / "daily", env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        for line in server.stdout:          # "Serving ... at http://127.0.0.1:PORT/ (built into ...)"
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if found:
                url = found.group(1)
                break
        assert url, "the preview never said where it serves"
        with urllib.request.urlopen(url, timeout=30) as response:
            page = response.read().decode("utf-8")
        assert response.status == 200 and "Northern Daily" in page and "Our digital edition starts today" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_one_file_in_the_papers_layouts_overrides_the_theme(installed, tmp_path):
    _run([installed, "init", "daily", "--language", "en"], tmp_path, _env())
    paper = tmp_path / "daily"
    _run([installed, "build"], paper, _env())
    assert "Overridden page" not in (paper / "public/404.html").read_text(encoding="utf-8")
    (paper / "layouts/404.html").write_text('{% extends "base.html" %}\n{% block main %}<h1>Overridden page</h1>'
                                            '{% endblock %}\n', encoding="utf-8")
    built = _run([installed, "build", "-v"], paper, _env())
    assert "Overrides of the theme (epaper): layouts/404.html" in built.stdout
    assert "<h1>Overridden page</h1>" in (paper / "public/404.html").read_text(encoding="utf-8")
    assert "Overridden" not in (paper / "public/archive/index.html").read_text(encoding="utf-8")


def test_a_site_yaml_mistake_is_told_in_the_papers_language(installed, tmp_path):
    _run([installed, "init", "daily", "--language", "zh-CN"], tmp_path, _env())
    paper = tmp_path / "daily"
    with (paper / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("index_page_size: 0\n")
    failed = _run([installed, "build"], paper, _env(), check=False)
    assert failed.returncode == 1
    assert "site.yaml:10: 错误: 选项 'index_page_size'：应为不小于 1 的整数，而这里是 0" in failed.stderr
    assert failed.stderr.rstrip().endswith("构建失败：1 个错误；public/ 保持原样，未被改动。")
    english = _run([installed, "build", "--lang", "en"], paper, _env(), check=False)
    assert "site.yaml:10: error: option 'index_page_size': expected a whole number of at least 1, got 0" in english.stderr
    assert english.stderr.rstrip().endswith("Build failed: 1 error(s); public/ was left as it was.")


def test_every_pinned_requirement_lies_in_the_packages_range():
    """make and CI install requirements.txt's exact pins; pip users get pyproject.toml's ranges."""
    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    declared += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    pins = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            pinned = Requirement(line)
            pins[pinned.name.lower()] = next(iter(pinned.specifier)).version
    for requirement in declared:
        assert requirement.name.lower() in pins, requirement
        assert requirement.specifier.contains(pins[requirement.name.lower()]), (requirement, pins[requirement.name.lower()])
    runtime = {r.name.lower() for r in declared[:len(project["dependencies"])]}
    for module in ("yaml", "jinja2", "markdown", "PIL", "nh3", "isal", "pypdf", "pypdfium2", "tornado", "watchdog"):
        name = {"yaml": "pyyaml", "PIL": "pillow"}.get(module, module)
        assert name in runtime, module
