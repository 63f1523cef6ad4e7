"""PETRARCH verb patterns matched on spaCy's dependency parse.

The patterns come from CAMEO.2.0 (converted into `data/petrarch/cameo_verbs.tsv` by
scripts/convert_knowledge.py) or from a user's PETRARCH verb dictionary. A verb class lists
verbs ("ACCELERATE", "HURRY {HURRIED ...}", multi-word "+CORDON_OFF" and "WIRE_+TAP") and
patterns such as ``- * (TO BORDER) [154]``: what stands before ``*`` is looked for before
the verb (its subject, auxiliaries, negation), what stands after it in the verb's own phrase.
The syntax read here:

- ``WORD``: a word (as written or its lemma) in that part of the clause; ``A_B`` words that
  follow each other; ``{FINANCIAL AID}``: a noun ("aid") with its modifiers before it;
- ``(PREP WORDS)``: a preposition of the verb or of its object, with those words in its
  phrase; ``(PREP)`` the preposition alone;
- ``&SYNSET``: any of the synonym set's words or phrases (sets may hold sets);
- ``$`` and ``+``: where the source and the target are, when not the subject and the object
  ("- + * FROM $": "X was freed from Y" is Y freeing X); ``^``: a phrase that is not a
  participant; ``%``: a compound subject whose members act on each other (after ``*``, a
  compound there). In TABARI's reading (a user's dictionaries), a marker after a word of the
  pattern is the phrase that follows that word (see `_apply`);
- codes ``[A:B]``: the event A from source to target, and B from target to source ("left
  for Minas Tirith": a visit and its hosting). A class's own code (``--- ARRIVE [032] ---``)
  is the code of its verbs when no pattern matches; ``---`` means none.

Not honoured (docs/events.md): transformations (``~`` lines), TABARI's stems, TABARI's
complex events (``[+++]`` patterns are left out), and in kronika's own reading the order of
words within a part of the clause (only ``_`` sequences are kept in order; TABARI's reading,
for a user's dictionaries, keeps the pattern's order).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..knowledge.petrarch_verbs import HEADER
from ..knowledge.tables import DictionaryError, DictionaryWarning, read_rows
from ..records import Event, EventActor

if TYPE_CHECKING:
    from .cameo import CameoTable

NO_CODE = {"", "---", "+++", "###"}
# TABARI's code for a pattern of a "complex" event (one coded from several phrases), which
# PETRARCH does not implement: the pattern is left out, and others of its class match.
COMPLEX = "+++"
PREPOSITIONS = frozenset(
    "about above across after against along amid among around as at before behind below "
    "beneath beside besides between beyond by despite during except for from in inside into "
    "like near of off on onto out outside over past since through throughout till to toward "
    "towards under underneath unlike until up upon via with within without".split()
)
MARKERS = {"$": "source", "+": "target", "^": "skip", "%": "compound"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
FUNCTION_POS = {"DET", "PUNCT"}
# A clause set beside a verb's rather than in its phrase (", an official said").
BESIDE = ("parataxis",)


@lru_cache(maxsize=65536)
def forms(word: str) -> frozenset[str]:
    """A word and its singular, lower case ("RALLIES" → rallies, rally)."""
    word = word.lower()
    found = {word}
    if word.endswith("ies") and len(word) > 4:
        found.add(word[:-3] + "y")
    elif word.endswith(("ses", "xes", "ches", "shes")):
        found.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        found.add(word[:-1])
    return frozenset(found)


def token_forms(token: Token) -> frozenset[str]:
    return forms(token.text) | {token.lemma_.lower()}


def _lower(token: Token) -> frozenset[str]:
    return frozenset({token.lower_})


@dataclass(frozen=True)
class Phrase:
    """Words of a pattern that must occur: `words` in order and next to each other, the last
    being the head; or with `loose`, the head with the other words among its modifiers."""

    words: tuple[frozenset[str], ...]
    loose: bool = False
    # The words as PETRARCH matches them (`_written`): as written, a synset member's plural
    written: tuple[frozenset[str], ...] = ()

    def matches(
        self, tokens: list[Token], nearest_last: bool = False, exact: bool = False
    ) -> Token | None:
        """The head token of the first occurrence among `tokens` (in text order), or with
        `nearest_last` of the last one, else None. A word matches its forms and the token's
        lemma; with `exact`, only as PETRARCH matches it (`written`: "efforts" is not
        EFFORT)."""
        words = self.written if exact and self.written else self.words
        token_words = _lower if exact and self.written else token_forms
        last = words[-1]
        order = range(len(tokens) - 1, -1, -1) if nearest_last else range(len(tokens))
        for k in order:
            token = tokens[k]
            if token.pos_ in FUNCTION_POS and self.size == 1 and not exact:
                continue  # a pattern's word is a word of the phrase, not "the" or "its"
            if not token_words(token) & last:
                continue
            if self.loose:
                around = {f for t in token.subtree if t.i < token.i for f in token_words(t)}
                if all(w & around for w in words[:-1]):
                    return token
                continue
            before = tokens[max(0, k - len(words) + 1) : k]
            if len(before) == len(words) - 1 and all(
                token_words(t) & w for t, w in zip(before, words[:-1], strict=True)
            ):
                sequence = [*before, token]
                if all(b.i + 1 == a.i for b, a in zip(sequence, sequence[1:], strict=False)):
                    return token
        return None

    @property
    def size(self) -> int:
        return len(self.words)


@dataclass(frozen=True)
class Slot:
    """One element of a pattern: words, a preposition with its phrase, or a marker."""

    side: str  # "pre" (before the verb) or "post"
    alternatives: tuple[Phrase, ...] = ()  # any of these; none: any phrase
    prep: str | None = None
    role: str | None = None  # "source", "target", "skip"
    adjacent: bool = False  # "RECENTLY_*", "*_OUT": right before or right after the verb

    @property
    def size(self) -> int:
        words = max((p.size for p in self.alternatives), default=0)
        return words + (1 if self.prep else 0)


@dataclass(frozen=True)
class VerbPattern:
    verb_class: str
    slots: tuple[Slot, ...]
    code: str
    passive: str
    compound: bool
    text: str
    origin: str
    # The verbs the pattern counts for, as written ("allocate", "stepped"); None: all the
    # verbs of its class, as PETRARCH reads it.
    written_for: frozenset[str] | None = None

    @property
    def specificity(self) -> int:
        return sum(slot.size for slot in self.slots) + len(self.slots)

    @property
    def has_words(self) -> bool:
        """Whether the pattern names words besides the verb ("* SENTENCE", "(IN &DETENTION)"),
        not only prepositions and markers ("* INTO", "* (FROM)", "* FROM +")."""
        return any(
            not (p.size == 1 and p.words[0] <= PREPOSITIONS)
            for slot in self.slots
            for p in slot.alternatives
        )

    def counts_for(self, verb: Verb) -> bool:
        """Whether the pattern is one of this verb's (see `written_for`)."""
        if self.written_for is None:
            return True
        return bool(self.written_for & (verb.forms | inflections(verb.lemma)))


