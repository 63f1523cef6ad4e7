"""Find place names and resolve them to coordinates.

Candidates are spaCy's GPE/LOC/FAC entities, country-name entities spaCy labels NORP,
region names from kronika's table, and the place part of "X-based". Each candidate is
resolved independently (an unresolvable name affects no other), preferring a candidate in
a country the article already discusses, then countries and regions, then the most
populous city. The raw text is always kept.
"""

from __future__ import annotations

from collections import Counter

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..knowledge.geo import Gazetteer, GeoEntry
from ..records import Place

PLACE_LABELS = {"GPE", "LOC", "FAC", "NORP"}
ADJECTIVE_TAGS = {"JJ", "NNPS", "JJR", "JJS"}


class PlaceAnnotator:
    def __init__(self, nlp, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        names = sorted(
            {n for n in gazetteer.regions} | {e.name for e in gazetteer.regions.values()}
        )
        self.matcher.add("REGION", list(nlp.tokenizer.pipe(names)))

    def candidates(self, doc: Doc) -> list[Span]:
        spans = [e for e in doc.ents if e.label_ in PLACE_LABELS]
        for _, start, end in self.matcher(doc):
            span = Span(doc, start, end, label="REGION")
            if span[0].text[:1].isupper() or span[0].lower_ == "the":
                spans.append(span)
        spans.sort(key=lambda s: (-(s.end - s.start), s.start))
        taken: set[int] = set()
        kept = []
        for span in spans:
            while len(span) > 1 and span[0].lower_ == "the":
                span = span[1:]
            if any(i in taken for i in range(span.start, span.end)):
                continue
            if span.label_ == "NORP" and span.root.tag_ in ADJECTIVE_TAGS:
                continue  # "Iranian" is a people, not a place
            if span.label_ == "NORP" and span.root.tag_ == "JJ":
                continue
            kept.append(span)
            taken.update(range(span.start, span.end))
        return sorted(kept, key=lambda s: s.start)

    def __call__(self, doc: Doc, context_countries: Counter[str] | None = None) -> list[Place]:
        resolved: list[tuple[Span, list[GeoEntry]]] = []
        for span in self.candidates(doc):
            options = list(self.gazetteer.candidates(span.text))
            if span.label_ == "NORP":
                options = [o for o in options if o.kind in ("country", "region", "feature")]
            if options:
                resolved.append((span, options))
        # Countries the article discusses: explicit country mentions and actors' countries.
        discussed: Counter[str] = Counter(context_countries or {})
        for _, options in resolved:
            if options[0].kind == "country" and options[0].country:
                discussed[options[0].country] += 2
        places = []
        for span, options in resolved:
            best, confidence = choose(options, discussed, span)
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
        if places:
            counts = Counter(p.country for p in places if p.country)
            if counts:
                top = counts.most_common(1)[0][0]
                for place in places:
                    if place.country == top and place.kind == "country":
                        place.main = True
                        break
        return places


def choose(options: list[GeoEntry], discussed: Counter[str], span: Span) -> tuple[GeoEntry, float]:
    """Pick the most likely reading of a place name, with a confidence in [0, 1]."""
    if len(options) == 1:
        return options[0], 0.9
    # "City, Country" / "City, State": the next tokens name the container.
    following = span.doc[span.end : span.end + 3]
    container = None
    if len(following) >= 2 and following[0].text == ",":
        container = following[1].text

    def score(entry: GeoEntry) -> float:
        value = 0.0
        if entry.kind in ("country", "region", "feature"):
            value += 3.0
        elif entry.kind == "admin1":
            value += 1.5
        value += min(entry.population, 20_000_000) ** 0.25 / 20
        if entry.country and discussed.get(entry.country):
            value += 1.0 + min(discussed[entry.country], 5) * 0.2
        if container and entry.country and container.upper() in (entry.country, entry.country[:2]):
            value += 3.0
        return value

    ranked = sorted(options, key=score, reverse=True)
    best, runner = score(ranked[0]), score(ranked[1])
    return ranked[0], round(min(0.95, 0.5 + (best - runner) / 4), 2)
