"""epaper: a static site generator for digital newspaper editions (数字报).

Pipeline, one module per stage, data flowing down:
config -> source (content/) -> model -> images -> views -> render -> output (public/),
driven by pipeline.py and the command line in cli.py.
"""
# The one place the version is written: pyproject.toml reads it (setuptools' dynamic version), and
# `epaper --version` prints it.
__version__ = "0.1.0"
