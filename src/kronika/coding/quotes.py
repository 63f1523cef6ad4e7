"""Quotes: who said what, direct and indirect, attributed to resolved speakers.

Direct quotes come from quotation marks. Each mark is read as opening or closing from the
characters around it, not from its glyph alone (typeset text mixes curly, straight and doubled
'' marks and sometimes uses the wrong curly one); single quotes count only outside double ones;
a quote whose paragraph ends without a closing mark runs on when the next paragraph opens with
a mark. Scare quotes and titles are kept out: a short phrase counts only next to a reporting
verb. The speaker is the subject of the reporting verb after the quote ("…," X said), else
before it (X said: "…"), else the speaker of the quote just before; a quote split by its cue
("…," X said. "…") is one quote with two `parts`.

Indirect speech comes from reporting and cognition verbs with a clause ("X said (that) …",
"X told Reuters …", "X believes …", "…, he says"), intention verbs with an infinitive ("X
vowed to …"), "according to X", and reporting nouns with a that-clause ("X's claim that …").
Partial quotes inside indirect speech stay in the indirect quote.

Speakers take their full name and code from the actor layer, so "Dalirian" and "he" point back
to "Hosein Dalirian"; unnamed sources ("officials said") keep their phrase, are marked
`anonymous` and take a sector code when the phrase names one. `speaker.start`/`end` are the
offsets of the mention the cue attaches to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..annotate.actors import ActorIndex
from ..knowledge.actors import Agents
from ..records import Actor, Quote

# Verbs that introduce what someone said, for direct and indirect quotes.
SPEECH_VERBS = frozenset(
    """say tell add note state claim argue write warn explain insist stress declare announce
    assert maintain acknowledge admit deny report suggest comment contend reply respond
    emphasise emphasize recall predict conclude remark complain confirm ask urge tweet quip
    observe point continue joke shout yell chant scream sing testify concede allege charge
    counter retort reiterate repeat mention recount describe caution vow pledge promise
    threaten boast brag proclaim lament muse wonder question demand plead agree disagree
    disclose reveal signal indicate estimate posit recommend propose tout assure affirm
    announce inform advise remind acknowledge caution whisper cry begin read post
    summarize summarise put""".split()
)
# Verbs of thought and finding: attributions when they take a clause ("X believes that …").
COGNITION_VERBS = frozenset(
    """think believe feel know hope fear worry expect doubt suspect realize realise understand
    assume see consider find show indicate learn hear recognize recognise imagine guess bet
    figure reckon decide agree determine conclude argue suggest""".split()
)
# Verbs of intention whose infinitive is the content ("X vowed to …", "X wants to …").
INTENT_VERBS = frozenset(
    """want plan vow pledge promise threaten refuse decline agree decide intend
    hope urge call""".split()
)
# Nouns that report speech or thought when a that-clause follows ("X's claim that …").
REPORTING_NOUNS = frozenset(
    """claim statement assertion argument warning promise pledge announcement suggestion
    belief view insistence allegation charge accusation remark comment message report
    proposal demand fear hope concern assessment contention vow threat suspicion conclusion
    admission denial prediction estimate testimony""".split()
)
# Common nouns that name a source without naming it ("officials said", "a source close to").
ANONYMOUS_NOUNS = frozenset(
    """source official aide adviser advisor insider person people spokesman spokeswoman
    spokesperson diplomat officer analyst expert observer critic supporter member staffer
    lawmaker strategist operative ally associate confidant witness resident voter
    investigator agent employee executive report poll survey study""".split()
)
RELATIVE_PRONOUNS = {"who", "which", "that"}
NO_SPEAKER = {
    "name": None,
    "code": None,
    "text": None,
    "start": None,
    "end": None,
    "anonymous": False,
}
NOT_SPEAKERS = {"it", "there", "this", "what", "i", "we", "you"}

DOUBLE_OPEN = {"\u201c", "\u201e", "\u201f", "``"}
DOUBLE_CLOSE = {"\u201d"}
SINGLE_OPEN = {"\u2018", "\u201a"}
SINGLE_CLOSE = {"\u2019"}
SINGLES = {"\u2018", "\u201a", "\u2019", "'"}
MARK = re.compile(r"''|``|[\u201c\u201d\u201e\u201f\"\u2018\u2019\u201a']")
OPEN_AFTER = set(" \t\n([{\u2014\u2013-/:") | {"\u201c", "\u2018", '"', "'"}
CLOSE_BEFORE = set(" \t\n.,;:!?)]}\u2014\u2013-\u2026") | {"\u201d", "\u2019", '"', "'"}
END_PUNCT = set(".,!?\u2026")
MIN_WORDS = 5  # a quoted phrase this long is speech even without a cue next to it
WINDOW = 16  # tokens searched for a cue on either side of a direct quote
MIN_INDIRECT = 3  # tokens in an indirect content


@dataclass
class Mark:
    """A quoted stretch: `start`/`end` are its content, `parts` the quoted pieces."""

    open: int  # offset of the opening mark
    close: int  # offset just after the closing mark
    start: int
    end: int
    parts: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Found:
    """A quote being built: content, cue and speaker."""

    start: int
    end: int
    direct: bool
    verb: str | None = None
    speaker: dict | None = None
    cue: int | None = None  # token index of the reporting verb
    cue_after: bool = False
    medium: str | None = None
    parts: list[tuple[int, int]] = field(default_factory=list)
    mark: Mark | None = None


def _role(text: str, i: int, j: int) -> str | None:
    """Whether the mark text[i:j] opens or closes a quote, from the characters around it."""
    glyph = text[i:j]
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    if glyph in SINGLES and before.isalnum() and after.isalnum():
        return None  # an apostrophe: don't, Clinton’s
    opening = before in OPEN_AFTER and not after.isspace()
    closing = not before.isspace() and (after in CLOSE_BEFORE or not after.isalnum())
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close"
    if glyph in DOUBLE_OPEN or glyph in SINGLE_OPEN:
        return "open"
    if glyph in DOUBLE_CLOSE:
        return "close"
    return "either" if glyph not in SINGLES else None


def find_direct(text: str) -> list[Mark]:
    """Stretches of text between quotation marks, in text order (speech or not)."""
    doubles: list[tuple[int, int, str | None]] = []
    singles: list[tuple[int, int, str | None]] = []
    for match in MARK.finditer(text):
        i, j = match.span()
        (singles if match.group() in SINGLES else doubles).append((i, j, _role(text, i, j)))
    marks = _pair(text, doubles, run_on=True)
    if singles:
        opens = [m.open for m in marks]
        outside = [s for s in singles if not _inside_marks(s[0], marks, opens)]
        marks = sorted(marks + _pair(text, outside, run_on=False), key=lambda m: m.open)
    return marks


def _inside_marks(offset: int, marks: list[Mark], opens: list[int]) -> bool:
    k = bisect_right(opens, offset) - 1
    return k >= 0 and offset < marks[k].close


def _pair(text: str, found: list[tuple[int, int, str | None]], run_on: bool) -> list[Mark]:
    marks: list[Mark] = []
    current: Mark | None = None  # an open quote: open, part start
    part_start = 0
    for i, j, role in found:
        if role is None:
            continue
        if current is not None and "\n" in text[part_start:i]:
            # The paragraph ended with the quote open: it runs on if this paragraph opens
            # with a mark right away, else it is closed at its paragraph's end when long.
            paragraph_end = text.index("\n", part_start)
            if run_on and role != "close" and not text[paragraph_end:i].strip():
                current.parts.append(_strip(text, part_start, paragraph_end))
                part_start = j
                continue
            tail = text[part_start:paragraph_end].rstrip()
            if len(tail.split()) >= 2 * MIN_WORDS and tail[-1:] in END_PUNCT:
                current.parts.append(_strip(text, part_start, paragraph_end))
                marks.append(_finish(current, paragraph_end))
            current = None
        if current is None:
            if role in ("open", "either"):
                current, part_start = Mark(i, j, j, j), j
        elif role in ("close", "either"):
            current.parts.append(_strip(text, part_start, i))
            marks.append(_finish(current, j))
            current = None
        else:  # a second opening mark: the first one was never closed
            current, part_start = Mark(i, j, j, j), j
    return [m for m in marks if m.end > m.start]


def _finish(mark: Mark, close: int) -> Mark:
    mark.parts = [p for p in mark.parts if p[1] > p[0]]
    if mark.parts:
        mark.start, mark.end = mark.parts[0][0], mark.parts[-1][1]
    mark.close = close
    return mark


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@lru_cache(maxsize=1)
def _agents() -> Agents:
    return Agents()


class QuoteExtractor:
    def __call__(self, doc: Doc, actors: ActorIndex) -> list[Quote]:
        text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        offsets = [t.idx for t in doc]
        marks = find_direct(text)
        direct = self._direct(doc, text, offsets, marks, actors)
        quoted = [(m.open, m.close) for m in marks]
        indirect = self._indirect(doc, text, actors, quoted)
        found = _resolve(direct, indirect, text)
        _inherit_speakers(found, text)
        return [
            Quote(
                speaker=f.speaker or dict(NO_SPEAKER),
                text=text[f.start : f.end],
                direct=f.direct,
                verb=f.verb,
                start=f.start,
                end=f.end,
                medium=f.medium,
                parts=[{"text": text[s:e], "start": s, "end": e} for s, e in f.parts],
            )
            for f in found
        ]

    # -- direct ---------------------------------------------------------------------------
    def _direct(
        self, doc: Doc, text: str, offsets: list[int], marks: list[Mark], actors: ActorIndex
    ) -> list[Found]:
        found: list[Found] = []
        quoted = [(m.open, m.close) for m in marks]
        opens = [m.open for m in marks]
        for k, mark in enumerate(marks):
            previous_close = marks[k - 1].close if k else 0
            next_open = marks[k + 1].open if k + 1 < len(marks) else len(text)
            paragraph_start = text.rfind("\n", 0, mark.open) + 1
            paragraph_end = text.find("\n", mark.close)
            paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
            content = text[mark.start : mark.end]
            ends = content[-1:] in END_PUNCT or text[mark.close : mark.close + 1] in (",", "?")
            cue: tuple[int, bool] | None = None
            dash = _dash_name(doc, offsets, mark.close, paragraph_end)
            if not content.endswith(".") or text[mark.close : mark.close + 1] == ",":
                after = _tokens(doc, offsets, mark.close, min(next_open, paragraph_end))
                short = len(content.split()) < MIN_WORDS
                verb = _first_cue(doc, after[: 4 if short else WINDOW], stop_at_sentence=True)
                if verb is not None and not (short and doc[verb].lower_ == "according"):
                    cue = (verb, True)
            if cue is None and dash is None:
                start = max(previous_close, paragraph_start)
                if not text[start : mark.open].strip():
                    # "He said:" closing the paragraph before
                    lead = text[previous_close:paragraph_start].rstrip()
                    if lead.endswith(":"):
                        lead_end = previous_close + len(lead)
                        start = max(previous_close, text.rfind("\n", 0, lead_end) + 1)
                before = _tokens(doc, offsets, start, mark.open)
                if before:
                    sentence_start = doc[before[-1]].sent.start
                    if _colon_before(text, mark.open):
                        sentence_start = before[0]
                    before = [i for i in before if i >= sentence_start]
                verb = _first_cue(doc, list(reversed(before))[:WINDOW], stop_at_sentence=False)
                cue = (verb, False) if verb is not None else None
            if not _is_speech(content, ends, cue is not None or dash is not None):
                continue
            quote = Found(mark.start, mark.end, True, parts=list(mark.parts), mark=mark)
            if cue is not None:
                verb, is_after = cue
                token = doc[verb]
                quote.cue, quote.cue_after = verb, is_after
                quote.verb = _verb_lemma(token)
                subject = _direct_subject(token, mark, is_after, quoted, opens)
                quote.speaker = _speaker(subject, actors) if subject is not None else None
                quote.medium = _medium(token)
            elif dash is not None:
                quote.speaker = _speaker(dash, actors)
            found.append(quote)
        return found

    # -- indirect -------------------------------------------------------------------------
    def _indirect(
        self, doc: Doc, text: str, actors: ActorIndex, quoted: list[tuple[int, int]]
    ) -> list[Found]:
        found: list[Found] = []
        opens = [start for start, _ in quoted]
        for token in doc:
            if _within(token.idx, quoted, opens):
                continue
            lemma = token.lemma_.lower()
            content: tuple[int, int] | None = None
            verb = lemma
            speaker_token: Token | None = None
            if (
                token.lower_ == "according"
                and token.i + 1 < len(doc)
                and doc[token.i + 1].lower_ == "to"
            ):
                pobj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                content = _rest_of_sentence(token, range(token.i, pobj.right_edge.i + 1))
                verb, speaker_token = "according to", pobj
            elif token.pos_ in ("VERB", "AUX") and (
                lemma in SPEECH_VERBS or lemma in COGNITION_VERBS or lemma in INTENT_VERBS
            ):
                content = _verb_content(token, lemma)
                speaker_token = _subject(token)
            elif token.pos_ == "NOUN" and lemma in REPORTING_NOUNS:
                clause = next(
                    (c for c in token.children if c.dep_ in ("acl", "ccomp") and _has_that(c)),
                    None,
                )
                if clause is not None:
                    content = _span(clause)
                    speaker_token = _noun_speaker(token)
            if content is None or speaker_token is None:
                continue
            if speaker_token.lower_ in NOT_SPEAKERS or speaker_token.pos_ == "DET":
                continue
            start, end = _clip_to_paragraph(text, token.idx, *content)
            start, end = _strip_punct(text, start, end)
            if end <= start or len(text[start:end].split()) < MIN_INDIRECT:
                continue
            found.append(
                Found(
                    start,
                    end,
                    False,
                    verb=verb,
                    speaker=_speaker(speaker_token, actors),
                    cue=token.i,
                    medium=_medium(token) if verb != "according to" else None,
                    parts=[(start, end)],
                )
            )
        return found


# -- the parse around a cue ------------------------------------------------------------------


def _tokens(doc: Doc, offsets: list[int], start: int, end: int) -> list[int]:
    return list(range(bisect_left(offsets, start), bisect_left(offsets, end)))


def _first_cue(doc: Doc, indices: list[int], *, stop_at_sentence: bool) -> int | None:
    """The first reporting verb (or "according to") among the token indices, in their order."""
    for position, i in enumerate(indices):
        token = doc[i]
        if stop_at_sentence and position > 0 and token.text in (".", "!", "?", ";"):
            return None
        if token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX"):
            if _subject(token) is not None:
                return i
        if token.lower_ == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            return i
    return None


def _subject(verb: Token) -> Token | None:
    """Who speaks at a verb: its subject, the subject of the verb it continues ("…, adding"),
    or the noun a relative clause hangs on ("Smith, who said …")."""
    if verb.lower_ == "according":
        to = verb.nbor(1)
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            return child if child.dep_ != "expl" else None
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
        if verb.dep_ == "advcl" and verb.tag_ not in ("VBG", "VBN"):
            return None
        return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return None


def _direct_subject(
    verb: Token, mark: Mark, after: bool, quoted: list[tuple[int, int]], opens: list[int]
) -> Token | None:
    """The speaker at the cue of a direct quote. The parser sometimes takes a word inside the
    quote for the subject ("…: We will win," Chief Jordan said); then the nearest name or
    noun beside the verb, outside the quote, is the speaker."""
    subject = _subject(verb)
    if (
        subject is not None
        and not _within(subject.idx, quoted, opens)
        and subject.lower_ not in NOT_SPEAKERS - {"i", "we"}
    ):
        return subject
    doc = verb.doc
    if after:
        between = list(
            reversed([t for t in doc[max(0, verb.i - WINDOW) : verb.i] if t.idx >= mark.close])
        )
        following = list(doc[verb.i + 1 : verb.i + 4])
    else:
        between = []
        following = [t for t in doc[verb.i + 1 : verb.i + 6] if t.idx < mark.open]
    for token in [*between, *following]:
        if token.pos_ in ("PROPN", "NOUN", "PRON") and token.lower_ not in NOT_SPEAKERS:
            while token.dep_ in ("compound", "flat") and token.head.i != token.i:
                token = token.head
            return token
    return None


def _colon_before(text: str, offset: int) -> bool:
    """Whether the text before `offset` ends with a colon, whitespace aside ("He said:")."""
    i = offset - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == ":"


def _dash_name(doc: Doc, offsets: list[int], close: int, paragraph_end: int) -> Token | None:
    """The name after a dash that signs a quote: "…" ― Jorge Falcon."""
    tokens = _tokens(doc, offsets, close, paragraph_end)[:6]
    if not tokens or doc[tokens[0]].text not in ("\u2015", "\u2014", "\u2013", "-", "--"):
        return None
    names = [doc[i] for i in tokens[1:] if doc[i].pos_ == "PROPN" or doc[i].ent_type_ == "PERSON"]
    if not names:
        return None
    token = names[0]
    while token.head.i != token.i and token.head.i in tokens and token.head.pos_ == "PROPN":
        token = token.head
    return token


def _verb_lemma(token: Token) -> str:
    return "according to" if token.lower_ == "according" else token.lemma_.lower()


def _medium(verb: Token) -> str | None:
    """Where the words appeared: "tells TRT World", "told CNN", "wrote in Foreign Affairs"."""
    for child in verb.children:
        candidates = []
        if child.dep_ in ("dobj", "dative", "iobj") and verb.lemma_.lower() == "tell":
            candidates.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("in", "on", "to"):
            candidates += [c for c in child.children if c.dep_ == "pobj"]
        for candidate in candidates:
            if candidate.ent_type_ in ("ORG", "WORK_OF_ART") or (
                candidate.pos_ == "PROPN" and not candidate.ent_type_
            ):
                return candidate.doc[_phrase_start(candidate) : candidate.i + 1].text
    return None


def _phrase_start(token: Token) -> int:
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod", "det") and child.pos_ != "PRON":
            start = min(start, child.left_edge.i)
    while start < token.i and token.doc[start].dep_ == "det":
        start += 1
    return start


def _verb_content(verb: Token, lemma: str) -> tuple[int, int] | None:
    """What is reported at a verb: its clause, its infinitive, or the rest of the sentence
    around a parenthetical cue ("…, he says")."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is not None and (lemma in SPEECH_VERBS or lemma in COGNITION_VERBS):
        return _span(clause)
    if lemma in INTENT_VERBS:
        infinitive = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if infinitive is not None and infinitive.pos_ in ("VERB", "AUX"):
            return _span(infinitive)
        if lemma == "call":  # "called for the repeal", "called on Congress to act"
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
            if prep is not None:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return _span(pobj)
    if (
        lemma in SPEECH_VERBS
        and verb.dep_ in ("parataxis", "ccomp", "conj")
        and verb.head.i < verb.i
        and not any(c.dep_ in ("dobj", "xcomp", "prep") for c in verb.children)
    ):
        return _rest_of_sentence(verb, range(verb.left_edge.i, verb.right_edge.i + 1))
    return None


