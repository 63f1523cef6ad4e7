"""Quotes: who said what, direct and indirect, attributed to resolved speakers.

Direct quotes are found from quotation marks (curly or straight, across paragraphs when a
paragraph opens a new mark without closing the last), keeping scare quotes and titles out;
the speaker is the subject of the nearest reporting verb after the quote in the same
paragraph, else before it. Indirect speech comes from "according to X", "X said (that) …"
and parenthetical "…, he says". Speakers take their full name and code from the actor
layer, so "Dalirian" and "he" point back to "Hosein Dalirian".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..annotate.actors import ActorIndex
from ..records import Actor, Quote

SPEECH_VERBS = {
    "say",
    "tell",
    "add",
    "note",
    "state",
    "claim",
    "argue",
    "write",
    "warn",
    "explain",
    "insist",
    "stress",
    "declare",
    "announce",
    "assert",
    "maintain",
    "acknowledge",
    "admit",
    "deny",
    "report",
    "suggest",
    "comment",
    "contend",
    "reply",
    "respond",
    "emphasise",
    "emphasize",
    "recall",
    "predict",
    "conclude",
    "remark",
    "complain",
    "confirm",
    "believe",
    "ask",
    "urge",
    "tweet",
    "quip",
    "observe",
    "point",
}
OPENERS = {"\u201c": "\u201d", '"': '"'}
MIN_WORDS = 5


@dataclass
class Mark:
    start: int  # offset of the content (after the opening mark)
    end: int  # offset of the closing mark (end of content)


def find_direct(text: str) -> list[Mark]:
    """Spans of text between quotation marks that read as speech, not scare quotes."""
    marks: list[Mark] = []
    i = 0
    while i < len(text):
        char = text[i]
        closer = OPENERS.get(char)
        if closer is None:
            i += 1
            continue
        end = text.find(closer, i + 1) if closer != char else text.find(char, i + 1)
        paragraph_end = text.find("\n", i + 1)
        if paragraph_end == -1:
            paragraph_end = len(text)
        if end == -1 or (end > paragraph_end and closer != '"'):
            # A quote running on: the next paragraph opens with a new mark.
            if end != -1 and text[paragraph_end:].lstrip().startswith(char):
                pass
            else:
                i += 1
                continue
        if end == -1:
            break
        content = text[i + 1 : end]
        if len(content.split()) >= MIN_WORDS or re.search(r"[.,!?]$", content.strip()):
            if len(content.split()) >= 3:
                marks.append(Mark(i + 1, end))
        i = end + 1
    return marks


class QuoteExtractor:
    def __call__(self, doc: Doc, actors: ActorIndex) -> list[Quote]:
        quotes: list[Quote] = []
        text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        marks = find_direct(text)
        inside: list[tuple[int, int]] = [(m.start, m.end) for m in marks]
        offsets = [t.idx for t in doc]
        for mark in marks:
            speaker, verb = self._speaker_for(doc, text, offsets, mark, actors, inside)
            quotes.append(
                Quote(
                    speaker=speaker,
                    text=text[mark.start : mark.end].strip(),
                    direct=True,
                    verb=verb,
                    start=mark.start,
                    end=mark.end,
                )
            )
        quotes.extend(self._indirect(doc, actors, inside))
        quotes.sort(key=lambda q: q.start)
        return quotes

    # -- direct ---------------------------------------------------------------------------
    def _speaker_for(
        self,
        doc: Doc,
        text: str,
        offsets: list[int],
        mark: Mark,
        actors: ActorIndex,
        inside: list[tuple[int, int]],
    ) -> tuple[dict, str | None]:
        """The speaker of a direct quote: the subject of the nearest reporting verb after
        the quote in its paragraph, else before it (up to 25 tokens either way)."""
        paragraph_start = text.rfind("\n", 0, mark.start) + 1
        paragraph_end = text.find("\n", mark.end)
        paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
        after = doc[bisect_right(offsets, mark.end) : bisect_left(offsets, paragraph_end)]
        before = doc[bisect_left(offsets, paragraph_start) : bisect_left(offsets, mark.start - 1)]
        near_after = [t for t in after if not _in(t.idx, inside)][:25]
        near_before = [t for t in reversed(before) if not _in(t.idx, inside)][:25]
        for tokens in (near_after, near_before):
            for token in tokens:
                if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS:
                    speaker = self._subject(token, actors)
                    if speaker is not None:
                        return speaker, token.lemma_.lower()
        return {"name": None, "code": None, "text": None}, None

    def _subject(self, verb: Token, actors: ActorIndex) -> dict | None:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return _speaker(child, actors)
        return None

    # -- indirect -------------------------------------------------------------------------
    def _indirect(self, doc: Doc, actors: ActorIndex, inside: list[tuple[int, int]]) -> list[Quote]:
        found: list[Quote] = []
        for sent in doc.sents:
            if _in(sent.start_char, inside) and _in(sent.end_char - 1, inside):
                continue
            for token in sent:
                if _in(token.idx, inside):
                    continue
                # "according to X, ..." / "..., according to X"
                if (
                    token.lower_ == "according"
                    and token.i + 1 < len(doc)
                    and doc[token.i + 1].lower_ == "to"
                ):
                    pobj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
                    if pobj is None:
                        continue
                    speaker = _speaker(pobj, actors)
                    phrase = range(token.i, pobj.right_edge.i + 1)
                    content = _content(sent, exclude=phrase)
                    if content is not None:
                        found.append(
                            Quote(
                                speaker=speaker,
                                text=content.text,
                                direct=False,
                                verb="according to",
                                start=content.start_char,
                                end=content.end_char,
                            )
                        )
                elif token.lemma_.lower() in SPEECH_VERBS and token.pos_ == "VERB":
                    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
                    if subject is None:
                        continue
                    complement = next((c for c in token.children if c.dep_ == "ccomp"), None)
                    span: Span | None
                    if complement is not None:
                        span = doc[complement.left_edge.i : complement.right_edge.i + 1]
                    elif token.dep_ in ("parataxis", "ccomp") and token.head.i != token.i:
                        # "Iran's drones ... will be multi-role vehicles, he says."
                        head = token.head
                        span = (
                            _content(sent, exclude=range(token.left_edge.i, token.right_edge.i + 1))
                            if head.i < token.i
                            else None
                        )
                    else:
                        continue
                    if span is None or len(span) < 4 or _overlaps(span, inside):
                        continue
                    found.append(
                        Quote(
                            speaker=_speaker(subject, actors),
                            text=span.text.strip(' ,\u201c\u201d"'),
                            direct=False,
                            verb=token.lemma_.lower(),
                            start=span.start_char,
                            end=span.end_char,
                        )
                    )
        return found


def _overlaps(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in ranges)


def _in(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


def _content(sent: Span, exclude: range) -> Span | None:
    """The sentence without an attribution phrase, trimmed of punctuation at its edges."""
    tokens = [t for t in sent if t.i not in exclude]
    if not tokens:
        return None
    # Keep the longest contiguous run (the phrase is at one end or the other).
    runs: list[list[Token]] = [[]]
    for token in tokens:
        if runs[-1] and token.i != runs[-1][-1].i + 1:
            runs.append([])
        runs[-1].append(token)
    run = max(runs, key=len)
    while run and (run[0].is_punct or run[0].is_space):
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].is_space):
        run = run[:-1]
    if len(run) < 4:
        return None
    return sent.doc[run[0].i : run[-1].i + 1]


def _speaker(token: Token, actors: ActorIndex) -> dict:
    actor: Actor | None = actors.at(token)
    if actor is None:
        for child in token.children:
            if child.dep_ in ("compound", "appos", "poss"):
                actor = actors.at(child)
                if actor:
                    break
    if actor is not None:
        return {"name": actor.name, "code": actor.code, "text": token.text}
    phrase = token.doc[token.left_edge.i : token.i + 1].text
    return {"name": phrase, "code": None, "text": token.text}
