"""A layer's public names, imported from its modules on first use (PEP 562's module `__getattr__`).

Each subpackage's `__init__` lists what the later stages may use of it.  Loading them lazily keeps a
command from importing every neighbour of what it needs: the preview's web server, the PDF readers and
the S3 client load only when used, and a no-change build starts in a fraction of a second.
"""
from __future__ import annotations

import sys
from importlib import import_module
from typing import Callable

__all__ = ["public"]


def public(package: str, names: dict[str, list[str]]) -> tuple[list[str], Callable[[str], object]]:
    """(`__all__`, `__getattr__`) for `package`, whose modules export `names` ({module: [name, ...]})."""
    where = {name: module for module, exported in names.items() for name in exported}

    def __getattr__(name: str) -> object:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{where[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return sorted(where), __getattr__
