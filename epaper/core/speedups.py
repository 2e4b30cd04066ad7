"""Speed tricks that reach into a library's private names, all here, each fenced by the library version it was
written for.  On any other installed version the library's public path is taken: slower, the same output.

- Jinja: a compiled layout calls markupsafe's `escape` on each `{{ }}`, which wraps every result in a Markup
  object through a Python-level constructor, where the text is only joined into the page.  The layout's
  namespace gets a function returning a plain string instead (markupsafe's private `_escape_inner`, put there
  through Jinja's private `Template._from_namespace`).
- Jinja gives each layout a ChainMap over the environment's globals, which every render (copying it into the
  context) and every {% import %} (comparing its keys) walks in Python; a plain dict does the same when all
  globals are set before a layout is compiled (render.load_renderer does so).
- zipfile deflates through the module it imported as `zlib`; python-isal's isal_zlib has the same interface
  and deflates an edition's HTML several times faster for a few per cent more bytes.

tests/core/test_speedups.py fails when requirements.txt pins a version other than WRITTEN_FOR: check the private
names still mean the same in the new version, then move WRITTEN_FOR along.
"""
from __future__ import annotations

import contextlib
import functools
import zipfile
from importlib.metadata import PackageNotFoundError, version
from typing import Iterator

import jinja2
from markupsafe import Markup, escape

__all__ = ["WRITTEN_FOR", "fits", "jinja_speedups", "JinjaSpeedups", "deflating"]

WRITTEN_FOR = {"jinja2": "3.1.6", "markupsafe": "3.0.4", "isal": "1.9.1"}


try:
    from markupsafe import _escape_inner
except ImportError:         # gone in another version: jinja_speedups() is False there anyway
    _escape_inner = None


def fits(name: str) -> bool:
    """Whether the installed `name` is the version the tricks for it were written for."""
    return _installed(name) == WRITTEN_FOR[name]


@functools.cache
def _installed(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def jinja_speedups() -> bool:
    return fits("jinja2") and fits("markupsafe") and _escape_inner is not None


def _escape_output(value) -> str:
    """What `{{ value }}` writes: the text markupsafe's escape gives, as a plain string where it can."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value
    return escape(value)


class _Template(jinja2.Template):
    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        # `escape` is the name the compiled layout calls on each `{{ }}` it writes.
        namespace["escape"] = _escape_output
        return super()._from_namespace(environment, namespace, globals)


class JinjaSpeedups(jinja2.Environment):
    """Put before a jinja2.Environment class, only when jinja_speedups() says the installed versions fit."""
    template_class = _Template

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


@contextlib.contextmanager
def deflating() -> Iterator[None]:
    """Within: zipfile deflates with ISA-L when the installed isal fits, else with zlib as always."""
    if not fits("isal"):
        yield
        return
    from isal import isal_zlib
    plain, zipfile.zlib = zipfile.zlib, isal_zlib
    try:
        yield
    finally:
        zipfile.zlib = plain
