"""Event evaluations: the PLOVER gold standard records and PETRARCH-2's validation set."""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..records import Event, Extraction
from . import EvaluationError, gold_document, prf, register

# PLOVER's early label names, mapped to the current ones.
PLOVER_LABELS = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# Legacy CAMEO country codes in older gold data, mapped to ISO 3166-1 alpha-3.
LEGACY_COUNTRY_CODES = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "ROM": "ROU",
    "ZAR": "COD",
    "BUR": "MMR",
    "TMP": "TLS",
    "GMY": "DEU",
    "GER": "DEU",
    "UK": "GBR",
    "SAF": "ZAF",
    "SUD": "SDN",
    "KOS": "XKX",
    "SER": "SRB",
    "MAC": "MKD",
    "YUG": "YUG",
    "USR": "SUN",
}


# Modalities of events that are not reported as having happened.
NOT_FACTS = {"hypothetical", "requested", "alleged", "denied"}


def country_of(code: str | None) -> str | None:
    if not code:
        return None
    head = code[:3]
    return LEGACY_COUNTRY_CODES.get(head, head)


def reportable(extraction: Extraction) -> list[Event]:
    """Events coded as facts: not negated, not hypothetical, not merely requested, alleged
    or denied."""
    return [e for e in extraction.events if not e.negated and e.modality not in NOT_FACTS]


def primary_event(extraction: Extraction) -> Event | None:
    """The event a record is labelled with: the highest-confidence reportable event that has
    a PLOVER type (CAMEO's 01 public statements have none), first in the text on ties."""
    events = [e for e in reportable(extraction) if e.plover.get("type")]
    if not events:
        return None
    best = max(e.confidence for e in events)
    return min((e for e in events if e.confidence == best), key=lambda e: e.trigger.start)


def _actors(value: Any) -> list[dict]:
    if isinstance(value, list):
        return [a for a in value if isinstance(a, dict)]
    if isinstance(value, dict):
        return [value]
    return []


@register("plover-gsr")
def plover_gsr(path: Path, *, extractor, records: list, limit: int | None = None) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{path}: not a PLOVER GSR JSON file ({exc})") from None
    if not isinstance(data, list):
        raise EvaluationError(f"{path}: expected a JSON list of PLOVER records")
    gold_records = [
        r
        for r in data
        if isinstance(r, dict) and r.get("event") not in (None, "DOCUMENT") and r.get("text")
    ]
    if not gold_records:
        raise EvaluationError(f"{path}: no PLOVER records with an event and a text")
    if limit:
        gold_records = gold_records[:limit]
    documents = [gold_document(r["text"], r.get("id"), r.get("date"), path) for r in gold_records]
    correct = Counter[str]()
    totals = Counter[str]()
    confusion: Counter[tuple[str, str]] = Counter()
    for record, extraction in zip(gold_records, extractor.extract_many(documents), strict=True):
        gold_type = str(PLOVER_LABELS.get(record["event"], record["event"]))
        event = primary_event(extraction)
        predicted = str((event.plover.get("type") or "none") if event else "none")
        confusion[(gold_type, predicted)] += 1
        sources = {country_of(a.get("code")) for a in _actors(record.get("source"))} - {None}
        targets = {country_of(a.get("code")) for a in _actors(record.get("target"))} - {None}
        source_ok = bool(event and country_of(event.source.code) in sources)
        target_ok = bool(event and event.target and country_of(event.target.code) in targets)
        type_ok = predicted == gold_type
        totals["records"] += 1
        correct["type"] += type_ok
        if sources:
            totals["source"] += 1
            correct["source"] += source_ok
        if targets:
            totals["target"] += 1
            correct["target"] += target_ok
        full = type_ok and source_ok and (target_ok or not targets)
        correct["full"] += full
        records.append(
            {
                "id": record.get("id"),
                "text": record["text"],
                "gold_type": gold_type,
                "predicted_type": predicted,
                "gold_source": sorted(sources),
                "gold_target": sorted(targets),
                "predicted": event.to_dict() if event else None,
                "type_ok": type_ok,
                "source_ok": source_ok,
                "target_ok": target_ok,
                "full_ok": full,
            }
        )
    n = totals["records"] or 1
    gold_counts = Counter(g for (g, _), c in confusion.items() for _ in range(c))
    majority = gold_counts.most_common(1)[0][1] / n if gold_counts else 0.0
    labels = {g for g, _ in confusion} | {p for _, p in confusion}
    f1s = []
    per_type = {}
    for label in sorted(labels):
        tp = confusion[(label, label)]
        predicted_n = sum(c for (g, p), c in confusion.items() if p == label)
        gold_n = sum(c for (g, p), c in confusion.items() if g == label)
        scores = prf(tp, predicted_n, gold_n)
        f1s.append(scores["f1"])
        per_type[label] = {**scores, "gold": gold_n, "predicted": predicted_n}
    records.append(
        {
            "confusion": {f"{g}->{p}": c for (g, p), c in sorted(confusion.items())},
            "per_type": per_type,
        }
    )
    return {
        "records": totals["records"],
        "type_accuracy": round(correct["type"] / n, 4),
        "majority_baseline": round(majority, 4),
        "type_macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "source_country_accuracy": round(correct["source"] / (totals["source"] or 1), 4),
        "target_country_accuracy": round(correct["target"] / (totals["target"] or 1), 4),
        "full_accuracy": round(correct["full"] / n, 4),
    }


SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def read_petrarch(path: Path) -> list[dict[str, Any]]:
    """Sentences of a PETRARCH validation file (not well-formed XML, so read leniently)."""
    try:
        content = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc})") from None
    sentences = []
    for match in SENTENCE.finditer(content):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        body = match.group(2)
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if text is None:
            continue
        codings = [
            dict(ATTRIBUTE.findall(c)) for c in re.findall(r"<EventCoding\b([^>]*)/?>", body)
        ]
        noevents = any(c.get("noevents", "").lower() == "true" for c in codings)
        triples = {
            (c.get("sourcecode", ""), c.get("targetcode", ""), c.get("eventcode", ""))
            for c in codings
            if c.get("eventcode")
        }
        raw_date = attributes.get("date", "")
        date = (
            f"{raw_date[:4]}-{raw_date[4:6]}-{raw_date[6:8]}"
            if re.fullmatch(r"\d{8}", raw_date)
            else None
        )
        sentences.append(
            {
                "id": attributes.get("id"),
                "date": date,
                "text": html.unescape(" ".join(text.group(1).split())),
                "gold": triples,
                "noevents": noevents or not triples,
            }
        )
    if not sentences:
        raise EvaluationError(f"{path}: no <Sentence> records with <Text> found")
    return sentences


@register("petrarch")
def petrarch(path: Path, *, extractor, records: list, limit: int | None = None) -> dict[str, Any]:
    sentences = read_petrarch(path)
    if limit:
        sentences = sentences[:limit]
    documents = [gold_document(s["text"], s["id"], s["date"], path) for s in sentences]
    counts = {level: Counter[str]() for level in ("exact", "root", "country")}
    noevent_total = noevent_right = 0
    per_root: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: Counter[tuple[str, str]] = Counter()
    for sentence, extraction in zip(sentences, extractor.extract_many(documents), strict=True):
        predicted = {
            (e.source.code or "", e.target.code or "", e.cameo)
            for e in reportable(extraction)
            if e.target and e.target.code
        }
        gold = sentence["gold"]
        for level, view in (("exact", _exact), ("root", _root), ("country", _country)):
            p, g = {view(t) for t in predicted}, {view(t) for t in gold}
            counts[level]["tp"] += len(p & g)
            counts[level]["predicted"] += len(p)
            counts[level]["gold"] += len(g)
        for root in {t[2][:2] for t in predicted} | {t[2][:2] for t in gold}:
            p = {_root(t) for t in predicted if t[2].startswith(root)}
            g = {_root(t) for t in gold if t[2].startswith(root)}
            per_root[root]["tp"] += len(p & g)
            per_root[root]["predicted"] += len(p)
            per_root[root]["gold"] += len(g)
        gold_roots = sorted({t[2][:2] for t in gold}) or ["none"]
        predicted_roots = sorted({t[2][:2] for t in predicted}) or ["none"]
        confusion[(" ".join(gold_roots), " ".join(predicted_roots))] += 1
        if sentence["noevents"]:
            noevent_total += 1
            noevent_right += not predicted
        records.append(
            {
                "id": sentence["id"],
                "text": sentence["text"],
                "gold": sorted(gold),
                "predicted": sorted(predicted),
                "hits": sorted(predicted & gold),
            }
        )
    records.append(
        {
            "per_root": {
                root: {
                    **prf(c["tp"], c["predicted"], c["gold"]),
                    "gold": c["gold"],
                    "predicted": c["predicted"],
                }
                for root, c in sorted(per_root.items())
            },
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
        }
    )
    metrics: dict[str, Any] = {"sentences": len(sentences)}
    for level, count in counts.items():
        metrics[level] = prf(count["tp"], count["predicted"], count["gold"])
    metrics["noevent_accuracy"] = round(noevent_right / noevent_total, 4) if noevent_total else None
    return metrics


def _exact(triple: tuple[str, str, str]) -> tuple[str, str, str]:
    return triple


def _root(triple: tuple[str, str, str]) -> tuple[str, str, str]:
    return triple[0], triple[1], triple[2][:2]


def _country(triple: tuple[str, str, str]) -> tuple[str, str, str]:
    return country_of(triple[0]) or "", country_of(triple[1]) or "", triple[2][:2]
