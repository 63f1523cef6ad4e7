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
from typing import Any

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


# Version 5: what large stores need to answer at once. Every actor code starts with a
# three-letter root (a country, IGO or `---`): indexed as generated columns, `IRN` and
# `IRNMIL` are one index seek. Summary tables hold per-day, per-dyad and per-place totals of
# the events, row counts of every table and mention counts per actor name; triggers keep
# them in the transaction that changes the rows (ingest, recode, load), so they never drift
# and a killed ingest leaves them as consistent as the rows. `refresh_totals` recomputes them.
_V5 = """
ALTER TABLE events ADD COLUMN source_root TEXT
    GENERATED ALWAYS AS (substr(source_code, 1, 3)) VIRTUAL;
ALTER TABLE events ADD COLUMN target_root TEXT
    GENERATED ALWAYS AS (substr(target_code, 1, 3)) VIRTUAL;
DROP INDEX events_dyad;
DROP INDEX events_target;
CREATE INDEX events_source ON events(source_root, day);
CREATE INDEX events_target ON events(target_root, day);
CREATE INDEX events_dyad ON events(source_root, target_root, day, num_mentions, goldstein);
CREATE INDEX events_codes ON events(source_code, target_code, day);
CREATE INDEX events_cameo_day ON events(cameo, day);
DROP INDEX events_cameo;
CREATE INDEX events_plover_day ON events(plover_type, day);
DROP INDEX events_plover;
CREATE INDEX events_location ON events(location_name, day);
CREATE INDEX events_location_country ON events(location_country, day);
DROP INDEX actors_document;
CREATE INDEX actors_document ON actors(document_id, code, name);
CREATE TABLE event_days (
    day TEXT NOT NULL PRIMARY KEY,
    events INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    goldstein_sum REAL NOT NULL,
    goldstein_count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE event_dyads (
    source_code TEXT NOT NULL,
    target_code TEXT NOT NULL,
    events INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    goldstein_sum REAL NOT NULL,
    goldstein_count INTEGER NOT NULL,
    asserted INTEGER NOT NULL,
    confidence_sum REAL NOT NULL,
    confidence_count INTEGER NOT NULL,
    first TEXT,
    last TEXT,
    PRIMARY KEY (source_code, target_code)
) WITHOUT ROWID;
CREATE INDEX event_dyads_target ON event_dyads(target_code);
CREATE TABLE event_places (
    key TEXT NOT NULL PRIMARY KEY,
    cameo TEXT NOT NULL,
    plover_type TEXT,
    location_name TEXT,
    location_country TEXT,
    location_lat REAL,
    location_lon REAL,
    location_kind TEXT,
    events INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    goldstein_sum REAL NOT NULL,
    goldstein_count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE row_counts (
    name TEXT NOT NULL PRIMARY KEY,
    rows INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE actor_names (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (code, name, kind)
) WITHOUT ROWID;
CREATE TABLE actor_reach (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (code, name)
) WITHOUT ROWID;
"""


