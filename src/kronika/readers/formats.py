"""The formats articles come in, each read record by record from a stream of lines.

- text: one article per file; the dated-text layout of kronika's example (`␣date 2022-05-24
  Text…`, the article starting on the same line) gives its date;
- JSON Lines: one object per line;
- JSON: an array of objects (read element by element), one object, or JSON Lines;
- CSV/TSV: a header naming the columns, the delimiter sniffed from it (`,` `;` `|` tab).

Every record becomes a Document or a Rejected naming the file, the line (or element) and
the reason, bad bytes included, so one bad record never costs the others.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..article_date import DateError, article_date
from ..records import Document, Rejected
from .errors import ReaderError
from .fields import MAX_CHARS, check_text, document_from_record, fit
from .sources import MAX_LINE_BYTES, Line, Reader, Source, bad_byte

DATED_TEXT = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]+")
DELIMITERS = (",", ";", "\t", "|")
JSON_CHUNK = 1 << 16

csv.field_size_limit(sys.maxsize)  # records are bounded by MAX_LINE_BYTES instead


@dataclass
class Options:
    """What every format is read with: the default date, the column names, the size cap."""

    date: str | None = None
    columns: Mapping[str, str] | None = None
    max_chars: int | None = MAX_CHARS


Item = Document | Rejected


def _record(record: Any, source: Source, number: int, options: Options) -> Item:
    try:
        return document_from_record(
            record,
            path=source.path,
            number=number,
            date=options.date,
            columns=options.columns,
            stem=source.stem,
            max_chars=options.max_chars,
        )
    except ReaderError as exc:
        return Rejected(source.path, number, str(exc))


# -- text -------------------------------------------------------------------------------


def read_text(reader: Reader, source: Source, options: Options) -> Iterator[Item]:
    """A plain or dated text file: one article. Only the first `max_chars` characters (and a
    little more for the header) are kept in memory; the rest is counted."""
    limit = (options.max_chars or MAX_LINE_BYTES) + 64
    content = reader.read(limit)
    length = None
    if len(content) >= limit:
        length = len(content) + reader.count_rest()
    problem = bad_byte(content, 0 if reader.encoding == "utf-8" else None)
    if problem:
        yield Rejected(source.path, None, problem)
        return
    date = options.date
    match = DATED_TEXT.match(content)
    if match:
        try:
            date = article_date(match.group(1))
        except DateError as exc:
            yield Rejected(source.path, 1, str(exc))
            return
        if length is not None:
            length -= match.end()
        content = content[match.end() :]
    if length is not None:
        length -= len(content) - len(content.lstrip())
    text = content.strip()
    if not text:
        yield Rejected(source.path, None, "the file holds no text")
        return
    try:
        check_text(text)
    except ReaderError as exc:
        yield Rejected(source.path, None, str(exc))
        return
    document = Document(text=text, id=source.stem, date=date, path=source.path)
    yield fit(document, options.max_chars, length)


# -- JSON -------------------------------------------------------------------------------


def read_json_lines(
    reader: Reader, source: Source, options: Options, first: Line | None = None
) -> Iterator[Item]:
    """One JSON object per line; blank lines are skipped."""
    lines = reader.lines()
    if first is not None:
        lines = _chain(first, lines)
    for line in lines:
        if line.too_long:
            yield Rejected(source.path, line.number, f"line is over {MAX_LINE_BYTES:,} bytes")
            continue
        if not line.text.strip():
            continue
        problem = bad_byte(line.text, line.offset)
        if problem:
            yield Rejected(source.path, line.number, problem)
            continue
        try:
            record = json.loads(line.text)
        except json.JSONDecodeError as exc:
            yield Rejected(
                source.path,
                line.number,
                f"line is not valid JSON: {exc.msg} (column {exc.colno})",
            )
            continue
        yield _record(record, source, line.number, options)


def read_json(reader: Reader, source: Source, options: Options) -> Iterator[Item]:
    """A JSON array (element by element), a single object (even pretty-printed), or JSON
    Lines, told apart by the first characters."""
    first = reader.next_line()
    while first is not None and not first.too_long and not first.text.strip():
        first = reader.next_line()
    if first is None:
        yield Rejected(source.path, None, "the file holds no JSON")
        return
    head = first.text.lstrip()
    if head.startswith("["):
        yield from _json_array(reader, source, options, first)
        return
    if head.startswith("{") and not first.too_long and not _complete(first.text):
        # Not one object per line: a pretty-printed object, or JSON Lines whose first line
        # is broken (then read line by line, as JSON Lines).
        lines = [first]
        size = len(first.text)
        while size <= MAX_LINE_BYTES and (line := reader.next_line()) is not None:
            lines.append(line)
            size += len(line.text)
        if size <= MAX_LINE_BYTES:
            whole = "".join(line.text for line in lines)
            try:
                record = json.loads(whole)
            except json.JSONDecodeError:
                record = None
            if isinstance(record, dict):
                problem = bad_byte(whole, first.offset)
                yield (
                    Rejected(source.path, 1, problem)
                    if problem
                    else _record(record, source, 1, options)
                )
                return
        yield from read_json_lines(_Replay(lines, reader), source, options)  # type: ignore[arg-type]
        return
    yield from read_json_lines(reader, source, options, first)


def _complete(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


class _Replay:
    """Lines already read, then the rest of the reader's."""

    def __init__(self, lines: list[Line], reader: Reader):
        self.done, self.reader = lines, reader

    def lines(self) -> Iterator[Line]:
        yield from self.done
        yield from self.reader.lines()


