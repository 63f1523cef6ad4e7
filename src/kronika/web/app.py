"""`create_app`: the ASGI application behind `kronika serve` — the JSON API under /api, the
dashboard pages, and the bundled static assets (nothing is loaded from the internet)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from ..store import connect

HERE = Path(__file__).resolve().parent
MAX_BODY = 2 * 1024 * 1024
"""Largest request body, in bytes (a POST of articles); larger ones get 413."""
QUERY_SECONDS = 30.0
"""Longest a request's queries may run; SQLite is interrupted then and the client gets 503."""
SLOTS = {"query": max(2, os.cpu_count() or 1), "export": 2, "write": 1}
"""How many expensive requests of each kind run at once (see `guards.Limits`)."""
WAIT_SECONDS = 15.0
"""Longest an expensive request waits for a slot before it gets 503."""
MAX_EXPORT = 200_000
"""Most events `/api/export` writes; a larger selection gets 413 (the CLI has no cap)."""


def read_only(path: Path, seconds: float | None = QUERY_SECONDS) -> sqlite3.Connection:
    """A read-only connection to the store for one request, its queries cut off after
    `seconds` (sqlite3.OperationalError "interrupted", which the API answers with 503).

    Read-only, so no GET can change the store; `check_same_thread=False` because FastAPI may
    open it in one worker thread and run the endpoint in another (never two at once). WAL
    lets these readers run while an ingest writes.
    """
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    if seconds is not None:
        deadline = time.monotonic() + seconds
        conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    return conn


def segment(value: object) -> str:
    """A value as one URL path segment: every reserved character percent-encoded, `/` and
    `%` included, so that a document id `basil/2b95_1` links to `/documents/basil%2F2b95_1`."""
    return quote(str(value), safe="")


def templates() -> Jinja2Templates:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    environment.filters["segment"] = segment
    return Jinja2Templates(env=environment)


def create_app(
    db: str | os.PathLike[str],
    *,
    token: str | None = None,
    extractor: Any = None,
    max_body: int = MAX_BODY,
    hosts: Iterable[str] = (),
    slots: dict[str, int] | None = None,
    wait_seconds: float = WAIT_SECONDS,
    query_seconds: float | None = QUERY_SECONDS,
    max_export: int = MAX_EXPORT,
) -> FastAPI:
    """The kronika server for the store at `db` (which must exist; it is upgraded once here).

    `token` enables POST /api/documents (else writes answer 403). `extractor`, a
    `kronika.Extractor`, is loaded on the first write when not given. `hosts` are the host
    names served besides IP addresses and localhost (see `guards.HostCheck`); `slots`,
    `wait_seconds` and `query_seconds` bound expensive requests (see `guards.Limits`);
    `max_export` caps the events one `/api/export` writes.
    """
    from . import api, errors, guards, pages

    path = Path(db)
    connect(path, create=False).close()  # refuse a missing or newer store now, upgrade an older

    app = FastAPI(
        title="kronika",
        version=__version__,
        description="Events, actors, quotes, places and dates extracted from a news corpus. "
        'Errors are `{"error": {"code", "message"}}`; see docs/api.md.',
        docs_url=None,  # the Swagger UI loads its assets from a CDN; /openapi.json is enough
        redoc_url=None,
    )
    app.state.db = path
    app.state.token = token or None
    app.state.templates = templates()
    app.state.reader = lambda: read_only(path, query_seconds)
    app.state.max_export = max_export

    loading = threading.Lock()

    @lru_cache(maxsize=1)
    def load_once() -> Any:
        from ..pipeline import Extractor

        return Extractor()

    def load_extractor() -> Any:
        if extractor is not None:
            return extractor
        with loading:  # two first writes at once load the model once
            return load_once()

    app.state.extractor = load_extractor
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(errors.BodyLimit, limit=max_body)
    app.add_middleware(guards.Limits, slots={**SLOTS, **(slots or {})}, wait=wait_seconds)
    app.add_middleware(guards.UrlCheck)
    app.add_middleware(guards.HostCheck, hosts=list(hosts))
    app.add_middleware(errors.SecurityHeaders)
    return app
