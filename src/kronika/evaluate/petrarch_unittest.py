"""PETRARCH's unit tests: its 284 records coded with their own fixture dictionaries.

The folder holds `PETR.UnitTest.records.xml` and the four dictionaries it names
(`PETR.Validate.actors.txt`, `.agents.txt`, `.verbs.txt`, `.discards.txt`, with fictional
countries such as Arnor and Gondor). kronika parses each record's text with spaCy (the
records' `<Parse>` trees are ignored) with those dictionaries *instead of* its own, and
compares the (source, target, code) triples it codes with the expected ones. A record is
right when the two sets are equal; one expecting no event is right when nothing is coded.
"""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path
from typing import Any

from ..records import Document
from . import EvaluationError, prf, register

RECORDS = "PETR.UnitTest.records.xml"
SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
# A <Config> line sets an option of PETRARCH's for the records after it.
CONFIG = re.compile(r"<Config\b([^>]*)>")
RECORD_OR_CONFIG = re.compile(rf"{CONFIG.pattern}|{SENTENCE.pattern}", re.S)
ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of PETRARCH's unit-test file: id, date, text, expected triples, and the
    PETRARCH options in force for it, set by `<Config>` lines for the records that follow:
    whether "require_dyad" is on (`<Config option="require_dyad" value="false">` turns it
    off) and "new_actor_length" (0, the default: no side unknown to the dictionaries)."""
    try:
        content = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc})") from None
    content = re.sub(r"<!--.*?-->", "", content, flags=re.S)
    records = []
    require_dyad = True
    new_actor_length = 0
    for match in RECORD_OR_CONFIG.finditer(content):
        if match.group(1) is not None:
            option = dict(ATTRIBUTE.findall(match.group(1)))
            value = option.get("value", "").strip()
            if option.get("option") == "require_dyad":
                require_dyad = value.lower() != "false"
            elif option.get("option") == "new_actor_length" and value.isdigit():
                new_actor_length = int(value)
            continue
        attributes = dict(ATTRIBUTE.findall(match.group(2)))
        text = re.search(r"<Text>(.*?)</Text>", match.group(3), re.S)
        if text is None:
            continue
        codings = [
            dict(ATTRIBUTE.findall(c))
            for c in re.findall(r"<EventCoding\b([^>]*)>", match.group(3))
        ]
        expected = {
            (c.get("sourcecode", ""), c.get("targetcode", ""), c["eventcode"])
            for c in codings
            if c.get("eventcode")
        }
        raw = attributes.get("date", "")
        date = f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if re.fullmatch(r"\d{8}", raw) else None
        records.append(
            {
                "id": attributes.get("id"),
                "category": attributes.get("category"),
                "date": date,
                "text": html.unescape(" ".join(text.group(1).split())),
                "expected": expected,
                "require_dyad": require_dyad,
                "new_actor_length": new_actor_length,
            }
        )
    if not records:
        raise EvaluationError(f"{path}: no <Sentence> records with <Text> found")
    return records


@register("petrarch-unittest")
def petrarch_unittest(
    path: Path, *, extractor, records: list, limit: int | None = None
) -> dict[str, Any]:
    """Code the unit-test records with the folder's fixture dictionaries in place of
    kronika's; `path` is the folder (or its records file)."""
    from ..pipeline import Extractor

    folder = path if path.is_dir() else path.parent
    source = folder / RECORDS if path.is_dir() else path
    if not source.is_file():
        raise EvaluationError(f"{folder}: no {RECORDS} in it")
    cases = read_records(source)
    if limit:
        cases = cases[:limit]
    meta = extractor.nlp.meta
    fixtures = Extractor(f"{meta['lang']}_{meta['name']}", [folder], builtin=False)
    right = tp = predicted_total = gold_total = 0
    by_category: dict[str, list[int]] = {}
    for case, extraction in zip(cases, _extract(fixtures, cases), strict=True):
        # an event without a target (require_dyad off) has PETRARCH's "---" there
        predicted = {(e.source.code or "", _target_code(e), e.cameo) for e in extraction.events}
        expected = case["expected"]
        ok = predicted == expected
        right += ok
        tp += len(predicted & expected)
        predicted_total += len(predicted)
        gold_total += len(expected)
        tally = by_category.setdefault(case["category"] or "", [0, 0])
        tally[0] += ok
        tally[1] += 1
        records.append(
            {
                "id": case["id"],
                "text": case["text"],
                "expected": sorted(expected),
                "predicted": sorted(predicted),
                "right": ok,
            }
        )
    return {
        "records": len(cases),
        "record_accuracy": round(right / len(cases), 4),
        **prf(tp, predicted_total, gold_total),
        "by_category": {
            name: round(hits / total, 4) for name, (hits, total) in sorted(by_category.items())
        },
    }


def _target_code(event) -> str:
    target = event.target
    if target is None or (target.text is None and target.code is None):
        return "---"
    return target.code or ""


def _extract(fixtures, cases: list[dict[str, Any]]):
    """The extractions of the records in order, each with the PETRARCH options in force."""
    patterns = fixtures.events.patterns
    options = lambda c: (c["require_dyad"], c["new_actor_length"])  # noqa: E731
    for (require_dyad, new_actor_length), group in itertools.groupby(cases, key=options):
        documents = [Document(text=c["text"], id=c["id"], date=c["date"]) for c in group]
        patterns.require_dyad, patterns.new_actor_length = require_dyad, new_actor_length
        try:
            yield from fixtures.extract_many(documents)
        finally:
            patterns.require_dyad, patterns.new_actor_length = True, 0
