"""Code events from the dependency parse: who did what to whom.

For each verb, event noun and predicate adjective that a pattern names, the coder finds
the source (subject; the by-agent of a passive; the possessor of an event noun; or, for a
verb without a subject, the subject of the clause it depends on) and the target (object,
prepositional object, or the subject of a passive), expands coordinated actors into one
event per pair, and records negation, modality, date, place and the rule that matched.
Reported speech yields events of its own: claims and accusations, demands and appeals
("said Libya must ..."), and the guest's side of a hosted visit. How a clause frames its
event (modality, negation) is read in `clauses`; where it happened, and the CAMEO
conventions that fill a missing side from the place or the state, in `scene`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..annotate.actors import DATELINE_MARKS, ActorIndex, code_sector, object_before
from ..records import Actor, DateMention, Equipment, Event, EventActor, Place, Quote
from ..records import Span as TextSpan
from . import clauses, scene
from .cameo import CameoTable
from .patterns import DEFAULT_PREPS, NO_EVENT, Pattern, PatternSet
from .scene import LOCATIVE_PREPS, VIOLENT_ROOTS, Participant, Setting

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
    "force",
    "naval",
    "bomber",
    "airstrike",
    "airforce",
    "gunship",
    "marine",
    "paratrooper",
    "battalion",
    "brigade",
    "aircraft",
    "shelling",
    "peacekeeper",
    "peacekeeping",
}
# Military words that are something else as verbs ("forced to") or alone ("the air"): these
# count only as nouns, or as modifiers of another noun ("air strike", "air force").
MILITARY_MODIFIERS = {"air", "aerial"}
# Words that are a verb's particle ("sent back", "pulled out of") also when the parser
# reads them as an adverb or a preposition without an object.
PARTICLE_WORDS = {
    "back",
    "out",
    "off",
    "down",
    "up",
    "away",
    "in",
    "over",
    "aside",
    "ahead",
    "on",
}
# Named entities an object "+@place" or "+@group" matches: a town, region or country; an
# organisation or a people.
ENTITY_OBJECTS = {
    "GPE": "@place",
    "LOC": "@place",
    "FAC": "@place",
    "ORG": "@group",
    "NORP": "@group",
}
# Sectors of the groups whose being somewhere is a visit: officials and diplomats.
VISITOR_SECTORS = {"GOV", "ELI", "LEG", "DIP", "IGO"}
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
    "renew",
    "reiterate",
    "repeat",
    "issue",
    "voice",
}
# Verbs whose subject takes part in the event their object or prepositional object names.
PARTICIPATION_VERBS = {
    "join",
    "attend",
    "participate",
    "converge",
    "gather",
    "assemble",
    "rally",
    "march",
}
COMING_VERBS = {"arrive", "come", "return", "travel", "head", "fly", "go"}
# Verbs of going or being somewhere, which are a visit (042) only for visitors (_visitor).
MOVEMENT_VERBS = COMING_VERBS | {"be", "land", "leave"}
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
THREATEN_ROOT = "13"
REQUEST_ROOTS = {"02", "10"}  # appeals and demands
HOSTED_VISIT, VISIT = "043", "042"  # "receive a visit" implies the guest's "make a visit"
# Codes whose target may be the subject of a clausal complement ("urged that X ...").
CLAUSAL_TARGET_ROOTS = {"02", "10", "11", "12", "13", "16", "17"}
# Cooperation roots whose negation CAMEO codes as a rejection (12).
NEGATED_TO_REJECT = {"03", "04", "05", "06", "07", "08"}
# Words of cooperation whose absence is silence, not a rejection: not praising, defending,
# rallying support, apologizing or forgiving ("has not apologized").
UNREFUSED_CODES = {"051", "052", "053", "055", "056"}
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
# Prepositions through which an actor inside a phrase is found: "attacks on Afghanistan's
# Shia", "a delegation of observers from the OSCE".
DESCENT_PREPS = ("on", "of", "against", "in", "to", "by", "from")
# Demands and protests: those who make them against a state are its own people (scene.domestic).
PROTEST_ROOTS = {"10", "14"}
# Verbs of saying whose reported violence is coded as an accusation or a claim.
CLAIM_VERBS = {"claim", "say", "allege", "report", "charge", "insist", "state", "announce"}
# Verbs besides requests whose object does what their infinitive says: "forced Iraq to
# withdraw", "allowed inspectors to visit".
OBJECT_CONTROL_VERBS = {
    "force",
    "compel",
    "oblige",
    "allow",
    "permit",
    "authorize",
    "authorise",
    "enable",
    "help",
    "warn",
    "advise",
    "instruct",
    "command",
    "direct",
    "invite",
    "challenge",
}
# Documents that speak for whoever issued them: "a report released in Kigali alleged".
DOCUMENT_NOUNS = {
    "report",
    "study",
    "statement",
    "communique",
    "communiqué",
    "document",
    "dossier",
    "white paper",
    "memo",
    "memorandum",
    "letter",
    "declaration",
    "resolution",
    "ruling",
    "verdict",
}
# Words of attack that, between unarmed actors, are words: "attacked the bill's sponsors".
VERBAL_ATTACK_WORDS = {"attack", "assault", "hit", "target"}
ARMED = {"MIL", "REB", "INS", "UAF", "COP", "SPY", "CRM", "SEP"}
UNARMED_SECTORS = {"LEG", "JUD", "PTY", "ELI", "MED", "NGO", "OPP", "EDU", "BUS", "HLH"}
# Ideas that violence words aimed at them make figurative, whatever their determiner.
ABSTRACT_TARGETS = {
    "democracy",
    "freedom",
    "liberty",
    "religion",
    "faith",
    "truth",
    "sovereignty",
    "constitution",
    "values",
    "value",
    "justice",
    "science",
    "election",
    "decency",
}
# Verbs whose conjoined subjects, with no object, act on each other.
MUTUAL_VERBS = {"fight", "clash", "battle", "skirmish"}
# Nouns that, with "both" or "the two", stand for the last two countries named.
# ("both sides" are often a state and its rebels, not two countries.)
PAIR_NOUNS = {"country", "state", "nation", "government", "neighbour", "neighbor"}
# Verbs whose object is what is talked about, not who is talked with.
TOPIC_VERBS = {"discuss", "debate"}
# Acts whose object may be the source's own forces, sent or pulled out (promised, given,
# withdrawn, deployed): "deployed troops to Somalia" is aimed at Somalia.
DEPLOYMENT_ROOTS = {"03", "07", "08", "15"}
# Acts that take both sides alike: a negotiation "with" someone is coded both ways, as
# "talks between" them are (not a ratification or a meeting, which one side may do alone).
JOINT_CODES = {"046"}
# Acts about another event, aimed at those it befell: claiming responsibility for it (015),
# sympathy (018) and apologies (055) for it.
ABOUT_EVENT_CODES = {"015", "018", "055"}
ABOUT_PREPS = {"for", "over", "after"}
WE_PRONOUNS = {"we", "us", "our"}
REFERRING_PRONOUNS = {"it", "they", "he", "she"}


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
        setting = Setting(date, places, dates, quotes)

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

        coded: dict[tuple, list[Token]] = defaultdict(list)  # dyad and code → triggers
        for sent in doc.sents:
            found: list[tuple[Event, Token]] = []
            for token in sent:
                pattern = self.match(token)
                if pattern is None:
                    continue
                for event in self.code(token, pattern, sent, actors, setting):
                    dyad = (
                        event.source.code,
                        event.target.code if event.target else None,
                        event.cameo,
                    )
                    if any(_linked(t, token) for t in coded[dyad]):
                        continue  # "held talks": the light verb and its noun are one event
                    coded[dyad].append(token)
                    event.equipment = _equipment_in(token, equipment or [])
                    found.append((event, token))
            for event, token in found:
                if not event.target and any(
                    other.target
                    and other.source.code == event.source.code
                    and other.cameo[:2] == event.cameo[:2]
                    and _linked(trigger, token)
                    for other, trigger in found
                ):
                    continue  # "met Maliki to discuss": the discussion is the meeting's
                keep(event)
            for event in self._claims(sent, events, actors, quotes):
                keep(event)
            for event in self._demands(sent, events, actors, setting):
                keep(event)
            for event in self._visits(sent, events):
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
            if not speakers or (speakers[0].actor.code or "").startswith("---"):
                continue  # "medics said", "officials said": a source, not a party to accuse
            speaker = speakers[0].actor
            start, end = clauses.clause_span(clause)
            for event in events:
                if not (start <= event.trigger.start < end) or event.quad_class != 4:
                    continue
                if event.negated or event.modality == "hypothetical":
                    continue
                own = _same_side(event.source.code or "", speaker.code or "")
                code = "015" if own else "112"
                target = event.target if own else event.source
                if not target or target.code == speaker.code:
                    continue
                entry = self.cameo[code]
                derived.append(
                    replace(
                        event,
                        source=speaker,
                        target=target,
                        **entry.event_fields(),
                        trigger=TextSpan(verb.text, verb.idx, verb.idx + len(verb)),
                        modality=clauses.modality(verb),
                        rule=f"claim of {event.cameo} ({verb.lemma_}: {event.rule})",
                        confidence=round(max(0.05, event.confidence - 0.1), 2),
                    )
                )
        return derived

    def _visits(self, sent: Span, events: list[Event]) -> list[Event]:
        """Who receives a visit is visited: "Georgian protesters received the ministers" is
        also the ministers' visit to them (042), as CAMEO codes a hosted visit both ways."""
        entry = self.cameo[VISIT]
        return [
            replace(
                event,
                source=event.target,
                target=event.source,
                **entry.event_fields(),
                rule=f"visit implied by {event.rule}",
            )
            for event in events
            if event.cameo == HOSTED_VISIT
            and event.target
            and sent.start_char <= event.trigger.start < sent.end_char
        ]

    def _demands(
        self, sent: Span, events: list[Event], actors: ActorIndex, setting: Setting
    ) -> list[Event]:
        """What a speaker says another actor must or should do is a demand (10) or an appeal
        (02) to that actor, as CAMEO codes it: "Britain said Libya must hand over the suspects"
        is GBR -> LBY 1053 (the 10 code parallel to the act's 03 intent code), whether or not
        the act itself matched a pattern."""
        derived: list[Event] = []
        for verb in sent:
            demand = self._demand_parties(verb, actors, setting.quotes)
            if demand is None:
                continue
            clause, family, speakers, addressees = demand
            quote = _quote_at(setting.quotes, verb.idx)
            asked = next((e for e in events if e.trigger.start == clause.idx), None)
            code = self.cameo.request(asked.cameo if asked and not asked.negated else None, family)
            entry = self.cameo[code]
            for speaker in speakers:
                for addressee in addressees:
                    if scene.same_actor(speaker.actor, addressee.actor):
                        continue
                    derived.append(
                        Event(
                            source=speaker.actor,
                            target=addressee.actor,
                            **entry.event_fields(),
                            date=scene.date_for(verb, setting.dates) or setting.date,
                            location=scene.location_for(verb, setting.places, setting.main_place),
                            negated=clauses.negated(verb),
                            modality=clauses.modality(verb),
                            sentence=sent.text.strip(),
                            trigger=TextSpan(verb.text, verb.idx, verb.idx + len(verb)),
                            rule=f"{'demand' if family == '10' else 'appeal'} that "
                            f"{clause.lemma_} ({verb.lemma_} + {clauses.modal_of(clause)})",
                            confidence=0.7,
                            attribution=dict(quote.speaker) if quote else None,
                        )
                    )
        return derived

    def _demand_parties(
        self, verb: Token, actors: ActorIndex, quotes: list[Quote]
    ) -> tuple[Token, str, list[Participant], list[Participant]] | None:
        """For a reporting verb whose clause says what must or should happen: the clause,
        the CAMEO family (10 or 02), the speakers and the actors asked to act."""
        frame = clauses.demand_frame(verb)
        if frame is None:
            return None
        clause, family = frame
        quote = _quote_at(quotes, verb.idx)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        speakers = self._expand(subject, actors, quote, explicit=True) if subject else []
        return clause, family, speakers, self._clause_subjects([clause], actors, quote)

    # -- matching -------------------------------------------------------------------------
    def _candidates(self, token: Token, pos: str | None) -> tuple[str | None, list[Pattern]]:
        """The patterns a word may trigger as `pos`; a noun read as a verb (see clauses.frame) falls
        back to its noun patterns when the lexicon has no verb frame for it."""
        if pos is None:
            return None, []
        lemma = token.lemma_.lower()
        prefixed = _prefixed_lemma(token)
        candidates = (prefixed and self.patterns.candidates(pos, prefixed)) or (
            self.patterns.candidates(pos, lemma)
        )
        if not candidates and pos == "verb" and token.pos_ == "NOUN":
            return "noun", self.patterns.candidates("noun", lemma)
        return pos, candidates

    def match(self, token: Token) -> Pattern | None:
        pos, candidates = self._candidates(token, clauses.frame(token))
        if not candidates:
            return None
        lemma = token.lemma_.lower()
        if (
            pos == "verb"
            and lemma == "be"
            and token.dep_ not in ("ROOT", "conj", "ccomp", "advcl", "relcl")
        ):
            return None
        if lemma == "be" and any(c.dep_ in ("attr", "acomp") for c in token.children):
            return None  # "it was a priority in Iraq": a copula with a predicate is no visit
        if pos == "verb" and _adjectival(token):
            return None
        particles = [c.lower_ for c in _particles(token)]
        objects = _object_lemmas(token) | _shared_object_lemmas(token)
        if pos == "noun":
            objects |= _modifier_lemmas(token)
        if clauses.infinitive_to(token) is not None:
            # The misread verb hangs as a modifier on its own object: "export(nmod) equipment".
            objects |= {token.head.lemma_.lower()} | _object_lemmas(token.head)
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
        military = bool(pattern.military_code) and _military(token)
        if pattern.code == NO_EVENT and not military:
            return {
                "outcome": "not an event",
                "rule": rule,
                "reason": "the lexicon marks this frame as not an event"
                + (" outside a military clause" if pattern.military_code else ""),
            }
        figurative = pattern.pos == "noun" and pattern.code[:2] in VIOLENT_ROOTS
        if figurative and _figurative(token, actors):
            return {
                "outcome": "not an event",
                "rule": rule,
                "reason": "violence aimed at an idea, not an actor (a war on religion)",
            }
        if pattern.code[:2] in REQUEST_ROOTS and _not_a_request(token):
            return {
                "outcome": "not an event",
                "rule": rule,
                "reason": "a question asked wants an answer, and a name given asks nothing",
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

    def code(
        self,
        trigger: Token,
        pattern: Pattern,
        sent: Span,
        actors: ActorIndex,
        setting: Setting,
    ) -> Iterable[Event]:
        code = pattern.code
        if pattern.military_code and _military(trigger):
            code = pattern.military_code
        if code == NO_EVENT:
            # a frame the lexicon marks as not an event ("meet a deadline"), or an event
            # only in a military clause ("take control of": a town, not a company)
            return
        if pattern.pos == "noun" and code[:2] in VIOLENT_ROOTS and _figurative(trigger, actors):
            return  # "a war on religion", "an attack on democracy"
        quote = _quote_at(setting.quotes, trigger.idx)
        sources, targets = self.participants(trigger, pattern, actors, quote)
        act_root = code[:2]  # the act itself, before intent or refusal recode it
        if not sources:
            sources = scene.unattributed(trigger, code, targets, setting.places)
        if not sources:
            sources = self._author(trigger, actors, quote, setting.places)
        if not sources:
            return
        if code == VISIT and pattern.words[0] in MOVEMENT_VERBS:
            # Going somewhere is a visit only for people who visit: "troops arrived in
            # Mali" is a deployment, "refugees arrived in Greece" a flight.
            sources = [s for s in sources if _visitor(s.token, actors)]
            if not sources:
                return
        if code == VISIT and pattern.words[0] in PARTICIPATION_VERBS:
            # "attended the Beijing Olympics", "attended a funeral in Moscow": a visit to the
            # country where the event is, and none when it is the visitor's own.
            targets = [
                Participant(t.token, EventActor(t.actor.text, (t.actor.code or "")[:3]), False)
                for t in targets or self._event_place(trigger, actors, quote)
            ]
            homes = {(s.actor.code or "")[:3] for s in sources} | {"---"}
            targets = [t for t in targets if (t.actor.code or "")[:3] not in homes]
            if not targets:
                return
        if pattern.words[0] == "be":
            # "was in Tajikistan" is a visit only to a country, and not the visitor's own.
            homes = {(s.actor.code or "")[:3] for s in sources} | {"---"}
            targets = [t for t in targets if (t.actor.code or "")[:3] not in homes]
            if not targets or not sources:
                return
        if code[:2] in REQUEST_ROOTS and _not_a_request(trigger):
            return  # "asked whether the deal would hold" wants an answer, not an act
        negated = clauses.negated(trigger)
        modality = clauses.modality(trigger)
        rule_note = ""
        if code[:2] in VIOLENT_ROOTS and _verbal_attack(trigger, sources, targets, actors):
            # "Trump renewed his attack on the Justice Department": words, not force
            code, rule_note = "111", " verbal"
        # A refusal is of cooperation offered to someone: "will not accept refugees from
        # Iraq", not "has not apologized"; nor is it the purpose of a denied act.
        refusal = negated and trigger.dep_ != "advcl" and bool(targets)
        if (
            refusal
            and code[:2] in NEGATED_TO_REJECT
            and code not in UNREFUSED_CODES
            and (modality in ("asserted", "intent") or _would_not(trigger, sent))
        ):
            # CAMEO codes a refusal to cooperate as a rejection: "will not accept refugees".
            code, negated, modality, rule_note = "120", False, "asserted", " negated→reject"
        if modality == "intent":
            code = self.cameo.intent(code) or code
        entry = self.cameo[code] if code in self.cameo else self.cameo[code[:2]]
        event_date = scene.date_for(trigger, setting.dates) or setting.date
        location = scene.location_for(trigger, setting.places, setting.main_place)
        attribution = dict(quote.speaker) if quote else None
        if location and location["from"] in ("clause", "sentence") and location["country"]:
            # "Prisoners rioted at a jail in Dili": people without a stated country take the
            # country of the place where they act.
            sources = [scene.placed(s, location["country"]) for s in sources]
            targets = [scene.placed(t, location["country"]) for t in targets]
        targets = scene.domestic(targets, sources)
        if act_root in PROTEST_ROOTS:
            sources = scene.domestic(sources, targets)
        if act_root in scene.OVERSIGHT_ROOTS:
            sources = scene.officials_at_home(sources, targets)
        if all(scene.same_actor(s.actor, t.actor) for s in sources for t in targets):
            # "the Security Council agreed to extend the UN force's mandate": the act stands,
            # with no target rather than the source itself.
            targets = []
        if not targets and code[:3] in ABOUT_EVENT_CODES:
            targets = self._affected(trigger, sources, actors, quote, setting.places)
        symmetric = len(sources) > 1 and (
            (
                code[:2] in SYMMETRIC_ROOTS and (not targets or all(_locative(t) for t in targets))
            )  # "US and Iraqi officials signed the agreement in Baghdad"
            or _each_other(trigger)
            # "clashes between Indian and Chinese troops": each side fights the other
            or (not targets and any(c.lower_ == "between" for c in trigger.children))
            # "the army and the RSF fought in Khartoum": with each other
            or (
                trigger.lemma_.lower() in MUTUAL_VERBS
                and not any(
                    c.dep_ == "dobj" and c.lemma_.lower() not in ("war", "battle")
                    for c in trigger.children
                )  # ("fought a war" is with each other; "fought the rebels" is not)
                and all(_locative(t) for t in targets)
            )
        )  # "Iran and Tajikistan met", "Armenia and Azerbaijan accused each other
        if not targets and not symmetric:
            targets = scene.scene_target(trigger, act_root, sources, setting.places)
        if pattern.needs_target and not targets:
            return  # "=target": "helped cut costs", "released its figures" are no events
        pairs: list[tuple[Participant, Participant | None]] = []
        if symmetric:
            pairs = [(a, b) for a in sources for b in sources if a.actor.code != b.actor.code]
        elif targets:
            pairs = [(s, t) for s in sources for t in targets]
            if code[:3] in JOINT_CODES:
                # "X held talks with Y": both sides negotiate, as in "talks between X and Y".
                pairs += [(t, s) for s in sources for t in targets if _comitative(t.token)]
        else:
            pairs = [(s, None) for s in sources]
        for source, target in pairs:
            if target is not None and scene.same_actor(source.actor, target.actor):
                continue
            confidence = 0.9 if source.explicit else 0.65
            if target is None or target.from_place:
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
                target=target.actor if target else EventActor(None, None),
                **entry.event_fields(),
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
            subjects = {
                child.i: self._expand(child, actors, quote, explicit=True)
                or self._owner(child, actors, quote)
                for child in trigger.children
                if child.dep_ == "nsubj"
            }
            for child in trigger.children:
                if child.dep_ == "nsubj" and _dateline(child) and len(subjects) > 1:
                    subjects[child.i] = []  # "BAGHDAD, April 8 - Iraq accused ..."

            for first, second in _run_on_subjects(trigger):
                if subjects[second.i]:
                    subjects[first.i] = []
            sources += [p for found in subjects.values() for p in found]
            for child in trigger.children:
                if child.dep_ == "nsubjpass":
                    targets += self._expand(child, actors, quote, explicit=True) or self._owner(
                        child, actors, quote
                    )
                elif child.dep_ == "agent":
                    for pobj in child.children:
                        sources += self._expand(
                            pobj, actors, quote, explicit=True
                        ) or self._wielder(pobj, actors, quote)
                elif child.dep_ in ("dobj", "dative") and not passive:
                    if trigger.lemma_.lower() in TOPIC_VERBS:
                        continue  # "met to discuss the PKK rebels": a topic, not a party
                    targets += self._expand(child, actors, quote, explicit=True, descend=True)
            if not targets and not passive:
                for shared in _shared_objects(trigger):  # "beat and detained protesters"
                    targets += self._expand(shared, actors, quote, explicit=True, descend=True)
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
            if not sources and not has_subject and trigger.tag_ == "VBG":
                # "fighting between Hamas and Fatah killed dozens": a gerund's sides
                parties = self._between({trigger}, actors, quote)
                sources = parties if len(parties) > 1 else []
            if not sources and not has_subject and not participial:
                # ("Asked about the deal, Smith said": Smith was asked; he did not ask.)
                sources = self._climb(clauses.infinitive_to(trigger) or trigger, actors, quote)
            if not targets and participial and trigger.dep_ == "acl":
                # "soldiers killed in Ukraine", "prisoners freed by Israel": the participle's
                # noun is what the act was done to.
                targets = self._expand(trigger.head, actors, quote, explicit=True)
            if not targets:
                targets = self._prep_targets(trigger, pattern, actors, quote)
            if not targets or (pattern.words[0] != "be" and all(_locative(t) for t in targets)):
                # "offered to hand over to Britain", "threatened to break relations with
                # Russia", "opened fire to disperse demonstrators", "rallied in Tehran to
                # denounce the United States": the target sits in the clause the verb
                # governs, or in its purpose clause, rather than in the place of the act
                # ("was at the summit to see Merkel" is no visit to Merkel, though: a copula
                # takes a place).
                governed = [
                    c
                    for c in trigger.children
                    if clauses.governed_clause(c)
                    and (c.dep_ == "xcomp" or pattern.words[0] != "be")
                ]
                aimed: list[Participant] = []
                for clause in governed:
                    for child in clause.children:
                        if (
                            child.dep_ in ("dobj", "dative")
                            and clause.lemma_.lower() not in TOPIC_VERBS
                        ):
                            aimed += self._expand(
                                child, actors, quote, explicit=False, descend=True
                            )
                    if not aimed:
                        aimed = [
                            Participant(t.token, t.actor, False)
                            for t in self._prep_targets(
                                clause, pattern, actors, quote, DEFAULT_PREPS
                            )
                        ]
                targets = aimed or targets
            if not targets and pattern.code[:2] == THREATEN_ROOT:
                # "threatened to walk out if the United States deploys missiles": the threat
                # is aimed at whoever the condition is about.
                complements = [
                    clause
                    for verb in (trigger, *trigger.children)
                    for clause in verb.children
                    if clause.dep_ == "advcl"
                    and any(m.lower_ in ("if", "unless") for m in clause.children)
                ]
                targets = self._clause_subjects(complements, actors, quote)
            if not targets:
                # "launched a mediation effort between Chile and Peru".
                objects = [c for c in trigger.children if c.dep_ == "dobj"]
                targets = self._between([trigger, *objects], actors, quote)
            if not targets and pattern.code[:2] in CLAUSAL_TARGET_ROOTS:
                # "demanded that the US cancel ...": the target is the clause's subject.
                complements = [c for c in trigger.children if c.dep_ == "ccomp"]
                targets = self._clause_subjects(complements, actors, quote)
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
            sources, targets = self._noun_participants(trigger, pattern, actors, quote)
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
        homes = {(s.actor.code or "")[:3] for s in sources} - {"---"}
        if targets and all(
            _own(t.token) and (t.actor.code or "")[:3] in homes | {"---"} for t in targets
        ):
            # "Syria offered its troops to Lebanon": the troops are the source's own; the
            # target is the prepositional one ("met his Algerian counterpart" is not).
            targets = self._prep_targets(trigger, pattern, actors, quote)
        elif (
            pattern.code[:2] in DEPLOYMENT_ROOTS
            and targets
            and all(_instrument(t) for t in targets)
        ):
            # "Kenya plans to deploy troops to Somalia": forces of no stated country that
            # are sent or pulled out are the source's; the target is where they go.
            targets = self._prep_targets(trigger, pattern, actors, quote) or targets
        if targets and all((t.actor.code or "")[:3] in homes for t in targets):
            # "the US provided military intelligence to Macedonia": the source's own people
            # or assets are what is given; a foreign prepositional target is the target.
            abroad = [
                t
                for t in self._prep_targets(trigger, pattern, actors, quote)
                if (t.actor.code or "")[:3] not in homes
            ]
            targets = abroad or targets
        return sources, targets

    def _noun_participants(
        self, trigger: Token, pattern: Pattern, actors: ActorIndex, quote: Quote | None
    ) -> tuple[list[Participant], list[Participant]]:
        """Who does the act an event noun names: its possessor or by-agent ("Iran's attack",
        "an attack by Iran"), or the subject of the light verb it is the object of ("held
        talks", "reiterated its demand"); to whom: a prepositional target, the parties
        "between" which it happens, or the subject of the that-clause of a demand."""
        sources: list[Participant] = []
        # "a mediation effort between ...": the noun may be a compound of the phrase's head.
        phrase = (
            trigger.head if trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN" else trigger
        )
        for child in trigger.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < trigger.i:
                if child.dep_ in ("compound", "nmod") and _names_a_town(child, actors):
                    continue  # "the Benghazi attack", "the Kabul bombing": where, not who
                sources += self._expand(child, actors, quote, explicit=True)
            elif child.dep_ == "prep" and child.lower_ == "by":
                for pobj in child.children:
                    sources += self._expand(pobj, actors, quote, explicit=True)
        targets = self._prep_targets(trigger, pattern, actors, quote)
        if not sources and "from" not in pattern.preps:
            # "pressure from Washington", "criticism from Beijing": where 'from' introduces
            # no target, it names who acts, and the target is who faces the act.
            for prep in trigger.children:
                if prep.dep_ == "prep" and prep.lower_ == "from":
                    for pobj in prep.children:
                        sources += self._expand(pobj, actors, quote, explicit=True, descend=True)
            if sources and not targets:
                targets = self._recipient(phrase, actors, quote)
        if not sources and _carried_out(phrase):
            sources = self._climb(phrase, actors, quote)
        parties = self._between({trigger, phrase}, actors, quote)
        if parties and sources:
            # "Qatar launched a mediation effort between the Emirates and Saudi Arabia".
            targets = targets or parties
        elif parties:
            # "talks between Iran and Tajikistan": both sides act; coded both ways.
            sources = parties
            if len(sources) > 1:
                targets = []
        if not targets and pattern.code[:2] in CLAUSAL_TARGET_ROOTS:
            # "renewed its demand that Sudan release ...": the clause hangs on the noun, or
            # on the verb the noun is the object of.
            complements = [c for c in trigger.children if c.dep_ in ("acl", "ccomp")]
            if phrase.dep_ == "dobj":
                complements += [c for c in phrase.head.children if c.dep_ == "ccomp"]
            targets = self._clause_subjects(complements, actors, quote)
        if not targets and trigger.dep_ in ("nsubj",):
            # "US sanctions force Iran ...": the event noun acts on the verb's object.
            for child in trigger.head.children:
                if child.dep_ == "dobj":
                    targets += self._expand(child, actors, quote, explicit=False)
        return sources, targets

    def _event_place(
        self, verb: Token, actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """The country an attended event is named after: "the Beijing Olympics"."""
        found = []
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            for child in obj.children:
                if child.dep_ in ("compound", "nmod") and _names_a_town(child, actors):
                    actor = actors.at(child)
                    if actor is not None and actor.code:
                        found.append(
                            Participant(child, EventActor(child.text, actor.code[:3]), False)
                        )
        return found

    def _affected(
        self,
        trigger: Token,
        sources: list[Participant],
        actors: ActorIndex,
        quote: Quote | None,
        places: list[Place],
    ) -> list[Participant]:
        """Whom an act about another event is aimed at: those the event befell. "al-Shabab
        claimed responsibility for an attack on Kenyan police" (KENCOP), "expressed sorrow for
        the shootings in South Carolina" (USA, the country where they happened)."""
        holders = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
        homes = {s.actor.code for s in sources}
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ != "prep" or prep.lower_ not in ABOUT_PREPS:
                    continue
                for event in (c for c in prep.children if c.dep_ == "pobj"):
                    pattern = self.match(event)
                    if pattern is not None and pattern.pos == "noun":
                        found = self._prep_targets(event, pattern, actors, quote)
                        found = [t for t in found if t.actor.code not in homes]
                        if found:
                            return [Participant(t.token, t.actor, False) for t in found]
                    for place in places:
                        inside = event.left_edge.idx <= place.start < event.right_edge.idx + 1
                        if inside and place.country and len(place.country) == 3:
                            actor = EventActor(place.text, place.country)
                            return [Participant(event, actor, explicit=False, from_place=True)]
        return []

    def _author(
        self, trigger: Token, actors: ActorIndex, quote: Quote | None, places: list[Place]
    ) -> list[Participant]:
        """Who speaks through a document that is the subject: an actor its own phrase names
        ("a Rwandan report", "a report by the commission"), else the country where the
        phrase says it was released ("a report released in the Rwandan capital alleged")."""
        subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lemma_.lower() not in DOCUMENT_NOUNS:
            return []
        # Who issued it, not what it is about ("a report on Iran" is no Iranian report).
        issuers = [c for c in subject.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        for child in subject.children:
            preps = [child] if child.dep_ == "prep" else []
            if child.dep_ == "acl":  # "released in Kigali", "issued by the commission"
                preps = [c for c in child.children if c.dep_ in ("prep", "agent")]
            issuers += [
                pobj
                for prep in preps
                if prep.lower_ in ("by", "from", "in")
                and (prep.lower_ != "in" or child.dep_ == "acl")
                for pobj in prep.children
            ]
        words = [w for issuer in issuers for w in issuer.subtree]
        for word in words:
            actor = self._actor_of(word, actors, quote, descend=False)
            if actor is not None:
                return [Participant(word, actor, explicit=False)]
        for place in places:
            if (
                any(w.idx == place.start for w in words)
                and place.country
                and len(place.country) == 3
            ):
                actor = EventActor(place.text, place.country)
                return [Participant(subject, actor, explicit=False, from_place=True)]
        return []

    def _wielder(self, means: Token, actors: ActorIndex, quote: Quote | None) -> list[Participant]:
        """Who used the means an act was done by: "shot down by a missile fired by separatist
        rebels", "wounded by a bomb planted by militants", "a missile believed to have been
        launched by the army"."""
        clauses_ = [c for c in means.children if c.dep_ in ("acl", "relcl")]
        for _ in range(3):
            deeper = []
            for verb in clauses_:
                for child in verb.children:
                    if child.dep_ == "agent":
                        for pobj in child.children:
                            found = self._expand(pobj, actors, quote, explicit=False)
                            if found:
                                return found
                    elif child.dep_ in ("xcomp", "ccomp", "acl"):
                        deeper.append(child)
            clauses_ = deeper
        return []

    def _recipient(self, noun: Token, actors: ActorIndex, quote: Quote | None) -> list[Participant]:
        """Who undergoes what a noun names: the subject of the verb it is the object of, or
        of the clause whose preposition holds it ("Japan faces pressure", "Egypt is under
        pressure")."""
        verb = noun.head
        if noun.dep_ == "pobj" and noun.head.lower_ == "under":
            verb = noun.head.head  # "is under pressure", "came under pressure"
        elif noun.dep_ != "dobj":
            return []  # ("a reaction to pressure from Washington": whose, the clause says not)
        if verb.pos_ not in ("VERB", "AUX"):
            return []
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return self._expand(child, actors, quote, explicit=False)
        return []

    def _owner(
        self, token: Token, actors: ActorIndex, quote: Quote | None, depth: int = 0
    ) -> list[Participant]:
        """The actor a subject that is no actor belongs to: "Israeli army bulldozers",
        "Muslim hackers", "the first deployment of NATO troops", "doctors from American aid
        groups", "a camp for Congolese refugees". Only modifiers and of/from/for phrases: "a
        report on Iran" is not Iran's."""
        if token.pos_ not in ("NOUN", "PROPN") or depth > 1:
            return []
        event_noun = bool(self.patterns.candidates("noun", token.lemma_.lower()))
        for child in token.children:
            if event_noun and child.dep_ in ("compound", "nmod") and _names_a_town(child, actors):
                continue  # "the Mosul bombing killed ...": where it happened, not whose
            # ("his fellow Missourians" are not his: a pronoun owner is left alone)
            if child.dep_ in ("compound", "amod", "nmod", "poss") and child.pos_ != "PRON":
                actor = self._actor_of(child, actors, quote, descend=False)
                if actor is not None:
                    return [Participant(child, actor, explicit=False)]
        for prep in token.children:
            # "a report by Amnesty International alleged ...": the author is the owner.
            if prep.dep_ in ("prep", "agent") and prep.lower_ in ("of", "from", "for", "by"):
                for pobj in prep.children:
                    found = self._expand(pobj, actors, quote, explicit=False)
                    found = found or self._owner(pobj, actors, quote, depth + 1)
                    if found:
                        return found
        return []

    def _between(
        self, holders: Iterable[Token], actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """The actors a "between" phrase of these words names: "talks between A and B"."""
        return [
            found
            for holder in holders
            for prep in holder.children
            if prep.dep_ == "prep" and prep.lower_ == "between"
            for pobj in prep.children
            for found in self._expand(pobj, actors, quote, explicit=True, descend=True)
        ]

    def _clause_subjects(
        self, complements: list[Token], actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """The actors that are subjects of these clauses: "demanded that the US cancel ..."."""
        found: list[Participant] = []
        for clause in complements:
            for child in clause.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    found += self._expand(child, actors, quote, explicit=False)
        return found

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
            if actor is None:
                found += _both(member, actors, explicit)
                continue
            shared = _shared_countries(member, actor, actors)
            found += [
                Participant(
                    member, EventActor(actor.text, country + (actor.code or "")[3:]), explicit
                )
                for country in shared
            ] or [Participant(member, actor, explicit)]
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
        for appos in (c for c in token.children if c.dep_ == "appos"):
            # "The International Labor Office (ILO)", "Sheikh Hamad, Qatar's emir": an
            # apposition names the same actor.
            named = actors.at(appos)
            if (
                named is not None
                and named.code
                and named.code != "---"
                and named.kind not in ("country", "metonym")  # a dateline: "GAZA, Palestine:"
            ):
                return _event_actor(named)
        if not descend or depth > 2:
            return None
        # "attacks on Afghanistan's Shia minority": look inside the phrase. A possessive
        # pronoun is left alone: "his commitment to the Zambian people" is to the people,
        # and "his" is mostly the subject itself.
        for child in token.children:
            pronoun = child.dep_ == "poss" and child.lower_ in ("his", "her", "its", "their")
            if child.dep_ in ("poss", "compound", "appos", "amod", "nmod") and not pronoun:
                found = self._actor_of(child, actors, quote, descend=True, depth=depth + 1)
                if found:
                    return found
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in DESCENT_PREPS:
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
        if trigger.pos_ == "VERB":
            holders += _particles(trigger)  # "pulled out of Mali", "backed out of the deal"
        if trigger.dep_ in ("compound", "nmod") and trigger.head.pos_ == "NOUN":
            # "a mediation effort between ...", "export(nmod) equipment to ...": the
            # phrase's head noun carries the prepositions.
            holders.append(trigger.head)
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
                controller = _controller(current) if current.dep_ in ("xcomp", "ccomp") else None
                if controller is not None:
                    # "urged Iran to release", "called on Russia to withdraw": the one asked
                    # is the one who would act.
                    found = self._expand(controller, actors, quote, explicit=False)
                    if found:
                        return found
                # "Obama is scheduled to attend", "Iraq was forced to withdraw": the passive
                # subject of a control verb does what its complement says.
                agents = ("nsubj", "nsubjpass") if current.dep_ == "xcomp" else ("nsubj",)
                for child in head.children:
                    if child.dep_ in agents:
                        return self._expand(child, actors, quote, explicit=False)
            current = head
        return []


def _same_side(code: str, other: str) -> bool:
    """Whether two actor codes are one side: the same country, and either one is the country
    itself or both are organs of its state ("the US claimed it bombed", "Turkish officials
    said Turkish troops shelled"); a state and its rebels are not."""
    if code[:3] != other[:3] or code[:3] in ("", "---"):
        return False
    sectors = {code[3:6], other[3:6]}
    return "" in sectors or sectors <= scene.STATE_SECTORS | {"MIL", "SPY"}


def _would_not(trigger: Token, sent: Span) -> bool:
    """ "China would not give permission": outside a condition, a negated "would" is a
    refusal, not a supposition."""
    return any(
        c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in trigger.children
    ) and not any(t.lower_ in ("if", "unless", "whether") for t in sent)


def _carried_out(noun: Token) -> bool:
    """Whether an event noun is done by the subject of the verb that governs it: a light verb
    ("held talks", "launched strikes") or a verb of taking part ("joined the protest",
    "converged for a rally", "participated in the talks")."""
    if noun.dep_ == "dobj":
        return noun.head.lemma_.lower() in LIGHT_VERBS | PARTICIPATION_VERBS
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        verb = noun.head.head.lemma_.lower()
        # "negotiators returned to Geneva for talks", "arrived for the summit"
        coming = verb in COMING_VERBS and noun.head.lower_ == "for"
        return verb in PARTICIPATION_VERBS or coming
    return False


def _visitor(token: Token, actors: ActorIndex) -> bool:
    """Whether a participant can pay a visit: a person, or officials ("a government
    delegation"); not a state, a capital standing for its government, troops or crowds."""
    actor = actors.at(token)
    if actor is None:
        return True  # carried from elsewhere (a pronoun's antecedent): leave it be
    return actor.kind == "person" or (
        actor.kind not in ("country", "metonym") and actor.sector in VISITOR_SECTORS
    )


def _not_a_request(verb: Token) -> bool:
    """A verb of asking or calling that asks for no act: a question ("asked whether ...")
    or a name ("called the night a solid win")."""
    return clauses.asks_a_question(verb) or clauses.names_something(verb)


def _names_a_town(token: Token, actors: ActorIndex) -> bool:
    """Whether a modifier names a town or region (or a capital standing for its government),
    which before an event noun says where it happened: "the Benghazi attack"."""
    actor = actors.at(token)
    return actor is not None and actor.kind in ("place", "metonym")


def _figurative(noun: Token, actors: ActorIndex) -> bool:
    """An event noun of violence aimed at an idea: "a war on religion", "the attack on
    democracy" — a bare singular common noun that names no actor, unlike "an attack on the
    embassy" or "a war on Iraq"."""
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("on", "against"):
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj" and pobj.lemma_.lower() in ABSTRACT_TARGETS:
                return True  # "Russia's attack on our democracy"
            if (
                pobj.dep_ == "pobj"
                and pobj.tag_ == "NN"
                and not pobj.ent_type_
                and not any(c.dep_ in ("det", "poss", "nummod") for c in pobj.children)
                and actors.at(pobj) is None
            ):
                return True
    return False


def _equipment_in(trigger: Token, equipment: list[Equipment]) -> list[str]:
    """Equipment named in the trigger's clause: "produce drones, named Ababil-2, for ..."."""
    start, end = clauses.clause_span(trigger)
    return [e.name for e in equipment if start <= e.start < end]


def _instrument(target: Participant) -> bool:
    """Armed forces named with no country as a verb's object: what is deployed or moved."""
    code = target.actor.code or ""
    return code.startswith("---") and code[3:6] in ("MIL", "COP") and target.token.dep_ == "dobj"


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


def _controller(clause: Token) -> Token | None:
    """Who is to do what a request or order governs: its object ("urged Iran to release",
    "asked Pakistan to arrest", "called on Russia to withdraw")."""
    verb = clause.head
    if verb.lemma_.lower() not in clauses.REQUEST_HEADS | OBJECT_CONTROL_VERBS:
        return None
    if clause.dep_ == "ccomp" and not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    ):
        return None  # "demanded that Sudan release": the clause has its own subject
    return object_before(verb, clause)


def _verbal_attack(
    trigger: Token, sources: list[Participant], targets: list[Participant], actors: ActorIndex
) -> bool:
    """Whether an "attack" is one of words: made by people or bodies that carry no arms on
    people or institutions that carry none, with no weapon or violence in the clause
    ("the senator attacked the bill's sponsors", "renewed his attack on the Justice
    Department"); a state, an army or rebels attack with force."""
    if trigger.lemma_.lower() not in VERBAL_ATTACK_WORDS or not sources or not targets:
        return False
    if _military(trigger) or {t.lemma_.lower() for t in trigger.subtree} & scene.VIOLENCE_NOUNS - {
        "attack"
    }:
        return False

    def unarmed(participant: Participant, sectors: set[str]) -> bool:
        code = participant.actor.code or ""
        sector = code_sector(code) if len(code) > 3 else None
        named = actors.at(participant.token)
        if named is not None and named.kind == "person" and sector and sector not in ARMED:
            return True  # a politician, a judge, a commentator
        return sector in sectors

    return all(unarmed(s, UNARMED_SECTORS) for s in sources) and all(
        unarmed(t, UNARMED_SECTORS | {"GOV"}) for t in targets
    )


def _locative(target: Participant) -> bool:
    """Whether a target only says where the act happened: "in Baghdad", "signed the agreement
    in Baghdad", "at Camp David"."""
    return any(
        word.dep_ == "pobj" and word.head.lower_ in LOCATIVE_PREPS
        for word in target.token.subtree
        if word.text == ((target.actor.text or "").split() or [""])[-1]
    )


def _each_other(trigger: Token) -> bool:
    """Whether the act is aimed at "each other" or "one another"."""
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "dative")]
    objects += [pobj for prep in trigger.children if prep.dep_ == "prep" for pobj in prep.children]
    pairs = {("each", "other"), ("one", "another")}
    return any(
        (c.lower_, word.lower_) in pairs or (word.lower_, c.lower_) in pairs
        for word in objects
        for c in word.children
    )


def _linked(one: Token, other: Token) -> bool:
    """Whether one trigger governs the other directly."""
    return one.i == other.head.i or one.head.i == other.i


def _comitative(token: Token) -> bool:
    """Whether a word is the partner of a "with" phrase ("talks with Lebanon's president")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "with"


def _prefixed_lemma(token: Token) -> str | None:
    """The lemma with the prefix the tokenizer split off: "re-examine" is three tokens, "re",
    "-" and "examine"; the lexicon lists "re-examine"."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].text != "-":
        return None
    prefix, hyphen = doc[token.i - 2], doc[token.i - 1]
    if prefix.whitespace_ or hyphen.whitespace_ or not prefix.is_alpha:
        return None
    return f"{prefix.lower_}-{token.lemma_.lower()}"


def _dateline(token: Token) -> bool:
    """Whether a word is the dateline a story opens with ("BAGHDAD, April 8 -",
    "MOSCOW (Reuters) -"), which the parser may take for a subject."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (
        token.i == token.sent.start
        and token.text.isupper()
        and following is not None
        and (following.text in DATELINE_MARKS or following.text == ",")
    )


def _run_on_subjects(verb: Token) -> list[tuple[Token, Token]]:
    """Adjacent subjects a parse split from one phrase: in "the Somali militant group
    al-Shabab claimed" both "group" and "al-Shabab" hang on the verb; the later one, the name,
    is the actor when it is one."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return [
        (first, second)
        for first, second in itertools.pairwise(subjects)
        if first.right_edge.i + 1 == second.left_edge.i
    ]


def _both(token: Token, actors: ActorIndex, explicit: bool) -> list[Participant]:
    """The two countries "both countries" or "the two states" stand for: the last two named
    before it ("Iran opened a factory in Tajikistan ... both states are wary")."""
    if token.lemma_.lower() not in PAIR_NOUNS or not any(
        c.lower_ in ("both", "two") for c in token.children
    ):
        return []
    codes: list[str] = []
    for actor in reversed(actors.actors):  # in text order
        if actor.start < token.idx and actor.kind == "country" and actor.code not in codes:
            codes.append(actor.code)
        if len(codes) == 2:
            return [Participant(token, EventActor(token.text, code), explicit) for code in codes]
    return []


def _shared_countries(token: Token, actor: EventActor, actors: ActorIndex) -> list[str]:
    """The countries of conjoined modifiers that share one noun: "US and British activists",
    "French, German and Italian troops" are actors of each country, with one sector."""
    code = actor.code or ""
    modifiers = [
        c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i
    ]
    countries: list[str] = []
    for word in (w for m in modifiers for w in (m, *m.conjuncts)):
        named = actors.at(word)
        if named is not None and named.kind == "country" and named.code not in countries:
            countries.append(named.code)
    if len(countries) < 2 or code[:3] not in countries:
        return []
    return countries


def _event_actor(actor: Actor) -> EventActor:
    return EventActor(actor.text, actor.code)


def _object_lemmas(token: Token) -> set[str]:
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ == "npadvmod":
            lemmas.add(child.lemma_.lower())  # "test-fired": "test" modifies "fired"
        if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "dative", "xcomp", "advmod"):
            lemmas.add(child.lemma_.lower())
            if child.dep_ == "dobj":
                # "expelled diplomats and journalists"; "seized Kidal"
                lemmas.update(c.lemma_.lower() for c in child.conjuncts)
                lemmas.update(_place_object(c) for c in (child, *child.conjuncts))
            for grandchild in child.children:
                if grandchild.dep_ in ("compound", "amod"):
                    lemmas.add(grandchild.lemma_.lower())
                elif grandchild.dep_ == "prep" and grandchild.lower_ == "of":
                    for pobj in grandchild.children:  # "tons of food aid"
                        lemmas.add(pobj.lemma_.lower())
                        if child.dep_ == "dobj":
                            lemmas.add(_place_object(pobj))  # "took control of Kidal"
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
                if pobj.dep_ == "prep":  # "pulled out(prep) of the treaty"
                    lemmas.update(g.lemma_.lower() for g in pobj.children if g.dep_ == "pobj")
    lemmas.discard("")
    return lemmas


