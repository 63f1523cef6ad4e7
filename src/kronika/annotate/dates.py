"""Find temporal expressions and resolve them against the article date.

`dateparser` does the calendar work; kronika adds what it gets wrong for news: weekdays
take the clause's tense ("on Tuesday" in a past clause is the latest Tuesday up to the
article date), bare years and months keep their granularity instead of becoming a false
day, and vague expressions ("in recent years") keep a TimeML-style coarse value.
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..records import DateMention

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
VAGUE_PAST = re.compile(
    r"\b(recent|past|previous|last|earlier)\s+(years|months|weeks|decades)\b"
    r"|\bformerly\b|\bonce\b|\bin the past\b",
    re.I,
)
VAGUE_FUTURE = re.compile(
    r"\b(coming|next|future)\s+(years|months|weeks|decades)\b"
    r"|\bin the future\b|\bsoon\b",
    re.I,
)
VAGUE_PRESENT = re.compile(r"^(now|currently|today's|nowadays|at present|these days)$", re.I)
YEAR = re.compile(r"^(?:in |since |by |until )?(\d{4})s?$", re.I)
NOT_DATES = re.compile(
    r"^(?:\d{1,3}|\d{5,}|one|two|three|four|five|six|seven|eight|nine|ten)$", re.I
)


def clause_tense(span: Span) -> str:
    """ "past", "future" or "present" for the clause a span sits in."""
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")} | {verb.lower_}
    if words & {"will", "shall", "'ll", "going"}:
        return "future"
    if verb.tag_ in ("VBD", "VBN") or words & {"was", "were", "had", "did"}:
        return "past"
    return "present"


@lru_cache(maxsize=65536)
def resolve(text: str, base: str | None, tense: str = "past") -> tuple[str | None, str]:
    """(value, granularity) of a temporal expression relative to the ISO date `base`."""
    cleaned = text.strip().lower()
    cleaned = re.sub(r"^(?:on|in|at|by|since|during|from|until|the)\s+", "", cleaned)
    if VAGUE_PAST.search(text):
        return "PAST_REF", "vague"
    if VAGUE_FUTURE.search(text):
        return "FUTURE_REF", "vague"
    if VAGUE_PRESENT.match(cleaned) or cleaned in ("today", "this week"):
        if cleaned == "today" and base:
            return base, "day"
        return "PRESENT_REF", "vague"
    year = YEAR.match(cleaned)
    if year:
        return year.group(1), "year"
    base_date = Date.fromisoformat(base) if base else None
    if cleaned in WEEKDAYS and base_date:
        wanted = WEEKDAYS.index(cleaned)
        delta = (base_date.weekday() - wanted) % 7
        if tense == "future":
            delta = -((wanted - base_date.weekday()) % 7 or 7)
        return (base_date - timedelta(days=delta)).isoformat(), "day"
    month_year = re.fullmatch(
        rf"(?:early |late |mid-?)?({'|'.join(MONTHS)})(?:,? (\d{{4}}))?", cleaned
    )
    if month_year:
        month = MONTHS.index(month_year.group(1)) + 1
        if month_year.group(2):
            return f"{month_year.group(2)}-{month:02d}", "month"
        if base_date:
            year_value = base_date.year
            if tense != "future" and month > base_date.month:
                year_value -= 1
            elif tense == "future" and month < base_date.month:
                year_value += 1
            return f"{year_value}-{month:02d}", "month"
    if base is None:
        return None, "unknown"
    return _dateparser(cleaned, base, tense)


def _dateparser(text: str, base: str, tense: str) -> tuple[str | None, str]:
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": _datetime(base),
        "PREFER_DATES_FROM": "future" if tense == "future" else "past",
        "RETURN_TIME_AS_PERIOD": True,
        "STRICT_PARSING": False,
    }
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None, "unknown"
    if data is None or data.date_obj is None:
        return None, "unknown"
    period = data.period or "day"
    value = data.date_obj.date()
    if period == "year":
        return f"{value.year}", "year"
    if period == "month":
        return f"{value.year}-{value.month:02d}", "month"
    if period == "week":
        return value.isoformat(), "week"
    return value.isoformat(), "day"


def _datetime(base: str):
    from datetime import datetime

    return datetime.fromisoformat(base)


class DateAnnotator:
    def __call__(self, doc: Doc, base: str | None) -> list[DateMention]:
        found = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            if NOT_DATES.match(ent.text.strip()):
                continue
            value, granularity = resolve(ent.text, base, clause_tense(ent))
            start = ent.start
            if start > 0 and doc[start - 1].lower_ in ("on", "in", "since", "by", "until"):
                start -= 1  # keep the preposition: "on Tuesday", "in 1991"
            span = doc[start : ent.end]
            found.append(
                DateMention(
                    text=span.text,
                    value=value,
                    granularity=granularity,
                    start=span.start_char,
                    end=span.end_char,
                )
            )
        return found
