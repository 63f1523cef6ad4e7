"""The store's schema: creation, WAL, FTS5, and migrations from older versions."""

from __future__ import annotations

import sqlite3

import pytest

from kronika.store import schema
from kronika.store.schema import SCHEMA_VERSION, StoreError, connect, migrate


def tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_a_new_store_has_every_table_at_the_current_version(tmp_path):
    conn = connect(tmp_path / "k.db")

    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {
        "documents",
        "actors",
        "events",
        "mentions",
        "quotes",
        "places",
        "dates",
        "equipment",
        "rejected",
        "runs",
        "parses",
        "documents_fts",
        "quotes_fts",
    } <= tables(conn)


def test_an_older_store_is_upgraded_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, target=1)  # what kronika with schema version 1 wrote
    old.execute(
        "INSERT INTO documents (hash, doc_id, text) VALUES ('h1', 'a', 'Iran and Tajikistan')"
    )
    old.close()

    conn = connect(path)

    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT doc_id FROM documents").fetchall()[0][0] == "a"
    hits = conn.execute(
        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'tajikistan'"
    ).fetchall()
    assert len(hits) == 1  # the full-text index was built over the existing rows
    assert conn.execute("SELECT story_id FROM documents").fetchone()[0] == 1  # v3 backfill


def test_events_of_a_version_3_store_are_split_by_how_they_were_reported(tmp_path):
    path = tmp_path / "v3.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, target=3)  # one event, reported as done by one mention and denied by another
    old.execute("INSERT INTO documents (id, hash, doc_id, text) VALUES (1, 'h1', 'a', 'x')")
    old.execute(
        "INSERT INTO events (id, key, day, source_code, target_code, cameo, added, num_mentions)"
        " VALUES (1, 'IRN|IRQ|190|2020-01-01', '2020-01-01', 'IRN', 'IRQ', '190', 'now', 3)"
    )
    old.executemany(
        "INSERT INTO mentions (event_id, document_id, sentence, confidence, negated, modality)"
        " VALUES (1, 1, ?, ?, ?, ?)",
        [
            ("Iran attacked Iraq.", 0.9, 0, "asserted"),
            ("Iran did not attack Iraq.", 0.7, 1, "asserted"),
            ("Iran attacked Iraq, Iraq said.", 0.6, 0, "alleged"),
        ],
    )
    old.close()

    conn = connect(path)

    rows = conn.execute(
        "SELECT key, modality, negated, num_mentions, confidence FROM events ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("IRN|IRQ|190|2020-01-01", "asserted", 0, 1, 0.9),
        ("IRN|IRQ|190|2020-01-01|asserted|negated", "asserted", 1, 1, 0.7),
        ("IRN|IRQ|190|2020-01-01|alleged", "alleged", 0, 1, 0.6),
    ]
    moved = conn.execute(
        "SELECT e.negated, m.negated FROM mentions m JOIN events e ON e.id = m.event_id"
    ).fetchall()
    assert all(event == mention for event, mention in moved)


def test_a_store_from_a_newer_kronika_is_refused_with_advice(tmp_path):
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    with pytest.raises(StoreError, match="newer than this kronika understands.*upgrade"):
        connect(path)


def test_a_file_that_is_not_a_store_is_named_in_the_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are not the tables you are looking for\n" * 100)

    with pytest.raises(StoreError, match="notes.db is not a kronika store"):
        connect(path)


def test_opening_a_missing_store_for_reading_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError, match="no store at .*kronika ingest"):
        connect(tmp_path / "missing.db", create=False)


def test_the_store_path_comes_from_the_argument_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KRONIKA_DB", str(tmp_path / "env.db"))

    assert schema.default_path() == tmp_path / "env.db"
    assert schema.default_path("given.db").name == "given.db"
    monkeypatch.delenv("KRONIKA_DB")
    assert schema.default_path().name == "kronika.db"