def _json_array(reader: Reader, source: Source, options: Options, first: Line) -> Iterator[Item]:
    """The elements of a top-level JSON array, one at a time: the array is never held whole.
    An element with bad bytes is rejected alone; broken JSON ends the file there."""
    decoder = json.JSONDecoder()
    start = first.text.index("[") + 1
    buffer = first.text[start:]
    offset = None if first.offset is None else first.offset + _size(first.text[:start])
    number = 0
    ended = comma = False  # comma: an element was read, a ',' or ']' comes next

    def fill(at_least: int) -> bool:
        """Read whole lines, about `at_least` characters, onto the buffer."""
        nonlocal buffer, ended
        size, more = 0, []
        while not ended and size < at_least:
            line = reader.next_line()
            if line is None:
                ended = True
            elif line.too_long:
                raise ReaderError(f"line {line.number} is over {MAX_LINE_BYTES:,} bytes")
            else:
                more.append(line.text)
                size += len(line.text)
        buffer += "".join(more)
        return size > 0

    while True:
        stripped = buffer.lstrip()
        if offset is not None:
            offset += _size(buffer[: len(buffer) - len(stripped)])
        buffer = stripped
        if not buffer:
            if fill(JSON_CHUNK):
                continue
            yield Rejected(source.path, None, "not valid JSON: the array is not closed")
            return
        if buffer.startswith("]"):
            if buffer[1:].strip() or any(line.text.strip() for line in reader.lines()):
                yield Rejected(source.path, None, "not valid JSON: text after the array")
            return
        if comma:
            if not buffer.startswith(","):
                yield Rejected(
                    source.path, None, f"not valid JSON after element {number}: expected , or ]"
                )
                return
            buffer, comma = buffer[1:], False
            if offset is not None:
                offset += 1
            continue
        try:
            element, end = decoder.raw_decode(buffer)
        except json.JSONDecodeError as exc:
            # Lines come whole, so JSON cut short fails at the end of the buffer: read on.
            if exc.pos >= len(buffer.rstrip()) and len(buffer) <= MAX_LINE_BYTES:
                if fill(max(JSON_CHUNK, len(buffer))):
                    continue
            where = f" (from byte {offset:,})" if offset is not None else ""
            yield Rejected(
                source.path,
                None,
                f"not valid JSON in element {number + 1}{where}: {exc.msg}; the rest of the "
                "file is not read",
            )
            return
        number += 1
        comma = True
        problem = bad_byte(buffer[:end], offset)
        yield (
            Rejected(source.path, number, problem)
            if problem
            else _record(element, source, number, options)
        )
        if offset is not None:
            offset += _size(buffer[:end])
        buffer = buffer[end:]


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))


