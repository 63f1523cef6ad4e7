"""Recognise actor mentions and resolve them to CAMEO-style codes.

Candidates come from spaCy's entities (PERSON, ORG, GPE, NORP, LOC, FAC), from the actor
dictionaries (matched case-sensitively) and from agent nouns ("journalist", "armed forces").
Each is resolved through the dictionaries (date-restricted), the country gazetteer, and the
parse around it: modifiers and possessives in the same phrase ("Iran's armed forces",
"a Tehran-based Iranian journalist"), of-phrases ("the president of Iran") and appositions
("Kirill Semenov, a Russian expert"). Later mentions by surname or pronoun take the actor
introduced earlier, and a phrase owned by a pronoun ("its troops", "his government") takes the
country of the pronoun's antecedent when there is one clear antecedent.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..knowledge.actors import (
    CAMEO_REGIONS,
    SECTOR_CODES,
    ActorDictionary,
    Agent,
    Agents,
    Entry,
)
from ..knowledge.countries import country_code, country_names, demonyms, fold, is_demonym
from ..records import Actor
from .names import NameIndex
from .phrases import read_phrases

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
    "president",
    "chairman",
    "chairwoman",
    "chair",
    "speaker",
}
# Nouns for a body of people: "a group of tourists", "gang confederations" and "a rebel
# coalition" take the sector of what they are made of.
COLLECTIVE_NOUNS = {
    "group",
    "team",
    "band",
    "unit",
    "coalition",
    "confederation",
    "alliance",
    "network",
    "faction",
    "wing",
    "contingent",
    "committee",
    "caucus",
}
# Words whose of-phrase gives the sector: "the head of the army", "a group of tourists".
OF_PHRASE_HEADS = HEAD_WORDS | COLLECTIVE_NOUNS
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
# Nouns whose modifiers name what they belong to or are made of ("army officer", "rebel group").
PART_NOUNS = MEMBER_NOUNS | COLLECTIVE_NOUNS
ALIGNMENT_PREFIXES = {"pro", "anti"}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
# Possessive pronouns whose antecedent is a country or organisation ("France pulled its
# troops"), with the subject pronouns that stand for the same antecedent ("France said it
# would pull its troops").
POSSESSIVES_GROUP = {"its": {"it"}, "their": {"they"}}
POSSESSIVES_PERSON = {"his", "her"}
RELATIVE_PRONOUNS = {"which", "that", "who"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
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
# Capitalised titles before a name that mean more than the common noun: "Representative
# Anthony Weiner" sits in a legislature; "a UN representative" is an envoy.
NAME_TITLES = {"Representative": "lawmaker", "Delegate": "lawmaker", "Assemblyman": "lawmaker"}
# Country names that are also given names: a one-word "person" so named stays a person.
GIVEN_NAME_COUNTRIES = {"Chad", "Jordan", "Georgia", "India", "Kenya", "Israel", "Chile"}
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
    # Where each actor was added (by `id`): its place in `actors` and its tokens, so that
    # replacing one actor costs its own mentions, not a pass over a long article's index.
    _added: dict[int, list[tuple[int, range]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def add(self, actor: Actor, tokens: range) -> None:
        self._added.setdefault(id(actor), []).append((len(self.actors), tokens))
        self.actors.append(actor)
        for i in tokens:
            self.by_token[i] = actor

    def at(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)

    def before(self, offset: int) -> Iterator[Actor]:
        """The actors that start before character `offset`, the nearest first (`actors` is
        in text order once the annotator has returned the index)."""
        end = bisect_left(self.actors, offset, key=lambda actor: actor.start)
        return (self.actors[k] for k in range(end - 1, -1, -1))

    def replace(self, old: Actor, new: Actor) -> None:
        """Put `new` wherever `old` was (a phrase whose country was learnt later)."""
        added = self._added.pop(id(old), [])
        for position, tokens in added:
            if position < len(self.actors) and self.actors[position] is old:
                self.actors[position] = new
            else:  # `actors` was reordered since: look for it
                self.actors = [new if actor is old else actor for actor in self.actors]
            for i in tokens:
                if self.by_token.get(i) is old:
                    self.by_token[i] = new
        self._added.setdefault(id(new), []).extend(added)


class ActorAnnotator:
    """Finds and resolves the actors of a parsed document."""

    def __init__(
        self, nlp, dictionary: ActorDictionary, agents: Agents, *, petrarch_phrases: bool = False
    ):
        self.dictionary = dictionary
        self.agents = agents
        # A user's PETRARCH dictionaries in place of kronika's: a phrase kronika cannot
        # resolve is read as PETRARCH reads it (`phrases`)
        self.petrarch_phrases = petrarch_phrases
        # Every surface form as the dictionary writes it ("Aleksandr Lukashenko", "IRNA"),
        # matched as written and in its common capitalisations.
        self.names = NameIndex(dictionary.surfaces)

    # -- candidates -----------------------------------------------------------------------
    def candidates(self, doc: Doc) -> list[Span]:
        return self._candidates(doc)[0]

    def _candidates(self, doc: Doc) -> tuple[list[Span], dict[tuple[int, int], list[Span]]]:
        """The spans that may name actors, and the dictionary names inside each (by its
        start and end), to try when the span itself names no one."""
        spans: list[Span] = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
        for start, end in self.names.find(doc):
            spans.append(Span(doc, start, end, label="DICT"))
        for token in doc:  # datelines and headlines in capitals: "TEHRAN —"
            if token.is_upper and token.is_alpha and len(token) > 3 and not token.ent_type_:
                title = token.text.title()
                if self.dictionary.lookup(title) is not None or country_code(title):
                    spans.append(Span(doc, token.i, token.i + 1, label="GPE"))
            elif (
                # ("Seychelles", "Maldives", "Philippines": the tagger may take a plural)
                token.pos_ in ("PROPN", "NOUN")
                and not token.ent_type_
                and token.text in country_names()
                and token.text not in GIVEN_NAME_COUNTRIES
            ):  # a country name the model did not mark ("Nigeria faces criticism")
                spans.append(Span(doc, token.i, token.i + 1, label="GPE"))
            elif not token.ent_type_ and is_demonym(token.text):
                # a people's adjective the model did not mark ("Azerbaijani hackers")
                start = token.i - 1 if _two_word_demonym(token) else token.i
                spans.append(Span(doc, start, token.i + 1, label="NORP"))
            elif (
                not token.ent_type_
                and _unmarked_name(token)
                and not self._title_word(token)
                and not _two_word_demonym(token)
            ):
                # a name the model did not mark, where an actor stands ("Ostrowski said")
                start = min([token.i] + [c.i for c in token.lefts if _unmarked_name(c, part=True)])
                spans.append(Span(doc, start, token.i + 1, label="PERSON"))
        spans = _split_lists(_prefer_dictionary_heads(spans))
        # Longest first; drop spans overlapping a longer one already kept, but remember the
        # dictionary's names inside an entity: "Gondor and Arnor" tagged as one entity
        # names no one, its two names do (see `__call__`).
        spans.sort(key=lambda s: (-(s.end - s.start), s.start))
        taken: dict[int, Span] = {}
        kept: list[Span] = []
        inner: dict[tuple[int, int], list[Span]] = {}
        for candidate in spans:
            span = _trim(candidate)
            if span is None:
                continue
            holder = next((taken[i] for i in range(span.start, span.end) if i in taken), None)
            if holder is not None:
                if span.label_ == "DICT" and holder.start <= span.start and span.end <= holder.end:
                    inner.setdefault((holder.start, holder.end), []).append(span)
                continue
            kept.append(span)
            taken.update((i, span) for i in range(span.start, span.end))
        return sorted(kept, key=lambda s: s.start), inner

    # -- resolution -----------------------------------------------------------------------
    def __call__(self, doc: Doc, date: str | None = None) -> ActorIndex:
        index = ActorIndex()
        people: dict[str, Actor] = {}  # surname / full name → first resolved actor
        named_tokens: set[int] = set()
        spans, inner = self._candidates(doc)
        queue = deque(spans)
        short: dict[str, Actor] = {}  # "the European Union (EU)": the acronym, the actor
        while queue:
            span = queue.popleft()
            actor = self.resolve_named(span, date, people)
            if span.text in short and (actor is None or actor.code == "---"):
                actor = replace(
                    short[span.text],
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    how="acronym",
                )
            if actor is None:
                names = inner.pop((span.start, span.end), [])
                queue.extendleft(reversed(sorted(_disjoint(names), key=lambda s: s.start)))
                continue
            index.add(actor, range(span.start, span.end))
            named_tokens.update(range(span.start, span.end))
            acronym = _acronym_after(span)
            if acronym and actor.code and actor.code != "---" and actor.kind != "person":
                short.setdefault(acronym, actor)
            if actor.kind == "person" and actor.how != "coreference":
                people.setdefault(actor.name.lower(), actor)
                surname = _surname(actor.name)
                name = surname.title()
                if name not in country_names() or name in GIVEN_NAME_COUNTRIES:
                    # a name run into a country ("Funaro\nBrazil") does not make every
                    # later "Brazil" that person
                    people.setdefault(surname, actor)
        # Agent phrases ("the head of Iran's armed forces", "a Russian expert").
        owned: list[tuple[Actor, Token, Token]] = []  # "its troops": (actor, head, "its")
        for token in doc:
            if token.i in named_tokens or not (
                token.pos_ in ("NOUN", "PROPN") or nominal_participle(token)
            ):
                continue
            if (
                token.dep_ == "compound"
                and token.head.pos_ in ("NOUN", "PROPN")
                and not _verb_prefix(token.head)
                and (token.head.i in named_tokens or self.resolve_phrase(token.head, date).sector)
            ):
                continue  # part of a longer phrase ("police officer", "army chief")
            # ("police firing", "army shelling": a modifier that is an actor of its own)
            resolution = self.resolve_phrase(token, date)
            if resolution.sector is None:
                continue
            # "taxi drivers", "the police": a sector without a country is still an actor.
            code = actor_code(resolution.country, resolution.sector)
            start = _phrase_start(token)
            last = token.i
            if token.lemma_.lower() in OF_PHRASE_HEADS:  # "the head of the army"
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
            pronoun = _possessive_pronoun(token) if resolution.country is None else None
            if pronoun is not None:
                owned.append((actor, token, pronoun))
        # Surnames spaCy did not mark ("Semenov wrote") refer to the person named earlier.
        for token in doc:
            if token.i in named_tokens or token.pos_ != "PROPN":
                continue
            known = people.get(token.lower_)
            if known is not None and known.start < token.idx:
                index.add(_coreferent(doc, token, known), range(token.i, token.i + 1))
                named_tokens.add(token.i)
        rivals = _resolve_pronouns(doc, index, named_tokens)
        for actor, head, pronoun in owned:
            owner = _possessor(index, head, pronoun, rivals)
            if owner is not None:
                index.replace(actor, _owned_by(actor, owner, pronoun))
        if self.petrarch_phrases:
            read_phrases(
                doc,
                index,
                self.names.find(doc),
                lambda t: self.dictionary.lookup(t, date),
                self.agents,
            )
        index.actors.sort(key=lambda a: a.start)
        return index

    def resolve_named(self, span: Span, date: str | None, people: dict[str, Actor]) -> Actor | None:
        text = span.text
        if not any(c.isupper() for c in text):
            # "antiwar protesters" marked PERSON: names have capitals, unless the dictionary
            # knows the person ("President obama" in a hastily typed post)
            entry = self.dictionary.lookup(text.title(), date) if span.label_ == "PERSON" else None
            if entry is not None and entry.kind == "person":
                return self._from_entry(span, entry)
            iso3 = country_code(text, case_sensitive=False) if span.label_ == "GPE" else None
            if iso3 is None:  # ("india condemned": a place the model found, typed in lower case)
                return None
            return _actor(span, text, iso3, "country", None, "gazetteer")
        known = people.get(text.lower()) or (
            people.get(_surname(text))
            if span.label_ in ("PERSON", "NORP", "ORG") and len(span) == 1
            else None
        )
        if known is not None:
            return _actor(span, known.name, known.code, "person", known.role, "coreference")
        entry = self.dictionary.lookup(text, date) or self.dictionary.former(text, date)
        if entry is None and span.label_ == "PERSON":
            entry = self._by_surname(_strip_titles(span), date) or self._titled(span, date)
        if entry is not None:
            return self._from_entry(span, entry)
        listed = self.dictionary.person(text) if len(span) > 1 else None
        if listed is not None:
            # A known person out of office: the titles around the name give the role, the
            # dictionary at least the country ("Zimbabwe's opposition leader Morgan
            # Tsvangirai" in 2008).
            resolution = self.resolve_person(span, date)
            country = resolution.country or listed.code[:3]
            return _actor(
                span,
                listed.name,
                actor_code(country, resolution.sector),
                "person",
                resolution.role,
                resolution.how or "dictionary name",
            )
        if span.label_ in ("PERSON", "ORG") and len(span) == 1 and is_demonym(text):
            # "Azerbaijani hackers": a people's adjective the model took for a name
            return _actor(span, text, demonyms()[fold(text)], "country", None, "gazetteer")
        if (
            span.label_ == "PERSON"
            and len(span) == 1
            and text in country_names()
            and text not in GIVEN_NAME_COUNTRIES
        ):
            before = span.doc[span.start - 1].lower_ if span.start else ""
            if before not in HONORIFICS:  # "Brazil" the model took for a person; not "Mr Chad"
                return _actor(span, text, country_names()[text], "country", None, "gazetteer")
        if span.label_ == "PERSON":
            resolution = self.resolve_person(span, date)
            code = actor_code(resolution.country, resolution.sector)
            return _actor(
                span, _strip_titles(span).text, code, "person", resolution.role, resolution.how
            )
        iso3 = country_code(text)
        if iso3 is None and span.label_ in ("GPE", "LOC", "NORP"):
            iso3 = country_code(text, case_sensitive=False)  # "iSrael", "IRan" in user text
        if iso3 is not None:
            return _actor(span, text, iso3, "country", None, "gazetteer")
        place = place_code(text) if span.label_ in ("GPE", "LOC") and not _acronym(span) else None
        if place is not None:
            return _actor(span, text, place, "place", None, "gazetteer")
        if span.label_ == "ORG":
            resolution = self.resolve_phrase(span.root, date)
            place = place_code(text) if resolution.sector is None and not _acronym(span) else None
            if place is not None:  # a town spaCy took for an organisation ("Mariupol")
                return _actor(span, text, place, "place", None, "gazetteer")
            # A body no dictionary knows is still an actor, with what its name says of its
            # country and sector ("the Accountability Office", "Nigerian Bar Association"),
            # and `---` when it says nothing.
            return _actor(
                span,
                text,
                actor_code(resolution.country, resolution.sector),
                "organisation",
                resolution.role,
                resolution.how or "unresolved name",
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

    def _titled(self, span: Span, date: str | None) -> Entry | None:
        """A surname after a title ("Deputy Secretary Hicks", "Gen. Milley"): the one person
        of that surname in office on the date. Every word before the surname must belong to
        the title, so "President Joe Smith" is not taken for another Smith."""
        surname = span[-1]
        before = [t for t in span if t.i < surname.i]
        if not all(self._title_word(t) for t in before):
            return None
        before += [w for w in _modifiers(span.root) if w.i < span.start]
        if not any(self._is_title(t) for t in before):
            return None
        return self.dictionary.in_office(surname.text, date)

    def _is_title(self, token: Token) -> bool:
        """A word that is a title on its own: "Gen.", "Secretary", "President", "Deputy"."""
        if token.lower_ in TITLE_ABBREVIATIONS or token.lemma_.lower() in HEAD_WORDS:
            return True
        agent = self.agents.match([token.lemma_.lower()])
        return agent is not None and agent.kind == "person"

    def _title_word(self, token: Token) -> bool:
        """A word that may be part of a title ("Foreign" in "Foreign Minister")."""
        return (
            self._is_title(token)
            or token.lower_ in HONORIFICS
            or token.lemma_.lower() in self.agents.words
            or token.is_punct
        )

    def _from_entry(self, span: Span, entry: Entry) -> Actor:
        code = entry.code
        if code.startswith("---"):
            # Groups without a country (Hazaras, Shia) take one from the phrase around them.
            context = self.context_country(span.root)
            if context:
                code = context + code[3:]
        elif len(code) == 3 and not code.startswith(("IGO", "NGO", "IMG", "MNC")):
            # A person a dictionary gives only a country takes the sector of the title before
            # the name ("Bree Prime Minister Romendacil"), as PETRARCH adds an agent's code.
            title = self.resolve_person(span, None)
            if title.sector and title.how == "title":
                code += title.sector
        how = f"dictionary {entry.provenance}"
        actor = _actor(span, entry.name, code, entry.kind, entry.role, how)
        return replace(actor, also=entry.also) if entry.also else actor

    def resolve_person(self, span: Span, date: str | None) -> Resolution:
        """Role and country of a named person from titles and appositions around the name."""
        root = span.root
        found = Resolution(kind="person")
        # Titles inside or just before the name: "Gen.", "President", "Iran's foreign minister".
        title_lemmas = []
        titles = [  # "opposition leader Morgan Tsvangirai": the title's own modifiers too
            t
            for c in root.children
            if c.dep_ == "compound" and c.i < span.start
            for t in c.subtree
            if t is c or (t.dep_ in ("compound", "amod") and t.i < c.i)
        ]
        for token in list(span) + sorted(titles, key=lambda t: t.i):
            word = TITLE_ABBREVIATIONS.get(token.lower_, token.lemma_.lower())
            word = NAME_TITLES.get(token.text, word)
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
            # "the head of Iran's armed forces", "the president of the Riigikogu", "a group
            # of tourists": the sector is that of the of-phrase.
            if token.lemma_.lower() in OF_PHRASE_HEADS:
                for pobj in _of_objects(token):
                    if self._country_name(pobj):
                        continue  # "the president of the Soviet Union" is no trade unionist
                    inner = self._agent(pobj) or self._named_body(pobj)
                    if inner is not None:
                        agent, target = inner, pobj
            if agent is None:
                continue
            if found.sector is None:
                found.sector, found.kind, found.role = agent.sector, agent.kind, agent.phrase
                for left in _modifiers(token):
                    modifier = self._modifier(left)
                    if modifier is None:
                        continue
                    if not modifier.applies_to or found.sector in modifier.applies_to:
                        # "a former CIA official", "Jewish leaders", "state television"
                        words = left.doc[left.left_edge.i : left.i + 1].text
                        found.sector, found.role = modifier.sector, f"{words} {agent.phrase}"
            country = self.context_country(target) or (
                self.context_country(token) if target is not token else None
            )
            if country and found.country is None:
                found.country, found.how = country, "phrase"
        return found

    def _agent(self, token: Token) -> Agent | None:
        if token.pos_ not in ("NOUN", "PROPN") and not nominal_participle(token):
            return None
        head = token.lemma_.lower()
        ends = self.agents.last_words
        if not (
            head in ends
            or token.lower_ in ends
            or head in PART_NOUNS
            or (token.tag_ in ("NNP", "NNPS") and token.is_sent_start)
            or _of_objects(token)
        ):
            return None  # no agent phrase can end here (most nouns)
        lemmas = [w.lemma_.lower() for w in _modifiers(token)]
        # The word as written too: spaCy lemmatises "media" to "medium".
        # The modifiers as written too: "human rights activists" is not "human right".
        written = [w.lower_ for w in _modifiers(token)]
        agent = (
            self._agent_with_of(token, [*lemmas, head])
            or self.agents.match([*lemmas, head])
            or self.agents.match([*lemmas, token.lower_])
            or (self.agents.match([*written, head]) if written != lemmas else None)
        )
        if agent is None and token.tag_ in ("NNP", "NNPS") and token.is_sent_start:
            # "Rebels attacked ...": a capitalised plural the tagger took for a name
            for singular in (token.lower_.removesuffix("es"), token.lower_.removesuffix("s")):
                agent = agent or self.agents.match([*lemmas, singular])
        if lemmas and head in PART_NOUNS:
            # "a national intelligence agency officer", "army accountant": a member of the
            # organisation the modifiers name belongs to its sector; "gang confederations",
            # "a congressional group": a body takes the sector of what it is made of.
            for end in range(len(lemmas), 0, -1):
                inner = self.agents.match(lemmas[:end])
                if inner is None:
                    continue
                if head in COLLECTIVE_NOUNS:
                    return Agent(inner.phrase, inner.sector, "group")
                if inner.kind == "organisation":
                    return Agent(inner.phrase, inner.sector, "person")
        return agent

    def _agent_with_of(self, token: Token, words: list[str]) -> Agent | None:
        """An agent phrase that runs on into the noun's of-phrase ("the US Secretary of
        State", "the army chief of staff", "the head of the armed forces")."""
        for pobj in _of_objects(token):
            tail = [w.lemma_.lower() for w in pobj.doc[pobj.left_edge.i : pobj.i + 1]]
            for phrase in (tail, tail[1:] if len(tail) > 1 else None):
                if not phrase:
                    continue
                agent = self.agents.match([*words, "of", *phrase])
                if agent is not None and len(agent.phrase.split()) > len(phrase) + 1:
                    return agent
        return None

    def _country_name(self, token: Token) -> bool:
        """Whether a proper noun is the last word of a country's name ("the Soviet Union")
        or of a body the dictionary knows ("the European Union")."""
        if token.pos_ != "PROPN":
            return False
        text = _entity_texts(token.doc).get(token.i)
        if not text or not text.endswith(token.text):
            return False
        name = text.removeprefix("the ").removeprefix("The ")
        if country_code(name) is not None:
            return True
        entry = self.dictionary.lookup(name)
        return entry is not None and entry.code is not None and entry.code.startswith("IGO")

    def _named_body(self, token: Token) -> Agent | None:
        """The sector of a named organisation in the dictionary ("the Riigikogu" → LEG)."""
        if not token.text[:1].isupper():
            return None
        text = _entity_texts(token.doc).get(token.i, token.text)
        entry = self.dictionary.lookup(text)
        if entry is None or entry.kind == "person":
            return None
        sector = code_sector(entry.code)
        return Agent(entry.role or entry.name, sector, "organisation") if sector else None

    def _modifier(self, token: Token) -> Agent | None:
        """The modifier row for a word before a noun, hyphenated forms included ("state-run")."""
        words = token.doc[token.left_edge.i : token.i + 1].text.lower()
        return self.agents.modifiers.get(words) or self.agents.modifiers.get(token.lower_)

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
        if not token.text[:1].isupper() or aligned(token):
            return None
        text = token.text
        if token.ent_iob_ in ("B", "I"):
            text = _entity_texts(token.doc).get(token.i, text)
        entry = self.dictionary.lookup(text)
        if entry is None and text != token.text:
            # a name inside an entity no dictionary knows ("the Calenardhon Ministry of Silly
            # Walks", "Saudi Aramco")
            entry = self.dictionary.lookup(token.text)
        if entry is not None and entry.code.startswith(("IGO", "NGO")) and len(entry.code) >= 6:
            return organisation_prefix(entry.code)  # "EU legislators" → IGOEUREEC + LEG
        if entry is not None and not entry.code.startswith(("---", "IMG", "MNC")):
            return entry.code[:3]
        code = country_code(text)
        if code is None and text != token.text:
            # a two-word name inside a longer entity ("the South African Government", "the
            # New Zealand Government", "the South Sudanese Army"), before its single words
            doc = token.doc
            pairs = [doc[token.i - 1 : token.i + 1]] if token.i > 0 else []
            pairs += [doc[token.i : token.i + 2]] if token.i + 1 < len(doc) else []
            for pair in pairs:
                if all(t.is_title and t.ent_iob_ in ("B", "I") for t in pair):
                    code = country_code(pair.text)
                    if code:
                        break
            code = code or country_code(token.text)
        named = token.pos_ == "PROPN" or token.ent_type_ in ("GPE", "LOC")
        if code is None and named and token.ent_type_ != "PERSON":
            # "Kabul police", "Oxford University", "Massachusetts Institute of Technology"
            code = place_country(text, BIG_CITY) or place_country(token.text, BIG_CITY)
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


