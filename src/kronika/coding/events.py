"""Code events from the dependency parse: who did what to whom.

For each verb, event noun and predicate adjective that a pattern names, the coder finds
the source (subject; the by-agent of a passive; the possessor of an event noun; or, for a
verb without a subject, the subject of the clause it depends on) and the target (object,
prepositional object, or the subject of a passive), expands coordinated actors into one
event per pair, and records negation, modality, date, place and the rule that matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..annotate.actors import ActorIndex
from ..records import Actor, DateMention, Equipment, Event, EventActor, Place, Quote
from ..records import Span as TextSpan
from .cameo import CameoTable
from .patterns import DEFAULT_PREPS, NO_EVENT, Pattern, PatternSet

MILITARY_LEMMAS = {
    "military",
    "weapon",
    "arm",
    "arms",
    "drone",
    "missile",
    "troop",
    "soldier",
    "army",
    "defence",
    "defense",
    "tank",
    "jet",
    "warplane",
    "ammunition",
    "rocket",
    "artillery",
    "warship",
    "navy",
    "armed",
    "munition",
}
INTENT_HEADS = {
    "plan",
    "intend",
    "seek",
    "aim",
    "want",
    "prepare",
    "vow",
    "promise",
    "pledge",
    "hope",
    "decide",
    "expect",
    "threaten",
    "offer",
    "propose",
    "wish",
    "try",
    "agree",
    "swear",
    "undertake",
    "commit",
}
REFUSAL_HEADS = {"refuse", "decline", "fail", "reject", "deny"}
REQUEST_HEADS = {
    "urge",
    "ask",
    "call",
    "demand",
    "request",
    "press",
    "appeal",
    "order",
    "encourage",
    "invite",
    "persuade",
    "pressure",
    "tell",
    "need",
}
INTENT_ADJECTIVES = {"ready", "willing", "prepared", "determined", "set", "eager", "able"}
INTENT_NOUNS = {"position", "plan", "intention", "readiness", "bid", "decision"}
LIGHT_VERBS = {
    "hold",
    "launch",
    "carry",
    "conduct",
    "stage",
    "mount",
    "begin",
    "start",
    "continue",
    "resume",
    "intensify",
    "make",
    "sign",
    "reach",
    "impose",
    "step",
}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CLIMB_DEPS = {
    "xcomp",
    "conj",
    "acomp",
    "advcl",
    "pcomp",
    "acl",
    "relcl",
    "prep",
    "pobj",
    "dobj",
    "attr",
}
SYMMETRIC_ROOTS = {"03", "04", "05", "06"}
# Codes whose target may be the subject of a clausal complement ("urged that X ...").
CLAUSAL_TARGET_ROOTS = {"02", "10", "11", "12", "13", "16", "17"}
# Cooperation roots whose negation CAMEO codes as a rejection (12).
NEGATED_TO_REJECT = {"03", "04", "05", "06", "07", "08"}
# "thousands of Kurds", "members of the opposition": the actor is in the of-phrase.
QUANTITY_HEADS = {
    "thousand",
    "hundred",
    "dozen",
    "ten",
    "score",
    "million",
    "some",
    "many",
    "most",
    "group",
    "member",
    "band",
    "crowd",
    "number",
    "one",
    "two",
    "few",
}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across"}
# Verbs of saying whose reported violence is coded as an accusation or a claim.
CLAIM_VERBS = {"claim", "say", "allege", "report", "charge", "insist", "state", "announce"}
WE_PRONOUNS = {"we", "us", "our"}
REFERRING_PRONOUNS = {"it", "they", "he", "she"}
SPEECH_CONTEXTS = {"say", "tell", "claim", "report", "add", "write"}


@dataclass
class Participant:
    token: Token
    actor: EventActor
    explicit: bool


class EventCoder:
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
        main_place = next((p for p in places if p.main), None)

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

        for sent in doc.sents:
            for token in sent:
                pattern = self.match(token)
                if pattern is None:
                    continue
                for event in self.code(
                    token, pattern, sent, actors, date, places, dates, quotes, main_place
                ):
                    event.equipment = _equipment_in(token, equipment or [])
                    keep(event)
            for event in self._claims(sent, events, actors, quotes):
                keep(event)
        return events

    def _claims(
        self, sent: Span, events: list[Event], actors: ActorIndex, quotes: list[Quote]
    ) -> list[Event]:
        """Reported violence is also an act of the reporter: "the US claimed that Iraq had
        attacked" accuses Iraq (112); "the US claimed it had attacked Iraq" claims
        responsibility (015), as CAMEO codes them."""
        derived: list[Event] = []
        for verb in sent:
            if verb.lemma_.lower() not in CLAIM_VERBS or verb.pos_ != "VERB":
                continue
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if clause is None or subject is None:
                continue
            speakers = self._expand(subject, actors, _quote_at(quotes, verb.idx), explicit=True)
            if not speakers:
                continue
            speaker = speakers[0].actor
            start, end = _clause_span(clause)
            for event in events:
                if not (start <= event.trigger.start < end) or event.quad_class != 4:
                    continue
                if event.negated or event.modality == "hypothetical":
                    continue
                own = (event.source.code or "")[:3] == (speaker.code or "")[:3]
                code = "015" if own else "112"
                target = event.target if own else event.source
                if target is None or target.code == speaker.code:
                    continue
                entry = self.cameo[code]
                derived.append(
                    replace(
                        event,
                        source=speaker,
                        target=target,
                        cameo=code,
                        cameo_name=entry.name,
                        plover=entry.plover,
                        goldstein=entry.goldstein,
                        quad_class=entry.quad_class,
                        trigger=TextSpan(verb.text, verb.idx, verb.idx + len(verb)),
                        rule=f"claim of {event.cameo} ({verb.lemma_}: {event.rule})",
                        confidence=round(max(0.05, event.confidence - 0.1), 2),
                    )
                )
        return derived

    # -- matching -------------------------------------------------------------------------
    def match(self, token: Token) -> Pattern | None:
        if token.pos_ in ("VERB", "AUX"):
            pos = "verb"
        elif token.pos_ == "NOUN":
            pos = "noun"
        elif token.pos_ == "ADJ" and token.dep_ in ("acomp", "amod", "oprd"):
            pos = "adj"
        else:
            return None
        lemma = token.lemma_.lower()
        candidates = self.patterns.candidates(pos, lemma)
        if not candidates:
            return None
        if (
            pos == "verb"
            and lemma == "be"
            and token.dep_ not in ("ROOT", "conj", "ccomp", "advcl", "relcl")
        ):
            return None
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        objects = _object_lemmas(token)
        best: Pattern | None = None
        for pattern in candidates:
            if (
                len(pattern.words) > 1
                and list(pattern.words[1:]) != particles[: len(pattern.words) - 1]
            ):
                continue
            if pattern.objects and not (pattern.objects & objects):
                continue
            if pattern.intransitive and any(c.dep_ == "dobj" for c in token.children):
                continue
            if best is None or pattern.specificity > best.specificity:
                best = pattern
        return best

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
        pos = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "ADJ": "adj"}.get(token.pos_)
        if pos is None:
            return None
        candidates = self.patterns.candidates(pos, token.lemma_.lower())
        if not candidates:
            return None
        pattern = self.match(token)
        if pattern is None:
            wanted = sorted({o for p in candidates for o in p.objects})[:12]
            return {
                "outcome": "near miss",
                "reason": f"patterns for '{token.lemma_}' need an object such as "
                f"{', '.join(wanted) or '(a different frame)'}; the clause has "
                f"{', '.join(sorted(_object_lemmas(token))) or 'none'}",
            }
        rule = f"{pattern.id} ({pattern.origin})"
        if pattern.code == NO_EVENT:
            return {
                "outcome": "not an event",
                "rule": rule,
                "reason": "the lexicon marks this frame as not an event",
            }
        quote = _quote_at(quotes, token.idx)
        sources, targets = self.participants(token, pattern, actors, quote)
        if not sources:
            subject = next((c.text for c in token.children if c.dep_ == "nsubj"), None)
            reason = (
                f"subject '{subject}' is not a known actor"
                if subject
                else "no subject, and none in the clause it depends on"
            )
            return {"outcome": "near miss", "rule": rule, "reason": reason}
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
            "negated": _negated(token),
            "modality": _modality(token),
        }

    def code(
        self,
        trigger: Token,
        pattern: Pattern,
        sent: Span,
        actors: ActorIndex,
        date: str | None,
        places: list[Place],
        dates: list[DateMention],
        quotes: list[Quote],
        main_place: Place | None,
    ) -> Iterable[Event]:
        if pattern.code == NO_EVENT:
            return  # a frame the lexicon marks as not an event ("meet a deadline")
        quote = _quote_at(quotes, trigger.idx)
        sources, targets = self.participants(trigger, pattern, actors, quote)
        if not sources:
            return
        if pattern.words[0] == "be" and not targets:
            return  # "was in Tajikistan" is a visit only when the place is an actor's country
        code = pattern.code
        if pattern.military_code and _military(trigger):
            code = pattern.military_code
        negated = _negated(trigger)
        modality = _modality(trigger)
        rule_note = ""
        if negated and code[:2] in NEGATED_TO_REJECT and modality != "hypothetical":
            # CAMEO codes a refusal to cooperate as a rejection: "will not accept refugees".
            code, negated, modality, rule_note = "120", False, "asserted", " negated→reject"
        if modality == "intent":
            code = self.cameo.intent(code) or code
        entry = self.cameo[code] if code in self.cameo else self.cameo[code[:2]]
        event_date = _date_for(trigger, dates) or date
        location = _location_for(trigger, places, main_place)
        attribution = dict(quote.speaker) if quote else None
        if location and location["from"] in ("clause", "sentence") and location["country"]:
            # "Prisoners rioted at a jail in Dili": people without a stated country take the
            # country of the place where they act.
            sources = [_placed(s, location["country"]) for s in sources]
            targets = [_placed(t, location["country"]) for t in targets]
        symmetric = code[:2] in SYMMETRIC_ROOTS and not targets and len(sources) > 1
        pairs: list[tuple[Participant, Participant | None]] = []
        if symmetric:
            pairs = [(a, b) for a in sources for b in sources if a.actor.code != b.actor.code]
        elif targets:
            pairs = [(s, t) for s in sources for t in targets]
        else:
            pairs = [(s, None) for s in sources]
        for source, target in pairs:
            if target is not None and source.actor.code == target.actor.code:
                continue
            if (
                target is not None
                and source.actor.code
                and target.actor.code
                and source.actor.code[:3] == target.actor.code[:3]
                and len(source.actor.code) == 3
                and len(target.actor.code) == 3
            ):
                continue
            confidence = 0.9 if source.explicit else 0.65
            if target is None:
                confidence -= 0.15
            elif not target.explicit:
                confidence -= 0.1
            if pattern.objects:
                confidence += 0.05
            if modality != "asserted":
                confidence -= 0.1
            if (source.actor.code or "").startswith("---"):
                confidence -= 0.2  # a sector without a country: "gunmen", "the police"
            if target is not None and (target.actor.code or "").startswith("---"):
                confidence -= 0.1
            yield Event(
                source=source.actor,
                target=target.actor if target else None,
                cameo=entry.code,
                cameo_name=entry.name,
                plover=entry.plover,
                goldstein=entry.goldstein,
                quad_class=entry.quad_class,
                date=event_date,
                location=location,
                negated=negated,
                modality=modality,
                sentence=sent.text.strip(),
                trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger)),
                rule=f"{pattern.id} ({pattern.origin}){rule_note}",
                confidence=round(max(0.05, min(confidence, 0.99)), 2),
                attribution=attribution,
            )

    def participants(
        self, trigger: Token, pattern: Pattern, actors: ActorIndex, quote: Quote | None
    ) -> tuple[list[Participant], list[Participant]]:
        sources: list[Participant] = []
        targets: list[Participant] = []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
        if pattern.pos == "verb":
            for child in trigger.children:
                if child.dep_ == "nsubj":
                    sources += self._expand(child, actors, quote, explicit=True)
                elif child.dep_ == "nsubjpass":
                    targets += self._expand(child, actors, quote, explicit=True)
                elif child.dep_ == "agent":
                    for pobj in child.children:
                        sources += self._expand(pobj, actors, quote, explicit=True)
                elif child.dep_ in ("dobj", "dative") and not passive:
                    targets += self._expand(child, actors, quote, explicit=True, descend=True)
            has_subject = any(c.dep_ in ("nsubj", "agent") for c in trigger.children)
            if not sources and passive:
                # "Four children were killed in Israeli tank shelling": the source is the
                # actor of the event noun the passive happened in.
                sources = self._cause(trigger, actors, quote)
            participial = (
                trigger.tag_ == "VBN"
                and trigger.dep_ in ("advcl", "acl")
                and not any(c.dep_ in ("aux", "auxpass") for c in trigger.children)
            )
            if not sources and not has_subject and not participial:
                # ("Asked about the deal, Smith said": Smith was asked; he did not ask.)
                sources = self._climb(trigger, actors, quote)
            if not targets:
                targets = self._prep_targets(trigger, pattern, actors, quote)
            if not targets:
                # "offered to hand over to Britain", "threatened to break relations with
                # Russia": the target sits in the clause the verb governs.
                for clause in (c for c in trigger.children if c.dep_ == "xcomp"):
                    for child in clause.children:
                        if child.dep_ in ("dobj", "dative"):
                            targets += self._expand(
                                child, actors, quote, explicit=False, descend=True
                            )
                    if not targets:
                        targets = [
                            Participant(t.token, t.actor, False)
                            for t in self._prep_targets(
                                clause, pattern, actors, quote, DEFAULT_PREPS
                            )
                        ]
            if not targets and pattern.code[:2] in CLAUSAL_TARGET_ROOTS:
                # "demanded that the US cancel ...": the target is the clause's subject.
                for clause in (c for c in trigger.children if c.dep_ == "ccomp"):
                    for child in clause.children:
                        if child.dep_ in ("nsubj", "nsubjpass"):
                            targets += self._expand(child, actors, quote, explicit=False)
            if (
                not targets
                and has_subject
                and trigger.dep_ == "amod"
                and trigger.tag_ in ("VBD", "VBN")
            ):
                # A verb the parser read as a participle modifier of its own object:
                # "Iran has backed(amod) Afghanistan's Tajiks".
                targets = self._expand(trigger.head, actors, quote, explicit=False, descend=True)
        elif pattern.pos == "noun":
            for child in trigger.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < trigger.i:
                    sources += self._expand(child, actors, quote, explicit=True)
                elif child.dep_ == "prep" and child.lower_ == "by":
                    for pobj in child.children:
                        sources += self._expand(pobj, actors, quote, explicit=True)
            targets = self._prep_targets(trigger, pattern, actors, quote)
            if (
                not sources
                and trigger.dep_ == "dobj"
                and trigger.head.lemma_.lower() in LIGHT_VERBS
            ):
                sources = self._climb(trigger, actors, quote)
            between = [c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "between"]
            if not sources and between:
                # "talks between Iran and Tajikistan": both sides act; coded both ways.
                for prep in between:
                    for pobj in prep.children:
                        sources += self._expand(pobj, actors, quote, explicit=True, descend=True)
                if len(sources) > 1:
                    targets = []
            if not targets and trigger.dep_ in ("nsubj",):
                # "US sanctions force Iran ...": the event noun acts on the verb's object.
                for child in trigger.head.children:
                    if child.dep_ == "dobj":
                        targets += self._expand(child, actors, quote, explicit=False)
        else:  # predicate adjective: "Iran is angry about attacks on ..."
            head = trigger.head
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    sources += self._expand(child, actors, quote, explicit=True)
            if not sources:
                sources = self._climb(head, actors, quote)
            targets = self._prep_targets(trigger, pattern, actors, quote)
        sources = [s for s in sources if s.actor.code]
        targets = [t for t in targets if t.actor.code]
        owned = [t for t in targets if _own(t.token)]
        if owned and len(owned) == len(targets):
            # "Syria offered its troops to Lebanon": the troops are the source's own; the
            # target is the prepositional one.
            targets = self._prep_targets(trigger, pattern, actors, quote)
        return sources, targets

    def _cause(self, trigger: Token, actors: ActorIndex, quote: Quote | None) -> list[Participant]:
        for prep in trigger.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "by", "after"):
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj":
                    continue
                agent = actors.at(noun)
                if agent is not None and agent.sector and agent.kind not in ("country", "metonym"):
                    return self._expand(
                        noun, actors, quote, explicit=False
                    )  # "in Israeli tank fire"
                if self.patterns.candidates("noun", noun.lemma_.lower()):
                    for child in noun.children:
                        if child.dep_ in ("poss", "amod", "compound", "nmod"):
                            found = self._expand(child, actors, quote, explicit=False)
                            if found:
                                return found
        return []

    def _expand(
        self,
        token: Token,
        actors: ActorIndex,
        quote: Quote | None,
        *,
        explicit: bool,
        descend: bool = False,
    ) -> list[Participant]:
        found = []
        members = [token, *token.conjuncts]
        # "The US, Russia, and Switzerland": the parser may read a list as appositions.
        for appos in [c for c in token.children if c.dep_ == "appos"]:
            listed, head = actors.at(appos), actors.at(token)
            if listed is not None and head is not None and listed.kind == head.kind == "country":
                members += [appos, *appos.conjuncts]
        if token.lower_ in REFERRING_PRONOUNS and token.pos_ == "PRON":
            antecedent = _reported_subject(token)
            if antecedent is not None:
                members = [antecedent, *antecedent.conjuncts]
        for member in members:
            actor = self._actor_of(member, actors, quote, descend=descend)
            if actor is not None:
                found.append(Participant(member, actor, explicit))
        return found

    def _actor_of(
        self,
        token: Token,
        actors: ActorIndex,
        quote: Quote | None,
        *,
        descend: bool = True,
        depth: int = 0,
    ) -> EventActor | None:
        if (
            token.lower_ in WE_PRONOUNS
            and token.pos_ == "PRON"
            and quote is not None
            and quote.speaker.get("code")
        ):
            code = quote.speaker["code"]
            return EventActor(token.text, code[:3] if code[:3] != "---" else code)
        actor = actors.at(token)
        if actor is None and token.lemma_.lower() in QUANTITY_HEADS and depth < 3:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        found = self._actor_of(
                            pobj, actors, quote, descend=descend, depth=depth + 1
                        )
                        if found:
                            return found
        if (
            actor is not None
            and actor.kind == "metonym"
            and token.dep_ == "pobj"
            and token.head.lower_ in LOCATIVE_PREPS
        ):
            # "a protest in Beijing": the capital is the place, not the government.
            return EventActor(token.text, actor.code[:3])
        if actor is not None and actor.code and (len(actor.code) > 3 or actor.code != "---"):
            return _event_actor(actor)
        if not descend or depth > 2:
            return None
        # "attacks on Afghanistan's Shia minority": look inside the phrase.
        for child in token.children:
            if child.dep_ in ("poss", "compound", "appos", "amod", "nmod"):
                found = self._actor_of(child, actors, quote, descend=True, depth=depth + 1)
                if found:
                    return found
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "of", "against", "in", "to", "by"):
                for pobj in child.children:
                    found = self._actor_of(pobj, actors, quote, descend=True, depth=depth + 1)
                    if found:
                        return found
        return None

    def _prep_targets(
        self,
        trigger: Token,
        pattern: Pattern,
        actors: ActorIndex,
        quote: Quote | None,
        preps: tuple[str, ...] | None = None,
    ) -> list[Participant]:
        holders = [trigger] + [
            c
            for c in trigger.children
            if c.dep_ in ("dobj", "attr", "acomp", "xcomp") and c.pos_ != "VERB"
        ]
        for prep_word in preps or pattern.preps:
            for holder in holders:
                for child in holder.children:
                    if child.dep_ in ("prep", "dative", "agent") and child.lower_ == prep_word:
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                found = self._expand(
                                    pobj, actors, quote, explicit=True, descend=True
                                )
                                if found:
                                    return found
        return []

    def _climb(self, token: Token, actors: ActorIndex, quote: Quote | None) -> list[Participant]:
        """The actor a subject-less verb or noun belongs to: "Iran's move to produce ...",
        "... the Islamic Republic is transferring ... by inaugurating ..."."""
        current = token
        for _ in range(6):
            if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
                return []
            head = current.head
            if (
                current.dep_ in ("pcomp", "pobj")
                and head.lower_ in ("of", "for")
                and head.head.pos_ == "VERB"
            ):
                # "accused Israel of shelling", "praised X for helping": X is the agent.
                for child in head.head.children:
                    if child.dep_ == "dobj":
                        found = self._expand(child, actors, quote, explicit=False)
                        if found:
                            return found
            if head.pos_ in ("NOUN", "PROPN"):
                actor = self._actor_of(head, actors, quote, descend=False)
                if actor is not None and current.dep_ == "relcl":
                    return [Participant(head, actor, False)]
                for child in head.children:
                    if child.dep_ == "poss":
                        found = self._expand(child, actors, quote, explicit=False)
                        if found:
                            return found
            elif head.pos_ in ("VERB", "AUX"):
                for child in head.children:
                    if child.dep_ == "nsubj":
                        found = self._expand(child, actors, quote, explicit=False)
                        return found
            current = head
        return []


def _equipment_in(trigger: Token, equipment: list[Equipment]) -> list[str]:
    """Equipment named in the trigger's clause: "produce drones, named Ababil-2, for ..."."""
    start, end = _clause_span(trigger)
    return [e.name for e in equipment if start <= e.start < end]


