"""Questions analysts ask of a store, as functions returning typed rows.

Every function takes an open connection (`kronika.store.connect`) and builds parameterised
SQL; the CLI commands `events`, `quotes`, `actors`, `search`, `timeline`, `network` and
`stats` print what these return, and the exports write it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from operator import itemgetter
from typing import Any

from ..knowledge.cache import collection_paused
from .schema import StoreError, version

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CODE = re.compile(r"(?:[A-Z]{3}|---)(?:[A-Z]{3})*\*?|[A-Z]{1,3}\*")
MODALITIES = ("asserted", "intent", "hypothetical", "requested", "alleged", "denied")
"""How an event was reported (see docs/schema.md); `negated` is told apart on its own."""


@dataclass
class EventFilter:
    """Which events to select. Empty fields select everything.

    Actor filters (`actor`, `source`, `target`, `dyad` "A:B") take a CAMEO-style code, which
    matches it and every code that starts with it (`IRN` matches `IRNMIL`), or else a name
    matched case-insensitively against how the actor was written. `code` is a CAMEO event
    code, exact or a prefix ending in `*` (`06*`); `since`/`until` are ISO dates, months or
    years, both inclusive.
    """

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
    limit: int | None = None
    modality: str | None = None
    negated: bool | None = None
    exact: bool = False

    def modalities(self) -> list[str]:
        """The modalities asked for, checked against MODALITIES."""
        found = [m.strip().lower() for m in (self.modality or "").split(",") if m.strip()]
        for modality in found:
            if modality not in MODALITIES:
                raise StoreError(f"modality {modality!r} is not one of {', '.join(MODALITIES)}")
        return found

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (over `events e`) and its parameters."""
        clauses, params = self.clauses()
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def clauses(self, *, without: tuple[str, ...] = ()) -> tuple[list[str], list[Any]]:
        """The conditions (over `events e`) and their parameters, leaving out the filters
        named in `without`."""
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        source, target = self.sides()
        if source and "source" not in without:
            add(*_actor("source", source, self.exact))
        if target and "target" not in without:
            add(*_actor("target", target, self.exact))
        if self.actor and "actor" not in without:
            sql_s, *p_s = _actor("source", self.actor, self.exact)
            sql_t, *p_t = _actor("target", self.actor, self.exact)
            add(f"({sql_s} OR {sql_t})", *p_s, *p_t)
        if self.code and "code" not in without:
            if self.code.endswith("*"):
                add(*_prefix("e.cameo", self.code.rstrip("*")))
            else:
                add("e.cameo = ?", self.code)
        if self.plover:
            add("e.plover_type = ?", self.plover.upper())
        if self.since:
            add("e.day >= ?", self.since)
        if self.until:
            add("e.day <= ?", _end_of(self.until))
        if self.place and "place" not in without:
            add(
                "(e.location_name LIKE ? ESCAPE '\\' OR e.location_country = ?)",
                contains(self.place),
                self.place.upper(),
            )
        if self.text:
            add(
                "EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id"
                " AND m.sentence LIKE ? ESCAPE '\\')",
                contains(self.text),
            )
        modalities = self.modalities()
        if modalities:
            add(f"e.modality IN ({', '.join('?' * len(modalities))})", *modalities)
        if self.negated is not None:
            add("e.negated = ?", int(self.negated))
        return clauses, params

    def sides(self) -> tuple[str | None, str | None]:
        """The source and target filters, from `dyad` when it is given."""
        if not self.dyad:
            return self.source, self.target
        if ":" not in self.dyad:
            raise StoreError(f"--dyad {self.dyad!r} must be SOURCE:TARGET, like IRN:TJK")
        source, target = (part.strip() or None for part in self.dyad.split(":", 1))
        return source, target

    def given(self) -> set[str]:
        """The names of the filters that select something (`limit` aside; `exact` only
        when an actor filter is given)."""
        found = {
            name
            for name, value in vars(self).items()
            if (value or value is False) and name not in ("limit", "exact")
        }
        if self.exact and found & {"actor", "source", "target", "dyad"}:
            found.add("exact")
        return found

    def by_code(self) -> bool:
        """Whether every actor filter given is a code (so that summaries can answer it)."""
        return all(CODE.fullmatch(v) for v in (*self.sides(), self.actor) if v)


