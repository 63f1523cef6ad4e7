"""Re-run actors, events and quotes over the stored corpus without parsing it again.

Ingest keeps each document's spaCy parse as `DocBin` bytes (table `parses`). After a
dictionary or pattern edit, `recode` rebuilds the parsed Docs from those bytes and runs the
extractor's annotators on them, replacing each document's extracted rows batch by batch.
A document without a cached parse (or parsed by another model) is parsed again.

Only the documents the edit can change are re-coded (`kronika.store.edits`): each document
records the knowledge it was coded with, and one whose text the edit cannot touch keeps its
rows and is marked as coded with the current knowledge. `everything=True` re-codes all.
"""

from __future__ import annotations

import gc
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..records import DateMention, Document, Equipment
from . import edits
from .ingest import BATCH_SIZE, model_id, now
from .write import (
    delete_extraction,
    describe_by_first_mention,
    insert_extraction,
    recount_events,
)


@dataclass
class RecodeReport:
    documents: int = 0  # re-coded
    reparsed: int = 0
    unchanged: int = 0  # left as they were: the edit cannot change them
    events: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return (
            f"recoded {self.documents} document(s) ({self.reparsed} re-parsed, "
            f"{self.unchanged} unchanged by the edit), {self.events} event(s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "reparsed": self.reparsed,
            "unchanged": self.unchanged,
            "events": self.events,
            "seconds": round(self.seconds, 2),
            "rate": round(self.rate, 2),
        }


def _document(row: sqlite3.Row) -> Document:
    return Document(
        text=row["text"],
        id=row["doc_id"],
        date=row["date"],
        title=row["title"],
        source=row["source"],
        url=row["url"],
        path=row["path"],
        truncated=row["truncated"],
    )


def recode(
    conn: sqlite3.Connection,
    extractor: Any,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[RecodeReport], None] | None = None,
    everything: bool = False,
) -> RecodeReport:
    """Replace the actors, events, quotes, places, dates and equipment of every document
    the current dictionaries can code differently from how it was coded (of every
    document, with `everything`).

    `extractor` is a `kronika.Extractor`, or an `ExtractorSpec`, which is built only when
    some document has to be re-coded.
    """
    report = RecodeReport()
    started = time.monotonic()
    current = edits.knowledge_of(extractor)
    current_id = edits.record(conn, current)
    plans = _plans(conn, current, current_id, everything)
    coder = _Coder(extractor)
    try:
        _recode_batches(conn, plans, current_id, coder, report, batch_size, progress, started)
    finally:
        coder.close()
    report.events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    report.seconds = time.monotonic() - started
    return report


def _recode_batches(
    conn: sqlite3.Connection,
    plans: dict[int | None, tuple[edits.Change, re.Pattern[str] | None]],
    current_id: int,
    coder: _Coder,
    report: RecodeReport,
    batch_size: int,
    progress: Callable[[RecodeReport], None] | None,
    started: float,
) -> None:
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, knowledge_id, text FROM documents WHERE id > ? ORDER BY id LIMIT ?",
            (last, batch_size),
        ).fetchall()
        if not rows:
            break
        last = rows[-1]["id"]
        chosen, unchanged, kept = [], [], set()
        for row in rows:
            change, matcher = plans[row["knowledge_id"]]
            if change.everything or (
                matcher is not None and matcher.search(edits.searchable(row["text"]))
            ):
                chosen.append(row["id"])
                if not change.everything:
                    kept.add(row["id"])
            elif row["knowledge_id"] != current_id:
                unchanged.append(row["id"])
        results = coder.code(conn, chosen, report, kept) if chosen else []
        if results or unchanged:
            _write(conn, results, [*chosen, *unchanged], current_id, coder)
        report.documents += len(chosen)
        report.unchanged += len(rows) - len(chosen)
        report.seconds = time.monotonic() - started
        if progress:
            progress(report)


def _plans(
    conn: sqlite3.Connection, current: edits.Knowledge, current_id: int, everything: bool
) -> dict[int | None, tuple[edits.Change, re.Pattern[str] | None]]:
    """For each knowledge the store's documents were coded with: what the current
    knowledge changes, and the pattern of the words a document must hold to be re-coded."""
    plans = {}
    for (known,) in conn.execute("SELECT DISTINCT knowledge_id FROM documents"):
        if everything:
            change = edits.Change(everything=True, reason="everything asked for")
        elif known == current_id:
            change = edits.Change()
        else:
            change = edits.compare(
                edits.stored(conn, known) if known is not None else None, current
            )
        plans[known] = (change, change.matcher())
    return plans