def _clause_span(trigger: Token) -> tuple[int, int]:
    subtree = list(trigger.subtree)
    return subtree[0].idx, subtree[-1].idx + len(subtree[-1])


def _placed(participant: Participant, country: str) -> Participant:
    code = participant.actor.code or ""
    if not code.startswith("---") or len(country) != 3:
        return participant
    actor = EventActor(participant.actor.text, country + code[3:])
    return Participant(participant.token, actor, participant.explicit)


def _own(token: Token) -> bool:
    """Whether a phrase belongs to the clause's own subject: "its troops", "their forces"."""
    return any(
        c.dep_ == "poss" and c.lower_ in ("its", "their", "our", "his", "her")
        for c in token.children
    )


def _reported_subject(pronoun: Token) -> Token | None:
    """The antecedent of a pronoun subject in reported speech: "Hungary said it will ..."."""
    clause = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for _ in range(3):
        if clause.dep_ not in ("ccomp", "xcomp", "conj") or clause.head.i == clause.i:
            return None
        clause = clause.head
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ not in REFERRING_PRONOUNS:
            return subject
    return None


def _event_actor(actor: Actor) -> EventActor:
    return EventActor(actor.text, actor.code)


def _object_lemmas(token: Token) -> set[str]:
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "dative", "xcomp", "advmod"):
            lemmas.add(child.lemma_.lower())
            for grandchild in child.children:
                if grandchild.dep_ in ("compound", "amod"):
                    lemmas.add(grandchild.lemma_.lower())
                elif grandchild.dep_ == "prep" and grandchild.lower_ == "of":
                    for pobj in grandchild.children:  # "tons of food aid"
                        lemmas.add(pobj.lemma_.lower())
                        lemmas.update(
                            c.lemma_.lower() for c in pobj.children if c.dep_ == "compound"
                        )
                elif grandchild.dep_ == "prep" and child.dep_ == "dobj":
                    # "produce drones for Tajikistan": the parser often hangs the verb's
                    # prepositional phrase on its object.
                    lemmas.add(grandchild.lower_)
        elif child.dep_ in ("prep", "agent"):
            lemmas.add(child.lower_)
            for pobj in child.children:
                lemmas.add(pobj.lemma_.lower())
    return lemmas