def aligned(token: Token) -> bool:
    """A country named only as what a group is for or against: "pro-Russia rebels" and
    "anti-American protesters" are not Russian or American (nor in Russia or America)."""
    doc = token.doc
    split_off = (
        token.i >= 2
        and doc[token.i - 1].text == "-"
        and doc[token.i - 2].lower_ in ALIGNMENT_PREFIXES
    )
    return split_off or token.lower_.startswith(tuple(f"{p}-" for p in ALIGNMENT_PREFIXES))


def object_before(verb: Token, clause: Token) -> Token | None:
    """The object a verb has before the clause it governs, which is who does what the clause
    says: "urged Iran to release", "called on Russia to withdraw its troops"."""
    found = None
    for child in verb.children:
        if child.i >= clause.i:
            continue
        if child.dep_ in ("dobj", "dative"):
            found = child
        elif child.dep_ == "prep" and child.lower_ == "on":
            found = next((p for p in child.children if p.dep_ == "pobj"), found)
        elif child.dep_ == "prep" and child.lower_ == "for":
            # "appealed for Egypt to release": the phrase just before the infinitive
            found = next(
                (
                    p
                    for p in child.children
                    if p.dep_ == "pobj" and p.right_edge.i + 1 == clause.left_edge.i
                ),
                found,
            )
    return found