class _Coder:
    """Re-codes documents from their cached parses, with an extractor built on first use."""

    def __init__(self, extractor: Any):
        self.given = extractor
        self.extractor: Any = None
        self.frozen = False

    def build(self) -> Any:
        if self.extractor is None:
            from ..engine.extract import ExtractorSpec

            given = self.given
            # from stored parses: the parser loads only if a document has to be parsed
            self.extractor = given.build(parse=False) if isinstance(given, ExtractorSpec) else given
            self.language = getattr(self.extractor, "language", None) or self.extractor.nlp
            self.model = model_id(self.language)
            # The extractor's 600,000 objects (dictionaries, indexes, the model) live until
            # the end: out of the collector's sight, the full collections that annotating
            # sets off do not walk them all again (0.2 CPU seconds each). `close` puts them
            # back.
            gc.freeze()
            self.frozen = True
        return self.extractor

    def close(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def code(
        self, conn: sqlite3.Connection, ids: list[int], report: RecodeReport, kept: set[int]
    ) -> list[tuple[int, Any, bytes | None]]:
        """Each document's new extraction and its new parse (None when the cached one
        served). The dates and equipment of a document in `kept` (only actor entries
        changed: same code, model and equipment files) are read back from the store when
        its cached parse serves: nothing they come from has changed."""
        from spacy.tokens import DocBin

        from .. import parse as parsing

        extractor = self.build()
        results = []
        for id_ in ids:
            row = conn.execute(
                "SELECT d.*, p.model AS parse_model, p.docbin FROM documents d"
                " LEFT JOIN parses p ON p.document_id = d.id WHERE d.id = ?",
                (id_,),
            ).fetchone()
            document = _document(row)
            parse = None
            found: dict[str, Any] = {}
            if row["docbin"] is not None and row["parse_model"] == self.model:
                doc = next(DocBin().from_bytes(row["docbin"]).get_docs(self.language.vocab))
                if id_ in kept:
                    found = _dates_and_equipment(conn, id_)
            else:
                doc = parsing.parse(extractor.nlp, document.text)
                bin_ = DocBin(store_user_data=False)
                bin_.add(doc)
                parse = bin_.to_bytes()
                report.reparsed += 1
            results.append((id_, extractor.annotate(doc, document, **found), parse))
        return results


def _dates_and_equipment(conn: sqlite3.Connection, document_id: int) -> dict[str, Any]:
    """A document's stored dates and equipment, in the order they were found."""
    dates = [
        DateMention(text, value, granularity, start, end)
        for text, value, granularity, start, end in conn.execute(
            'SELECT text, value, granularity, start, "end" FROM dates'
            " WHERE document_id = ? ORDER BY id",
            (document_id,),
        )
    ]
    equipment = [
        Equipment(text, name, kind, origin, start, end)
        for text, name, kind, origin, start, end in conn.execute(
            'SELECT text, name, kind, origin, start, "end" FROM equipment'
            " WHERE document_id = ? ORDER BY id",
            (document_id,),
        )
    ]
    return {"dates": dates, "equipment": equipment}


def _write(
    conn: sqlite3.Connection,
    results: list[tuple[int, Any, bytes | None]],
    coded: list[int],
    knowledge_id: int,
    coder: _Coder,
) -> None:
    """One transaction: the re-coded documents' rows, and every document in `coded` marked
    as coded with `knowledge_id`."""
    added = now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        touched: set[int] = set()
        for document_id, extraction, parse in results:
            touched |= delete_extraction(conn, document_id)
            touched |= insert_extraction(conn, document_id, extraction, added)
            if parse is not None:
                conn.execute(
                    "INSERT OR REPLACE INTO parses (document_id, model, docbin) VALUES (?, ?, ?)",
                    (document_id, coder.model, parse),
                )
        recount_events(conn, touched)
        describe_by_first_mention(
            conn,
            touched,
            {id_: (extraction.document, extraction.events) for id_, extraction, _ in results},
        )
        conn.executemany(
            "UPDATE documents SET knowledge_id = ? WHERE id = ?",
            [(knowledge_id, document_id) for document_id in coded],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
