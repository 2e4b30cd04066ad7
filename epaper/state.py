"""What the last build made, and from what: kept in `.cache/state.pickle` between runs.

A cache that cannot be read, or was written by another version of this program, is ignored (and the
build is a full one): it is never trusted half-way.
"""
from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BuildState", "load_state", "save_state", "STATE_VERSION"]

STATE_VERSION = 4      # 4: source records keep their YAML text (for line numbers)
_MAGIC = f"epaper-state:{STATE_VERSION}:{sys.version_info[0]}.{sys.version_info[1]}"


@dataclass
class BuildState:
    outputs: dict[str, str] = field(default_factory=dict)     # public path -> digest of what made it
    editions: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # date -> (fingerprint, outputs)
    sources: dict = field(default_factory=dict)               # content path -> (mtime_ns, size, record)
    images: dict = field(default_factory=dict)                # see images.process_images
    fresh: bool = True                                        # nothing usable was loaded


def load_state(path: Path) -> BuildState:
    try:
        with open(path, "rb") as f:
            magic, state = pickle.load(f)
    except FileNotFoundError:
        return BuildState()
    except Exception:        # truncated, foreign or from an older version: start over, never trust it
        return BuildState()
    if magic != _MAGIC or not isinstance(state, BuildState):
        return BuildState()
    state.fresh = False
    return state


def save_state(state: BuildState, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump((_MAGIC, state), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
