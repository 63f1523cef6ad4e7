"""Parse documents of any length, each under its own guard.

spaCy refuses a text over `nlp.max_length` (E088, 1,000,000 characters) and needs about
1 GB per 100,000 characters parsed at once. So a text longer than `SECTION_CHARS` is parsed
in sections cut at paragraph, line, sentence or word breaks, and the sections' Docs are
joined into one Doc over the whole text (offsets unchanged). A document whose parse fails
yields the exception in its place; the documents around it are parsed as usual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

SECTION_CHARS = 50_000
"""Longest text parsed at once; longer ones are parsed in sections of at most this."""

# Where a section may end, best first, searched in the last part of a section.
BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'”’)\]]*\s"))
WORD_BREAK = re.compile(r"\s")

Context = TypeVar("Context")


def sections(text: str, size: int = SECTION_CHARS) -> list[str]:
    """Cut `text` into pieces of at most `size` characters that join back into `text`.

    Each cut is at the last paragraph break in the piece's second half, else the last line
    break, sentence end or whitespace there, else at `size` itself (a text with no spaces).
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start + size // 2, start + size)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _cut(text: str, earliest: int, latest: int) -> int:
    for pattern in (*BREAKS, WORD_BREAK):
        ends = [match.end() for match in pattern.finditer(text, earliest, latest)]
        if ends:
            return ends[-1]
    return latest


def parse(nlp: Any, text: str, section_chars: int = SECTION_CHARS) -> Any:
    """One Doc for `text`, parsed in sections when it is longer than `section_chars` (or
    than the model's own `max_length`)."""
    section_chars = _section_size(nlp, section_chars)
    if len(text) <= section_chars:
        return nlp(text)
    return _joined(nlp, sections(text, section_chars))


def _section_size(nlp: Any, section_chars: int) -> int:
    return max(1, min(section_chars, getattr(nlp, "max_length", section_chars)))


def _joined(nlp: Any, pieces: list[str]) -> Any:
    from spacy.tokens import Doc

    # Cut after whitespace, so joining without adding any gives back the text exactly.
    return Doc.from_docs([nlp(piece) for piece in pieces], ensure_whitespace=False)


def parse_many(
    nlp: Any,
    pairs: Iterable[tuple[str, Context]],
    batch_size: int = 8,
    section_chars: int = SECTION_CHARS,
    batch_chars: int | None = None,
) -> Iterator[tuple[Any, Context]]:
    """Parse `(text, context)` pairs in order; yield `(Doc or exception, context)`.

    Short texts go through `nlp.pipe` `batch_size` at a time, and, given `batch_chars`, no
    more than that many characters at a time (a longer text goes alone): the parser's
    working memory grows with the characters of its batch. If a batch fails, each of its
    texts is parsed alone, so only the text that breaks the parser yields its exception.
    """
    section_chars = _section_size(nlp, section_chars)
    batch: list[tuple[str, Context]] = []
    chars = 0
    for pair in pairs:
        if batch and batch_chars is not None and chars + len(pair[0]) > batch_chars:
            yield from _parse_batch(nlp, batch, section_chars)
            batch, chars = [], 0
        batch.append(pair)
        chars += len(pair[0])
        if len(batch) >= batch_size:
            yield from _parse_batch(nlp, batch, section_chars)
            batch, chars = [], 0
    if batch:
        yield from _parse_batch(nlp, batch, section_chars)


def _parse_batch(
    nlp: Any, batch: list[tuple[str, Context]], section_chars: int
) -> list[tuple[Any, Context]]:
    short = [k for k, (text, _) in enumerate(batch) if len(text) <= section_chars]
    parsed: dict[int, Any] = {}
    try:
        docs = list(nlp.pipe([batch[k][0] for k in short], batch_size=max(len(short), 1)))
    except Exception:  # which text broke the batch is found out below, one by one
        docs = [None] * len(short)
    for k, doc in zip(short, docs, strict=True):
        parsed[k] = doc
    results = []
    for k, (text, context) in enumerate(batch):
        doc = parsed.get(k)
        if doc is None:
            try:
                doc = parse(nlp, text, section_chars)
            except Exception as exc:  # one document that breaks the parser stops nothing
                doc = exc
        results.append((doc, context))
    return results
