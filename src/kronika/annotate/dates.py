"""Find temporal expressions and resolve them against the article date.

`dateparser` does the calendar work; kronika adds what it gets wrong for news: weekdays
take the clause's tense ("on Tuesday" in a past clause is the latest Tuesday up to the
article date, in a future clause the next one), bare years and months keep their granularity
instead of becoming a false day ("last June", "early December"), quarters, halves, seasons
and decades get TimeML's values (`2022-Q3`, `2022-H1`, `2022-SU`, `199`), "a year earlier"
is relative to the expression before it, durations stay durations (`P3Y`), and vague
expressions ("in recent years", "now") keep a TimeML-style coarse value.
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
MONTH_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "quarter": "Q"}

VAGUE_PAST = re.compile(
    r"\b(?:recent|past|previous|last|earlier)\s+(?:few\s+|several\s+)?"
    r"(?:years|months|weeks|days|decades|quarters)\b"
    r"|^(?:formerly|once|recently|lately|previously|the past|in the past|past)$",
    re.I,
)
VAGUE_FUTURE = re.compile(
    r"\b(?:coming|next|future|upcoming)\s+(?:few\s+|several\s+)?"
    r"(?:years|months|weeks|decades|quarters)\b"
    r"|^(?:the future|in the future|future|soon|someday|later)$",
    re.I,
)
VAGUE_PRESENT = re.compile(
    r"^(?:now|right now|currently|nowadays|at present|the present|present|these days|"
    r"today's|the moment|at the moment|for now|so far|to date|the current|current)$",
    re.I,
)
LEADING = re.compile(
    r"^(?:(?:on|in|at|by|since|during|from|until|till|for|of|before|after|as of|through|"
    r"throughout|within|over|the|this past)\s+)+",
    re.I,
)
YEAR = re.compile(r"^(?:fiscal |calendar |the end of |the start of |early |late |mid-?)?(\d{4})$")
DECADE = re.compile(r"^(?:the )?(?:early |late |mid-?)?(\d{3})0s$")
NOT_DATES = re.compile(
    r"^(?:\d{1,3}|\d{5,}|one|two|three|four|five|six|seven|eight|nine|ten)$", re.I
)


SCHEDULING = {"schedule", "set", "plan", "expect", "due", "slate", "intend", "aim"}


def clause_tense(span: Span) -> str:
    """ "past", "future" or "present" for the clause a span sits in: "will", "would",
    "is scheduled to", "plans to" read as future; a past form or "has/had" + participle as
    past."""
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    words = auxiliaries | {verb.lower_}
    if words & {"will", "shall", "'ll", "would", "wo", "going"}:
        return "future"
    if verb.tag_ == "VB" and "to" in auxiliaries:
        governor = verb.head
        if governor.lemma_ in SCHEDULING or governor.tag_ in ("VBZ", "VBP", "VB"):
            return "future"  # "is set to resume", "plans to visit"
    if verb.lemma_ in SCHEDULING and auxiliaries & {"is", "are", "am", "'s", "'re"}:
        return "future"  # "is scheduled for Tuesday"
    if verb.tag_ == "VBD" or words & {"was", "were", "had", "did", "has", "have"}:
        return "past"
    if verb.tag_ == "VBN" and not auxiliaries & {"is", "are", "am", "be", "being"}:
        return "past"
    return "present"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _week(day: Date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(day: Date) -> int:
    return (day.month - 1) // 3 + 1


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    if name in MONTHS:
        return MONTHS.index(name) + 1
    return MONTH_ABBREVIATIONS[name[:4] if name.startswith("sept") else name[:3]]


def _year_for(month: int, base: Date, tense: str, which: str = "") -> int:
    """The year of a month named without one, from the article date and the tense."""
    if which == "this":
        return base.year
    if which == "last":
        return base.year if month < base.month else base.year - 1
    if which == "next":
        return base.year if month > base.month else base.year + 1
    if tense == "future":
        return base.year if month >= base.month else base.year + 1
    if tense == "present":  # no tense to go by: the nearest one, the earlier on a tie
        here = base.year * 12 + base.month
        return min(
            (base.year - 1, base.year, base.year + 1),
            key=lambda y: (abs(y * 12 + month - here), y),
        )
    return base.year if month <= base.month else base.year - 1


TENS = {
    "ten": 10,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
UNITS_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}


def _spelled_year(text: str) -> str | None:
    """ "nineteen ninety-six" → "1996", "two thousand" → "2000" (as broadcast transcripts
    write them)."""
    match = re.fullmatch(r"(nineteen|eighteen|twenty) (?:hundred )?([a-z]+)(?:[- ]([a-z]+))?", text)
    if match and match.group(2) in TENS | UNITS_WORDS:
        century = UNITS_WORDS[match.group(1)] if match.group(1) in UNITS_WORDS else 20
        rest = (TENS | UNITS_WORDS)[match.group(2)] + UNITS_WORDS.get(match.group(3) or "zero", 0)
        return f"{century * 100 + rest}"
    match = re.fullmatch(r"two thousand(?: and)?(?: ([a-z]+))?", text)
    if match and (match.group(1) is None or match.group(1) in UNITS_WORDS):
        return f"{2000 + UNITS_WORDS.get(match.group(1) or 'zero', 0)}"
    match = re.fullmatch(rf"{MONTH} (.+)", text)
    if match and match.group(2)[:1].isalpha():
        year = _spelled_year(match.group(2))
        return f"{match.group(1)} {year}" if year else None
    return None


def earlier(value: str, years: int) -> str | None:
    """A calendar value `years` earlier, at its own granularity ("a year earlier" after
    "the third quarter")."""
    match = re.match(r"^(\d{4})(.*)$", value)
    if not match:
        return None
    rest = match.group(2)
    if re.fullmatch(r"-\d{2}-\d{2}", rest):
        year, month, day = int(match.group(1)) - years, int(rest[1:3]), int(rest[4:6])
        return f"{year}-{month:02d}-{min(day, 28) if month == 2 else day:02d}"
    return f"{int(match.group(1)) - years}{rest}"


GRANULARITY = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{4}-Q\d$"), "quarter"),
    (re.compile(r"^\d{4}-H\d$"), "half"),
    (re.compile(r"^\d{4}-(?:SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^\d{4}-W\d{2}-WE$"), "weekend"),
    (re.compile(r"^\d{3}$"), "decade"),
    (re.compile(r"^\d{2}$"), "century"),
    (re.compile(r"_REF$"), "vague"),
    (re.compile(r"^P(?:\d|X)"), "duration"),
    (re.compile(r"^\d{4}(?:-\d{2})?/\d{4}(?:-\d{2})?$"), "range"),
]


def granularity_of(value: str | None) -> str:
    if value is None:
        return "unknown"
    for pattern, name in GRANULARITY:
        if pattern.search(value):
            return name
    return "unknown"


@lru_cache(maxsize=65536)
def resolve(
    text: str, base: str | None, tense: str = "past", anchor: str | None = None
) -> tuple[str | None, str]:
    """(value, granularity) of a temporal expression relative to the ISO date `base`.

    `anchor` is the value of the expression before it in the text, which "a year earlier"
    and "the year-ago quarter" are relative to. Values are TimeML's: `2022-05-24`, `2022-05`,
    `2022`, `2022-Q3`, `2022-H1`, `2022-SU`, `199` (the 1990s), `P3Y` (a duration),
    `PAST_REF`/`PRESENT_REF`/`FUTURE_REF`. Weeks are given as their Monday (granularity
    `week`), as the schema says.
    """
    value = _rules(text, base, tense, anchor)
    if value is not None:
        if value == "":
            return None, "unknown"
        if value.startswith("week:"):
            return value[5:], "week"
        return value, granularity_of(value)
    if base is None:
        return None, "unknown"
    return _dateparser(_clean(text), base, tense)


def _clean(text: str) -> str:
    cleaned = text.strip().lower().replace("\u2019", "'")
    cleaned = re.sub(r"\s+", " ", cleaned)
    cleaned = re.sub(r"(?:'s|')$", "", cleaned)  # "last Friday's"
    return LEADING.sub("", cleaned).strip(" ,.")


def _rules(text: str, base: str | None, tense: str, anchor: str | None) -> str | None:
    """kronika's rules for what dateparser gets wrong; None when no rule applies, "" for an
    expression that is known to have no calendar value."""
    raw = re.sub(r"\s+", " ", text.strip().lower())
    cleaned = _clean(text)
    if VAGUE_PAST.search(raw) or VAGUE_PAST.search(cleaned):
        return "PAST_REF"
    if VAGUE_FUTURE.search(raw) or VAGUE_FUTURE.search(cleaned):
        return "FUTURE_REF"
    if VAGUE_PRESENT.match(cleaned) or VAGUE_PRESENT.match(raw):
        return "PRESENT_REF"
    between = re.fullmatch(r"(?:between )?(\d{4}) (?:and|to|-|through) (\d{4})", cleaned)
    if between or re.fullmatch(r"(\d{4})[-\u2013](\d{4})", cleaned):
        between = between or re.fullmatch(r"(\d{4})[-\u2013](\d{4})", cleaned)
        assert between is not None
        return f"{between.group(1)}/{between.group(2)}"  # an ISO 8601 interval
    cleaned = re.sub(r" or so$", "", cleaned)
    cleaned = re.sub(r"^(?:the )?(?:end|middle|beginning|start) of ", "", cleaned)
    cleaned = re.sub(r"^(?:the )?year ", "", cleaned)
    cleaned = re.sub(r"^(?:the )?first (?:\w+ )?(?:months|weeks|days) of (?:the )?", "", cleaned)
    spelled = _spelled_year(cleaned)
    if spelled:
        cleaned = spelled
    year = YEAR.match(cleaned)
    if year:
        return year.group(1)
    decade = DECADE.match(cleaned)
    if decade:
        return decade.group(1)
    if base is None:
        return None
    day = Date.fromisoformat(base[:10])
    cleaned = re.sub(r"^(?:sometime|some time|as early as|as late as|around|both) ", "", cleaned)
    cleaned = re.sub(r"^(?:early|late|mid|earlier|later)[- ]", "", cleaned)
    cleaned = re.sub(r"^(?:the )?(?:end|start|beginning|middle) of ", "", cleaned)
    cleaned = re.sub(r"^(?:the )?first (?:\w+ )?(?:months|weeks|days) of (?:the )?", "", cleaned)
    cleaned = re.sub(r"^(?:its|a|an|their|his|her|our) ", "", cleaned)
    if cleaned in ("year end", "year-end", "the year end", "the year-end"):
        return f"{day.year}-12"
    century = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", cleaned)
    if century:
        return f"{int(century.group(1)) - 1:02d}"
    nineties = re.fullmatch(
        r"(?:the )?(twenties|thirties|forties|fifties|sixties|seventies|"
        r"eighties|nineties)",
        cleaned,
    )
    if nineties:
        return f"19{TENS[nineties.group(1)[:-3] + 'y'] // 10}"
    # "this year's third quarter", "the 1988 second quarter", "last year's quarter"
    owner = re.fullmatch(r"(this|last|next) year's (.+)|the (\d{4}) (.+)", cleaned)
    if owner:
        shift = {"this": 0, "last": -1, "next": 1}.get(owner.group(1) or "", 0)
        year_value = int(owner.group(3)) if owner.group(3) else day.year + shift
        rest = owner.group(2) or owner.group(4)
        ordinal = re.fullmatch(r"(?:fiscal )?(first|second|third|fourth)[- ](quarter|half)", rest)
        if ordinal:
            letter = "Q" if ordinal.group(2) == "quarter" else "H"
            return f"{year_value}-{letter}{ORDINALS[ordinal.group(1)]}"
        if rest in ("quarter", "period") and anchor and re.fullmatch(r"\d{4}-Q\d", anchor):
            return f"{year_value}{anchor[4:]}"
    # "the year-ago quarter", "the year-earlier period", "year-ago"
    if re.fullmatch(
        r"(?:the )?(?:same )?(?:year-ago|year-earlier|year ago|corresponding)"
        r"(?: (?:first|second|third|fourth))? ?(?:quarter|period|results)?"
        r"(?: last year)?",
        cleaned,
    ):
        if anchor and re.fullmatch(r"\d{4}-(?:Q\d|H\d|\d{2})", anchor):
            return earlier(anchor, 1)
        reported = day - timedelta(days=45)
        return f"{reported.year - 1}-Q{_quarter(reported)}"
    if cleaned == "last year" and anchor and re.fullmatch(r"\d{4}-Q\d", anchor):
        return earlier(anchor, 1)  # "third-quarter profit rose from last year"
    cleaned = re.sub(
        r"^(?:almost|about|nearly|some|just|more than|less than|over|roughly) ", "", cleaned
    )
    cleaned = re.sub(
        r"^(?:\d{1,2}(?::\d\d)? ?(?:a\.m\.?|p\.m\.?|am|pm|o'clock)(?: [a-z]{2,3}t)?|\d{1,2}:\d\d"
        r"|noon|midnight)"
        r"(?: (?:on|in the morning|in the afternoon|in the evening|at night))? ",
        "",
        cleaned,
    )
    cleaned = re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", cleaned)
    if cleaned in (
        "today", "tonight", "this morning", "this afternoon", "this evening", "morning",
        "afternoon", "evening", "midday", "noon", "the day", "this day",
    ):  # fmt: skip
        return base[:10]
    if cleaned in ("yesterday", "last night"):
        return (day - timedelta(days=1)).isoformat()
    if cleaned == "tomorrow":
        return (day + timedelta(days=1)).isoformat()
    if cleaned in WEEKDAYS:
        wanted = WEEKDAYS.index(cleaned)
        after = day + timedelta(days=(wanted - day.weekday()) % 7 or 7)
        before = day - timedelta(days=(day.weekday() - wanted) % 7)
        if tense == "future":
            return after.isoformat()
        if tense == "present" and (after - day) < (day - before):
            return after.isoformat()  # no tense to go by: the nearest one
        return before.isoformat()
    # weeks and weekends
    relative = re.fullmatch(r"(this|last|next|the|past|previous|coming) (week|weekend)", cleaned)
    if relative or cleaned in ("week", "weekend"):
        which = relative.group(1) if relative else "this"
        unit = relative.group(2) if relative else cleaned
        shift = {"last": -7, "past": -7, "previous": -7, "next": 7, "coming": 7}.get(which, 0)
        target = day + timedelta(days=shift)
        if unit == "weekend":
            if which in ("the", "this") and tense != "future":
                target = day - timedelta(days=(day.weekday() - 5) % 7)  # the latest Saturday
            return _week(target) + "-WE"
        return "week:" + (target - timedelta(days=target.weekday())).isoformat()
    # months
    relative = re.fullmatch(r"(this|last|next|the|past|previous|coming) month", cleaned)
    if relative or cleaned == "month":
        which = relative.group(1) if relative else "this"
        shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        year_value, month = _shift_month(day.year, day.month, shift)
        return f"{year_value}-{month:02d}"
    named = re.fullmatch(rf"(?:(this|last|next) )?{MONTH}(?:,? (\d{{4}}))?", cleaned)
    if named:
        month = _month_number(named.group(2))
        if named.group(3):
            return f"{named.group(3)}-{month:02d}"
        return f"{_year_for(month, day, tense, named.group(1) or '')}-{month:02d}"
    named = re.fullmatch(rf"{MONTH} (this|last|next) year", cleaned)
    if named:  # "June last year"
        shift = {"this": 0, "last": -1, "next": 1}[named.group(2)]
        return f"{day.year + shift}-{_month_number(named.group(1)):02d}"
    dated = re.fullmatch(rf"{MONTH} (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?", cleaned)
    if dated:
        month, number = _month_number(dated.group(1)), int(dated.group(2))
        if dated.group(3):
            year_value = int(dated.group(3))
        else:
            # the year that puts the date nearest the article, within what the tense allows
            options = []
            for year_value in (day.year - 1, day.year, day.year + 1):
                try:
                    candidate = Date(year_value, month, number)
                except ValueError:
                    return ""
                if tense == "future" and candidate < day - timedelta(days=60):
                    continue
                if tense == "past" and candidate > day + timedelta(days=60):
                    continue
                options.append((abs((candidate - day).days), year_value))
            year_value = min(options)[1] if options else day.year
        try:
            return Date(year_value, month, number).isoformat()
        except ValueError:
            return ""
    # years
    if cleaned in ("the following year", "following year", "the next year") and anchor:
        return str(int(anchor[:4]) + 1) if anchor[:4].isdigit() else None
    ahead = re.fullmatch(
        r"in (a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) "
        r"(day|week|month|year)s?",
        raw,
    )
    if ahead and tense == "future":  # "in five years": that far ahead
        amount = NUMBERS.get(ahead.group(1)) or int(ahead.group(1))
        if ahead.group(2) == "year":
            return str(day.year + amount)
        if ahead.group(2) == "day":
            return (day + timedelta(days=amount)).isoformat()
    cleaned = re.sub(r"^(?:current |fiscal |calendar )+year", "year", cleaned)
    cleaned = re.sub(r"(this|last|next|the|current) (?:fiscal |calendar )year", r"\1 year", cleaned)
    relative = re.fullmatch(r"(this|last|next|the|past|previous|coming|current) year", cleaned)
    if relative or cleaned in ("year", "the full year", "full year"):
        which = relative.group(1) if relative else "this"
        shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        return str(day.year + shift)
    # seasons
    season = re.fullmatch(r"(?:(this|last|next) )?(spring|summer|fall|autumn|winter)", cleaned)
    if season:
        code = SEASONS[season.group(2)]
        start = SEASON_START[code]
        which = season.group(1) or ("next" if tense == "future" else "")
        if which == "last":
            year_value = day.year - 1 if start >= day.month - 1 else day.year
        elif which == "next":
            year_value = day.year if start > day.month else day.year + 1
        elif which == "this":
            year_value = day.year
        else:
            year_value = day.year if start <= day.month else day.year - 1
        return f"{year_value}-{code}"
    # quarters and halves ("the third quarter", "third-quarter", "the fiscal first quarter")
    quarter = re.fullmatch(
        r"(?:fiscal |calendar )?(first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal )?"
        r"(quarter|half)(?:,? (?:of )?(?:fiscal )?(\d{4}))?",
        cleaned,
    )
    if quarter:
        number = ORDINALS[quarter.group(1)]
        letter = "Q" if quarter.group(2) == "quarter" else "H"
        if quarter.group(3):
            return f"{quarter.group(3)}-{letter}{number}"
        current = _quarter(day) if letter == "Q" else (1 if day.month <= 6 else 2)
        year_value = day.year
        if tense != "future" and number > current:
            year_value -= 1
        return f"{year_value}-{letter}{number}"
    if re.fullmatch(
        r"(?:latest |most recent |recent |just-ended |same |current |fiscal )?quarter", cleaned
    ):
        if anchor and re.fullmatch(r"\d{4}-Q\d", anchor):
            return anchor
        reported = day - timedelta(days=45)  # a quarter is reported in the weeks after it
        return f"{reported.year}-Q{_quarter(reported)}"
    # "a year ago", "a year earlier", "year-earlier", "the year-ago quarter"
    ago = re.fullmatch(
        r"(?:(a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|\d+) )?"
        r"(day|week|month|year|decade)s?[- ](ago|earlier|before|later|from now|hence)"
        r"(?: (?:quarter|period|month|level|levels))?",
        cleaned,
    )
    if ago:
        amount = NUMBERS.get(ago.group(1) or "a") or int(ago.group(1))
        unit, direction = ago.group(2), ago.group(3)
        sign = 1 if direction in ("later", "from now", "hence") else -1
        if (
            unit == "year"
            and sign < 0
            and amount == 1
            and anchor
            and re.fullmatch(r"\d{4}-(?:Q\d|H\d|\d{2})", anchor)
        ):
            return earlier(anchor, amount)  # "third-quarter profit ... a year earlier"
        if unit == "day":
            return (day + timedelta(days=sign * amount)).isoformat()
        if unit == "week":
            target = day + timedelta(weeks=sign * amount)
            return "week:" + (target - timedelta(days=target.weekday())).isoformat()
        if unit == "month":
            year_value, month = _shift_month(day.year, day.month, sign * amount)
            return f"{year_value}-{month:02d}"
        if unit == "decade":
            return str(day.year + sign * 10 * amount)
        return str(day.year + sign * amount)
    # "that day", "later that year": the expression before it, at that granularity
    that = re.fullmatch(r"(?:earlier |later )?that (day|week|month|year)", cleaned)
    if that:
        size = {"day": 10, "week": 10, "month": 7, "year": 4}[that.group(1)]
        if anchor and re.match(r"\d{4}", anchor) and len(anchor) >= size:
            return anchor[:size]
        return None
    # durations: "three years", "the past 10 days" are spans of time, not dates
    duration = re.fullmatch(
        r"(?:the )?(?:past |last |next |first |coming )?"
        r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|\d+)"
        r"[- ](day|week|month|year|decade|quarter)s?(?:[- ]long)?",
        cleaned,
    )
    if duration:
        amount = NUMBERS.get(duration.group(1)) or int(duration.group(1))
        unit = UNITS[duration.group(2)]
        return f"P{amount * 10 if unit == 'DE' else amount}{'Y' if unit == 'DE' else unit}"
    return None


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
    if abs(data.date_obj.year - int(base[:4])) > 30 and not re.search(r"\d{4}", text):
        return None, "unknown"  # "April 24 and 25" read as 1925
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


def _split(span: Span) -> list[Span]:
    """ "the quarter ended Sept. 30" is two expressions: a period and the day it ended."""
    for token in span:
        if token.lower_ in ("ended", "ending") and span.start < token.i < span.end - 1:
            return [span.doc[span.start : token.i], span.doc[token.i + 1 : span.end]]
    return [span]


# Expressions resolved against the one before them, which must not become the next anchor.
RELATIVE_TO_ANCHOR = re.compile(
    r"\b(?:ago|earlier|before|year-ago|following|that|last year|corresponding)\b", re.I
)
# Words that are temporal expressions on their own but that spaCy does not label DATE.
VAGUE_WORDS = {"now", "currently", "recently", "nowadays", "formerly", "previously", "lately"}


class DateAnnotator:
    """Dates in a parsed document: spaCy's DATE/TIME entities plus the vague words TimeML
    counts ("now", "recently"), each resolved against the article date with its clause's
    tense and, for "a year earlier", the expression before it."""

    def __call__(self, doc: Doc, base: str | None) -> list[DateMention]:
        spans = [
            ent
            for ent in doc.ents
            if ent.label_ in ("DATE", "TIME") and not NOT_DATES.match(ent.text.strip())
        ]
        covered = {i for ent in spans for i in range(ent.start, ent.end)}
        spans.extend(
            doc[t.i : t.i + 1]
            for t in doc
            if t.lower_ in VAGUE_WORDS and t.i not in covered and t.pos_ == "ADV"
        )
        spans = [part for span in spans for part in _split(span)]
        spans.sort(key=lambda s: s.start)
        found = []
        anchor: str | None = None
        for ent in spans:
            value, granularity = resolve(ent.text, base, clause_tense(ent), anchor)
            if (
                value
                and value[:1].isdigit()
                and granularity not in ("duration", "range")
                and not RELATIVE_TO_ANCHOR.search(ent.text)
            ):
                anchor = value
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
