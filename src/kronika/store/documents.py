"""One stored document with everything found in it, looked up by the id its record gave.

Ids are any text (`basil/2b95…_1`, `a%b`): the CLI takes them as arguments, and the HTTP API
and dashboard as one percent-encoded path segment (`/api/documents/basil%2F2b95…_1`).
"""

from __future__ import annotations

import sqlite3
from typing import Any

ANNOTATIONS = {
    "actors": 'SELECT text, name, code, country, sector, kind, role, start, "end"'
    " FROM actors WHERE document_id = ? ORDER BY start",
    "quotes": "SELECT id, speaker_name, speaker_code, speaker_text, text, direct, verb, start,"
    ' "end" FROM quotes WHERE document_id = ? ORDER BY start',
    "places": "SELECT text, name, country, lat, lon, kind, geonames_id, start, "
    '"end", confidence, main FROM places WHERE document_id = ? ORDER BY start',
    "dates": 'SELECT text, value, granularity, start, "end" FROM dates'
    " WHERE document_id = ? ORDER BY start",
    "equipment": 'SELECT text, name, kind, origin, start, "end" FROM equipment'
    " WHERE document_id = ? ORDER BY start",
}

DOCUMENT_EVENTS = """
SELECT m.id AS mention_id, m.event_id, e.source_code, e.source_name, e.target_code,
       e.target_name, e.cameo, e.cameo_name, e.plover_type, e.goldstein, e.day,
       m.source_text, m.target_text, m.sentence, m.sentence_start, m.trigger_text,
       m.trigger_start, m.trigger_end, m.rule, m.confidence, m.modality, m.negated
FROM mentions m JOIN events e ON e.id = m.event_id
WHERE m.document_id = ? ORDER BY m.sentence_start, m.id
"""


def find_document(conn: sqlite3.Connection, doc_id: str) -> sqlite3.Row | None:
    """A stored document by the id its record gave (`doc_id`); the first ingested wins when
    two records shared an id."""
    return conn.execute(
        "SELECT id, doc_id, date, title, source, url, path, outlet, text, story_id"
        " FROM documents WHERE doc_id = ? ORDER BY id LIMIT 1",
        (doc_id,),
    ).fetchone()


def document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """A document's text with every annotation and its character offsets into `text`."""
    row = find_document(conn, doc_id)
    if row is None:
        return None
    key = row["id"]
    found: dict[str, Any] = {
        "id": row["doc_id"],
        "date": row["date"],
        "title": row["title"],
        "source": row["source"],
        "url": row["url"],
        "outlet": row["outlet"],
        "story_id": row["story_id"],
        "text": row["text"],
    }
    for name, sql in ANNOTATIONS.items():
        found[name] = [dict(r) for r in conn.execute(sql, (key,))]
    for quote in found["quotes"]:
        quote["direct"] = bool(quote["direct"])
    for place in found["places"]:
        place["main"] = bool(place["main"])
    events = []
    for r in conn.execute(DOCUMENT_EVENTS, (key,)):
        event = dict(r)
        event["negated"] = bool(event["negated"])
        start = event["sentence_start"]
        event["sentence_end"] = None if start is None else start + len(event["sentence"])
        events.append(event)
    found["events"] = events
    return found