def _acronym_after(span: Span) -> str | None:
    """The acronym in brackets just after a name: "the European Union (EU)"."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != "(" or doc[span.end + 2].text != ")":
        return None
    word = doc[span.end + 1].text
    initials = "".join(t.text[0] for t in span if t.text[:1].isupper())
    if word.isupper() and 1 < len(word) <= 6 and word[0] == initials[:1]:
        return word
    return None


def _acronym(span: Span) -> bool:
    """A short word in capitals that is not a dateline: an acronym ("GAO", the Government
    Accountability Office; "ICO"), not the town of that name."""
    text = span.text
    following = span.doc[span.end].text if span.end < len(span.doc) else ""
    return len(span) == 1 and text.isupper() and len(text) <= 4 and following not in DATELINE_MARKS


DATELINE_MARKS = {":", "-", "—", "–", "--", "("}


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


# A proper noun inside another name ("Oxford University") is taken for a city only when the
# city is this big; a place spaCy marks as one (GPE, LOC) may be a town of this size.
BIG_CITY = 100_000
TOWN = 10_000


@lru_cache(maxsize=65536)
def place_country(name: str, min_population: int) -> str | None:
    """The country a place name stands for: a region or first-level division of a single
    country ("Massachusetts" → USA, "Nagorno-Karabakh" → AZE), else a city of at least
    `min_population` people whose namesakes in other countries are all under a fifth of its
    size ("Oxford" → GBR, not the American towns)."""
    place = _place(name, min_population)
    return place[0] if place else None


@lru_cache(maxsize=65536)
def place_code(name: str) -> str | None:
    """The code of a place named as an actor: a region or division is its country (`AZE`);
    a town stands for the people who live there, coded as civilians (`UKRCVL` for
    "Mariupol"), as NGEC, PLOVER's coder, does for towns that are shelled or protest."""
    place = _place(name, TOWN)
    if place is None:
        return None
    country, kind = place
    return country + "CVL" if kind in ("city", "admin2") else country


