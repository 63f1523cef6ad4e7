"""Where and among whom an event happens: the places a clause names, the participants the
coder found, and the CAMEO conventions that fill a missing side from them — the country
where unattributed violence happened, the place of a domestic act, the state whose
officials or people act at home."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Token

from ...records import DateMention, EventActor, Place, Quote
from ..offsets import Indexed
from . import clauses

# Prepositions of where something happens: "a protest in Beijing", "near the town of".
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across"}

# Prepositions whose place can stand for the target when no actor is named: "lifted the
# curfew in Darfur", "blocked transport into Abidjan", "evacuated the wounded from Gorazde".
SCENE_PREPS = LOCATIVE_PREPS | {"throughout", "within", "around", "into", "from", "to"}
# Verbs of coming somewhere, whose "from" phrase is where they left ("arrived from Helsinki").
ARRIVING_VERBS = {"arrive", "come", "return", "travel", "fly", "head", "go", "land"}

# Acts done to a place and its people, whose target CAMEO takes from where they happen at
# home when no actor is named (yield, demand, reject, protest, force posture, coerce,
# assault, fight, mass violence); a consultation or a praise at home needs an actor.
SCENE_TARGET_ROOTS = {"08", "10", "12", "14", "15", "17", "18", "19", "20"}

# Sectors of a state that act within their own country (see domestic).
STATE_SECTORS = {"GOV", "COP", "JUD", "LEG"}

# Investigations, accusations and coercion: what a judge, prosecutor or police officer with
# no stated country does to a state's officials is done at home (see officials_at_home).
# Not a meeting: "the president met Netanyahu" says nothing of the president's country.
OVERSIGHT_ROOTS = {"09", "11", "17"}

# Roots of violence that CAMEO attributes to an unidentified actor of the country where it
# happened when the text names no perpetrator.
VIOLENT_ROOTS = {"18", "19", "20"}

# Nouns that show a killing was an act of violence, not an accident: "killed by a roadside bomb".
VIOLENCE_NOUNS = {
    "bomb",
    "bombing",
    "bomber",
    "explosion",
    "blast",
    "device",
    "ied",
    "mine",
    "minefield",
    "landmine",
    "explosive",
    "shelling",
    "gunfire",
    "shooting",
    "shot",
    "attack",
    "ambush",
    "raid",
    "airstrike",
    "strike",
    "rocket",
    "missile",
    "mortar",
    "grenade",
    "sniper",
    "gunman",
    "assailant",
    "attacker",
    "firefight",
    "gunbattle",
    "clash",
}

# People who are by definition not of the country where they are: they take no country
# from the place of the event.
VISITING_NOUNS = {
    "peacekeeper",
    "peacekeeping",
    "observer",
    "monitor",
    "inspector",
    "tourist",
    "foreigner",
    "expatriate",
    "expat",
}
ACCIDENT_NOUNS = {"accident", "crash", "collision", "earthquake", "flood", "storm", "avalanche"}


# The agents the coder infers for passives that name none (s3_implicit).
IMPLICIT_AGENTS = {"police", "the courts", "jailers"}


@dataclass
class Participant:
    """A side of an event: the word that names it, its actor, and whether the text names it
    in the clause (explicit) or the coder inferred it."""

    token: Token
    actor: EventActor
    explicit: bool
    from_place: bool = False  # inferred from where the event happened, not named as an actor


@dataclass
class Setting:
    """What the article says about when and where, and who is quoted: shared by its events."""

    date: str | None
    places: list[Place]
    dates: list[DateMention]
    quotes: list[Quote]
    # the countries of the people the dictionaries know, by mention ("Trump", "McConnell")
    people: Counter[str] = field(default_factory=Counter)

    @cached_property
    def main_place(self) -> Place | None:
        return next((p for p in self.places if p.main), None)

    @cached_property
    def main_country(self) -> str | None:
        """The country the article is set in: the one at least half of its place names and
        of its mentions of people the dictionaries know are in ("Ahmedabad", "Vadodara",
        "Gujarat" → IND; a story about a Senate inquiry into ties with Russia, whose senators
        and president are American and whose only places are "Russia" and "Moscow" → USA),
        else none."""
        counts = Counter(p.country for p in self.places if p.country and len(p.country) == 3)
        counts.update(self.people)
        if not counts:
            return None
        country, count = counts.most_common(1)[0]
        return country if count * 2 >= sum(counts.values()) else None


def same_actor(source: EventActor, target: EventActor) -> bool:
    """Whether an event would run from an actor to itself. A country's government and its
    rebels (CIVGOV, CIVREB), or a ministry and its country (SDNGOV, SDN), are different; so
    are two people or bodies of one sector named apart ("the chief minister met the
    governor": INDGOV and INDGOV), unlike one organisation named twice."""
    code = source.code or ""
    if code != (target.code or ""):
        return False
    if not code:  # two sides no dictionary knows ("new actors"): the same if named alike
        return (source.text or "").lower() == (target.text or "").lower()
    if len(code) <= 3 or code.startswith(("IGO", "NGO", "MNC", "IMG")):
        return True
    return _head(source.text) == _head(target.text)


def _head(text: str | None) -> str:
    words = (text or "").lower().replace("'s", "").split()
    return words[-1] if words else ""


def date_for(trigger: Token, dates: list[DateMention]) -> str | None:
    """The date the trigger's clause names, else a day named in its sentence if it is the
    sentence's main verb."""
    span = trigger.sent if trigger.dep_ == "ROOT" else None
    subtree = list(trigger.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    for mention in _between(dates, start, end):
        if (
            mention.value
            and mention.granularity in ("day", "month", "year", "week")
            and start <= mention.start < end
        ):
            return mention.value
    if span is not None:
        for mention in _between(dates, span.start_char, span.end_char):
            if (
                mention.value
                and mention.granularity == "day"
                and span.start_char <= mention.start < span.end_char
            ):
                return mention.value
    return None


def _between(items: list, start: int, end: int) -> list:
    """The items that start in [start, end), found through the index of an `Indexed` list
    (or all of a plain list, for the caller to check)."""
    return items.starting_in(start, end) if isinstance(items, Indexed) else items


def location_for(trigger: Token, places: list[Place], main_place: Place | None) -> dict | None:
    """Where the trigger's event happened: a place in its clause, else in its sentence, else
    the article's main place; the record says which (`from`)."""
    sent = trigger.sent
    start, end = clauses.clause_span(trigger)
    # A place after "in", "at", "near" is where things happen; a place that is the subject or
    # object ("Brazil condemned Argentina") is an actor, used only when nothing better exists.
    locative = _locative_starts(sent)

    def ranked(found: list[Place]) -> list[Place]:
        return sorted(found, key=lambda p: not any(p.start <= i < p.end for i in locative))

    in_clause = ranked(
        [p for p in _between(places, start, end) if start <= p.start < end and p.lat is not None]
    )
    in_sentence = ranked(
        [
            p
            for p in _between(places, sent.start_char, sent.end_char)
            if sent.start_char <= p.start < sent.end_char and p.lat is not None
        ]
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


def _locative_starts(sent) -> set[int]:
    """Where the words after "in", "at", "near" ... start in a sentence (and the compounds
    before them: "in the Kabul area")."""
    return {
        t.idx
        for t in sent
        if (t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS)
        or (t.dep_ == "compound" and t.head.dep_ == "pobj" and t.head.head.lower_ in LOCATIVE_PREPS)
    }


def scene_country(trigger: Token, places: list[Place]) -> str | None:
    """The country of the place the trigger's clause, else its sentence, is set in, for people
    named without one: a town, province or region anywhere ("Prisoners rioted at a jail in
    Dili", "Kabul police"), a country only after "in", "at", "near" ... ("police in Iran");
    a country named as a side is none ("a commission to investigate ties between the
    administration and Russia" is set nowhere in particular)."""
    sent = trigger.sent
    locative = _locative_starts(sent)
    for start, end in (clauses.clause_span(trigger), (sent.start_char, sent.end_char)):
        found = [
            p
            for p in _between(places, start, end)
            if start <= p.start < end and p.lat is not None and p.country
        ]
        # a place after "in", "at" ... first, as `location_for` ranks them
        found.sort(key=lambda p: not any(p.start <= i < p.end for i in locative))
        for place in found:
            if place.kind != "country" or any(place.start <= i < place.end for i in locative):
                return place.country
    return None


def _scene_places(trigger: Token, places: list[Place], preps: set[str]) -> list[Place]:
    """Places the trigger's own clause names in a phrase of `preps` ("in Kirkuk", "near the
    town of Samarra") or as the name of an attack ("the Mosul bombing"), not those inside a
    clause it embeds ("a team heading to South Africa"); coordinated and complement verbs
    share the scene ("opened an embassy in")."""

    def reached(place: Place) -> bool:
        token = next((t for t in trigger.subtree if place.start <= t.idx < place.end), None)
        # "the Mosul bombing killed ...": a town naming the attack is where it happened
        seen = (
            token is not None
            and token.dep_ in ("compound", "nmod")
            and token.head.lemma_.lower() in VIOLENCE_NOUNS
        )
        for ancestor in token.ancestors if token is not None else ():
            if ancestor.i == trigger.i:
                return seen
            if ancestor.dep_ in ("relcl", "acl", "advcl", "ccomp", "csubj"):
                return False
            seen = seen or (ancestor.dep_ == "prep" and ancestor.lower_ in preps)
        return False

    # Only a place inside the clause's words can be reached from the trigger.
    first, last = trigger.left_edge.idx, trigger.right_edge.idx
    near = places.overlapping(first, last + 1) if isinstance(places, Indexed) else places
    return [
        p
        for p in near
        if p.end > first and p.start <= last and p.country and len(p.country) == 3 and reached(p)
    ]


def scene_target(
    trigger: Token, root: str, sources: list[Participant], places: list[Place]
) -> list[Participant]:
    """With no actor as target, the country where the event happened: "Sudan's government
    lifted the state of emergency in Darfur" (SDNGOV -> SDN), "rebels blocked transport into
    Abidjan", "Sri Lanka opened an embassy in Tehran". At home, only for acts done to a place
    and its people (SCENE_TARGET_ROOTS): "spoke at a fund-raiser in Ohio" has no target."""
    preps = SCENE_PREPS - {"from"} if trigger.lemma_.lower() in ARRIVING_VERBS else SCENE_PREPS
    place = next(iter(_scene_places(trigger, places, preps)), None)
    if place is None or not sources:
        return []
    actor = EventActor(place.text, place.country)
    if any(same_actor(s.actor, actor) for s in sources):
        return []
    abroad = all((s.actor.code or "")[:3] != place.country for s in sources)
    if not abroad and root not in SCENE_TARGET_ROOTS:
        return []
    return [Participant(trigger, actor, explicit=False, from_place=True)]


def unattributed(
    trigger: Token, code: str, targets: list[Participant], places: list[Place]
) -> list[Participant]:
    """Violence with no named perpetrator ("a roadside bomb near Samarra killed a soldier",
    "a journalist was killed in a car bomb explosion in Beirut"): CAMEO coders attribute it to
    an unidentified actor of the country where it happened."""
    if trigger.pos_ != "VERB" or code[:2] not in VIOLENT_ROOTS:
        return []  # a noun ("the attacks of 2001") is too often background to attribute
    clause = trigger
    if trigger.dep_ == "advcl" and trigger.tag_ == "VBG" and trigger.head.pos_ == "VERB":
        clause = trigger.head  # "a bomb exploded in a market in Baghdad, killing 20 people"
    if not _violent_scene(clause, targets):
        return []
    place = next(iter(_scene_places(clause, places, LOCATIVE_PREPS)), None)
    if place is None:
        return []
    actor = EventActor(f"unidentified attacker ({place.text})", place.country)
    return [Participant(trigger, actor, explicit=False, from_place=True)]


def expelled_from(trigger: Token, code: str, places: list[Place]) -> list[Participant]:
    """Who expelled people that a passive says were expelled from somewhere, with no agent
    ("two inspectors have been expelled from North Korea", "were deported from the United
    States"): the authorities of the country they were sent out of."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
    if (
        code[:3] not in EXPELLING_CODES
        or not passive
        or any(c.dep_ == "agent" for c in trigger.children)
    ):
        return []
    # the place the "from" phrase of the verb itself names ("expelled from what was then
    # the G8 after its annexation of Crimea from Ukraine" names none)
    heads = [
        pobj.idx
        for prep in trigger.children
        if prep.dep_ == "prep" and prep.lower_ == "from"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    place = next(
        (
            p
            for p in _scene_places(trigger, places, {"from"})
            if any(p.start <= h < p.end for h in heads)
        ),
        None,
    )
    if place is None or not place.country or len(place.country) != 3:
        return []
    actor = EventActor(f"authorities ({place.text})", place.country + "GOV")
    return [Participant(trigger, actor, explicit=False, from_place=True)]


# Expelling people (174, 201 en masse) and diplomats or inspectors (161, 1662 under 166).
EXPELLING_CODES = {"174", "161", "166", "201"}


def released_at(trigger: Token, code: str, places: list[Place]) -> list[Participant]:
    """Who released people that a passive says were released somewhere, with no agent
    ("hundreds of prisoners have been released in Tripoli"): as with violence, the country
    where it happened."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
    if (
        not code.startswith("084")
        or not passive
        or any(c.dep_ == "agent" for c in trigger.children)
    ):
        return []
    place = next(iter(_scene_places(trigger, places, LOCATIVE_PREPS)), None)
    if place is None or not place.country or len(place.country) != 3:
        return []
    actor = EventActor(f"authorities ({place.text})", place.country)
    return [Participant(trigger, actor, explicit=False, from_place=True)]


def _violent_scene(trigger: Token, targets: list[Participant]) -> bool:
    """Whether a killing or attack with no actor as agent was an act of violence: its clause
    names a weapon or attack ("a roadside bombing killed", "killed by an explosive device") or
    its victims are fighters, and nothing in it is an accident or a disaster. A subject that
    is neither an actor nor a weapon ("the earthquake killed") rules violence out."""
    clause = trigger
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    lemmas = {t.lemma_.lower() for t in clause.subtree}
    if lemmas & ACCIDENT_NOUNS:
        return False
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subject is not None:
        return bool({t.lemma_.lower() for t in subject.subtree} & VIOLENCE_NOUNS)
    fighters = any((t.actor.code or "")[3:6] in ("MIL", "COP", "REB") for t in targets)
    return fighters or bool(lemmas & VIOLENCE_NOUNS)


def domestic(people: list[Participant], state: list[Participant]) -> list[Participant]:
    """A state's police, courts, government or legislature deal with their own people: those
    they act on with no stated country ("Egyptian police dispersed demonstrators"), and
    those who protest or make demands against them ("students demanded the resignation of
    Algeria's president"), are of that state."""
    countries = {
        (s.actor.code or "")[:3] for s in state if (s.actor.code or "")[3:6] in STATE_SECTORS
    } - {"---"}
    if len(countries) != 1:
        return people
    (country,) = countries
    return [placed(p, country) for p in people]


def officials_at_home(sources: list[Participant], targets: list[Participant]) -> list[Participant]:
    """Judges, police and officials named without a country deal with their own state's
    officials: "Judge Rivera opened investigations against Chilean officials" (---JUD ->
    CHLJUD). Not with foreigners: police arrest foreign tourists as well."""
    countries = {
        (t.actor.code or "")[:3] for t in targets if (t.actor.code or "")[3:6] in STATE_SECTORS
    } - {"---", ""}
    if len(countries) != 1:
        return sources
    (country,) = countries
    return [
        placed(s, country) if (s.actor.code or "")[3:6] in STATE_SECTORS else s for s in sources
    ]


def at_home(participants: list[Participant], country: str | None) -> tuple[list[Participant], bool]:
    """Sides with a sector but no country ("police", "the government", "the court",
    "protesters") in the country the article is set in, as CAMEO codes domestic actors;
    and whether any took it."""
    if not country:
        return participants, False
    placed_ = [placed(p, country) for p in participants]
    moved = any(a.actor.code != b.actor.code for a, b in zip(participants, placed_, strict=True))
    return placed_, moved


def named_by_place(participant: Participant, trigger: Token, place: str) -> Participant:
    """An agent inferred for a passive ("police", "the courts", "jailers"), named with the
    place the act happened in."""
    actor = participant.actor
    if participant.explicit or participant.token.i != trigger.i or not actor.text:
        return participant
    if actor.text not in IMPLICIT_AGENTS or not place:
        return participant
    named = EventActor(f"{actor.text} ({place})", actor.code)
    return Participant(participant.token, named, participant.explicit, participant.from_place)


def placed(participant: Participant, country: str) -> Participant:
    code = participant.actor.code or ""
    if not code.startswith("---") or code == "---" or len(country) != 3:
        return participant  # (a name no dictionary knows says nothing of where it is from)
    words = (participant.actor.text or "").lower().split()
    if any(w in VISITING_NOUNS or w.removesuffix("s") in VISITING_NOUNS for w in words):
        return participant  # "rebels kidnapped peacekeepers in Syria": not Syria's
    actor = EventActor(participant.actor.text, country + code[3:])
    return Participant(participant.token, actor, participant.explicit)
