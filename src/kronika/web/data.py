"""Queries the server needs beyond `kronika.store.query`: paged events, event locations for
the map, and ingesting posted articles (one document with all its annotations is
`kronika.store.documents.document`).

All of them run on the store's own connection with parameterised SQL, and reuse the store's
filters (`EventFilter.where`) and row types so the API returns what the CLI prints.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ..records import Document, Extraction
from ..store import edits, query
from ..store.ingest import IngestReport, finish_run, model_id, start_run, write_batch
from ..store.query import EventFilter, _event
from ..store.write import content_hash

EVENT_SELECT = query.EVENT_SELECT


def events_page(
    conn: sqlite3.Connection,
    where: EventFilter,
    *,
    limit: int,
    offset: int = 0,
    after: query.Cursor | None = None,
) -> tuple[list[dict[str, Any]], bool]:
    """One page of events in the CLI's order (day, id), and whether more follow; `after`
    (the last event's day and id) continues from there without counting through `offset`."""
    rows = query.event_rows(conn, where, limit + 1, offset=offset, after=after)
    found = []
    for row in rows[:limit]:
        event = query.event_from_values(row).to_dict()
        event["mention_id"] = row[query.MENTION_ID]
        found.append(event)
    return found, len(rows) > limit


def count_events(conn: sqlite3.Connection, where: EventFilter) -> int:
    return query.count_events(conn, where)


def event_by_id(conn: sqlite3.Connection, event_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{EVENT_SELECT} WHERE e.id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = _event(row).to_dict()
    event["mention_id"] = row["mention_id"]
    return event


def event_mentions(conn: sqlite3.Connection, event_id: int) -> list[dict[str, Any]]:
    """Every report of one event, with the sentence's offsets in its document."""
    rows = conn.execute(
        "SELECT m.id, m.sentence, m.sentence_start, m.trigger_text, m.trigger_start,"
        " m.trigger_end, m.rule, m.confidence, m.modality, m.negated, m.source_text,"
        " m.target_text, d.doc_id AS document, d.date, d.title, d.source,"
        " coalesce(d.url, d.path) AS url"
        " FROM mentions m JOIN documents d ON d.id = m.document_id"
        " WHERE m.event_id = ? ORDER BY m.id",
        (event_id,),
    )
    return [{**dict(r), "negated": bool(r["negated"])} for r in rows]


def locations(
    conn: sqlite3.Connection, where: EventFilter, *, limit: int = 2000
) -> list[dict[str, Any]]:
    """Event locations with coordinates, one row per place: events, mentions, mean Goldstein."""
    return query.locations(conn, where, limit=limit)


# --- ingesting posted articles ----------------------------------------------------------


@dataclass
class PostedReport:
    """What a POST /api/documents did: the store's counts plus the ids now stored."""

    ingested: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "documents": self.documents,
        }


_EXTRACTING = threading.Lock()  # the model is shared: one extraction at a time
_WRITE_LOCK = threading.Lock()  # held only for the transaction, never during extraction


def ingest_documents(
    conn: sqlite3.Connection, documents: list[Document], extractor: Any
) -> PostedReport:
    """Extract and store documents already in memory, in one batch and one transaction.

    This is `kronika.store.ingest` without the file readers: the same duplicate check, run
    bookkeeping, cached parse and `write_batch` transaction, and the same counts (of what
    was committed). Extraction runs one request at a time, outside the write lock.
    """
    from spacy.tokens import DocBin

    from ..parse import parse_many
    from ..records import Rejected

    result = PostedReport()
    model = model_id(extractor.nlp)
    started = time.monotonic()
    duplicates = 0
    batch: list[tuple[Document, str, Extraction, bytes | None]] = []
    failed: list[Rejected] = []
    with _EXTRACTING:
        fresh: list[tuple[Document, str]] = []
        seen: set[str] = set()
        for item in documents:
            digest = content_hash(item.text)
            stored = conn.execute(
                "SELECT doc_id FROM documents WHERE hash = ?", (digest,)
            ).fetchone()
            if stored or digest in seen:
                duplicates += 1
                result.documents.append(stored["doc_id"] if stored else str(item.id))
                continue
            seen.add(digest)
            fresh.append((item, digest))
        pairs = ((item.text, (item, digest)) for item, digest in fresh)
        for doc, (item, digest) in parse_many(extractor.nlp, pairs):
            try:
                if isinstance(doc, Exception):
                    raise doc
                bin_ = DocBin(store_user_data=False)
                bin_.add(doc)
                parse = bin_.to_bytes()
                extraction = extractor.annotate(doc, item)
            except Exception as exc:  # as in ingest: one broken document must not stop the rest
                failed.append(
                    Rejected(
                        "api",
                        None,
                        f"document {item.id!r} could not be extracted: {type(exc).__name__}: {exc}",
                    )
                )
                continue
            batch.append((item, digest, extraction, parse))
            result.documents.append(str(item.id))
    with _WRITE_LOCK:
        report = IngestReport(run_id=start_run(conn, "serve", ["api"], model))
        known = edits.record(conn, edits.knowledge_of(extractor))
        report.ingested = write_batch(conn, batch, failed, report.run_id, model, known)
        # a document another writer stored meanwhile is a duplicate, as in ingest
        report.duplicates = duplicates + len(batch) - report.ingested
        report.rejected = len(failed)
        report.seconds = time.monotonic() - started
        finish_run(conn, report)
    result.ingested = report.ingested
    result.duplicates = report.duplicates
    result.rejected = [r.reason for r in failed]
    return result


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
