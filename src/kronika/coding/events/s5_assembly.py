"""Step 5 — assembly: from a trigger and its sides to event records.

Applies the CAMEO conventions that depend on both sides (visits only by visitors, verbal
attacks, refusals as rejections, intent codes, acts coded both ways), fills a missing target
from the scene, and gives each event its date, place, modality and confidence."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

from ...annotate.actors import ActorIndex, code_sector
from ...records import Equipment, Event, EventActor
from ...records import Span as TextSpan
from .. import petrarch
from ..offsets import Indexed
from ..patterns import NO_EVENT, Pattern
from . import clauses
from . import s4_context as context
from .s1_frames import figurative_target, military_clause, not_a_request
from .s2_participants import COMING_VERBS, PARTICIPATION_VERBS, comitative, locative, quote_at
from .s3_implicit import (
    ABOUT_EVENT_CODES,
    IMPLICIT_AGENT,
    IMPLICIT_DEPLOYER,
    IMPLICIT_JAILERS,
    TORTURE,
    UNDOING_VERBS,
    ImplicitAgents,
)
from .s4_context import VIOLENT_ROOTS, Participant, Setting

# Sectors of the groups whose being somewhere is a visit: officials and diplomats.
VISITOR_SECTORS = {"GOV", "ELI", "LEG", "DIP", "IGO"}


# Verbs of going or being somewhere, which are a visit (042) only for visitors (_visitor).
MOVEMENT_VERBS = COMING_VERBS | {"be", "land", "leave"}

SYMMETRIC_ROOTS = {"03", "04", "05", "06"}

REQUEST_ROOTS = {"02", "10"}  # appeals and demands

HOSTED_VISIT, VISIT = "043", "042"  # "receive a visit" implies the guest's "make a visit"
# Acts that go to a place from elsewhere: aid.
GIVING_ROOTS = {"07"}

# Cooperation roots whose negation CAMEO codes as a rejection (12).
NEGATED_TO_REJECT = {"03", "04", "05", "06", "07", "08"}

# Words of cooperation whose absence is silence, not a rejection: not praising, defending,
# rallying support, apologizing or forgiving ("has not apologized").
UNREFUSED_CODES = {"051", "052", "053", "055", "056"}

# What a refusal to yield is, by what was not yielded, as CAMEO pairs them: not lifting a
# ban (081 → 1241), not releasing prisoners (084 → 1243), not lifting an embargo (085 →
# 1244), not stepping down (0831 → 1231), and the same for the intents to yield (035x).
REFUSED_YIELDS = {
    "08": "124",
    "081": "1241",
    "082": "1242",
    "083": "123",
    "0831": "1231",
    "0832": "1232",
    "0833": "1233",
    "0834": "1234",
    "084": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
    "035": "124",
    "0351": "1241",
    "0352": "1242",
    "0353": "1243",
    "0354": "1244",
    "0355": "1245",
    "0356": "1246",
}


def refused_yield(code: str) -> str | None:
    """The CAMEO refusal (123x, 124x) of a yielding act or intent, if ``code`` is one."""
    for prefix in (code, code[:3], code[:2]):
        if prefix in REFUSED_YIELDS and (prefix != "08" or code[:2] == "08"):
            return REFUSED_YIELDS[prefix]
    return None


# Demands and protests: those who make them against a state are its own people (context.domestic).
PROTEST_ROOTS = {"10", "14"}

# Words of attack that, between unarmed actors, are words: "attacked the bill's sponsors".
VERBAL_ATTACK_WORDS = {"attack", "assault", "hit", "target", "ambush", "battle", "fight"}

ARMED = {"MIL", "REB", "INS", "UAF", "COP", "SPY", "CRM", "SEP"}

UNARMED_SECTORS = {"LEG", "JUD", "PTY", "ELI", "MED", "NGO", "OPP", "EDU", "BUS", "HLH"}

# Verbs whose conjoined subjects, with no object, act on each other.
MUTUAL_VERBS = {"fight", "clash", "battle", "skirmish"}

# Acts that take both sides alike: a negotiation "with" someone is coded both ways, as
# "talks between" them are (not a ratification or a meeting, which one side may do alone).
JOINT_CODES = {"046"}


class EventAssembly(ImplicitAgents):
    def code(
        self,
        trigger: Token,
        pattern: Pattern,
        sent: Span,
        actors: ActorIndex,
        setting: Setting,
    ) -> Iterable[Event]:
        code = pattern.code
        if pattern.military_code and military_clause(trigger):
            code = pattern.military_code
        if code == NO_EVENT:
            # a frame the lexicon marks as not an event ("meet a deadline"), or an event
            # only in a military clause ("take control of": a town, not a company)
            return
        if (
            pattern.pos == "noun"
            and code[:2] in VIOLENT_ROOTS
            and figurative_target(trigger, actors)
        ):
            return  # "a war on religion", "an attack on democracy"
        if pattern.pos == "noun" and _undone(trigger):
            return  # "sanctions were lifted": the lifting is the event, not the sanctions
        if _a_dismissal(trigger, actors):
            return  # "Strzok's firing", "the firing of the attorney general": a dismissal
        quote = quote_at(setting.quotes, trigger.idx)
        sources, targets = self.participants(trigger, pattern, actors, quote)
        if not sources:
            owners, owned = self._nominal_agent(trigger, actors, quote)
            if owners:
                sources, targets = owners, owned
        # A user's PETRARCH dictionary in place of kronika's gives its codes as they are, and
        # a name it does not list is no side (PETRARCH codes only actors it knows).
        verbatim = pattern.petrarch is not None and not self.patterns.builtin
        new_actors = self.patterns.new_actor_length  # PETRARCH's option (`petrarch_side`)
        if verbatim:
            # nor is an actor of the clause a verb reports ("Arnor will ..., an official
            # said": the saying has no target)
            sources = [p for s in sources if (p := petrarch.petrarch_side(s, new_actors))]
            targets = [
                p
                for t in targets
                if not petrarch.reported(t.token, trigger)
                and (p := petrarch.petrarch_side(t, new_actors))
            ]
        if pattern.petrarch is not None:  # a PETRARCH pattern's "$" and "+" say the sides
            sources, targets = petrarch.sides(
                pattern.petrarch,
                sources,
                targets,
                lambda token: [
                    side
                    for p in self._expand(token, actors, quote, explicit=True)
                    if (side := petrarch.petrarch_side(p, new_actors) if verbatim else p)
                ],
                trigger if not self.patterns.builtin else None,
            )
        act_root = code[:2]  # the act itself, before intent or refusal recode it
        if not targets and not verbatim:
            targets = self._sufferers(trigger, actors, quote)
        if not sources:
            sources = context.unattributed(trigger, code, targets, setting.places)
        if not sources:
            sources = context.released_at(trigger, code, setting.places)
        if not sources:
            sources = context.expelled_from(trigger, code, setting.places)
        if not sources:
            sources = self._author(trigger, actors, quote, setting.places)
        implicit = ""
        if not sources:
            sources = self._implicit_police(trigger, code, targets)
            implicit = (IMPLICIT_JAILERS if code == TORTURE else IMPLICIT_AGENT) if sources else ""
        if not sources:
            sources = self._deployed(trigger, code, actors, quote)
            implicit = IMPLICIT_DEPLOYER if sources else implicit
        if not sources:
            return
        if code[:2] == "15" and _peacekeeping(trigger, sources):
            code = PEACEKEEPING  # "deployed 230 troops to Liberia on a peacekeeping mission"
        if code == VISIT and pattern.words[0] in MOVEMENT_VERBS:
            # Going somewhere is a visit only for people who visit: "troops arrived in
            # Mali" is a deployment, "refugees arrived in Greece" a flight. Peacekeepers
            # arriving somewhere provide peacekeeping there (074), as CAMEO codes it.
            visitors = [s for s in sources if _visitor(s, actors)]
            if not visitors and _peacekeeping(trigger, sources):
                code = PEACEKEEPING
            elif not visitors:
                return
            else:
                sources = visitors
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
        if (
            code[:2] in COMMERCE_ROOTS
            and self.patterns.builtin
            and sources
            and _commerce([*sources, *targets], actors)
        ):
            # "National Beverage Corp agreed to acquire ...": commerce between firms, or
            # between a firm and a name known as nothing else ("ILFC Corp is negotiating with
            # Airbus")
            return
        if code[:2] in REQUEST_ROOTS and not verbatim and not_a_request(trigger):
            return  # "asked whether the deal would hold" wants an answer, not an act
        negated = clauses.negated(trigger)
        modality = clauses.modality(trigger)
        rule_note = ""
        if (
            code[:2] in VIOLENT_ROOTS
            and not verbatim
            and _verbal_attack(trigger, sources, targets, actors)
        ):
            # "Trump renewed his attack on the Justice Department": words, not force
            code, rule_note = "111", " verbal"
        if (
            code[:2] in VIOLENT_ROOTS
            and not verbatim
            and not targets
            and _verbal_attack(trigger, sources, targets, actors, aimed=False)
        ):
            if not any(c.dep_ == "dobj" for c in trigger.children):
                return  # "he will continue fighting for the issues": no arms, at no one
        # A refusal is of cooperation offered to someone: "will not accept refugees from
        # Iraq", not "has not apologized"; nor is it the purpose of a denied act.
        # ("The US and Korea failed to reach agreement": each is the other's target.)
        mutual_refusal = False
        # (an adverbial clause is a purpose or a condition, unless it is what was made clear)
        main_clause = trigger.dep_ != "advcl" or clauses.made_clear(trigger)
        refusal = (
            negated
            and main_clause
            and (
                bool(targets)
                or (len(sources) > 1 and modality == "asserted")
                or _will_not(trigger, sent)  # "Bangladesh will not accept refugees"
            )
        )
        yielded = refused_yield(code)
        if (
            negated
            and yielded
            and not verbatim
            and main_clause
            and (modality in ("asserted", "intent") or _would_not(trigger, sent))
        ):
            # "will not lift the embargo until ...", "declined to resign": a refusal to
            # yield, whether or not the sentence names to whom.
            code, negated, modality, rule_note = yielded, False, "asserted", " negated→refuse"
            refusal = False
        if (
            refusal
            and not verbatim
            and code[:2] in NEGATED_TO_REJECT
            and code not in UNREFUSED_CODES
            and (modality in ("asserted", "intent") or _would_not(trigger, sent))
        ):
            # CAMEO codes a refusal to cooperate as a rejection: "will not accept refugees".
            code, negated, modality, rule_note = "120", False, "asserted", " negated→reject"
            mutual_refusal = not targets
        if modality == "intent" and not verbatim:
            code = self.cameo.intent(code) or code
        entry = self.cameo[code] if code in self.cameo else self.cameo[code[:2]]
        event_date = context.date_for(trigger, setting.dates) or setting.date
        location = context.location_for(trigger, setting.places, setting.main_place)
        attribution = dict(quote.speaker) if quote else None
        home_source = home_target = False
        # (with a user's PETRARCH dictionaries in place of kronika's, an actor's code is what
        # they say: "arrested students in Moscow" are ---EDU)
        if not verbatim:
            scene = context.scene_country(trigger, setting.places)
            if location and location["from"] in ("clause", "sentence") and scene:
                # "Prisoners rioted at a jail in Dili": people without a stated country take
                # the country of the place where they act. Aid goes to a place: only its
                # recipients are there ("lawmakers voted to fund operations in Afghanistan"
                # are not Afghan).
                if act_root not in GIVING_ROOTS:
                    sources = [context.placed(s, scene) for s in sources]
                targets = [context.placed(t, scene) for t in targets]
                # an agent the passive leaves unnamed is named with the place, as an
                # unidentified attacker is: "police (Rwanda)"
                sources = [context.named_by_place(s, trigger, location["name"]) for s in sources]
            targets = context.domestic(targets, sources)
            if act_root in PROTEST_ROOTS:
                sources = context.domestic(sources, targets)
            if act_root in context.OVERSIGHT_ROOTS:
                sources = context.officials_at_home(sources, targets)
            # Still without a country: the country the article is set in, and the rule says so.
            sources, home_source = context.at_home(sources, setting.main_country)
            targets, home_target = context.at_home(targets, setting.main_country)
        if home_source or home_target:
            sides = " and ".join(
                side for side, home in (("source", home_source), ("target", home_target)) if home
            )
            where = setting.main_country
            rule_note += f" · {sides} country {where} from the article's places and people"
        if all(context.same_actor(s.actor, t.actor) for s in sources for t in targets):
            # "the Security Council agreed to extend the UN force's mandate": the act stands,
            # with no target rather than the source itself.
            targets = []
        if not targets and code[:3] in ABOUT_EVENT_CODES and not verbatim:
            targets = self._affected(trigger, sources, actors, quote, setting.places)
        symmetric = len(sources) > 1 and (
            (
                code[:2] in SYMMETRIC_ROOTS and (not targets or all(locative(t) for t in targets))
            )  # "US and Iraqi officials signed the agreement in Baghdad"
            or _each_other(trigger)
            or mutual_refusal
            or (pattern.petrarch is not None and pattern.petrarch.compound)
            # "clashes between Indian and Chinese troops": each side fights the other
            or (not targets and any(c.lower_ == "between" for c in trigger.children))
            # "the army and the RSF fought in Khartoum": with each other
            or (
                trigger.lemma_.lower() in MUTUAL_VERBS
                and not any(
                    c.dep_ == "dobj" and c.lemma_.lower() not in ("war", "battle")
                    for c in trigger.children
                )  # ("fought a war" is with each other; "fought the rebels" is not)
                and all(locative(t) for t in targets)
            )
        )  # "Iran and Tajikistan met", "Armenia and Azerbaijan accused each other
        if not targets and not symmetric and not verbatim:
            targets = context.scene_target(trigger, act_root, sources, setting.places)
        if code == VISIT and not targets and not symmetric and not verbatim:
            return  # a visit to no one and nowhere named: "a photo of her visiting the restaurant"
        if pattern.needs_target and not targets and not (symmetric and len(sources) > 1):
            return  # "=target": "helped cut costs", "released its figures" are no events
        if pattern.petrarch is not None and not targets and not symmetric:
            if self.patterns.require_dyad or not verbatim:
                return  # PETRARCH codes an event only between two actors ("require_dyad")
        pairs: list[tuple[Participant, Participant | None]] = []
        if symmetric:
            pairs = [
                (a, b) for a in sources for b in sources if not context.same_actor(a.actor, b.actor)
            ]
            if code[:2] in VIOLENT_ROOTS:
                # "the men and women who have been fighting in Afghanistan" fight side by
                # side: only sides of different codes fight each other
                pairs = [(a, b) for a, b in pairs if b is not None and a.actor.code != b.actor.code]
                if not pairs:
                    pairs = [(s, None) for s in sources[:1]]
        elif targets:
            pairs = [(s, t) for s in sources for t in targets]
            if code[:3] in JOINT_CODES:
                # "X held talks with Y": both sides negotiate, as in "talks between X and Y".
                pairs += [(t, s) for s in sources for t in targets if comitative(t.token)]
        else:
            pairs = [(s, None) for s in sources]
        for source, target in pairs:
            if target is not None and context.same_actor(source.actor, target.actor):
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
            event = Event(
                source=source.actor,
                target=target.actor if target else EventActor(None, None),
                **entry.event_fields(),
                date=event_date,
                location=location,
                negated=negated,
                modality=modality,
                sentence=sent.text.strip(),
                trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger)),
                rule=f"{pattern.id} ({pattern.origin}){rule_note}{implicit}",
                confidence=round(max(0.05, min(confidence, 0.99)), 2),
                attribution=attribution,
            )
            yield event
            if pattern.petrarch is not None:  # "[042:043]": the host's side of a visit too
                yield from petrarch.the_other_way(event, pattern.petrarch, self.cameo)


PEACEKEEPING = "074"  # provide military protection or peacekeeping
PEACEKEEPING_WORDS = ("peacekeep", "blue helmet", "bluehelmet")


def _peacekeeping(trigger: Token, sources: list[Participant]) -> bool:
    """Whether those who arrive somewhere are peacekeepers ("Chinese peacekeepers arrived
    in South Sudan", "troops arrived for the UN peacekeeping mission")."""
    words = " ".join([*(s.actor.text or "" for s in sources), trigger.sent.text]).lower()
    return any(w in words for w in PEACEKEEPING_WORDS)


# Cooperation among firms is commerce, not an event between political actors: agreeing to
# acquire, signing supply contracts, lending, offering services (kronika codes firms' acts
# towards states and people, "Siemens agreed to supply Iran", and their conflicts).
COMMERCE_ROOTS = {"03", "04", "05", "06", "07", "08"}
FIRM_NAME = re.compile(
    r"\b(?:Corp|Corporation|Inc|Co|Cos|Company|Ltd|LLC|plc|PLC|AG|SA|NV|Group|Holdings|Bancorp)\b\.?"
)


def _commerce(sides: list[Participant], actors: ActorIndex) -> bool:
    """Whether the sides of a cooperative act are all firms, or firms and names known as
    nothing else beside a firm that is no person ("ILFC Corp is negotiating with Airbus")."""
    if all(_firm(p) for p in sides):
        return True
    return all(_firm(p) or p.actor.code == "---" for p in sides) and any(
        _firm(p) and not _person(p, actors) for p in sides
    )


def _person(participant: Participant, actors: ActorIndex) -> bool:
    named = actors.at(participant.token)
    return named is not None and named.kind == "person"


def _firm(participant: Participant) -> bool:
    """Whether a side is a business: coded as one, or an unknown name written as a firm's."""
    code = participant.actor.code or ""
    if any(part in code for part in ("GOV", "NGO", "IGO")):
        return False  # a trade official, a central bank, a charity's chief
    if code.startswith("MNC") or code[3:6] == "BUS":
        return True  # a multinational (Phoenix's MNC codes) or a country's business
    return code.startswith("---") and bool(FIRM_NAME.search(participant.actor.text or ""))


def _would_not(trigger: Token, sent: Span) -> bool:
    """ "China would not give permission": outside a condition, a negated "would" is a
    refusal, not a supposition."""
    return any(
        c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in trigger.children
    ) and not any(t.lower_ in ("if", "unless", "whether") for t in sent)


def _will_not(trigger: Token, sent: Span) -> bool:
    """ "Bangladesh will not accept refugees", "will not agree unless ...": a negated "will"
    declares a refusal, as a negated "would" does outside a condition (unlike "is not
    interested in talks", an attitude)."""
    will = any(
        c.dep_ == "aux" and c.lower_ in ("will", "wo", "'ll", "shall") for c in trigger.children
    )
    return will or _would_not(trigger, sent)


def _undone(noun: Token) -> bool:
    """Whether an event noun is the object of a verb that undoes or stops it."""
    return noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in UNDOING_VERBS


def _visitor(participant: Participant, actors: ActorIndex) -> bool:
    """Whether a participant can pay a visit: a person, or officials ("a government
    delegation"); not a state, a capital standing for its government, troops or crowds."""
    actor = actors.at(participant.token)
    if actor is None:
        # carried from elsewhere (a pronoun's antecedent, "hundreds of British troops"):
        # by its sector
        sector = code_sector(participant.actor.code or "") if participant.actor.code else None
        return sector is None or sector in VISITOR_SECTORS
    return actor.kind == "person" or (
        actor.kind not in ("country", "metonym") and actor.sector in VISITOR_SECTORS
    )


def equipment_in(trigger: Token, equipment: list[Equipment]) -> list[str]:
    """Equipment named in the trigger's clause: "produce drones, named Ababil-2, for ..."."""
    start, end = clauses.clause_span(trigger)
    near = equipment.starting_in(start, end) if isinstance(equipment, Indexed) else equipment
    return [e.name for e in near if start <= e.start < end]


def _verbal_attack(
    trigger: Token,
    sources: list[Participant],
    targets: list[Participant],
    actors: ActorIndex,
    *,
    aimed: bool = True,
) -> bool:
    """Whether an "attack" is one of words: made by people or bodies that carry no arms on
    people or institutions that carry none, with no weapon or violence in the clause
    ("the senator attacked the bill's sponsors", "renewed his attack on the Justice
    Department"); a state, an army or rebels attack with force. With `aimed` false, a fight
    aimed at no one is asked about ("vowed to fight for the chance to lead the party")."""
    if trigger.lemma_.lower() not in VERBAL_ATTACK_WORDS or not sources:
        return False
    if aimed and not targets:
        return False
    if military_clause(trigger) or {
        t.lemma_.lower() for t in trigger.subtree
    } & context.VIOLENCE_NOUNS - {"attack", trigger.lemma_.lower()}:
        return False

    def unarmed(participant: Participant, sectors: set[str]) -> bool:
        code = participant.actor.code or ""
        sector = code_sector(code) if len(code) > 3 else None
        named = actors.at(participant.token)
        if named is not None and named.kind == "person" and sector not in ARMED:
            return True  # a politician, a judge, a commentator (or a person of no sector)
        return sector in sectors

    return all(unarmed(s, UNARMED_SECTORS) for s in sources) and all(
        unarmed(t, UNARMED_SECTORS | {"GOV"}) for t in targets
    )


PLACE_ENTITIES = {"GPE", "NORP", "LOC", "FAC"}


def _a_dismissal(trigger: Token, actors: ActorIndex) -> bool:
    """Whether a "firing" is someone's dismissal: a firing whose possessor or of-object is a
    person or an unarmed body ("Strzok's firing", "the firing of the attorney general"),
    unlike "the army's firing on the crowd" or "the firing of rockets"."""
    if trigger.lower_ not in ("firing", "firings"):
        return False
    holders = [c for c in trigger.children if c.dep_ == "poss"]
    holders += clauses.prep_objects(trigger, "of")
    doc = trigger.doc
    if trigger.i >= 2 and doc[trigger.i - 1].tag_ == "POS":
        holders.append(doc[trigger.i - 2])  # "Trump celebrated Strzok's firing", misparsed
    for holder in holders:
        named = actors.at(holder)
        sector = named.sector if named is not None else None
        if sector in ARMED:
            continue
        if holder.ent_type_ == "PERSON" or (named is not None and named.kind == "person"):
            return True
        if sector is not None:
            return True  # "the firing of the attorney general", "of 200 workers"
        unknown = named is None or (named.code or "---").startswith("---")
        if holder.pos_ == "PROPN" and unknown and holder.ent_type_ not in PLACE_ENTITIES:
            return True  # a name no dictionary knows, not a place's: "Strzok's firing"
    return False


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