@dataclass(frozen=True)
class Verb:
    lemma: str
    before: tuple[str, ...]  # words right before the verb ("wire" of WIRE_+TAP)
    after: tuple[str, ...]  # its particles ("off" of +CORDON_OFF)
    verb_class: str
    code: str
    origin: str
    forms: frozenset[str] = frozenset()  # the lemma and the irregular forms in braces


@dataclass
class PetrarchMatch:
    """What a verb's PETRARCH patterns say about one of its clauses."""

    verb: Verb
    pattern: VerbPattern | None  # None: the verb alone, coded with its class's code
    code: str
    passive: str
    sources: list[Token] = field(default_factory=list)  # from "$", else the usual source
    targets: list[Token] = field(default_factory=list)  # from "+", else the usual target
    skip: list[Token] = field(default_factory=list)  # "^": not participants
    compound: bool = False

    @property
    def origin(self) -> str:
        return self.pattern.origin if self.pattern else self.verb.origin

    @property
    def text(self) -> str:
        if self.pattern:
            return f"{self.verb.lemma} {self.pattern.text}"
        return " ".join((*self.verb.before, self.verb.lemma, *self.verb.after))


class PetrarchVerbs:
    """The verbs, classes and patterns of PETRARCH verb dictionaries, for matching. A class's
    patterns are read when one of its verbs is first met (most never are in a corpus)."""

    def __init__(self) -> None:
        self.verbs: dict[str, list[Verb]] = {}  # lemma or irregular form → verbs
        self.class_codes: dict[str, str] = {}
        self.counts: dict[str, tuple[int, int]] = {}  # file → (classes, patterns)
        # class → (file, synsets, [(line, text, code, origin)]), parsed on first use
        self._unread: dict[str, list[tuple[str, dict[str, list[str]], list[tuple]]]] = {}
        self._patterns: dict[str, list[VerbPattern]] = {}
        # what reading a class ahead of use (`read_all`) found wrong, told on first use
        self._problems: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.verbs)

    def load(
        self, path: str | Path, *, check: bool = True, own_verbs: bool = False
    ) -> tuple[int, int]:
        """Add a verb-pattern table (the columns of `knowledge.petrarch_verbs.HEADER`). With
        `check`, every pattern is read now and a malformed one is reported (as a
        DictionaryWarning naming the file and line) and skipped; otherwise patterns are read
        when first needed.

        With `own_verbs`, a pattern counts only for the verbs it was written for: those its
        `written_for` column names (the TABARI verb CAMEO.2.0 keeps in the pattern's comment),
        else its class's own verb, the class's name ("HURT"). Not for the class's other
        verbs, synonyms from WordNet whose other senses are common in news ("ripped the
        president" is no attack on him, "administer the holdings" no detention)."""
        path = Path(path)
        table = read_rows(path, HEADER)
        at = table.columns
        synsets: dict[str, list[str]] = {}
        pending: dict[str, list[tuple]] = {}
        classes = patterns = 0

        def value(fields: list[str], column: str) -> str:
            index = at.get(column, len(fields))
            return fields[index].strip() if index < len(fields) else ""

        for number, fields in table.rows:
            entry, name = value(fields, "entry"), value(fields, "verb_class")
            text, code = value(fields, "text"), value(fields, "code")
            origin = value(fields, "source") or f"{path.name}:{number}"
            if entry == "member":
                synsets.setdefault(name, []).append(text)
            elif entry == "class":
                classes += 1
                self.class_codes[name] = code or "---"
                pending.setdefault(name, [])
            elif entry == "verb":
                if name not in self.class_codes:
                    raise DictionaryError(path, number, f"verb {text!r} before its class")
                for verb in _verbs(text, name, code or self.class_codes[name], origin):
                    for form in {verb.lemma, *_irregular(text)}:
                        self.verbs.setdefault(form, []).append(verb)
            elif entry == "pattern":
                written_for = None
                if own_verbs:
                    named = value(fields, "written_for") or name
                    written_for = frozenset(w.lower() for w in re.split(r"[,_ ]+", named) if w)
                pending.setdefault(name, []).append((number, text, code, origin, written_for))
                patterns += 1
            elif entry not in ("synset", "transformation"):
                raise DictionaryError(
                    path, number, f"entry {entry!r} is not synset, member, class, verb or pattern"
                )
        for name, rows in pending.items():
            self._unread.setdefault(name, []).append((str(path), synsets, rows))
            self._patterns.pop(name, None)
            self._problems.pop(name, None)
            if check:
                self.class_patterns(name)
        self.counts[str(path)] = (classes, patterns)
        return classes, patterns

    def class_patterns(self, name: str) -> list[VerbPattern]:
        """The patterns of a verb class, read from their rows on first use."""
        found = self._patterns.get(name)
        if found is not None:
            for problem in self._problems.pop(name, ()):
                warnings.warn(problem, DictionaryWarning, stacklevel=3)
            return found
        found = []
        for path, synsets, rows in self._unread.get(name, []):
            for number, text, code, origin, written_for in rows:
                if code.strip() == COMPLEX:
                    continue  # TABARI's complex event, which PETRARCH does not code either
                try:
                    pattern = parse_pattern(text, code, name, synsets, origin)
                    found.append(replace(pattern, written_for=written_for))
                except ValueError as exc:
                    problem = f"{path}:{number}: pattern {text!r} skipped: {exc}"
                    warnings.warn(problem, DictionaryWarning, stacklevel=3)
        self._patterns[name] = found
        return found

    def read_all(self) -> None:
        """Read every class's patterns now (for a copy kept in the cache), keeping what is
        wrong with any to warn of it when the class is first used, as reading it then
        would."""
        for name in list(self._unread):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self.class_patterns(name)
            if caught:
                self._problems[name] = [str(w.message) for w in caught]

    def codes(self) -> set[str]:
        """Every event code the verbs and patterns use."""
        found = {_split_code(v.code)[0] for verbs in self.verbs.values() for v in verbs}
        for name in self._unread:
            for pattern in self.class_patterns(name):
                found.update((pattern.code, pattern.passive))
        return found - NO_CODE

    def match(self, verb: Token, *, strict: bool = False) -> PetrarchMatch | None:
        """The most specific pattern of the verb's classes that its clause satisfies, else the
        verb's own code; None when neither gives an event. With `strict`, a pattern's words
        must be the heads of the verb's subject, objects and prepositional objects, or their
        modifiers, as PETRARCH reads its patterns on a parse tree; otherwise any word of the
        verb's phrase will do (TABARI's reading, which PETRARCH's test dictionaries use)."""
        # The word as written first: a dictionary may give a form a class of its own ("LEFT"
        # coded unlike "LEAVE").
        candidates = self.verbs.get(verb.lower_) or self.verbs.get(verb.lemma_.lower()) or []
        best: PetrarchMatch | None = None
        pre, post = _context(verb, strict)
        for candidate in candidates:
            if not _compound_fits(verb, candidate):
                continue
            if not strict and verb.lower_ not in candidate.forms | regular_forms(candidate.lemma):
                continue  # "departes": no form of "depart" PETRARCH would know
            found: PetrarchMatch | None = None
            for pattern in self.class_patterns(candidate.verb_class):
                if found is not None and pattern.specificity <= _specificity(found):
                    continue
                if not pattern.counts_for(candidate):
                    continue
                applied = _apply(pattern, verb, pre, post, linear=not strict)
                if applied is not None:
                    found = PetrarchMatch(
                        candidate, pattern, pattern.code, pattern.passive, *applied
                    )
            if found is None:
                code, passive = _split_code(candidate.code)
                found = PetrarchMatch(candidate, None, code, passive)
            if best is None or _rank(found) > _rank(best):
                best = found
        if best is None or (best.code in NO_CODE and best.passive in NO_CODE):
            return None
        return best


