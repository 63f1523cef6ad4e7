"""Ingest: idempotent by content hash, rejected records kept, events merged across articles,
recode from cached parses, and the kill -9 and rerun property with a real subprocess."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest

from kronika.store import connect, ingest
from kronika.store.recode import recode
from kronika.store.schema import stale_totals

pytestmark = pytest.mark.slow

COUNTRIES = [
    ("Germany", "Berlin"),
    ("France", "Paris"),
    ("Japan", "Tokyo"),
    ("Poland", "Warsaw"),
    ("Kenya", "Nairobi"),
    ("Brazil", "Brasilia"),
    ("Egypt", "Cairo"),
    ("India", "New Delhi"),
]


def article(number: int) -> dict[str, str]:
    """A short dated article; every 12 x 20 combination of pair and day repeats, so the same
    event is reported by several articles."""
    a, city = COUNTRIES[number % len(COUNTRIES)]
    b, _ = COUNTRIES[(number % 12 + 1 + number % len(COUNTRIES)) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(COUNTRIES.index((a, city)) + 1) % len(COUNTRIES)][0]
    day = date(2023, 1, 2) + timedelta(days=number % 20)
    return {
        "id": f"gen-{number}",
        "date": day.isoformat(),
        "source": f"wire-{number % 3}",
        "text": (
            f"Report {number}. {a}'s foreign minister met {b}'s envoy in {city}. "
            f'"We want a lasting peace," said the minister.'
        ),
    }


def write_corpus(path, count: int, bad: bool = False) -> None:
    lines = [json.dumps(article(n)) for n in range(count)]
    if bad:
        lines[1:1] = ['{"id": "no-text"}', "this line is not JSON"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = ("documents", "events", "mentions", "quotes", "actors", "places", "dates", "rejected")
    found = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in names}
    found["summed"] = conn.execute("SELECT sum(events) FROM event_days").fetchone()[0]
    found["stories"] = conn.execute("SELECT count(DISTINCT story_id) FROM documents").fetchone()[0]
    return found


def fingerprint(conn: sqlite3.Connection) -> tuple:
    """What must be equal between an interrupted-and-resumed and an uninterrupted ingest."""
    return (
        sorted(r[0] for r in conn.execute("SELECT hash FROM documents")),
        sorted(
            tuple(r)
            for r in conn.execute("SELECT key, num_mentions, num_sources, num_articles FROM events")
        ),
        sorted(
            tuple(r)
            for r in conn.execute(
                "SELECT d.hash, q.text FROM quotes q JOIN documents d ON d.id = q.document_id"
            )
        ),
    )


@pytest.fixture
def store(tmp_path):
    conn = connect(tmp_path / "test.db")
    yield conn
    conn.close()


def test_ingesting_twice_stores_each_document_once(store, extractor, tmp_path):
    corpus = tmp_path / "news.jsonl"
    write_corpus(corpus, 12)

    first = ingest(store, [corpus], extractor)
    before = counts(store)
    second = ingest(store, [corpus], extractor)

    assert (first.ingested, first.duplicates) == (12, 0)
    assert (second.ingested, second.duplicates) == (0, 12)
    assert str(second) == "ingested 0, duplicates 12, rejected 0"
    assert counts(store) == before
    assert before["documents"] == 12 and before["events"] > 0 and before["quotes"] > 0
    runs = store.execute("SELECT ingested, duplicates, finished FROM runs ORDER BY id").fetchall()
    assert [tuple(r)[:2] for r in runs] == [(12, 0), (0, 12)]
    assert all(r["finished"] for r in runs)


def test_the_same_text_twice_in_one_input_is_one_document(store, extractor, tmp_path):
    corpus = tmp_path / "twice.jsonl"
    record = article(0)
    corpus.write_text(json.dumps(record) + "\n" + json.dumps({**record, "id": "copy"}) + "\n")

    report = ingest(store, [corpus], extractor)

    assert (report.ingested, report.duplicates) == (1, 1)


def test_bad_records_are_stored_as_rejected_and_the_batch_goes_on(store, extractor, tmp_path):
    corpus = tmp_path / "mixed.jsonl"
    write_corpus(corpus, 5, bad=True)
    seen = []

    report = ingest(store, [corpus], extractor, on_rejected=seen.append)
    ingest(store, [corpus], extractor)  # the same rejections are not stored twice

    assert (report.ingested, report.rejected) == (5, 2)
    rows = store.execute("SELECT path, record, reason, run_id FROM rejected ORDER BY record")
    rows = [tuple(r) for r in rows]
    assert [(r[0], r[1]) for r in rows] == [(str(corpus), 2), (str(corpus), 3)]
    assert "no 'text'" in rows[0][2] and "not valid JSON" in rows[1][2]
    assert rows[0][3] == report.run_id
    assert [str(r) for r in seen] == [f"{corpus}:2: {rows[0][2]}", f"{corpus}:3: {rows[1][2]}"]


def test_a_document_that_breaks_extraction_is_rejected_and_the_rest_stored(
    store, extractor, tmp_path
):
    class Breaking:
        nlp = extractor.nlp

        def annotate(self, doc, document):
            if "BOOM" in document.text:
                raise IndexError("list index out of range")
            return extractor.annotate(doc, document)

    corpus = tmp_path / "boom.jsonl"
    records = [article(0), {"id": "boom", "text": "BOOM went the parser."}, article(1)]
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n")

    report = ingest(store, [corpus], Breaking())

    assert (report.ingested, report.rejected) == (2, 1)
    (reason,) = store.execute("SELECT reason FROM rejected").fetchone()
    assert reason == "document 'boom' could not be extracted: IndexError: list index out of range"


def test_the_same_event_in_several_articles_is_one_event_with_mentions(store, extractor, tmp_path):
    text = "Iran signed a defence agreement with Tajikistan in Dushanbe."
    records = [
        {"id": "a", "date": "2022-05-24", "source": "IRNA", "text": text},
        {"id": "b", "date": "2022-05-24", "source": "Reuters", "text": "Earlier, " + text},
        {"id": "c", "date": "2022-05-24", "source": "Reuters", "text": "Today " + text},
        {"id": "d", "date": "2022-06-01", "source": "IRNA", "text": text + " Again."},
    ]
    corpus = tmp_path / "same.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n")

    ingest(store, [corpus], extractor)

    rows = store.execute(
        "SELECT day, num_mentions, num_sources, num_articles FROM events"
        " WHERE source_code = 'IRN' AND target_code = 'TJK' ORDER BY day"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("2022-05-24", 3, 2, 3), ("2022-06-01", 1, 1, 1)]
    linked = store.execute(
        "SELECT d.doc_id, m.sentence, m.sentence_start, d.text FROM mentions m"
        " JOIN documents d ON d.id = m.document_id JOIN events e ON e.id = m.event_id"
        " WHERE e.day = '2022-05-24' AND e.source_code = 'IRN' ORDER BY d.doc_id"
    ).fetchall()
    assert [r["doc_id"] for r in linked] == ["a", "b", "c"]
    for row in linked:  # each mention points at its sentence in its document
        start = row["sentence_start"]
        assert row["text"][start : start + len(row["sentence"])] == row["sentence"]


def test_near_duplicates_are_linked_as_one_story_with_several_sources(store, extractor, tmp_path):
    wire = (
        "Iran has begun producing military drones in Tajikistan, the first time it has "
        "manufactured weapons abroad, officials in both countries said on Tuesday at the "
        "opening of a factory near Dushanbe that will build the Ababil-2 drone."
    )
    records = [
        {"id": "wire", "date": "2022-05-24", "source": "AP", "text": wire},
        {
            "id": "site",
            "date": "2022-05-24",
            "source": "Site",
            "text": "DUSHANBE (Site) - " + wire.replace("officials", "officials from"),
        },
        {
            "id": "other",
            "date": "2022-05-24",
            "source": "AP",
            "text": "Poland condemned Belarus for the border incident on Tuesday.",
        },
    ]
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n")

    ingest(store, [corpus], extractor)

    stories = dict(store.execute("SELECT doc_id, story_id FROM documents").fetchall())
    assert stories["site"] == stories["wire"] != stories["other"]
    sources = store.execute(
        "SELECT count(DISTINCT outlet) FROM documents WHERE story_id = ?", (stories["wire"],)
    ).fetchone()[0]
    assert sources == 2


def test_recode_reuses_cached_parses_and_rebuilds_the_same_rows(store, extractor, tmp_path):
    corpus = tmp_path / "news.jsonl"
    write_corpus(corpus, 10)
    ingest(store, [corpus], extractor)
    before = counts(store), fingerprint(store)
    store.execute("DELETE FROM mentions WHERE id IN (SELECT id FROM mentions LIMIT 3)")

    report = recode(store, extractor)

    assert (report.documents, report.reparsed) == (10, 0)
    assert (counts(store), fingerprint(store)) == before
    assert stale_totals(store) == []  # the summary tables followed the re-coded rows


def run_ingest(corpus, db, **kwargs) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "kronika",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        "8",
        "--json",
    ]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )


def stored(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet, or the schema is still being written


def test_kill_9_during_ingest_then_the_same_command_equals_an_uninterrupted_run(
    extractor, tmp_path
):
    total = 320
    corpus = tmp_path / "many.jsonl"
    write_corpus(corpus, total, bad=True)
    reference = connect(tmp_path / "reference.db")
    ingest(reference, [corpus], extractor, batch_size=8)
    expected = counts(reference), fingerprint(reference)

    db = tmp_path / "killed.db"
    process = run_ingest(corpus, db)
    deadline = time.monotonic() + 120
    while stored(db) < 40 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    at_kill = stored(db)
    assert process.returncode == -signal.SIGKILL
    assert 0 < at_kill < total, "the ingest was not interrupted part-way"

    rerun = run_ingest(corpus, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["ingested"] + summary["duplicates"] == total
    assert summary["duplicates"] == at_kill

    conn = connect(db)
    assert (counts(conn), fingerprint(conn)) == expected
    assert expected[0]["documents"] == total and expected[0]["rejected"] == 2
    # the summaries of the interrupted-then-completed store equal a recount of its rows
    assert stale_totals(conn) == [] and stale_totals(reference) == []
