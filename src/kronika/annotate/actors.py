"""Recognise actor mentions and resolve them to CAMEO-style codes.

Candidates come from spaCy's entities (PERSON, ORG, GPE, NORP, LOC, FAC), from the actor
dictionaries (matched case-sensitively) and from agent nouns ("journalist", "armed forces").
Each is resolved through the dictionaries (date-restricted), the country gazetteer, and the
parse around it: modifiers and possessives in the same phrase ("Iran's armed forces",
"a Tehran-based Iranian journalist"), of-phrases ("the president of Iran") and appositions
("Kirill Semenov, a Russian expert"). Later mentions by surname or pronoun take the actor
introduced earlier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..knowledge.actors import ActorDictionary, Agent, Agents, Entry
from ..knowledge.countries import country_code
from ..records import Actor

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "npadvmod", "nummod"}
OF_PREPS = {"of", "from", "in"}
HEAD_WORDS = {
    "head",
    "chief",
    "member",
    "leader",
    "commander",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "representative",
    "envoy",
    "minister",
    "director",
    "secretary",
}
MEMBER_NOUNS = {
    "officer",
    "official",
    "member",
    "employee",
    "worker",
    "staff",
    "agent",
    "accountant",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "source",
    "chief",
    "head",
    "personnel",
}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
TITLE_ABBREVIATIONS = {
    "gen.": "general",
    "gen": "general",
    "col.": "officer",
    "lt.": "officer",
    "maj.": "officer",
    "adm.": "commander",
    "sen.": "senator",
    "rep.": "lawmaker",
    "gov.": "governor",
    "pres.": "president",
    "sgt.": "soldier",
    "capt.": "officer",
    "brig.": "general",
}
HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "prof.", "sir"}


def split_code(code: str) -> tuple[str | None, str | None]:
    """`IRNMIL` → ("IRN", "MIL"); `IGOUNO` → ("IGO", "UNO"); `---REB` → (None, "REB")."""
    country = code[:3]
    sector = code[3:] or None
    return (None if country == "---" else country), sector


@dataclass
class Resolution:
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    kind: str | None = None
    how: str = ""


@dataclass
class ActorIndex:
    """The actors of one document and the tokens they cover."""

    actors: list[Actor] = field(default_factory=list)
    by_token: dict[int, Actor] = field(default_factory=dict)

    def add(self, actor: Actor, tokens: range) -> None:
        self.actors.append(actor)
        for i in tokens:
            self.by_token[i] = actor

    def at(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)


class ActorAnnotator:
    """Finds and resolves the actors of a parsed document."""

    def __init__(self, nlp, dictionary: ActorDictionary, agents: Agents):
        self.dictionary = dictionary
        self.agents = agents
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Every surface form as the dictionary writes it ("Aleksandr Lukashenko", "IRNA");
        # forms without a capital letter ("blue helmets") are left to the parser.
        surfaces = {form for form in dictionary.surfaces if any(c.isupper() for c in form)}
        # Match each name as written and in its common capitalisations.
        for form in list(surfaces):
            if not form.isupper() or len(form) > 3:  # "HAMAS" → "Hamas"; "UN" stays
                surfaces.add(form.title())
        self.matcher.add("DICT", list(nlp.tokenizer.pipe(sorted(surfaces))))

    # -- candidates -----------------------------------------------------------------------
    def candidates(self, doc: Doc) -> list[Span]:
        spans: list[Span] = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
        for _, start, end in self.matcher(doc):
            spans.append(Span(doc, start, end, label="DICT"))
        for token in doc:  # datelines and headlines in capitals: "TEHRAN —"
            if token.is_upper and token.is_alpha and len(token) > 3 and not token.ent_type_:
                title = token.text.title()
                if self.dictionary.lookup(title) is not None or country_code(title):
                    spans.append(Span(doc, token.i, token.i + 1, label="GPE"))
        # Longest first; drop spans overlapping a longer one already kept.
        spans.sort(key=lambda s: (-(s.end - s.start), s.start))
        taken: set[int] = set()
        kept: list[Span] = []
        for candidate in spans:
            span = _trim(candidate)
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            kept.append(span)
            taken.update(range(span.start, span.end))
        return sorted(kept, key=lambda s: s.start)

    # -- resolution -----------------------------------------------------------------------
    def __call__(self, doc: Doc, date: str | None = None) -> ActorIndex:
        index = ActorIndex()
        people: dict[str, Actor] = {}  # surname / full name → first resolved actor
        named_tokens: set[int] = set()
        for span in self.candidates(doc):
            actor = self.resolve_named(span, date, people)
            if actor is None:
                continue
            index.add(actor, range(span.start, span.end))
            named_tokens.update(range(span.start, span.end))
            if actor.kind == "person" and actor.how != "coreference":
                people.setdefault(actor.name.lower(), actor)
                people.setdefault(_surname(actor.name), actor)
        # Agent phrases ("the head of Iran's armed forces", "a Russian expert").
        for token in doc:
            if token.i in named_tokens or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
                continue
            resolution = self.resolve_phrase(token, date)
            if resolution.sector is None:
                continue
            # "taxi drivers", "the police": a sector without a country is still an actor.
            code = (resolution.country or "---") + resolution.sector
            start = _phrase_start(token)
            last = token.i
            if token.lemma_.lower() in HEAD_WORDS:  # "the head of Iran's armed forces"
                of = next(
                    (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None
                )
                last = of.right_edge.i if of is not None else last
            actor = Actor(
                text=doc[start : last + 1].text,
                name=doc[start : last + 1].text,
                code=code,
                country=resolution.country,
                sector=resolution.sector,
                kind=resolution.kind or "group",
                role=resolution.role,
                start=doc[start].idx,
                end=doc[last].idx + len(doc[last]),
                how=resolution.how,
            )
            index.add(actor, range(token.i, token.i + 1))
        # Surnames spaCy did not mark ("Semenov wrote") refer to the person named earlier.
        for token in doc:
            if token.i in named_tokens or token.pos_ != "PROPN":
                continue
            known = people.get(token.lower_)
            if known is not None and known.start < token.idx:
                index.add(_coreferent(doc, token, known), range(token.i, token.i + 1))
                named_tokens.add(token.i)
        # Pronouns referring back to the last person named whose gender does not clash:
        # a person's gender is learnt from titles ("Mrs.", "spokeswoman") and from the
        # pronouns already resolved to them, so "she" skips a man called "he" before.
        recent: list[Actor] = []
        gender: dict[str, str] = {}
        for token in doc:
            actor = index.at(token)
            if actor is not None and actor.kind == "person" and token.i in named_tokens:
                if actor in recent:
                    recent.remove(actor)
                recent.append(actor)
                hint = _gender_hint(doc, token)
                if hint and actor.name not in gender:
                    gender[actor.name] = hint
            elif token.lower_ in PRONOUNS_PERSON and token.pos_ == "PRON" and recent:
                wanted = "f" if token.lower_ in ("she", "her", "hers") else "m"
                person = next(
                    (p for p in reversed(recent) if gender.get(p.name, wanted) == wanted), None
                )
                if person is None:
                    continue
                gender.setdefault(person.name, wanted)
                index.add(_coreferent(doc, token, person), range(token.i, token.i + 1))
        index.actors.sort(key=lambda a: a.start)
        return index

    def resolve_named(self, span: Span, date: str | None, people: dict[str, Actor]) -> Actor | None:
        text = span.text
        known = people.get(text.lower()) or (
            people.get(_surname(text))
            if span.label_ in ("PERSON", "NORP", "ORG") and len(span) == 1
            else None
        )
        if known is not None:
            return _actor(span, known.name, known.code, "person", known.role, "coreference")
        entry = self.dictionary.lookup(text, date) or self.dictionary.former(text, date)
        if entry is None and span.label_ == "PERSON":
            entry = self._by_surname(_strip_titles(span), date)
        if entry is not None:
            return self._from_entry(span, entry)
        if span.label_ == "PERSON":
            resolution = self.resolve_person(span, date)
            code = (resolution.country or "---") + (resolution.sector or "")
            return _actor(
                span, _strip_titles(span).text, code, "person", resolution.role, resolution.how
            )
        iso3 = country_code(text)
        if iso3 is not None:
            return _actor(span, text, iso3, "country", None, "gazetteer")
        if span.label_ == "ORG":
            resolution = self.resolve_phrase(span.root, date)
            if resolution.country and resolution.sector:
                return _actor(
                    span,
                    text,
                    resolution.country + resolution.sector,
                    "organisation",
                    resolution.role,
                    resolution.how,
                )
        return None

    def _by_surname(self, name: Span, date: str | None) -> Entry | None:
        """A person whose first name is spelled differently ("Aleksandr Lukashenko" for
        "Alexander Lukashenko"): the surname must be a listed short form of a person whose
        first name starts with the same letter."""
        if len(name) < 2:
            return None
        entry = self.dictionary.lookup(name[-1].text, date) or self.dictionary.former(
            name[-1].text, date
        )
        if entry is None or entry.kind != "person":
            return None
        if entry.name[:1].lower() != name[0].text[:1].lower():
            return None
        return entry

    def _from_entry(self, span: Span, entry: Entry) -> Actor:
        code = entry.code
        if code.startswith("---"):
            # Groups without a country (Hazaras, Shia) take one from the phrase around them.
            context = self.context_country(span.root)
            if context:
                code = context + code[3:]
        return _actor(span, entry.name, code, entry.kind, entry.role, f"dictionary {entry.origin}")

    def resolve_person(self, span: Span, date: str | None) -> Resolution:
        """Role and country of a named person from titles and appositions around the name."""
        root = span.root
        found = Resolution(kind="person")
        # Titles inside or just before the name: "Gen.", "President", "Iran's foreign minister".
        title_lemmas = []
        for token in list(span) + [c for c in root.children if c.dep_ == "compound"]:
            word = TITLE_ABBREVIATIONS.get(token.lower_, token.lemma_.lower())
            if token.ent_type_ != "PERSON" or word in TITLE_ABBREVIATIONS.values():
                title_lemmas.append(word)
        agent = self.agents.match(title_lemmas) if title_lemmas else None
        if agent is None:
            for token in span:
                agent = self.agents.match([TITLE_ABBREVIATIONS.get(token.lower_, "")])
                if agent:
                    break
        if agent is not None:
            found.sector, found.role, found.how = agent.sector, agent.phrase, "title"
        found.country = self.context_country(root)
        # Appositions: "X, a Russian expert"; "X, the head of Iran's armed forces".
        for appos in _appositions(root):
            res = self.resolve_phrase(appos, date)
            found.role = found.role or _phrase_text(appos)
            found.country = found.country or res.country
            found.sector = found.sector or res.sector
            found.how = found.how or "apposition"
        # The person is the apposition: "Iran's foreign minister, X".
        if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
            res = self.resolve_phrase(root.head, date)
            found.country = found.country or res.country
            found.sector = found.sector or res.sector
            found.role = found.role or (res.role and _phrase_text(root.head))
        return found

    def resolve_phrase(self, head: Token, date: str | None) -> Resolution:
        """Country and sector of a noun phrase headed by `head`, following conjuncts."""
        found = Resolution()
        for token in [head, *[c for c in head.conjuncts if c.i > head.i]]:
            agent = self._agent(token)
            target = token
            # "the head of Iran's armed forces": the sector is that of the of-phrase.
            if token.lemma_.lower() in HEAD_WORDS:
                for prep in token.children:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                inner = self._agent(pobj)
                                if inner is not None:
                                    agent, target = inner, pobj
            if agent is None:
                continue
            if found.sector is None:
                found.sector, found.kind, found.role = agent.sector, agent.kind, agent.phrase
                for left in token.lefts:
                    modifier = self.agents.modifiers.get(left.lower_)
                    if modifier is not None:  # "a former CIA official", "Jewish leaders"
                        found.sector, found.role = modifier.sector, f"{left.text} {agent.phrase}"
            country = self.context_country(target) or (
                self.context_country(token) if target is not token else None
            )
            if country and found.country is None:
                found.country, found.how = country, "phrase"
        return found

    def _agent(self, token: Token) -> Agent | None:
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        lemmas = [
            c.lemma_.lower()
            for c in token.lefts
            if c.dep_ in ("compound", "amod") and c.i >= _phrase_start(token)
        ]
        head = token.lemma_.lower()
        agent = self.agents.match([*lemmas, head])
        if lemmas and head in MEMBER_NOUNS:
            # "a national intelligence agency officer", "army accountant": a member of the
            # organisation the modifiers name belongs to its sector.
            for end in range(len(lemmas), 0, -1):
                inner = self.agents.match(lemmas[:end])
                if inner is not None and inner.kind == "organisation":
                    return Agent(inner.phrase, inner.sector, "person")
        return agent

    def context_country(self, head: Token, depth: int = 0) -> str | None:
        """A country named inside the phrase of `head`: modifiers, possessives, of-phrases
        ("the mayor of the West Bank city of Nablus", "ministers from the Georgian
        government")."""
        modifiers = [c for c in head.children if c.dep_ in MODIFIER_DEPS and c.i < head.i]
        for child in modifiers:
            code = self._token_country(child)
            if code:
                return code
        for child in modifiers:
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                continue  # a clause misread as a modifier, not part of the name
            for grandchild in child.subtree:  # "Tehran-based", "Iran's official"
                if grandchild is not child and grandchild.i < head.i:
                    code = self._token_country(grandchild)
                    if code:
                        return code
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in OF_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        code = self._token_country(pobj)
                        if code is None and depth < 2:
                            code = self.context_country(pobj, depth + 1)
                        if code:
                            return code
        return None

    def _token_country(self, token: Token) -> str | None:
        if not token.text[:1].isupper():
            return None
        text = token.text
        if token.ent_iob_ in ("B", "I"):
            text = _entity_texts(token.doc).get(token.i, text)
        entry = self.dictionary.lookup(text)
        if entry is not None and entry.code.startswith(("IGO", "NGO")) and len(entry.code) >= 6:
            return entry.code[:6]  # "EU legislators" → IGOEUR + LEG
        if entry is not None and not entry.code.startswith(("---", "IMG", "MNC")):
            return entry.code[:3]
        code = country_code(text) or (country_code(token.text) if text != token.text else None)
        if code is None and token.pos_ == "PROPN":
            code = city_country(text)  # "Kabul police", "Oxford University"
        return code


FEMALE_WORDS = {
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "miss",
    "madam",
    "lady",
    "dame",
    "queen",
    "princess",
    "spokeswoman",
    "chairwoman",
    "congresswoman",
    "businesswoman",
}
MALE_WORDS = {
    "mr.",
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "spokesman",
    "chairman",
    "congressman",
    "businessman",
}


def _surname(name: str) -> str:
    """The last word of a name, lower-cased ("" for a name with no word characters)."""
    words = name.split()
    return words[-1].lower() if words else ""


def _gender_hint(doc: Doc, token: Token) -> str | None:
    """ "f" or "m" from a title or role word within two tokens before a name, else None."""
    for word in doc[max(0, token.i - 3) : token.i]:
        if word.lower_ in FEMALE_WORDS:
            return "f"
        if word.lower_ in MALE_WORDS:
            return "m"
    return None


def _entity_texts(doc: Doc) -> dict[int, str]:
    """Token index → text of the entity it is in; computed once per document (spaCy builds
    `doc.ents` anew on every access)."""
    cached = doc.user_data.get("kronika_entity_texts")
    if cached is None:
        cached = {i: ent.text for ent in doc.ents for i in range(ent.start, ent.end)}
        doc.user_data["kronika_entity_texts"] = cached
    return cached


@lru_cache(maxsize=65536)
def city_country(name: str) -> str | None:
    """The country of a big city named `name` ("Kabul" → AFG), if every big city of that
    name is in the same country; small towns are too ambiguous to say."""
    from ..knowledge.geo import cities

    big = {c.country for c in cities(name) if c.population >= 200_000}
    return big.pop() if len(big) == 1 else None


def _actor(span: Span, name: str, code: str, kind: str, role: str | None, how: str) -> Actor:
    country, sector = split_code(code)
    return Actor(
        text=span.text,
        name=name,
        code=code,
        country=country,
        sector=sector,
        kind=kind,
        role=role,
        start=span.start_char,
        end=span.end_char,
        how=how,
    )


def _coreferent(doc: Doc, token: Token, person: Actor) -> Actor:
    """A later mention ("Dalirian", "he") of a person named earlier."""
    return _actor(
        doc[token.i : token.i + 1], person.name, person.code, "person", person.role, "coreference"
    )


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "'s", "’s", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    if start >= end:
        return None
    return Span(span.doc, start, end, label=span.label_)


def _strip_titles(span: Span) -> Span:
    start = span.start
    while start < span.end - 1 and (
        span.doc[start].lower_ in TITLE_ABBREVIATIONS or span.doc[start].lower_ in HONORIFICS
    ):
        start += 1
    return span.doc[start : span.end]


def _phrase_start(token: Token) -> int:
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "poss", "nmod", "npadvmod", "nummod"):
            start = min(start, child.left_edge.i)
    return start


def _phrase_text(token: Token) -> str:
    return token.doc[_phrase_start(token) : token.i + 1].text


def _appositions(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "appos"]