def contains(value: str) -> str:
    """A LIKE pattern (with `ESCAPE '\\'`) for `value` anywhere: its own `%` and `_` are
    literal characters, not wildcards ("50%" finds "50%", not "500")."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _prefix(column: str, prefix: str) -> tuple[str, str, str]:
    """A prefix match that can use an index: column in [prefix, next prefix)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\uffff"
    return f"({column} >= ? AND {column} < ?)", prefix, upper


def _actor(role: str, value: str, exact: bool = False) -> tuple[Any, ...]:
    """Who acts (`role` source) or is acted upon (target): a code prefix, which is an index
    seek on the three-letter root (`IRN`, then `IRNMIL` within it), the code itself when
    `exact`, or part of a name."""
    if CODE.fullmatch(value):
        prefix = value.rstrip("*")
        if len(prefix) < 3:
            return _prefix(f"e.{role}_code", prefix)
        if exact and not value.endswith("*"):
            return f"(e.{role}_root = ? AND e.{role}_code = ?)", prefix[:3], value
        if len(prefix) == 3:
            return f"e.{role}_root = ?", prefix
        sql, low, high = _prefix(f"e.{role}_code", prefix)
        return f"(e.{role}_root = ? AND {sql})", prefix[:3], low, high
    return (
        f"(e.{role}_name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM mentions m"
        f" WHERE m.event_id = e.id AND m.{role}_text LIKE ? ESCAPE '\\'))",
        contains(value),
        contains(value),
    )