COMPASS_WORDS = {"north", "south", "east", "west", "centre", "center", "central", "midwest"}


def _place(name: str, min_population: int) -> tuple[str, str] | None:
    """(country, kind) of the place `name` most likely stands for; see `place_country`."""
    from ..knowledge.geo import gazetteer

    if name.strip().lower().removeprefix("the ") in COMPASS_WORDS:
        return None  # "the South": a part of the article's country, not Cameroon's South
    entries = gazetteer().candidates(name)
    # kronika's own regions first ("Gaza" is Palestinian before it is a Mozambican province);
    # an area spanning countries (the Dnipro river) leaves the name to the towns.
    for kinds in (("region", "feature"), ("admin1",)):
        areas = [e for e in entries if e.kind in kinds]
        countries = {e.country for e in areas if e.country}
        if len(countries) > 1:
            return None  # "Punjab": a province of India and of Pakistan
        if countries and all(e.country for e in areas):
            return countries.pop(), "region"
        if areas:
            break  # "the Gulf" is the Gulf states, not Papua New Guinea's Gulf Province
    towns = [e for e in entries if e.kind in ("city", "admin2") and e.country]
    if not towns:
        return None
    top = max(towns, key=lambda e: e.population)
    if top.population < min_population:
        return None
    if any(t.country != top.country and t.population * 5 > top.population for t in towns):
        return None
    return (top.country, top.kind) if top.country else None


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


