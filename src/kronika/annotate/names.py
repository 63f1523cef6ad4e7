"""Find the dictionaries' names in a parsed text.

Tens of thousands of names are indexed by their first word, so a document is scanned once,
token by token, and only the tokens that start some name are tried further: no spaCy
patterns are built (tokenising 60,000 names would take seconds each time an extractor is
built) and no loop runs over the entries. A name is compared without its spaces and case
("Mazar-i-Sharif" is the same key however the tokenizer splits it); how it must be written
in the text is checked after: as the dictionary writes it or in title case, or, for names a
dictionary writes wholly in capitals ("HAMID KARZAI"), with every word capitalised.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

FIRST_RUN = re.compile(r"[^\W_]+|\S")
# Words that may stay lower case inside a capitalised name: "Ban Ki-moon", "Mohammed bin
# Salman", "Ministry of Foreign Affairs".
CONNECTORS = frozenset(
    "of the and for on in al el bin ibn bint de del der la le les du da das dos di van von y e "
    "ul ud ur ut".split()
)
MAX_TOKENS = 12


def compact(text: str) -> str:
    return "".join(text.split())


def _head(key: str) -> str:
    match = FIRST_RUN.match(key)
    return match.group(0) if match else key


class NameIndex:
    """Names → the spans of a document where they occur, written as the dictionary allows."""

    def __init__(self, surfaces: dict[str, bool]):
        # compact lower-case key → the original-case forms allowed, or None for any
        # capitalised writing
        self.keys: dict[str, set[str] | None] = {}
        self.reach: dict[str, int] = {}  # first word → length of the longest key it starts
        for form, capitalised in surfaces.items():
            if not any(c.isupper() for c in form):
                continue  # lower-case forms ("blue helmets") are left to the parser
            key = compact(form).lower()
            if capitalised:
                self.keys[key] = None
            else:
                allowed = self.keys.setdefault(key, set())
                if allowed is None:
                    continue
                allowed.add(compact(form))
                if not form.isupper() or len(form) > 3:  # "HAMAS" → "Hamas"; "UN" stays
                    allowed.add(compact(form.title()))
            head = _head(form.lower())
            self.reach[head] = max(self.reach.get(head, 0), len(key))

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) token offsets of every name written as the dictionary allows."""
        found = []
        tokens = list(doc)
        lowers = [t.lower_ for t in tokens]
        for i, low in enumerate(lowers):
            reach = self.reach.get(low if low.isalnum() else _head(low))
            if reach is None:
                continue
            key = ""
            for j in range(i, min(len(doc), i + MAX_TOKENS)):
                if tokens[j].is_space:
                    continue
                key += lowers[j]
                if len(key) > reach:
                    break
                if key in self.keys and self._written(doc, i, j + 1, self.keys[key]):
                    found.append((i, j + 1))
        return found

    @staticmethod
    def _written(doc: Doc, start: int, end: int, allowed: set[str] | None) -> bool:
        tokens = [t for t in doc[start:end] if not t.is_space]
        if allowed is not None:
            return "".join(t.text for t in tokens) in allowed
        capitals = 0
        for token in tokens:
            if not any(c.isalpha() for c in token.text):
                continue
            if token.text[0].isupper():
                capitals += 1
            elif token.lower_ not in CONNECTORS:
                return False
        return capitals > 0