def _military(trigger: Token) -> bool:
    return any(t.lemma_.lower() in MILITARY_LEMMAS for t in trigger.subtree)


def _negated(trigger: Token) -> bool:
    token = trigger
    for _ in range(3):
        if any(c.dep_ == "neg" for c in token.children):
            return True
        if token.dep_ not in ("xcomp", "conj") or token.head.i == token.i:
            return False
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSAL_HEADS:
            return True  # "refused to release": the release did not happen
        token = token.head
    return False


def _modality(trigger: Token) -> str:
    token = trigger
    for _ in range(5):
        auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if marks & {"if", "unless"}:
            return "hypothetical"
        if auxes & HYPOTHETICAL_AUX:
            return "hypothetical"
        if auxes & FUTURE_AUX or "going" in auxes:
            return "intent"
        if "must" in auxes:
            return "requested"  # "Libya must hand over the suspects": demanded, not done
        if token.dep_ in ("ccomp", "dobj") and token.head.lemma_.lower() in REQUEST_HEADS:
            return "requested"  # "demanded that the government provide information"
        if token.dep_ in ("xcomp", "acl") and token.head.i != token.i:
            head = token.head
            lemma = head.lemma_.lower()
            if token.dep_ == "xcomp" and lemma in INTENT_HEADS:
                return "intent"
            if lemma in REQUEST_HEADS:
                return "requested"  # "urged Iran to release": asked for, not done
            if lemma in INTENT_ADJECTIVES or (head.pos_ == "NOUN" and lemma in INTENT_NOUNS):
                return "intent"
            token = head
            continue
        if token.dep_ in ("pobj", "prep", "pcomp") and token.head.i != token.i:
            token = token.head
            continue
        break
    return "asserted"


