"""Step 1 — frames: which words are events, and in which frame.

A verb, event noun or predicate adjective triggers an event when a pattern of the lexicon
(`data/verbs.tsv`, user pattern files) names it with the objects, particles and modifiers
its clause has; the most specific pattern wins, and a `none` pattern marks a frame that is
no event ("meet a deadline")."""

from __future__ import annotations

from spacy.tokens import Token

from ...annotate.actors import ActorIndex, nominal_participle
from ..cameo import CameoTable
from ..patterns import Pattern, PatternSet
from . import clauses

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

LIGHT_VERBS = {
    "hold",
    "launch",
    "take",
    "initiate",
    "pursue",
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


class Frames:
    patterns: PatternSet
    cameo: CameoTable

    # -- matching -------------------------------------------------------------------------
    def _candidates(self, token: Token, pos: str | None) -> tuple[str | None, list[Pattern]]:
        """The patterns a word may trigger as `pos`; a noun read as a verb (see clauses.frame) falls
        back to its noun patterns when the lexicon has no verb frame for it."""
        if pos is None:
            return None, []
        lemma = token.lemma_.lower()
        prefixed = _prefixed_lemma(token)
        candidates = (
            (prefixed and self.patterns.candidates(pos, prefixed))
            # "shoot-out", which the lexicon writes "shootout"
            or (prefixed and self.patterns.candidates(pos, prefixed.replace("-", "")))
            or self.patterns.candidates(pos, lemma)
        )
        if not candidates and pos == "verb" and token.pos_ == "NOUN":
            return "noun", self.patterns.candidates("noun", lemma)
        if not candidates and pos == "verb":
            for form in _surface_lemmas(token):
                # "caned", which the lemmatizer makes "can"
                candidates = self.patterns.candidates(pos, form)
                if candidates:
                    break
        return pos, candidates

    def match(self, token: Token) -> Pattern | None:
        """The pattern a word triggers: kronika's own, else a PETRARCH verb pattern; with
        kronika's knowledge, not for a verb that frames another event ("plans to impose"),
        which kronika reads as that event's modality."""
        if not self._may_trigger(token):
            return None
        found = self._own_match(token)
        if found is None and not (self.patterns.builtin and clauses.frames_another(token)):
            found = self.patterns.petrarch_pattern(token)
        return found

    def _may_trigger(self, token: Token) -> bool:
        """Whether any pattern is filed under the word's lemma (or its form, the lemma with a
        prefix split off, or a base form its spelling gives): most words of an article are
        under none, and are passed over without reading their clause."""
        lemmas, verbs = self.patterns.lemmas, self.patterns.petrarch.verbs
        lemma = token.lemma_.lower()
        if lemma in lemmas or lemma in verbs or token.lower_ in verbs:
            return True
        prefixed = _prefixed_lemma(token)
        if prefixed is not None and (prefixed in lemmas or prefixed.replace("-", "") in lemmas):
            return True  # ("re-examine"; "shoot-out", filed as "shootout")
        return any(form in lemmas for form in _surface_lemmas(token))  # "caned" (→ "can")

    def _own_match(self, token: Token) -> Pattern | None:
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
        if pos == "verb" and (_adjectival(token) or nominal_participle(token)):
            return None  # "the detained protesters" name no act; "the accused" is a person
        particles = [c.lower_ for c in verb_particles(token)]
        objects = object_lemmas(token) | _shared_object_lemmas(token)
        if pos == "noun":
            objects |= _modifier_lemmas(token)
            # "an offer to acquire all the shares": what the noun's infinitive would do
            for clause in (c for c in token.children if c.dep_ == "acl" and c.tag_ == "VB"):
                objects.add(clause.lemma_.lower())
                objects.update(c.lemma_.lower() for c in clause.children if c.dep_ == "dobj")
        if clauses.infinitive_to(token) is not None:
            # The misread verb hangs as a modifier on its own object: "export(nmod) equipment".
            objects |= {token.head.lemma_.lower()} | object_lemmas(token.head)
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


def not_a_request(verb: Token) -> bool:
    """A verb of asking or calling that asks for no act: a question ("asked whether ...",
    and a bare "he asked." after the question it quotes) or a name ("called the night a
    solid win")."""
    bare = verb.pos_ == "VERB" and not any(
        c.dep_ in ("dobj", "dative", "xcomp", "ccomp", "prep", "prt", "advcl", "oprd")
        for c in verb.children
    )
    return bare or clauses.asks_a_question(verb) or clauses.names_something(verb)


def figurative_target(noun: Token, actors: ActorIndex) -> bool:
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


def _surface_lemmas(token: Token) -> list[str]:
    """The base forms a past or -ing form of a verb may have, read from its spelling: "caned"
    → cane, can; "banning" → ban."""
    word = token.lower_
    if token.tag_ in ("VBD", "VBN") and word.endswith("ed") and len(word) > 4:
        stem = word[:-2]
        forms = [word[:-1], stem]
    elif token.tag_ == "VBG" and word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        forms = [stem + "e", stem]
    else:
        return []
    if len(stem) > 2 and stem[-1] == stem[-2]:
        forms.append(stem[:-1])  # "banned"
    return [f for f in forms if f != token.lemma_.lower()]


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


def linked(one: Token, other: Token) -> bool:
    """Whether one trigger governs the other directly."""
    return one.i == other.head.i or one.head.i == other.i


def _hyphen_joined(token: Token) -> set[str]:
    """The forms of a word written with a hyphen that the tokenizer split: "fire" in "cease-
    fire" is also "ceasefire" and "cease-fire"; "fire" in "ceasefire" is left as it is."""
    doc = token.doc
    for word in (token, *(c for c in token.children if c.dep_ in ("compound", "amod"))):
        i = word.i
        if i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_:
            if not doc[i - 1].whitespace_:
                prefix = doc[i - 2].lower_
                return {f"{prefix}{word.lemma_.lower()}", f"{prefix}-{word.lemma_.lower()}"}
    return set()


# Nouns that say little by themselves: after a preposition, their compound says what the
# object is ("took part in peacekeeping operations", "joined the rescue effort").
LIGHT_NOUNS = {
    "operation",
    "mission",
    "effort",
    "force",
    "programme",
    "program",
    "activity",
    "work",
}


def object_lemmas(token: Token) -> set[str]:
    lemmas: set[str] = set()
    if token.dep_ == "acl" and token.tag_ == "VBN":
        # a participle's noun is what it was done to: "interest charged by banks", "arms
        # supplied by Iran"
        lemmas.add(token.head.lemma_.lower())
    for child in token.children:
        if child.dep_ == "ccomp" and any(
            c.dep_ in ("nsubj", "nsubjpass", "mark") for c in child.children
        ):
            lemmas.add("@clause")  # "apprehended that violence would break out": a fear
            if child.pos_ == "ADJ":
                lemmas.add(child.lemma_.lower())  # "found her guilty": a verbless clause
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                # "declared a state of siege to begin at midnight": the infinitive's subject
                # is the verb's object
                for subject in (c for c in child.children if c.dep_ == "nsubj"):
                    lemmas.add(subject.lemma_.lower())
                    lemmas.update(g.lemma_.lower() for g in clauses.prep_objects(subject, "of"))
            if child.tag_ == "VBG" and not any(c.dep_ in ("aux", "mark") for c in child.children):
                # "accept refugees fleeing the war", misread as a clause "refugees (are)
                # fleeing": the participle's subject is the verb's object
                lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ == "nsubj")
        if child.dep_ == "dobj":
            lemmas.add("@object")  # "returned two paintings to Brazil": a thing given back
            lemmas.update(_hyphen_joined(child))  # "cease-fire" is a ceasefire
        if child.dep_ == "npadvmod":
            lemmas.add(child.lemma_.lower())  # "test-fired": "test" modifies "fired"
            # "eased curfew hours", which the parser reads as a measure of time
            lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ == "compound")
        if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "dative", "xcomp", "advmod"):
            lemmas.add(child.lemma_.lower())
            if child.tag_ == "NNS" and child.lower_.endswith("s"):
                lemmas.add(child.lower_[:-1])  # "bases", which the lemmatizer makes "basis"
            if child.dep_ == "dobj":
                # "expelled diplomats and journalists"; "seized Kidal"
                lemmas.update(c.lemma_.lower() for c in child.conjuncts)
                lemmas.update(_place_object(c) for c in (child, *child.conjuncts))
                # "sent vehicles and a team of paratroopers": what a conjunct counts
                lemmas.update(
                    g.lemma_.lower()
                    for conjunct in child.conjuncts
                    for g in clauses.prep_objects(conjunct, "of")
                )
            for grandchild in child.children:
                if grandchild.dep_ in ("compound", "amod"):
                    lemmas.add(grandchild.lemma_.lower())
                elif grandchild.dep_ == "npadvmod" and child.dep_ == "dobj":
                    lemmas.add(grandchild.lemma_.lower())  # "12 dlrs a share": a price
                elif grandchild.dep_ == "prep" and grandchild.lower_ in ("of", "in"):
                    # "tons of food aid", "1.5 million euros in emergency aid"
                    for pobj in grandchild.children:
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
                    if grandchild.lower_ == "as":  # "held villagers as human shields"
                        lemmas.update(g.lemma_.lower() for g in grandchild.children)
        elif child.dep_ in ("prep", "agent"):
            lemmas.add(child.lower_)
            for pobj in child.children:
                lemmas.add(pobj.lemma_.lower())
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in LIGHT_NOUNS:
                    # "took part in peacekeeping operations": the compound says which
                    lemmas.update(c.lemma_.lower() for c in pobj.children if c.dep_ == "compound")
                if pobj.dep_ == "prep":  # "pulled out(prep) of the treaty"
                    lemmas.update(g.lemma_.lower() for g in pobj.children if g.dep_ == "pobj")
                if pobj.dep_ == "pobj" and child.lower_ == "with":
                    # "provided the army with aircraft, vehicles and weapons", "with $30
                    # billion in assistance": what is given comes after "with"
                    lemmas.update(c.lemma_.lower() for c in pobj.conjuncts)
                    lemmas.update(
                        g.lemma_.lower()
                        for prep in pobj.children
                        if prep.dep_ == "prep" and prep.lower_ in ("of", "in")
                        for g in prep.children
                    )
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


def military_clause(trigger: Token) -> bool:
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


def verb_particles(verb: Token) -> list[Token]:
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


def shared_objects(verb: Token) -> list[Token]:
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
    return {o.lemma_.lower() for obj in shared_objects(verb) for o in (obj, *obj.conjuncts)}


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
