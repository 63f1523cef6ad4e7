"""Query parameters of the API and the dashboard: the CLI's event filters, paging, and the
checks that turn a bad value into a 400 that says what is wrong and what would be right."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from typing import Annotated

from fastapi import Path, Query, Request

from ..store.query import CODE, MODALITIES, PERIODS, EventFilter

MAX_PAGE = 500
"""Largest `limit` a list endpoint accepts; the default page is `DEFAULT_PAGE`."""
DEFAULT_PAGE = 50
MAX_OFFSET = 100_000
MAX_VALUE = 200
"""Longest filter value, in characters."""

MAX_ID = 2**63 - 1
"""Largest row id SQLite stores; a larger id in a URL is a 400, not an overflow."""
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="The event's id.")]

CAMEO_CODE = re.compile(r"\d{2,4}|\d{1,3}\*")
DAY = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


class BadRequest(ValueError):
    """A parameter has a value the API cannot use; the message names it and says why."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


@lru_cache(maxsize=1)
def plover_types() -> frozenset[str]:
    """The PLOVER event types that kronika's CAMEO table maps to."""
    from ..coding.cameo import cameo_table

    return frozenset(c.plover_type for c in cameo_table().codes.values() if c.plover_type)


def _day(name: str, value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if not DAY.fullmatch(value):
        raise BadRequest(name, f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    padded = value + "-01" * ((10 - len(value)) // 3)
    try:
        Date.fromisoformat(padded)
    except ValueError:
        raise BadRequest(name, f"{value!r} is not a calendar date") from None
    return value


def _actor(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.endswith("*") and not CODE.fullmatch(value):
        raise BadRequest(name, f"{value!r}: only an actor code takes '*', like IRN* or IRNMIL")
    return value


Text = Annotated[str | None, Query(max_length=MAX_VALUE)]


@dataclass
class Filters:
    """The event filters as given, validated; `event_filter()` makes the store's EventFilter."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: str | None = None
    code: str | None = None
    plover: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    text: str | None = None
    modality: str | None = None
    negated: bool | str | None = None
    exact: bool = False

    def validate(self) -> Filters:
        self.actor = _actor("actor", self.actor)
        self.source = _actor("source", self.source)
        self.target = _actor("target", self.target)
        if self.dyad is not None and self.dyad.strip():
            if self.dyad.count(":") != 1:
                raise BadRequest("dyad", f"{self.dyad!r} must be SOURCE:TARGET, like IRN:TJK")
            left, right = (part.strip() for part in self.dyad.split(":"))
            if not left and not right:
                raise BadRequest("dyad", "give a source, a target or both, like IRN:TJK")
            _actor("dyad", left)
            _actor("dyad", right)
            if self.source or self.target:
                raise BadRequest("dyad", "use either dyad or source/target, not both")
            self.dyad = f"{left}:{right}"
        else:
            self.dyad = None
        if self.code:
            self.code = self.code.strip()
            if not CAMEO_CODE.fullmatch(self.code):
                raise BadRequest(
                    "code",
                    f"{self.code!r} is not a CAMEO code; use 2-4 digits (042) or a prefix (06*)",
                )
        else:
            self.code = None
        if self.plover:
            self.plover = self.plover.strip().upper()
            if self.plover not in plover_types():
                known = ", ".join(sorted(plover_types()))
                raise BadRequest("plover", f"{self.plover!r} is not a PLOVER type; one of {known}")
        else:
            self.plover = None
        self.since = _day("since", self.since)
        self.until = _day("until", self.until)
        if self.since and self.until and self.since > self.until[: len(self.since)]:
            raise BadRequest("since", f"{self.since} is after until={self.until}")
        self.place = (self.place or "").strip() or None
        self.text = (self.text or "").strip() or None
        if self.modality and self.modality.strip():
            asked = [m.strip().lower() for m in self.modality.split(",") if m.strip()]
            for modality in asked:
                if modality not in MODALITIES:
                    known = ", ".join(MODALITIES)
                    raise BadRequest("modality", f"{modality!r} is not one of {known}")
            self.modality = ",".join(asked)
        else:
            self.modality = None
        if isinstance(self.negated, str):
            word = self.negated.strip().lower()
            if word in ("true", "1", "yes"):
                self.negated = True
            elif word in ("false", "0", "no"):
                self.negated = False
            elif not word:
                self.negated = None
            else:
                raise BadRequest("negated", f"{self.negated!r}: use true or false")
        return self

    def event_filter(self, limit: int | None = None) -> EventFilter:
        return EventFilter(**vars(self), limit=limit)  # type: ignore[arg-type]

    def as_query(self) -> dict[str, str]:
        """The non-empty filters, e.g. to build a link that keeps the current selection."""
        found = {k: v for k, v in vars(self).items() if v and not isinstance(v, bool)}
        if self.negated is not None:
            found["negated"] = "true" if self.negated else "false"
        if self.exact:
            found["exact"] = "true"
        return found

    def __bool__(self) -> bool:
        return bool(self.as_query())


FILTER_NAMES = tuple(Filters.__dataclass_fields__)


def filters(
    actor: Annotated[
        str | None,
        Query(
            max_length=MAX_VALUE,
            description="Source or target: a code prefix (IRN matches IRNMIL) or part of a name.",
        ),
    ] = None,
    source: Annotated[
        str | None,
        Query(max_length=MAX_VALUE, description="Who acts: a code prefix or part of a name."),
    ] = None,
    target: Annotated[
        str | None,
        Query(
            max_length=MAX_VALUE,
            description="Whom it is aimed at: a code prefix or part of a name.",
        ),
    ] = None,
    dyad: Annotated[
        str | None,
        Query(max_length=MAX_VALUE, description="SOURCE:TARGET, e.g. IRN:TJK (directed)."),
    ] = None,
    code: Annotated[
        str | None, Query(max_length=5, description="CAMEO code, exact (042) or prefix (06*).")
    ] = None,
    plover: Annotated[
        str | None, Query(max_length=20, description="PLOVER event type, e.g. COOPERATE.")
    ] = None,
    since: Annotated[
        str | None,
        Query(max_length=10, description="First day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive."),
    ] = None,
    until: Annotated[
        str | None,
        Query(max_length=10, description="Last day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive."),
    ] = None,
    place: Annotated[
        str | None,
        Query(
            max_length=MAX_VALUE, description="Part of the location's name, or its country code."
        ),
    ] = None,
    text: Annotated[
        str | None,
        Query(max_length=MAX_VALUE, description="Words in a sentence that reports the event."),
    ] = None,
    modality: Annotated[
        str | None,
        Query(
            max_length=MAX_VALUE,
            description=f"How events were reported: {', '.join(MODALITIES)}; comma-separated.",
        ),
    ] = None,
    negated: Annotated[
        str | None,
        Query(max_length=5, description="true: only negated events; false: only the others."),
    ] = None,
    exact: Annotated[
        bool, Query(description="Actor codes match only themselves (IRN not IRNMIL).")
    ] = False,
) -> Filters:
    """The CLI's event filters as query parameters (FastAPI dependency)."""
    return Filters(
        actor,
        source,
        target,
        dyad,
        code,
        plover,
        since,
        until,
        place,
        text,
        modality,
        negated,
        exact,
    ).validate()


@dataclass
class Page:
    limit: int
    offset: int


def page(
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description=f"Rows per page, at most {MAX_PAGE}.")
    ] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0,
) -> Page:
    """Paging parameters (FastAPI dependency)."""
    return Page(limit, offset)


def period(by: str) -> str:
    if by not in PERIODS:
        raise BadRequest("by", f"{by!r} is not a period; choose one of {', '.join(PERIODS)}")
    return by


def reject_unknown(request: Request, allowed: Iterable[str]) -> None:
    """A misspelt parameter (`dayd=`) would silently select everything; refuse it instead."""
    known = set(allowed)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise BadRequest(
            unknown[0],
            f"unknown parameter; this endpoint takes {', '.join(sorted(known)) or 'none'}",
        )
