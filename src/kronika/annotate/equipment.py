"""Weapon systems and military equipment: named systems from the equipment table, and
designations ("Ababil-2", "Su-35") attached to an equipment noun in the same phrase."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..knowledge.tables import data_path, read_tsv, split_names
from ..records import Equipment

DESIGNATION = re.compile(r"^[A-Z][A-Za-z]*-?\d+[A-Za-z]?$|^[A-Z][a-z]+-\d+$")


@dataclass(frozen=True)
class Kind:
    kind: str
    origin: str | None


def read_equipment(path: str | Path) -> tuple[dict[str, str], dict[str, tuple[str, Kind]]]:
    """The equipment classes ("drone" → kind) and named systems ("S-400" → (name, kind))
    of one equipment table."""
    classes: dict[str, str] = {}
    systems: dict[str, tuple[str, Kind]] = {}
    for row in read_tsv(path, ("names", "type", "kind")):
        names = split_names(row["names"])
        if row["type"] == "class":
            for name in names:
                classes[name.lower()] = row["kind"]
        elif row["type"] == "system":
            for name in names:
                systems[name] = (names[0], Kind(row["kind"], row["origin"] or None))
        else:
            raise row.error(f"type {row['type']!r} must be 'class' or 'system'")
    return classes, systems


class EquipmentAnnotator:
    """Finds equipment named in kronika's table and in the users' equipment files, whose
    rows add to and override the built-in ones."""

    def __init__(self, nlp, path=None, user_paths: Sequence[str | Path] | None = None):
        self.classes: dict[str, str] = {}
        self.systems: dict[str, tuple[str, Kind]] = {}
        for table in [path or data_path("equipment.tsv"), *(user_paths or [])]:
            classes, systems = read_equipment(table)
            self.classes.update(classes)
            self.systems.update(systems)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("SYSTEM", list(nlp.tokenizer.pipe(sorted(self.systems))))

    def _class_of(self, token: Token) -> str | None:
        lemma = token.lemma_.lower()
        previous = token.doc[token.i - 1].lemma_.lower() if token.i else ""
        return self.classes.get(f"{previous} {lemma}") or self.classes.get(lemma)

    def __call__(self, doc: Doc) -> list[Equipment]:
        found: dict[int, Equipment] = {}
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            name, kind = self.systems[span.text]
            found[span.start_char] = Equipment(
                span.text, name, kind.kind, kind.origin, span.start_char, span.end_char
            )
        for span in self._designations(doc):
            if span.start_char in found:
                continue
            kind_name = self._kind_near(span)
            if kind_name:
                found[span.start_char] = Equipment(
                    span.text, span.text, kind_name, None, span.start_char, span.end_char
                )
        return [found[k] for k in sorted(found)]

    def _designations(self, doc: Doc):
        """Token runs that read as model designations: "Ababil-2", "Su-35", "MQ-9"."""
        tokens = list(doc)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if (
                token.text[:1].isupper()
                and i + 2 < len(tokens)
                and tokens[i + 1].text == "-"
                and tokens[i + 2].like_num
                and not tokens[i + 1].whitespace_
                and not token.whitespace_
            ):
                yield doc[i : i + 3]
                i += 3
                continue
            if (
                DESIGNATION.match(token.text)
                and any(c.isdigit() for c in token.text)
                and not token.like_num
            ):
                yield doc[i : i + 1]
            i += 1

    def _kind_near(self, span: Span) -> str | None:
        root = span.root
        candidates = [root.head, *root.head.children, *root.children]
        if root.head.dep_ in ("acl", "appos", "amod"):  # "drones, named Ababil-2"
            candidates.append(root.head.head)
        for token in candidates:
            kind = self._class_of(token)
            if kind:
                return kind
        return None
