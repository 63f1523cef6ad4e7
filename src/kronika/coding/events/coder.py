"""The event coder: runs the steps of this package over each sentence, in order.

1. `s1_frames`: which words are events, in which frame;
2. `s2_participants`: the sources and targets the parse names;
3. `s3_implicit`: sides left implicit (documents, acts about other events);
4. `s4_context`: where and when, and the conventions that take a side from the place;
5. `s5_assembly`: conventions on both sides, pairs, modality, confidence → `Event`s;
6. `s6_speech`: events that reported speech implies (claims, demands, hosted visits).

How a clause frames its verb (negation, modality) is read in `clauses`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc, Token

from ...annotate.actors import ActorIndex
from ...records import DateMention, Equipment, Event, Place, Quote
from .. import petrarch
from ..cameo import CameoTable
from ..offsets import Indexed
from ..patterns import NO_EVENT, PatternSet
from . import clauses
from .s1_frames import figurative_target, linked, military_clause, not_a_request, object_lemmas
from .s2_participants import quote_at
from .s4_context import VIOLENT_ROOTS, Setting
from .s5_assembly import REQUEST_ROOTS, equipment_in
from .s6_speech import ReportedSpeech


class EventCoder(ReportedSpeech):
    def __init__(self, cameo: CameoTable, patterns: PatternSet):
        self.cameo = cameo
        self.patterns = patterns

    def __call__(
        self,
        doc: Doc,
        actors: ActorIndex,
        *,
        date: str | None,
        places: list[Place],
        dates: list[DateMention],
        quotes: list[Quote],
        equipment: list[Equipment] | None = None,
    ) -> list[Event]:
        events: list[Event] = []
        seen: set[tuple] = set()
        # indexed by offset: each trigger asks which dates, places, quote and equipment are
        # near it
        # the countries of the people the dictionaries know, each mention ("Trump", "he")
        known = {
            a.name
            for a in actors.actors
            if a.kind == "person" and a.how.startswith("dictionary") and len(a.country or "") == 3
        }
        people = Counter(
            country
            for a in actors.actors
            if a.kind == "person" and a.name in known and len(country := a.country or "") == 3
        )
        setting = Setting(date, Indexed(places), Indexed(dates), Indexed(quotes), people)
        quotes = setting.quotes
        named_equipment = Indexed(equipment or [])

        def keep(event: Event) -> None:
            key = (
                event.source.code,
                event.target.code if event.target else None,
                event.cameo,
                event.trigger.start,
            )
            if key not in seen:
                seen.add(key)
                events.append(event)

        discards = self.patterns.discards
        if discards and discards.story_discarded(doc.text):
            return events
        for sent in doc.sents:
            if discards and discards.sentence_discarded(sent.text):
                continue  # a user's discard list: sports results, chronologies ...
            first = len(events)  # the events kept from here on are this sentence's
            # dyad and code → this sentence's triggers (linked triggers share a sentence)
            coded: dict[tuple, list[Token]] = defaultdict(list)
            found: list[tuple[Event, Token]] = []
            # A user's PETRARCH dictionaries in place of kronika's: the verbs they code, whose
            # phrases hold no other event (as PETRARCH resumes after a coded verb's phrase)
            petrarch_verbs: list[Token] = []
            for token in sent:
                pattern = self.match(token)
                if pattern is None:
                    continue
                if pattern.petrarch is not None and not self.patterns.builtin:
                    if any(petrarch.in_phrase(token, verb) for verb in petrarch_verbs):
                        continue
                    petrarch_verbs.append(token)
                for event in self.code(token, pattern, sent, actors, setting):
                    dyad = (
                        event.source.code,
                        event.target.code if event.target else None,
                        event.cameo,
                    )
                    if any(linked(t, token) for t in coded[dyad]):
                        continue  # "held talks": the light verb and its noun are one event
                    coded[dyad].append(token)
                    event.equipment = equipment_in(token, named_equipment)
                    found.append((event, token))
            for event, token in found:
                if not event.target and any(
                    other.target
                    and other.source.code == event.source.code
                    and other.cameo[:2] == event.cameo[:2]
                    and linked(trigger, token)
                    for other, trigger in found
                ):
                    continue  # "met Maliki to discuss": the discussion is the meeting's
                keep(event)
            # Claims, demands and visits derive from events whose triggers are in this
            # sentence: only those are passed, so that a long article costs linear time.
            # (A user's PETRARCH dictionaries in place of kronika's code only what they say:
            # a hosted visit is a visit the other way only where a code says so, "[033:032]".)
            if not self.patterns.builtin:
                continue
            for event in self._claims(sent, events[first:], actors, quotes):
                keep(event)
            for event in self._demands(sent, events[first:], actors, setting):
                keep(event)
            for event in self._visits(sent, events[first:]):
                keep(event)
        return events

    # -- coding ---------------------------------------------------------------------------
    def explain(self, doc: Doc, actors: ActorIndex, quotes: list[Quote]) -> list[dict]:
        """Per sentence, the words that could trigger an event and what became of them:
        the rule that coded an event, or why none did (the near misses)."""
        report = []
        for sent in doc.sents:
            notes = []
            for token in sent:
                why = self._why(token, actors, quotes)
                if why is not None:
                    notes.append({"word": token.text, "offset": token.idx, **why})
            report.append({"sentence": sent.text.strip(), "start": sent.start_char, "words": notes})
        return report

    def _why(self, token: Token, actors: ActorIndex, quotes: list[Quote]) -> dict | None:
        demand = self._demand_parties(token, actors, quotes)
        if demand is not None and demand[2] and demand[3]:
            clause, family, speakers, addressees = demand
            return {
                "outcome": "event",
                "rule": f"{'demand' if family == '10' else 'appeal'} that {clause.lemma_} "
                f"({token.lemma_} + {clauses.modal_of(clause)})",
                "source": [p.actor.code for p in speakers],
                "target": [p.actor.code for p in addressees],
                "negated": clauses.negated(token),
                "modality": clauses.modality(token),
            }
        pos, candidates = self._candidates(
            token, clauses.frame(token) or {"ADJ": "adj"}.get(token.pos_)
        )
        if not candidates and self.patterns.petrarch_pattern(token) is None:
            return None
        pattern = self.match(token)
        if pattern is None:
            wanted = sorted({o for p in candidates for o in p.objects})[:12]
            return {
                "outcome": "near miss",
                "reason": f"patterns for '{token.lemma_}' need an object such as "
                f"{', '.join(wanted) or '(a different frame)'}; the clause has "
                f"{', '.join(sorted(object_lemmas(token))) or 'none'}",
            }
        rule = f"{pattern.id} ({pattern.origin})"
        military = bool(pattern.military_code) and military_clause(token)
        if pattern.code == NO_EVENT and not military:
            return {
                "outcome": "not an event",
                "rule": rule,
                "reason": "the lexicon marks this frame as not an event"
                + (" outside a military clause" if pattern.military_code else ""),
            }
        figurative = pattern.pos == "noun" and pattern.code[:2] in VIOLENT_ROOTS
        if figurative and figurative_target(token, actors):
            return {
                "outcome": "not an event",
                "rule": rule,
                "reason": "violence aimed at an idea, not an actor (a war on religion)",
            }
        if pattern.code[:2] in REQUEST_ROOTS and not_a_request(token):
            return {
                "outcome": "not an event",
                "rule": rule,
                "reason": "a question asked wants an answer, and a name given asks nothing",
            }
        quote = quote_at(quotes, token.idx)
        sources, targets = self.participants(token, pattern, actors, quote)
        if not sources:
            subject = next((c.text for c in token.children if c.dep_ == "nsubj"), None)
            reason = (
                f"subject '{subject}' is not a known actor"
                if subject
                else "no subject, and none in the clause it depends on"
            )
            if pattern.code[:2] in VIOLENT_ROOTS:
                reason += (
                    "; violence with no perpetrator is coded to the country of a place its "
                    "clause names (in, near, outside ...)"
                )
            return {"outcome": "near miss", "rule": rule, "reason": reason}
        if pattern.needs_target and not targets:
            return {
                "outcome": "near miss",
                "rule": rule,
                "reason": "the lexicon makes this frame an event only with a target actor",
            }
        if pattern.words[0] == "be" and not targets:
            return {
                "outcome": "near miss",
                "rule": rule,
                "reason": "a copula is a visit only with a place naming an actor",
            }
        return {
            "outcome": "event",
            "rule": rule,
            "source": [p.actor.code for p in sources],
            "target": [p.actor.code for p in targets],
            "negated": clauses.negated(token),
            "modality": clauses.modality(token),
        }