DAY = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def parse_day(value: str) -> str:
    """A day, month or year as the filters take it (`2022`, `2022-05`, `2022-05-24`),
    checked against the calendar; ValueError names the value and the forms that work."""
    from datetime import date

    value = value.strip()
    if not DAY.fullmatch(value):
        raise ValueError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        date.fromisoformat(value + "-01" * ((10 - len(value)) // 3))
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None
    return value


def _end_of(value: str) -> str:
    """The last day of a year (`2020`) or month (`2020-02`) for an inclusive upper bound."""
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-31"
    return value


@dataclass
class StoredEvent:
    """One event across articles, with GDELT-style counts and its first mention, and how it
    was reported: `modality`, `negated` and the highest `confidence` of its mentions."""

    id: int
    day: str | None
    source_code: str | None
    source_name: str | None
    target_code: str | None
    target_name: str | None
    cameo: str
    cameo_name: str | None
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None
    goldstein: float | None
    quad_class: int | None
    modality: str
    negated: bool
    confidence: float | None
    location: dict[str, Any] | None
    is_root: bool
    num_mentions: int
    num_sources: int
    num_articles: int
    added: str
    document: str | None = None
    url: str | None = None
    sentence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


EVENT_COLUMNS = (
    "e.id, e.day, e.source_code, e.source_name, e.target_code, e.target_name, e.cameo,"
    " e.cameo_name, e.plover_type, e.plover_mode, e.plover_context, e.goldstein, e.quad_class,"
    " e.modality, e.negated, e.confidence, e.location_name, e.location_country, e.location_lat,"
    " e.location_lon, e.location_kind,"
    " e.location_geonames_id, e.is_root, e.num_mentions, e.num_sources, e.num_articles,"
    " e.added, d.doc_id AS document, coalesce(d.url, d.path) AS url, m.sentence AS sentence,"
    " m.id AS mention_id"
)
EVENT_SELECT = f"""
SELECT {EVENT_COLUMNS}
FROM events e
LEFT JOIN mentions m ON m.id = (SELECT min(id) FROM mentions WHERE event_id = e.id)
LEFT JOIN documents d ON d.id = m.document_id
"""
MENTION_ID = 30
"""Where EVENT_SELECT has the id of the event's first mention."""


def event_from_values(v: tuple[Any, ...]) -> StoredEvent:
    """A StoredEvent from a row of EVENT_SELECT as a plain tuple: the quick way to read
    many (see `event_rows`)."""
    location = None
    if v[16] is not None or v[18] is not None:
        location = {
            "name": v[16],
            "country": v[17],
            "lat": v[18],
            "lon": v[19],
            "kind": v[20],
            "geonames_id": v[21],
        }
    return StoredEvent(
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
        v[13], bool(v[14]), v[15], location, bool(v[22]), v[23], v[24], v[25], v[26], v[27],
        v[28], v[29],
    )  # fmt: skip


def _event(row: sqlite3.Row | dict[str, Any]) -> StoredEvent:
    location = None
    if row["location_name"] is not None or row["location_lat"] is not None:
        location = {
            "name": row["location_name"],
            "country": row["location_country"],
            "lat": row["location_lat"],
            "lon": row["location_lon"],
            "kind": row["location_kind"],
            "geonames_id": row["location_geonames_id"],
        }
    return StoredEvent(
        id=row["id"],
        day=row["day"],
        source_code=row["source_code"],
        source_name=row["source_name"],
        target_code=row["target_code"],
        target_name=row["target_name"],
        cameo=row["cameo"],
        cameo_name=row["cameo_name"],
        plover_type=row["plover_type"],
        plover_mode=row["plover_mode"],
        plover_context=row["plover_context"],
        goldstein=row["goldstein"],
        quad_class=row["quad_class"],
        modality=row["modality"],
        negated=bool(row["negated"]),
        confidence=row["confidence"],
        location=location,
        is_root=bool(row["is_root"]),
        num_mentions=row["num_mentions"],
        num_sources=row["num_sources"],
        num_articles=row["num_articles"],
        added=row["added"],
        document=row["document"],
        url=row["url"],
        sentence=row["sentence"],
    )


Cursor = tuple[str | None, int]
"""Where a page of events ends: the (day, id) of its last event (keyset pagination)."""


def events(
    conn: sqlite3.Connection,
    where: EventFilter | None = None,
    *,
    after: Cursor | None = None,
    offset: int = 0,
) -> list[StoredEvent]:
    """Events matching `where`, oldest first (by day, then id); at most `where.limit`.

    `after` continues a listing after the event with that (day, id): each page is an index
    seek, however deep, where `offset` has to step over the rows it skips.
    """
    where = where or EventFilter()
    # a listing with no limit can be hundreds of thousands of rows and events: each of the
    # collections their allocation sets off would walk all of them again (a third of the
    # time of building them); the listing holds no cycles
    with collection_paused():
        rows = event_rows(conn, where, where.limit, after=after, offset=offset)
        return [event_from_values(row) for row in rows]


def cursor_of(event: StoredEvent | dict[str, Any]) -> Cursor:
    """The cursor that continues a listing after `event`."""
    if isinstance(event, dict):
        return event["day"], int(event["id"])
    return event.day, event.id


def format_cursor(cursor: Cursor) -> str:
    """A cursor as text, `DAY,ID` (`,ID` for an event without a day)."""
    return f"{cursor[0] or ''},{cursor[1]}"


def parse_cursor(text: str) -> Cursor:
    """The cursor written by `format_cursor`; StoreError says what is wrong with `text`."""
    day, comma, number = text.strip().rpartition(",")
    if (
        not comma
        or not number.isdigit()
        or len(number) > 18
        or (day and not ISO_DAY.fullmatch(day))
    ):
        raise StoreError(
            f"{text!r} is not a position in the listing: give the DAY,ID of the last event"
            " seen (like 2022-05-24,1234), as printed for the next page"
        )
    return day or None, int(number)


def event_rows(
    conn: sqlite3.Connection,
    where: EventFilter,
    limit: int | None,
    *,
    after: Cursor | None = None,
    offset: int = 0,
) -> list[tuple[Any, ...]]:
    """The rows of EVENT_SELECT (as tuples) for `events`: matching events in (day, id) order.

    With a limit, a filter that is a union of index ranges (an actor on either side, a
    CAMEO prefix, a place) is read as that union, each part already in (day, id) order on
    its index, so that the first rows come without sorting every match.
    """
    arms = _arms(conn, where, limited=bool(limit))
    page, page_params = "", []
    if limit:
        page, page_params = " LIMIT ? OFFSET ?", [limit, offset]
    elif offset:
        page, page_params = " LIMIT -1 OFFSET ?", [offset]
    if arms is None:
        clauses, params = where.clauses()
        if after is not None:
            clauses.append(_after(after, params))
        sql = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return _tuples(
            conn, f"{EVENT_SELECT}{sql} ORDER BY e.day, e.id{page}", [*params, *page_params]
        )
    parts, params = [], []
    for arm_clauses, arm_params in arms:
        arm_params = list(arm_params)
        if after is not None:
            arm_clauses = [*arm_clauses, _after(after, arm_params)]
        parts.append("SELECT e.id, e.day FROM events e WHERE " + " AND ".join(arm_clauses))
        params += arm_params
    if not page:
        # every match: SQLite would sort the whole rows (sentences and all, spilling to disk
        # past its cache), which costs more than reading them; sorted here by their keys
        rows = _tuples(
            conn, f"{EVENT_SELECT} WHERE e.id IN (SELECT id FROM ({' UNION '.join(parts)}))", params
        )
        rows.sort(key=itemgetter(0))  # stable sorts: by id, then by day (no day first)
        rows.sort(key=_day_or_none_first)
        return rows
    picked = " UNION ".join(parts) + f" ORDER BY day, id{page}"
    return _tuples(
        conn,
        f"{EVENT_SELECT} WHERE e.id IN (SELECT id FROM ({picked})) ORDER BY e.day, e.id",
        [*params, *page_params],
    )


def _day_or_none_first(row: tuple[Any, ...]) -> str:
    """The sort key of ORDER BY e.day for a row of EVENT_SELECT (NULL sorts first)."""
    return row[1] or ""


def _tuples(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows as plain tuples: reading a column of a `sqlite3.Row` by name searches its
    columns each time, which costs more than the query itself for thousands of wide rows."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()


def _after(cursor: Cursor, params: list[Any]) -> str:
    """The condition for events after `cursor` in (day, id) order (no day sorts first)."""
    day, event_id = cursor
    if day is None:
        params.append(event_id)
        return "(e.day IS NOT NULL OR e.id > ?)"
    params += [day, event_id]
    return "(e.day, e.id) > (?, ?)"


MAX_ARMS = 64
"""More index ranges than this are read as one condition (SQLite allows 500 in a union)."""


def _arms(
    conn: sqlite3.Connection, where: EventFilter, *, limited: bool
) -> list[tuple[list[str], list[Any]]] | None:
    """`where` as a union of conditions that each seek one index in (day, id) order, or None
    when the plain condition serves as well (one index range, nothing to split, or many
    ranges with no limit, where one sort of the matches costs less than merging them)."""
    given = where.given()
    source, target = where.sides()
    if source or target:
        return None  # one root index seek already
    if where.actor and CODE.fullmatch(where.actor):
        rest, params = where.clauses(without=("actor",))
        arms = []
        for role in ("source", "target"):
            sql, *own = _actor(role, where.actor, where.exact)
            arms.append(([sql, *rest], [*own, *params]))
        return arms
    if not limited:
        return None
    if "place" in given:
        rest, params = where.clauses(without=("place",))
        names = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT location_name FROM event_places"
                " WHERE location_name LIKE ? ESCAPE '\\'",
                (contains(where.place or ""),),
            )
        ]
        if len(names) > MAX_ARMS:
            return None
        arms = [(["e.location_name = ?", *rest], [name, *params]) for name in names]
        arms.append((["e.location_country = ?", *rest], [where.place.upper(), *params]))  # type: ignore[union-attr]
        return arms
    if where.code and where.code.endswith("*"):
        rest, params = where.clauses(without=("code",))
        sql, low, high = _prefix("cameo", where.code.rstrip("*"))
        codes = [
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT cameo FROM event_places WHERE {sql}", (low, high)
            )
        ]
        if not codes or len(codes) > MAX_ARMS:
            return None
        return [(["e.cameo = ?", *rest], [code, *params]) for code in codes]
    return None


