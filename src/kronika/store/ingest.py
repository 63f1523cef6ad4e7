"""Ingest articles into the store, safely and idempotently.

Documents are parsed in order and committed in batches, each batch in one transaction that
holds the document rows together with everything extracted from them. A document whose
content hash is already stored is a duplicate and is not parsed again, so after `kill -9`
the same command simply carries on where the last committed batch ended.

Extraction runs in this process or in worker processes (`workers`, see
`kronika.engine.local`); either way this process reads the input, checks duplicates and is
the only writer, and a batch is committed only after all of it has been extracted. `load`
writes the Parquet shards of a cluster run (`kronika.engine.dask`) the same way.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..engine.extract import (
    ExtractorSpec,
    WorkItem,
    document_from_record,
    extraction_from_record,
    model_id,
)
from ..readers import MAX_CHARS, normalise_date, read
from ..readers import columns as read_columns
from ..records import Document, Extraction, Rejected
from . import edits
from .stories import assign_story
from .write import (
    content_hash,
    insert_document,
    insert_extraction,
    insert_rejected,
    recount_events,
)

BATCH_SIZE = 32
EXTRACT_CHUNK = 8


@dataclass
class IngestReport:
    """What one ingest did; also its progress while it runs."""

    run_id: int
    ingested: int = 0  # documents stored by this run's committed transactions
    duplicates: int = 0  # already stored, before this run or by another meanwhile
    rejected: int = 0
    read_bytes: int = 0
    total_bytes: int = 0
    seconds: float = 0.0
    committed: int = 0  # documents in committed batches (stored or found stored meanwhile)
    extracted: int = 0  # documents extracted so far, committed or not

    @property
    def rate(self) -> float:
        """Documents extracted per second."""
        return self.extracted / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return f"ingested {self.ingested}, duplicates {self.duplicates}, rejected {self.rejected}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("committed")
        data.pop("extracted")
        data["rate"] = round(self.rate, 2)
        data["seconds"] = round(self.seconds, 2)
        return data


Progress = Callable[[IngestReport, bool], None]
"""Called after each document (`committed` False) and after each committed batch (True)."""


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def input_bytes(paths: Iterable[str | os.PathLike[str]]) -> int:
    """Total size of the input files, for the progress bar (stdin counts as 0)."""
    total = 0
    for given in paths:
        root = Path(given)
        if str(given) == "-" or not root.exists():
            continue
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        total += sum(p.stat().st_size for p in files)
    return total


def start_run(conn: sqlite3.Connection, command: str, paths: Iterable[Any], model: str) -> int:
    cursor = conn.execute(
        "INSERT INTO runs (command, started, kronika_version, model, paths) VALUES (?, ?, ?, ?, ?)",
        (command, now(), __version__, model, "\n".join(str(p) for p in paths)),
    )
    return int(cursor.lastrowid or 0)


def finish_run(conn: sqlite3.Connection, report: IngestReport, model: str | None = None) -> None:
    conn.execute(
        "UPDATE runs SET finished = ?, ingested = ?, duplicates = ?, rejected = ?,"
        " model = coalesce(?, model) WHERE id = ?",
        (now(), report.ingested, report.duplicates, report.rejected, model, report.run_id),
    )


def ingest(
    conn: sqlite3.Connection,
    paths: Iterable[str | os.PathLike[str]],
    extractor: Any,
    *,
    workers: int = 1,
    date: str | None = None,
    limit: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    keep_parses: bool = True,
    on_rejected: Callable[[Rejected], None] | None = None,
    columns: str | Mapping[str, str] | None = None,
    max_chars: int | None = MAX_CHARS,
) -> IngestReport:
    """Read, extract and store every article under `paths`; return counts for the run.

    `extractor` is a `kronika.Extractor`, or a `kronika.engine.ExtractorSpec` to build one
    from. With `workers` > 1 it must be a spec: extraction runs in that many processes, each
    with its own extractor, while this process reads the input and is the store's only
    writer. `limit` stops after that many documents have been read (duplicates included),
    which makes a slice of a large corpus repeatable. Rejected records are stored (and passed
    to `on_rejected`); the batch goes on. `columns` and `max_chars` are `kronika.read`'s.
    The counts are of what was committed: a document another ingest stored meanwhile is a
    duplicate. A bad `date` or `columns` raises ReaderError before the run starts.
    """
    from ..engine.local import extract_chunks

    paths = list(paths)
    date, columns = normalise_date(date), read_columns(columns) or None
    if workers > 1 and not isinstance(extractor, ExtractorSpec):
        raise TypeError(
            f"workers={workers} needs an ExtractorSpec (each worker process builds its own "
            f"extractor), not {type(extractor).__name__}: pass "
            "kronika.engine.ExtractorSpec.resolve(model, dictionaries)"
        )
    if isinstance(extractor, ExtractorSpec):
        model = extractor.model or "?"  # replaced by the workers' model id when they report
    else:
        model = model_id(extractor.nlp)
    writer = _Writer(conn, start_run(conn, "ingest", paths, model), model, batch_size)
    writer.knowledge_id = edits.record(conn, edits.knowledge_of(extractor))
    writer.report.total_bytes = input_bytes(paths)
    writer.progress, writer.on_rejected = progress, on_rejected
    report = writer.report

    def fresh() -> Iterator[WorkItem]:
        read_count = 0
        items = read([str(p) for p in paths], date=date, columns=columns, max_chars=max_chars)
        for item in items:
            if isinstance(item, Rejected):
                writer.reject(item)
                continue
            if limit is not None and read_count >= limit:
                return
            read_count += 1
            report.read_bytes += len(item.text.encode("utf-8"))
            digest = content_hash(item.text)
            if writer.known(digest):
                report.duplicates += 1
                continue
            writer.in_flight.add(digest)
            yield item, digest

    # Extraction goes in small chunks: no worker waits idle while another finishes a long
    # one, and memory stays low (a worker parses at most PARSE_CHARS at once, see
    # kronika.engine.extract). The writer still commits `batch_size` per transaction.
    for records in extract_chunks(
        _chunks(fresh(), min(batch_size, EXTRACT_CHUNK)),
        extractor,
        workers=workers,
        keep_parses=keep_parses,
    ):
        for record in records:
            writer.add(record)
    return writer.finish()


def load(
    conn: sqlite3.Connection,
    shards: str | os.PathLike[str],
    *,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> IngestReport:
    """Merge the Parquet shards of a cluster run (`kronika ingest --engine dask --out DIR`)
    into the store; documents already stored (by content hash) are counted as duplicates,
    so loading the same shards twice changes nothing."""
    from ..engine import shards as shard_files

    manifest = shard_files.read_manifest(shards)
    writer = _Writer(
        conn, start_run(conn, "load", [shards], manifest["model"]), manifest["model"], batch_size
    )
    writer.progress = progress
    writer.report.total_bytes = manifest.get("bytes", 0)
    for item in shard_files.read_rejected(shards, manifest):
        writer.reject(item)
    for record in shard_files.read_records(shards, manifest):
        writer.report.read_bytes += len(record["document"]["text"].encode("utf-8"))
        if writer.known(record["hash"]):
            writer.report.duplicates += 1
            continue
        writer.in_flight.add(record["hash"])
        writer.add(record)
    return writer.finish()


def _chunks(items: Iterable[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    chunk: list[WorkItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Writer:
    """The store's single writer for a run: collects records, commits them in batches.

    `in_flight` holds the hashes read but not yet committed, so a second copy of a document
    read meanwhile is a duplicate; once committed, the store itself answers that, which
    keeps this set (and memory) small however large the input.
    """

    def __init__(self, conn: sqlite3.Connection, run_id: int, model: str, batch_size: int):
        self.conn, self.model, self.batch_size = conn, model, batch_size
        self.report = IngestReport(run_id=run_id)
        self.started = time.monotonic()
        self.batch: list[tuple[Document, str, Extraction, bytes | None]] = []
        self.rejected: list[Rejected] = []
        self.in_flight: set[str] = set()
        self.progress: Progress | None = None
        self.on_rejected: Callable[[Rejected], None] | None = None
        self.knowledge_id: int | None = None  # what the documents are coded with, if known

    def known(self, digest: str) -> bool:
        if digest in self.in_flight:
            return True
        return bool(
            self.conn.execute("SELECT 1 FROM documents WHERE hash = ?", (digest,)).fetchone()
        )

    def reject(self, item: Rejected) -> None:
        self.report.rejected += 1
        self.rejected.append(item)
        if self.on_rejected:
            self.on_rejected(item)

    def add(self, record: dict[str, Any]) -> None:
        if record["model"] != self.model:
            self.model = record["model"]
        if record["error"] is not None:
            document = document_from_record(record)
            # the hash stays in `in_flight`: a later copy is a duplicate, as it was before
            self.reject(
                Rejected(
                    document.path or "-",
                    None,
                    f"document {document.id!r} could not be extracted: {record['error']}",
                )
            )
            return
        extraction = extraction_from_record(record)
        self.batch.append((extraction.document, record["hash"], extraction, record["parse"]))
        self.report.extracted += 1
        self.report.seconds = time.monotonic() - self.started
        if self.progress:
            self.progress(self.report, False)
        if len(self.batch) >= self.batch_size:
            self.commit()

    def commit(self) -> None:
        stored = write_batch(
            self.conn,
            self.batch,
            self.rejected,
            self.report.run_id,
            self.model,
            self.knowledge_id,
        )
        self.report.ingested += stored
        self.report.duplicates += len(self.batch) - stored  # stored meanwhile by another run
        self.report.committed += len(self.batch)
        self.in_flight.difference_update(digest for _, digest, _, _ in self.batch)
        self.batch.clear()
        self.rejected.clear()
        self.report.seconds = time.monotonic() - self.started
        if self.progress:
            self.progress(self.report, True)

    def finish(self) -> IngestReport:
        self.commit()
        self.report.seconds = time.monotonic() - self.started
        finish_run(self.conn, self.report, model=self.model)
        return self.report


def write_batch(
    conn: sqlite3.Connection,
    batch: list[tuple[Document, str, Extraction, bytes | None]],
    rejected: list[Rejected],
    run_id: int,
    model: str,
    knowledge_id: int | None = None,
) -> int:
    """Store a batch of extractions and rejected records in one transaction; return new docs.
    `knowledge_id`: what the batch was coded with (`kronika.store.edits`), if known."""
    added = now()
    stored = 0
    touched: set[int] = set()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for document, digest, extraction, parse in batch:
            document_id = insert_document(conn, document, digest, run_id, knowledge_id)
            if document_id is None:
                continue  # stored meanwhile by another ingest into the same store
            stored += 1
            assign_story(conn, document_id, document.text)
            touched |= insert_extraction(conn, document_id, extraction, added)
            if parse is not None:
                conn.execute(
                    "INSERT INTO parses (document_id, model, docbin) VALUES (?, ?, ?)",
                    (document_id, model, parse),
                )
        recount_events(conn, touched)
        for item in rejected:
            insert_rejected(conn, item.path, item.record, item.reason, run_id)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return stored
