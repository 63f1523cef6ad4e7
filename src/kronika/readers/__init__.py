"""Read articles from files, directories and stdin.

Formats, by file suffix: `.txt` (plain text, or the dated-text layout of kronika's example:
`␣date 2022-05-24 Text…`), `.jsonl`/`.ndjson` (JSON Lines), `.json` (an array, an object or
JSON Lines), `.csv` and `.tsv` (a header naming the columns `id`, `date`, `title`, `text`,
`source`, `url`; only `text` is required; the delimiter is sniffed), each optionally
compressed (`.gz`, `.bz2`, `.xz`). Other files are not article files and are reported as
such. Standard input (`-`) is sniffed: JSON or text, compressed or not.

Files are read as streams, record by record, never whole; `columns` maps the fields to a
file's own column names or JSON keys (`text=body,date=published`); article dates may be ISO,
RFC 2822 or written out (see `kronika.article_date`). An article over `max_chars` characters
is cut there and marked `truncated`. A record that cannot be read becomes a `Rejected`
naming the file, the line (or row, or array element) and the reason, a bad byte with its
offset; the rest of the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..article_date import DateError, article_date
from ..records import Document, Rejected
from .errors import ReaderError
from .fields import FIELDS, MAX_CHARS, columns, document_from_record, fit
from .formats import Options, read_json, read_json_lines, read_table, read_text
from .sources import KNOWN, Reader, Source, inputs

__all__ = [
    "FIELDS",
    "KNOWN",
    "MAX_CHARS",
    "ReaderError",
    "columns",
    "document_from_record",
    "fit",
    "normalise_date",
    "read",
]

READERS = {
    "text": read_text,
    "jsonl": read_json_lines,
    "json": read_json,
    "csv": read_table,
    "tsv": read_table,
}


def normalise_date(value: object) -> str | None:
    """An ISO day for a date field's value (see `kronika.article_date`), None if empty;
    ReaderError for a value that is no date."""
    try:
        return article_date(value)
    except DateError as exc:
        raise ReaderError(str(exc)) from None


def read(
    paths: Iterable[str | Path],
    *,
    date: str | None = None,
    columns: str | Mapping[str, str] | None = None,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[Document | Rejected]:
    """Read every article under `paths` (files, directories, or "-" for stdin).

    `date` is used for records that carry none; `columns` names the columns or keys that
    hold the fields (`{"text": "body"}`); `max_chars` caps an article's length (None: no
    cap). Yields Documents, and a Rejected for each file or record that cannot be read, so
    that one bad record never stops a batch. A bad `date` or `columns` raises ReaderError
    before anything is read.
    """
    options = Options(normalise_date(date), _columns(columns), max_chars)
    for given in paths:
        for source in inputs(given):
            if isinstance(source, ReaderError):
                yield Rejected(source.path or str(given), source.record, str(source))
                continue
            yield from read_source(source, options)


def _columns(spec: str | Mapping[str, str] | None) -> dict[str, str] | None:
    return columns(spec) or None


def read_source(source: Source, options: Options) -> Iterator[Document | Rejected]:
    """The documents of one file (or stdin), and a Rejected for each record it cannot read;
    a file that breaks part-way (a truncated .gz) ends with a Rejected saying where."""
    try:
        stream = source.opener()
    except OSError as exc:
        yield Rejected(source.path, None, f"cannot be read: {exc.strerror or exc}")
        return
    try:
        reader = Reader(stream, source.path)
        kind = source.format or _sniff(reader)
        yield from READERS[kind](reader, source, options)
    except ReaderError as exc:
        yield Rejected(source.path, exc.record, str(exc))
    except OSError as exc:  # while opening a compressed stream: not gzip after all
        yield Rejected(source.path, None, f"cannot be read: {type(exc).__name__}: {exc}")
    finally:
        stream.close()


def _sniff(reader: Reader) -> str:
    """Standard input: JSON if it starts like JSON, else text."""
    head = reader.stream.peek(4096)[:4096].lstrip()
    if reader.text is not None:
        return "text"
    return "json" if head[:1] in (b"{", b"[") else "text"
