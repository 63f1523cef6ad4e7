"""Ingest: idempotent by content hash, rejected records kept, events merged across articles,
recode from cached parses, and the kill -9 and rerun property with a real subprocess."""

from __future__ import annotations

import gc
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

    nothing = recode(store, extractor)  # nothing was edited: nothing to re-code
    report = recode(store, extractor, everything=True)

    assert (nothing.documents, nothing.unchanged) == (0, 10)
    assert (report.documents, report.reparsed) == (10, 0)
    assert (counts(store), fingerprint(store)) == before
    assert stale_totals(store) == []  # the summary tables followed the re-coded rows


def test_recode_from_stored_parses_loads_no_parser_and_parses_a_document_without_one(
    store, extractor, tmp_path, monkeypatch
):
    import kronika.pipeline
    from kronika.engine import ExtractorSpec

    corpus = tmp_path / "news.jsonl"
    write_corpus(corpus, 6)
    ingest(store, [corpus], extractor)
    before = counts(store), fingerprint(store)
    spec = ExtractorSpec.resolve(None, [])
    real = kronika.pipeline.pipeline_sharing
    monkeypatch.setattr(
        kronika.pipeline, "pipeline_sharing", lambda *a: pytest.fail("loaded the parser")
    )
    report = recode(store, spec, everything=True)  # every parse is stored
    assert (report.documents, report.reparsed) == (6, 0)
    assert (counts(store), fingerprint(store)) == before

    loaded = []
    monkeypatch.setattr(
        kronika.pipeline, "pipeline_sharing", lambda *a: loaded.append(a) or real(*a)
    )
    store.execute("DELETE FROM parses WHERE document_id IN (SELECT id FROM documents LIMIT 2)")
    report = recode(store, spec, everything=True)
    assert (report.documents, report.reparsed, len(loaded)) == (6, 2, 1)
    assert (counts(store), fingerprint(store)) == before
    assert stale_totals(store) == []


PEOPLE = [
    "Marta Kovacs, Hungary's foreign minister, met the envoy of Austria in Budapest.",
    "Jonas Berg criticized the government of Norway on Tuesday.",
    'Police arrested Jonas Berg in Oslo. "We will appeal," his lawyer said.',
    "Kenya's president thanked Marta Kovacs for the aid sent to Nairobi.",
]
BEFORE = "names\tcode\tkind\nMarta Kovacs\tHUNGOV\tperson\nSaaremaa Guard\tESTMIL\tagency\n"
# Marta Kovacs changes code, Jonas Berg is added, Tokyo becomes a seat of government and
# the Saaremaa Guard (named in no article) is removed.
AFTER = (
    "names\tcode\tkind\nMarta Kovacs\tHUNLEG\tperson\nJonas Berg\tNORELI\tperson\n"
    "Tokyo\tJPNGOV\tmetonym\n"
)


def contents(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every extracted row, keyed by document hash and event key instead of row ids."""
    by_document = {
        table: f"SELECT d.hash, t.* FROM {table} t JOIN documents d ON d.id = t.document_id"
        for table in ("actors", "quotes", "places", "dates", "equipment")
    }
    found = {
        table: sorted((r[0], *tuple(r)[2:]) for r in conn.execute(sql))  # drop the row id
        for table, sql in by_document.items()
    }
    found["events"] = sorted(
        tuple(r)[1:]
        for r in conn.execute(
            "SELECT id, key, day, source_code, source_name, target_code, target_name, cameo,"
            " cameo_name, plover_type, goldstein, num_mentions, num_sources, num_articles,"
            " is_root, confidence, location_name, location_lat, location_lon, modality, negated"
            " FROM events"
        )
    )
    found["mentions"] = sorted(
        tuple(r)
        for r in conn.execute(
            "SELECT e.key, d.hash, m.sentence, m.trigger_start, m.rule, m.source_text,"
            " m.target_text FROM mentions m JOIN events e ON e.id = m.event_id"
            " JOIN documents d ON d.id = m.document_id"
        )
    )
    return found


def test_recode_after_an_edit_re_codes_only_the_documents_it_can_change(
    tmp_path, monkeypatch
):
    from kronika.engine import ExtractorSpec
    from kronika.pipeline import Extractor

    corpus = tmp_path / "news.jsonl"
    lines = [json.dumps(article(n)) for n in range(16)]
    lines += [json.dumps({"id": f"p{n}", "date": "2023-02-01", "text": t}) for n, t in
              enumerate(PEOPLE)]  # fmt: skip
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    (folder / "actors.tsv").write_text(BEFORE, encoding="utf-8")
    conn = connect(tmp_path / "edited.db")
    ingest(conn, [corpus], Extractor(None, [folder]))
    (folder / "actors.tsv").write_text(AFTER, encoding="utf-8")
    edited = Extractor(None, [folder])
    found_again: list[str] = []
    for stage in ("dates", "equipment"):
        own = getattr(edited, stage)
        monkeypatch.setattr(
            edited, stage, lambda *a, own=own, stage=stage: found_again.append(stage) or own(*a)
        )

    report = recode(conn, edited)
    # only actor entries changed: each document's dates and equipment are read back
    assert found_again == []
    assert gc.get_freeze_count() == 0  # the extractor's objects are back in the collector's sight
    monkeypatch.undo()
    fresh = connect(tmp_path / "fresh.db")
    ingest(fresh, [corpus], edited)

    # the four articles naming Kovacs or Berg and the two naming Tokyo, of twenty
    tokyo = sum("Tokyo" in json.loads(line)["text"] for line in lines)
    assert (report.documents, report.unchanged) == (4 + tokyo, 20 - 4 - tokyo)
    assert contents(conn) == contents(fresh)  # as if the corpus had been ingested anew
    codes = {r[0] for r in conn.execute("SELECT code FROM actors WHERE name LIKE '%Berg'")}
    assert codes == {"NORELI"}
    assert stale_totals(conn) == []
    # coded with what it has now: nothing more to do, and the model is not even loaded
    monkeypatch.setattr(ExtractorSpec, "build", lambda spec: pytest.fail("built an extractor"))
    again = recode(conn, ExtractorSpec.resolve(None, [folder]))
    assert (again.documents, again.unchanged) == (0, 20)


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


def test_after_recode_an_event_is_described_by_its_first_remaining_mention(
    store, extractor, tmp_path
):
    class Edited:
        """The extractor after an edit that takes article "a"'s event away."""

        nlp = extractor.nlp

        def annotate(self, doc, document):
            extraction = extractor.annotate(doc, document)
            if document.id == "a":
                extraction.events = []
            return extraction

    text = "Iran signed a defence agreement with Tajikistan in {}."
    records = [
        {"id": "a", "date": "2022-05-24", "source": "IRNA", "text": text.format("Dushanbe")},
        {"id": "b", "date": "2022-05-24", "source": "AP", "text": text.format("Tehran")},
    ]
    corpus = tmp_path / "two.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    ingest(store, [corpus], extractor)
    place = "SELECT location_name FROM events WHERE source_code = 'IRN' AND target_code = 'TJK'"
    assert [r[0] for r in store.execute(place)] == ["Dushanbe"]  # from "a", the first

    recode(store, Edited(), everything=True)
    fresh = connect(tmp_path / "fresh.db")
    ingest(fresh, [corpus], Edited())

    assert [r[0] for r in store.execute(place)] == ["Tehran"]
    assert contents(store) == contents(fresh)
    assert stale_totals(store) == []
