"""The date an article carries, read from the forms news files write it in.

`article_date` turns what a date field holds into an ISO day (`2022-05-24`), or None when it
is empty: ISO days and timestamps (`2022-05-24T10:00:00Z`, `2009-03-20 12:24:52-05`), compact
`20220524`, year-first `2022/05/24`, RFC 2822 (`Tue, 24 May 2022 10:00:00 +0000`) and dates
with the month written out (`January 3, 2015`, `7:58 AM ET, Sat January 3, 2015`,
`3 Jan. 2015`). The day is the one written, whatever the time zone. Anything else raises
`DateError`, naming the value: in particular `24/05/2022`, since `05/06/2022` could be
either day first or month first.
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime
from typing import Any


class DateError(ValueError):
    """A value is present but is not a date kronika can read; the message names it."""


FORMS = (
    "YYYY-MM-DD, an ISO timestamp, YYYYMMDD, YYYY/MM/DD, RFC 2822 or a date with the month "
    "in words (January 3, 2015)"
)
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
DAY_FIRST = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
ISO_TIME = re.compile(r"[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?")
YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
DAY_OR_MONTH_FIRST = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
LONGEST = 80


def article_date(value: Any) -> str | None:
    """The ISO day (`2022-05-24`) a date field stands for, or None for an empty one.

    Raises DateError for a value that is present but not a date in a form listed above.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DateError(f"date {value!r} is a {type(value).__name__}, not a date ({FORMS})")
    text = str(value).strip()
    if not text:
        return None
    day = _read(text) if len(text) <= LONGEST else None
    if day == "":
        raise DateError(f"date {text!r} is not a calendar date")
    if day is None:
        hint = ""
        if DAY_OR_MONTH_FIRST.fullmatch(text.split()[0] if text.split() else text):
            hint = "; its day and month could be either way round, so write it as YYYY-MM-DD"
        raise DateError(f"date {text!r} is not a date kronika reads ({FORMS}){hint}")
    return day


def _read(text: str) -> str | None:
    """The ISO day, "" for a date-shaped value that is no calendar day, else None."""
    if re.fullmatch(r"\d{8}", text):
        return _day(int(text[:4]), int(text[4:6]), int(text[6:]))
    match = ISO_DAY.match(text)
    if match and (len(text) == 10 or ISO_TIME.fullmatch(text, 10)):
        return _day(*(int(g) for g in match.groups()))
    match = YEAR_FIRST.fullmatch(text)
    if match:
        return _day(*(int(g) for g in match.groups()))
    for pattern in (MONTH_FIRST, DAY_FIRST):
        match = pattern.search(text)
        if match:
            month = MONTHS[match.group("month")[:3].lower()]
            return _day(int(match.group("year")), month, int(match.group("day")))
    return None


def _day(year: int, month: int, day: int) -> str:
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return ""
