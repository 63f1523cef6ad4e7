"""From a record's fields to a `Document`: which column holds what, what a text must be,
and where an article too long to extract is cut."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..article_date import DateError, article_date
from ..parse import sections
from ..records import Document
from .errors import ReaderError

FIELDS = ("id", "date", "title", "text", "source", "url")
MAX_CHARS = 1_000_000
"""Longest article text kronika extracts; a longer one is cut there and marked `truncated`."""
# Lone surrogates: bytes that were not UTF-8 (U+DC80-U+DCFF, kept by the line reader) or
# "\ud800"-style escapes in JSON. Neither is text, and neither can be stored.
SURROGATE = re.compile("[\ud800-\udfff]")


def columns(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """Which input column (or JSON key) holds each field: `text=body,date=published` or
    `{"text": "body"}`. Fields not named are read from columns of their own name."""
    if spec is None:
        return {}
    if isinstance(spec, str):
        pairs = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            field, sep, column = part.partition("=")
            if not sep:
                raise ReaderError(f"columns: {part!r} must be FIELD=COLUMN, like text=body")
            pairs[field.strip()] = column.strip()
        spec = pairs
    mapping = dict(spec)
    for field, column in mapping.items():
        if field not in FIELDS:
            raise ReaderError(
                f"columns: {field!r} is not a field; the fields are {', '.join(FIELDS)}"
            )
        if not isinstance(column, str) or not column:
            raise ReaderError(f"columns: give the column that holds {field!r}, like {field}=NAME")
    return mapping


def document_from_record(
    record: Any,
    *,
    path: str,
    number: int,
    date: str | None,
    columns: Mapping[str, str] | None = None,
    stem: str | None = None,
    max_chars: int | None = MAX_CHARS,
) -> Document:
    """Build a Document from a JSON or CSV record, checking what a user can get wrong.

    `columns` maps fields to the record's own names for them; `date` fills a record with
    none; the id defaults to `STEM:NUMBER`. Raises ReaderError naming the problem.
    """
    names = columns or {}
    if not isinstance(record, dict):
        raise ReaderError(f"expected an object with a 'text' field, got {type(record).__name__}")
    key = names.get("text", "text")
    text = record.get(key)
    if not isinstance(text, str) or not text.strip():
        raise ReaderError(f"the record has no {key!r} (a non-empty string is required)")
    check_text(text, key)
    fields: dict[str, str | None] = {}
    for name in ("id", "title", "source", "url"):
        value = record.get(names.get(name, name))
        fields[name] = None if value is None or value == "" else str(value)
        if fields[name] and SURROGATE.search(fields[name] or ""):
            raise ReaderError(f"{names.get(name, name)!r} holds a lone surrogate, not text")
    try:
        record_date = article_date(record.get(names.get("date", "date"))) or date
    except DateError as exc:
        raise ReaderError(str(exc)) from None
    document = Document(
        text=text,
        id=fields["id"] or f"{stem or _stem(path)}:{number}",
        date=record_date,
        title=fields["title"],
        source=fields["source"],
        url=fields["url"],
        path=path,
    )
    return fit(document, max_chars)


def check_text(text: str, name: str = "text") -> None:
    """Refuse what is not article text: NUL characters (binary data) and lone surrogates."""
    if "\x00" in text:
        raise ReaderError(
            f"the {name!r} holds NUL characters ({text.count(chr(0)):,} of {len(text):,}): "
            "binary data, not an article"
        )
    bad = SURROGATE.search(text)
    if bad:
        raise ReaderError(
            f"the {name!r} holds a lone surrogate (U+{ord(bad.group()):04X} at character "
            f"{bad.start():,}), which is not text"
        )


def fit(
    document: Document, max_chars: int | None = MAX_CHARS, length: int | None = None
) -> Document:
    """The document cut to at most `max_chars` characters at a paragraph, sentence or word
    break, with `truncated` set to its full length (`length` when the text given is
    already only the start of it)."""
    full = length if length is not None else len(document.text)
    if max_chars is None or full <= max_chars and len(document.text) <= max_chars:
        return document
    head = (
        sections(document.text, max_chars)[0] if len(document.text) > max_chars else document.text
    )
    return replace(document, text=head.rstrip(), truncated=full)


def _stem(path: str) -> str:
    return Path(path).stem
