"""Read articles from files, directories and stdin, sniffing the format.

Formats: the dated-text layout of kronika's example (`␣date 2022-05-24 Text…` with the
article starting on the same line), plain text, JSON Lines, a JSON array or object, and
CSV/TSV with the columns `id`, `date`, `title`, `text`, `source`, `url` (only `text` is
required). A record that cannot be read becomes a `Rejected` naming the file, the
record number and the reason; the rest of the batch goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import Any

from .records import Document, Rejected

FIELDS = ("id", "date", "title", "text", "source", "url")
DATED_TEXT = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]+")

csv.field_size_limit(sys.maxsize)


class ReaderError(ValueError):
    """A record could not be turned into a document."""


def normalise_date(value: Any) -> str | None:
    """Return an ISO date string (`2022-05-24`) for the date forms articles carry, or None.

    Raises ReaderError for a value that is present but not a date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        if len(text) == 10:
            return Date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise ReaderError(
            f"date {text!r} is not an ISO date (use YYYY-MM-DD or an ISO timestamp)"
        ) from None


def document_from_record(record: Any, *, path: str, number: int, date: str | None) -> Document:
    """Build a Document from a JSON/CSV record, checking the fields a user can get wrong."""
    if not isinstance(record, dict):
        raise ReaderError(f"expected an object with a 'text' field, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReaderError("the record has no 'text' (a non-empty string is required)")
    fields: dict[str, str | None] = {}
    for name in ("id", "title", "source", "url"):
        value = record.get(name)
        fields[name] = None if value is None or value == "" else str(value)
    record_date = normalise_date(record.get("date")) or date
    return Document(
        text=text,
        id=fields["id"] or f"{Path(path).stem}:{number}",
        date=record_date,
        title=fields["title"],
        source=fields["source"],
        url=fields["url"],
        path=path,
    )


def parse_text(content: str, *, path: str, date: str | None) -> Document:
    """A plain or dated text file: one article."""
    match = DATED_TEXT.match(content)
    if match:
        date = normalise_date(match.group(1))
        content = content[match.end() :]
    content = content.strip()
    if not content:
        raise ReaderError("the file holds no text")
    name = "stdin" if path == "-" else Path(path).stem
    return Document(text=content, id=name, date=date, path=path)


def _json_records(content: str, path: str) -> Iterator[tuple[int, Any]]:
    """Records of a JSON array, a single JSON object (even pretty-printed) or JSON Lines."""
    stripped = content.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ReaderError(f"not valid JSON: {exc}") from None
        yield from enumerate(data, start=1)
        return
    lines = [line for line in content.splitlines() if line.strip()]
    if len(lines) > 1 and stripped.startswith("{"):
        try:
            whole = json.loads(content)
        except json.JSONDecodeError:
            whole = None  # not one object: JSON Lines, read line by line below
        if isinstance(whole, dict):
            yield 1, whole
            return
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, ReaderError(f"line is not valid JSON: {exc.msg} (column {exc.colno})")


def _table_records(content: str, delimiter: str) -> Iterator[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(content, newline=""), delimiter=delimiter)
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise ReaderError(f"the header has no 'text' column (found: {reader.fieldnames})")
    for number, row in enumerate(reader, start=2):
        if None in row:
            yield (
                number,
                ReaderError(
                    f"row has {len(reader.fieldnames) + len(row[None])} "
                    f"fields, the header has {len(reader.fieldnames)}"
                ),
            )
            continue
        yield number, row


def sniff(content: str, suffix: str) -> str:
    """Name the format of a file from its suffix, else from its first characters."""
    suffix = suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "json"
    if suffix in (".csv", ".tsv"):
        return suffix[1:]
    head = content.lstrip()[:1]
    if head in ("{", "["):
        return "json"
    return "text"


def parse_content(
    content: str, *, path: str, suffix: str = "", date: str | None = None
) -> Iterator[Document | Rejected]:
    """Yield the documents (and rejected records) held by one file's content."""
    kind = sniff(content, suffix)
    try:
        if kind == "text":
            yield parse_text(content, path=path, date=date)
            return
        records = (
            _json_records(content, path)
            if kind == "json"
            else _table_records(content, "\t" if kind == "tsv" else ",")
        )
        for number, record in records:
            if isinstance(record, ReaderError):
                yield Rejected(path, number, str(record))
                continue
            try:
                yield document_from_record(record, path=path, number=number, date=date)
            except ReaderError as exc:
                yield Rejected(path, number, str(exc))
    except ReaderError as exc:
        yield Rejected(path, None, str(exc))


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            if child.is_file() and not hidden:
                yield child
    else:
        yield path


def read(paths: Iterable[str | Path], *, date: str | None = None) -> Iterator[Document | Rejected]:
    """Read every article under `paths` (files, directories, or "-" for stdin).

    `date` (ISO) is used for records that carry none. Yields Documents, and a Rejected for
    each file or record that cannot be read, so that one bad record never stops a batch.
    """
    date = normalise_date(date)
    for given in paths:
        if str(given) == "-":
            yield from parse_content(sys.stdin.read(), path="-", date=date)
            continue
        root = Path(given)
        if not root.exists():
            yield Rejected(str(given), None, "no such file or directory")
            continue
        for file in _files(root):
            try:
                content = file.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as exc:
                yield Rejected(
                    str(file), None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
                )
                continue
            except OSError as exc:
                yield Rejected(str(file), None, f"cannot be read: {exc.strerror}")
                continue
            yield from parse_content(content, path=str(file), suffix=file.suffix, date=date)
