"""Read PETRARCH verb dictionaries (CAMEO.2.0.txt and users' files in its format) and write
them as kronika's verb-pattern table.

A verb dictionary holds synonym sets (``&CURRENCY`` then ``+DOLLAR`` lines), verb classes
(``--- ACCELERATE [---] ---`` then the class's verbs, with irregular forms in ``{...}``, an
optional code of their own in ``[...]`` and ``+`` marking the verb of a multi-word verb such
as ``+BEEF_UP`` or ``WIRE_+TAP``), the class's patterns (``- * (TO BORDER) [154]``) and
transformations (``~ a (a b WILL_ATTACK) SAY = a b 138``). The patterns are kept as written;
`coding.petrarch` reads their syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .petrarch import Problem, _report, clean_lines

PATTERN_CODE = re.compile(r"\[\s*([^\]\s]*)\s*\]\s*$")
CLASS_LINE = re.compile(r"^---\s*(?P<name>[^\[]*)(?:\[(?P<code>[^\]]*)\])?")
# Columns of kronika's verb-pattern table (one file holds a whole dictionary), and the one
# it may hold besides: the verbs a pattern was written for, from its comment ("# ALLOCATE").
HEADER = ("verb_class", "entry", "text", "code", "source")
COLUMNS = (*HEADER, "written_for")
# A pattern's comment that names verbs: words in capitals separated by commas ("# CONFIRM ,
# REAFFIRM", "# BLOWN UP"); a coder's note ("# sls 31 Mar 2008") names none.
COMMENT_VERB = re.compile(r"[A-Z][A-Z' _]*")


@dataclass
class VerbClass:
    name: str
    code: str  # the code of the class's verbs on their own; "---": no event
    line: int
    verbs: list[tuple[str, str, int]] = field(default_factory=list)  # (text, own code, line)
    patterns: list[tuple[str, str, int]] = field(default_factory=list)  # (text, code, line)
    # line of a pattern → the verbs its comment says it was written for ("STEPPED_UP")
    written_for: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class VerbDictionary:
    synsets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    synset_lines: dict[str, int] = field(default_factory=dict)
    classes: list[VerbClass] = field(default_factory=list)
    transformations: list[tuple[str, int]] = field(default_factory=list)

    @property
    def pattern_count(self) -> int:
        return sum(len(c.patterns) for c in self.classes)


def read_verbs(path: str | Path, problems: list[Problem] | None = None) -> VerbDictionary:
    """The synsets, verb classes, patterns and transformations of a PETRARCH verb file."""
    path = Path(path)
    found: list[Problem] = []
    verbs = VerbDictionary()
    synset: str | None = None  # the synset whose "+" members are being read
    current: VerbClass | None = None
    lines = clean_lines(path)
    raw = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in lines:
        text = line.strip()
        if text.startswith("&"):
            synset = text.split()[0]
            verbs.synsets.setdefault(synset, [])
            verbs.synset_lines[synset] = number
            continue
        if text.startswith("+") and synset is not None:
            verbs.synsets[synset].append((text[1:].strip(), number))
            continue
        synset = None
        if text.startswith("---"):
            match = CLASS_LINE.match(text)
            name = match["name"].strip(" -") if match else ""
            if match is None or not name:
                found.append(Problem(str(path), number, "a verb class line without a name"))
                current = None
                continue
            current = VerbClass(name, (match["code"] or "---").strip() or "---", number)
            verbs.classes.append(current)
            continue
        if text.startswith("~"):
            verbs.transformations.append((text[1:].strip(), number))
            continue
        if current is None:
            found.append(Problem(str(path), number, "a verb or pattern before any '---' class"))
            continue
        if text.startswith("-"):
            code = PATTERN_CODE.search(text)
            if code is None:
                found.append(Problem(str(path), number, "a pattern without a [CODE] at its end"))
                continue
            body = text[1 : code.start()].strip()
            if "*" not in body:
                found.append(Problem(str(path), number, "a pattern without '*' for the verb"))
                continue
            current.patterns.append((" ".join(body.split()), code.group(1), number))
            named = comment_verbs(raw[number - 1]) if number <= len(raw) else ()
            if named:
                current.written_for[number] = named
            continue
        own = PATTERN_CODE.search(text)
        verb = text[: own.start()].strip() if own else text
        if not re.match(r"^[+A-Za-z]", verb):
            found.append(Problem(str(path), number, f"{verb!r} is not a verb"))
            continue
        current.verbs.append((" ".join(verb.split()), own.group(1) if own else "", number))
    _report(found, problems)
    return verbs


def comment_verbs(line: str) -> tuple[str, ...]:
    """The verbs a pattern line's comment names: "- * &CURRENCY [071]  # ALLOCATE" was
    written for ALLOCATE (TABARI's patterns were each a verb's; CAMEO.2.0 keeps that verb in
    the comment when it puts the pattern in a class of synonyms)."""
    _, hash_, comment = line.partition("#")
    if not hash_:
        return ()
    parts = [part.strip() for part in comment.split(",")]
    if not all(COMMENT_VERB.fullmatch(part) for part in parts):
        return ()
    return tuple(dict.fromkeys("_".join(part.split()) for part in parts))


def write_verb_tsv(verbs: VerbDictionary, out: Path, source: str = "") -> int:
    """Write a verb dictionary as kronika's verb-pattern table; returns the pattern rows."""
    rows = ["\t".join(COLUMNS)]

    def origin(line: int) -> str:
        return f"{source}:{line}" if source else ""

    for name, members in verbs.synsets.items():
        rows.append(f"{name}\tsynset\t\t\t{origin(verbs.synset_lines[name])}")
        rows.extend(f"{name}\tmember\t{text}\t\t{origin(line)}" for text, line in members)
    for verb_class in verbs.classes:
        rows.append(f"{verb_class.name}\tclass\t\t{verb_class.code}\t{origin(verb_class.line)}")
        rows.extend(
            f"{verb_class.name}\tverb\t{text}\t{code}\t{origin(line)}"
            for text, code, line in verb_class.verbs
        )
        rows.extend(
            f"{verb_class.name}\tpattern\t{text}\t{code}\t{origin(line)}\t"
            + ",".join(verb_class.written_for.get(line, ()))
            for text, code, line in verb_class.patterns
        )
    rows.extend(
        f"\ttransformation\t{text}\t\t{origin(line)}" for text, line in verbs.transformations
    )
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return verbs.pattern_count
