"""Write one document's extraction into the store, and keep cross-article events in step.

Every function here runs inside a transaction the caller opened, so a document row and all
the rows extracted from it are committed together or not at all.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from urllib.parse import urlparse

from ..records import Document, Event, Extraction

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def content_hash(text: str) -> str:
    """The identity of an article: SHA-256 of its text with whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def outlet(document: Document) -> str:
    """Who published the article, for `num_sources`: its source, else URL host, else file."""
    if document.source:
        return document.source
    if document.url:
        host = urlparse(document.url).netloc
        if host:
            return host.lower().removeprefix("www.")
    return document.path or ""


def event_day(event: Event, document: Document) -> str | None:
    """The day an event is filed under: its own date when that is a day, else the article's."""
    if event.date and ISO_DAY.fullmatch(event.date):
        return event.date
    return document.date


def event_key(event: Event, day: str | None) -> str:
    """Events from different articles with the same source, target, code and day, reported
    the same way (modality and negation), are one."""
    target = event.target.code if event.target else None
    base = "|".join([event.source.code or "", target or "", event.cameo, day or ""])
    return base + reading_suffix(event.modality, event.negated)


def reading_suffix(modality: str | None, negated: bool) -> str:
    """What tells apart the keys of an event reported other than as an asserted fact:
    `|intent`, `|asserted|negated`; nothing for an asserted, non-negated event."""
    modality = modality or "asserted"
    if modality == "asserted" and not negated:
        return ""
    return f"|{modality}" + ("|negated" if negated else "")


def insert_document(
    conn: sqlite3.Connection,
    document: Document,
    digest: str,
    run_id: int | None,
    knowledge_id: int | None = None,
) -> int | None:
    """Insert the document row; None if a document with this content hash is already stored.
    `knowledge_id`: what it was coded with (`kronika.store.edits`), if known."""
    cursor = conn.execute(
        "INSERT INTO documents (hash, doc_id, date, title, source, url, path, outlet, text,"
        " run_id, truncated, knowledge_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(hash) DO NOTHING",
        (
            digest,
            document.id,
            document.date,
            document.title,
            document.source,
            document.url,
            document.path,
            outlet(document),
            document.text,
            run_id,
            document.truncated,
            knowledge_id,
        ),
    )
    return cursor.lastrowid if cursor.rowcount else None


def insert_extraction(
    conn: sqlite3.Connection, document_id: int, extraction: Extraction, added: str
) -> set[int]:
    """Insert what was extracted from one stored document; return the events it touched."""
    conn.executemany(
        "INSERT INTO actors (document_id, text, name, code, country, sector, kind, role, start,"
        ' "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (
                document_id,
                a.text,
                a.name,
                a.code,
                a.country,
                a.sector,
                a.kind,
                a.role,
                a.start,
                a.end,
            )
            for a in extraction.actors
        ],
    )
    conn.executemany(
        "INSERT INTO quotes (document_id, speaker_name, speaker_code, speaker_text, text, direct,"
        ' verb, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (
                document_id,
                q.speaker.get("name"),
                q.speaker.get("code"),
                q.speaker.get("text"),
                q.text,
                int(q.direct),
                q.verb,
                q.start,
                q.end,
            )
            for q in extraction.quotes
        ],
    )
    conn.executemany(
        "INSERT INTO places (document_id, text, name, country, lat, lon, kind, geonames_id,"
        ' start, "end", confidence, main) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (
                document_id,
                p.text,
                p.name,
                p.country,
                p.lat,
                p.lon,
                p.kind,
                p.geonames_id,
                p.start,
                p.end,
                p.confidence,
                int(p.main),
            )
            for p in extraction.places
        ],
    )
    conn.executemany(
        'INSERT INTO dates (document_id, text, value, granularity, start, "end")'
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(document_id, d.text, d.value, d.granularity, d.start, d.end) for d in extraction.dates],
    )
    conn.executemany(
        'INSERT INTO equipment (document_id, text, name, kind, origin, start, "end")'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (document_id, e.text, e.name, e.kind, e.origin, e.start, e.end)
            for e in extraction.equipment
        ],
    )
    touched = set()
    for event in extraction.events:
        touched.add(_insert_mention(conn, document_id, extraction.document, event, added))
    return touched


