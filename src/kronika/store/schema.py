"""The store's SQLite schema and its migrations.

The schema version lives in `PRAGMA user_version`. Each migration takes the store from
version N-1 to N inside one transaction, so a newer kronika opens (and upgrades) a store
written by an older one, and an interrupted upgrade leaves the old version intact.
Migrations are only ever appended; a released migration is never edited.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

DEFAULT_PATH = "kronika.db"


class StoreError(RuntimeError):
    """The store cannot be opened or used (wrong file, newer schema, bad query)."""


# Version 1: documents, what was extracted from them, rejected records and ingest runs.
_V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    kronika_version TEXT NOT NULL,
    model TEXT,
    paths TEXT NOT NULL,
    ingested INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    doc_id TEXT,
    date TEXT,
    title TEXT,
    source TEXT,
    url TEXT,
    path TEXT,
    outlet TEXT,
    text TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id)
);
CREATE INDEX documents_date ON documents(date);
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    kind TEXT NOT NULL,
    role TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX actors_document ON actors(document_id);
CREATE INDEX actors_code ON actors(code);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    day TEXT,
    source_code TEXT,
    source_name TEXT,
    target_code TEXT,
    target_name TEXT,
    cameo TEXT NOT NULL,
    cameo_name TEXT,
    plover_type TEXT,
    plover_mode TEXT,
    plover_context TEXT,
    goldstein REAL,
    quad_class INTEGER,
    location_name TEXT,
    location_country TEXT,
    location_lat REAL,
    location_lon REAL,
    location_kind TEXT,
    location_geonames_id INTEGER,
    is_root INTEGER NOT NULL DEFAULT 0,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_sources INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0,
    added TEXT NOT NULL
);
CREATE INDEX events_dyad ON events(source_code, target_code, day);
CREATE INDEX events_target ON events(target_code, day);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_cameo ON events(cameo);
CREATE INDEX events_plover ON events(plover_type);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    source_text TEXT,
    target_text TEXT,
    date TEXT,
    sentence TEXT NOT NULL,
    sentence_start INTEGER,
    lead INTEGER NOT NULL DEFAULT 0,
    trigger_text TEXT,
    trigger_start INTEGER,
    trigger_end INTEGER,
    rule TEXT,
    confidence REAL,
    negated INTEGER NOT NULL,
    modality TEXT,
    location TEXT,
    attribution TEXT
);
CREATE INDEX mentions_event ON mentions(event_id);
CREATE INDEX mentions_document ON mentions(document_id);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    speaker_name TEXT,
    speaker_code TEXT,
    speaker_text TEXT,
    text TEXT NOT NULL,
    direct INTEGER NOT NULL,
    verb TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX quotes_document ON quotes(document_id);
CREATE INDEX quotes_speaker ON quotes(speaker_code);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    lat REAL,
    lon REAL,
    kind TEXT,
    geonames_id INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    confidence REAL,
    main INTEGER NOT NULL
);
CREATE INDEX places_document ON places(document_id);
CREATE TABLE dates (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    text TEXT NOT NULL,
    value TEXT,
    granularity TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX dates_document ON dates(document_id);
CREATE TABLE equipment (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    origin TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX equipment_document ON equipment(document_id);
CREATE TABLE rejected (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    record INTEGER,
    reason TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id)
);
CREATE INDEX rejected_path ON rejected(path, record);
"""

# Version 2: full-text search over article text and quotes (external-content FTS5 tables
# kept in step by triggers), and cached parses so that `kronika recode` need not re-parse.
_V2 = """
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
INSERT INTO documents_fts(rowid, title, text) SELECT id, title, text FROM documents;
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name, content='quotes', content_rowid='id'
);
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name)
    VALUES (new.id, new.text, new.speaker_name);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
    VALUES ('delete', old.id, old.text, old.speaker_name);
END;
INSERT INTO quotes_fts(rowid, text, speaker_name) SELECT id, text, speaker_name FROM quotes;
CREATE TABLE parses (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    model TEXT NOT NULL,
    docbin BLOB NOT NULL
);
"""

# Version 3: near-duplicate articles are linked as one story (see stories.py); documents
# already stored are linked in ingest order as part of the upgrade.
_V3 = """
ALTER TABLE documents ADD COLUMN story_id INTEGER;
CREATE INDEX documents_story ON documents(story_id);
CREATE TABLE story_bands (
    band TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id)
);
CREATE INDEX story_bands_band ON story_bands(band);
"""


def _link_stories(conn: sqlite3.Connection) -> None:
    from .stories import backfill

    backfill(conn)


# Version 4: an event is also told apart by how it was reported: its modality (asserted,
# intent, alleged, …) and whether it was negated, as each mention records; `confidence` is
# the highest of its mentions'. Events stored before are split by their mentions' readings.
_V4 = """
ALTER TABLE events ADD COLUMN modality TEXT NOT NULL DEFAULT 'asserted';
ALTER TABLE events ADD COLUMN negated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN confidence REAL;
"""


def _split_by_reading(conn: sqlite3.Connection) -> None:
    from .write import split_by_reading

    split_by_reading(conn)


Migration = tuple[str, Callable[[sqlite3.Connection], None] | None]
MIGRATIONS: list[Migration] = [
    (_V1, None),
    (_V2, None),
    (_V3, _link_stories),
    (_V4, _split_by_reading),
]
SCHEMA_VERSION = len(MIGRATIONS)


def default_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The store to use: the argument, else $KRONIKA_DB, else `kronika.db` here."""
    return Path(path or os.environ.get("KRONIKA_DB") or DEFAULT_PATH)


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations the store lacks, each in its own transaction; return the version."""
    current = version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {current}, newer than this kronika understands "
            f"({SCHEMA_VERSION}); upgrade kronika to open it"
        )
    for number in range(current + 1, target + 1):
        script, step = MIGRATIONS[number - 1]
        try:
            # executescript() commits a pending transaction first, so BEGIN goes inside it;
            # the SQL, any Python step and the new version are then committed together.
            conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};")
            if step:
                step(conn)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(
                f"cannot upgrade the store to schema version {number}: {exc}"
            ) from None
    return version(conn)


def connect(
    path: str | os.PathLike[str] | None = None, *, create: bool = True, upgrade: bool = True
) -> sqlite3.Connection:
    """Open (and create or upgrade) a store: WAL mode, foreign keys on, rows as sqlite3.Row."""
    where = default_path(path)
    if not create and not where.exists():
        raise StoreError(
            f"no store at {where}: run `kronika ingest PATH --db {where}` first, "
            "or point --db / KRONIKA_DB at an existing store"
        )
    try:
        conn = sqlite3.connect(where, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if upgrade:
            migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{where} is not a kronika store: {exc}") from None
    return conn
