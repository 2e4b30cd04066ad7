"""Pagefind from the inside, fenced here: its service protocol, and its bundle made reproducible.

Written against Pagefind 1.5.2 (`pagefind-bin-extended`, checked by `check_version`).  Two things the
package does not do for us:

- The Python package's client polls the service's answers every 0.1 s, one answer a poll, so a big
  archive waits far longer than it indexes.  `index_bundles` speaks the same protocol
  (base64 JSON messages ended by ",") and reads the answers as they come.
- Pagefind keeps each filter's values, and the list of filters in the metadata file, in a hash map
  with a random seed (its own TODO in src/index/mod.rs): the same records give other filter files
  under other names on every run.  `make_reproducible` sorts them and names the files after their
  content, so the same records always give the same bytes.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

__all__ = ["VERSION", "Bundle", "PagefindError", "Unreadable", "check_version", "executable", "index_bundles",
           "make_reproducible"]

VERSION = "1.5.2"
ENTRY = "pagefind-entry.json"
AHEAD = 2                   # bundles sent to one Pagefind service and not yet answered
_SIGNATURE = b"pagefind_dcd"
# Files of Pagefind's bundle the search page never loads (other UIs, the highlighter).
UNUSED = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
          "pagefind-modular-ui.js", "pagefind-highlight.js")


class PagefindError(Exception):
    """Pagefind failed or is missing; the message says what it said."""


@dataclass(frozen=True)
class Bundle:
    """One index to make.  `read` gives its records, (url, html) in the order they are to be numbered,
    when the bundle is about to be sent: an archive's records are never all in memory at once."""
    name: str
    read: Callable[[], list[tuple[str, str]]]
    language: str


class Unreadable(Exception):
    """A bundle's records could not be read (`error`, raised by its `read`)."""

    def __init__(self, error: BaseException):
        super().__init__(str(error))
        self.error = error


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise PagefindError(f"Pagefind's extended binary is not installed ({exc})") from exc


def check_version() -> None:
    from importlib.metadata import PackageNotFoundError, version
    try:
        found = version("pagefind-bin-extended")
    except PackageNotFoundError as exc:
        raise PagefindError("Pagefind's extended binary is not installed") from exc
    if found != VERSION:
        raise PagefindError(f"pagefind-bin-extended {found} is installed; this generator reads the bundles "
                            f"of version {VERSION}")


