"""`kronika evaluate`: score kronika against public gold data.

Each evaluator is registered under a format name and returns a dict of metrics; with
`details`, it also writes one JSON line per record saying what was hit and missed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

Evaluator = Callable[..., dict[str, Any]]
EVALUATORS: dict[str, Evaluator] = {}


class EvaluationError(ValueError):
    """The gold file cannot be read as the format says."""


def register(name: str) -> Callable[[Evaluator], Evaluator]:
    def decorate(function: Evaluator) -> Evaluator:
        EVALUATORS[name] = function
        return function

    return decorate


def run(
    fmt: str,
    path: Path,
    *,
    details: Path | None = None,
    model: str | None = None,
    limit: int | None = None,
    extractor=None,
) -> dict[str, Any]:
    """Run the evaluator registered as `fmt` on the gold data at `path`."""
    if extractor is None:
        from ..pipeline import Extractor

        extractor = Extractor(model)
    records: list[dict[str, Any]] = []
    metrics = EVALUATORS[fmt](path, extractor=extractor, records=records, limit=limit)
    if details is not None:
        with open(details, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return metrics


def gold_document(text: str, id: Any, date: Any, where: str | Path = "") -> Any:
    """The Document for a gold record. A date that is no date (`7:58 AM ET` cut from a
    timestamp) is reported on stderr with the record, and the record is evaluated without
    an article date rather than stopping the evaluation."""
    import sys

    from ..article_date import DateError
    from ..records import Document

    try:
        return Document(text=text, id=id, date=date)
    except DateError as exc:
        place = f"{where}: " if where else ""
        print(
            f"kronika: evaluate: {place}record {id!r}: {exc}; evaluated without an article date",
            file=sys.stderr,
        )
        return Document(text=text, id=id)


def prf(true_positives: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


from . import actors as _actors  # noqa: E402,F401  (registers ngec-actors)
from . import cameo_news as _cameo_news  # noqa: E402,F401  (registers cameo-quad, -roles)
from . import case2021 as _case2021  # noqa: E402,F401  (registers case2021)
from . import events as _events  # noqa: E402,F401  (registers plover-gsr and petrarch)
from . import geo as _geo  # noqa: E402,F401  (registers lgl, gwn and their baselines)
from . import petrarch_unittest as _petrarch_unittest  # noqa: E402,F401  (petrarch-unittest)
from . import quotes as _quotes  # noqa: E402,F401  (registers polnear)
from . import time as _time  # noqa: E402,F401  (registers timeml and timeml-baseline)