def _rank(found: PetrarchMatch) -> tuple[int, int]:
    """Patterns over bare verbs, then the more specific; multi-word verbs over single ones."""
    words = len(found.verb.before) + len(found.verb.after)
    return (_specificity(found), words)


def _specificity(found: PetrarchMatch) -> int:
    return found.pattern.specificity if found.pattern else 0


def _split_code(code: str) -> tuple[str, str]:
    """(code, code the other way) of "[042:043]"; a code that is not letters and digits
    ("025?") is no code."""
    active, _, passive = (part.strip() for part in code.partition(":"))
    return _code_or_none(active), _code_or_none(passive)


def _code_or_none(code: str) -> str:
    return code if re.fullmatch(r"[0-9A-Za-z]+", code) else ""


def _verbs(text: str, verb_class: str, code: str, origin: str) -> list[Verb]:
    """The verb of a class line ("HURRY {HURRIES ...}", "+BEEF_UP", "WIRE_+TAP", "LASH OUT")."""
    main = re.sub(r"\{[^}]*\}", "", text).split()
    if not main:
        return []
    words = main[0].split("_") if "_" in main[0] else main
    marked = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    words = [w.lstrip("+").lower() for w in words]
    if not all(words):
        return []
    return [
        Verb(
            words[marked],
            tuple(words[:marked]),
            tuple(words[marked + 1 :]),
            verb_class,
            code,
            origin,
            frozenset({words[marked], *_irregular(text)}),
        )
    ]