# The columns of an event row that its first mention describes (the rest are its key's
# parts and counts): names as written, the CAMEO code's reading, the place.
DESCRIBED = (
    "source_name",
    "target_name",
    "cameo_name",
    "plover_type",
    "plover_mode",
    "plover_context",
    "goldstein",
    "quad_class",
    "location_name",
    "location_country",
    "location_lat",
    "location_lon",
    "location_kind",
    "location_geonames_id",
)


def described(event: Event) -> tuple[object, ...]:
    """The values of DESCRIBED for an event as extracted."""
    location = event.location or {}
    target = event.target
    return (
        event.source.text,
        target.text if target else None,
        event.cameo_name,
        event.plover.get("type"),
        event.plover.get("mode"),
        event.plover.get("context"),
        event.goldstein,
        event.quad_class,
        location.get("name"),
        location.get("country"),
        location.get("lat"),
        location.get("lon"),
        location.get("kind"),
        location.get("geonames_id"),
    )


def _insert_mention(
    conn: sqlite3.Connection, document_id: int, document: Document, event: Event, added: str
) -> int:
    day = event_day(event, document)
    key = event_key(event, day)
    target = event.target
    conn.execute(
        "INSERT INTO events (key, day, source_code, target_code, cameo, added, modality,"
        f" negated, {', '.join(DESCRIBED)})"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, {', '.join('?' * len(DESCRIBED))})"
        " ON CONFLICT(key) DO NOTHING",
        (
            key,
            day,
            event.source.code,
            target.code if target else None,
            event.cameo,
            added,
            event.modality or "asserted",
            int(event.negated),
            *described(event),
        ),
    )
    event_id = conn.execute("SELECT id FROM events WHERE key = ?", (key,)).fetchone()[0]
    # The sentence is located in the text so that a mention links back to it by offset.
    start = document.text.rfind(event.sentence, 0, event.trigger.start + len(event.sentence))
    sentence_start = start if start >= 0 else None
    lead = sentence_start is not None and not document.text[:sentence_start].strip()
    conn.execute(
        "INSERT INTO mentions (event_id, document_id, source_text, target_text, date, sentence,"
        " sentence_start, lead, trigger_text, trigger_start, trigger_end, rule, confidence,"
        " negated, modality, location, attribution)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            document_id,
            event.source.text,
            target.text if target else None,
            event.date,
            event.sentence,
            sentence_start,
            int(lead),
            event.trigger.text,
            event.trigger.start,
            event.trigger.end,
            event.rule,
            event.confidence,
            int(event.negated),
            event.modality,
            _json(event.location),
            _json(event.attribution),
        ),
    )
    return int(event_id)


def recount_events(conn: sqlite3.Connection, event_ids: Iterable[int]) -> None:
    """Recompute mentions, sources, articles and lead flag; drop events left with no mention."""
    ids = json.dumps(sorted(set(event_ids)))
    if ids == "[]":
        return
    conn.execute(
        "UPDATE events SET"
        " num_mentions = (SELECT count(*) FROM mentions m WHERE m.event_id = events.id),"
        " num_articles = (SELECT count(DISTINCT m.document_id) FROM mentions m"
        "   WHERE m.event_id = events.id),"
        " num_sources = (SELECT count(DISTINCT d.outlet) FROM mentions m"
        "   JOIN documents d ON d.id = m.document_id WHERE m.event_id = events.id),"
        " is_root = coalesce((SELECT max(m.lead) FROM mentions m"
        "   WHERE m.event_id = events.id), 0),"
        " confidence = (SELECT max(m.confidence) FROM mentions m WHERE m.event_id = events.id)"
        " WHERE id IN (SELECT value FROM json_each(?))",
        (ids,),
    )
    conn.execute(
        "DELETE FROM events WHERE num_mentions = 0 AND id IN (SELECT value FROM json_each(?))",
        (ids,),
    )