def _totals_triggers(means: bool = True) -> list[str]:
    """The triggers that keep the summary tables of version 5 in step with the rows, and,
    with `means` (version 8), the rounded means of `event_dyads`."""
    place_key = (
        "{r}.cameo || '|' || coalesce({r}.plover_type, '') || '|' || coalesce({r}.location_name,"
        " '') || '|' || coalesce({r}.location_country, '') || '|' || coalesce({r}.location_lat,"
        " '') || '|' || coalesce({r}.location_lon, '') || '|' || coalesce({r}.location_kind, '')"
    )
    sums = (
        "events = events + excluded.events, mentions = mentions + excluded.mentions,"
        " goldstein_sum = goldstein_sum + excluded.goldstein_sum,"
        " goldstein_count = goldstein_count + excluded.goldstein_count"
    )
    dyad_sums = (
        f"{sums}, asserted = asserted + excluded.asserted,"
        " confidence_sum = confidence_sum + excluded.confidence_sum,"
        " confidence_count = confidence_count + excluded.confidence_count,"
        " first = CASE WHEN first IS NULL OR excluded.first < first THEN excluded.first"
        " ELSE first END,"
        " last = CASE WHEN last IS NULL OR excluded.last > last THEN excluded.last ELSE last END"
    )

    # a dyad's mean Goldstein score and confidence, rounded as the network shows them,
    # from its sums as they are after the change (in an UPDATE, every column is as before)
    mean = "round(({x}_sum {op} {a}) / nullif({x}_count {op} {b}, 0), 2)"
    dyad_columns = "source_code, target_code, events, mentions, goldstein_sum, goldstein_count,"
    dyad_columns += " asserted, confidence_sum, confidence_count, first, last"
    if means:
        dyad_columns += ", goldstein, confidence"
        dyad_sums += "".join(
            f", {x} = " + mean.format(x=x, op="+", a=f"excluded.{x}_sum", b=f"excluded.{x}_count")
            for x in ("goldstein", "confidence")
        )

    def add(r: str) -> str:
        value = f"1, {r}.num_mentions, coalesce({r}.goldstein, 0), {r}.goldstein IS NOT NULL"
        reading = (
            f"{r}.modality = 'asserted' AND NOT {r}.negated, coalesce({r}.confidence, 0),"
            f" {r}.confidence IS NOT NULL, {r}.day, {r}.day"
        )
        if means:
            reading += "".join(
                f", round({r}.{x} / ({r}.{x} IS NOT NULL), 2)" for x in ("goldstein", "confidence")
            )
        return f"""
    INSERT INTO event_days VALUES (coalesce({r}.day, ''), {value})
        ON CONFLICT(day) DO UPDATE SET {sums};
    INSERT INTO event_dyads ({dyad_columns}) VALUES (coalesce({r}.source_code, ''),
        coalesce({r}.target_code, ''), {value}, {reading})
        ON CONFLICT(source_code, target_code) DO UPDATE SET {dyad_sums};
    INSERT INTO event_places VALUES ({place_key.format(r=r)}, {r}.cameo, {r}.plover_type,
        {r}.location_name, {r}.location_country, {r}.location_lat, {r}.location_lon,
        {r}.location_kind, {value}) ON CONFLICT(key) DO UPDATE SET {sums};"""

    def remove(r: str) -> str:
        less = (
            f"events = events - 1, mentions = mentions - {r}.num_mentions,"
            f" goldstein_sum = goldstein_sum - coalesce({r}.goldstein, 0),"
            f" goldstein_count = goldstein_count - ({r}.goldstein IS NOT NULL)"
        )
        dyad_less = (
            f"{less}, asserted = asserted - ({r}.modality = 'asserted' AND NOT {r}.negated),"
            f" confidence_sum = confidence_sum - coalesce({r}.confidence, 0),"
            f" confidence_count = confidence_count - ({r}.confidence IS NOT NULL)"
        )
        if means:
            dyad_less += "".join(
                f", {x} = "
                + mean.format(x=x, op="-", a=f"coalesce({r}.{x}, 0)", b=f"({r}.{x} IS NOT NULL)")
                for x in ("goldstein", "confidence")
            )
        day = f"day = coalesce({r}.day, '')"
        dyad = (
            f"source_code = coalesce({r}.source_code, '')"
            f" AND target_code = coalesce({r}.target_code, '')"
        )
        place = f"key = {place_key.format(r=r)}"
        # the first and last day of a dyad are looked up again when they were this event's
        span = (
            "(SELECT {f}(day) FROM events WHERE source_code IS {r}.source_code"
            " AND target_code IS {r}.target_code)"
        )
        return f"""
    UPDATE event_days SET {less} WHERE {day};
    DELETE FROM event_days WHERE {day} AND events = 0;
    UPDATE event_dyads SET {dyad_less} WHERE {dyad};
    UPDATE event_dyads SET first = {span.format(f="min", r=r)}, last = {span.format(f="max", r=r)}
        WHERE {dyad} AND (first = {r}.day OR last = {r}.day);
    DELETE FROM event_dyads WHERE {dyad} AND events = 0;
    UPDATE event_places SET {less} WHERE {place};
    DELETE FROM event_places WHERE {place} AND events = 0;"""

    watched = (
        "day, source_code, target_code, cameo, plover_type, goldstein, num_mentions, modality,"
        " negated, confidence, location_name, location_country, location_lat, location_lon,"
        " location_kind"
    )
    triggers = [
        f"CREATE TRIGGER events_totals_ai AFTER INSERT ON events BEGIN{add('new')}\nEND;",
        f"CREATE TRIGGER events_totals_ad AFTER DELETE ON events BEGIN{remove('old')}\nEND;",
        f"CREATE TRIGGER events_totals_au AFTER UPDATE OF {watched} ON events"
        f" BEGIN{remove('old')}{add('new')}\nEND;",
        "CREATE TRIGGER actors_names_ai AFTER INSERT ON actors BEGIN"
        " INSERT INTO actor_names VALUES (new.code, new.name, new.kind, 1)"
        " ON CONFLICT(code, name, kind) DO UPDATE SET mentions = mentions + 1; END;",
        "CREATE TRIGGER actors_names_ad AFTER DELETE ON actors BEGIN"
        " UPDATE actor_names SET mentions = mentions - 1"
        " WHERE code = old.code AND name = old.name AND kind = old.kind;"
        " DELETE FROM actor_names WHERE code = old.code AND name = old.name"
        " AND kind = old.kind AND mentions = 0; END;",
        # documents that mention a code under a name: counted by their first such mention
        "CREATE TRIGGER actors_reach_ai AFTER INSERT ON actors"
        " WHEN NOT EXISTS (SELECT 1 FROM actors WHERE document_id = new.document_id"
        " AND code = new.code AND name = new.name AND id != new.id) BEGIN"
        " INSERT INTO actor_reach VALUES (new.code, new.name, 1)"
        " ON CONFLICT(code, name) DO UPDATE SET documents = documents + 1; END;",
        "CREATE TRIGGER actors_reach_ad AFTER DELETE ON actors"
        " WHEN NOT EXISTS (SELECT 1 FROM actors WHERE document_id = old.document_id"
        " AND code = old.code AND name = old.name) BEGIN"
        " UPDATE actor_reach SET documents = documents - 1"
        " WHERE code = old.code AND name = old.name;"
        " DELETE FROM actor_reach WHERE code = old.code AND name = old.name"
        " AND documents = 0; END;",
        # a story is counted by its first document, whose story_id is itself (or not set yet)
        "CREATE TRIGGER documents_stories_ai AFTER INSERT ON documents BEGIN"
        " UPDATE row_counts SET rows = rows + (coalesce(new.story_id, new.id) = new.id)"
        " WHERE name = 'stories'; END;",
        "CREATE TRIGGER documents_stories_au AFTER UPDATE OF story_id ON documents BEGIN"
        " UPDATE row_counts SET rows = rows - (coalesce(old.story_id, old.id) = old.id)"
        " + (coalesce(new.story_id, new.id) = new.id) WHERE name = 'stories'; END;",
        "CREATE TRIGGER documents_stories_ad AFTER DELETE ON documents BEGIN"
        " UPDATE row_counts SET rows = rows - (coalesce(old.story_id, old.id) = old.id)"
        " WHERE name = 'stories'; END;",
    ]
    for table in COUNTED:
        triggers += [
            f"CREATE TRIGGER {table}_count_ai AFTER INSERT ON {table} BEGIN"
            f" UPDATE row_counts SET rows = rows + 1 WHERE name = '{table}'; END;",
            f"CREATE TRIGGER {table}_count_ad AFTER DELETE ON {table} BEGIN"
            f" UPDATE row_counts SET rows = rows - 1 WHERE name = '{table}'; END;",
        ]
    return triggers


