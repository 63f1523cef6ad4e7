"""Step 2 — participants: the sources and targets the parse names.

The source is the subject, the by-agent of a passive, the possessor of an event noun, or
the subject of the clause a subject-less verb depends on; the target is the object, a
prepositional object, the subject of a passive or of a governed clause. Coordinated actors
give one participant each, and a phrase that is no actor is searched for the actor it
belongs to."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from spacy.tokens import Token

from ...annotate.actors import DATELINE_MARKS, ActorIndex, object_before
from ...records import Actor, EventActor, Quote
from ..offsets import Indexed
from ..patterns import DEFAULT_PREPS, Pattern
from . import clauses
from .s1_frames import LIGHT_VERBS, Frames, shared_objects, verb_particles
from .s4_context import LOCATIVE_PREPS, Participant

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
# Verbs whose object names an act of their subject's that they make known or bring about:
# "announced a suspension of aid to Egypt", "ordered the arrest of", "approved the
# extradition of", "declared a cessation of hostilities".
ANNOUNCING_VERBS = {
    "announce",
    "declare",
    "order",
    "approve",
    "authorize",
    "authorise",
    "decree",
    "unveil",
    "adopt",
    "implement",
    "enforce",
    "extend",
    "confirm",
    "complete",
    "finalize",
    "finalise",
}
# Verbs whose prepositional object is an act of their subject's: "resorted to firing".
RESORTING_VERBS = {"resort": "to", "engage": "in", "indulge": "in", "turn": "to"}
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

THREATEN_ROOT = "13"

# Codes whose target may be the subject of a clausal complement ("urged that X ...").
CONSULT_ROOT = "04"  # consultations, meetings, mediation
CLAUSAL_TARGET_ROOTS = {"02", "10", "11", "12", "13", "16", "17"}

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

# Nouns that, with "both" or "the two", stand for the last two countries named.
# ("both sides" are often a state and its rebels, not two countries.)
PAIR_NOUNS = {"country", "state", "nation", "government", "neighbour", "neighbor"}

# Verbs whose object is what is talked about, not who is talked with.
TOPIC_VERBS = {"discuss", "debate"}
FIGHT_ROOT = "19"  # fights: clashes, encounters, shootouts
# Verbs whose subject gets what their object names: its giver is the "from" phrase.
RECEIVING_VERBS = {"receive", "obtain", "get", "secure", "win", "gain", "accept", "request"}
# Verbs that move their object somewhere: who or what is sent is no party to the act, the
# place it goes to is ("sent a team of experts to Saudi Arabia").
SENDING_VERBS = {"send", "dispatch", "deploy", "redeploy", "ship", "transfer", "transport"}
DESTINATION_PREPS = ("to", "into")

# Acts whose object may be the source's own forces, sent or pulled out (promised, given,
# withdrawn, deployed): "deployed troops to Somalia" is aimed at Somalia.
DEPLOYMENT_ROOTS = {"03", "07", "08", "15", "16"}

# Force posture (CAMEO 15): mobilizing, reinforcing, alerting forces.
FORCE_POSTURE = "15"

# A body of forces or people sent somewhere, which stands in the country it serves.
MISSION_NOUNS = {"mission", "force", "forces", "operation", "contingent", "deployment"}

WE_PRONOUNS = {"we", "us", "our"}

REFERRING_PRONOUNS = {"it", "they", "he", "she"}


class Participants(Frames):
    def participants(
        self, trigger: Token, pattern: Pattern, actors: ActorIndex, quote: Quote | None
    ) -> tuple[list[Participant], list[Participant]]:
        sources: list[Participant] = []
        targets: list[Participant] = []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
        if pattern.pos == "verb":
            subjects = {
                child.i: self._expand(_beyond_prefix(child), actors, quote, explicit=True)
                or self._owner(_beyond_prefix(child), actors, quote)
                for child in subject_children(trigger)
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
                elif _clause_object(child) and not passive:
                    # "found Britta Nielsen guilty", "helped Haiti rebuild", "supported girls
                    # going to school": the parser makes the one found, helped or supported
                    # the subject of the clause the verb governs
                    for subject in (c for c in child.children if c.dep_ == "nsubj"):
                        targets += self._expand(subject, actors, quote, explicit=True)
            if not targets and not passive:
                for shared in shared_objects(trigger):  # "beat and detained protesters"
                    targets += self._expand(shared, actors, quote, explicit=True, descend=True)
            has_subject = bool(subject_children(trigger)) or any(
                c.dep_ == "agent" for c in trigger.children
            )
            if not sources and passive:
                # "Four children were killed in Israeli tank shelling": the source is the
                # actor of the event noun the passive happened in.
                sources = self._cause(trigger, actors, quote)
            participial = (
                trigger.tag_ == "VBN"
                and trigger.dep_ in ("advcl", "acl")
                and not any(c.dep_ in ("aux", "auxpass") for c in trigger.children)
            )
            if not sources and not has_subject and _gerund_noun(trigger):
                # "the police firing", "Israel's shelling": a gerund used as a noun is done
                # by its modifiers, as an event noun is.
                sources = self._modifier_doers(trigger, actors, quote)
            if not sources and not has_subject and trigger.tag_ == "VBG":
                # "fighting between Hamas and Fatah killed dozens": a gerund's sides
                parties = self._between({trigger}, actors, quote)
                sources = parties if len(parties) > 1 else []
            if not sources and not has_subject and not participial:
                # ("Asked about the deal, Smith said": Smith was asked; he did not ask.)
                climbed = self._climb(clauses.infinitive_to(trigger) or trigger, actors, quote)
                if not passive:
                    sources = climbed
                elif not targets:
                    # "three died and two others were injured", "they screamed before being
                    # escorted out": the subject it hangs on is what was done to, not the doer
                    targets = [Participant(p.token, p.actor, False) for p in climbed]
            if not targets and participial and trigger.dep_ == "acl":
                # "soldiers killed in Ukraine", "prisoners freed by Israel": the participle's
                # noun is what the act was done to.
                targets = self._expand(trigger.head, actors, quote, explicit=True)
            if not targets:
                targets = self._prep_targets(trigger, pattern, actors, quote)
            if not targets and pattern.code[:2] in CLAUSAL_TARGET_ROOTS:
                # "called for Britain to stay": the target is the subject "for" introduces.
                targets = self._clause_subjects(
                    [c for c in trigger.children if c.dep_ == "advcl" and clauses.for_subject(c)],
                    actors,
                    quote,
                )
            staying = pattern.words[0] == "be" or trigger.lemma_.lower() in COMING_VERBS
            if not targets or (not staying and all(locative(t) for t in targets)):
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
                        elif _bare_infinitive(child):
                            # "to help Haiti cope with the earthquake": the parser makes the
                            # one helped the subject of "cope"
                            aimed += [
                                p
                                for g in child.children
                                if g.dep_ == "nsubj"
                                for p in self._expand(
                                    g, actors, quote, explicit=False, descend=True
                                )
                            ]
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
                # "launched a mediation effort between Chile and Peru", "... an effort to
                # resolve the rift between Qatar and its neighbours".
                objects = [c for c in trigger.children if c.dep_ == "dobj"]
                purposes = [
                    c
                    for holder in (trigger, *objects)
                    if pattern.code[:2] == CONSULT_ROOT
                    for c in holder.children
                    if c.dep_ in ("acl", "advcl", "xcomp")
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                ]
                aims = [c for p in purposes for c in p.children if c.dep_ == "dobj"]
                targets = self._between([trigger, *objects, *aims], actors, quote)
            if not targets:
                # "lifted a ban imposed on Chadian citizens", "condemned the threats made by
                # the United States": whom the object was done to or by.
                targets = self._object_parties(trigger, pattern, actors, quote)
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
        if (
            targets
            and pattern.code[:2] == FORCE_POSTURE
            and all(_own_forces(t, homes) for t in targets)
        ):
            # "mobilized the army for an assault against Palestina": one's own forces are
            # what is moved, aimed at whom a purpose names, else where they go ("sent a
            # team of paratroopers to Lebanon") or stand (left to the scene: "strengthened
            # its forces in Crimea")
            targets = self._opponents(trigger, actors, quote) or self._prep_targets(
                trigger, pattern, actors, quote, DESTINATION_PREPS
            )
        if targets and all(
            _own(t.token) and (t.actor.code or "")[:3] in homes | {"---"} for t in targets
        ):
            # "Syria offered its troops to Lebanon": the troops are the source's own; the
            # target is the prepositional one ("met his Algerian counterpart" is not).
            targets = self._prep_targets(trigger, pattern, actors, quote)
        elif targets and trigger.lemma_.lower() in SENDING_VERBS and all(_sent(t) for t in targets):
            # "France sent seven military experts to Saudi Arabia": people of no stated
            # country who are sent are the source's; the target is where they go.
            targets = (
                self._prep_targets(trigger, pattern, actors, quote, DESTINATION_PREPS) or targets
            )
        elif targets and pattern.objects and all(_theme(t, pattern) for t in targets):
            # "shared intelligence information with the Israeli government", "released the
            # prisoners to the Red Cross": what the act is of, named by the pattern's object
            # word and of no country, is no party when another actor is named where the act
            # goes.
            targets = self._prep_targets(trigger, pattern, actors, quote) or targets
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
                if (t.actor.code or "---")[:3] not in homes | {"---"}
            ]  # (an actor of no country is not abroad: "pounded hideouts with artillery")
            targets = abroad or targets
        if targets and pattern.code[:2] in DEPLOYMENT_ROOTS:
            # "sent troops to the UN peacekeeping force in South Sudan": SSD, not the UN
            targets = [h for t in targets for h in self._host(t, actors, quote)] or targets
        return sources, targets

    def _host(
        self, target: Participant, actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """The country a mission or force named as a side stands in: "the UN peacekeeping
        mission in Mali", "an African Union peacekeeping force in Somalia"."""
        head = target.token
        while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i != head.i:
            head = head.head
        if head.lemma_.lower() not in MISSION_NOUNS:
            return []
        code = target.actor.code or ""
        return [
            found
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ in ("in", "inside")
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for found in self._expand(pobj, actors, quote, explicit=True)
            if len(found.actor.code or "") == 3 and found.actor.code != code[:3]
        ]

    def _opponents(
        self, trigger: Token, actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """Whom the verb's own clause says its act is against: "mobilized troops for the
        first Gulf War against Iraq" (not a clause it embeds)."""
        for word in trigger.subtree:
            if word.dep_ != "prep" or word.lower_ != "against":
                continue
            path = [a for a in word.ancestors if a.i != trigger.i and trigger.is_ancestor(a)]
            if any(a.dep_ in ("relcl", "ccomp", "advcl", "acl", "xcomp") for a in path):
                continue
            for pobj in (c for c in word.children if c.dep_ == "pobj"):
                found = self._expand(pobj, actors, quote, explicit=True, descend=True)
                if found:
                    return found
        return []

    def _object_parties(
        self, trigger: Token, pattern: Pattern, actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """The actor a participle names on the verb's object that is no actor: whom a ban or
        restriction was imposed on, for an act that eases it ("lifted a travel ban imposed on
        Chadian citizens"); who made or proposed what is judged, for other acts ("condemned
        the threats made by the United States", "rejected an appeal lodged by X")."""
        easing = pattern.code[:2] == "08"
        preps = ("on", "upon", "against", "by") if easing else ("by", "on", "upon", "against")
        objects = [c for c in trigger.children if c.dep_ == "dobj"]
        # "condemned the aggression and the threats made by X": any conjunct's participle
        for obj in [part for o in objects for part in (o, *o.conjuncts)]:
            for clause in obj.children:
                if clause.dep_ != "acl" or clause.tag_ != "VBN":
                    continue
                for word in preps:
                    for prep in clause.children:
                        if prep.dep_ in ("prep", "agent") and prep.lower_ == word:
                            for pobj in prep.children:
                                found = self._expand(
                                    pobj, actors, quote, explicit=False, descend=True
                                )
                                if found:
                                    return found
        return []

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
        owners: list[Participant] = []
        topics: list[Participant] = []
        for child in trigger.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < trigger.i:
                if child.dep_ in ("compound", "nmod") and _names_a_town(child, actors):
                    continue  # "the Benghazi attack", "the Kabul bombing": where, not who
                found = self._expand(child, actors, quote, explicit=True)
                (owners if child.dep_ == "poss" else topics).extend(found)
                sources += found
            elif child.dep_ == "prep" and child.lower_ == "by":
                for pobj in child.children:
                    sources += self._expand(pobj, actors, quote, explicit=True)
        if not sources and phrase is not trigger:
            # "the Chinese government's assistance package", "Japan's aid convoy": the owner
            # of the phrase the noun qualifies
            for child in phrase.children:
                if child.dep_ == "poss" and child.i < trigger.i and child.pos_ != "PRON":
                    found = self._expand(child, actors, quote, explicit=True)
                    owners += found
                    sources += found
        targets = self._prep_targets(trigger, pattern, actors, quote)
        proper = [t for t in topics if t.token.pos_ == "PROPN" and t.token.dep_ == "compound"]
        if owners and proper and not targets:
            # "Mueller's Russia probe", "Trump's Iran sanctions": the owner acts; a name
            # between the owner and the noun says on whom
            sources = [s for s in sources if s not in proper]
            targets = proper
        if not sources and "from" not in pattern.preps:
            # "pressure from Washington", "criticism from Beijing": where 'from' introduces
            # no target, it names who acts, and the target is who faces the act.
            givers = [trigger]
            if phrase.dep_ == "dobj" and phrase.head.lemma_.lower() in RECEIVING_VERBS:
                givers.append(phrase.head)  # "Haiti received aid from the United States"
            for giver in givers:
                for prep in giver.children:
                    if prep.dep_ == "prep" and prep.lower_ == "from":
                        for pobj in prep.children:
                            sources += self._expand(
                                pobj, actors, quote, explicit=True, descend=True
                            )
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
                # "Brazil's oil workers' union" is Brazil's; "Pakistan-based groups" are
                # Pakistan's ("Iran-backed" rebels are not Iran's: only where they are based)
                if child.dep_ == "poss" or child.lower_ == "based":
                    for grandchild in child.children:
                        if grandchild.dep_ in ("poss", "npadvmod", "compound", "nmod"):
                            actor = self._actor_of(grandchild, actors, quote, descend=False)
                            if actor is not None and actor.code and len(actor.code) >= 3:
                                return [Participant(grandchild, actor, explicit=False)]
        tied = self._affiliation(token, actors, quote)
        if tied is not None:
            return [tied]
        for prep in token.children:
            # "a report by Amnesty International alleged ...": the author is the owner.
            if prep.dep_ in ("prep", "agent") and prep.lower_ in ("of", "from", "for", "by"):
                for pobj in prep.children:
                    found = self._expand(pobj, actors, quote, explicit=False)
                    found = found or self._owner(pobj, actors, quote, depth + 1)
                    if found:
                        return found
        return []

    def _affiliation(
        self, token: Token, actors: ActorIndex, quote: Quote | None
    ) -> Participant | None:
        """The country of the actor a noun is said to be tied to: "hackers linked to the
        Iranian government", "militants loyal to Baghdad" are of its country (not of its
        sector: they are not the government itself)."""
        links = [c for c in token.children if c.dep_ in ("acl", "amod")]
        if token.dep_ == "nsubj" and _misread_relative(token.head):
            links.append(token.head)  # "Gunmen linked to the Taliban attacked ..."
        for link in links:
            if link.lemma_.lower() not in AFFILIATION_WORDS:
                continue
            for prep in link.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                    for pobj in prep.children:
                        actor = self._actor_of(pobj, actors, quote, descend=True)
                        country = (actor.code or "")[:3] if actor is not None else ""
                        if actor is not None and country not in ("", "---", "IGO"):
                            return Participant(pobj, EventActor(token.text, country), False)
        return None

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
                if noun.dep_ == "pcomp" and noun.pos_ == "VERB":
                    # "killed in police firing", read as a clause: its subject fired
                    for subject in (c for c in noun.children if c.dep_ == "nsubj"):
                        found = self._expand(subject, actors, quote, explicit=False)
                        if found:
                            return found
                if noun.dep_ != "pobj":
                    continue
                agent = actors.at(noun)
                if agent is not None and agent.sector and agent.kind not in ("country", "metonym"):
                    return self._expand(
                        noun, actors, quote, explicit=False
                    )  # "in Israeli tank fire"
                event_noun = self.patterns.candidates("noun", noun.lemma_.lower())
                if event_noun or (_gerund_noun(noun) and self.match(noun) is not None):
                    found = self._modifier_doers(noun, actors, quote)
                    if found:
                        return found
                if any(p.code[:2] == FIGHT_ROOT for p in event_noun):
                    # "killed in an encounter with the police", "died in clashes with
                    # security forces": the other side of the fight
                    for pobj in clauses.prep_objects(noun, "with"):
                        found = self._expand(pobj, actors, quote, explicit=False)
                        if found:
                            return found
        return []

    def _modifier_doers(
        self, noun: Token, actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """The actor among an event noun's modifiers: "police firing", "Israeli shelling"
        (a town before it says where, not who: "the Mosul bombing")."""
        for child in noun.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i < noun.i:
                if child.dep_ in ("compound", "nmod") and _names_a_town(child, actors):
                    continue
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
        # "The US, Russia, and Switzerland": the parser may read a list as appositions (with
        # a user's PETRARCH dictionaries, of any names of one kind: "Mordor, the Shire,
        # Fornost and Bree").
        for appos in [c for c in token.children if c.dep_ == "appos"]:
            listed, head = actors.at(appos), actors.at(token)
            if (
                listed is not None
                and head is not None
                and listed.kind == head.kind
                and (listed.kind == "country" or not self.patterns.builtin)
            ):
                members += [appos, *appos.conjuncts]
        # "Fornost and the evil awful Gondor": a name the parser hung on a name, with its
        # "and", is a member of the list too ("US and British activists" are not: see
        # _shared_countries).
        members += [
            c
            for c in token.children
            if token.pos_ == "PROPN"
            and c.dep_ in ("nmod", "compound")
            and c.i < token.i
            and any(g.dep_ == "cc" for g in c.children)
            and actors.at(c) is not None
        ]
        if not self.patterns.builtin:
            # (with a user's PETRARCH dictionaries, also with the names it joins, as PETRARCH
            # reads a list: "Arnor, Calenardhon and the evil awful Gondor")
            members += [
                m
                for c in token.children
                if token.pos_ == "PROPN"
                and c.dep_ in ("nmod", "compound")
                and c.i < token.i
                and c.conjuncts
                for m in (c, *c.conjuncts)
                if m.i < token.i and actors.at(m) is not None and m not in members
            ]
        if token.lower_ in REFERRING_PRONOUNS and token.pos_ == "PRON":
            antecedent = _reported_subject(token)
            if antecedent is not None and _agrees(token, actors.at(antecedent)):
                members = [antecedent, *antecedent.conjuncts]
        for member in members:
            actor = self._actor_of(member, actors, quote, descend=descend)
            if actor is None:
                found += _both(member, actors, explicit)
                continue
            if (actor.code or "").startswith("---"):
                # "the militia, linked to Iran": an actor of no country is of the one it is
                # tied to
                tied = self._affiliation(member, actors, quote)
                if tied is not None:
                    country = tied.actor.code or "---"
                    actor = EventActor(actor.text, country + (actor.code or "")[3:])
            shared = _shared_countries(member, actor, actors)
            found += [
                Participant(
                    member, EventActor(actor.text, country + (actor.code or "")[3:]), explicit
                )
                for country in shared
            ] or [Participant(member, actor, explicit)]
            named = actors.at(member)
            if named is not None and named.also:  # one name, several actors
                found += [
                    Participant(member, EventActor(actor.text, c), explicit) for c in named.also
                ]
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
        if actor is not None and actor.code and (actor.code != "---" or unknown_name(actor)):
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
            holders += verb_particles(trigger)  # "pulled out of Mali", "backed out of the deal"
            # "sent vehicles and a team of paratroopers to Lebanon": the parser hangs the
            # verb's phrase on the last thing sent
            for thing in [c for c in trigger.children if c.dep_ == "dobj"]:
                for part in (thing, *thing.conjuncts):
                    holders += [part] if part is not thing else []
                    holders += [p for p in clauses.prep_objects(part, "of") if p.dep_ == "pobj"]
        if trigger.dep_ in ("compound", "nmod") and trigger.head.pos_ == "NOUN":
            # "a mediation effort between ...", "export(nmod) equipment to ...": the
            # phrase's head noun carries the prepositions.
            holders.append(trigger.head)
        if trigger.pos_ == "NOUN":
            # "a suspension of aid to Egypt", "the delivery of food to Gaza": what the act
            # is of carries where it goes.
            holders += [
                pobj
                for pobj in clauses.prep_objects(trigger, "of")
                if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN"
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
            misread = current.dep_ == "dep" and _misread_relative(current.head)
            # "Ethiopia let free the leaders", "helped build schools": a bare infinitive with
            # no subject of its own is done by the verb's subject
            bare = (
                current.dep_ == "ccomp"
                and current.tag_ == "VB"
                and not any(
                    c.dep_ in ("nsubj", "nsubjpass", "mark", "aux", "auxpass")
                    for c in current.children
                )
            )
            if (
                current.dep_ not in CLIMB_DEPS and not misread and not bare
            ) or current.head.i == current.i:
                return []
            head = current.head
            if (
                current.dep_ == "pcomp"
                and head.lower_ in ("of", "for")
                and head.head.pos_ in ("NOUN", "PROPN")
            ):
                # "a case against the leader for inciting violence": the leader incited
                found = self._expand(head.head, actors, quote, explicit=False)
                if found:
                    return found
            if (
                current.dep_ in ("pcomp", "pobj")
                and head.lower_ in ("of", "for")
                and head.head.pos_ == "VERB"
            ):
                # "accused Israel of shelling", "praised X for helping", "registered a case
                # against X for inciting": X is the agent.
                verb = head.head
                accused = [c for c in verb.children if c.dep_ == "dobj"]
                accused += clauses.prep_objects(verb, "against")
                for child in accused:
                    found = self._expand(child, actors, quote, explicit=False)
                    if found:
                        return found
                if accused:
                    return []  # (the one accused is no actor: nobody's act can be said)
            if head.pos_ in ("NOUN", "PROPN"):
                actor = self._actor_of(head, actors, quote, descend=False)
                doer = current.dep_ == "relcl" or (current.dep_ == "acl" and current.tag_ == "VBG")
                before = current.doc[current.i - 1] if current.i > 0 else None
                if (
                    doer
                    and current.dep_ == "acl"
                    and before is not None
                    and before.dep_ == "pobj"
                    and not any(c.dep_ == "dobj" for c in current.children)
                ):
                    # "the death toll in police firing": the parser hung "firing" on the
                    # toll and left "police", the noun just before it, as the object of "in"
                    # (a gerund with an object is no such compound: "ads on Facebook
                    # demanding the report's release")
                    named = self._actor_of(before, actors, quote, descend=False)
                    if named is not None and before.head.head.i == head.i:
                        return [Participant(before, named, False)]
                if actor is not None and doer:
                    # "the EU, which sent monitors", "soldiers guarding the border", "police
                    # firing": the noun a relative clause or a present participle hangs on
                    return [Participant(head, actor, False)]
                for child in head.children:
                    if child.dep_ == "poss":
                        found = self._expand(child, actors, quote, explicit=False)
                        if found:
                            return found
            elif head.pos_ in ("VERB", "AUX"):
                controller = (
                    _controller(current) if current.dep_ in ("xcomp", "ccomp", "advcl") else None
                )
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
                        # ("The Egyptian military council decided to ease ...": a subject
                        # that is no actor may belong to one, as a verb's own subject may)
                        return self._expand(child, actors, quote, explicit=False) or self._owner(
                            child, actors, quote
                        )
            current = head
        return []


def _beyond_prefix(child: Token) -> Token:
    """The subject behind a relative pronoun ("the chief minister, who met the governor"),
    or behind a verb's split-off prefix that the parser took for the subject: in "police
    lathi-charged the crowd", "lathi" hangs on "charged" as its subject and "police" on
    "lathi"."""
    verb = child.head
    if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        return verb.head
    doc = child.doc
    if child.i != verb.i - 2 or doc[verb.i - 1].text != "-" or child.whitespace_:
        return child
    return next((c for c in child.children if c.dep_ in ("compound", "nmod")), child)


def _carried_out(noun: Token) -> bool:
    """Whether an event noun is done by the subject of the verb that governs it: a light verb
    ("held talks", "launched strikes"), a verb that announces or orders the act ("announced
    a suspension of aid", "ordered the arrest of") or a verb of taking part ("joined the
    protest", "converged for a rally", "participated in the talks")."""
    if noun.dep_ == "dobj":
        if any(c.dep_ == "prt" and c.lower_ in TAKING_BACK for c in noun.head.children):
            return False  # "taking away protections", "took back the offer"
        return noun.head.lemma_.lower() in LIGHT_VERBS | PARTICIPATION_VERBS | ANNOUNCING_VERBS
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "of"):
        # "earmarked 1.5 million euros in aid", "sent 13 tons of medicine" (the parser hangs
        # the phrase on the amount or on the verb)
        held = noun.head.head
        amounts = [held] if held.dep_ == "dobj" else [c for c in held.children if c.dep_ == "dobj"]
        if (held.dep_ == "dobj" or held.pos_ == "VERB") and any(map(_quantity, amounts)):
            return True
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        verb = noun.head.head.lemma_.lower()
        # "negotiators returned to Geneva for talks", "arrived for the summit"
        coming = verb in COMING_VERBS and noun.head.lower_ == "for"
        # "the police resorted to a lathi-charge", "engaged in talks"
        resorting = RESORTING_VERBS.get(verb) == noun.head.lower_
        # "the cartel has been responsible for mass killings": who is answerable did it
        answerable = verb in ANSWERABLE_WORDS and noun.head.lower_ == "for"
        return verb in PARTICIPATION_VERBS or coming or resorting or answerable
    return False


# Particles that make a light verb one of removing: "took away", "took back", "took down".
TAKING_BACK = {"away", "back", "off", "down"}


# Adjectives whose subject did what they are said to answer for: "X was responsible for the
# bombing", "X is to blame for the attacks", "X was behind" (a preposition, in the parser).
ANSWERABLE_WORDS = {"responsible", "blame", "culpable", "guilty"}


def _quantity(token: Token) -> bool:
    """Whether a noun is an amount: "1.5 million euros", "$30 billion", "13 tons"."""
    return (
        token.tag_ == "CD"
        or token.lower_ == "$"
        or any(c.dep_ in ("nummod", "quantmod") for c in token.children)
    )


def _gerund_noun(token: Token) -> bool:
    """Whether an -ing form stands where a noun would ("died in police firing", "the
    shelling of Gaza"): the object or subject of something, with a modifier or determiner."""
    return (
        token.tag_ == "VBG"
        and token.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass")
        and any(c.dep_ in ("det", "poss", "compound", "amod", "nmod") for c in token.children)
    )


def _names_a_town(token: Token, actors: ActorIndex) -> bool:
    """Whether a modifier names a town or region (or a capital standing for its government),
    which before an event noun says where it happened: "the Benghazi attack"."""
    actor = actors.at(token)
    return actor is not None and actor.kind in ("place", "metonym")


# Words that tie a group to an actor: "hackers linked to", "militias loyal to".
AFFILIATION_WORDS = {"link", "tie", "affiliate", "connect", "associate", "loyal", "allied"}


def subject_children(verb: Token) -> list[Token]:
    """A verb's subjects, with those the parser hung on its auxiliary ("The United Kingdom
    and France however have opposed ...": the subject on "have")."""
    found = [c for c in verb.children if c.dep_ == "nsubj"]
    if not found:
        found = [
            g
            for aux in verb.children
            if aux.dep_ == "aux" and aux.i < verb.i
            for g in aux.children
            if g.dep_ == "nsubj"
        ]
    if (
        not found
        and verb.dep_ not in ("amod", "acl")
        and not any(c.dep_ in ("nsubjpass", "expl", "csubj") for c in verb.children)
    ):
        # a name the tagger took for an adverb: "USAID(advmod) deployed seven teams"
        found = [
            c
            for c in verb.children
            if c.dep_ in ("advmod", "npadvmod", "dep")
            and c.i < verb.i
            and (c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") or (c.is_upper and c.is_alpha))
            and c.nbor(1).text != "-"  # ("Iranian-backed Houthis": who backs them, not a subject)
            and c.n_lefts + c.n_rights == 0
        ]
    return found


def _small_clause(clause: Token) -> bool:
    """Whether a clausal complement is an adjective with a subject and no verb ("found him
    guilty", "declared the vote void")."""
    return (
        clause.dep_ in ("ccomp", "oprd")
        and clause.pos_ == "ADJ"
        and any(c.dep_ == "nsubj" for c in clause.children)
    )


def _clause_object(clause: Token) -> bool:
    """Whether a clausal complement's subject is the governing verb's object: a verbless
    clause, a bare infinitive ("help Haiti cope") or a participle with no auxiliary
    ("supported girls going to school")."""
    verb = clause.head
    participle = (
        clause.dep_ in ("ccomp", "advcl")
        and clause.tag_ == "VBG"
        and clause.i > verb.i
        and not any(c.dep_ in ("mark", "aux", "auxpass") for c in clause.children)
        and not any(t.is_punct for t in clause.doc[verb.i + 1 : clause.i])
        and any(c.dep_ == "nsubj" and c.i > verb.i for c in clause.children)
    )
    return _small_clause(clause) or _bare_infinitive(clause) or participle


def _bare_infinitive(clause: Token) -> bool:
    """Whether a clausal complement is a bare infinitive with its own subject ("help Haiti
    cope", "let the convoys pass"), whose subject is the governing verb's object."""
    return (
        clause.dep_ == "ccomp"
        and clause.tag_ == "VB"
        and clause.i > clause.head.i
        and not any(c.dep_ in ("mark", "aux", "auxpass") for c in clause.children)
    )


def _misread_relative(verb: Token) -> bool:
    """Whether the parser took a participle modifying the subject for the sentence's verb:
    in "Gunmen linked to the Taliban attacked a checkpoint" it makes "linked" the root, with
    "Gunmen" its subject and "attacked" hanging on it without a subject of its own."""
    if verb.tag_ not in ("VBN", "VBD") or verb.dep_ != "ROOT":
        return False
    objects = ("dobj", "ccomp", "xcomp", "aux", "auxpass", "nsubjpass")
    if any(c.dep_ in objects for c in verb.children):
        return False
    return any(
        c.dep_ in ("dep", "advcl")
        and c.i > verb.i
        and c.tag_ in ("VBD", "VBZ", "VBP")
        and not any(g.dep_ in ("nsubj", "nsubjpass", "mark", "aux") for g in c.children)
        and not any(t.is_punct for t in verb.doc[verb.i + 1 : c.i])
        for c in verb.children
    )


def _instrument(target: Participant) -> bool:
    """Armed forces named with no country as a verb's object: what is deployed or moved."""
    return _sent(target) and (target.actor.code or "")[3:6] in ("MIL", "COP")


def _sent(target: Participant) -> bool:
    """People of no country named as a sending verb's object: who is sent."""
    code = target.actor.code or ""
    return code.startswith("---") and _object_phrase(target.token).dep_ == "dobj"


def _own_forces(target: Participant, homes: set[str]) -> bool:
    """Armed forces of the source's own side, or of no country: "mobilized the army",
    "strengthened its forces"."""
    code = target.actor.code or ""
    return code[3:6] in ("MIL", "COP") and (code[:3] in homes | {"---"} or _own(target.token))


def _object_phrase(token: Token) -> Token:
    """The head of the object phrase a side is named in: "sent vehicles and a team of
    paratroopers" → "vehicles"."""
    while token.dep_ in ("conj", "pobj", "prep") and token.head.i != token.i:
        token = token.head
    return token


def _theme(target: Participant, pattern: Pattern) -> bool:
    """A direct object of no country named by the word a pattern needs as its object."""
    token = _object_phrase(target.token)
    words = {token.lemma_.lower(), *(c.lemma_.lower() for c in token.children)}
    return (
        (target.actor.code or "").startswith("---")
        and token.dep_ == "dobj"
        and bool(words & pattern.objects)
    )


def _own(token: Token) -> bool:
    """Whether a phrase belongs to the clause's own subject: "its troops", "their forces"."""
    return any(
        c.dep_ == "poss" and c.lower_ in ("its", "their", "our", "his", "her")
        for c in token.children
    )


def _agrees(pronoun: Token, actor: Actor | None) -> bool:
    """Whether a pronoun can stand for an actor: "he" and "she" only for a person ("The New
    York Times reported that she may have violated ..." is not the newspaper). ("It" may
    stand for a name kronika took for a person's.)"""
    if actor is None or pronoun.lower_ not in ("he", "she"):
        return True
    return actor.kind == "person"


def _reported_subject(pronoun: Token) -> Token | None:
    """The antecedent of a pronoun subject in reported speech: "Hungary said it will ..."."""
    clause = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for _ in range(4):
        # "Europe made it clear it will not lift ...": the parser hangs the clause on "clear"
        if not (clause.dep_ in ("ccomp", "xcomp", "conj") or clauses.made_clear(clause)):
            return None
        if clause.head.i == clause.i:
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
    if clause.dep_ in ("ccomp", "advcl") and not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    ):
        return None  # "demanded that Sudan release": the clause has its own subject
    return object_before(verb, clause)


def locative(target: Participant) -> bool:
    """Whether a target only says where the act happened: "in Baghdad", "signed the agreement
    in Baghdad", "at Camp David"."""
    return any(
        word.dep_ == "pobj" and word.head.lower_ in LOCATIVE_PREPS
        for word in target.token.subtree
        if word.text == ((target.actor.text or "").split() or [""])[-1]
    )


def comitative(token: Token) -> bool:
    """Whether a word is the partner of a "with" phrase ("talks with Lebanon's president")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "with"


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
    for actor in actors.before(token.idx):
        if actor.kind == "country" and actor.code not in codes:
            codes.append(actor.code)
        if len(codes) == 2:
            return [Participant(token, EventActor(token.text, code), explicit) for code in codes]
    return []


def _shared_countries(token: Token, actor: EventActor, actors: ActorIndex) -> list[str]:
    """The countries of conjoined modifiers that share one noun: "US and British activists",
    "French, German and Italian troops", "the ambassadors of Arnor, Osgiliath and Gondor",
    "lawmakers in France and Germany" are actors of each country, with one sector. The
    countries of one list only: "the US commander in Iraq" is American, and "parts of Iraq
    and Syria" name no agent of either."""
    code = actor.code or ""
    lists = [
        [c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i]
    ]
    if len(code) > 3:
        lists += [
            [pobj, *pobj.conjuncts]
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "from")
            for pobj in prep.children
            if pobj.dep_ == "pobj" and pobj.conjuncts
        ]
    for modifiers in lists:
        countries: list[str] = []
        for word in (w for m in modifiers for w in (m, *m.conjuncts)):
            named = actors.at(word)
            country = named is not None and (named.kind == "country" or len(named.code) == 3)
            if named is not None and country and named.code not in countries:
                countries.append(named.code)
        # The phrase's own actor is one of them, or of no country ("---GOV": the parse of a
        # list may leave the head without one).
        if len(countries) >= 2 and code[:3] in (*countries, "---"):
            return countries
    return []


def unknown_name(actor: Actor) -> bool:
    """A person or organisation named in the text that no dictionary knows: a side of its
    events with the code `---` ("Lagumdzija suspended aid")."""
    return actor.kind in ("person", "organisation") and actor.how != "pronoun"


def _event_actor(actor: Actor) -> EventActor:
    if actor.how == "coreference" and actor.text.lower() in PERSONAL_PRONOUNS:
        # "urged him to exercise caution": the side is the person "him" refers to, by name
        return EventActor(actor.antecedent or actor.name, actor.code)
    return EventActor(actor.text, actor.code)


PERSONAL_PRONOUNS = {"he", "him", "she", "her"}


def quote_at(quotes: list[Quote], offset: int) -> Quote | None:
    near = quotes.containing(offset) if isinstance(quotes, Indexed) else quotes
    for quote in near:
        if quote.start <= offset < quote.end and quote.speaker.get("code"):
            return quote
    return None
