"""Event coding on the CASE 2021 task 2 snippets: a held-out check that the coder generalises.

Each snippet carries one of 30 ACLED-style labels (25 ACLED sub-event types and five the shared
task added). `data/eval/acled_plover.tsv` says which PLOVER types a CAMEO/PLOVER coder would give
each label, or `none` for labels that are not political events (disasters, ACLED's "Other").
The set was never used to develop kronika: it is for measuring only, so neither the table nor
the coder should be tuned to it.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..knowledge.tables import DictionaryError, data_path, read_tsv
from ..records import Document, Event, Extraction
from . import EvaluationError, register
from .events import primary_event, reportable

# The shared task's labels: 25 ACLED sub-event types, then the five CASE 2021 added.
LABELS = frozenset(
    {
        "ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER",
        "CHEM_WEAP", "AIR_STRIKE", "SUIC_BOMB", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE",
        "SEX_VIOL", "ATTACK", "ABDUCT_DISSAP",
        "PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST",
        "VIOL_DEMONSTR", "MOB_VIOL",
        "AGREEMENT", "ARREST", "CHANGE_TO_GROUP_ACT", "DISR_WEAP", "HQ_ESTABLISHED",
        "PROPERTY_DISTRUCT", "NON_VIOL_TERRIT_TRANSFER", "OTHER",
        "DIPLO", "ATTRIB", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER",
    }
)  # fmt: skip
PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip
MAPPING_FILE = ("eval", "acled_plover.tsv")
# The snippets have no dates; a fixed one keeps relative dates, and so the scores, stable.
NEUTRAL_DATE = "2020-01-01"
GOLD_COLUMNS = ("id", "EventSnippet", "SubType")


@dataclass(frozen=True)
class LabelMapping:
    """What a CASE 2021 label should be coded as: PLOVER types, and whether nothing is fine."""

    subtype: str
    types: frozenset[str]
    none_ok: bool
    basis: str

    @property
    def is_event(self) -> bool:
        """True when a coder should code an event for the label (some PLOVER type maps to it)."""
        return bool(self.types)


def read_label_mapping(path: str | Path) -> dict[str, LabelMapping]:
    """Read a label → PLOVER table (see data/eval/acled_plover.tsv), validating every row."""
    mapping: dict[str, LabelMapping] = {}
    for row in read_tsv(path, ("subtype", "plover")):
        subtype = row["subtype"]
        if subtype not in LABELS:
            raise row.error(f"{subtype!r} is not a CASE 2021 task 2 label")
        if subtype in mapping:
            raise row.error(f"{subtype} is mapped twice")
        values = [v.strip() for v in row["plover"].split("|") if v.strip()]
        if not values:
            raise row.error(f"{subtype} has no PLOVER type; write `none` if it is not an event")
        unknown = [v for v in values if v != "none" and v not in PLOVER_TYPES]
        if unknown:
            raise row.error(
                f"unknown PLOVER type(s) {', '.join(unknown)}; "
                f"use {', '.join(sorted(PLOVER_TYPES))} or none"
            )
        if not row["basis"]:
            raise row.error(f"{subtype} needs a basis: the definition the mapping rests on")
        types = frozenset(values) - {"none"}
        mapping[subtype] = LabelMapping(subtype, types, "none" in values, row["basis"])
    return mapping


@lru_cache(maxsize=1)
def label_mapping() -> dict[str, LabelMapping]:
    """kronika's shipped CASE 2021 label → PLOVER table."""
    return read_label_mapping(data_path(*MAPPING_FILE))