@dataclass
class Mention:
    """Where an event was reported: the document and the sentence, with its offsets."""

    event_id: int
    document: str | None
    date: str | None
    url: str | None
    sentence: str
    sentence_start: int | None
    trigger: str | None
    rule: str | None
    confidence: float | None
    modality: str | None
    negated: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def mentions(conn: sqlite3.Connection, event_ids: list[int]) -> dict[int, list[Mention]]:
    """The mentions of the given events, keyed by event id, in ingest order."""
    rows = conn.execute(
        "SELECT m.*, d.doc_id, d.date AS doc_date, coalesce(d.url, d.path) AS doc_url"
        " FROM mentions m JOIN documents d ON d.id = m.document_id"
        " WHERE m.event_id IN (SELECT value FROM json_each(?)) ORDER BY m.id",
        (json.dumps(event_ids),),
    )
    found: dict[int, list[Mention]] = {}
    for row in rows:
        found.setdefault(row["event_id"], []).append(
            Mention(
                event_id=row["event_id"],
                document=row["doc_id"],
                date=row["doc_date"],
                url=row["doc_url"],
                sentence=row["sentence"],
                sentence_start=row["sentence_start"],
                trigger=row["trigger_text"],
                rule=row["rule"],
                confidence=row["confidence"],
                modality=row["modality"],
                negated=bool(row["negated"]),
            )
        )
    return found


