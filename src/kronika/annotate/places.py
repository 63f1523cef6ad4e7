"""Find place names and resolve them to coordinates.

Candidates are spaCy's GPE/LOC/FAC entities, country names spaCy labels NORP, names from
kronika's region table, and capitalised names the gazetteer knows that spaCy missed or
mislabelled: countries, divisions, regions, big cities, the place part of "Tehran-based", and
any town in a "City, State" pair whose container checks out ("Pandi, Bulacan", "Long Beach,
CA"). The raw text is always kept.

Names inside organisations count ("U.S. Senate", "Athens Police Department": Athens, not the
Polish town of Police), as do datelines ("BEIRUT: ..."); month names, a one-word name after a
title ("coach Ripley") or used as the surname of a person the article names are not places.

Each name's readings are scored on their own merits (kind, population, capital) and on their
context: the container after a comma (given once, it holds for every mention of the name),
the countries the article's actors belong to (less those the place names gave them), and, in
two more passes, the countries and divisions the article's other places were resolved to, the
share of the article in each country, and the divisions it names outright ("Paris" among
Texas towns). A town named like a country needs its own county in the article. A name that
cannot be resolved is dropped without affecting any other. `confidence` says how clearly the
chosen reading beat the next one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..knowledge.geo import Gazetteer, GeoEntry, fold
from ..records import Place
from .actors import DATELINE_MARKS, aligned

PLACE_LABELS = {"GPE", "LOC", "FAC", "NORP"}
ADJECTIVE_TAGS = {"JJ", "NNPS", "JJR", "JJS"}
# Entities whose words are not places even when a town has that name ("Jackson" the person).
NOT_PLACE_LABELS = {"PERSON", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "EVENT"}
CALENDAR_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
}  # fmt: skip
# Words before a name that make it a person's ("coach Ripley", "Sen. Lincoln").
PERSON_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "sgt", "lt", "capt", "col",
    "officer", "coach", "judge", "president", "senator", "governor", "mayor", "deputy",
    "sheriff", "detective", "trooper", "pastor", "rev", "father", "sister", "brother",
    "attorney", "chief", "commissioner", "councilman", "councilwoman", "superintendent",
}  # fmt: skip
# A capitalised name spaCy did not label is taken for a place only if it is a country,
# division, region, or a city at least this big (smaller towns need a container).
MIN_UNLABELLED_CITY = 20_000
MAX_NAME_TOKENS = 5
# A country or region name is nearly always that country; a division or town of the same
# name needs its context ("Georgia" in an article about Atlanta).
KIND_PRIOR = {"country": 7.5, "region": 4.0, "feature": 4.0, "admin1": 3.0, "admin2": 1.2}


@dataclass
class Candidate:
    span: Span
    options: tuple[GeoEntry, ...]
    container: frozenset[str] = frozenset()
    strong: bool = False  # a model entity or a checked container, not just a capitalised word


class PlaceAnnotator:
    def __init__(self, nlp, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        names = sorted(
            {n for n in gazetteer.regions} | {e.name for e in gazetteer.regions.values()}
        )
        self.matcher.add("REGION", list(nlp.tokenizer.pipe(names)))

    # -- finding names -------------------------------------------------------------------

    def spans(self, doc: Doc, named: frozenset[int] = frozenset()) -> list[Span]:
        """Model entities and region names, longest first, without overlaps; `named` are
        the tokens of names the actor dictionary knows as people, organisations or peoples
        ("Obama" is not the Japanese town, nor "Malaysia" in "Malaysia Airlines" a place)."""
        spans = [e for e in doc.ents if e.label_ in PLACE_LABELS]
        for _, start, end in self.matcher(doc):
            span = Span(doc, start, end, label="REGION")
            if span[0].text[:1].isupper() or span[0].lower_ == "the":
                spans.append(span)
        spans.extend(self._gazetteer_names(doc))
        spans.sort(key=lambda s: (s.label_ == "GAZ", -(s.end - s.start), s.start))
        taken: set[int] = set()
        kept = []
        for span in spans:
            while len(span) > 1 and span[0].lower_ == "the":
                span = span[1:]
            if any(i in taken for i in range(span.start, span.end)):
                continue
            if span.label_ == "NORP" and span.root.tag_ in ADJECTIVE_TAGS:
                continue  # "Iranian" is a people, not a place
            if aligned(span[0]):
                continue  # "pro-Russia rebels" are not in Russia
            kept.append(span)
            taken.update(range(span.start, span.end))
        # One sense per article: a name read as a place once is a place wherever the model
        # took it for a person ("Alexandria woman charged ... in Alexandria").
        places = {s.text for s in kept if s.label_ in ("GPE", "LOC", "GAZ")}
        for ent in doc.ents:
            if (
                ent.label_ == "PERSON"
                and ent.text in places
                and not any(i in taken for i in range(ent.start, ent.end))
            ):
                kept.append(Span(doc, ent.start, ent.end, label="GPE"))
                taken.update(range(ent.start, ent.end))
        surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
        located = {s.text for s in kept if _located(s)}
        kept = [
            s
            for s in kept
            if (s.text in located or not self._person(s, surnames))
            and (not any(i in named for i in range(s.start, s.end)) or _in_place(s))
        ]
        return sorted(kept, key=lambda s: s.start)

    def _person(self, span: Span, surnames: set[str]) -> bool:
        """A one-word town name used as a person's name: "coach Ripley", or "Moore" in an
        article about "Adam Moore". Countries, divisions and names with a container stay."""
        if len(span) != 1 or span.label_ not in ("GPE", "GAZ"):
            return False
        before = span.doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
        if span.text not in surnames and before not in PERSON_TITLES:
            return False
        kinds = {o.kind for o in self.gazetteer.candidates(span.text)}
        return not kinds & {"country", "admin1", "region", "feature"}

    def _gazetteer_names(self, doc: Doc) -> list[Span]:
        """Capitalised names spaCy did not label as places that the gazetteer knows."""
        blocked: set[int] = set()
        people: set[int] = set()  # in a person's name only a division reads as a place
        for ent in doc.ents:
            # A one-word "person" the gazetteer knows is usually the town ("Alexandria
            # woman charged"); names inside organisations count ("U.S. Senate").
            if ent.label_ in PLACE_LABELS:
                blocked.update(range(ent.start, ent.end))
            elif ent.label_ == "PERSON" and len(ent) > 1:
                people.update(range(ent.start, ent.end))
        found = []
        after_place = -1  # where the last name found ends ("Athens| Police Department")
        capitalised = [_capitalised(token) for token in doc]  # read once, the loop looks ahead
        i = 0
        while i < len(doc):
            if not capitalised[i] or i in blocked:
                i += 1
                continue
            j = i + 1
            while (
                j < len(doc)
                and j - i < MAX_NAME_TOKENS
                and (capitalised[j] or doc[j].lower_ in NAME_JOINERS)
            ):
                j += 1
            while j > i and not capitalised[j - 1]:
                j -= 1
            matched = False
            for end in range(j, i, -1):  # the longest name first
                span = doc[i:end]
                if any(k in blocked for k in range(i, end)):
                    continue
                if any(k in people for k in range(i, end)) and not (
                    end - i > 1 and self._division(span)
                ):
                    continue  # "John Paris", but "Rapides Parish Fire" mislabelled
                inside = i == after_place and end < len(doc) and capitalised[end]
                if self._known(span, inside=inside):
                    found.append(Span(doc, i, end, label="GAZ"))
                    i, matched = end, True
                    after_place = end
                    break
            if not matched:
                i += 1
        return found

    def _division(self, span: Span) -> bool:
        kinds = {o.kind for o in self.gazetteer.candidates(span.text)}
        return bool(kinds & {"country", "admin1", "admin2", "region"})

    def _known(self, span: Span, inside: bool = False) -> bool:
        """Whether a capitalised name spaCy did not label is a place the gazetteer knows.
        `inside`: the name sits between a place and another capitalised word ("Athens
        Police Department"), where only countries, divisions and regions stand alone."""
        first = span[0]
        if first.is_sent_start and len(span) == 1 and first.pos_ != "PROPN":
            if not _dateline(span):
                return False  # "Will", "Mobile", "Reading" open a sentence
        if len(span) == 1 and first.lower_ in CALENDAR_WORDS and not _container_after(span):
            return False  # "March 4", "Monday, May 5": not the towns of March and May
        options = self.gazetteer.candidates(span.text) or self._named_with_kind(span)
        if not options:
            return False
        if any(o.kind in ("country", "admin1", "region", "feature") for o in options):
            return True
        if inside:
            return False
        following = span.doc[span.end] if span.end < len(span.doc) else None
        if following is not None and following.lower_ == "of" and len(span) == 1:
            return False  # "University of Georgia", "Bank of America"
        if any(o.kind == "admin2" for o in options) and len(span) > 1:
            return True  # "Tarrant County", "Rapides Parish"
        if _container_after(span) and self._container_codes(span):
            return True  # "Pandi, Bulacan", "Long Beach, CA"
        return (
            (first.pos_ == "PROPN" or _dateline(span))
            and options[-1].kind == "city"
            and max(o.population for o in options if o.kind == "city") >= MIN_UNLABELLED_CITY
        )

    def _named_with_kind(self, span: Span) -> tuple[GeoEntry, ...]:
        """A division named with the word for its kind, which the gazetteer lists without
        it: "Borno State", "Helmand Province", "Washington State"."""
        if len(span) < 2 or span[-1].lower_ not in DIVISION_WORDS:
            return ()
        rest = span.doc[span.start : span.end - 1].text
        following = span.doc[span.end] if span.end < len(span.doc) else None
        if rest.lower() in DIRECTION_WORDS or (following is not None and following.lower_ == "of"):
            return ()  # "the Central District of California" is no Central District
        return tuple(
            o for o in self.gazetteer.candidates(rest) if o.kind in ("admin1", "admin2", "region")
        )

    def _container(self, span: Span) -> tuple[Span | None, frozenset[str]]:
        """The container after "Name," and the codes it stands for, trying its longest
        form first ("Long Beach, Calif. police" → "Calif.")."""
        container = _container_after(span)
        if container is None:
            return None, frozenset()
        for end in range(container.end, container.start, -1):
            part = span.doc[container.start : end]
            codes = self.gazetteer.container(part.text)
            if codes:
                return part, codes
        return None, frozenset()

    def _container_codes(self, span: Span) -> frozenset[str]:
        return self._container(span)[1]

    def candidates(self, doc: Doc, named: frozenset[int] = frozenset()) -> list[Candidate]:
        found = []
        starts: set[int] = set()  # where the names found so far start
        for span in self.spans(doc, named):
            text = span.text
            if text.endswith("-based"):
                text = text.removesuffix("-based")
            options = self.gazetteer.candidates(text)
            code = self.gazetteer.abbreviations.get(text) if text.endswith(".") else None
            state = self.gazetteer.division(code) if code else None
            if state is not None:
                options = (state,)  # "Fla.", "Calif.": a state, not the Norwegian Flå
            if span.label_ == "NORP" and not (span.root.tag_ == "NNP" and _located(span)):
                # a people ("Kurds") names no town; a proper noun after "in" that the
                # model took for one ("in Samarra") is the place
                options = tuple(o for o in options if o.kind in ("country", "region", "feature"))
            if not options and len(span) > 1 and span[0].lower_ in DIRECTION_WORDS:
                # "Eastern Ukraine", "Northern Syria": a part of a country or province the
                # gazetteer has no entry for lies in it
                rest = doc[span.start + 1 : span.end].text
                options = tuple(
                    o
                    for o in self.gazetteer.candidates(rest)
                    if o.kind in ("country", "admin1", "region")
                )
            if not options:
                options = self._named_with_kind(span)
            if not options:
                continue
            where, container = self._container(span)
            if container and not any(_inside(o, container) for o in options):
                container = frozenset()
            found.append(Candidate(span, options, container, span.label_ != "GAZ"))
            starts.add(span.start)
            if container and where is not None and where.start not in starts:
                # The container is a place too; a state abbreviation only reads as one here.
                divisions = tuple(
                    self.gazetteer.division(code)
                    for code in sorted(container)
                    if self.gazetteer.division(code) is not None
                )
                if divisions:
                    found.append(Candidate(where, divisions, frozenset(), True))  # type: ignore[arg-type]
                    starts.add(where.start)
        seen: set[int] = set()
        unique = []
        for candidate in sorted(found, key=lambda c: c.span.start):
            if any(i in seen for i in range(candidate.span.start, candidate.span.end)):
                continue
            seen.update(range(candidate.span.start, candidate.span.end))
            unique.append(candidate)
        return unique

    # -- resolving them ------------------------------------------------------------------

    def __call__(
        self,
        doc: Doc,
        context_countries: Counter[str] | None = None,
        named: frozenset[int] = frozenset(),
    ) -> list[Place]:
        found = self.candidates(doc, named)
        # One sense per article: a container given once ("Dublin, Ohio") holds for every
        # mention of the name.
        keys = [fold(candidate.span.text) for candidate in found]
        shared: dict[str, frozenset[str]] = {}
        for candidate, key in zip(found, keys, strict=True):
            shared[key] = shared.get(key, frozenset()) | candidate.container
        for candidate, key in zip(found, keys, strict=True):
            candidate.container = shared[key]
        actors = self._independent(Counter(context_countries or {}), found)
        # First pass: each name on its own, with its container and the actors' countries;
        # then twice with the other names' readings as context. Each pass tallies the
        # readings once, so it takes time linear in the number of names.
        readings = [choose(c, self.gazetteer, Context(actors)) for c in found]
        for _ in range(PASSES):
            tally = Tally(found, keys, readings, self.gazetteer.admin1_codes)
            readings = [
                choose(candidate, self.gazetteer, tally.context(actors, key))
                for candidate, key in zip(found, keys, strict=True)
            ]
        places = []
        for candidate, (best, confidence) in zip(found, readings, strict=True):
            span = candidate.span
            places.append(
                Place(
                    text=span.text,
                    name=best.name,
                    country=best.country,
                    lat=best.lat,
                    lon=best.lon,
                    kind=best.kind,
                    geonames_id=best.geonames_id,
                    start=span.start_char,
                    end=span.end_char,
                    confidence=confidence,
                )
            )
        counts = Counter(p.country for p in places if p.country)
        if counts:
            top = counts.most_common(1)[0][0]
            for place in places:
                if place.country == top and place.kind == "country":
                    place.main = True
                    break
        return places

    def _independent(self, actors: Counter[str], found: list[Candidate]) -> Counter[str]:
        """The actors' countries less those the place names themselves gave them: an actor
        "Georgia" or "Dublin City Council" says nothing about which Georgia or Dublin."""
        echoed: Counter[str] = Counter()
        for candidate in found:
            codes = {o.country for o in candidate.options if o.kind == "country"}
            towns = [o for o in candidate.options if o.kind == "city"]
            if towns:
                codes.add(towns[0].country)  # the most populous: what an actor reading takes
            echoed.update(code for code in codes if code)
        return Counter({code: n - echoed[code] for code, n in actors.items() if n > echoed[code]})


# Context passes after the first reading: the second settles names on the first's readings,
# the third lets a name settled by the second ("Georgia" the state) pull the rest along.
PASSES = 2


@dataclass
class Context:
    """What the rest of an article says about where a name is."""

    actors: Counter[str]  # the actors' countries (independent of the place names)
    countries: Mapping[str, float] = field(default_factory=dict)  # weight of readings there
    divisions: Mapping[str, float] = field(default_factory=dict)
    named: Container[str] = frozenset()  # divisions the article names outright
    total: float = 0.0  # the weight of all readings in `countries`


# Weights are tallied in whole units of 1/200: a confidence has two decimals and a weak
# name counts half, so the sums are exact, and taking one name's part out of the article's
# leaves exactly the sum of the others'.
UNITS = 200


class Tally:
    """The readings of an article's names, added up once per pass: by country, by division,
    and the divisions named outright; each also by name, so that the context of one name is
    the whole article less that name's own mentions."""

    def __init__(
        self,
        found: list[Candidate],
        keys: list[str],
        readings: list[tuple[GeoEntry, float]],
        admin1_codes: Container[str],
    ):
        self.countries, self.divisions, self.named = Counter[str](), Counter[str](), Counter[str]()
        self.own: dict[str, tuple[Counter[str], Counter[str], Counter[str]]] = {}
        for other, key, (entry, confidence) in zip(found, keys, readings, strict=True):
            countries, divisions, named = self.own.setdefault(
                key, (Counter(), Counter(), Counter())
            )
            if other.container:
                named.update(c for c in other.container if c in admin1_codes)
            units = round(confidence * 100) * (2 if other.strong else 1)
            if entry.country:
                countries[entry.country] += units
            for code in entry.within:
                divisions[code] += units
            if entry.kind == "admin1" and other.strong:
                named.update(entry.within)
        for countries, divisions, named in self.own.values():
            self.countries.update(countries)
            self.divisions.update(divisions)
            self.named.update(named)
        self.total = sum(self.countries.values())

    def context(self, actors: Counter[str], key: str) -> Context:
        """What the article's other names were read as (never the name itself)."""
        countries, divisions, named = self.own[key]
        return Context(
            actors,
            countries=_Others(self.countries, countries, UNITS),
            divisions=_Others(self.divisions, divisions, UNITS),
            named=_Others(self.named, named, 1),
            total=(self.total - sum(countries.values())) / UNITS,
        )


class _Others(Mapping[str, float]):
    """A tally less one name's part of it, looked up without copying either."""

    def __init__(self, total: Counter[str], own: Counter[str], units: int):
        self.total, self.own, self.units = total, own, units

    def __getitem__(self, code: str) -> float:
        left = self.total.get(code, 0) - self.own.get(code, 0)
        if left <= 0:
            raise KeyError(code)
        return left / self.units

    def __iter__(self) -> Iterator[str]:
        return (code for code in self.total if code in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def choose(candidate: Candidate, gazetteer: Gazetteer, context: Context) -> tuple[GeoEntry, float]:
    """The most likely reading of a place name, and how sure that is (0–1)."""
    options = candidate.options
    big_towns = {
        (o.country, fold(o.name)) for o in options if o.kind == "city" and o.population >= 100_000
    }
    actors, countries, divisions = context.actors, context.countries, context.divisions
    total = context.total or 1.0

    # A town named like a country ("China", Texas; "Palestine", Texas) needs its own county
    # in the article, or a container: its state alone is not enough.
    country_name = any(o.kind == "country" for o in options)

    def local(entry: GeoEntry) -> bool:
        """Whether the article places something else in this entry's division."""
        if candidate.container and _inside(entry, candidate.container):
            return True
        if not entry.within:
            return False
        if country_name:
            return max((divisions.get(c, 0) for c in entry.within[1:]), default=0) >= 0.5
        return divisions.get(entry.within[0], 0) >= 0.5 or entry.within[0] in context.named

    def score(entry: GeoEntry) -> float:
        if entry.kind == "city":
            value = math.log10(max(entry.population, 10)) * 0.6
            if gazetteer.is_capital(entry):
                value += 1.5
        else:
            value = KIND_PRIOR.get(entry.kind, 2.0)
            if entry.kind == "admin2":  # a populous province before a town of its name
                value = max(value, math.log10(max(entry.population, 10)) / 2 - 0.3)
            if entry.kind == "admin1" and (entry.country, fold(entry.name)) in big_towns:
                value -= 1.5  # "Tehran" is the city before the province named after it
        if candidate.container and _inside(entry, candidate.container):
            value += 5.0
        if entry.country:
            value += min(actors.get(entry.country, 0), 5) * 0.3
            if countries.get(entry.country):
                # the article's country: how much of what it names lies there; a town
                # needs its own division in the article too ("Paris" among Texas towns,
                # not "China" in any American story)
                share = COUNTRY_SHARE * countries[entry.country] / total
                if entry.kind == "city" and not local(entry):
                    share /= 3
                value += 1.0 + share
        if entry.kind != "country" and entry.within:
            # a division whose towns the article names ("Georgia" next to Atlanta and Athens)
            cap = 3 if entry.kind == "admin1" else 2
            value += min(divisions.get(entry.within[0], 0), cap)
            if len(entry.within) > 1:  # the same county as other names
                value += min(max(divisions.get(code, 0) for code in entry.within[1:]), 2)
            if (
                entry.kind in ("city", "admin2")
                and entry.within[0] in context.named
                and (local(entry) or not country_name)
            ):
                value += NAMED_DIVISION  # "Paris" in an article that names Texas
        return value

    if len(options) == 1:
        return options[0], 0.9
    ranked = sorted(options, key=score, reverse=True)
    best, runner = score(ranked[0]), score(ranked[1])
    return ranked[0], round(min(0.95, 0.5 + (best - runner) / 4), 2)


NAMED_DIVISION = 2.0
COUNTRY_SHARE = 3.0


def _inside(entry: GeoEntry, codes: frozenset[str]) -> bool:
    return bool(codes & ({entry.country} | set(entry.within)))


LOCATIVE = {"in", "at", "from", "near", "to", "outside", "into", "across", "around", "of"}


# Words naming a part of a larger place: "Eastern Ukraine", "Central Anatolia".
# Words for a kind of division that follow its name ("Borno State", "Helmand Province").
DIVISION_WORDS = {
    "state",
    "province",
    "region",
    "governorate",
    "prefecture",
    "oblast",
    "district",
    "county",
    "department",
    "municipality",
    "territory",
    "division",
    "emirate",
    "canton",
    "voivodeship",
    "krai",
    "parish",
}

DIRECTION_WORDS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "upper",
    "lower",
}


def _in_place(span: Span) -> bool:
    """A name plainly used as a place: "in Obama", "Obama, Fukui" (not "of UN troops")."""
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before in ("in", "at", "near", "outside") or _container_after(span) is not None


def _located(span: Span) -> bool:
    """A name used as a place: "in Sochi", "Sochi, Russia"."""
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before in LOCATIVE or _container_after(span) is not None


def _capitalised(token) -> bool:
    """A capitalised word, abbreviations included ("U.S.", "St.")."""
    return token.text[:1].isupper() and (token.is_alpha or token.text.replace(".", "").isalpha())


def _dateline(span: Span) -> bool:
    """ "BEIRUT: ..." / "EAST HAMPTON — ..." opening a story."""
    doc = span.doc
    return (
        span.text.isupper()
        and len(span.text) > 2
        and span.end < len(doc)
        and doc[span.end].text in DATELINE_MARKS
    )


# Words that may continue a capitalised name besides capitalised ones ("Bay of Bengal").
NAME_JOINERS = frozenset({"of", "de", "la", "del", "el", "-"})


def _container_after(span: Span) -> Span | None:
    """The capitalised words after "Name," ("Long Beach, CA", "Pandi, Bulacan"), if any."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    start = end = span.end + 1
    while (
        end < len(doc) and end - start < 3 and (doc[end].text[:1].isupper() or doc[end].text == ".")
    ):
        end += 1
    return doc[start:end] if end > start else None
