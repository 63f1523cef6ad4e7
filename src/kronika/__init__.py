"""kronika: who did what to whom, when, where, and who said so — event data from news."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Extraction",
    "Extractor",
    "Rejected",
    "__version__",
    "extract",
    "read",
]

if TYPE_CHECKING:
    from .pipeline import Extractor
    from .readers import read
    from .records import Document, Extraction, Rejected


def extract(
    text: str | Document, *, date: str | None = None, model: str | None = None
) -> Extraction:
    """Extract actors, events, quotes, places and dates from one article: its text (and
    `date`, the article date, YYYY-MM-DD) or a `kronika.Document`. A `date` that is no
    date raises ValueError naming it, before any model loads."""
    if date is not None:
        from .article_date import article_date

        article_date(date)
    return _extractor(model).extract(text, date=date)


_EXTRACTORS: dict[Any, Any] = {}


def _extractor(model: str | None):
    if model not in _EXTRACTORS:
        from .pipeline import Extractor

        _EXTRACTORS[model] = Extractor(model)
    return _EXTRACTORS[model]


def __getattr__(name: str) -> Any:
    # Lazy re-exports: importing kronika loads no model, gazetteer or dictionary.
    if name == "Extractor":
        from .pipeline import Extractor

        return Extractor
    if name == "read":
        from .readers import read

        return read
    if name in ("Document", "Extraction", "Rejected"):
        from . import records

        return getattr(records, name)
    raise AttributeError(f"module 'kronika' has no attribute {name!r}")
