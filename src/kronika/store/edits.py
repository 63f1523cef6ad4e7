"""Which stored documents an edit of the dictionaries can change, so that `recode` re-codes
only those.

Each document records the knowledge it was coded with (`documents.knowledge_id`, a row of
`knowledge`): a digest of everything but the user's dictionaries ("the base": kronika's own
code and data files, the versions of the libraries it codes with, the model, whether the
built-in dictionaries were used), and the user's dictionary files in the order they are
read, each by the digest of its content, which is kept (compressed, once per version, in
`knowledge_files`) so that a later edit can be compared with it line by line.

When `recode` runs with other knowledge than a document was coded with, the document is
re-coded unless the difference cannot change what is found in it:

- a different base re-codes every document (an upgrade of kronika, an edit of its data);
- in the user's files, every line added, removed or moved is an entry that changed (a file
  added or removed changes all of its lines; files read in another order change
  everything). An actor entry is only ever found by the text of a document: every lookup
  is by a name as the document writes it (in another case, or without a leading "the"), or
  by its last word (a person's surname after a title). So a document can only change when
  its text holds the last word of one of the entry's names, compared without case
  and spaces. An edit of any other kind of file (agents, patterns, equipment, verb
  classes, discards) re-codes every document.

A document whose knowledge is not known (stored before schema 7, or loaded from a cluster's
shards) is re-coded.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import sqlite3
import sys
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from ..knowledge.actors import QUOTES, surname_key
from ..knowledge.tables import dictionary_sources, file_kind, split_names


@dataclass(frozen=True)
class UserFile:
    """One of the user's dictionary files as kronika reads it."""

    kind: str  # "actors", "agents", "patterns", … (`knowledge.tables.file_kind`)
    source: str  # the file in the user's folder
    name: str  # the name of the file read (a converted PETRARCH file's TSV)
    digest: str  # SHA-256 of the text read
    text: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class Knowledge:
    """What an extractor codes with: the base digest and the user's files, in order."""

    base: str
    files: tuple[UserFile, ...] = ()

    @property
    def digest(self) -> str:
        listed = [[f.kind, f.source, f.name, f.digest] for f in self.files]
        return _sha256(json.dumps([self.base, listed]))


def _sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def knowledge_of(extractor: Any) -> Knowledge:
    """The knowledge of a `kronika.Extractor` or of an `ExtractorSpec` (built-in
    dictionaries on), reading the user's files as they are now."""
    model = getattr(extractor, "model_name", None) or getattr(extractor, "model", None)
    dictionaries = [str(p) for p in getattr(extractor, "dictionaries", None) or ()]
    return knowledge(model or "?", dictionaries, builtin=getattr(extractor, "builtin", True))


def knowledge(
    model: str, dictionaries: Iterable[str | Path] = (), *, builtin: bool = True
) -> Knowledge:
    """The knowledge of an extractor built with this model (its name, as
    `kronika.nlp.model_name` resolves it) and these dictionary folders."""
    files = []
    for source, path in dictionary_sources(dictionaries):
        text = path.read_text(encoding="utf-8", errors="replace")
        files.append(
            UserFile(file_kind(path), str(source.resolve()), path.name, _sha256(text), text)
        )
    base = _sha256(json.dumps([_package_digest(), _model_identity(model), builtin]))
    return Knowledge(base, tuple(files))


@lru_cache(maxsize=1)
def _package_digest() -> str:
    """kronika's code and data files and the versions of the libraries it runs on."""
    root = Path(str(resources.files("kronika")))
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and (path.suffix == ".py" or "data" in path.relative_to(root).parts):
            digest.update(str(path.relative_to(root)).encode("utf-8"))
            digest.update(_sha256(path.read_bytes()).encode())
    digest.update(sys.version.encode())
    for requirement in metadata.requires("kronika") or []:
        if "extra ==" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        if name:
            try:
                digest.update(f"{name.group(0)}=={metadata.version(name.group(0))}".encode())
            except metadata.PackageNotFoundError:
                digest.update(f"{name.group(0)} missing".encode())
    return digest.hexdigest()


def _model_identity(name: str) -> str:
    """The model's name and version: an installed package's, or a folder's meta.json."""
    try:
        return f"{name}=={metadata.version(name)}"
    except (metadata.PackageNotFoundError, ValueError):
        pass
    meta = Path(name) / "meta.json"
    if meta.is_file():
        return f"{Path(name).resolve()} {_sha256(meta.read_bytes())}"
    return name


# ---------------------------------------------------------------- in the store


def record(conn: sqlite3.Connection, known: Knowledge) -> int:
    """The id of `known` in the store's `knowledge` table, added (with the text of each
    user file not stored yet) when it is new. Runs in its own transaction unless the
    caller has one open."""
    digest = known.digest
    found = conn.execute("SELECT id FROM knowledge WHERE digest = ?", (digest,)).fetchone()
    if found:
        return int(found[0])
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        for item in known.files:
            conn.execute(
                "INSERT OR IGNORE INTO knowledge_files (digest, text) VALUES (?, ?)",
                (item.digest, zlib.compress(item.text.encode("utf-8"))),
            )
        listed = [[f.kind, f.source, f.name, f.digest] for f in known.files]
        conn.execute(
            "INSERT OR IGNORE INTO knowledge (digest, base, files) VALUES (?, ?, ?)",
            (digest, known.base, json.dumps(listed)),
        )
        number = conn.execute("SELECT id FROM knowledge WHERE digest = ?", (digest,)).fetchone()
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    return int(number[0])