@lru_cache(maxsize=8192)
def inflections(lemma: str) -> frozenset[str]:
    """A verb's regular forms ("step": steps, stepped, stepping)."""
    found = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        found.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        found.update((lemma[:-1] + "ies", lemma[:-1] + "ied"))
    if lemma[-1:] not in "aeiouwxy":
        found.update((lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"))
    return frozenset(found)


@lru_cache(maxsize=8192)
def regular_forms(lemma: str) -> frozenset[str]:
    """A verb's regular forms as English writes them ("depart": departs, departed,
    departing; "stop": stopped; "try": tries, tried; "push": pushes), not every ending
    `inflections` allows."""
    found = {lemma, lemma + "ing", lemma + "ed", lemma + "s"}
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        found.add(lemma + "es")
    if lemma.endswith("e"):
        found.update((lemma + "d", lemma[:-1] + "ing"))
    if lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        found.update((lemma[:-1] + "ies", lemma[:-1] + "ied"))
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        found.update((lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"))
    return frozenset(found)


def _irregular(text: str) -> set[str]:
    """The forms in a verb line's braces, as the word the parser marks as the verb."""
    found = set()
    for group in re.findall(r"\{([^}]*)\}", text):
        for form in group.split():
            words = form.split("_")
            marked = next((w for w in words if w.startswith("+")), words[0])
            found.add(marked.lstrip("+").lower())
    return found


def parse_pattern(
    text: str, code: str, verb_class: str, synsets: dict[str, list[str]], origin: str
) -> VerbPattern:
    """A pattern line's text (without its code) as slots; ValueError if it cannot be read."""
    spaced = re.sub(r"([(){}])", r" \1 ", text)
    tokens = spaced.split()
    side = "pre"
    slots: list[Slot] = []
    i = 0

    def phrase_of(words: list[str], loose: bool) -> tuple[Phrase, ...]:
        return _alternatives(words, synsets, loose)

    while i < len(tokens):
        token = tokens[i]
        if "*" in token:
            before, _, after = token.partition("*")
            if before.strip("_"):
                found = phrase_of(before.strip("_").split("_"), False)
                slots.append(Slot("pre", found, adjacent=before.endswith("_")))
            side = "post"
            if after.strip("_"):
                found = phrase_of(after.strip("_").split("_"), False)
                slots.append(Slot("post", found, adjacent=after.startswith("_")))
            i += 1
            continue
        if token in MARKERS:
            slots.append(Slot(side, (), None, MARKERS[token]))
            i += 1
            continue
        if token == "(":
            end = _closing(tokens, i, "(", ")")
            inner = tokens[i + 1 : end]
            if not inner:
                raise ValueError("an empty '( )'")
            prep, rest = inner[0].lower(), inner[1:]
            role = next((MARKERS[t] for t in rest if t in MARKERS), None)
            words = [t for t in rest if t not in MARKERS and t not in "{}"]
            loose = "{" in rest
            alternatives = phrase_of(words, loose) if words else ()
            slots.append(Slot(side, alternatives, prep, role))
            i = end + 1
            continue
        if token == "{":
            end = _closing(tokens, i, "{", "}")
            slots.append(Slot(side, phrase_of(tokens[i + 1 : end], True)))
            i = end + 1
            continue
        if token in (")", "}"):
            raise ValueError(f"an unmatched '{token}'")
        word = token.lower()
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            word in PREPOSITIONS
            and following not in (None, "*", "(", "{")
            and (following in MARKERS or not following.startswith("*"))
        ):
            # TABARI's writing of a prepositional phrase: "FROM $", "OVER EFFORTS"
            if following in MARKERS:
                slots.append(Slot(side, (), word, MARKERS[following]))
            else:
                slots.append(Slot(side, phrase_of(following.split("_"), False), word))
            i += 2
            continue
        slots.append(Slot(side, phrase_of(token.split("_"), False)))
        i += 1
    active, passive = _split_code(code)
    # "% *": the subject is a compound (a "%" after the verb only asks for one there)
    compound = any(s.role == "compound" and s.side == "pre" for s in slots)
    return VerbPattern(verb_class, tuple(slots), active, passive, compound, text, origin)


def _closing(tokens: list[str], start: int, opening: str, closing: str) -> int:
    depth = 0
    for k in range(start, len(tokens)):
        depth += tokens[k] == opening
        depth -= tokens[k] == closing
        if depth == 0:
            return k
    raise ValueError(f"'{opening}' without '{closing}'")


def _alternatives(
    words: list[str], synsets: dict[str, list[str]], loose: bool
) -> tuple[Phrase, ...]:
    """The phrases a sequence of pattern words stands for, synsets expanded."""
    merged: dict[tuple[str, ...], tuple[set[str], set[str]]] = {}
    rests: dict[tuple[str, ...], tuple[frozenset[str], ...]] = {}
    for sequence in _sequences(words, synsets):
        if not sequence:
            continue
        *rest, (last, plural) = sequence
        key = tuple(w.lower() for w, _ in rest)
        rests.setdefault(key, tuple(frozenset({w.lower()}) for w, _ in rest))
        lemmas, written = merged.setdefault(key, (set(), set()))
        lemmas.update(forms(last))
        written.update(_written(last, plural))
    return tuple(
        Phrase(
            (*(forms(w) for w in key), frozenset(lemmas)),
            loose,
            (*rests[key], frozenset(written)),
        )
        for key, (lemmas, written) in merged.items()
    )


def _sequences(
    words: list[str], synsets: dict[str, list[str]], depth: int = 0
) -> list[list[tuple[str, bool]]]:
    """The word sequences a pattern's words stand for, each word with whether its plural
    matches too: a synset member's last word, as PETRARCH generates its plural (not for a
    set or a member written with a final "_")."""
    sequences: list[list[tuple[str, bool]]] = [[]]
    for word in words:
        if not word.startswith("&"):
            sequences = [s + [(word, False)] for s in sequences]
            continue
        name = word
        members = synsets.get(name) or synsets.get(name.rstrip("_")) or synsets.get(name + "_")
        if members is None:
            raise ValueError(f"synset {name} is not defined")
        plural_set = not name.endswith("_") and name + "_" not in synsets
        expanded: list[list[tuple[str, bool]]] = []
        for member in members:
            member_words = member.replace("_", " ").split()
            if depth < 3 and any(m.startswith("&") for m in member_words):
                expanded += _sequences(member_words, synsets, depth + 1)
            elif member_words:
                plural = plural_set and not member.endswith("_")
                expanded.append(
                    [(w, False) for w in member_words[:-1]] + [(member_words[-1], plural)]
                )
        sequences = [s + m for s in sequences for m in expanded]
    return sequences


def _written(word: str, plural: bool) -> set[str]:
    """A pattern word as PETRARCH matches it: as written, and a synset member's plural
    (PETRARCH's `make_plural`: Y → IES, S → ES, else S)."""
    word = word.lower()
    if not plural:
        return {word}
    if word.endswith("y"):
        return {word, word[:-1] + "ies"}
    return {word, word + ("es" if word.endswith("s") else "s")}


HEAD_DEPS = {"dobj", "dative", "attr", "oprd", "prt", "acomp", "npadvmod"}
MODIFIER_DEPS = {"compound", "amod", "nummod", "poss", "nmod"}


def _context(verb: Token, strict: bool = False) -> tuple[list[Token], list[Token]]:
    """The tokens a pattern's parts are looked for in: before the verb, its subject, aux,
    negation and adverbs; after it, the rest of its own phrase (with `strict`, only the heads
    of its objects and prepositional objects, their modifiers and the prepositions)."""
    if strict:
        heads = [c for c in verb.children if c.dep_ in SUBJECT_DEPS | {"aux", "neg"}]
        pre = _with_modifiers([h for h in heads if h.i < verb.i])
        heads = [c for c in verb.children if c.i > verb.i and c.dep_ in HEAD_DEPS]
        for prep in [c for c in verb.children if c.dep_ in ("prep", "agent")] + [
            p for h in heads for p in h.children if p.dep_ == "prep"
        ]:
            heads += [prep, *[c for c in prep.children if c.dep_ == "pobj"]]
        heads += [c for h in heads for c in h.conjuncts]
        return pre, _with_modifiers([h for h in heads if h.i > verb.i])
    pre = [t for t in verb.subtree if t.i < verb.i]
    head = verb
    while (
        head.dep_ in ("xcomp", "conj", "ccomp")
        or (head.dep_ == "advcl" and not any(c.dep_ in SUBJECT_DEPS for c in head.children))
    ) and head.head.i != head.i:
        # "will be hosting", "agreed to ...", "indicated it would act", "hosting Osgiliath to
        # celebrate": the words before the verb include those of the clause above
        head = head.head
        pre = [t for t in head.subtree if t.i < verb.i and t not in pre] + pre
    pre.sort(key=lambda t: t.i)
    # the verb's phrase, with the clauses in it ("allowed that Mordor isn't a really pleasant
    # place", "welcomed assurances sent from Bree": TABARI read the words after the verb up
    # to the end of its phrase)
    post = [t for t in verb.subtree if t.i > verb.i and not _inside(t, verb, BESIDE)]
    return pre, post


def _with_modifiers(heads: list[Token]) -> list[Token]:
    found = {t.i: t for h in heads for t in (h, *h.children) if t is h or t.dep_ in MODIFIER_DEPS}
    return [found[i] for i in sorted(found)]


def reported(token: Token, verb: Token) -> bool:
    """A token of the clause a verb reports ("Arnor will ..., an official said")."""
    return _inside(token, verb, ("ccomp",))


def _inside(token: Token, verb: Token, deps: tuple[str, ...]) -> bool:
    node = token
    while node.i != verb.i and node.head.i != node.i:
        if node.dep_ in deps and node.pos_ in ("VERB", "AUX"):
            return True
        node = node.head
    return False


def _compound_fits(verb: Token, candidate: Verb) -> bool:
    """A multi-word verb's other words are there: its particles after it, the words before."""
    doc = verb.doc
    if candidate.after:
        following = [t.lower_ for t in verb.children if t.dep_ in ("prt", "advmod", "prep")]
        following += [doc[k].lower_ for k in range(verb.i + 1, min(len(doc), verb.i + 3))]
        if not all(word in following for word in candidate.after):
            return False
    if candidate.before:
        preceding = [doc[k].lower_ for k in range(max(0, verb.i - len(candidate.before)), verb.i)]
        if preceding != list(candidate.before):
            return False
    return True


def _apply(
    pattern: VerbPattern, verb: Token, pre: list[Token], post: list[Token], linear: bool = False
) -> tuple[list[Token], list[Token], list[Token], bool] | None:
    """(sources, targets, skipped, compound) if the verb's clause satisfies the pattern.

    A marker on its own stands for the subject (before the verb) or the object (after it).
    With `linear` (TABARI's reading), a marker after a word of the pattern stands for the
    phrase that follows that word, and one after another marker for the phrase after that
    one ("- + * MONEY $": whoever the money is from; "- * IFTAR AT ^ ^ +": the third
    phrase after "at"); one before a word of the pattern, for the phrase before it ("- +
    HOSTING * ...": who is hosting). The pre-verb slots are read from the verb outwards."""
    sources: list[Token] = []
    targets: list[Token] = []
    skip: list[Token] = []
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    # where the last slot matched on each side, reading away from the verb
    anchor = {"pre": verb, "post": verb}
    slots = [s for s in pattern.slots if s.side == "post"]
    slots += reversed([s for s in pattern.slots if s.side == "pre"])
    for slot in slots:
        tokens = pre if slot.side == "pre" else post
        if slot.prep is None:
            if not slot.alternatives:  # a marker on its own
                holders: list[Token] = []
                if anchor[slot.side] is verb or not linear:  # the subject or the object
                    holders = (
                        subjects
                        if slot.side == "pre"
                        else [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr")]
                    )
                if linear and not holders:
                    phrase = _next_phrase(tokens, anchor[slot.side], slot.side)
                    holders = [phrase] if phrase is not None else []
                if not holders or (
                    slot.role == "compound" and not any(h.conjuncts for h in holders)
                ):
                    return None
                _assign(slot.role, holders, sources, targets, skip)
                anchor[slot.side] = holders[0]
                continue
            # (before the verb, the occurrence nearest to it: "It has been noted that Gondor
            # and Osgiliath have delayed": "% HAVE *" is the "have" of "have delayed")
            # (in TABARI's reading, in the pattern's order: after the last slot matched, or
            # before it on the verb's left, "- * THE FULL" is not "restore full ... the")
            nearest = linear and slot.side == "pre"
            if linear:
                tokens = _beyond(tokens, anchor[slot.side], slot.side)
            hit = None
            for alternative in slot.alternatives:
                hit = alternative.matches(
                    _next_to(verb, slot, alternative, tokens), nearest, linear
                )
                if hit is not None:
                    break
            if hit is None:
                return None
            anchor[slot.side] = _first_word(hit, alternative) if slot.side == "pre" else hit
            continue
        if linear:
            tokens = _beyond(tokens, anchor[slot.side], slot.side)
        preps = [
            t
            for t in tokens
            if t.lower_ == slot.prep
            and t.dep_ in ("prep", "agent", "prt", "dative", "advmod", "mark")
        ]
        found = None
        for prep in preps:
            inside = [t for t in prep.subtree if t.i > prep.i]
            if not inside:  # "clash over the efforts" parsed as a particle and an object
                inside = [t for t in tokens if t.i > prep.i]
            inner = None
            for alternative in slot.alternatives:
                inner = alternative.matches(inside, exact=linear)
                if inner is not None:
                    break
            if slot.alternatives and inner is None:
                continue
            found = prep
            anchor[slot.side] = inner or prep
            break
        if found is None:
            return None
        if slot.role:
            objects = [c for c in found.children if c.dep_ == "pobj"] or [
                c for c in verb.children if c.dep_ == "dobj" and c.i > found.i
            ]
            if not objects or (slot.role == "compound" and not any(o.conjuncts for o in objects)):
                return None
            _assign(slot.role, objects, sources, targets, skip)
            anchor[slot.side] = objects[0]
    return sources, targets, skip, pattern.compound


def _beyond(tokens: list[Token], anchor: Token, side: str) -> list[Token]:
    """The tokens past `anchor` reading away from the verb: after it, or before it."""
    if side == "post":
        return [t for t in tokens if t.i > anchor.i]
    return [t for t in tokens if t.i < anchor.i]


def _first_word(head: Token, phrase: Phrase) -> Token:
    """The first word of a phrase's occurrence whose head is `head`."""
    if phrase.loose:
        return head.left_edge
    return head.doc[max(head.i - phrase.size + 1, 0)]


def _next_phrase(tokens: list[Token], anchor: Token, side: str) -> Token | None:
    """The head of the noun phrase nearest to `anchor` on its side of the verb: after it
    (side "post") or before it ("pre")."""
    heads = [
        t
        for t in tokens
        if t.pos_ in ("NOUN", "PROPN", "PRON")
        and t.dep_ not in MODIFIER_DEPS
        and t.dep_ != "npadvmod"  # "next week": a time, not a phrase that can be an actor
        and t.ent_type_ not in ("DATE", "TIME")
        and not (t.dep_ == "appos" and t.head.i < t.i)  # "Osgiliath, the state's ... foe"
    ]
    if side == "post":
        return next((t for t in heads if t.i > anchor.i), None)
    return next((t for t in reversed(heads) if t.i < anchor.i), None)


def _next_to(verb: Token, slot: Slot, phrase: Phrase, tokens: list[Token]) -> list[Token]:
    """The tokens a slot's phrase is looked for in: with `adjacent`, only the words right
    before the verb ("RECENTLY_*") or right after it ("*_OUT")."""
    if not slot.adjacent:
        return tokens
    doc = verb.doc
    if slot.side == "pre":
        return list(doc[max(0, verb.i - phrase.size) : verb.i])
    return list(doc[verb.i + 1 : verb.i + 1 + phrase.size])


def _assign(
    role: str | None,
    tokens: list[Token],
    sources: list[Token],
    targets: list[Token],
    skip: list[Token],
) -> None:
    every = [c for t in tokens for c in (t, *t.conjuncts)]
    if role == "source":
        sources.extend(every)
    elif role == "target":
        targets.extend(every)
    elif role == "skip":
        skip.extend(every)


def sides(
    found: PetrarchMatch,
    sources: list,
    targets: list,
    expand: Callable[[Token], list],
    verb: Token | None = None,
) -> tuple[list, list]:
    """The source and target participants of a clause a PETRARCH pattern matched: those its
    "$" and "+" mark in place of the usual ones, those "^" marks left out; with only a code
    the other way ("[:173]"), the sides swap.

    With `verb` (a user's PETRARCH dictionaries in place of kronika's), the sides are found
    as PETRARCH finds them: a passive without a "by" phrase is read as active ("The
    Philippines was criticized over its dispute with Eriador": the Philippines criticised
    Eriador), without a target the first actor in the verb's phrase is the target, and an
    actor with a country goes before one without."""
    if verb is not None and not found.sources and _passive_without_agent(verb):
        subjects = [p for c in verb.children if c.dep_ == "nsubjpass" for p in expand(c)]
        if subjects:
            held = {s.token.i for s in subjects}
            sources = subjects
            targets = [t for t in targets if t.token.i not in held]
    if found.sources:
        marked = [p for token in found.sources for p in expand(token)]
        sources = marked or sources
        targets = [t for t in targets if t.token not in found.sources]
    if found.targets:
        marked = [p for token in found.targets for p in expand(token)]
        targets = marked or targets
        sources = [s for s in sources if s.token not in found.targets]
    if found.skip:
        targets = [t for t in targets if t.token not in found.skip]
    if verb is not None and not sources and not found.sources:
        # PETRARCH's source: the first actor before the verb, after the last comma before it
        # ("The Philippines was heavily and unjustly criticized" with the subject parsed as
        # the auxiliary's; "Falastur noted that Cirith Ungol regretted" with "- NOTED + *"
        # making the subject the target)
        commas = [t.i for t in verb.doc[verb.sent.start : verb.i] if t.text == ","]
        start = commas[-1] if commas else -1
        for token in _noun_phrases([t for t in _context(verb)[0] if t.i > start]):
            if not reported(token, verb):
                sources = [s for s in expand(token) if s.token not in found.targets]
                if sources:
                    break
    if verb is not None and not any(
        _has_country(t) or (t.token.dep_ in ("dobj", "dative") and t.token.head.i == verb.i)
        for t in targets
    ):
        # PETRARCH's target: the first actor in the verb's own phrase ("welcomed a resumption
        # of ties with Osgiliath", "the toll has risen in the dispute with Osgiliath"), one
        # with a country before one without ("arrived in Gondor on his first official
        # visit": Gondor, not the ---GOV of "official"; but "arrested students in Moscow" are
        # the students)
        # (an adverbial clause's actors only when the rest of the phrase names none: "have
        # postponed their meeting after a hafling was reported on the pass of Cirith Ungol")
        taken = {s.token.i for s in sources} | {t.i for t in found.skip}
        # (a phrase's head before its modifiers: "the Mordor police", not "Mordor")
        phrase = _noun_phrases(
            [
                t
                for t in verb.subtree
                if t.i > verb.i
                and t.i not in taken
                and not _inside(t, verb, ("parataxis",))  # ", a senior official said"
            ]
        )
        adverbial = [t for t in phrase if _inside(t, verb, ("advcl",))]
        first: list = []
        for token in [t for t in phrase if t not in adverbial] + adverbial:
            found_here = [t for t in expand(token) if t.token.i not in taken]
            first = first or found_here
            if any(_has_country(t) for t in found_here):
                targets = found_here
                break
        targets = targets or first
    if verb is not None:
        sources, targets = _with_country_first(sources), _with_country_first(targets)
    if found.code in NO_CODE:
        sources, targets = targets, sources
    return sources, targets


def _has_country(participant) -> bool:
    return not (participant.actor.code or "---").startswith("---")


def _with_country_first(participants: list) -> list:
    """The participants with a country, and those of the same compound ("Danish media and
    government"); all of them when none has a country."""
    placed = [p for p in participants if _has_country(p)]
    if not placed:
        return participants
    compound = {c.i for p in placed for c in (p.token, *p.token.conjuncts)}
    return [p for p in participants if p in placed or p.token.i in compound]


def _noun_phrases(tokens: list[Token]) -> list[Token]:
    """The nouns among `tokens`, phrase by phrase: each phrase's head, then its modifiers
    from the nearest ("The Calenardhon government issue": issue, government, Calenardhon)."""
    nouns = [t for t in tokens if t.pos_ in ("PROPN", "NOUN")]
    held = {t.i for t in nouns}
    ordered: list[Token] = []
    for token in nouns:
        if token.dep_ in MODIFIER_DEPS and token.head.i in held:
            continue  # read with its head
        ordered.append(token)
        ordered += sorted(
            (t for t in token.subtree if t.i < token.i and t.i in held and t is not token),
            key=lambda t: -t.i,
        )
    return ordered


def in_phrase(token: Token, verb: Token) -> bool:
    """Whether `token` stands in the phrase a verb heads, after the verb: in its objects and
    the clauses they hold ("called on Gondor to be allowed to leave Lorien", "celebrated
    Iftar after leaving Eriador"), not in a clause coordinated with it or set beside it
    ("condemned the attack and promised raids", "..., an official said"). A verb ending a
    chain of complements ("is about to restore") heads what follows it in the chain's
    clause, wherever the parser attached it ("is about to restore ties with Gondor almost
    five years after crowds burned down its embassy")."""
    if token.i <= verb.i:
        return False
    chain = {verb.i}
    head = verb
    while head.dep_ in ("xcomp", "acomp") and head.head.i != head.i:
        head = head.head
        chain.add(head.i)
    node = token
    while node.i not in chain:
        if node.dep_ in ("conj", "parataxis") or node.head.i == node.i:
            return False
        node = node.head
    return True


def petrarch_side(participant, new_actor_length: int = 0):
    """A participant as PETRARCH takes it, else None: an actor its dictionaries know; with
    PETRARCH's `new_actor_length` option, also one they do not know, named by a phrase of
    at most that many words ("Gryffindor's head Minerva McGonagall" within 4), without a
    code (PETRARCH writes the phrase in its place)."""
    if participant.actor.code != "---":
        return participant
    token = head = participant.token
    while head.dep_ in ("appos", "compound") and head.head.i != head.i:
        head = head.head  # the whole phrase: "Gryffindor's head Minerva McGonagall"
    named = [token, head, *(c for c in head.children if c.dep_ == "appos")]
    phrase = token.doc[head.left_edge.i : max(t.i for t in named) + 1]
    words = [t for t in phrase if t.is_alpha]
    if not 0 < len(words) <= new_actor_length:
        return None
    return replace(participant, actor=EventActor(participant.actor.text, None))


def _passive_without_agent(verb: Token) -> bool:
    children = [c.dep_ for c in verb.children]
    return "nsubjpass" in children and "agent" not in children


def the_other_way(event: Event, found: PetrarchMatch, cameo: CameoTable) -> list[Event]:
    """The event a pattern's second code names, from the target to the source ("left for
    Minas Tirith" [032:033]: the visit, and its hosting)."""
    if found.code in NO_CODE or found.passive in NO_CODE or not event.target:
        return []
    if found.passive not in cameo:
        return []
    fields = cameo[found.passive].event_fields()
    return [replace(event, source=event.target, target=event.source, **fields)]


class Discards:
    """PETRARCH's discard list: a sentence holding one of its phrases is not coded, nor any
    sentence of a story holding one marked for the whole story ("+TYPHOON")."""

    def __init__(self) -> None:
        self.sentence: list[re.Pattern[str]] = []
        self.story: list[re.Pattern[str]] = []

    def __bool__(self) -> bool:
        return bool(self.sentence or self.story)

    def load(self, path: str | Path) -> int:
        table = read_rows(path, ("discard", "scope"))
        at = table.columns
        for _, fields in table.rows:
            phrase, scope = fields[at["discard"]].strip(), fields[at["scope"]].strip()
            if not phrase:
                continue
            # a phrase starts a word; with "_" it also ends one, else it is a stem
            whole = phrase.endswith("_")
            words = r"\s+".join(re.escape(w) for w in phrase.rstrip("_").split())
            pattern = re.compile(rf"(?<!\w){words}" + (r"(?!\w)" if whole else ""), re.I)
            (self.story if scope == "story" else self.sentence).append(pattern)
        return len(table.rows)

    def story_discarded(self, text: str) -> bool:
        return any(p.search(text) for p in self.story)

    def sentence_discarded(self, text: str) -> bool:
        return any(p.search(text) for p in self.sentence)