def _span(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in clause.children)


def _noun_speaker(noun: Token) -> Token | None:
    """Whose claim: "Trump's claim", "a claim by Trump", "Trump made the claim"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "PRON", "NOUN"):
                return pobj
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
        return next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    return None


def _rest_of_sentence(cue: Token, exclude: range) -> tuple[int, int] | None:
    """The cue's sentence without the attribution phrase: the longer side of it."""
    sent = cue.sent
    before = (sent.start, exclude.start) if exclude.start > sent.start else None
    after = (exclude.stop, sent.end) if exclude.stop < sent.end else None
    sides = [s for s in (before, after) if s is not None]
    if not sides:
        return None
    start, end = max(sides, key=lambda s: s[1] - s[0])
    if end - start < MIN_INDIRECT:
        return None
    doc = cue.doc
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _clip_to_paragraph(text: str, cue: int, start: int, end: int) -> tuple[int, int]:
    """The part of a content span in the cue's paragraph (the parser may run a sentence on
    across a paragraph break)."""
    paragraph_start = text.rfind("\n", 0, cue) + 1
    paragraph_end = text.find("\n", cue)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    return max(start, paragraph_start), min(end, paragraph_end)


def _strip_punct(text: str, start: int, end: int) -> tuple[int, int]:
    strip = " \t\n,;:\u2014\u2013-"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _within(offset: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect_right(starts, offset) - 1
    return k >= 0 and offset < spans[k][1]


def _is_speech(content: str, ends: bool, has_cue: bool) -> bool:
    """A quotation rather than a scare quote or a title."""
    words = content.split()
    if not words:
        return False
    long_words = [w for w in words if sum(c.isalpha() for c in w) > 3]
    if len(words) >= 2 and not ends and long_words:
        capitalised = sum(w[0].isupper() for w in long_words)
        if capitalised / len(long_words) >= 0.75:
            return False  # a title: "How to Foster Long-Term Innovation Investment"
    if has_cue:
        return len(words) >= 2 or ends
    return len(words) >= MIN_WORDS or (len(words) >= 3 and content[-1:] in ".!?")


# -- speakers --------------------------------------------------------------------------------


def _speaker(token: Token, actors: ActorIndex) -> dict:
    """The speaker at a subject token: the actor it names, else the phrase, marked anonymous
    when it is a common noun ("officials", "a source close to the campaign"). A relative
    pronoun ("Smith, who said") is the mention, and the noun it refers to names the speaker."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        antecedent = _speaker(token.head.head, actors)
        antecedent.update(text=token.text, start=token.idx, end=token.idx + len(token))
        return antecedent
    actor: Actor | None = actors.at(token)
    if actor is None:
        for child in token.children:
            if child.dep_ in ("compound", "appos") or (
                child.dep_ == "poss" and token.lemma_.lower() in ("campaign", "office", "team")
            ):
                actor = actors.at(child)
                if actor is not None:
                    break
    doc = token.doc
    if actor is not None:
        # A person or organisation named in a longer phrase: the mention is the actor's
        # own span when it holds the token, else the token.
        if actor.start <= token.idx < actor.end:
            start, end = actor.start, actor.end
        else:
            start, end = token.idx, token.idx + len(token)
        return {
            "name": actor.name,
            "code": actor.code,
            "text": token.text,
            "start": start,
            "end": end,
            # "officials", "a Russian expert": a kind of person, not a named one
            "anonymous": token.pos_ == "NOUN" and actor.kind in ("person", "group"),
        }
    first = _phrase_start(token)
    phrase = doc[first : token.i + 1]
    speaker: dict = {
        "name": phrase.text,
        "code": None,
        "text": token.text,
        "start": phrase.start_char,
        "end": phrase.end_char,
        "anonymous": False,
    }
    if token.pos_ == "NOUN":
        lemmas = [t.lemma_.lower() for t in phrase if t.pos_ in ("NOUN", "ADJ", "PROPN")]
        agent = _agents().match(lemmas) if lemmas else None
        if agent is not None or token.lemma_.lower() in ANONYMOUS_NOUNS:
            speaker["anonymous"] = True
            if agent is not None:
                speaker["code"] = "---" + agent.sector
    return speaker


# -- putting direct and indirect quotes together ------------------------------------------


def _resolve(direct: list[Found], indirect: list[Found], text: str) -> list[Found]:
    """Merge split quotes, keep partial quotes inside indirect speech in it, and drop
    indirect contents that only repeat a direct quote."""
    direct = _merge_split(direct, text)
    near = _Spans(direct)
    kept_direct: list[Found] = []
    kept_indirect: list[Found] = []
    for quote in indirect:
        inner = [
            d
            for d in near.overlapping(quote.start, quote.end + 1)
            if quote.start <= d.start and d.end <= quote.end + 1
        ]
        touching = near.overlapping(quote.start, quote.end)
        if touching and len(inner) < len(touching):
            continue  # the clause runs into a direct quote: the direct one stands
        outside = len(text[quote.start : quote.end].split()) - sum(
            len(text[d.start : d.end].split()) for d in inner
        )
        if inner and outside < MIN_INDIRECT:
            continue  # "…," she said: the content is the direct quote itself
        kept_indirect.append(quote)
    nested = {
        id(d)
        for q in kept_indirect
        for d in near.overlapping(q.start, q.end + 1)
        if q.start <= d.start and d.end <= q.end + 1
    }
    kept_direct = [d for d in direct if id(d) not in nested]
    # Nested indirect contents ("X said Y believes Z"): keep the outer one when the inner
    # one makes up most of it, since both describe the same words. In start order, the
    # only content that can hold or overlap the next is the last one kept at the top level.
    kept_indirect.sort(key=lambda q: (q.start, -(q.end - q.start)))
    final_indirect: list[Found] = []
    top: Found | None = None
    for quote in kept_indirect:
        if top is not None and quote.end <= top.end:
            if (quote.end - quote.start) > 0.5 * (top.end - top.start):
                continue
        elif top is not None and top.start < quote.end and quote.start < top.end:
            continue
        else:
            top = quote
        final_indirect.append(quote)
    return sorted(kept_direct + final_indirect, key=lambda q: q.start)


class _Spans:
    """Quotes sorted by start, to find those overlapping a range without scanning them all."""

    def __init__(self, found: list[Found]):
        self.found = sorted(found, key=lambda q: q.start)
        self.starts = [q.start for q in self.found]
        self.reach: list[int] = []  # the furthest end among the first k + 1
        for q in self.found:
            self.reach.append(max(q.end, self.reach[-1]) if self.reach else q.end)

    def overlapping(self, start: int, end: int) -> list[Found]:
        """The quotes with q.start < end and start < q.end."""
        k = bisect_left(self.starts, end)
        hits = []
        while k > 0 and self.reach[k - 1] > start:
            k -= 1
            if self.found[k].end > start:
                hits.append(self.found[k])
        return hits


def _merge_split(direct: list[Found], text: str) -> list[Found]:
    """ "…," X said. "…" → one quote: the second part has no cue of its own and the text
    between the two is the first part's cue."""
    merged: list[Found] = []
    for quote in direct:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.cue_after
            and last.mark is not None
            and quote.mark is not None
            and (quote.cue is None or quote.cue == last.cue)
            and "\n" not in text[last.mark.close : quote.mark.open]
            and len(text[last.mark.close : quote.mark.open].split()) <= WINDOW
        ):
            last.end = quote.end
            last.parts += quote.parts
            last.mark.close = quote.mark.close
            continue
        merged.append(quote)
    return merged


def _inherit_speakers(found: list[Found], text: str) -> None:
    """A direct quote without a cue of its own was said by the speaker of the quote just
    before it, in its paragraph or the one before."""
    for k, quote in enumerate(found):
        if quote.speaker is not None or k == 0:
            continue
        previous = found[k - 1]
        between = text[previous.end : quote.start]
        paragraphs = [p for p in between.split("\n") if p.strip()]
        if previous.speaker is not None and len(paragraphs) <= 2:
            if len(between.split()) <= 2 * WINDOW:
                quote.speaker = dict(previous.speaker)
                quote.verb = quote.verb or previous.verb
