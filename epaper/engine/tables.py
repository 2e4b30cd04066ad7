"""The build database's large tables (every output file's digest, every group's record), kept in shards
that are read when a key in them is asked for.

An evening's build at ten years asks for the keys of one edition, its month's search part and the ~70
indexes its articles are in, among 650,000 files and 140,000 groups: each table is saved as shards
marshalled apart, in the one state file, and a shard is unmarshalled only when a key in it is read or
changed.  A shard nobody changed is written back as the very bytes it was read from.  A copy shares the
shards read until one of them changes (copy on write), as a build's new record starts as the last one's.
"""
from __future__ import annotations

import marshal
import re
import zlib
from collections.abc import MutableMapping
from typing import Callable, Iterable, Iterator

__all__ = ["Table", "shard_of_file", "shard_of_group", "shards_of_folders"]

_BUCKETS = 256          # an index kind's names, spread by hash (ten years: 137,000 authors)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEARCH = "pagefind"    # render.search.BUNDLE: each part's own files are read for every part


def shard_of_file(rel: str) -> str:
    """An output file's shard: an edition's pages by its month, and the files in every edition's own
    folder (its ZIP, looked for by every build) together; an index's (authors/<name>/...) by a hash of
    its name; a search part's folders by a hash of the part, and every part's own files together; else
    the top folder's."""
    parts = rel.split("/", 2)
    first = parts[0]
    if len(parts) == 1:
        return ""
    if _DATE.fullmatch(first):
        return first[:7] if len(parts) == 3 else "editions"
    if len(parts) == 2 or first == _SEARCH and "/" not in parts[2]:
        return first
    return f"{first}/{_bucket(parts[1])}"


def shards_of_folders(folders: Iterable[str]) -> set[str]:
    """The shards of the files directly in these folders ("" is the top)."""
    return {shard_of_file(f"{inside}/-" if inside else "-") for inside in folders}


def shard_of_group(group: str) -> str:
    """A group's shard: the editions' by year, the indexes' by a hash of their name, others by kind."""
    kind, _, name = group.partition(":")
    if kind == "edition":
        return f"edition/{name[:4]}"
    return f"{kind}/{_bucket(name)}" if name and kind != "overview" else kind


def _bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % _BUCKETS


class Table(MutableMapping):
    """A dict of strings to plain values, in shards (`shard_of`) read when asked for (`saved`: each shard's
    number of keys and marshalled bytes, as `pack` wrote them)."""

    def __init__(self, shard_of: Callable[[str], str], saved: dict[str, tuple[int, bytes]] | None = None):
        self._shard_of = shard_of
        self._saved: dict[str, tuple[int, bytes]] = dict(saved or {})   # shards not changed since they were read
        self._read: dict[str, dict] = {}                      # shards unmarshalled
        self._shared: set[str] = set()                        # ... that a copy shares: copied before a change

    def _shard(self, name: str, change: bool = False) -> dict:
        shard = self._read.get(name)
        if shard is None:
            saved = self._saved.get(name)
            shard = self._read[name] = {} if saved is None else _loaded(saved[1])
        if change:
            if name in self._shared:
                shard = self._read[name] = dict(shard)
                self._shared.discard(name)
            self._saved.pop(name, None)
        return shard

    def _names(self) -> list[str]:
        """Every shard, in an order that does not depend on the run (a set's would, on the hash seed)."""
        return sorted(self._saved.keys() | self._read.keys())

    def _all(self) -> Iterator[dict]:
        for name in self._names():
            yield self._shard(name)

    def __getitem__(self, key: str):
        return self._shard(self._shard_of(key))[key]

    def get(self, key: str, default=None):
        return self._shard(self._shard_of(key)).get(key, default)

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and key in self._shard(self._shard_of(key))

    def __setitem__(self, key: str, value) -> None:
        self._shard(self._shard_of(key), change=True)[key] = value

    def __delitem__(self, key: str) -> None:
        shard = self._shard_of(key)
        if key not in self._shard(shard):
            raise KeyError(key)
        del self._shard(shard, change=True)[key]

    def pop(self, key: str, *default):
        shard = self._shard_of(key)
        if key not in self._shard(shard):
            if default:
                return default[0]
            raise KeyError(key)
        return self._shard(shard, change=True).pop(key)

    def __iter__(self) -> Iterator[str]:
        for shard in list(self._all()):
            yield from shard

    def __len__(self) -> int:
        return sum(count for name, (count, _) in self._saved.items() if name not in self._read) + sum(
            map(len, self._read.values()))

    def __eq__(self, other) -> bool:
        """Shards both hold as the same bytes read are equal unread (a build that changed nothing)."""
        if not isinstance(other, Table):
            return dict(self.items()) == other if isinstance(other, dict) else NotImplemented
        same = {name for name, saved in self._saved.items() if other._saved.get(name) is saved}
        names = (self._saved.keys() | self._read.keys() | other._saved.keys() | other._read.keys()) - same
        return all(self._shard(name) == other._shard(name) for name in names)

    def not_in(self, other: Table) -> list[str]:
        """The keys of this table that `other` lacks; the shards both hold unchanged are not read."""
        lacking = []
        for name in self._names():
            mine = self._read.get(name)
            if (self._saved.get(name) is not None and other._saved.get(name) is self._saved.get(name)
                    or mine is not None and other._read.get(name) is mine):
                continue
            theirs = other._shard(name)
            lacking += [key for key in self._shard(name) if key not in theirs]
        return lacking

    def in_shards(self, shards: Iterable[str]) -> Iterator[str]:
        """The keys of these shards only."""
        for name in shards:
            yield from self._shard(name)

    def copy(self) -> Table:
        copy = Table(self._shard_of, saved=self._saved)
        copy._read = dict(self._read)
        copy._shared = set(self._read)
        self._shared.update(self._read)
        return copy

    def pack(self) -> dict[str, tuple[int, bytes]]:
        """{shard: its number of keys, and its marshalled bytes}: those read from a state and not changed,
        as they were."""
        packed = dict(self._saved)
        for name, shard in self._read.items():
            if name not in packed and shard:
                packed[name] = len(shard), marshal.dumps(shard)
        return packed


def _loaded(blob: bytes) -> dict:
    shard = marshal.loads(blob)
    if type(shard) is not dict:
        raise ValueError("not a shard")
    return shard