def _chain(first: Line, rest: Iterator[Line]) -> Iterator[Line]:
    yield first
    yield from rest


# -- CSV / TSV --------------------------------------------------------------------------


class _Overlong(Exception):
    """A CSV record ran over MAX_LINE_BYTES (an unclosed quote, most likely)."""


class _Lines:
    """The lines of a table for `csv.reader`, remembering where the current record began."""

    def __init__(self, reader: Reader):
        self.reader = reader
        self.first: Line | None = None  # the first line of the record being read
        self.size = 0
        self.last: Line | None = None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.reader.next_line()
        if line is None:
            raise StopIteration
        if self.first is None:
            self.first, self.size = line, 0
        self.last = line
        self.size += len(line.text)
        if line.too_long or self.size > MAX_LINE_BYTES:
            raise _Overlong
        return line.text

    def start_record(self) -> None:
        self.first = None


def read_table(reader: Reader, source: Source, options: Options) -> Iterator[Item]:
    """A CSV or TSV file with a header; the delimiter is sniffed from the header line."""
    names = options.columns or {}
    text_column = names.get("text", "text")
    header_line = reader.next_line()
    while header_line is not None and not header_line.too_long and not header_line.text.strip():
        header_line = reader.next_line()
    if header_line is None or header_line.too_long:
        yield Rejected(source.path, None, "the file holds no header line")
        return
    problem = bad_byte(header_line.text, header_line.offset)
    if problem:
        yield Rejected(source.path, header_line.number, f"header: {problem}")
        return
    try:
        delimiter = sniff_delimiter(header_line.text, text_column, source.format)
        header = [h.strip() for h in next(csv.reader([header_line.text], delimiter=delimiter))]
    except csv.Error as exc:  # a lone carriage return, say
        yield Rejected(source.path, header_line.number, f"header: not valid CSV: {exc}")
        return
    if text_column not in header:
        hint = "" if names.get("text") else "; name the text column with --columns text=NAME"
        yield Rejected(
            source.path,
            None,
            f"the header has no {text_column!r} column (found: {header}){hint}",
        )
        return
    lines = _Lines(reader)
    while True:
        rows = csv.reader(lines, delimiter=delimiter)
        try:
            for row in rows:
                first = lines.first
                lines.start_record()
                if first is None or not any(cell.strip() for cell in row):
                    continue
                yield _row(row, header, first, lines.last, source, options)
            return
        except _Overlong:
            where = lines.first or lines.last
            lines.start_record()
            yield Rejected(
                source.path,
                where.number if where else None,
                f"a record over {MAX_LINE_BYTES:,} bytes (an unclosed quote?)",
            )
        except csv.Error as exc:
            where = lines.first or lines.last
            lines.start_record()
            yield Rejected(source.path, where.number if where else None, f"not valid CSV: {exc}")


def _row(
    row: list[str],
    header: list[str],
    first: Line,
    last: Line | None,
    source: Source,
    options: Options,
) -> Item:
    for cell in row:
        problem = bad_byte(cell, None)
        if problem:
            # say where in the file: search the record's own lines for the byte
            where = bad_byte(first.text, first.offset) or problem
            if last is not None and last is not first and where == problem:
                where = bad_byte(last.text, last.offset) or problem
            return Rejected(source.path, first.number, where)
    if len(row) > len(header):
        return Rejected(
            source.path,
            first.number,
            f"row has {len(row)} fields, the header has {len(header)}",
        )
    record = dict(zip(header, row, strict=False))
    return _record(record, source, first.number, options)


def sniff_delimiter(line: str, text_column: str, kind: str | None) -> str:
    """The delimiter that splits the header into a set holding the text column, else the
    one that splits it most; a `.tsv` file is tab-separated unless its header says not."""
    best, best_fields = "\t" if kind == "tsv" else ",", 1
    for delimiter in ("\t", *DELIMITERS) if kind == "tsv" else DELIMITERS:
        fields = [f.strip() for f in next(csv.reader([line], delimiter=delimiter))]
        if text_column in fields:
            return delimiter
        if len(fields) > best_fields:
            best, best_fields = delimiter, len(fields)
    return best
