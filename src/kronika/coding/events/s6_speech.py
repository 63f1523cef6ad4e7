"""Step 6 — reported speech: events a sentence's other events imply.

Reported violence is also an accusation or a claim of responsibility by the reporter; what
a speaker says another actor must or should do is a demand or an appeal to that actor; a
hosted visit is also the guest's visit."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from ...annotate.actors import ActorIndex
from ...records import Event, Quote
from ...records import Span as TextSpan
from . import clauses
from . import s4_context as context
from .s2_participants import quote_at
from .s3_implicit import IMPLICIT_AGENT
from .s4_context import Participant, Setting
from .s5_assembly import HOSTED_VISIT, VISIT, EventAssembly

# Verbs of saying whose reported violence is coded as an accusation or a claim.
CLAIM_VERBS = {"claim", "say", "allege", "report", "charge", "insist", "state", "announce"}


class ReportedSpeech(EventAssembly):
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
            speakers = self._expand(subject, actors, quote_at(quotes, verb.idx), explicit=True)
            if not speakers or (speakers[0].actor.code or "").startswith("---"):
                continue  # "medics said", "officials said": a source, not a party to accuse
            speaker = speakers[0].actor
            start, end = clauses.clause_span(clause)
            for event in events:
                if not (start <= event.trigger.start < end) or event.quad_class != 4:
                    continue
                if (
                    event.negated
                    or event.modality == "hypothetical"
                    or IMPLICIT_AGENT in event.rule
                ):
                    # (nobody is accused of an arrest whose agent the text does not name)
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
            quote = quote_at(setting.quotes, verb.idx)
            asked = next((e for e in events if e.trigger.start == clause.idx), None)
            code = self.cameo.request(asked.cameo if asked and not asked.negated else None, family)
            entry = self.cameo[code]
            for speaker in speakers:
                for addressee in addressees:
                    if context.same_actor(speaker.actor, addressee.actor):
                        continue
                    derived.append(
                        Event(
                            source=speaker.actor,
                            target=addressee.actor,
                            **entry.event_fields(),
                            date=context.date_for(verb, setting.dates) or setting.date,
                            location=context.location_for(verb, setting.places, setting.main_place),
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
        quote = quote_at(quotes, verb.idx)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        speakers = self._expand(subject, actors, quote, explicit=True) if subject else []
        return clause, family, speakers, self._clause_subjects([clause], actors, quote)


def _same_side(code: str, other: str) -> bool:
    """Whether two actor codes are one side: the same country, and either one is the country
    itself or both are organs of its state ("the US claimed it bombed", "Turkish officials
    said Turkish troops shelled"); a state and its rebels are not."""
    if code[:3] != other[:3] or code[:3] in ("", "---"):
        return False
    sectors = {code[3:6], other[3:6]}
    return "" in sectors or sectors <= context.STATE_SECTORS | {"MIL", "SPY"}
