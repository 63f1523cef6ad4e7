"""Event patterns (data/verbs.tsv): verb, noun and adjective frames that make CAMEO events."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from ..knowledge.cache import cached
from ..knowledge.tables import Row, data_path, read_tsv
from .cameo import CameoTable
from .petrarch import NO_CODE as NO_CODES
from .petrarch import Discards, PetrarchVerbs

# CAMEO.2.0's verb classes and patterns (scripts/convert_knowledge.py): used for the verbs
# and frames kronika's own verbs.tsv has no pattern for.
PETRARCH_VERBS = "petrarch/cameo_verbs.tsv"
# With kronika's knowledge, CAMEO.2.0's patterns code only material acts: cooperation,
# aid, yielding, protest, force posture, reducing relations, coercion and violence. Their
# verbal families (statements, appeals, intents, consultations, demands, disapproval,
# rejections, threats) misfired on news (3 of 24 events right on BASIL and Reuters
# stories: "according to ABC News", "came to bond", "referred to the investigation"), where
# kronika's own patterns and its reading of reported speech code them.
PETRARCH_ROOTS_WITH_KRONIKA = {"06", "07", "08", "14", "15", "16", "17", "18", "19", "20"}

# A pattern coded "none" matches a frame that is not an event ("meet a deadline"), so that
# it wins over a more general pattern for the same word and nothing is coded.
NO_EVENT = "none"
DEFAULT_PREPS = (
    "with",
    "against",
    "on",
    "to",
    "at",
    "toward",
    "towards",
    "in",
    "into",
    "from",
    "for",
    "over",
)


@dataclass(frozen=True)
class Pattern:
    pos: str  # "verb", "noun" or "adj"
    words: tuple[str, ...]  # lemma, then particle(s): ("carry", "out")
    objects: frozenset[str]
    code: str
    military_code: str | None
    preps: tuple[str, ...]
    origin: str
    intransitive: bool = False
    # "=target": coded only when a target actor is found ("helped Haiti", not "helped cut
    # costs"; "released prisoners to Egypt", not "released its results").
    needs_target: bool = False
    # What a PETRARCH verb dictionary said of this clause (coding.petrarch.PetrarchMatch):
    # its sides, its code the other way, its compound subject.
    petrarch: Any = field(default=None, compare=False, hash=False, repr=False)

    @property
    def id(self) -> str:
        if self.petrarch is not None:
            return f"petrarch:{self.petrarch.text}"
        text = " ".join(self.words)
        if self.objects:
            text += " +" + "/".join(sorted(self.objects))
        return f"{self.pos}:{text}"

    @property
    def specificity(self) -> int:
        return len(self.words) + (2 if self.objects else 0)


class PatternSet:
    """The event patterns: kronika's `verbs.tsv`, then the users' pattern files, whose rows
    replace built-in rows with the same frame (`pattern` column) and add new ones; and the
    PETRARCH verb dictionaries (CAMEO.2.0's, then the users'), consulted for what kronika's
    patterns do not cover. Without `builtin`, only the users' files are read."""

    def __init__(
        self,
        cameo: CameoTable,
        paths: list[str | Path] | None = None,
        user_paths: Sequence[str | Path] | None = None,
        petrarch_paths: Sequence[str | Path] | None = None,
        discard_paths: Sequence[str | Path] | None = None,
        *,
        builtin: bool = True,
    ):
        self.by_lemma: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        self.lemmas: set[str] = set()  # every lemma a pattern is filed under, of any kind
        self.sets: dict[str, list[str]] = {}  # "&EASE" → its words, for all files read after
        self.counts: dict[str, tuple[int, int]] = {}  # file → (verb classes, patterns)
        self.petrarch = PetrarchVerbs()
        self.builtin = builtin
        if paths is None:
            paths = [data_path("verbs.tsv")] if builtin else []
        for path in paths:
            self.counts[str(path)] = (0, self.load(path, cameo))
        for path in user_paths or []:
            self.counts[str(path)] = (0, self.load(path, cameo, override=True))
        if builtin:  # checked by the tests and `kronika dictionaries check`
            self.petrarch, self.counts[str(data_path(PETRARCH_VERBS))] = builtin_petrarch()
        for path in petrarch_paths or []:
            self.counts[str(path)] = self.petrarch.load(path)
        # A user's discard list (PETRARCH's): sentences not to code. Phoenix's own list only
        # keeps its names out of the actor tables (docs/actors.md).
        self.discards = Discards()
        for path in discard_paths or []:
            self.discards.load(path)
        # PETRARCH's "require_dyad": with a user's dictionaries in place of kronika's, an
        # event of theirs needs a target; turned off, an act with none is coded too.
        self.require_dyad = True
        # PETRARCH's "new_actor_length": with a user's dictionaries in place of kronika's, a
        # side they do not know, named in at most this many words, is a side without a code
        self.new_actor_length = 0

    def load(self, path: str | Path, cameo: CameoTable, *, override: bool = False) -> int:
        """Add the patterns of one file and return how many it had; with `override`, a
        pattern for a frame already known replaces the earlier ones."""
        count = 0
        for row in read_tsv(path, ("pattern", "code")):
            text = row["pattern"]
            if re.match(r"&\w+\s*=(?!target\b)", text):  # "&EASE = …", not "&EASE =target"
                self._define_set(row)
                continue
            pos = "verb"
            if text.startswith("n:"):
                pos, text = "noun", text[2:]
            elif text.startswith("a:"):
                pos, text = "adj", text[2:]
            head, _, objects = text.partition("+")
            flags = {"-obj", "=target"}
            intransitive = "-obj" in head.split()
            needs_target = "=target" in head.split()
            head_words = [w for w in head.lower().split() if w not in flags]
            if not head_words:
                raise row.error("pattern has no word")
            object_words = frozenset(
                word
                for item in objects.split("/")
                if item.strip()
                for word in self._members(row, item.strip().lower())
            )
            for phrase in self._members(row, head_words[0]):
                words = (*phrase.split(), *head_words[1:])
                count += self._add(
                    row, path, cameo, pos, words, object_words, intransitive, needs_target, override
                )
        return count

    def _define_set(self, row: Row) -> None:
        """A row "&NAME = word/word/…" names a set of words that later patterns use in place
        of a verb or an object ("&EASE +&ECONOMIC_PENALTY"); a member may be a verb with its
        particle ("roll back") or another set."""
        name, _, members = row["pattern"].partition("=")
        name = name.strip().upper()
        if not re.fullmatch(r"&[A-Z_]+", name) or not members.strip():
            raise row.error("a set is written &NAME = word/word/... (letters and _ in its name)")
        if row["code"]:
            raise row.error(f"the set {name} takes no code")
        words = [w.strip().lower() for w in members.split("/") if w.strip()]
        self.sets[name] = [m for word in words for m in self._members(row, word)]

    def _members(self, row: Row, word: str) -> list[str]:
        if not word.startswith("&"):
            return [word]
        name = word.upper()
        if name not in self.sets:
            raise row.error(f"the set {name} is not defined above this line")
        return self.sets[name]

    def _add(
        self,
        row: Row,
        path: str | Path,
        cameo: CameoTable,
        pos: str,
        words: tuple[str, ...],
        objects: frozenset[str],
        intransitive: bool,
        needs_target: bool,
        override: bool,
    ) -> int:
        for column in ("code", "mil"):
            if row[column] == NO_EVENT:
                continue
            if row[column] and row[column] not in cameo:
                raise row.error(f"{column} {row[column]!r} is not a code in the CAMEO table")
        if row["preps"] and not re.fullmatch(r"[a-z]+(/[a-z]+)*", row["preps"]):
            raise row.error("preps must be prepositions separated by '/' (e.g. on/against)")
        pattern = Pattern(
            pos=pos,
            words=words,
            objects=objects,
            code=row["code"],
            military_code=row["mil"] or None,
            preps=tuple(row["preps"].split("/")) if row["preps"] else DEFAULT_PREPS,
            origin=f"{Path(path).name}:{row.line}",
            intransitive=intransitive,
            needs_target=needs_target,
        )
        same_lemma = self.by_lemma[(pos, words[0])]
        self.lemmas.add(words[0])
        if override:
            same_lemma[:] = [p for p in same_lemma if p.id != pattern.id]
        same_lemma.append(pattern)
        return 1

    def candidates(self, pos: str, lemma: str) -> list[Pattern]:
        return self.by_lemma.get((pos, lemma), [])

    def petrarch_pattern(self, verb: Token) -> Pattern | None:
        """A pattern for what the PETRARCH verb dictionaries say of a verb that kronika's own
        patterns do not know (kronika's rows keep precedence), else None."""
        if not self.petrarch or verb.pos_ not in ("VERB", "AUX"):
            return None
        lemma = verb.lemma_.lower()
        if self.by_lemma.get(("verb", lemma)):
            return None
        found = self.petrarch.match(verb, strict=self.builtin)
        if found is None or (
            self.builtin and (found.pattern is None or not found.pattern.has_words)
        ):
            # With kronika's knowledge, CAMEO.2.0's verbs count only in a pattern's frame
            # that names words: their classes' bare codes ("note" 010, "suggest" 020) misfire
            # on news, and so do a bare verb's prepositions ("banks moved into Istanbul" is
            # no occupation, "struggling with margins" no fight).
            return None
        code = found.code if found.code not in NO_CODES else found.passive
        if self.builtin and code[:2] not in PETRARCH_ROOTS_WITH_KRONIKA:
            return None
        return Pattern(
            pos="verb",
            words=(lemma,),
            objects=frozenset(),
            code=code,
            military_code=None,
            preps=DEFAULT_PREPS,
            origin=found.origin,
            petrarch=found,
        )


def builtin_petrarch() -> tuple[PetrarchVerbs, tuple[int, int]]:
    """CAMEO.2.0's verb classes (PETRARCH_VERBS) with every pattern read, and the file's
    counts, from the cache: reading the patterns of the classes a few dozen articles meet
    costs 0.6 CPU seconds, loading them all from the cache half that."""
    path = data_path(PETRARCH_VERBS)

    def build() -> tuple[PetrarchVerbs, tuple[int, int]]:
        verbs = PetrarchVerbs()
        counts = verbs.load(path, check=False, own_verbs=True)
        verbs.read_all()
        return verbs, counts

    from ..knowledge import petrarch_verbs, tables
    from . import petrarch

    code = [Path(str(m.__file__)) for m in (petrarch, petrarch_verbs, tables)]
    return cached("petrarch-verbs", [path, Path(__file__), *code], build)
