"""The error a reader raises for input it cannot turn into documents."""

from __future__ import annotations


class ReaderError(ValueError):
    """A record (or a whole file) could not be turned into a document; the message says why.

    `path` and `record` (a line, row or array element number) say where, when known.
    """

    def __init__(self, message: str, *, path: str | None = None, record: int | None = None):
        super().__init__(message)
        self.path, self.record = path, record
