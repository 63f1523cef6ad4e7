"""Load kronika's data files (TSV and YAML), validating them with errors that name file and line."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

ACTOR_CODE = re.compile(r"^(?:[A-Z0-9]{3}|---)(?:[A-Z0-9]{3})*$")
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class DictionaryError(ValueError):
    """A data file is malformed; the message names the file, the line and the problem."""

    def __init__(self, path: str | Path, line: int | None, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Row:
    path: str
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def error(self, problem: str) -> DictionaryError:
        return DictionaryError(self.path, self.line, problem)


def data_path(*parts: str) -> Path:
    """The path of a file shipped in kronika's data folder."""
    return Path(str(resources.files("kronika") / "data" / Path(*parts)))


def read_text(path: Path) -> str:
    """A table's text; a `.gz` table (the large generated ones) is read through gzip."""
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return handle.read()
    return path.read_text(encoding="utf-8")


def read_tsv(path: str | Path, required: tuple[str, ...]) -> Iterator[Row]:
    """Yield the rows of a TSV file with a header line; `#` lines and blank lines are skipped.

    Raises DictionaryError when the header lacks a required column or a row has too many fields.
    """
    path = Path(path)
    try:
        lines = read_text(path).splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(path, None, f"cannot be read: {exc}") from None
    header: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = fields
            missing = [c for c in required if c not in header]
            if missing:
                raise DictionaryError(
                    path,
                    number,
                    f"header lacks column(s) {', '.join(missing)} (expected {', '.join(required)},"
                    " separated by tabs)",
                )
            continue
        if len(fields) > len(header):
            raise DictionaryError(
                path, number, f"{len(fields)} fields but the header has {len(header)}"
            )
        yield Row(str(path), number, dict(zip(header, fields, strict=False)))
    if header is None:
        raise DictionaryError(path, None, "the file is empty (a header line is required)")


@dataclass
class Rows:
    """The rows of a TSV file as lists of fields, for large generated tables."""

    columns: dict[str, int]
    rows: list[tuple[int, list[str]]]


def read_rows(path: str | Path, required: tuple[str, ...]) -> Rows:
    """Like `read_tsv`, but the rows are (line, fields) pairs: reading 40,000 rows this way
    takes a tenth of the time. Raises DictionaryError as `read_tsv` does."""
    path = Path(path)
    try:
        lines = read_text(path).split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(path, None, f"cannot be read: {exc}") from None
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if not line or line[0] == "#" or not line.strip():
            continue
        fields = line.rstrip("\r").split("\t")
        if header is None:
            header = [f.strip() for f in fields]
            missing = [c for c in required if c not in header]
            if missing:
                raise DictionaryError(path, number, f"header lacks column(s) {', '.join(missing)}")
            continue
        if len(fields) > len(header):
            raise DictionaryError(
                path, number, f"{len(fields)} fields but the header has {len(header)}"
            )
        rows.append((number, fields))
    if header is None:
        raise DictionaryError(path, None, "the file is empty (a header line is required)")
    return Rows({c: i for i, c in enumerate(header)}, rows)


# What a user's TSV file holds, told by its header: the column that only that kind has.
FILE_KINDS = (
    ("verb_class", "petrarch_verbs"),  # a PETRARCH verb dictionary, like data/petrarch/
    ("discard", "discards"),  # phrases that stop a sentence being coded
    ("pattern", "patterns"),  # event patterns, like data/verbs.tsv
    ("phrase", "agents"),  # agent nouns and modifiers, like data/agents.tsv
    ("type", "equipment"),  # weapon systems and classes, like data/equipment.tsv
)


def file_kind(path: str | Path) -> str:
    """Which kind of dictionary a TSV file is, from its header line: "patterns", "agents",
    "equipment", or "actors" (files with `names` and `code`, the default)."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip() and not line.lstrip().startswith("#"):
                header = {field.strip() for field in line.split("\t")}
                break
        else:
            return "actors"
    return next((kind for column, kind in FILE_KINDS if column in header), "actors")


class DictionaryWarning(UserWarning):
    """A line of a user's dictionary that was skipped; the rest of the file was read."""


# PETRARCH, TABARI and Phoenix dictionaries in a user's folder: read as they are written.
PETRARCH_SUFFIXES = (".txt", ".verbs", ".actors", ".agents")


def user_files(directory: str | Path, kind: str | None = None) -> list[Path]:
    """The dictionary files in a user's folder (or the file itself), optionally only those
    of one kind (see `file_kind`): kronika's TSVs, and PETRARCH dictionaries (`.txt`), which
    are converted to kronika's TSVs on the way (in the cache folder, see `knowledge.cache`),
    each malformed line reported as a `DictionaryWarning` with its file, line and reason."""
    return [p for _, p in _sources(directory) if kind is None or file_kind(p) == kind]


def dictionary_sources(folders: Iterable[str | Path] | None) -> list[tuple[Path, Path]]:
    """Every dictionary file in the users' folders, in the order they are read, as (the
    file in the folder, the TSV kronika reads: itself or its conversion)."""
    return [pair for folder in folders or [] for pair in _sources(folder)]


def _sources(directory: str | Path) -> list[tuple[Path, Path]]:
    directory = Path(directory)
    if not directory.exists():
        raise DictionaryError(directory, None, "no such directory")
    paths = (
        [directory]
        if directory.is_file()
        else sorted(
            p
            for p in directory.rglob("*")
            if p.is_file() and p.suffix.lower() in (".tsv", *PETRARCH_SUFFIXES)
        )
    )
    return [(p, p if p.suffix.lower() == ".tsv" else converted(p)) for p in paths]


def converted(path: Path) -> Path:
    """kronika's TSV of a PETRARCH dictionary, converted once and kept in the cache folder."""
    status = path.stat()
    return _converted(path.resolve(), status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=256)
def _converted(path: Path, size: int, modified: int) -> Path:
    """(The conversion, once per file version and process: its warnings are given once.)"""
    import hashlib
    import warnings

    from .cache import cache_dir
    from .petrarch import Problem, import_file

    stamp = hashlib.sha1(path.read_bytes()).hexdigest()[:12]
    folder = cache_dir() / "petrarch" / f"{path.stem}-{stamp}"
    problems: list[Problem] = []
    _, out, _ = import_file(path, folder, problems)
    for problem in problems:
        warnings.warn(str(problem), DictionaryWarning, stacklevel=2)
    return out


def files_of_kind(folders: list[str | Path] | None, kind: str) -> list[Path]:
    """The files of one kind (see `file_kind`) in the users' dictionary folders, in order."""
    return [path for folder in folders or [] for path in user_files(folder, kind)]


def check_code(row: Row, column: str = "code", *, required: bool = True) -> str:
    code = row[column]
    if not code and not required:
        return ""
    if not ACTOR_CODE.match(code):
        raise row.error(
            f"{column} {code!r} is not an actor code (three capital letters or '---', "
            "then optional three-letter sector codes, e.g. IRN, IRNMIL, IGOUNO)"
        )
    return code


def check_date(row: Row, column: str) -> str:
    value = row[column]
    if value and not ISO_DATE.match(value):
        raise row.error(f"{column} {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def split_names(value: str) -> list[str]:
    return [n.strip() for n in value.split("|") if n.strip()]
