"""No input stops a batch or loses a good record, and the counts and exit codes never lie:
bad records are rejected with their reasons, a run that stores nothing fails, counts come
from what was committed, and bad options fail before the model loads."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kronika.cli import cli
from kronika.store import connect, ingest
from kronika.store.write import content_hash, insert_document

ARTICLE = "Iran opened a drone factory in Tajikistan on Tuesday, officials said."


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps result.stderr separate


@pytest.fixture
def no_model(monkeypatch):
    """Any attempt to load the model fails the test: options must be checked before."""

    def refuse(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr("kronika.pipeline.Extractor.__init__", refuse)


@pytest.fixture
def session_model(monkeypatch, extractor):
    """The CLI builds the session's extractor instead of loading the model again."""
    monkeypatch.setattr("kronika.pipeline.Extractor", lambda *args, **kwargs: extractor)
    return extractor


def article(number: int) -> dict[str, str]:
    countries = ["Germany", "France", "Japan", "Poland", "Kenya", "Brazil", "Egypt", "India"]
    a, b = countries[number % 8], countries[(number // 8 + number + 1) % 8]
    return {
        "id": f"gen-{number}",
        "date": f"2023-01-{number % 28 + 1:02d}",
        "text": f"Report {number}. {a}'s foreign minister met {b}'s envoy in Geneva.",
    }


def jsonl(records) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


# -- options fail first -----------------------------------------------------------------


def test_ingest_of_a_missing_path_fails_and_creates_no_store(runner, no_model, tmp_path):
    db = tmp_path / "store.db"

    result = runner.invoke(cli, ["ingest", str(tmp_path / "nope.jsonl"), "--db", str(db)])

    assert result.exit_code == 2
    assert "nope.jsonl" in result.stderr and "does not exist" in result.stderr
    assert not db.exists()


@pytest.mark.parametrize("command", ["ingest", "extract", "explain"])
def test_a_bad_date_fails_before_the_model_loads(runner, no_model, tmp_path, command):
    story = tmp_path / "story.txt"
    story.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "store.db"
    extra = ["--db", str(db)] if command == "ingest" else []

    result = runner.invoke(cli, [command, str(story), "--date", "2010-13", *extra])

    assert result.exit_code == 2
    assert "'2010-13'" in result.stderr and "--date" in result.stderr
    assert "Traceback" not in result.stderr
    assert not db.exists()  # no store, so no unfinished run row


def test_bad_columns_fail_before_the_model_loads(runner, no_model, tmp_path):
    story = tmp_path / "rows.csv"
    story.write_text("body\nIran.\n", encoding="utf-8")

    result = runner.invoke(cli, ["extract", str(story), "--columns", "body=text"])

    assert result.exit_code == 2
    assert "not a field" in result.stderr


def test_a_bad_date_in_the_library_fails_before_the_run_starts(tmp_path, extractor):
    conn = connect(tmp_path / "store.db")

    with pytest.raises(ValueError, match="2010-13"):
        ingest(conn, [tmp_path], extractor, date="2010-13")

    assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


# -- exit codes -------------------------------------------------------------------------


@pytest.mark.slow
def test_a_run_that_stores_nothing_exits_1_and_a_rerun_of_duplicates_exits_0(
    runner, session_model, tmp_path
):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": "x"}\nnot json\n')
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl([article(1), article(2)]))
    db = str(tmp_path / "store.db")

    nothing = runner.invoke(cli, ["ingest", str(bad), "--db", db, "--workers", "1"])
    first = runner.invoke(cli, ["ingest", str(good), "--db", db, "--workers", "1"])
    again = runner.invoke(cli, ["ingest", str(good), "--db", db, "--workers", "1"])

    assert nothing.exit_code == 1
    assert "nothing stored: all 2 record(s) rejected" in nothing.stderr
    assert first.exit_code == 0 and first.stdout.strip() == "ingested 2, duplicates 0, rejected 0"
    assert again.exit_code == 0 and again.stdout.strip() == "ingested 0, duplicates 2, rejected 0"


@pytest.mark.slow
def test_a_run_of_an_empty_folder_exits_1(runner, session_model, tmp_path):
    (tmp_path / "corpus").mkdir()

    result = runner.invoke(
        cli, ["ingest", str(tmp_path / "corpus"), "--db", str(tmp_path / "s.db"), "--workers", "1"]
    )

    assert result.exit_code == 1 and "nothing stored: none found" in result.stderr


# -- counts come from what was committed -------------------------------------------------


@pytest.mark.slow
def test_a_document_stored_meanwhile_by_another_run_counts_as_a_duplicate(extractor, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl([article(n) for n in range(6)]))
    db = tmp_path / "store.db"
    conn = connect(db)
    other = connect(db)
    meddled = []

    def store_one_meanwhile(report, committed):
        # Before the first commit, another writer stores the third article.
        if not committed and not meddled:
            from kronika.readers import read

            third = list(read([path]))[2]
            insert_document(other, third, content_hash(third.text), None)
            meddled.append(third.id)

    report = ingest(conn, [path], extractor, progress=store_one_meanwhile)

    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert stored == 6
    assert (report.ingested, report.duplicates) == (5, 1)
    run = conn.execute("SELECT ingested, duplicates FROM runs WHERE id = ?", (report.run_id,))
    assert tuple(run.fetchone()) == (5, 1)


def run_ingest(corpus, db) -> subprocess.Popen:
    command = [sys.executable, "-m", "kronika", "ingest", str(corpus), "--db", str(db)]
    command += ["--batch-size", "4", "--workers", "1", "--json"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_concurrent_ingests_count_exactly_what_they_stored(tmp_path):
    total = 160
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(jsonl([article(n) for n in range(total)]))
    db = tmp_path / "store.db"
    connect(db).close()

    runs = [run_ingest(corpus, db), run_ingest(corpus, db)]
    reports = []
    for process in runs:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        reports.append(json.loads(out))

    stored = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
    assert stored == total
    assert sum(r["ingested"] for r in reports) == total
    assert all(r["ingested"] + r["duplicates"] == total for r in reports)


# -- the batch of issue 17: 78 good articles, one too long, one bad byte, one NUL-filled --

PARAGRAPH = (
    "Gen. Ahmad Rahimi met Foreign Minister Sarah Lindqvist of Sweden in Kabul on Monday, "
    'and he said the two countries would sign an agreement in Stockholm. "We will not let '
    'the towns near Herat fall," Rahimi said. Police in Jalalabad arrested three men.\n\n'
)


def mixed_batch(path, long_chars: int) -> str:
    """78 good articles with, among them, one of `long_chars` characters, one with an
    invalid byte (line 31) and one whose text is NUL characters (line 52)."""
    long_text = (PARAGRAPH * (long_chars // len(PARAGRAPH) + 1))[:long_chars]
    lines = [json.dumps(article(n)).encode() for n in range(78)]
    lines.insert(10, json.dumps({"id": "long", "date": "2023-02-01", "text": long_text}).encode())
    lines.insert(30, b'{"id": "bad-byte", "text": "Caf\xe9 owners protested in Paris."}')
    lines.insert(51, json.dumps({"id": "nul", "text": "\x00" * 4000}).encode())
    path.write_bytes(b"\n".join(lines) + b"\n")
    return long_text


def check_mixed_batch(runner, tmp_path, long_chars: int, *options: str) -> None:
    corpus = tmp_path / "batch.jsonl"
    long_text = mixed_batch(corpus, long_chars)
    db = tmp_path / "store.db"
    command = ["ingest", str(corpus), "--db", str(db), "--workers", "1", *options]

    first = runner.invoke(cli, command)
    second = runner.invoke(cli, command)

    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip() == "ingested 79, duplicates 0, rejected 2"
    assert f"{corpus}:31: invalid UTF-8: byte 0xe9 at byte" in first.stderr
    assert f"{corpus}:52: the 'text' holds NUL characters" in first.stderr
    assert second.exit_code == 0, second.stderr
    assert second.stdout.strip() == "ingested 0, duplicates 79, rejected 2"
    conn = connect(db)
    stored = {r["doc_id"]: r for r in conn.execute("SELECT * FROM documents")}
    assert set(stored) == {f"gen-{n}" for n in range(78)} | {"long"}
    long_row = stored["long"]
    assert long_row["truncated"] == long_chars
    assert long_text.startswith(long_row["text"]) and len(long_row["text"]) < long_chars
    assert conn.execute("SELECT count(*) FROM rejected").fetchone()[0] == 2  # kept once
    assert conn.execute("SELECT count(*) FROM places").fetchone()[0] > 78  # all extracted


@pytest.mark.slow
def test_a_mixed_batch_stores_every_good_article_and_reruns_clean(runner, session_model, tmp_path):
    check_mixed_batch(runner, tmp_path, 60_000, "--max-chars", "50000")


@pytest.mark.long
def test_a_mixed_batch_with_an_article_of_1_1_million_characters(runner, session_model, tmp_path):
    """The same at full size (minutes): `pytest -m long tests/test_reliability.py`."""
    check_mixed_batch(runner, tmp_path, 1_100_000)


def test_kronika_extract_refuses_a_date_that_is_no_date_before_loading_a_model(no_model):
    import kronika

    with pytest.raises(ValueError, match="'24/05/2022'.*either way round"):
        kronika.extract("Iran opened a factory.", date="24/05/2022", model="not-loaded")


# -- kill -9 of a mixed batch, then the same command ---------------------------------------


def fingerprint(conn) -> tuple:
    """What must be equal between an interrupted-and-resumed and an uninterrupted ingest."""
    return (
        sorted(tuple(r) for r in conn.execute("SELECT hash, doc_id, truncated FROM documents")),
        sorted(
            tuple(r)
            for r in conn.execute("SELECT key, num_mentions, num_sources, num_articles FROM events")
        ),
        sorted(tuple(r) for r in conn.execute("SELECT path, record, reason FROM rejected")),
        conn.execute("SELECT count(*) FROM places").fetchone()[0],
    )


def stored(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def ingest_command(corpus, db) -> list[str]:
    return [
        sys.executable, "-m", "kronika", "ingest", str(corpus), "--db", str(db),
        "--batch-size", "4", "--max-chars", "50000", "--json",
    ]  # fmt: skip


@pytest.mark.slow
def test_kill_9_during_a_mixed_batch_then_the_same_command_ends_as_a_clean_run(tmp_path):
    """With worker processes (the default), a long article and rejected records in the
    batch: killed part-way, the same command ends with the store of an uninterrupted run."""
    import os
    import signal
    import time

    corpus = tmp_path / "batch.jsonl"
    mixed_batch(corpus, 60_000)
    clean = tmp_path / "clean.db"
    done = subprocess.run(ingest_command(corpus, clean), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    db = tmp_path / "killed.db"
    process = subprocess.Popen(
        ingest_command(corpus, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300
    while stored(db) < 20 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    at_kill = stored(db)
    assert process.returncode == -signal.SIGKILL
    assert 0 < at_kill < 79, "the ingest was not interrupted part-way"

    rerun = subprocess.run(ingest_command(corpus, db), capture_output=True, text=True)

    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert (summary["duplicates"], summary["ingested"]) == (at_kill, 79 - at_kill)
    assert fingerprint(connect(db)) == fingerprint(connect(clean))


def test_extraction_workers_run_at_a_lower_priority():
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from kronika.engine import local

    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=local._start_worker,
        initargs=(os.getpid(),),
    )
    with pool:
        niceness = pool.submit(os.nice, 0).result(timeout=60)

    assert niceness == min(os.nice(0) + local.WORKER_NICENESS, 19)


# -- readers, fuzzed ----------------------------------------------------------------------

SUFFIXES = [".txt", ".jsonl", ".json", ".csv", ".tsv", ".jsonl.gz", ".csv.bz2"]


def check_items(items, path) -> None:
    from kronika.records import Document, Rejected

    for item in items:
        assert isinstance(item, Document | Rejected)
        if isinstance(item, Rejected):
            assert item.path == str(path) and item.reason
        else:
            assert item.text.strip() and "\x00" not in item.text
            item.text.encode("utf-8")  # no lone surrogates: storable
            assert item.date is None or len(item.date) == 10


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_file_give_documents_or_rejections_never_an_exception(data, suffix):
    import bz2
    import gzip
    import tempfile
    from pathlib import Path

    from kronika.readers import read

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        compress = {".gz": gzip.compress, ".bz2": bz2.compress}.get(path.suffix, bytes)
        path.write_bytes(compress(data))

        check_items(list(read([path])), path)


TEXTS = st.text(min_size=1, max_size=200).filter(lambda t: t.strip() and "\x00" not in t)
JUNK = st.binary(min_size=1, max_size=80).filter(
    lambda b: b"\n" not in b and b"\r" not in b and not b.strip().startswith((b"{", b"["))
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(TEXTS, JUNK), min_size=1, max_size=30))
def test_every_good_json_line_survives_junk_lines_around_it(lines):
    import tempfile
    from pathlib import Path

    from kronika.readers import read

    body = b"".join(
        (json.dumps({"text": line}).encode() if isinstance(line, str) else line) + b"\n"
        for line in lines
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "batch.jsonl"
        path.write_bytes(body)

        items = list(read([path], max_chars=None))

    check_items(items, path)
    texts = [item.text for item in items if not hasattr(item, "reason")]
    assert texts == [line for line in lines if isinstance(line, str)]


BAD_UTF8 = st.binary(min_size=1, max_size=20).filter(
    lambda b: not _utf8(b) and not set(b) & set(b'\n\r,"\t;|\x00')
)


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.integers(0, 10**6), BAD_UTF8), min_size=1, max_size=30))
def test_a_csv_row_with_a_bad_byte_costs_only_that_row(rows):
    import tempfile
    from pathlib import Path

    from kronika.readers import read
    from kronika.records import Rejected

    body = b"id,text\n" + b"".join(
        (f"{row},Article number {row}.".encode() if isinstance(row, int) else b"x," + row) + b"\n"
        for row in rows
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        path.write_bytes(body)

        items = list(read([path]))

    good = [str(row) for row in rows if isinstance(row, int)]
    assert [item.id for item in items if not isinstance(item, Rejected)] == good
    bad = [item for item in items if isinstance(item, Rejected)]
    assert len(bad) == len(rows) - len(good)
    assert all("invalid UTF-8" in item.reason and "at byte" in item.reason for item in bad)


@pytest.mark.parametrize("junk", [b"\xfe\xff", b"\xff\xfe", b"\xff\xfe\x00\x00"])
def test_a_junk_line_that_begins_like_a_byte_order_mark_loses_only_itself(junk):
    import tempfile
    from pathlib import Path

    from kronika.readers import read

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "batch.jsonl"
        path.write_bytes(junk + b'\n{"text": "kept"}\n')
        items = list(read([path], max_chars=None))
    assert [item.text for item in items if not hasattr(item, "reason")] == ["kept"]
    assert [item for item in items if hasattr(item, "reason")], items