def _place_object(token: Token) -> str:
    """The entity class ("@place", "@group") of a named object, or of the of-phrase that
    names it ("the town of Kidal", "the government of Kosovo"), which a pattern's
    "+@place" or "+@group" matches; else ""."""
    if token.ent_type_ in ENTITY_OBJECTS:
        return ENTITY_OBJECTS[token.ent_type_]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.ent_type_ in ENTITY_OBJECTS:
                    return ENTITY_OBJECTS[pobj.ent_type_]
    return ""


def _military(trigger: Token) -> bool:
    """Whether the trigger's clause is about military matters: its own words, and for an
    event noun carried by a light verb, the verb's subject ("American forces launched a
    strike")."""
    words = list(trigger.subtree)
    if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in LIGHT_VERBS:
        for subject in trigger.head.children:
            if subject.dep_ in ("nsubj", "nsubjpass"):
                words += list(subject.subtree)
    return any(_military_word(t) for t in words)


def _military_word(token: Token) -> bool:
    """A military noun or adjective ("troops", "naval", "armed"); "air" and "aerial" only as a
    modifier ("air strike"); never a verb ("forced to")."""
    lemma = token.lemma_.lower()
    if lemma in MILITARY_MODIFIERS:
        return token.dep_ in ("compound", "amod", "nmod")
    return lemma in MILITARY_LEMMAS and (token.pos_ != "VERB" or lemma == "armed")