@dataclass
class StoredQuote:
    id: int
    document: str | None
    date: str | None
    speaker_name: str | None
    speaker_code: str | None
    text: str
    direct: bool
    verb: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _phrase(text: str) -> str:
    """An FTS5 phrase query for plain text, so punctuation cannot break the syntax."""
    return '"' + text.replace('"', '""') + '"'


def quotes(
    conn: sqlite3.Connection,
    *,
    speaker: str | None = None,
    text: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredQuote]:
    """Quotes by `speaker` (a code prefix or part of a name) and/or containing `text`; at most
    `limit` of them after the first `offset` (skipped by SQLite, never fetched)."""
    clauses: list[str] = []
    params: list[Any] = []
    if speaker:
        if CODE.fullmatch(speaker):
            sql, low, high = _prefix("q.speaker_code", speaker.rstrip("*"))
            clauses.append(sql)
            params += [low, high]
        else:
            clauses.append("q.speaker_name LIKE ? ESCAPE '\\'")
            params.append(contains(speaker))
    if text:
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(f"text : {_phrase(text)}")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    window = _window(limit, offset, params)
    rows = conn.execute(
        "SELECT q.*, d.doc_id, d.date FROM quotes q JOIN documents d ON d.id = q.document_id"
        f"{where} ORDER BY d.date, q.id{window}",
        params,
    )
    return [
        StoredQuote(
            id=r["id"],
            document=r["doc_id"],
            date=r["date"],
            speaker_name=r["speaker_name"],
            speaker_code=r["speaker_code"],
            text=r["text"],
            direct=bool(r["direct"]),
            verb=r["verb"],
        )
        for r in rows
    ]


def _window(limit: int | None, offset: int, params: list[Any]) -> str:
    """` LIMIT ? OFFSET ?` (or less) for a listing, its values appended to `params`: rows
    skipped by `offset` are stepped over by SQLite, never fetched."""
    if not limit and not offset:
        return ""
    params += [limit or -1, offset]
    return " LIMIT ? OFFSET ?"