def describe_by_first_mention(
    conn: sqlite3.Connection,
    event_ids: Iterable[int],
    extracted: dict[int, tuple[Document, list[Event]]],
) -> None:
    """Give each event the description of its first mention in ingest order (by document,
    then as extracted), as an ingest of the corpus would: after `recode` replaced some
    documents' mentions, an event may keep a description from a mention it no longer has.

    `extracted` holds the events just written for each re-coded document (by document
    row id); a first mention from another document is described by its own row (names and
    place; its CAMEO reading is that of the event's code, which did not change)."""
    for event_id in sorted(set(event_ids)):
        first = conn.execute(
            "SELECT m.document_id, e.key, m.source_text, m.target_text, m.location"
            " FROM mentions m JOIN events e ON e.id = m.event_id WHERE m.event_id = ?"
            " ORDER BY m.document_id, m.id LIMIT 1",
            (event_id,),
        ).fetchone()
        if first is None:
            continue  # the event is gone with its last mention
        document_id, key, source_text, target_text, location = first
        columns: tuple[str, ...]
        values: tuple[object, ...]
        if document_id in extracted:
            document, events = extracted[document_id]
            event = next(e for e in events if event_key(e, event_day(e, document)) == key)
            columns, values = DESCRIBED, described(event)
        else:
            place = json.loads(location) if location else {}
            columns = ("source_name", "target_name", *DESCRIBED[8:])
            values = (source_text, target_text, *(place.get(k) for k in LOCATION_KEYS))
        conn.execute(
            f"UPDATE events SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",  # noqa: S608
            (*values, event_id),
        )


LOCATION_KEYS = ("name", "country", "lat", "lon", "kind", "geonames_id")


def split_by_reading(conn: sqlite3.Connection) -> None:
    """Give every stored event the modality and negation of its mentions (schema version 4).

    An event whose mentions were reported in several ways (one asserted, one negated) is
    split: the reading of its first mention keeps the event, each other reading becomes an
    event of its own with the same fields, and its mentions move there.
    """
    columns = [
        row[1]
        for row in conn.execute("PRAGMA table_info(events)")
        if row[1] not in ("id", "key", "modality", "negated")
    ]
    readings = conn.execute(
        "SELECT event_id, coalesce(modality, 'asserted') AS modality, negated, min(id) AS first"
        " FROM mentions GROUP BY event_id, coalesce(modality, 'asserted'), negated"
        " ORDER BY event_id, first"
    ).fetchall()
    base = dict(conn.execute("SELECT id, key FROM events").fetchall())
    kept: set[int] = set()
    for event_id, modality, negated, _ in readings:
        new_key = base[event_id] + reading_suffix(modality, bool(negated))
        if event_id not in kept:
            kept.add(event_id)
            conn.execute(
                "UPDATE events SET key = ?, modality = ?, negated = ? WHERE id = ?",
                (new_key, modality, negated, event_id),
            )
            continue
        names = ", ".join(columns)
        cursor = conn.execute(
            f"INSERT INTO events (key, modality, negated, {names})"  # noqa: S608
            f" SELECT ?, ?, ?, {names} FROM events WHERE id = ?",
            (new_key, modality, negated, event_id),
        )
        conn.execute(
            "UPDATE mentions SET event_id = ? WHERE event_id = ?"
            " AND coalesce(modality, 'asserted') = ? AND negated = ?",
            (cursor.lastrowid, event_id, modality, negated),
        )
    recount_events(conn, [row[0] for row in conn.execute("SELECT id FROM events")])


def delete_extraction(conn: sqlite3.Connection, document_id: int) -> set[int]:
    """Remove what was extracted from a document (not the document); return events touched."""
    touched = {
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT event_id FROM mentions WHERE document_id = ?", (document_id,)
        )
    }
    for table in ("mentions", "actors", "quotes", "places", "dates", "equipment"):
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))  # noqa: S608
    return touched


def insert_rejected(
    conn: sqlite3.Connection, path: str, record: int | None, reason: str, run_id: int | None
) -> None:
    """Record a rejected input record once, however often the same input is ingested."""
    conn.execute(
        "INSERT INTO rejected (path, record, reason, run_id) SELECT ?, ?, ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM rejected WHERE path = ? AND record IS ? AND reason = ?)",
        (path, record, reason, run_id, path, record, reason),
    )


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