def _fill(conn: sqlite3.Connection) -> None:
    """Documents, events, mentions and actors written the way ingest and recode do."""
    from kronika.store.write import recount_events

    conn.execute("BEGIN")
    for n in range(1, 7):
        conn.execute(
            "INSERT INTO documents (hash, doc_id, date, outlet, text) VALUES (?, ?, ?, ?, ?)",
            (f"h{n}", f"d{n}", f"2022-05-{n:02}", f"wire-{n % 2}", f"text {n}"),
        )
        conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", (n - n % 2 or n, n))
    keys = [
        ("IRN|TJK|042|2022-05-01", "2022-05-01", "IRN", "TJK", "042", "CONSULT", 1.9, "Dushanbe"),
        ("IRNMIL|TJK|190|2022-05-02", "2022-05-02", "IRNMIL", "TJK", "190", "ASSAULT", -10.0, None),
        ("USA|IRN|163|", None, "USA", "IRN", "163", "SANCTION", -8.0, "Tehran"),
        ("USA||010|2022-05-02", "2022-05-02", "USA", None, "010", "CONSULT", None, None),
    ]
    for key, day, source, target, cameo, plover, goldstein, place in keys:
        conn.execute(
            "INSERT INTO events (key, day, source_code, target_code, cameo, plover_type,"
            " goldstein, location_name, location_lat, location_lon, added)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'now')",
            (key, day, source, target, cameo, plover, goldstein, place,
             38.5 if place else None, 68.8 if place else None),
        )  # fmt: skip
    for event, document in ((1, 1), (1, 2), (2, 2), (3, 3), (4, 4), (4, 5)):
        conn.execute(
            "INSERT INTO mentions (event_id, document_id, sentence, negated) VALUES (?, ?, 's', 0)",
            (event, document),
        )
        for code, name, kind in (("IRN", "Iran", "country"), ("IRNMIL", "IRGC", "agency")):
            conn.execute(
                'INSERT INTO actors (document_id, text, name, code, kind, start, "end")'
                " VALUES (?, ?, ?, ?, ?, 0, 1)",
                (document, name, name, code, kind),
            )
    recount_events(conn, range(1, 5))
    conn.execute("COMMIT")


def test_summary_tables_equal_a_recount_after_inserts_updates_and_deletes(tmp_path):
    from kronika.store.schema import refresh_totals, stale_totals
    from kronika.store.write import delete_extraction, recount_events

    conn = connect(tmp_path / "k.db")
    _fill(conn)
    assert stale_totals(conn) == []
    days = dict(conn.execute("SELECT day, events FROM event_days").fetchall())
    assert days == {"2022-05-01": 1, "2022-05-02": 2, "": 1}

    conn.execute("BEGIN")  # what recode does to a document: its rows go, events are recounted
    touched = delete_extraction(conn, 2) | delete_extraction(conn, 3)
    recount_events(conn, touched)
    conn.execute("UPDATE events SET goldstein = 4.0, location_name = 'Kulob' WHERE id = 1")
    conn.execute("DELETE FROM documents WHERE id = 6")
    conn.execute("COMMIT")

    assert stale_totals(conn) == []
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2  # 2 and 3 lost theirs
    # the check can fail: a summary changed behind the triggers' back is found
    conn.execute("UPDATE event_dyads SET goldstein = goldstein + 1")
    assert stale_totals(conn) == ["event_dyads"]  # a mean that is not its sums'
    conn.execute("UPDATE event_dyads SET events = events + 1")
    assert stale_totals(conn) == ["event_dyads"]
    conn.execute("BEGIN")
    refresh_totals(conn)
    conn.execute("COMMIT")
    assert stale_totals(conn) == []


def test_an_older_store_gets_summaries_of_the_rows_it_holds(tmp_path):
    from kronika.store.schema import stale_totals

    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, target=4)  # the version before the summaries
    _fill(old)
    old.close()

    conn = connect(path)

    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert stale_totals(conn) == []
    assert conn.execute("SELECT sum(events) FROM event_days").fetchone()[0] == 4


def test_a_bulk_load_without_triggers_then_a_refresh_gives_the_same_summaries(tmp_path):
    from kronika.store.schema import (
        add_totals_triggers,
        drop_totals_triggers,
        refresh_totals,
        stale_totals,
    )

    conn = connect(tmp_path / "k.db")
    drop_totals_triggers(conn)
    _fill(conn)
    assert stale_totals(conn) != []  # nothing kept them meanwhile
    conn.execute("BEGIN")
    refresh_totals(conn)
    add_totals_triggers(conn)
    conn.execute("COMMIT")
    _fill_more = "UPDATE events SET goldstein = -1.0 WHERE id = 2"
    conn.execute(_fill_more)
    assert stale_totals(conn) == []