def _resolve_pronouns(doc: Doc, index: ActorIndex, named_tokens: set[int]) -> dict[int, set[str]]:
    """Pronouns referring back to the last person named whose gender does not clash.

    A person's gender is learnt from titles ("Mrs.", "spokeswoman") and from the pronouns
    already resolved to them, so "she" skips a man called "he" before. A pronoun before any
    person is named is an actor of unknown country and sector (`---UNK`).

    Returns, for each resolved pronoun, the countries of every person it could refer to who
    was named in its sentence or the one before (`---` for a person of unknown country): more
    than one means the pronoun is ambiguous for a country ("Putin met Macron. His aides ...")."""
    # The people named so far, the most recent last: each name with its latest mention,
    # and the countries of all its mentions. Scanning back from the latest name stops at
    # the first that fits once the names are older than the previous sentence, so a long
    # article costs time in proportion to its length.
    latest: dict[str, Actor] = {}
    countries: dict[str, set[str]] = {}
    gender: dict[str, str] = {}
    last_seen: dict[str, int] = {}  # person's name → token of their latest mention
    rivals: dict[int, set[str]] = {}
    described_in: dict[str, int] = {}  # described person → start of its sentence
    for token in doc:
        actor = index.at(token)
        described = (  # "the US ambassador ... accusing him": one person, not named
            actor is not None and token.i not in named_tokens and token.tag_ == "NN"
        )
        if actor is not None and actor.kind == "person" and (token.i in named_tokens or described):
            if described:
                described_in[actor.name] = token.sent.start
            latest.pop(actor.name, None)
            latest[actor.name] = actor
            countries.setdefault(actor.name, set()).add(actor.country or "---")
            last_seen[actor.name] = token.i
            hint = _gender_hint(doc, token)
            if hint and actor.name not in gender:
                gender[actor.name] = hint
        elif token.lower_ in PRONOUNS_PERSON and token.pos_ == "PRON":
            wanted = "f" if token.lower_ in ("she", "her", "hers") else "m"
            sentence = token.sent.start
            as_object = token.dep_ in ("dobj", "pobj", "dative")
            window = _previous_sentence_start(token)
            # "Kiir pardoned him": the object of a verb is not its subject (that would be
            # "himself")
            own_subject = _own_subject_tokens(token) if token.dep_ in ("dobj", "dative") else set()
            person: Actor | None = None
            near: set[str] = set()  # countries of the people it fits named since `window`
            for name in reversed(latest):
                if last_seen[name] < window and person is not None:
                    break
                # a person only described ("the US ambassador") is referred to as an object
                # in its own sentence ("accusing him"); "he" and "his" are more often the
                # named subject's
                if last_seen[name] in own_subject:
                    continue
                if gender.get(name, wanted) != wanted or (
                    name in described_in and not (described_in[name] == sentence and as_object)
                ):
                    continue
                if person is None:
                    person = latest[name]
                if last_seen[name] >= window:
                    near |= countries[name]
            if person is not None:
                gender.setdefault(person.name, wanted)
                index.add(_coreferent(doc, token, person), range(token.i, token.i + 1))
                rivals[token.i] = near | {person.country or "---"}
            elif not latest:
                mention = doc[token.i : token.i + 1]
                unknown = _actor(mention, token.text, "---UNK", "person", None, "pronoun")
                index.add(unknown, range(token.i, token.i + 1))
    return rivals