def _quote_at(quotes: list[Quote], offset: int) -> Quote | None:
    for quote in quotes:
        if quote.start <= offset < quote.end and quote.speaker.get("code"):
            return quote
    return None


def _date_for(trigger: Token, dates: list[DateMention]) -> str | None:
    span = trigger.sent if trigger.dep_ == "ROOT" else None
    subtree = list(trigger.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    for mention in dates:
        if (
            mention.value
            and mention.granularity in ("day", "month", "year", "week")
            and start <= mention.start < end
        ):
            return mention.value
    if span is not None:
        for mention in dates:
            if (
                mention.value
                and mention.granularity == "day"
                and span.start_char <= mention.start < span.end_char
            ):
                return mention.value
    return None


def _location_for(trigger: Token, places: list[Place], main_place: Place | None) -> dict | None:
    sent = trigger.sent
    subtree = list(trigger.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    # A place after "in", "at", "near" is where things happen; a place that is the subject or
    # object ("Brazil condemned Argentina") is an actor, used only when nothing better exists.
    locative = {t.idx for t in sent if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS} | {
        t.idx
        for t in sent
        if t.dep_ == "compound" and t.head.dep_ == "pobj" and t.head.head.lower_ in LOCATIVE_PREPS
    }

    def ranked(found: list[Place]) -> list[Place]:
        return sorted(found, key=lambda p: not any(p.start <= i < p.end for i in locative))

    in_clause = ranked([p for p in places if start <= p.start < end and p.lat is not None])
    in_sentence = ranked(
        [p for p in places if sent.start_char <= p.start < sent.end_char and p.lat is not None]
    )
    for place, how in (
        (in_clause[:1], "clause"),
        (in_sentence[:1], "sentence"),
        ([main_place] if main_place else [], "article"),
    ):
        if place:
            p = place[0]
            return {
                "name": p.name,
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "kind": p.kind,
                "geonames_id": p.geonames_id,
                "from": how,
            }
    return None