COUNTED = (
    "documents",
    "events",
    "mentions",
    "quotes",
    "places",
    "dates",
    "equipment",
    "rejected",
    "runs",
    "actors",
)
"""Tables whose rows `row_counts` counts (plus `stories`)."""

TOTALS = (
    "event_days",
    "event_dyads",
    "event_places",
    "row_counts",
    "actor_names",
    "actor_reach",
)
"""The summary tables of version 5, all derived from the rows by `refresh_totals`."""


def refresh_totals(conn: sqlite3.Connection) -> None:
    """Recompute every summary table from the rows (inside the caller's transaction)."""
    for table in TOTALS:
        conn.execute(f"DELETE FROM {table}")  # noqa: S608
    sums = "count(*), sum(num_mentions), coalesce(sum(goldstein), 0), count(goldstein) FROM events"
    conn.execute(f"INSERT INTO event_days SELECT coalesce(day, ''), {sums} GROUP BY 1")
    conn.execute(
        "INSERT INTO event_dyads (source_code, target_code, events, mentions, goldstein_sum,"
        " goldstein_count, asserted, confidence_sum, confidence_count, first, last)"
        " SELECT coalesce(source_code, ''), coalesce(target_code, ''),"
        " count(*), sum(num_mentions), coalesce(sum(goldstein), 0), count(goldstein),"
        " sum(modality = 'asserted' AND NOT negated), coalesce(sum(confidence), 0),"
        " count(confidence), min(day), max(day) FROM events GROUP BY 1, 2"
    )
    if _dyad_means(conn):
        conn.execute(f"UPDATE event_dyads SET {DYAD_MEANS}")
    conn.execute(
        "INSERT INTO event_places SELECT cameo || '|' || coalesce(plover_type, '') || '|'"
        " || coalesce(location_name, '') || '|' || coalesce(location_country, '') || '|'"
        " || coalesce(location_lat, '') || '|' || coalesce(location_lon, '') || '|'"
        " || coalesce(location_kind, ''), cameo, plover_type, location_name, location_country,"
        f" location_lat, location_lon, location_kind, {sums} GROUP BY 1"
    )
    for table in COUNTED:
        conn.execute(
            f"INSERT INTO row_counts SELECT '{table}', count(*) FROM {table}"  # noqa: S608
        )
    conn.execute(
        "INSERT INTO row_counts SELECT 'stories', count(*) FROM documents"
        " WHERE coalesce(story_id, id) = id"
    )
    conn.execute(
        "INSERT INTO actor_names SELECT code, name, kind, count(*) FROM actors"
        " GROUP BY code, name, kind"
    )
    conn.execute(
        "INSERT INTO actor_reach SELECT code, name, count(DISTINCT document_id) FROM actors"
        " GROUP BY code, name"
    )


