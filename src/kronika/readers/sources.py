"""Where articles come from: the files under a path, and each one's bytes as numbered lines.

A file is read by its suffix (`.txt`, `.jsonl`, `.csv`, …, optionally compressed `.gz`,
`.bz2` or `.xz`); any other file is not an article file (a README is not an article).
Standard input is sniffed instead. Text is UTF-8; a UTF-8, UTF-16 or UTF-32 byte-order mark
is honoured, and UTF-16 without one is recognised by its zero bytes. Nothing is read whole:
lines come one at a time, each with its number and byte offset, and a line over
`MAX_LINE_BYTES` is reported rather than held in memory.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import ReaderError

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
}
COMPRESSIONS: dict[str, Callable[..., Any]] = {
    ".gz": gzip.open,
    ".bz2": bz2.open,
    ".xz": lzma.open,
}
# Compressed standard input, recognised by its first bytes.
MAGIC: dict[bytes, Callable[..., Any]] = {
    b"\x1f\x8b": gzip.open,
    b"BZh": bz2.open,
    b"\xfd7zXZ\x00": lzma.open,
}
KNOWN = ", ".join(sorted(FORMATS)) + " (optionally .gz, .bz2 or .xz)"
MAX_LINE_BYTES = 64 * 1024 * 1024
"""Longest line (or JSON object, or CSV record) read; a longer one is rejected unread."""
CHUNK = 1 << 16
# Failures of a compressed or unreadable stream part-way through.
STREAM_ERRORS = (OSError, EOFError, lzma.LZMAError, UnicodeDecodeError)


@dataclass
class Source:
    """One input: its name as given, the format its suffix names and how it is opened."""

    path: str
    format: str | None  # None: sniff the content (standard input)
    stem: str  # the name without suffixes, for ids: "articles" for articles.jsonl.gz
    opener: Callable[[], IO[bytes]]


def inputs(given: str | Path) -> Iterator[Source | ReaderError]:
    """The article files named by `given`: itself, every file under a directory (sorted,
    hidden ones skipped), or standard input for "-". A file kronika cannot read by its name
    yields a ReaderError saying so."""
    if str(given) == "-":
        yield Source("-", None, "stdin", _stdin)
        return
    root = Path(given)
    if not root.exists():
        yield ReaderError("no such file or directory", path=str(given))
        return
    files: Iterator[Path]
    if root.is_dir():
        files = (
            child
            for child in sorted(root.rglob("*"))
            if child.is_file()
            and not any(part.startswith(".") for part in child.relative_to(root).parts)
        )
    else:
        files = iter([root])
    for file in files:
        yield _source(file)


def _source(file: Path) -> Source | ReaderError:
    suffixes = file.suffixes
    opener: Callable[..., IO[bytes]] = open
    name = file.name
    if suffixes and suffixes[-1].lower() in COMPRESSIONS:
        opener = COMPRESSIONS[suffixes[-1].lower()]
        name = name[: -len(suffixes.pop())]
    kind = FORMATS.get(suffixes[-1].lower()) if suffixes else None
    if kind is None:
        return ReaderError(
            f"not an article file: kronika reads {KNOWN}; rename the file if it holds one of these",
            path=str(file),
        )
    stem = name[: -len(suffixes[-1])] or name
    return Source(str(file), kind, stem, lambda: opener(file, "rb"))


def _stdin() -> IO[bytes]:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # replaced by a text stream (a test's StringIO)
        return io.BytesIO(sys.stdin.read().encode("utf-8"))
    stream = io.BufferedReader(_Raw(buffer), CHUNK)  # type: ignore[arg-type]
    head = stream.peek(8)[:8]
    for magic, opener in MAGIC.items():
        if head.startswith(magic):
            return opener(stream, "rb")  # type: ignore[no-any-return]
    return stream


def _plain_text(data: bytes) -> bool:
    """Whether bytes read as lines of printable ASCII, which text in UTF-16 or UTF-32 (with
    its zero bytes, or letters above ASCII) never does."""
    if b"\n" not in data:
        return False
    printable = sum(1 for b in data if 32 <= b < 127 or b in (9, 10, 13))
    return printable >= 0.9 * len(data)


@dataclass
class Line:
    """A line of input: its number (from 1), the byte offset it starts at (None in a file
    decoded from UTF-16/32) and its text; bytes that are not UTF-8 are kept as the lone
    surrogates U+DC80–U+DCFF, to be reported with their offset by `bad_byte`."""

    number: int
    offset: int | None
    text: str
    too_long: bool = False


class Reader:
    """Lines of one stream, decoded once its byte-order mark (if any) is known."""

    def __init__(self, stream: IO[bytes], path: str):
        self.path = path
        self.stream = io.BufferedReader(_Raw(stream), CHUNK)  # type: ignore[arg-type]
        self.encoding = self._encoding()
        self.text: IO[str] | None = None
        if self.encoding != "utf-8":
            self.text = io.TextIOWrapper(self.stream, self.encoding, newline="")
        self.number = 0
        self.offset = 0

    def _encoding(self) -> str:
        head = self.stream.peek(4096)[:4096]
        for bom, encoding in (
            (codecs.BOM_UTF32_LE, "utf-32"),
            (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF8, "utf-8"),
            (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"),
        ):
            if head.startswith(bom):
                if encoding == "utf-8":
                    self.stream.read(len(bom))
                    self.offset = len(bom)
                elif _plain_text(head[len(bom) :]):
                    break  # a junk line that begins like a byte-order mark: "\xfe\xff\n{..."
                return encoding
        even, odd = head[0::2], head[1::2]
        if len(head) >= 16:
            if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
                return "utf-16-le"
            if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
                return "utf-16-be"
        return "utf-8"

    @property
    def described(self) -> str:
        """How the file was decoded, for messages about it."""
        names = {
            "utf-16": "UTF-16",
            "utf-32": "UTF-32",
            "utf-16-le": "UTF-16 (little-endian, no byte-order mark)",
            "utf-16-be": "UTF-16 (big-endian, no byte-order mark)",
        }
        return names.get(self.encoding, "UTF-8")

    def lines(self) -> Iterator[Line]:
        while True:
            line = self.next_line()
            if line is None:
                return
            yield line

    def next_line(self) -> Line | None:
        """The next line, or None at the end. Raises ReaderError if the stream breaks."""
        try:
            if self.text is not None:
                text = self.text.readline(MAX_LINE_BYTES + 1)
                if not text:
                    return None
                self.number += 1
                too_long = len(text) > MAX_LINE_BYTES and not text.endswith("\n")
                if too_long:
                    while (rest := self.text.readline(CHUNK)) and not rest.endswith("\n"):
                        pass
                    text = ""
                return Line(self.number, None, text, too_long)
            raw = self.stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return None
            self.number += 1
            line = Line(self.number, self.offset, "")
            self.offset += len(raw)
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                line.too_long = True
                while (skipped := self.stream.readline(CHUNK)) and not skipped.endswith(b"\n"):
                    self.offset += len(skipped)
                self.offset += len(skipped)
                return line
            line.text = raw.decode("utf-8", "surrogateescape")
            return line
        except STREAM_ERRORS as exc:
            where = f" after line {self.number}" if self.number else ""
            raise ReaderError(
                f"cannot be read{where}: {type(exc).__name__}: {exc}", path=self.path
            ) from None

    def read(self, limit: int) -> str:
        """Up to `limit` characters of what is left (a text file's article)."""
        try:
            if self.text is not None:
                return self.text.read(limit)
            decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
            data = self.stream.read(limit)
            text = decoder.decode(data, final=len(data) < limit)
            self.offset += len(data)
            return text
        except STREAM_ERRORS as exc:
            raise ReaderError(
                f"cannot be read: {type(exc).__name__}: {exc}", path=self.path
            ) from None

    def count_rest(self) -> int:
        """How many characters are left, trailing whitespace aside, counted without keeping
        them."""
        total = trailing = 0
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        try:
            while True:
                if self.text is not None:
                    chunk = self.text.read(CHUNK)
                else:
                    data = self.stream.read(CHUNK)
                    chunk = decoder.decode(data, final=not data)
                    if not data and not chunk:
                        break
                if not chunk and self.text is not None:
                    break
                total += len(chunk)
                kept = len(chunk.rstrip())
                trailing = trailing + len(chunk) if not kept else len(chunk) - kept
        except STREAM_ERRORS:
            pass
        return total - trailing


class _Raw(io.RawIOBase):
    """Any binary stream as a raw stream, so a BufferedReader can peek into it."""

    def __init__(self, stream: IO[bytes]):
        self.inner = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


BAD_BYTE = re.compile("[\udc80-\udcff]")


def bad_byte(text: str, offset: int | None) -> str | None:
    """If `text` (a line or record starting at byte `offset`) holds bytes that were not
    UTF-8, say which and where."""
    found = BAD_BYTE.search(text)
    if found is None:
        return None
    byte = ord(found.group()) - 0xDC00
    where = ""
    if offset is not None:
        where = (
            f" at byte {offset + len(text[: found.start()].encode('utf-8', 'surrogateescape')):,}"
        )
    return f"invalid UTF-8: byte 0x{byte:02x}{where}"
