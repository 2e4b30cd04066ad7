"""YAML from text: the fast C loader for reading, the composer only when a line number is wanted."""
from __future__ import annotations

import yaml

__all__ = ["YamlError", "parse_yaml", "key_line"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(ValueError):
    """Malformed YAML, with the 1-based line (within the parsed text) where the parser gave up."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def parse_yaml(text: str):
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"malformed YAML: {problem}", mark.line + 1 if mark else None) from None


def key_line(text: str, *keys) -> int | None:
    """1-based line of `keys` (a path of mapping keys / list indexes) in YAML `text`, if found.

    Only called when a problem is reported, so the slower node composer costs nothing on good input.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    line = None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if str(k.value) == str(key):
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line
