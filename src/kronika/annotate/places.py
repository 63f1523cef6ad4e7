"""Find place names and resolve them to coordinates.

Candidates are spaCy's GPE/LOC/FAC entities, country names spaCy labels NORP, names from
kronika's region table, and capitalised names the gazetteer knows that spaCy missed or
mislabelled: countries, divisions, regions, big cities, the place part of "Tehran-based", and
any town in a "City, State" pair whose container checks out ("Pandi, Bulacan", "Long Beach,
CA"). The raw text is always kept.

Each name's readings are scored on their own merits (kind, population, capital) and on their
context: the container after a comma, the countries the article's actors belong to, and, in a
second pass, the countries and divisions the article's other places were resolved to. A name
that cannot be resolved is dropped without affecting any other. `confidence` says how clearly
the chosen reading beat the next one.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..knowledge.geo import Gazetteer, GeoEntry, fold
from ..records import Place

PLACE_LABELS = {"GPE", "LOC", "FAC", "NORP"}
ADJECTIVE_TAGS = {"JJ", "NNPS", "JJR", "JJS"}
# Entities whose words are not places even when a town has that name ("Jackson" the person).
NOT_PLACE_LABELS = {"PERSON", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "EVENT"}
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

    def spans(self, doc: Doc) -> list[Span]:
        """Model entities and region names, longest first, without overlaps."""
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
        return sorted(kept, key=lambda s: s.start)

    def _gazetteer_names(self, doc: Doc) -> list[Span]:
        """Capitalised names spaCy did not label as places that the gazetteer knows."""
        blocked = set()
        for ent in doc.ents:
            if ent.label_ in NOT_PLACE_LABELS or ent.label_ in PLACE_LABELS:
                blocked.update(range(ent.start, ent.end))
        found = []
        i = 0
        while i < len(doc):
            if not _capitalised(doc[i]) or i in blocked:
                i += 1
                continue
            j = i
            while j < len(doc) and j - i < MAX_NAME_TOKENS and _name_part(doc[j], j == i):
                j += 1
            while j > i and not _capitalised(doc[j - 1]):
                j -= 1
            matched = False
            for end in range(j, i, -1):  # the longest name first
                span = doc[i:end]
                if any(k in blocked for k in range(i, end)):
                    continue
                if self._known(span):
                    found.append(Span(doc, i, end, label="GAZ"))
                    i, matched = end, True
                    break
            if not matched:
                i += 1
        return found

    def _known(self, span: Span) -> bool:
        first = span[0]
        if first.is_sent_start and len(span) == 1 and first.pos_ != "PROPN":
            return False  # "Will", "Mobile", "Reading" open a sentence
        options = self.gazetteer.candidates(span.text)
        if not options:
            return False
        if any(o.kind in ("country", "admin1", "region", "feature") for o in options):
            return True
        if any(o.kind == "admin2" for o in options) and len(span) > 1:
            return True  # "Tarrant County", "Rapides Parish"
        if _container_after(span) and self._container_codes(span):
            return True  # "Pandi, Bulacan", "Long Beach, CA"
        return (
            first.pos_ == "PROPN"
            and options[-1].kind == "city"
            and max(o.population for o in options if o.kind == "city") >= MIN_UNLABELLED_CITY
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

    def candidates(self, doc: Doc) -> list[Candidate]:
        found = []
        for span in self.spans(doc):
            text = span.text
            if text.endswith("-based"):
                text = text.removesuffix("-based")
            options = self.gazetteer.candidates(text)
            if span.label_ == "NORP":
                options = tuple(o for o in options if o.kind in ("country", "region", "feature"))
            if not options:
                continue
            where, container = self._container(span)
            if container and not any(_inside(o, container) for o in options):
                container = frozenset()
            found.append(Candidate(span, options, container, span.label_ != "GAZ"))
            if (
                container
                and where is not None
                and not any(c.span.start == where.start for c in found)
            ):
                # The container is a place too; a state abbreviation only reads as one here.
                divisions = tuple(
                    self.gazetteer.division(code)
                    for code in sorted(container)
                    if self.gazetteer.division(code) is not None
                )
                if divisions:
                    found.append(Candidate(where, divisions, frozenset(), True))  # type: ignore[arg-type]
        seen: set[int] = set()
        unique = []
        for candidate in sorted(found, key=lambda c: c.span.start):
            if any(i in seen for i in range(candidate.span.start, candidate.span.end)):
                continue
            seen.update(range(candidate.span.start, candidate.span.end))
            unique.append(candidate)
        return unique

    # -- resolving them ------------------------------------------------------------------

    def __call__(self, doc: Doc, context_countries: Counter[str] | None = None) -> list[Place]:
        found = self.candidates(doc)
        actors: Counter[str] = Counter(context_countries or {})
        # First pass: each name on its own, with its container and the actors' countries.
        first = [choose(c, self.gazetteer, actors, Counter(), Counter()) for c in found]
        places = []
        for index, candidate in enumerate(found):
            # Second pass: the other names' readings as context (never the name itself).
            countries: Counter[str] = Counter()
            divisions: Counter[str] = Counter()
            for other, (entry, confidence) in zip(found, first, strict=True):
                if other is candidate or fold(other.span.text) == fold(candidate.span.text):
                    continue
                weight = confidence if other.strong else confidence / 2
                if entry.country:
                    countries[entry.country] += weight
                for code in entry.within:
                    divisions[code] += weight
            best, confidence = choose(candidate, self.gazetteer, actors, countries, divisions)
            del index
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


def choose(
    candidate: Candidate,
    gazetteer: Gazetteer,
    actors: Counter[str],
    countries: Counter[str],
    divisions: Counter[str],
) -> tuple[GeoEntry, float]:
    """The most likely reading of a place name, and how sure that is (0–1)."""
    options = candidate.options
    big_towns = {
        (o.country, fold(o.name)) for o in options if o.kind == "city" and o.population >= 100_000
    }

    def score(entry: GeoEntry) -> float:
        if entry.kind == "city":
            value = math.log10(max(entry.population, 10)) / 2
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
                value += 1.0 + min(countries[entry.country], 5) * 0.2
        if entry.kind != "country" and entry.within:
            # a division whose towns the article names ("Georgia" next to Atlanta and Athens)
            cap = 3 if entry.kind == "admin1" else 2
            value += min(max((divisions.get(code, 0) for code in entry.within), default=0), cap)
        return value

    if len(options) == 1:
        return options[0], 0.9
    ranked = sorted(options, key=score, reverse=True)
    best, runner = score(ranked[0]), score(ranked[1])
    return ranked[0], round(min(0.95, 0.5 + (best - runner) / 4), 2)


def _inside(entry: GeoEntry, codes: frozenset[str]) -> bool:
    return bool(codes & ({entry.country} | set(entry.within)))


def _capitalised(token) -> bool:
    return token.text[:1].isupper() and token.is_alpha


def _name_part(token, first: bool) -> bool:
    """A token that may continue a capitalised name ("Long Beach", "Bay of Bengal")."""
    if _capitalised(token):
        return True
    return not first and token.lower_ in ("of", "de", "la", "del", "el", "-")


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