def _own_subject_tokens(pronoun: Token) -> set[int]:
    """The tokens of the subject of the verb a pronoun is the object of: its head and the
    words before it ("South Sudan President Salva Kiir"), not the clauses after it."""
    verb = pronoun.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    heads = [h for subject in subjects for h in (subject, *subject.conjuncts)]
    return {i for head in heads for i in range(head.left_edge.i, head.i + 1)}


def _previous_sentence_start(token: Token) -> int:
    """The first token of the sentence before `token`'s (of its own in the first sentence)."""
    sent = token.sent
    return token.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start


def _possessive_pronoun(head: Token) -> Token | None:
    """The possessive pronoun owning a phrase: "its" in "its troops", "the commander of its
    navy" and "his government"."""
    owners = [head]
    if head.lemma_.lower() in OF_PHRASE_HEADS:
        owners += _of_objects(head)
    for owner in owners:
        for child in owner.children:
            if child.dep_ == "poss" and child.i < owner.i and child.pos_ == "PRON":
                word = child.lower_
                if word in POSSESSIVES_GROUP or word in POSSESSIVES_PERSON:
                    return child
    return None


def _clause_subject(head: Token, pronoun: Token) -> Token | None:
    """The subject before `pronoun` that it most likely refers to: that of the clause holding
    the phrase headed by `head`, else of the clauses around it ("France said it would pull
    its troops", "France decided to pull its troops"), else of the previous sentence ("France
    fought in Mali. Its troops left."). None when the subject comes after the pronoun."""
    skip = POSSESSIVES_GROUP.get(pronoun.lower_, set())
    node = head
    while node.head.i != node.i:
        child, node = node, node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        if child.dep_ == "xcomp":
            # "called on Russia to withdraw its troops", "urged Iran to free its prisoners":
            # the one asked is the one the infinitive's "its" belongs to
            controller = object_before(node, child)
            if controller is not None and controller.lower_ not in skip:
                return controller
        subjects = [
            c
            for c in node.children
            if c.dep_ in SUBJECT_DEPS and head not in c.subtree and c.lower_ not in skip
        ]  # not the phrase itself, nor an "it" that stands for the antecedent too
        if not subjects:
            continue
        # The nearest before the pronoun: a dateline the parser took for a second subject
        # ("BAGHDAD, April 8 - Iraq said its troops") comes first.
        before = [c for c in subjects if c.i < pronoun.i]
        if not before:
            return None
        subject = before[-1]
        if subject.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
            subject = node.head  # "the EU, which sent its monitors"
        return subject
    sent = head.sent
    if sent.start == 0:
        return None
    previous = head.doc[sent.start - 1].sent
    return next((c for c in previous.root.children if c.dep_ in SUBJECT_DEPS), None)


