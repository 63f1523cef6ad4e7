"""Write the store's events (or its actor network) in formats other tools read.

Each exporter is registered in `EXPORTERS` under its format name, takes the events an
`EventFilter` selects, writes one file and returns how many records it wrote. The event-data
formats (GDELT, ICEWS, PLOVER) hold the events reported as facts, asserted and not negated,
unless the filter asks for a modality or negation or `all_events` is given. Field by field
mappings, and what kronika cannot fill, are in docs/exports.md.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..knowledge import codes
from .query import EventFilter, StoredEvent, events, mentions, network
from .schema import StoreError

Exporter = Callable[[sqlite3.Connection, Path, EventFilter], int]
EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Register an export format under `name`."""

    def register(function: Exporter) -> Exporter:
        EXPORTERS[name] = function
        return function

    return register


FACT_FORMATS = ("gdelt", "icews", "plover")
"""Formats whose users read every row as a fact: by default they hold asserted, non-negated
events only."""


def export(
    conn: sqlite3.Connection,
    fmt: str,
    out: str | Path,
    where: EventFilter | None = None,
    *,
    all_events: bool = False,
) -> int:
    """Export the selected events (or network) to `out` in format `fmt`; return the count.

    GDELT, ICEWS and PLOVER get only asserted, non-negated events unless `where` names a
    modality or negation, or `all_events` is true. An `out` that cannot be written is a
    StoreError that says why.
    """
    if fmt not in EXPORTERS:
        raise StoreError(f"unknown export format {fmt!r}; known: {', '.join(sorted(EXPORTERS))}")
    where = fact_filter(fmt, where or EventFilter(), all_events)
    where.modalities()  # a bad modality is refused before the file is touched
    path = Path(out)
    if not path.parent.is_dir():
        raise StoreError(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise StoreError(f"cannot write {path}: it is a folder; give a file name")
    try:
        return EXPORTERS[fmt](conn, path, where)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None


def fact_filter(fmt: str, where: EventFilter, all_events: bool = False) -> EventFilter:
    """The filter an export applies: event-data formats default to asserted facts."""
    if fmt not in FACT_FORMATS or all_events or where.modality or where.negated is not None:
        return where
    return replace(where, modality="asserted", negated=False)


# --- GDELT 2.0 event table ---------------------------------------------------------------

GDELT_COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"{actor}{name}"
        for actor in ("Actor1", "Actor2")
        for name in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{geo}_{name}"
        for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo")
        for name in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    ),
    "DATEADDED",
    "SOURCEURL",
]
assert len(GDELT_COLUMNS) == 61


def _actor_fields(code: str | None, name: str | None) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1/2, Type1-3."""
    if not code:
        return [""] * 10
    found = codes.parts(code)
    types = (list(found.sectors) + ["", "", ""])[:3]
    group = found.group[3:] if found.group else ""
    return [code, (name or "").upper(), found.country or "", group, "", "", "", *types]


def _actor_geo(code: str | None) -> list[str]:
    """Actor1Geo_*/Actor2Geo_*: the actor's own country, at country level (type 1), for a
    code whose country has a FIPS code; empty for groups and unknown countries."""
    country = codes.countries().get(codes.parts(code).country or "") if code else None
    if country is None or not country.fips:
        return [""] * 8
    return [
        "1",
        country.name,
        country.fips,
        country.fips,
        "",
        _number(country.lat),
        _number(country.lon),
        country.fips,
    ]


def _geo_type(location: dict[str, Any]) -> str:
    """GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    kind, us = location.get("kind"), location.get("country") == "USA"
    return {"country": "1", "admin1": "2" if us else "5", "city": "3" if us else "4"}.get(
        kind or "", ""
    )


def _number(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def gdelt_row(event: StoredEvent) -> list[str]:
    """One event as the 61 GDELT 2.0 fields, all strings (codes keep leading zeros)."""
    day = Date.fromisoformat(event.day) if event.day else None
    dates = (
        [
            day.strftime("%Y%m%d"),
            day.strftime("%Y%m"),
            str(day.year),
            f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}",
        ]
        if day
        else ["", "", "", ""]
    )
    location = event.location or {}
    country, adm1, feature = codes.gdelt_place(location)
    geo = (
        [
            _geo_type(location),
            location.get("name") or "",
            country,
            adm1,
            "",
            _number(location.get("lat")),
            _number(location.get("lon")),
            feature,
        ]
        if location
        else [""] * 8
    )
    added = event.added.replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
    row = [
        str(event.id),
        *dates,
        *_actor_fields(event.source_code, event.source_name),
        *_actor_fields(event.target_code, event.target_name),
        "1" if event.is_root else "0",
        event.cameo,
        event.cameo[:3],
        event.cameo[:2],
        str(event.quad_class or ""),
        _number(event.goldstein, 1),
        str(event.num_mentions),
        str(event.num_sources),
        str(event.num_articles),
        "",
        *_actor_geo(event.source_code),
        *_actor_geo(event.target_code),
        *geo,
        added,
        event.url or "",
    ]
    # Tabs and newlines inside a field would break the 61-column layout.
    return [safe_cell(field.replace("\t", " ").replace("\n", " ")) for field in row]