@dataclass
class ActorSummary:
    code: str
    name: str
    kind: str
    mentions: int
    documents: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def actors(
    conn: sqlite3.Connection,
    *,
    code: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ActorSummary]:
    """Actors by canonical name and code, most mentioned first; `code` is a code prefix or
    part of a name; at most `limit` after the first `offset`."""
    clauses = ""
    params: list[Any] = []
    if code and CODE.fullmatch(code):
        sql, low, high = _prefix("code", code.rstrip("*"))
        clauses, params = f" WHERE {sql}", [low, high]
    elif code:
        clauses, params = " WHERE name LIKE ? ESCAPE '\\'", [contains(code)]
    window = _window(limit, offset, params)
    # from the summaries the store keeps per code and name (see schema.py, version 5)
    rows = conn.execute(
        "SELECT code, name, kind, mentions, documents FROM"
        " (SELECT code, name, max(kind) AS kind, sum(mentions) AS mentions FROM actor_names"
        f"{clauses} GROUP BY code, name) JOIN actor_reach USING (code, name)"
        f" ORDER BY mentions DESC, code, name{window}",
        params,
    )
    return [ActorSummary(**dict(row)) for row in rows]


@dataclass
class SearchHit:
    document: str | None
    date: str | None
    title: str | None
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def search(
    conn: sqlite3.Connection, text: str, *, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """Documents matching an FTS5 query (words, "phrases", AND/OR/NOT), best first; `limit`
    of them after the first `offset`."""
    try:
        rows = conn.execute(
            "SELECT d.doc_id, d.date, d.title,"
            " snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet"
            " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (text, limit, offset),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise StoreError(
            f"cannot search for {text!r}: {exc} (put a phrase with punctuation in double quotes)"
        ) from None
    return [SearchHit(r["doc_id"], r["date"], r["title"], r["snippet"]) for r in rows]


PERIODS = {
    "day": "{day}",
    "week": "date({day}, '-6 days', 'weekday 1')",  # the Monday that starts the week
    "month": "substr({day}, 1, 7)",
    "year": "substr({day}, 1, 4)",
}
"""How each period of a timeline is labelled, as SQL over a day column."""


# Which filters each summary table answers by itself (see schema.py, version 5). Actor
# filters count only when they are codes: a name is matched against the mentions.
SUMMARIES = {
    "event_days": {"since", "until"},
    "event_dyads": {"actor", "source", "target", "dyad"},
    "event_places": {"code", "plover"},
}
GOLDSTEIN = "round(sum(goldstein_sum) / nullif(sum(goldstein_count), 0), 2)"


def summary(where: EventFilter, table: str) -> tuple[str, list[Any]] | None:
    """The WHERE clause over summary `table` that selects what `where` does, or None when
    the table cannot answer `where` (the events then answer it)."""
    given = where.given()
    if not given <= SUMMARIES[table] or not where.by_code():
        return None
    clauses: list[str] = []
    params: list[Any] = []
    if table == "event_days":
        if given:
            clauses.append("day != ''")  # no day: left out by any date filter
        if where.since:
            clauses.append("day >= ?")
            params.append(where.since)
        if where.until:
            clauses.append("day <= ?")
            params.append(_end_of(where.until))
    elif table == "event_dyads":
        source, target = where.sides()
        for role, value in (("source", source), ("target", target)):
            if value:
                sql, low, high = _prefix(f"{role}_code", value.rstrip("*"))
                clauses.append(sql)
                params += [low, high]
        if where.actor:
            low, high = _prefix("x", where.actor.rstrip("*"))[1:]
            clauses.append(
                "((source_code >= ? AND source_code < ?) OR (target_code >= ? AND target_code < ?))"
            )
            params += [low, high, low, high]
    else:
        if where.code and where.code.endswith("*"):
            sql, low, high = _prefix("cameo", where.code.rstrip("*"))
            clauses.append(sql)
            params += [low, high]
        elif where.code:
            clauses.append("cameo = ?")
            params.append(where.code)
        if where.plover:
            clauses.append("plover_type = ?")
            params.append(where.plover.upper())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_events(conn: sqlite3.Connection, where: EventFilter | None = None) -> int:
    """How many events match `where` (a summary table answers when it can)."""
    where = where or EventFilter()
    for table in SUMMARIES:
        found = summary(where, table)
        if found is not None:
            sql, params = found
            return int(
                conn.execute(
                    f"SELECT coalesce(sum(events), 0) FROM {table}{sql}",
                    params,  # noqa: S608
                ).fetchone()[0]
            )
    sql, params = where.where()
    return int(conn.execute(f"SELECT count(*) FROM events e{sql}", params).fetchone()[0])


@dataclass
class Period:
    period: str
    events: int
    mentions: int
    goldstein: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def timeline(
    conn: sqlite3.Connection, where: EventFilter | None = None, *, by: str = "week"
) -> list[Period]:
    """Events per period (a week's label is its Monday): counts and mean Goldstein score."""
    if by not in PERIODS:
        raise StoreError(f"cannot group by {by!r}; choose one of {', '.join(PERIODS)}")
    where = where or EventFilter()
    days = summary(where, "event_days")
    if days is not None:
        sql, params = days
        sql += (" AND " if sql else " WHERE ") + "day != ''"
        if by == "day":  # a row of event_days is a day already
            select = "day, events, mentions, round(goldstein_sum / nullif(goldstein_count, 0), 2)"
            rows = _tuples(conn, f"SELECT {select} FROM event_days{sql} ORDER BY day", params)
        else:
            rows = _tuples(
                conn,
                f"SELECT {PERIODS[by].format(day='day')} AS period, sum(events) AS events,"
                f" sum(mentions) AS mentions, {GOLDSTEIN} AS goldstein FROM event_days{sql}"
                " GROUP BY period ORDER BY period",
                params,
            )
        return [Period(*row) for row in rows]
    sql, params = where.where()
    sql += (" AND " if sql else " WHERE ") + "e.day IS NOT NULL"
    rows = _tuples(
        conn,
        f"SELECT {PERIODS[by].format(day='e.day')} AS period, count(*) AS events,"
        " sum(e.num_mentions) AS mentions, round(avg(e.goldstein), 2) AS goldstein"
        f" FROM events e{sql} GROUP BY period ORDER BY period",
        params,
    )
    return [Period(*row) for row in rows]


@dataclass
class Edge:
    source: str
    target: str
    events: int
    mentions: int
    goldstein: float | None
    asserted: int = 0  # events reported as asserted facts, not negated
    confidence: float | None = None  # mean of the events' confidence
    first: str | None = None  # first and last day of the edge's events
    last: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Node:
    """An actor code in the network, named by what the code means (`IRNMIL` → "Iran ·
    military"), not by one of the people or groups it covers."""

    code: str
    name: str
    country: str | None  # ISO alpha-3, or the IGO/NGO/IMG group code
    sector: str | None  # the sector part of the code (`MIL`, `GOVMED`)
    events: int  # selected events with this actor as source or target
    first: str | None  # the first and last day of those events
    last: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Network:
    """The actor graph: nodes are actor codes, edges carry event and mention counts."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [n.to_dict() for n in self.nodes.values()],
            "edges": [e.to_dict() for e in self.edges],
        }


def network(conn: sqlite3.Connection, where: EventFilter | None = None) -> Network:
    """Directed actor network of the selected events; weights are event counts."""
    from ..knowledge.codes import code_name, parts

    where = where or EventFilter()
    dyads = summary(where, "event_dyads")
    if dyads is not None:
        sql, params = dyads
        sql += (" AND " if sql else " WHERE ") + "source_code != '' AND target_code != ''"
        # the means as the triggers keep them; the whole network in the order of the index
        # that holds all it shows (the planner may not know it is the cheaper way)
        table = "event_dyads" if params else "event_dyads INDEXED BY event_dyads_by_events"
        rows = _tuples(
            conn,
            "SELECT source_code AS source, target_code AS target, events, mentions, goldstein,"
            f" asserted, confidence, first, last FROM {table}{sql}"
            " ORDER BY events DESC, source, target",
            params,
        )
    else:
        sql, params = where.where()
        both = "e.source_code IS NOT NULL AND e.target_code IS NOT NULL"
        sql += (" AND " if sql else " WHERE ") + both
        rows = _tuples(
            conn,
            "SELECT e.source_code AS source, e.target_code AS target, count(*) AS events,"
            " sum(e.num_mentions) AS mentions, round(avg(e.goldstein), 2) AS goldstein,"
            " sum(e.modality = 'asserted' AND NOT e.negated) AS asserted,"
            " round(avg(e.confidence), 2) AS confidence, min(e.day) AS first, max(e.day) AS last"
            f" FROM events e{sql} GROUP BY source, target ORDER BY events DESC, source, target",
            params,
        )
    graph = Network(edges=[Edge(*row) for row in rows])
    # each code's events, first and last day over its edges, in one pass over the rows
    # (a large store's network has hundreds of thousands of edges and a few hundred codes)
    totals: dict[str, list[Any]] = {}
    get = totals.get
    for source, target, events, _, _, _, _, first, last in rows:
        for code in (source, target) if target != source else (source,):
            found = get(code)
            if found is None:
                totals[code] = [events, first, last]
                continue
            found[0] += events
            if first and (found[1] is None or first < found[1]):
                found[1] = first
            if last and (found[2] is None or last > found[2]):
                found[2] = last
    for code in sorted(totals):
        code_parts = parts(code)
        rest = code[6:] if code_parts.group else code[3:]
        events, first, last = totals[code]
        graph.nodes[code] = Node(
            code=code,
            name=code_name(code),
            country=code_parts.group or code_parts.country,
            sector=rest or None,
            events=events,
            first=first,
            last=last,
        )
    return graph


def locations(
    conn: sqlite3.Connection, where: EventFilter | None = None, *, limit: int = 2000
) -> list[dict[str, Any]]:
    """Where the selected events happened, one row per place with coordinates: events,
    mentions and mean Goldstein score, most events first (the dashboard's map)."""
    where = where or EventFilter()
    places = summary(where, "event_places")
    if places is not None:
        sql, params = places
        table, events, mentions = "event_places", "sum(events)", "sum(mentions)"
        goldstein = GOLDSTEIN
    else:
        sql, params = where.where()
        table, events, mentions = "events e", "count(*)", "sum(e.num_mentions)"
        goldstein = "round(avg(e.goldstein), 2)"
    sql += (" AND " if sql else " WHERE ") + "location_lat IS NOT NULL"
    rows = conn.execute(
        "SELECT location_name AS name, location_country AS country, location_lat AS lat,"
        f" location_lon AS lon, max(location_kind) AS kind, {events} AS events,"
        f" {mentions} AS mentions, {goldstein} AS goldstein FROM {table}{sql}"
        " GROUP BY name, country, lat, lon ORDER BY events DESC, name, country, lat, lon"
        " LIMIT ?",
        [*params, limit],
    )
    return [dict(row) for row in rows]


STAT_TABLES = (
    "documents",
    "events",
    "mentions",
    "quotes",
    "places",
    "dates",
    "equipment",
    "rejected",
    "runs",
)


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts of what the store holds, and its schema version (from `row_counts`, which
    triggers keep in step with the tables)."""
    counted = dict(conn.execute("SELECT name, rows FROM row_counts").fetchall())
    counts: dict[str, Any] = {table: counted.get(table, 0) for table in STAT_TABLES}
    counts["stories"] = counted.get("stories", 0)
    counts["actors"] = conn.execute("SELECT count(DISTINCT code) FROM actor_names").fetchone()[0]
    counts["actor_mentions"] = counted.get("actors", 0)
    counts["schema_version"] = version(conn)
    return counts