def _possessor(
    index: ActorIndex, head: Token, pronoun: Token, rivals: dict[int, set[str]]
) -> Actor | None:
    """The actor a possessive pronoun refers to, when it is clear and has a country.

    "his"/"her" take the person the pronoun was resolved to, unless another person of another
    country could be meant, or the clause's subject is another person. "its"/"their" take the
    subject of the clause (see `_clause_subject`) when it is an actor with a country that
    agrees in number: "its" a country or organisation, "their" a plural or conjoined subject
    whose parts share a country."""
    subject = _clause_subject(head, pronoun)
    if pronoun.lower_ in POSSESSIVES_PERSON:
        person = index.at(pronoun)
        if person is None or person.kind != "person" or len(rivals.get(pronoun.i, ())) != 1:
            return None
        named = index.at(subject) if subject is not None else None
        if named is not None and named.kind == "person" and named.name != person.name:
            return None  # "Putin told Macron that his troops ...": whose?
        return person if _owner_country(person) else None
    if subject is None:
        return None
    parts = [subject, *subject.conjuncts]
    actors = [index.at(part) for part in parts]
    if any(a is None for a in actors):
        return None
    countries = {_owner_country(a) for a in actors if a is not None}
    if len(countries) != 1 or None in countries:
        return None  # "The United States and Britain sent their forces": whose?
    owner = actors[0]
    assert owner is not None
    plural = len(parts) > 1 or subject.tag_ in ("NNS", "NNPS")
    if pronoun.lower_ == "its":
        if owner.kind == "person" or (plural and owner.kind != "country"):
            return None  # "the United States" is plural in form, one country in fact
    elif not plural:
        return None  # "Russia said their troops ...": likely someone else's troops
    return owner


def _owner_country(actor: Actor) -> str | None:
    """The country part an owned phrase takes from its owner: `FRA` from FRA or FRAGOV, the
    organisation from an IGO or NGO (`IGOEUREEC` from the EU); none from a company."""
    if actor.code.startswith(("IGO", "NGO")) and len(actor.code) >= 6:
        return organisation_prefix(actor.code)
    if actor.country is None or actor.code.startswith(("MNC", "IMG")):
        return None
    return actor.country


def _owned_by(actor: Actor, owner: Actor, pronoun: Token) -> Actor:
    """`actor` ("its troops", ---MIL) with the country of its owner (France → FRAMIL)."""
    country = _owner_country(owner)
    assert country is not None and actor.sector is not None
    return replace(
        actor,
        code=country + actor.sector,
        country=country,  # as for "EU legislators": the organisation stands for the country
        how=f"possessive {pronoun.lower_} ({owner.name})",
    )


def _coreferent(doc: Doc, token: Token, person: Actor) -> Actor:
    """A later mention ("Dalirian", "he") of a person named earlier."""
    actor = _actor(
        doc[token.i : token.i + 1], person.name, person.code, "person", person.role, "coreference"
    )
    actor.antecedent = person.antecedent or person.text
    return actor


# Where a name stands when it is an actor: a subject, an object, an agent, an apposition.
ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "agent", "appos", "conj", "dative"}


