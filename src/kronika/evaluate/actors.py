"""Actor resolution evaluation on NGEC's actor-resolution test cases (TSV)."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from ..records import Actor
from . import EvaluationError, register

# NGEC's cases say "today" for the current date; fix it so that scores do not drift.
TODAY = "2022-06-01"


def _expected(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def case_date(raw: str) -> str:
    """A case's date in ISO form: `Today`/empty → TODAY, ISO kept, and the written dates
    some cases use ("10 May 2015") converted rather than cut to "10 May 201"."""
    raw = raw.strip()
    if raw.lower() in ("", "today"):
        return TODAY
    try:
        return datetime.strptime(raw, "%d %B %Y").date().isoformat()
    except ValueError:
        return raw[:10]


def _matches(expected: str, predicted: str | None) -> bool:
    if expected.startswith("!="):
        return predicted != expected[2:]
    return predicted == expected


def _sector_ok(expected: str, predicted: str | None) -> bool:
    try:
        options = json.loads(expected) if expected.startswith("[") else [expected]
    except json.JSONDecodeError:
        options = [expected]
    return predicted in options


# The organisations NGEC's country list (`countries.csv`) names as countries: the European
# Union (EUR) and the United Nations (UNO). Any other intergovernmental body's country is
# "IGO" there (the IMF, the World Bank, the CSTO).
NGEC_ORGANISATION_COUNTRIES = {"EUR", "UNO"}


# PLOVER drops CAMEO's insurgent and separatist sectors: militarised groups are rebels (the
# PLOVER manual, "Sector Codes", note on militarized groups).
PLOVER_SECTORS = {"INS": "REB", "SEP": "REB"}


def ngec_view(code: str) -> tuple[str | None, str | None]:
    country, sector = _ngec_view(code)
    return country, PLOVER_SECTORS.get(sector or "", sector)


def _ngec_view(code: str) -> tuple[str | None, str | None]:
    """Country and first sector as NGEC writes them: an organisation's country is its first
    chunk when NGEC counts it as a country (`IGOEUREECLEG` → EUR, LEG; `IGOUNO` → UNO), else
    IGO or NGO (`IGOIMF` → IGO); `---` is no country."""
    if code.startswith(("IGO", "NGO")) and len(code) >= 6:
        from ..annotate.actors import code_sector

        chunk = code[3:6]
        return chunk if chunk in NGEC_ORGANISATION_COUNTRIES else code[:3], code_sector(code)
    return None if code.startswith("---") else code[:3], code[3:6] or None


def resolve_phrase(extractor, phrase: str, context: str, date: str | None) -> Actor | None:
    """The actor kronika gives a short phrase: the one covering the phrase's head word."""
    text = phrase if not context else f"{context} {phrase}"
    doc = extractor.nlp(text)
    index = extractor.actors(doc, date)
    head = doc[:].root
    actor = index.at(head)
    if actor is None and index.actors:
        actor = max(index.actors, key=lambda a: (a.end - a.start, bool(a.sector)))
    return actor


@register("ngec-actors")
def ngec_actors(
    path: Path, *, extractor, records: list, limit: int | None = None
) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc})") from None
    if not rows or "input" not in rows[0] or "expected" not in rows[0]:
        raise EvaluationError(f"{path}: expected a TSV with 'input' and 'expected' columns")
    if limit:
        rows = rows[:limit]
    country_total = country_right = sector_total = sector_right = 0
    for row in rows:
        expected = _expected(row.get("expected") or "")
        date = case_date(row.get("date") or "")
        actor = resolve_phrase(extractor, row["input"], (row.get("context") or "").strip(), date)
        country, sector = ngec_view(actor.code) if actor else (None, None)
        want_country = expected.get("country") or expected.get("cc") or ""
        record: dict[str, Any] = {
            "input": row["input"],
            "context": row.get("context"),
            "expected": expected,
            "code": actor.code if actor else None,
        }
        if want_country:
            country_total += 1
            ok = _matches(want_country, country)
            country_right += ok
            record["country_ok"] = ok
        want_sector = expected.get("code_1") or ""
        if want_sector:
            sector_total += 1
            ok = _sector_ok(want_sector, sector)
            sector_right += ok
            record["sector_ok"] = ok
        records.append(record)
    return {
        "cases": len(rows),
        "country_cases": country_total,
        "country_accuracy": round(country_right / country_total, 4) if country_total else None,
        "sector_cases": sector_total,
        "sector_accuracy": round(sector_right / sector_total, 4) if sector_total else None,
    }