@exporter("gdelt")
def export_gdelt(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """GDELT 2.0 event table: 61 tab-separated columns, no header (as GDELT publishes it)."""
    selected = events(conn, where)
    with out.open("w", encoding="utf-8", newline="") as file:
        for event in selected:
            file.write("\t".join(gdelt_row(event)) + "\n")
    return len(selected)


# --- ICEWS ---------------------------------------------------------------------------------

ICEWS_COLUMNS = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
]
# kronika's own columns, after ICEWS's twenty.
READING_COLUMNS = ["Modality", "Negated", "Confidence"]
NAMED_KINDS = {"person", "organisation", "agency", "party", "media", "company", "igo", "ngo"}


def named_actors(conn: sqlite3.Connection, event_ids: list[int]) -> dict[tuple[int, str], str]:
    """The canonical name of each event's source and target as its first mention resolved
    it, where that is a proper name (a person, a named organisation): keyed (event, role)."""
    found: dict[tuple[int, str], str] = {}
    for role in ("source", "target"):
        rows = conn.execute(
            f"SELECT m.event_id, a.name, a.kind FROM mentions m"  # noqa: S608
            f" JOIN events e ON e.id = m.event_id"
            f" JOIN actors a ON a.document_id = m.document_id AND a.text = m.{role}_text"
            f"  AND a.code = e.{role}_code"
            " WHERE m.id IN (SELECT min(id) FROM mentions WHERE event_id IN"
            "  (SELECT value FROM json_each(?)) GROUP BY event_id)",
            (json.dumps(event_ids),),
        )
        for event_id, name, kind in rows:
            if kind in NAMED_KINDS and proper_name(name):
                found.setdefault((event_id, role), name)
    return found


PARTICLES = {"al", "and", "bin", "da", "de", "del", "der", "el", "for", "la", "of", "the", "van"}


def proper_name(name: str) -> bool:
    """Whether a canonical name is a name ("Hosein Dalirian", "Bank of England"), not a
    description ("Kenya's foreign minister")."""
    words = [w for w in name.replace("-", " ").split() if any(c.isalpha() for c in w)]
    return bool(words) and all(w[0].isupper() or w.lower() in PARTICLES for w in words)


@exporter("icews")
def export_icews(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """ICEWS coded-event layout: tab-separated with a header, one row per event; actors,
    sectors and countries by name, as ICEWS gives them."""
    selected = events(conn, where)
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter="\t", lineterminator="\n")
        writer.writerow(ICEWS_COLUMNS + READING_COLUMNS)
        for start in range(0, len(selected), 500):
            chunk = selected[start : start + 500]
            names = named_actors(conn, [e.id for e in chunk])
            for e in chunk:
                location = e.location or {}
                city = location.get("name") if location.get("kind") == "city" else ""
                province = location.get("name") if location.get("kind") == "admin1" else ""
                writer.writerow(
                    safe_cell(cell)
                    for cell in [
                        e.id,
                        e.day or "",
                        names.get((e.id, "source")) or codes.icews_name(e.source_code),
                        ",".join(codes.sector_names(e.source_code)),
                        _icews_country(e.source_code),
                        e.cameo_name or "",
                        e.cameo,
                        e.goldstein,
                        names.get((e.id, "target")) or codes.icews_name(e.target_code),
                        ",".join(codes.sector_names(e.target_code)),
                        _icews_country(e.target_code),
                        e.document or "",
                        "",
                        e.url or "",
                        city,
                        "",
                        province,
                        codes.country_name(location.get("country")) or "",
                        location.get("lat") or "",
                        location.get("lon") or "",
                        e.modality,
                        "true" if e.negated else "false",
                        "" if e.confidence is None else e.confidence,
                    ]
                )
    return len(selected)


