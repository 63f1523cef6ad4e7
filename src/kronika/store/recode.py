"""Re-run actors, events and quotes over the stored corpus without parsing it again.

Ingest keeps each document's spaCy parse as `DocBin` bytes (table `parses`). After a
dictionary or pattern edit, `recode` rebuilds the parsed Docs from those bytes and runs the
extractor's annotators on them, replacing each document's extracted rows batch by batch.
A document without a cached parse (or parsed by another model) is parsed again.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..records import Document
from .ingest import BATCH_SIZE, model_id, now
from .write import delete_extraction, insert_extraction, recount_events


@dataclass
class RecodeReport:
    documents: int = 0
    reparsed: int = 0
    events: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return (
            f"recoded {self.documents} document(s) ({self.reparsed} re-parsed), "
            f"{self.events} event(s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "reparsed": self.reparsed,
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
) -> RecodeReport:
    """Replace every document's actors, events, quotes, places, dates and equipment."""
    from spacy.tokens import DocBin

    from .. import parse as parsing

    model = model_id(extractor.nlp)
    report = RecodeReport()
    started = time.monotonic()
    last = 0
    while True:
        rows = conn.execute(
            "SELECT d.*, p.model AS parse_model, p.docbin FROM documents d"
            " LEFT JOIN parses p ON p.document_id = d.id WHERE d.id > ? ORDER BY d.id LIMIT ?",
            (last, batch_size),
        ).fetchall()
        if not rows:
            break
        last = rows[-1]["id"]
        results = []
        for row in rows:
            document = _document(row)
            parse = None
            if row["docbin"] is not None and row["parse_model"] == model:
                doc = next(DocBin().from_bytes(row["docbin"]).get_docs(extractor.nlp.vocab))
            else:
                doc = parsing.parse(extractor.nlp, document.text)
                bin_ = DocBin(store_user_data=False)
                bin_.add(doc)
                parse = bin_.to_bytes()
                report.reparsed += 1
            results.append((row["id"], extractor.annotate(doc, document), parse))
        added = now()
        conn.execute("BEGIN IMMEDIATE")
        try:
            touched: set[int] = set()
            for document_id, extraction, parse in results:
                touched |= delete_extraction(conn, document_id)
                touched |= insert_extraction(conn, document_id, extraction, added)
                if parse is not None:
                    conn.execute(
                        "INSERT OR REPLACE INTO parses (document_id, model, docbin)"
                        " VALUES (?, ?, ?)",
                        (document_id, model, parse),
                    )
            recount_events(conn, touched)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        report.documents += len(rows)
        report.seconds = time.monotonic() - started
        if progress:
            progress(report)
    report.events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    report.seconds = time.monotonic() - started
    return report
