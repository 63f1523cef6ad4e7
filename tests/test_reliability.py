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