def stale_totals(conn: sqlite3.Connection) -> list[str]:
    """The summary tables that differ from a recomputation from the rows (none, unless the
    store was changed behind kronika's back with the triggers dropped)."""

    means = _dyad_means(conn)

    def rows(table: str) -> str:
        if table != "event_dyads" or not means:
            return f"SELECT * FROM {table}"  # noqa: S608
        # a mean rounded from sums added up in another order may differ in the last
        # place: each row's means must be those of its own sums, which are compared
        columns = [r[1] for r in conn.execute("PRAGMA table_info(event_dyads)")]
        kept = ", ".join(c for c in columns if c not in ("goldstein", "confidence"))
        check = " AND ".join(
            f"{x} IS round({x}_sum / nullif({x}_count, 0), 2)" for x in ("goldstein", "confidence")
        )
        return f"SELECT {kept}, {check} FROM event_dyads"

    def snapshot() -> dict[str, list[tuple[Any, ...]]]:
        return {
            table: sorted(
                tuple(round(v, 6) if isinstance(v, float) else v for v in row)
                for row in conn.execute(rows(table))
            )
            for table in TOTALS
        }

    kept = snapshot()
    conn.execute("SAVEPOINT recount")
    try:
        refresh_totals(conn)
        fresh = snapshot()
    finally:
        conn.execute("ROLLBACK TO recount")
        conn.execute("RELEASE recount")
    return [table for table in TOTALS if kept[table] != fresh[table]]


def _add_totals(conn: sqlite3.Connection) -> None:
    refresh_totals(conn)
    add_totals_triggers(conn)
    conn.execute("ANALYZE")


DYAD_MEANS = (
    "goldstein = round(goldstein_sum / nullif(goldstein_count, 0), 2),"
    " confidence = round(confidence_sum / nullif(confidence_count, 0), 2)"
)
"""The rounded means `event_dyads` keeps from version 8 (the network reads them)."""


