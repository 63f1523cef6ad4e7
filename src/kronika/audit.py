"""A precision check for unlabelled news: a random, seeded sample of coded events, each with
its sentence, sides, code and rule, for a person to judge right or wrong.

Gold sets measure what they cover; an audit of events from the news a user actually reads
shows what kronika gets wrong there. The same seed draws the same articles and events, so
two versions of kronika can be judged on the same sample.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from .records import Document, Event

# Modalities of events that report something as having happened (see evaluate.events).
FACTS = {"asserted", "intent"}


@dataclass
class AuditItem:
    number: int
    document: str
    date: str | None
    event: Event

    def to_dict(self) -> dict:
        event = self.event
        return {
            "number": self.number,
            "document": self.document,
            "date": self.date,
            "sentence": event.sentence,
            "source": event.source.to_dict(),
            "target": event.target.to_dict() if event.target else {"text": None, "code": None},
            "cameo": event.cameo,
            "cameo_name": event.cameo_name,
            "plover": event.plover.get("type"),
            "trigger": event.trigger.text,
            "modality": event.modality,
            "negated": event.negated,
            "rule": event.rule,
            "judgement": None,
        }


def sample_events(
    extractor,
    documents: Iterable[Document],
    *,
    events: int = 50,
    articles: int = 200,
    seed: int = 1,
    facts_only: bool = True,
) -> list[AuditItem]:
    """Draw `articles` documents at random (seeded), extract them, and draw `events` of
    their events at random (seeded), in the order they were drawn.

    With `facts_only`, only asserted and intended, non-negated events are drawn: the ones
    an event data set reports as having happened.
    """
    rng = random.Random(seed)
    pool = list(documents)
    chosen = rng.sample(pool, min(articles, len(pool)))
    found: list[tuple[str, str | None, Event]] = []
    for number, extraction in enumerate(extractor.extract_many(chosen)):
        document = extraction.document
        name = document.id or document.path or f"document {number + 1}"
        for event in extraction.events:
            if facts_only and (event.negated or event.modality not in FACTS):
                continue
            found.append((name, document.date, event))
    drawn = rng.sample(found, min(events, len(found)))
    return [
        AuditItem(number, name, date, event) for number, (name, date, event) in enumerate(drawn, 1)
    ]


def format_item(item: AuditItem) -> str:
    """One event as a person reads it to judge it."""
    event = item.event
    target = f"{event.target.text} [{event.target.code}]" if event.target else "(none)"
    lines = [
        f"#{item.number}  {item.document}  {item.date or ''}",
        f"  {event.sentence}",
        f"  {event.source.text} [{event.source.code}] → {target}",
        f"  {event.cameo} {event.cameo_name} ({event.plover.get('type') or '-'})"
        f"  trigger '{event.trigger.text}'  {event.modality}{' negated' if event.negated else ''}",
        f"  rule {event.rule}",
        "  right?  [ ] yes  [ ] side wrong  [ ] code wrong  [ ] no event",
    ]
    return "\n".join(lines)