def _particles(verb: Token) -> list[Token]:
    """A verb's particles: those the parser marks ("carry out"), and particle words it reads
    as an adverb or an object-less preposition right after the verb ("sent back refugees",
    "pulled out of Mali")."""
    found = []
    for child in verb.children:
        if child.dep_ == "prt":
            found.append(child)
        elif (
            child.dep_ in ("advmod", "prep")
            and child.lower_ in PARTICLE_WORDS
            and verb.i < child.i <= verb.i + 3
            and not any(c.dep_ == "pobj" for c in child.children)
        ):
            found.append(child)
    return found


def _shared_objects(verb: Token) -> list[Token]:
    """The object a verb without one shares with a verb it is coordinated with: "beat and
    detained protesters", "detained and beat protesters" (where the parser may hang the
    object on the first verb)."""
    if any(c.dep_ == "dobj" for c in verb.children) or verb.pos_ != "VERB":
        return []
    partners = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        partners.append(verb.head)
    return [
        obj
        for partner in partners
        for obj in partner.children
        if obj.dep_ == "dobj" and obj.i > verb.i
    ]


def _shared_object_lemmas(verb: Token) -> set[str]:
    return {o.lemma_.lower() for obj in _shared_objects(verb) for o in (obj, *obj.conjuncts)}


def _modifier_lemmas(noun: Token) -> set[str]:
    """The words that say what kind of event a noun is: its compound and adjective
    modifiers ("air strike", "hunger strike", "arms shipments")."""
    return {
        c.lemma_.lower()
        for c in noun.children
        if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i
    }


def _adjectival(verb: Token) -> bool:
    """A participle used as an adjective ("pressing business", "better financed candidates")
    names no act. A past participle modifying an actor ("the detained protesters") still
    tells what was done to them, and a verb the parser misread as a modifier keeps its
    subject ("Iran has backed(amod) Afghanistan's Tajiks")."""
    if verb.dep_ != "amod" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    return verb.tag_ != "VBN" or verb.head.pos_ not in ("NOUN", "PROPN")


def _quote_at(quotes: list[Quote], offset: int) -> Quote | None:
    for quote in quotes:
        if quote.start <= offset < quote.end and quote.speaker.get("code"):
            return quote
    return None