def read_case2021(path: Path) -> list[dict[str, str]]:
    """The snippets of a CASE 2021 task 2 TSV (columns id, EventSnippet, SubType)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc})") from None
    if not rows or any(column not in rows[0] for column in GOLD_COLUMNS):
        raise EvaluationError(
            f"{path}: expected a TSV with columns {', '.join(GOLD_COLUMNS)} (tab-separated)"
        )
    snippets = []
    for line, row in enumerate(rows, start=2):
        label = (row["SubType"] or "").strip()
        if label not in LABELS:
            raise EvaluationError(f"{path}:{line}: {label!r} is not a CASE 2021 task 2 label")
        snippets.append({"id": row["id"], "text": row["EventSnippet"] or "", "label": label})
    return snippets


def typed_events(extraction: Extraction) -> list[Event]:
    """Reportable events with a PLOVER type: the ones that can match a label."""
    return [e for e in reportable(extraction) if e.plover.get("type")]


def _expected(mapping: LabelMapping) -> list[str]:
    return sorted(mapping.types) + (["none"] if mapping.none_ok else [])


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@register("case2021")
def case2021(path: Path, *, extractor, records: list, limit: int | None = None) -> dict[str, Any]:
    """Score event coding on CASE 2021 task 2.

    For labels that map to PLOVER types: `event_recall` is the share of snippets with at least
    one reportable PLOVER-typed event, `type_accuracy` the share where any such event has a
    mapped type (for labels that also allow `none`, coding nothing counts as right),
    `primary_type_accuracy` the same for the primary event alone, and `type_accuracy_when_coded`
    the share of coded snippets with a mapped type among their events. For `none` labels,
    `noevent_precision` is the share of snippets with no ASSAULT coded and `noevent_uncoded`
    the share with no PLOVER-typed event at all.
    """
    try:
        mapping = label_mapping()
    except DictionaryError as exc:
        raise EvaluationError(f"the CASE 2021 label table is broken: {exc}") from None
    snippets = read_case2021(path)
    unmapped = sorted({s["label"] for s in snippets} - set(mapping))
    if unmapped:
        raise EvaluationError(
            f"{path}: label(s) {', '.join(unmapped)} have no row in data/eval/acled_plover.tsv"
        )
    if limit:
        snippets = snippets[:limit]
    documents = [Document(text=s["text"], id=s["id"], date=NEUTRAL_DATE) for s in snippets]
    per_label: dict[str, Counter[str]] = defaultdict(Counter)
    coded_types: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: Counter[tuple[str, str]] = Counter()
    for snippet, extraction in zip(snippets, extractor.extract_many(documents), strict=True):
        label = snippet["label"]
        expected = mapping[label]
        events = typed_events(extraction)
        types = sorted({str(e.plover["type"]) for e in events})
        primary = primary_event(extraction)
        primary_type = str(primary.plover["type"]) if primary else "none"
        coded_right = bool(expected.types.intersection(types))
        if expected.is_event:
            right = coded_right or (expected.none_ok and not events)
            primary_right = primary_type in expected.types or (expected.none_ok and primary is None)
        else:
            right = primary_right = "ASSAULT" not in types
        counts = per_label[label]
        counts["snippets"] += 1
        counts["coded"] += bool(events)
        counts["right"] += right
        counts["coded_right"] += coded_right
        counts["primary_right"] += primary_right
        coded_types[label].update(types or ["none"])
        confusion[(label, primary_type)] += 1
        records.append(
            {
                "id": snippet["id"],
                "text": snippet["text"],
                "label": label,
                "expected": _expected(expected),
                "predicted_types": types,
                "primary_type": primary_type,
                "right": right,
                "primary_right": primary_right,
                "events": [
                    {
                        "plover": e.plover.get("type"),
                        "cameo": e.cameo,
                        "trigger": e.trigger.text,
                        "source": e.source.code,
                        "target": e.target.code if e.target else None,
                    }
                    for e in events
                ],
            }
        )
    records.append(
        {
            "per_label": {
                label: {
                    **dict(per_label[label]),
                    "expected": _expected(mapping[label]),
                    "coded_types": dict(coded_types[label].most_common()),
                }
                for label in sorted(per_label)
            },
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
        }
    )
    event = Counter[str]()
    noevent = Counter[str]()
    for label, counts in per_label.items():
        if mapping[label].is_event:
            event.update(counts)
        else:
            noevent.update(counts)
    noevent_uncoded = noevent["snippets"] - noevent["coded"]
    return {
        "snippets": len(snippets),
        "event_snippets": event["snippets"],
        "event_recall": _rate(event["coded"], event["snippets"]),
        "type_accuracy": _rate(event["right"], event["snippets"]),
        "primary_type_accuracy": _rate(event["primary_right"], event["snippets"]),
        "type_accuracy_when_coded": _rate(event["coded_right"], event["coded"]),
        "noevent_snippets": noevent["snippets"],
        "noevent_precision": _rate(noevent["right"], noevent["snippets"]),
        "noevent_uncoded": _rate(noevent_uncoded, noevent["snippets"]),
        "labels_never_coded": sorted(
            label
            for label, counts in per_label.items()
            if mapping[label].is_event and not counts["coded"]
        ),
        "labels_never_right": sorted(
            label
            for label, counts in per_label.items()
            if mapping[label].is_event and not counts["right"]
        ),
    }
