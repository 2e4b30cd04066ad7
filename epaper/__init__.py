"""epaper: a static site generator for digital newspaper editions (数字报).

The package is laid out as the pipeline, one subpackage per stage, data flowing down:
core -> config -> content -> model -> media -> render -> engine -> commands.
`engine.pipeline` drives one build; `commands.cli` is the command line (docs/performance.md has the map).
"""
# The one place the version is written: pyproject.toml reads it (setuptools' dynamic version), and
# `epaper --version` prints it.
__version__ = "0.1.0"
