"""Engines: one process, worker processes and a Dask LocalCluster store the same records.

The Dask tests need `kronika[dask]`; without it they skip and say so."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.engine import EngineError, ExtractorSpec, extract_batch, extraction_from_record
from kronika.records import Document
from kronika.store import connect, ingest
from kronika.store.ingest import load
from kronika.store.write import content_hash

pytestmark = pytest.mark.slow

COUNTRIES = ["Germany", "France", "Japan", "Poland", "Kenya", "Brazil", "Egypt", "India"]


def article(number: int) -> dict[str, str]:
    a = COUNTRIES[number % len(COUNTRIES)]
    b = COUNTRIES[(number * 3 + 1) % len(COUNTRIES)]
    return {
        "id": f"gen-{number}",
        "date": f"2023-01-{1 + number % 28:02d}",
        "source": f"wire-{number % 3}",
        "text": (
            f"Report {number}. {a}'s foreign minister met {b}'s envoy in Geneva on Monday. "
            f'"We want a lasting peace," said the minister. {b} later accused {a} of '
            "violating the ceasefire."
        ),
    }


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [json.dumps(article(n)) for n in range(14)]
    lines.insert(3, "not JSON")
    lines.append(json.dumps(article(2)))  # the same text again: a duplicate
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def records(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Everything a store holds, without row ids, run ids or timestamps."""

    def rows(sql: str) -> list[tuple]:
        return sorted((tuple(r) for r in conn.execute(sql)), key=repr)

    def columns(table: str, drop: set[str]) -> str:
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        return ", ".join(f't."{n}"' for n in names if n not in drop)

    found = {
        "documents": rows(
            # knowledge_id: what the local engine coded with; shards do not record it
            f"SELECT {columns('documents', {'id', 'run_id', 'story_id', 'knowledge_id'})}"
            " FROM documents t"
        ),
        "events": rows(f"SELECT {columns('events', {'id', 'added'})} FROM events t"),
        "mentions": rows(
            f"SELECT e.key, d.hash, {columns('mentions', {'id', 'event_id', 'document_id'})}"
            " FROM mentions t JOIN events e ON e.id = t.event_id"
            " JOIN documents d ON d.id = t.document_id"
        ),
        "parses": rows(
            "SELECT d.hash, t.model, t.docbin FROM parses t JOIN documents d"
            " ON d.id = t.document_id"
        ),
        "rejected": rows("SELECT path, record, reason FROM rejected"),
    }
    for table in ("actors", "quotes", "places", "dates", "equipment"):
        found[table] = rows(
            f"SELECT d.hash, {columns(table, {'id', 'document_id'})} FROM {table} t"
            " JOIN documents d ON d.id = t.document_id"
        )
    return found


@pytest.fixture
def reference(corpus, extractor, tmp_path):
    """The corpus ingested in this process, one batch at a time: what every engine must match."""
    conn = connect(tmp_path / "reference.db")
    report = ingest(conn, [corpus], extractor, batch_size=4)
    assert (report.ingested, report.duplicates, report.rejected) == (14, 1, 1)
    found = records(conn)
    conn.close()
    assert found["events"] and found["quotes"] and found["parses"]
    return found


def test_a_record_converts_back_to_the_same_extraction(extractor):
    documents = [Document(**{k: v for k, v in article(n).items()}) for n in range(4)]
    items = [(d, content_hash(d.text)) for d in documents]

    produced = extract_batch(extractor, items)

    assert [r["hash"] for r in produced] == [h for _, h in items]
    for record, document in zip(produced, documents, strict=True):
        assert record["error"] is None and record["parse"]
        expected = extractor.extract(document).to_dict()
        assert extraction_from_record(record).to_dict() == expected


def test_two_worker_processes_store_the_same_records_as_one(corpus, reference, tmp_path):
    conn = connect(tmp_path / "two.db")

    report = ingest(conn, [corpus], ExtractorSpec.resolve(), workers=2, batch_size=4)

    assert (report.ingested, report.duplicates, report.rejected) == (14, 1, 1)
    assert records(conn) == reference
    model = conn.execute("SELECT model FROM runs").fetchone()[0]
    assert model == conn.execute("SELECT DISTINCT model FROM parses").fetchone()[0]


def test_worker_processes_need_a_spec_not_a_loaded_extractor(corpus, extractor, tmp_path):
    with pytest.raises(TypeError, match="workers=2 needs an ExtractorSpec"):
        ingest(connect(tmp_path / "x.db"), [corpus], extractor, workers=2)


def test_a_worker_that_cannot_load_the_model_says_so(corpus, tmp_path):
    spec = ExtractorSpec(model="no_such_model_xx")

    with pytest.raises(EngineError, match="could not build the extractor.*no_such_model_xx"):
        ingest(connect(tmp_path / "x.db"), [corpus], spec, workers=2)


def test_load_refuses_a_directory_without_a_manifest(tmp_path):
    (tmp_path / "part-00000.parquet").write_bytes(b"")

    with pytest.raises(EngineError, match="has no manifest.json.*did not finish"):
        load(connect(tmp_path / "x.db"), tmp_path)


def test_the_dask_engine_needs_an_output_directory(corpus):
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--engine", "dask"])

    assert result.exit_code == 2
    assert "give the directory with --out DIR" in result.stderr


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip(
        "distributed", reason="the dask engine needs kronika[dask] (dask[distributed])"
    )
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_shards_loaded_into_a_store_equal_the_local_engine(
    dask_client, corpus, reference, tmp_path
):
    from kronika.engine.dask import ingest_to_shards

    out = tmp_path / "shards"
    report = ingest_to_shards(
        [corpus], out, ExtractorSpec.resolve(), client=dask_client, partition_size=5
    )

    assert (report.partitions, report.documents, report.duplicates) == (3, 14, 1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert [p["path"] for p in manifest["partitions"]] == [
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
    ]
    db = tmp_path / "dask.db"
    first = load(connect(db), out, batch_size=4)
    again = CliRunner().invoke(cli, ["load", str(out), "--db", str(db), "--json"])

    assert (first.ingested, first.duplicates, first.rejected) == (14, 0, 1)
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["ingested"], summary["duplicates"]) == (0, 14)
    assert records(connect(db)) == reference


def test_a_changed_shard_is_refused(dask_client, corpus, tmp_path):
    from kronika.engine.dask import ingest_to_shards

    out = tmp_path / "shards"
    ingest_to_shards([corpus], out, ExtractorSpec.resolve(), client=dask_client, limit=3)
    shard = out / "part-00000.parquet"
    shard.write_bytes(shard.read_bytes()[:-10])

    with pytest.raises(EngineError, match="does not match its SHA-256"):
        load(connect(tmp_path / "x.db"), out)