def _dyad_means(conn: sqlite3.Connection) -> bool:
    """Whether `event_dyads` has the mean columns of version 8 (migrations before it
    build the summaries and triggers of their own version)."""
    return "goldstein" in {row[1] for row in conn.execute("PRAGMA table_info(event_dyads)")}


def add_totals_triggers(conn: sqlite3.Connection) -> None:
    for trigger in _totals_triggers(_dyad_means(conn)):  # one by one: executescript() commits
        conn.execute(trigger)


def drop_totals_triggers(conn: sqlite3.Connection) -> None:
    """For a bulk load of many rows at once: drop the triggers that keep the summaries, and
    later `refresh_totals` and `add_totals_triggers` (in one transaction with the load, or
    the summaries are wrong until then)."""
    names = [
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    ]
    triggers = {t.split()[2] for t in _totals_triggers()}
    for name in names:
        if name in triggers:
            conn.execute(f"DROP TRIGGER {name}")


# Version 6: an article a reader cut to the longest text kronika extracts says so: its
# full length in characters (null for a whole one).
_V6 = """
ALTER TABLE documents ADD COLUMN truncated INTEGER;
"""


# Version 7: what each document was coded with, so that `recode` after an edit of the
# dictionaries re-codes only the documents the edit can change (see `store/edits.py`):
# `knowledge` holds each set of dictionaries and code seen, `knowledge_files` the text of
# each version of a user's dictionary file (zlib), `documents.knowledge_id` points at the
# knowledge a document was last coded with (null: not known, re-coded by the next recode).
_V7 = """
CREATE TABLE knowledge (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    base TEXT NOT NULL,
    files TEXT NOT NULL
);
CREATE TABLE knowledge_files (
    digest TEXT NOT NULL PRIMARY KEY,
    text BLOB NOT NULL
) WITHOUT ROWID;
ALTER TABLE documents ADD COLUMN knowledge_id INTEGER REFERENCES knowledge(id);
"""


# Version 8: the whole network is read in the order it is shown, with its means: each dyad
# keeps its mean Goldstein score and confidence (rounded as shown, kept by the triggers),
# and an index in order of events holds every column the network shows (for the dyads with
# both sides, which are the network), so the network of a large store is one scan of that
# index, without a sort or a computation per edge.
_V8 = f"""
ALTER TABLE event_dyads ADD COLUMN goldstein REAL;
ALTER TABLE event_dyads ADD COLUMN confidence REAL;
UPDATE event_dyads SET {DYAD_MEANS};
CREATE INDEX event_dyads_by_events ON event_dyads(events DESC, source_code, target_code,
    mentions, goldstein, asserted, confidence, first, last)
    WHERE source_code != '' AND target_code != '';
"""


def _keep_dyad_means(conn: sqlite3.Connection) -> None:
    drop_totals_triggers(conn)
    add_totals_triggers(conn)


Migration = tuple[str, Callable[[sqlite3.Connection], None] | None]
MIGRATIONS: list[Migration] = [
    (_V1, None),
    (_V2, None),
    (_V3, _link_stories),
    (_V4, _split_by_reading),
    (_V5, _add_totals),
    (_V6, None),
    (_V7, None),
    (_V8, _keep_dyad_means),
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


MAPPED_BYTES = 1 << 31
"""How much of the store file SQLite reads through a memory map (SQLite caps it at its own
limit, 2 GB by default): a page read from the map costs no system call and no copy, which
matters for the seeks a listing makes per event (its row, its first mention, the mention's
document) on a store larger than SQLite's page cache (see docs/performance.md). Writes
still go through the WAL as before."""


def connect(
    path: str | os.PathLike[str] | None = None, *, create: bool = True, upgrade: bool = True
) -> sqlite3.Connection:
    """Open (and create or upgrade) a store: WAL mode, foreign keys on, the file read through
    a memory map, rows as sqlite3.Row."""
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
        conn.execute(f"PRAGMA mmap_size = {MAPPED_BYTES}")
        if upgrade:
            migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{where} is not a kronika store: {exc}") from None
    return conn
