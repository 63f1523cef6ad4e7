"""What the server refuses or holds back before an endpoint runs.

- `HostCheck`: a request for a host name the server does not serve gets 400. A page on
  another site whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name as
  the Host, so it cannot read the store through a browser on this machine. IP addresses,
  `localhost` and the names given to `create_app(hosts=...)` (`--host`, `--allow-host`) pass.
- `UrlCheck`: NUL and other control characters in the path or query get 400, before they
  reach SQLite (where a NUL ends an FTS5 query mid-string).
- `Limits`: expensive requests (queries, pages, exports, writes) run a few at a time, each
  kind with its own number of slots; the others wait without holding a worker thread, and
  after `wait` seconds get 503 with Retry-After. Cheap requests (`/api/stats`, one event,
  one document, static files) never wait, so they stay fast while exports run.

Each answers in the API's one error shape.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import weakref
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


async def refuse(send: Send, status: int, code: str, message: str, headers=()) -> None:
    """Answer in the API's error shape, without running the app."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def host_names(hosts: Iterable[str] = ()) -> frozenset[str]:
    """The host names a server answers for: loopback, plus those given (lower case, without
    a port or brackets); a wildcard address (0.0.0.0) adds nothing, since IPs always pass."""
    names = set(LOOPBACK_NAMES)
    for host in hosts:
        name = host.strip().lower().strip("[]")
        if name not in WILDCARDS:
            names.add(name)
    return frozenset(names)


def _host_of(value: str) -> str:
    """`example.org:8000` → `example.org`; `[::1]:8000` → `::1`."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    """ASGI middleware: refuse requests whose Host header names a host not served here."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] = ()):
        self.app, self.names = app, host_names(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"host")
        if given is not None:
            name = _host_of(given.decode("latin-1"))
            if name not in self.names and not _is_ip(name):
                served = ", ".join(sorted(self.names))
                await refuse(
                    send,
                    400,
                    "bad_host",
                    f"this server answers for IP addresses and {served}, not {name!r}; start"
                    " it with --allow-host NAME to serve that name too",
                )
                return
        await self.app(scope, receive, send)


class UrlCheck:
    """ASGI middleware: refuse control characters (NUL above all) in the path or query."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
            for part, raw in (("path", path), ("query", scope.get("query_string", b""))):
                if CONTROL.search(unquote_to_bytes(raw)):
                    await refuse(
                        send,
                        400,
                        "bad_request",
                        f"the {part} holds a control character (such as NUL), which no"
                        " parameter takes",
                    )
                    return
        await self.app(scope, receive, send)


CHEAP = re.compile(r"/static/|/api/stats$|/api/events/[^/]+$|/api/documents/|/openapi\.json$")


def kind_of(method: str, path: str) -> str | None:
    """Which slots a request needs: None for a cheap one, else export, write or query."""
    if CHEAP.match(path) or method in ("HEAD", "OPTIONS"):
        return None
    if path == "/api/export":
        return "export"
    if method == "POST":
        return "write"
    return "query"


class Limits:
    """ASGI middleware: at most `slots[kind]` expensive requests of a kind run at once; the
    rest wait (asynchronously) up to `wait` seconds, then get 503 with Retry-After."""

    def __init__(self, app: ASGIApp, slots: dict[str, int], wait: float = 15.0):
        self.app, self.wait, self.sizes = app, wait, slots
        # one set of semaphores per event loop (a test may run each request in a new one)
        self.loops: weakref.WeakKeyDictionary[Any, dict[str, asyncio.Semaphore]] = (
            weakref.WeakKeyDictionary()
        )

    def _slot(self, kind: str) -> asyncio.Semaphore | None:
        loop = asyncio.get_running_loop()
        if loop not in self.loops:
            self.loops[loop] = {k: asyncio.Semaphore(max(1, n)) for k, n in self.sizes.items()}
        return self.loops[loop].get(kind)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = None
        if scope["type"] == "http":
            kind = kind_of(scope.get("method", ""), scope.get("path", ""))
        slot = self._slot(kind) if kind else None
        if slot is None:
            await self.app(scope, receive, send)
            return
        try:
            await asyncio.wait_for(slot.acquire(), timeout=self.wait)
        except TimeoutError:
            await refuse(
                send,
                503,
                "busy",
                f"the server is busy with other {kind} requests; try again shortly",
                [(b"retry-after", b"5")],
            )
            return
        try:
            await self.app(scope, receive, send)
        finally:
            slot.release()