def stored(conn: sqlite3.Connection, knowledge_id: int) -> Knowledge | None:
    """The knowledge recorded under `knowledge_id`, files' text included."""
    row = conn.execute("SELECT base, files FROM knowledge WHERE id = ?", (knowledge_id,)).fetchone()
    if row is None:
        return None
    files = []
    for kind, source, name, digest in json.loads(row[1]):
        text = conn.execute(
            "SELECT text FROM knowledge_files WHERE digest = ?", (digest,)
        ).fetchone()
        if text is None:
            return None
        files.append(UserFile(kind, source, name, digest, zlib.decompress(text[0]).decode()))
    return Knowledge(row[0], tuple(files))


# ---------------------------------------------------------------- what an edit can change


@dataclass
class Change:
    """What changed between the knowledge a document was coded with and the current one:
    nothing, everything, or the entries whose words (`anchors`) a document must hold."""

    everything: bool = False
    anchors: set[str] = field(default_factory=set)
    reason: str = ""

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.anchors

    def matcher(self) -> re.Pattern[str] | None:
        """A pattern that finds any anchor in a text made by `searchable`."""
        if not self.anchors:
            return None
        return re.compile("|".join(map(re.escape, sorted(self.anchors, key=len, reverse=True))))


def compare(old: Knowledge | None, new: Knowledge) -> Change:
    """What can differ in a document coded with `old` when it is coded with `new`."""
    if old is None:
        return Change(everything=True, reason="coded before kronika recorded its knowledge")
    if old.digest == new.digest:
        return Change()
    if old.base != new.base:
        return Change(everything=True, reason="kronika, its data or the model changed")
    for kind in {f.kind for f in (*old.files, *new.files)}:
        read_before = [f.source for f in old.files if f.kind == kind]
        read_after = [f.source for f in new.files if f.kind == kind]
        common = set(read_before) & set(read_after)
        if [s for s in read_before if s in common] != [s for s in read_after if s in common]:
            return Change(everything=True, reason=f"the {kind} files are read in another order")
    change = Change()
    olds = {(f.kind, f.source): f for f in old.files}
    news = {(f.kind, f.source): f for f in new.files}
    for key in olds.keys() | news.keys():
        before, after = olds.get(key), news.get(key)
        if before is not None and after is not None and before.digest == after.digest:
            continue
        if key[0] != "actors":
            return Change(everything=True, reason=f"{key[1]} ({key[0]}) changed")
        for header, line in _changed_lines(before, after):
            anchors = _actor_anchors(header, line)
            if anchors is None:
                return Change(everything=True, reason=f"{key[1]}: cannot read {line!r}")
            change.anchors |= anchors
    return change


def _data_lines(item: UserFile | None) -> tuple[list[str], list[str]]:
    """The header's fields and the data lines of a TSV (comments and blank lines aside)."""
    if item is None:
        return [], []
    lines = [
        line.rstrip("\r")
        for line in item.text.split("\n")
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        return [], []
    return [f.strip() for f in lines[0].split("\t")], lines[1:]


def _changed_lines(
    before: UserFile | None, after: UserFile | None
) -> Iterable[tuple[list[str], str]]:
    """(header, line) of each line added, removed or moved between two versions of a
    file; every line of both when the header or the file's name changed (the name of an
    actor file gives its rows' default kind)."""
    old_header, old_lines = _data_lines(before)
    new_header, new_lines = _data_lines(after)
    if before is None or after is None or old_header != new_header or before.name != after.name:
        yield from ((old_header, line) for line in old_lines)
        yield from ((new_header, line) for line in new_lines)
        return
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":  # the order of rows matters too: which entry a name finds first
            yield from ((old_header, line) for line in old_lines[i1:i2])
            yield from ((new_header, line) for line in new_lines[j1:j2])


def _actor_anchors(header: list[str], line: str) -> set[str] | None:
    """The words a document must hold for this actor row to matter: the last word of each
    of its names (see the module's docstring). None when the row cannot be read."""
    if "names" not in header:
        return None
    fields = line.split("\t")
    at = header.index("names")
    names = split_names(fields[at]) if at < len(fields) else []
    anchors = set()
    for form in names:
        anchor = searchable(surname_key(form))
        if not anchor:
            return None
        anchors.add(anchor)
    return anchors or None


WHITESPACE = re.compile(r"\s+")


def searchable(text: str) -> str:
    """`text` as anchors are looked for in it: straight quotes, case folded, one Unicode
    form, no spaces ("Mazar-i  Sharif’s" → "mazar-isharif's"). Lookups of names compare
    more than this (case and spaces aside, the same characters), so an anchor is found in
    any text where the name is."""
    folded = unicodedata.normalize("NFKD", text.translate(QUOTES)).casefold()
    return WHITESPACE.sub("", folded)


__all__ = [
    "Change",
    "Knowledge",
    "UserFile",
    "compare",
    "knowledge",
    "knowledge_of",
    "record",
    "searchable",
    "stored",
]
