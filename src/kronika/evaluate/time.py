"""Temporal expression evaluation on TimeML (TimeBank / AQUAINT, TempEval-3's TBAQ-cleaned).

Each `.tml` file's text is the `TEXT` element's content with the tags stripped; gold TIMEX3
offsets are computed on that text, and its article date is the value of the TIMEX3 whose
`functionInDocument` is `CREATION_TIME`.

- `timexes`: gold DATE and TIME expressions in the texts (the ones kronika's `dates` cover;
  `durations` and `sets` are counted apart, for information);
- `span_recall`: those that some predicted date overlaps;
- `value_accuracy`: of those found, the ones whose predicted value equals the gold value at the
  gold value's granularity (a predicted day counts for a gold year if the year is right, a gold
  quarter if the day lies in it; a coarser prediction than the gold value is wrong). Times of
  day are compared at the day: kronika resolves dates, not clock times.

`timeml-baseline` runs plain `dateparser` on the gold spans, with the article date as base.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from . import EvaluationError, gold_document, register

VALUE_TYPES = ("DATE", "TIME")


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDocument:
    id: str
    text: str
    date: str | None
    timexes: list[GoldTimex] = field(default_factory=list)


def read_timeml(path: Path) -> TimeMLDocument:
    """One TimeML file: the TEXT content without tags, its TIMEX3s and the creation date."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvaluationError(f"{path}: not well-formed TimeML ({exc})") from None
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc})") from None
    creation = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            creation = (timex.get("value") or "")[:10] or None
            break
    body = root.find(".//TEXT")
    if body is None:
        raise EvaluationError(f"{path}: no <TEXT> element")
    if creation and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", creation):
        raise EvaluationError(f"{path}: creation time {creation!r} is not a YYYY-MM-DD date")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    length = 0

    def walk(element: ET.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            parts.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if element.tag == "TIMEX3" and element is not body:
            # the text is filled in once the whole TEXT has been joined
            timexes.append(
                GoldTimex(start, length, "", element.get("type") or "", element.get("value") or "")
            )

    walk(body)
    text = "".join(parts)
    for gold in timexes:
        gold.text = text[gold.start : gold.end]
    return TimeMLDocument(path.stem, text, creation, timexes)


def read_corpus(path: Path) -> list[TimeMLDocument]:
    """Every `.tml` file under `path` (a folder, searched recursively, or one file)."""
    path = Path(path)
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(path.rglob("*.tml"))
    else:
        raise EvaluationError(f"{path}: no such file or folder")
    if not files:
        raise EvaluationError(f"{path}: no .tml files found")
    return [read_timeml(f) for f in files]


def _date_of(value: str) -> Date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return Date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def normal(value: str) -> str:
    """A gold value as it is compared: the day of a time, weeks zero-padded."""
    if re.match(r"\d{4}-\d{2}-\d{2}T", value):
        return value.split("T")[0]
    week = re.fullmatch(r"(\d{4})-W(\d{1,2})(-WE)?", value)
    if week:
        return f"{week.group(1)}-W{int(week.group(2)):02d}{week.group(3) or ''}"
    return value


def at_granularity(predicted: str | None, gold: str) -> str | None:
    """`predicted` written at the granularity of `gold`, or None if it is coarser."""
    if predicted is None:
        return None
    if "/" in predicted:  # an interval matches a gold date at either end
        ends = [at_granularity(end, gold) for end in predicted.split("/", 1)]
        return gold if gold in ends else ends[0]
    week = re.fullmatch(r"(\d{4})-W(\d{1,2})(-WE)?", gold)
    if week:  # TimeBank writes some weeks unpadded ("2000-W7")
        gold = f"{week.group(1)}-W{int(week.group(2)):02d}{week.group(3) or ''}"
    gold = gold.split("T")[0] if re.match(r"\d{4}-\d{2}-\d{2}T", gold) else gold
    predicted = predicted.split("T")[0] if re.match(r"\d{4}-\d{2}-\d{2}T", predicted) else predicted
    if predicted == gold:
        return predicted
    day = _date_of(predicted)
    if re.fullmatch(r"\d{4}", gold):
        return predicted[:4] if re.match(r"\d{4}(-|$)", predicted) else None
    if re.fullmatch(r"\d{4}-\d{2}", gold):
        return predicted[:7] if re.match(r"\d{4}-\d{2}(-\d{2})?$", predicted) else None
    if re.fullmatch(r"\d{4}-Q\d", gold):
        month = re.match(r"(\d{4})-(\d{2})(-\d{2})?$", predicted)
        if month:
            return f"{month.group(1)}-Q{(int(month.group(2)) - 1) // 3 + 1}"
        return None
    if re.fullmatch(r"\d{4}-H\d", gold):
        month = re.match(r"(\d{4})-(\d{2})", predicted)
        return f"{month.group(1)}-H{1 if int(month.group(2)) <= 6 else 2}" if month else None
    if re.fullmatch(r"\d{4}-W\d{2}(-WE)?", gold) and day:
        year, number, _ = day.isocalendar()
        return f"{year}-W{number:02d}" + ("-WE" if gold.endswith("-WE") else "")
    if re.fullmatch(r"\d{3}", gold) or re.fullmatch(r"\d{2}", gold):
        return predicted[: len(gold)] if re.match(r"\d{4}", predicted) else None
    return predicted


def score(
    documents: list[TimeMLDocument], predictions: Iterator[list[tuple]], records: list
) -> dict[str, Any]:
    """Metrics over documents and, in the same order, their predictions: lists of
    (start, end, text, value)."""
    total = found = right = others = 0
    by_shape: dict[str, list[int]] = {}
    for document, predicted in zip(documents, predictions, strict=True):
        for gold in document.timexes:
            if gold.type not in VALUE_TYPES:
                others += 1
                continue
            total += 1
            best, best_overlap = None, 0
            for item in predicted:
                overlap = min(gold.end, item[1]) - max(gold.start, item[0])
                if overlap > best_overlap:
                    best, best_overlap = item, overlap
            shape = _shape(gold.value)
            tally = by_shape.setdefault(shape, [0, 0, 0])
            tally[0] += 1
            if best is None:
                records.append(
                    {"id": document.id, "gold": gold.text, "value": gold.value, "found": False}
                )
                continue
            found += 1
            tally[1] += 1
            ok = at_granularity(best[3], gold.value) == normal(gold.value) or best[3] == gold.value
            right += ok
            tally[2] += ok
            records.append(
                {
                    "id": document.id,
                    "date": document.date,
                    "gold": gold.text,
                    "value": gold.value,
                    "found": True,
                    "predicted": best[2],
                    "predicted_value": best[3],
                    "ok": ok,
                }
            )
    return {
        "documents": len(documents),
        "timexes": total,
        "span_recall": round(found / total, 4) if total else 0.0,
        "value_accuracy": round(right / found, 4) if found else 0.0,
        "durations_and_sets": others,
        "by_value_shape": {
            shape: {"gold": t[0], "found": t[1], "right": t[2]}
            for shape, t in sorted(by_shape.items(), key=lambda kv: -kv[1][0])
        },
    }


def _shape(value: str) -> str:
    if value.endswith("_REF"):
        return value
    shape = re.sub(r"\d", "9", value)
    return re.sub(r"T.*", "T…", shape)


def kronika_dates(extractor, documents: list[TimeMLDocument]) -> Iterator[list[tuple]]:
    for extraction in extractor.extract_many(
        gold_document(d.text, d.id, d.date) for d in documents
    ):
        yield [(m.start, m.end, m.text, m.value) for m in extraction.dates]


def baseline_dates(extractor, documents: list[TimeMLDocument]) -> Iterator[list[tuple]]:
    """Plain dateparser on each gold span, relative to the article date."""
    from datetime import datetime

    from dateparser.date import DateDataParser

    for document in documents:
        base = datetime.fromisoformat(document.date) if document.date else datetime.now()
        parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base})
        predicted = []
        for gold in document.timexes:
            try:
                data = parser.get_date_data(gold.text)
            except Exception:  # dateparser raises assorted errors on odd strings
                data = None
            value = None
            if data is not None and data.date_obj is not None:
                period = data.period or "day"
                day = data.date_obj.date()
                value = {"year": f"{day.year}", "month": f"{day.year}-{day.month:02d}"}.get(
                    period, day.isoformat()
                )
            predicted.append((gold.start, gold.end, gold.text, value))
        yield predicted


@register("timeml")
def timeml(path: Path, *, extractor, records: list, limit: int | None = None) -> dict[str, Any]:
    documents = read_corpus(path)[:limit] if limit else read_corpus(path)
    return score(documents, kronika_dates(extractor, documents), records)


@register("timeml-baseline")
def timeml_baseline(
    path: Path, *, extractor, records: list, limit: int | None = None
) -> dict[str, Any]:
    documents = read_corpus(path)[:limit] if limit else read_corpus(path)
    return score(documents, baseline_dates(extractor, documents), records)