def _icews_country(code: str | None) -> str:
    if not code:
        return ""
    found = codes.parts(code)
    if found.group:
        return codes.group_names().get(found.group) or found.group
    return codes.country_name(found.country) or ""


# --- PLOVER --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def plover_statements() -> dict[str, str]:
    """PLOVER types for CAMEO's 01 statements, which PLOVER drops (data/plover_statements.tsv)."""
    from ..knowledge.tables import data_path, read_tsv

    found: dict[str, str] = {}
    for row in read_tsv(data_path("plover_statements.tsv"), ("cameo", "plover_type")):
        if row["plover_type"] not in PLOVER_TYPES:
            raise row.error(f"{row['plover_type']!r} is not a PLOVER event type")
        found[row["cameo"]] = row["plover_type"]
    return found


PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
# PLOVER's auxiliary modes go in `context` (manual, "Auxiliary modes").
AUXILIARY = {"intent": "future", "hypothetical": "hypothetical"}


def plover_type(event: StoredEvent) -> str | None:
    return event.plover_type or plover_statements().get(event.cameo)


def plover_entity(code: str | None, text: str | None, name: str | None) -> list[dict[str, Any]]:
    """An actor or recipient as PLOVER's list of entity objects (one: kronika expands
    compound actors into one event per member)."""
    if not code and not text:
        return []
    found = codes.parts(code or "---")
    sectors = list(found.sectors)
    country = found.group or found.country
    country_name = (
        codes.group_names().get(found.group) if found.group else codes.country_name(country)
    )
    return [
        {
            "raw_text": text,
            "entity_name": name or codes.code_name(code),
            "code": code,
            "country_name": country_name or country,
            "country_code": country,
            "sector_code": sectors[0] if sectors else None,
            "other_sector_codes": ",".join(sectors[1:]),
        }
    ]


def plover_record(
    event: StoredEvent, found: list[Any], names: dict[tuple[int, str], str] | None = None
) -> dict[str, Any]:
    """An event as a PLOVER record, with the manual's field names (`actor`, `recipient`,
    `event`, `mode`, `context`, `event_loc`, `event_text`, …) and kronika's own after them.
    `names` are the canonical names of named actors (`named_actors`)."""
    names = names or {}
    context = [event.plover_context] if event.plover_context else []
    if event.modality in AUXILIARY:
        context.append(AUXILIARY[event.modality])
    if event.negated:
        context.append("negation")
    kind = plover_type(event)
    location = event.location or {}
    source = names.get((event.id, "source"))
    target = names.get((event.id, "target"))
    return {
        "id": f"kronika-{event.id}",
        "date": event.day,
        "actor": plover_entity(event.source_code, event.source_name, source),
        "recipient": plover_entity(event.target_code, event.target_name, target),
        "event": [kind] if kind else [],
        "mode": [event.plover_mode] if event.plover_mode else [],
        "context": context,
        "event_loc": {
            "name": location.get("name"),
            "country_code": location.get("country"),
            "country_name": codes.country_name(location.get("country")),
            "lat": location.get("lat"),
            "lon": location.get("lon"),
            "kind": location.get("kind"),
            "geonames_id": location.get("geonames_id"),
        }
        if location
        else None,
        "event_text": [m.trigger for m in found if m.trigger][:1],
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "text": event.sentence,
        "cite_info": {"document": event.document, "url": event.url},
        "coder": "kronika",
        "language": "en",
        "modality": event.modality,
        "negated": event.negated,
        "confidence": event.confidence,
        "cameo": event.cameo,
        "cameo_name": event.cameo_name,
        "num_mentions": event.num_mentions,
        "num_sources": event.num_sources,
        "num_articles": event.num_articles,
        "mentions": [m.to_dict() for m in found],
    }


