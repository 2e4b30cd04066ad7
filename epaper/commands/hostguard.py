"""The preview answers only to its own address (a defence against DNS rebinding).

A web page on the internet can point its own name at 127.0.0.1 after it has loaded, then read whatever
that name serves on the editor's machine: the drafts in the preview.  The browser still sends the page's
name in the `Host` header, so a request naming any other host than the preview's address is refused.
"""
from __future__ import annotations

import ipaddress
import re

from tornado import web

from ..core import say

__all__ = ["OnlyThisHost", "host_allowed"]

_LOOPBACK = ("localhost", "127.0.0.1", "::1")
_EVERY_ADDRESS = ("", "0.0.0.0", "::")
_HOST = re.compile(r"(\[[^\]]*\]|[^:\[\]]*)(?::(\d{1,5}))?")


def host_allowed(header: str | None, host: str, port: int) -> bool:
    """Whether a request's `Host` header names this preview: loopback or the `--host` given, on its port
    (and, listening on every address, any IP address, which no rebinding page can send)."""
    if header is None:          # HTTP/1.0 without a Host: no browser sends that
        return True
    match = _HOST.fullmatch(header.strip().lower())
    if not match or int(match[2] or 80) != port:
        return False
    name = match[1].strip("[]").removesuffix(".")
    if name in _LOOPBACK or name == host.lower().strip("[]"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return host in _EVERY_ADDRESS


class OnlyThisHost(web.Application):
    """An application whose every request, websocket and save included, is first asked for its Host;
    `listening=(host, port)` in its settings."""

    def find_handler(self, request, **kwargs):
        host, port = self.settings["listening"]
        if not host_allowed(request.headers.get("Host"), host, port):
            return self.get_handler_delegate(request, _WrongHost, {"host": host, "port": port})
        return super().find_handler(request, **kwargs)


class _WrongHost(web.RequestHandler):
    def initialize(self, host: str, port: int) -> None:
        self.listening = (host, port)

    def prepare(self) -> None:
        host, port = self.listening
        shown = "127.0.0.1" if host in _EVERY_ADDRESS else f"[{host}]" if ":" in host else host
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(say("hostguard.wrong_host", url=f"http://{shown}:{port}/", local=f"http://localhost:{port}/",
                        name=repr(self.request.headers.get("Host", "")[:200])))
