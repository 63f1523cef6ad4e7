"""Typed records that every stage produces and every consumer reads.

The JSON shape of these classes is kronika's contract (see docs/schema.md): the
`extract` command, the store, the API and the exports all use `to_dict()`.
Keys may be added over time; none is renamed or removed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One article: its text (without any header) and what is known about it.

    `date` is the article's date, checked and made an ISO day on entry (`2022-05-24`; see
    `kronika.article_date` for the forms read); a value that is no date raises ValueError.
    `truncated` is the length of the full text when a reader had to cut it (see
    `kronika.readers.MAX_CHARS`), else None.
    """

    text: str
    id: str | None = None
    date: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    truncated: int | None = None

    def __post_init__(self) -> None:
        from .article_date import article_date

        self.date = article_date(self.date)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "path": self.path,
            "text": self.text,
            "truncated": self.truncated,
        }


@dataclass
class Actor:
    """A mention of an actor, resolved to a CAMEO-style code (`IRN`, `IRNMIL`, `IGOUNO`)."""

    text: str
    name: str
    code: str
    country: str | None
    sector: str | None
    kind: str
    role: str | None
    start: int
    end: int
    # Not part of the JSON contract: which mention this one refers back to.
    how: str = field(default="", repr=False)
    # Also not in the JSON: the other actors one name stands for (a PETRARCH dictionary's
    # "THE_SHIRE [FRO/BIL/SAM]"), each a side of the events the name takes part in.
    also: tuple[str, ...] = field(default=(), repr=False)
    # Also not in the JSON: for a pronoun, the words of the mention it refers back to.
    antecedent: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "kind": self.kind,
            "role": self.role,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class Place:
    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str
    geonames_id: int | None
    start: int
    end: int
    confidence: float = 0.0
    main: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DateMention:
    text: str
    value: str | None
    granularity: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Equipment:
    text: str
    name: str
    kind: str
    origin: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Span:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EventActor:
    """One side of an event: the words that name it and its actor code.

    An event without a target has `EventActor(None, None)` as its target, so that
    `event.target.code` is safe to read; that empty side is false (`if event.target:`).
    """

    text: str | None
    code: str | None

    def __bool__(self) -> bool:
        return self.text is not None or self.code is not None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "code": self.code}


@dataclass
class Event:
    source: EventActor
    target: EventActor  # EventActor(None, None) when the event has no target
    cameo: str
    cameo_name: str
    plover: dict[str, str | None]
    goldstein: float
    quad_class: int
    date: str | None
    location: dict[str, Any] | None
    negated: bool
    modality: str
    sentence: str
    trigger: Span
    rule: str
    confidence: float
    attribution: dict[str, Any] | None = None
    # Names of the weapon systems and equipment mentioned in the event's clause.
    equipment: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.target is None:  # type: ignore[comparison-overlap]
            self.target = EventActor(None, None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "cameo": self.cameo,
            "cameo_name": self.cameo_name,
            "plover": dict(self.plover),
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "date": self.date,
            "location": self.location,
            "negated": self.negated,
            "modality": self.modality,
            "sentence": self.sentence,
            "trigger": self.trigger.to_dict(),
            "rule": self.rule,
            "confidence": self.confidence,
            "attribution": self.attribution,
            "equipment": list(self.equipment),
        }


@dataclass
class Quote:
    speaker: dict[str, Any]
    text: str
    direct: bool
    verb: str | None
    start: int
    end: int
    # Where the words appeared when the text says so ("tells TRT World" → "TRT World").
    medium: str | None = None
    # The quoted pieces (`{"text", "start", "end"}`): two or more for a quote split by its
    # cue ("…," X said. "…"), whose `text` then runs from the first piece to the last.
    parts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": dict(self.speaker),
            "text": self.text,
            "direct": self.direct,
            "verb": self.verb,
            "start": self.start,
            "end": self.end,
            "medium": self.medium,
            "parts": [dict(part) for part in self.parts],
        }


@dataclass
class Extraction:
    """Everything kronika found in one document."""

    document: Document
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    equipment: list[Equipment] = field(default_factory=list)
    # What was repaired or set aside in the text before parsing ("mojibake", "page furniture
    # left out", "case restored (lower case text)"); see kronika.text.
    repairs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "repairs": list(self.repairs),
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "places": [p.to_dict() for p in self.places],
            "dates": [d.to_dict() for d in self.dates],
            "equipment": [e.to_dict() for e in self.equipment],
        }


@dataclass
class Rejected:
    """A record that could not be read, kept with where it came from and why."""

    path: str
    record: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.record is None else f"{self.path}:{self.record}"
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