@exporter("plover")
def export_plover(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """PLOVER JSON Lines: one event per line with every mention."""
    selected = events(conn, where)
    with out.open("w", encoding="utf-8") as file:
        for start in range(0, len(selected), 500):
            chunk = selected[start : start + 500]
            found = mentions(conn, [e.id for e in chunk])
            names = named_actors(conn, [e.id for e in chunk])
            for event in chunk:
                record = plover_record(event, found.get(event.id, []), names)
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(selected)


# --- CSV, Parquet, GeoJSON -----------------------------------------------------------------

FLAT_COLUMNS = [
    "id",
    "day",
    "source_code",
    "source_name",
    "target_code",
    "target_name",
    "cameo",
    "cameo_name",
    "plover_type",
    "plover_mode",
    "plover_context",
    "goldstein",
    "quad_class",
    "modality",
    "negated",
    "confidence",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "is_root",
    "num_mentions",
    "num_sources",
    "num_articles",
    "added",
    "document",
    "url",
    "sentence",
]


def flat_row(event: StoredEvent) -> dict[str, Any]:
    """An event as one flat row (the columns of the csv, parquet and geojson exports, and of
    `kronika events --format csv`)."""
    data = event.to_dict()
    location = data.pop("location") or {}
    data["location_name"] = location.get("name")
    data["location_country"] = location.get("country")
    data["lat"] = location.get("lat")
    data["lon"] = location.get("lon")
    return {column: data[column] for column in FLAT_COLUMNS}


# A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(...)`,
# `@SUM(...)`, `-2+3+cmd|...`); OWASP's advice for CSV is to make such a cell text with a
# leading single quote. Numbers (`-1.5`) and unknown-country actor codes (`---GOV`) cannot
# carry a formula and are written as they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INERT = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|---(?:[A-Z]{3})*")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet will not run it: a text that starts like a formula gets a
    leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not INERT.fullmatch(value):
        return "'" + value
    return value


def write_csv(file: Any, selected: list[StoredEvent]) -> None:
    writer = csv.DictWriter(file, FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in flat_row(e).items()} for e in selected)


@exporter("csv")
def export_csv(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """Events as CSV with a header (codes are text: `042` stays `042`)."""
    selected = events(conn, where)
    with out.open("w", encoding="utf-8", newline="") as file:
        write_csv(file, selected)
    return len(selected)


@exporter("parquet")
def export_parquet(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """Events as a typed Parquet table (needs pyarrow: `pip install 'kronika[parquet]'`)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StoreError(
            "the parquet export needs pyarrow: pip install 'kronika[parquet]'"
        ) from None
    types = {
        "id": pa.int64(),
        "goldstein": pa.float64(),
        "quad_class": pa.int32(),
        "negated": pa.bool_(),
        "confidence": pa.float64(),
        "lat": pa.float64(),
        "lon": pa.float64(),
        "is_root": pa.bool_(),
        "num_mentions": pa.int32(),
        "num_sources": pa.int32(),
        "num_articles": pa.int32(),
    }
    schema = pa.schema([(c, types.get(c, pa.string())) for c in FLAT_COLUMNS])
    rows = [flat_row(e) for e in events(conn, where)]
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, out)
    return len(rows)


@exporter("geojson")
def export_geojson(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """Events that have coordinates, as a GeoJSON FeatureCollection of points."""
    features = []
    for event in events(conn, where):
        location = event.location or {}
        if location.get("lat") is None or location.get("lon") is None:
            continue
        properties = flat_row(event)
        for key in ("lat", "lon"):
            properties.pop(key)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]},
                "properties": properties,
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    out.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return len(features)


# --- Actor network -------------------------------------------------------------------------


def actor_graph(conn: sqlite3.Connection, where: EventFilter) -> Any:
    """The actor network as a networkx DiGraph: nodes carry the code's name, country,
    sector, event count and first/last day; edges the event and mention counts, the
    asserted events among them, mean Goldstein and mean confidence."""
    import networkx as nx

    graph = network(conn, where)
    digraph = nx.DiGraph()
    for node in graph.nodes.values():
        digraph.add_node(
            node.code,
            label=node.name,
            name=node.name,
            country=node.country or "",
            sector=node.sector or "",
            events=node.events,
            first=node.first or "",
            last=node.last or "",
        )
    for edge in graph.edges:
        digraph.add_edge(
            edge.source,
            edge.target,
            weight=float(edge.events),
            mentions=edge.mentions,
            asserted=edge.asserted,
            goldstein=float(edge.goldstein if edge.goldstein is not None else 0),
            confidence=float(edge.confidence if edge.confidence is not None else 0),
            first=edge.first or "",
            last=edge.last or "",
        )
    return digraph


@exporter("graphml")
def export_graphml(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """The actor network as GraphML (directed; edge weight = events); returns edge count."""
    import networkx as nx

    digraph = actor_graph(conn, where)
    nx.write_graphml(digraph, out, encoding="utf-8")
    return int(digraph.number_of_edges())


@exporter("gexf")
def export_gexf(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """The actor network as GEXF for Gephi (edge weight = events); returns edge count."""
    import networkx as nx

    digraph = actor_graph(conn, where)
    nx.write_gexf(digraph, out, encoding="utf-8", version="1.2draft")
    return int(digraph.number_of_edges())
