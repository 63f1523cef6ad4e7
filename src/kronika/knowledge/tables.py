"""Load kronika's data files (TSV and YAML), validating them with errors that name file and line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
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


def read_tsv(path: str | Path, required: tuple[str, ...]) -> Iterator[Row]:
    """Yield the rows of a TSV file with a header line; `#` lines and blank lines are skipped.

    Raises DictionaryError when the header lacks a required column or a row has too many fields.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
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


# What a user's TSV file holds, told by its header: the column that only that kind has.
FILE_KINDS = (
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


def user_files(directory: str | Path, kind: str | None = None) -> list[Path]:
    """The TSV files in a user's dictionary folder (or the file itself), optionally only
    those of one kind (see `file_kind`)."""
    directory = Path(directory)
    if not directory.exists():
        raise DictionaryError(directory, None, "no such directory")
    paths = (
        [directory]
        if directory.is_file()
        else sorted(p for p in directory.rglob("*.tsv") if p.is_file())
    )
    return [p for p in paths if kind is None or file_kind(p) == kind]


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