def _unmarked_name(token: Token, part: bool = False) -> bool:
    """A capitalised proper noun that no entity covers, heading a phrase where an actor
    stands (or, with `part`, a name word before such a head: "Jan Ostrowski")."""
    if token.pos_ != "PROPN" or not token.is_title or token.ent_type_ or not token.is_alpha:
        return False
    if part:
        return token.dep_ in ("compound", "flat") and token.i < token.head.i
    if token.dep_ not in ACTOR_DEPS or len(token) < 3:
        return False
    if token.dep_ == "pobj" and token.head.lower_ in ("in", "at", "near", "outside", "of"):
        return False  # "in Eldoret", "the town of Eldoret": a place more likely than a name
    return country_code(token.text) is None and place_code(token.text) is None


def nominal_participle(token: Token) -> bool:
    """A participle used as a noun with its article: "the accused were arrested", "remanded
    the accused", "the injured were taken to hospital"."""
    return (
        token.tag_ in ("VBN", "VBD")
        and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        and not any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj", "aux", "auxpass") for c in token.children
        )
    )


def _verb_prefix(token: Token) -> bool:
    """Whether a word is the prefix the tokenizer split off a verb ("lathi" in
    "lathi-charged"), which the parser may read as a noun with the verb's subject on it."""
    doc = token.doc
    return (
        token.i + 2 < len(doc)
        and not token.whitespace_
        and doc[token.i + 1].text == "-"
        and not doc[token.i + 1].whitespace_
        and doc[token.i + 2].pos_ == "VERB"
    )


def _two_word_demonym(token: Token) -> bool:
    """Whether a word ends a two-word people's name ("Sierra Leonean", "South Sudanese")."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return before.is_title and is_demonym(f"{before.text} {token.text}")


def _prefer_dictionary_heads(spans: list[Span]) -> list[Span]:
    """Drop an entity span that is a dictionary name with only a people's adjective or a
    country before it ("Iranian Revolutionary Guards", "the Iranian Foreign Ministry"): the
    dictionary name is the actor, and the adjective its own mention of the country."""
    starts_by_end: dict[int, list[int]] = {}
    for span in spans:
        if span.label_ == "DICT":
            starts_by_end.setdefault(span.end, []).append(span.start)
    kept = []
    for span in spans:
        inner = [s for s in starts_by_end.get(span.end, ()) if span.start < s < span.end]
        if span.label_ != "DICT" and inner:
            lead = span.doc[span.start : min(inner)]
            if all(t.lower_ == "the" or is_demonym(t.text) or country_code(t.text) for t in lead):
                continue
        kept.append(span)
    return kept


LIST_WORDS = frozenset({",", "and", "or", "&", "the", "nor", "neither", "both"})


def _split_lists(spans: list[Span]) -> list[Span]:
    """Drop an entity span that only lists dictionary names ("Arnor, Osgiliath and Gondor",
    "Britain and France" tagged as one entity): each name is an actor of its own. A name that
    is itself a dictionary entry ("Bosnia and Herzegovina") stays whole."""
    names: dict[int, list[Span]] = {}  # first token → the dictionary names starting there
    for name in spans:
        if name.label_ == "DICT":
            names.setdefault(name.start, []).append(name)
    kept = []
    for span in spans:
        if span.label_ != "DICT":
            within = [
                n
                for k in range(span.start, span.end)
                for n in names.get(k, ())
                if n.end <= span.end
            ]
            if not any(n.start == span.start and n.end == span.end for n in within):
                inside = _disjoint(within)
                covered = {i for n in inside for i in range(n.start, n.end)}
                rest = [t for t in span if t.i not in covered]
                if len(inside) > 1 and all(t.lower_ in LIST_WORDS for t in rest):
                    continue
        kept.append(span)
    return kept


def _disjoint(spans: list[Span]) -> list[Span]:
    """The longest of overlapping spans, the others dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return kept


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


def _modifiers(token: Token) -> list[Token]:
    """The compounds and adjectives before a noun, nested ones included, in text order
    ("a national intelligence agency officer" → national, intelligence, agency)."""
    start = _phrase_start(token)
    words: list[Token] = []
    for child in token.lefts:
        if child.dep_ in ("compound", "amod") and child.i >= start:
            words.extend(w for w in child.subtree if w.dep_ in ("compound", "amod"))
    return words


def _of_objects(token: Token) -> list[Token]:
    """The objects of the of-phrases attached to `token` ("head of the army" → army)."""
    return [
        pobj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def actor_code(country: str | None, sector: str | None) -> str:
    """The code of an actor from its country (or organisation) and sector. The staff of an
    international organisation are the organisation: "UN inspectors" and "an EU official" are
    IGOUNO and IGOEUREEC, for GOV is the government of a state."""
    if sector == "GOV" and country and country.startswith(("IGO", "NGO")):
        sector = None
    return (country or "---") + (sector or "")


def organisation_prefix(code: str) -> str:
    """The part of an IGO/NGO/IMG/MNC code that names the organisation: the prefix and its
    organisation chunks, which may start with a CAMEO region (`IGOEUREECLEG` → IGOEUREEC,
    `IGOUNOJUD` → IGOUNO)."""
    end = 6
    if code[3:6] in CAMEO_REGIONS and len(code) >= 9 and code[6:9] not in SECTOR_CODES:
        end = 9
    return code[:end]


def code_sector(code: str) -> str | None:
    """The first sector chunk of a code: `IRNMIL` → MIL, `IGOEUREECLEG` → LEG, `IGOUNO` →
    None (after IGO, NGO, IMG and MNC the next chunks name the organisation)."""
    if code.startswith(("IGO", "NGO", "IMG", "MNC")):
        return code[len(organisation_prefix(code)) :][:3] or None
    return code[3:6] or None


def _appositions(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "appos"]
