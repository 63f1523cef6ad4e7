"""Step 3 — implicit agents: sides the parse does not name as such.

Who arrests when a passive names no one ("2,500 have been arrested": the police, as CAMEO
codes arrests); who suffers an act named as the circumstance of a death or an injury ("73
people died in police firing"); who speaks through a document that is the subject ("a
Human Rights Watch report accused"); and whom an act about another event is aimed at
(sympathy for an attack's victims)."""

from __future__ import annotations

from spacy.tokens import Token

from ...annotate.actors import ActorIndex
from ...records import EventActor, Place, Quote
from ..offsets import Indexed
from .s2_participants import Participants
from .s4_context import Participant

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

# Acts about another event, aimed at those it befell: claiming responsibility for it (015),
# sympathy (018) and apologies (055) for it.
ABOUT_EVENT_CODES = {"015", "018", "055"}

ABOUT_PREPS = {"for", "over", "after"}

# Acts that only a state's police carry out: an agentless passive of them ("were arrested",
# "was taken into custody") has the police for its source. CAMEO 173: arrest, detain.
POLICE_CODES = {"173"}
IMPLICIT_AGENT = " · agent implicit in the passive"
IMPLICIT_JAILERS = " · agent implicit: the jailers of someone held"
# Acts of the courts, not the police, when a passive names no agent ("was indicted").
JUDICIAL_VERBS = {"indict", "prosecute", "convict", "sentence", "try", "acquit", "remand"}

# Force posture (CAMEO 15): deploying, mobilizing, alerting forces.
FORCE_POSTURE_ROOT = "15"
IMPLICIT_DEPLOYER = " · forces deployed stand for their state"

# Torture (CAMEO 1822) of people held: their jailers did it, whom CAMEO codes as police.
TORTURE = "1822"
CUSTODY_WORDS = {
    "prisoner", "detainee", "inmate", "custody", "detention", "prison", "jail", "gaol", "cell",
    "interrogation", "interrogator",
}  # fmt: skip

# Verbs of death and injury whose "in" or "during" phrase names the act that caused them:
# "died in police firing", "were injured in the lathi-charge".
SUFFERING_VERBS = {"die", "kill", "injure", "wound", "hurt", "perish", "succumb", "lose"}
SUFFERING_PREPS = {"in", "during", "after", "from"}
CAUSE_WORDS = {"due", "because", "as", "result", "following"}


# Verbs that undo or stop what their object names: the event noun they govern is not an
# event by itself ("sanctions were lifted", "suspended its aid"). What is rejected or
# refused was still offered ("rejected the Egyptian offer"), and stays.
UNDOING_VERBS = {
    "lift",
    "ease",
    "relax",
    "end",
    "suspend",
    "halt",
    "stop",
    "cancel",
    "withdraw",
    "revoke",
    "rescind",
    "scrap",
    "drop",
    "abandon",
    "postpone",
    "delay",
    "avert",
    "prevent",
    "avoid",
    "remove",
    "waive",
}


class ImplicitAgents(Participants):
    def _nominal_agent(
        self, trigger: Token, actors: ActorIndex, quote: Quote | None
    ) -> tuple[list[Participant], list[Participant]]:
        """Who did what a passive says was done to an act of theirs, and to whom: "UN
        sanctions against Iran were lifted" (IGOUNO lifted them, on Iran), "US aid to Egypt
        was suspended"."""
        for subject in (c for c in trigger.children if c.dep_ == "nsubjpass"):
            noun_patterns = self.patterns.candidates("noun", subject.lemma_.lower())
            if not noun_patterns or any(c.dep_ == "agent" for c in trigger.children):
                continue
            owners = [
                found
                for child in subject.children
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < subject.i
                for found in self._expand(child, actors, quote, explicit=False)
            ]
            if owners:
                targets = self._prep_targets(subject, noun_patterns[0], actors, quote)
                return owners, targets
        return [], []

    def _implicit_police(
        self, trigger: Token, code: str, victims: list[Participant]
    ) -> list[Participant]:
        """The police behind an arrest that a passive reports with no agent: "over 2,500
        people have been arrested", "he was taken into custody"; and the jailers behind the
        torture of someone held ("a prisoner died as a result of torture"; not torture in
        general, "torture is common in prisons")."""
        if code == TORTURE and victims and not any(c.dep_ == "agent" for c in trigger.children):
            held = any(t.lemma_.lower() in CUSTODY_WORDS for t in trigger.sent)
            return [Participant(trigger, EventActor("jailers", "---COP"), False)] if held else []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
        participle = trigger.tag_ == "VBN" and trigger.dep_ in ("acl", "advcl", "amod")
        if code[:3] not in POLICE_CODES or not (passive or participle):
            return []
        if any(c.dep_ == "agent" for c in trigger.children):
            return []  # "arrested by the army": the agent is named, though not an actor
        if trigger.lemma_.lower() in JUDICIAL_VERBS:
            actor = EventActor("the courts", "---JUD")  # "those indicted", "was sentenced"
        else:
            actor = EventActor("police", "---COP")
        return [Participant(trigger, actor, explicit=False)]

    def _deployed(
        self, trigger: Token, code: str, actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """Forces a passive says were deployed, mobilized or put on alert with no one named:
        their state did it, and they stand for it ("policemen were deployed outside every
        place of worship", "troops were put on high alert")."""
        if code[:2] != FORCE_POSTURE_ROOT or any(c.dep_ == "agent" for c in trigger.children):
            return []
        forces = [
            found
            for subject in trigger.children
            if subject.dep_ == "nsubjpass"
            for found in self._expand(subject, actors, quote, explicit=True)
        ]
        return [f for f in forces if (f.actor.code or "")[3:6] in ("MIL", "COP")]

    def _sufferers(
        self, trigger: Token, actors: ActorIndex, quote: Quote | None
    ) -> list[Participant]:
        """Who an act befell when it is named as the circumstance of a death or injury:
        "73 people died in police firing", "two were injured in the lathi-charge"."""
        word = trigger
        if word.dep_ == "acl" and word.head.dep_ == "pobj":
            word = word.head  # "in police firing" read as "police" + participle
        if word.dep_ not in ("pobj", "pcomp"):
            return []
        prep = word.head
        # "died due to torture", "because of", "as a result of": a cause of two or more words
        while prep.head.i != prep.i and prep.head.dep_ in ("prep", "pcomp", "pobj", "amod"):
            if prep.lower_ in SUFFERING_PREPS:
                break
            prep = prep.head
        if prep.lower_ not in SUFFERING_PREPS | CAUSE_WORDS:
            return []
        verb = prep.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SUFFERING_VERBS:
            return []
        return [
            found
            for subject in verb.children
            if subject.dep_ in ("nsubj", "nsubjpass")
            for found in self._expand(subject, actors, quote, explicit=True)
        ]

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
                    start, end = event.left_edge.idx, event.right_edge.idx + 1
                    for place in _starting_in(places, start, end):
                        inside = start <= place.start < end
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
        starts = {w.idx for w in words}
        if not starts:
            return []
        for place in _starting_in(places, min(starts), max(starts) + 1):
            if place.start in starts and place.country and len(place.country) == 3:
                actor = EventActor(place.text, place.country)
                return [Participant(subject, actor, explicit=False, from_place=True)]
        return []


def _starting_in(places: list[Place], start: int, end: int) -> list[Place]:
    """The places that start in [start, end), through the index of an `Indexed` list (or all
    of a plain list, for the caller to check)."""
    return places.starting_in(start, end) if isinstance(places, Indexed) else places