def index_bundles(bundles: list[Bundle], made: Callable[[Bundle, dict[str, bytes]], None]) -> list[int]:
    """Index each bundle's records and hand its files, reproducible, to `made` ({path in the bundle: bytes})
    as each is done; one Pagefind service for all.  Returns the number of pages of each bundle.  Raises
    Unreadable when a bundle's `read` failed."""
    if not bundles:
        return []
    proc = subprocess.Popen([str(executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    # The service reads its input on a thread of its own and answers in order, so bundles are sent while
    # the ones before are indexed (from a thread: the answers must be read meanwhile, or both pipes fill
    # up), but no more than AHEAD of them: the service keeps what it was sent until it gets to it.  Its
    # files come back in the answer (GetFiles), not written by the service: its own WriteFiles answers
    # before its writes are done, and a file can be found empty.
    failed: list[BaseException] = []
    window = threading.Semaphore(AHEAD)
    sender = threading.Thread(target=_send_all, args=(proc, bundles, window, failed), daemon=True)
    sender.start()
    pages = []
    try:
        try:
            reader = _Answers(proc)
            for bundle in bundles:
                files = make_reproducible(_bundle_files(reader))
                window.release()
                made(bundle, files)
                pages.append(_page_count(files))
        finally:
            proc.kill()             # first: a sender blocked on the pipe is let go
            window.release(len(bundles))        # and one waiting for its turn stops at the closed pipe
            try:
                proc.stdin.close()
            except OSError:
                pass
            sender.join(timeout=60)
            proc.wait()
    except PagefindError:
        if failed and isinstance(failed[0], Unreadable):
            raise failed[0] from None
        raise
    if failed:
        raise PagefindError(f"cannot talk to Pagefind: {failed[0]}")
    return pages


def _bundle_files(reader: _Answers) -> dict[str, bytes]:
    """The answers to one bundle's messages (see _send_all), and the files of its index."""
    files = None
    while files is None:
        answer = reader.next()
        if answer.get("type") == "Error":
            raise PagefindError(answer.get("message") or "Pagefind reported an error")
        if answer.get("type") == "GetFiles":
            files = {f["path"]: base64.b64decode(f["content"]) for f in answer["files"]}
    reader.next()                           # DeleteIndex's
    return files


def _page_count(files: dict[str, bytes]) -> int:
    entry = json.loads(files[ENTRY])
    return sum(lang.get("page_count", 0) for lang in entry["languages"].values())


def _send_all(proc: subprocess.Popen, bundles: list[Bundle], window: threading.Semaphore, failed: list) -> None:
    message = 0

    def send(payload: dict) -> None:
        nonlocal message
        message += 1
        proc.stdin.write(base64.b64encode(json.dumps({"message_id": message, "payload": payload}).encode()) + b",")
    try:
        for n, bundle in enumerate(bundles):
            window.acquire()
            try:
                records = bundle.read()
            except Exception as exc:
                raise Unreadable(exc) from exc
            send({"type": "NewIndex", "config": {"force_language": bundle.language}})
            for url, html in records:
                send({"type": "AddFile", "index_id": n, "url": url, "file_contents": html})
            del records
            send({"type": "GetFiles", "index_id": n})
            send({"type": "DeleteIndex", "index_id": n})        # its memory is not needed any more
            proc.stdin.flush()
    except (OSError, ValueError, Unreadable) as exc:        # ValueError: the pipe closed by index_bundles
        failed.append(exc)
        proc.kill()         # the answers stop: index_bundles does not wait for what will not come


class _Answers:
    def __init__(self, proc: subprocess.Popen):
        self.proc, self.buffer = proc, b""

    def next(self) -> dict:
        while b"," not in self.buffer:
            chunk = self.proc.stdout.read1(1 << 16)
            if not chunk:
                raise PagefindError("Pagefind stopped before it had written the index")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b",", 1)
        return json.loads(base64.b64decode(message)).get("payload") or {}


# --- the bundle made reproducible ------------------------------------------------------------------

def make_reproducible(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle's files {path: bytes} with the filter files' values and the metadata's filter list
    sorted, both named after their content, and without the files the search page never loads."""
    files = {path: data for path, data in files.items() if path not in UNUSED}
    entry = json.loads(files[ENTRY])
    for language, info in sorted(entry["languages"].items()):
        meta = _read(files.pop(f"pagefind.{info['hash']}.pf_meta"))
        filters = []
        for name, old in meta[3]:
            filter_name, values = _read(files.pop(f"filter/{old}.pf_filter"))
            new = _named(language, _encode([filter_name, sorted(values, key=lambda v: v[0])]), 7)
            files[f"filter/{new[0]}.pf_filter"] = new[1]
            filters.append([name, new[0]])
        meta[3] = sorted(filters)
        info["hash"], data = _named(language, _encode(meta), 13)
        files[f"pagefind.{info['hash']}.pf_meta"] = data
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files


def _read(data: bytes):
    data = gzip.decompress(data)
    if not data.startswith(_SIGNATURE):
        raise PagefindError(f"not a file of Pagefind {VERSION}'s bundle")
    value, _ = _decode(data, len(_SIGNATURE))
    return value


def _named(language: str, cbor: bytes, digits: int) -> tuple[str, bytes]:
    """(the file's name after its content, as Pagefind names its own; its gzipped bytes)"""
    return f"{language}_{hashlib.sha256(cbor).hexdigest()[:digits]}", gzip.compress(_SIGNATURE + cbor, mtime=0)


# Pagefind's metadata and filter files hold definite-length arrays, text and unsigned integers only.
def _decode(data: bytes, at: int):
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise PagefindError(f"unexpected CBOR item {data[at - 1]:#x}")
    if major == 0:
        return n, at
    if major == 3:
        return data[at:at + n].decode("utf-8"), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise PagefindError(f"unexpected CBOR major type {major}")


def _encode(value) -> bytes:
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(_encode(v) for v in value)


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)