@pytest.mark.parametrize("version", [4, 7])
def test_the_network_from_an_upgraded_stores_summaries_equals_one_from_its_events(
    tmp_path, version
):
    from kronika.store import query
    from kronika.store.schema import stale_totals

    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, target=version)  # before the summaries; before the dyads' means
    _fill(old)
    old.close()
    conn = connect(path)
    conn.execute("UPDATE events SET goldstein = -2.5 WHERE id = 2")  # kept by the triggers

    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    edges = [tuple(vars(e).values()) for e in query.network(conn).edges]
    conn.set_trace_callback(None)
    from_events = conn.execute(
        "SELECT source_code, target_code, count(*), sum(num_mentions), round(avg(goldstein), 2),"
        " sum(modality = 'asserted' AND NOT negated), round(avg(confidence), 2), min(day),"
        " max(day) FROM events WHERE source_code IS NOT NULL AND target_code IS NOT NULL"
        " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
    ).fetchall()

    assert stale_totals(conn) == []
    assert edges == [tuple(row) for row in from_events] and len(edges) == 3
    # the whole network is one scan of an index that holds it all, in order (the index is
    # partial: the query's WHERE must imply the index's for the planner to use it)
    (read,) = [s for s in statements if "FROM event_dyads" in s]
    plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + read))
    assert plan == "SCAN event_dyads USING COVERING INDEX event_dyads_by_events"
    (index,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'event_dyads_by_events'"
    ).fetchone()
    assert "WHERE source_code != '' AND target_code != ''" in index


def test_every_event_of_an_actor_comes_in_the_order_of_day_then_id(tmp_path):
    """An actor on either side is read as the union of two index ranges; without a limit
    the rows are sorted after reading, and must come as ORDER BY day, id would give them
    (no day first, ties by id), with or without a date filter."""
    import random

    from kronika.store import query

    conn = connect(tmp_path / "order.db")
    rng = random.Random(4)
    codes = ["IRN", "IRNMIL", "TJK", "USA", None]
    days = [None, "2022-05-01", "2022-05-02", "2022-05-03", "2023-01-01"]
    conn.execute("BEGIN")
    for n in range(300):
        source, target = rng.choice(codes[:-1]), rng.choice(codes)
        conn.execute(
            "INSERT INTO events (key, day, source_code, target_code, cameo, added)"
            " VALUES (?, ?, ?, ?, '042', 'now')",
            (f"k{n}", rng.choice(days), source, target),
        )
    conn.execute("COMMIT")
    for where, sql in (
        (query.EventFilter(actor="IRN"), "source_root = 'IRN' OR target_root = 'IRN'"),
        (
            query.EventFilter(actor="IRN", since="2022-05-02"),
            "(source_root = 'IRN' OR target_root = 'IRN') AND day >= '2022-05-02'",
        ),
        (query.EventFilter(actor="TJK"), "source_root = 'TJK' OR target_root = 'TJK'"),
    ):
        expected = [
            r[0] for r in conn.execute(f"SELECT id FROM events WHERE {sql} ORDER BY day, id")
        ]
        found = [e.id for e in query.events(conn, where)]
        assert found == expected and len(found) > 20
        assert any(e.day is None for e in query.events(conn, where)) == (where.since is None)


@pytest.mark.parametrize(
    ("where", "indexes"),
    [
        # an actor on either side since a day: a range of each root index, (root, day)
        (
            {"actor": "IRN", "since": "2022-05-02"},
            [
                "SEARCH e USING INDEX events_source (source_root=? AND day>?)",
                "SEARCH e USING INDEX events_target (target_root=? AND day>?)",
            ],
        ),
        ({"actor": "IRNMIL"}, ["events_source (source_root=?", "events_target (target_root=?"]),
        # a dyad: one range of an index on the roots (which one is the planner's choice)
        ({"dyad": "IRN:TJK"}, ["SEARCH e USING INDEX events_"]),
    ],
)
def test_an_actors_listing_seeks_the_root_indexes_and_reads_the_file_mapped(
    tmp_path, where, indexes
):
    """A listing of an actor's events (no limit) is read through index ranges on the actor
    roots, never by scanning the events, and each event's row, first mention and document
    by their keys; the store is read through a memory map (docs/performance.md)."""
    from kronika.store import query

    conn = connect(tmp_path / "plan.db")
    assert conn.execute("PRAGMA mmap_size").fetchone()[0] > 0
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    query.events(conn, query.EventFilter(**where))
    conn.set_trace_callback(None)
    (read,) = [s for s in statements if "FROM events e" in s]
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + read)]
    for index in indexes:
        assert any(index in step for step in plan), (index, plan)
    assert not [step for step in plan if step.startswith("SCAN e")], plan
    assert "SEARCH m USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN" in plan
    assert "SEARCH d USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN" in plan
