"""The SQLite store: ingest a corpus once, then query, export and re-code it.

    >>> from kronika.store import open_store, ingest, query
    >>> conn = open_store("kronika.db")
    >>> report = ingest(conn, ["articles.jsonl"], kronika.Extractor())
    >>> query.events(conn, query.EventFilter(dyad="IRN:TJK"))

The schema is documented in docs/store.md; exports in docs/exports.md.
"""

from __future__ import annotations

from .ingest import IngestReport, ingest
from .schema import DEFAULT_PATH, SCHEMA_VERSION, StoreError, connect, default_path

open_store = connect

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "IngestReport",
    "StoreError",
    "connect",
    "default_path",
    "ingest",
    "open_store",
]
