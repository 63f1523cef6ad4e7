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
from typing import Any

from .schema import StoreError, version

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
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        source, target = self.source, self.target
        if self.dyad:
            if ":" not in self.dyad:
                raise StoreError(f"--dyad {self.dyad!r} must be SOURCE:TARGET, like IRN:TJK")
            source, target = (part.strip() or None for part in self.dyad.split(":", 1))
        if source:
            add(*_actor("source", source, self.exact))
        if target:
            add(*_actor("target", target, self.exact))
        if self.actor:
            sql_s, *p_s = _actor("source", self.actor, self.exact)
            sql_t, *p_t = _actor("target", self.actor, self.exact)
            add(f"({sql_s} OR {sql_t})", *p_s, *p_t)
        if self.code:
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
        if self.place:
            add(
                "(e.location_name LIKE ? OR e.location_country = ?)",
                f"%{self.place}%",
                self.place.upper(),
            )
        if self.text:
            add(
                "EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id AND m.sentence LIKE ?)",
                f"%{self.text}%",
            )
        modalities = self.modalities()
        if modalities:
            add(f"e.modality IN ({', '.join('?' * len(modalities))})", *modalities)
        if self.negated is not None:
            add("e.negated = ?", int(self.negated))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _prefix(column: str, prefix: str) -> tuple[str, str, str]:
    """A prefix match that can use an index: column in [prefix, next prefix)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\uffff"
    return f"({column} >= ? AND {column} < ?)", prefix, upper


def _actor(role: str, value: str, exact: bool = False) -> tuple[Any, ...]:
    if CODE.fullmatch(value):
        if exact and not value.endswith("*"):
            return f"e.{role}_code = ?", value
        return _prefix(f"e.{role}_code", value.rstrip("*"))
    return (
        f"(e.{role}_name LIKE ? OR EXISTS (SELECT 1 FROM mentions m"
        f" WHERE m.event_id = e.id AND m.{role}_text LIKE ?))",
        f"%{value}%",
        f"%{value}%",
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


EVENT_SELECT = """
SELECT e.*, d.doc_id AS document, coalesce(d.url, d.path) AS url, m.sentence AS sentence
FROM events e
LEFT JOIN mentions m ON m.id = (SELECT min(id) FROM mentions WHERE event_id = e.id)
LEFT JOIN documents d ON d.id = m.document_id
"""


def _event(row: sqlite3.Row) -> StoredEvent:
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


def events(conn: sqlite3.Connection, where: EventFilter | None = None) -> list[StoredEvent]:
    """Events matching `where`, oldest first."""
    where = where or EventFilter()
    sql, params = where.where()
    limit = " LIMIT ?" if where.limit else ""
    if where.limit:
        params.append(where.limit)
    rows = conn.execute(f"{EVENT_SELECT}{sql} ORDER BY e.day, e.id{limit}", params)
    return [_event(row) for row in rows]


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
) -> list[StoredQuote]:
    """Quotes by `speaker` (a code prefix or part of a name) and/or containing `text`."""
    clauses: list[str] = []
    params: list[Any] = []
    if speaker:
        if CODE.fullmatch(speaker):
            sql, low, high = _prefix("q.speaker_code", speaker.rstrip("*"))
            clauses.append(sql)
            params += [low, high]
        else:
            clauses.append("q.speaker_name LIKE ?")
            params.append(f"%{speaker}%")
    if text:
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(f"text : {_phrase(text)}")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    if limit:
        params.append(limit)
    rows = conn.execute(
        "SELECT q.*, d.doc_id, d.date FROM quotes q JOIN documents d ON d.id = q.document_id"
        f"{where} ORDER BY d.date, q.id{' LIMIT ?' if limit else ''}",
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
    conn: sqlite3.Connection, *, code: str | None = None, limit: int | None = None
) -> list[ActorSummary]:
    """Actors by canonical name and code, most mentioned first; `code` is a code prefix or
    part of a name."""
    clauses = ""
    params: list[Any] = []
    if code and CODE.fullmatch(code):
        sql, low, high = _prefix("code", code.rstrip("*"))
        clauses, params = f" WHERE {sql}", [low, high]
    elif code:
        clauses, params = " WHERE name LIKE ?", [f"%{code}%"]
    if limit:
        params.append(limit)
    rows = conn.execute(
        "SELECT code, name, max(kind) AS kind, count(*) AS mentions,"
        f" count(DISTINCT document_id) AS documents FROM actors{clauses}"
        f" GROUP BY code, name ORDER BY mentions DESC, code, name{' LIMIT ?' if limit else ''}",
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


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20) -> list[SearchHit]:
    """Documents matching an FTS5 query (words, "phrases", AND/OR/NOT), best first."""
    try:
        rows = conn.execute(
            "SELECT d.doc_id, d.date, d.title,"
            " snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet"
            " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            (text, limit),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise StoreError(
            f"cannot search for {text!r}: {exc} (put a phrase with punctuation in double quotes)"
        ) from None
    return [SearchHit(r["doc_id"], r["date"], r["title"], r["snippet"]) for r in rows]


PERIODS = {
    "day": "e.day",
    "week": "date(e.day, '-6 days', 'weekday 1')",  # the Monday that starts the week
    "month": "substr(e.day, 1, 7)",
    "year": "substr(e.day, 1, 4)",
}


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
    sql, params = (where or EventFilter()).where()
    sql += (" AND " if sql else " WHERE ") + "e.day IS NOT NULL"
    rows = conn.execute(
        f"SELECT {PERIODS[by]} AS period, count(*) AS events, sum(e.num_mentions) AS mentions,"
        f" round(avg(e.goldstein), 2) AS goldstein FROM events e{sql}"
        " GROUP BY period ORDER BY period",
        params,
    )
    return [Period(**dict(row)) for row in rows]


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

    sql, params = (where or EventFilter()).where()
    both = "e.source_code IS NOT NULL AND e.target_code IS NOT NULL"
    sql += (" AND " if sql else " WHERE ") + both
    rows = conn.execute(
        "SELECT e.source_code AS source, e.target_code AS target, count(*) AS events,"
        " sum(e.num_mentions) AS mentions, round(avg(e.goldstein), 2) AS goldstein,"
        " sum(e.modality = 'asserted' AND NOT e.negated) AS asserted,"
        " round(avg(e.confidence), 2) AS confidence, min(e.day) AS first, max(e.day) AS last"
        f" FROM events e{sql} GROUP BY source, target ORDER BY events DESC, source, target",
        params,
    )
    graph = Network(edges=[Edge(**dict(row)) for row in rows])
    seen: dict[str, list[Edge]] = {}
    for edge in graph.edges:
        seen.setdefault(edge.source, []).append(edge)
        if edge.target != edge.source:
            seen.setdefault(edge.target, []).append(edge)
    for code in sorted(seen):
        code_parts = parts(code)
        days = [d for e in seen[code] for d in (e.first, e.last) if d]
        rest = code[6:] if code_parts.group else code[3:]
        graph.nodes[code] = Node(
            code=code,
            name=code_name(code),
            country=code_parts.group or code_parts.country,
            sector=rest or None,
            events=sum(e.events for e in seen[code]),
            first=min(days) if days else None,
            last=max(days) if days else None,
        )
    return graph


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
    """Counts of what the store holds, and its schema version."""
    counts: dict[str, Any] = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in STAT_TABLES
    }
    counts["stories"] = conn.execute(
        "SELECT count(DISTINCT coalesce(story_id, id)) FROM documents"
    ).fetchone()[0]
    counts["actors"] = conn.execute("SELECT count(DISTINCT code) FROM actors").fetchone()[0]
    counts["actor_mentions"] = conn.execute("SELECT count(*) FROM actors").fetchone()[0]
    counts["schema_version"] = version(conn)
    return counts
