"""A running `build.py serve` for tests: started as an editor starts it, asked over HTTP, its output read."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO

WAIT = 20.0     # seconds; generous for a loaded CI machine, and only ever spent when a test fails


class Served:
    """A running `build.py serve`: its address, its output folder and everything it printed."""

    def __init__(self, root: Path, *args: str, env: dict | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", "0", *args],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
            env={**os.environ, **(env or {})})
        self.lines: list[str] = []
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()
        line = self.wait_for_line(r"^(Serving .* at http://\S+ \(built into \S+;|正在预览 .*：http://[^\s（]+（构建到 [^；]+；)")
        url, out = re.search(r"(http://[^\s（]+)\s?[（(](?:built into |构建到 )([^;；]+)[;；]", line).groups()
        self.url, self.out = url, Path(out)

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, count: int = 1) -> str:
        wait_until(lambda: len(self.matching(pattern)) >= count,
                           lambda: f"no {count} line(s) matching {pattern!r}; printed:\n" + "\n".join(self.lines))
        return self.matching(pattern)[count - 1]

    def matching(self, pattern: str) -> list[str]:
        return [line for line in list(self.lines) if re.search(pattern, line)]

    def builds(self) -> int:
        return len(self.matching(r"^(Built \d|Build failed)"))

    def get(self, path: str, method: str = "GET") -> tuple[int, dict, str]:
        request = urllib.request.Request(self.url + path, method=method)
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as r:
                return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode("utf-8", "replace")

    def interrupt(self, sig: int = signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=5)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)     # it and any worker it forked
                self.proc.wait()


def wait_until(condition, message) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(message() if callable(message) else message)


def raw_get(url: str, path: str, host: str | None = None) -> tuple[int, str]:
    """(status, body) of a GET sent as written: the path not resolved (urllib and browsers would resolve
    `..`), `host` as its Host header (by default the server's own address, as a browser sends it)."""
    server, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    head = f"GET {path} HTTP/1.1\r\nHost: {host or f'{server}:{port}'}\r\nConnection: close\r\n\r\n"
    with socket.create_connection((server, int(port)), timeout=WAIT) as conn:
        conn.sendall(head.encode())
        data = b"".join(iter(lambda: conn.recv(65536), b""))
    status, _, body = data.partition(b"\r\n\r\n")
    return int(status.split()[1]), body.decode("utf-8", "replace")
