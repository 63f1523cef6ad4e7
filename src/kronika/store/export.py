"""Write the store's events (or its actor network) in formats other tools read.

Each exporter is registered in `EXPORTERS` under its format name, takes the events an
`EventFilter` selects, writes one file and returns how many records it wrote. Field by field
mappings, and what kronika cannot fill, are in docs/exports.md.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from datetime import date as Date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

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


def export(
    conn: sqlite3.Connection, fmt: str, out: str | Path, where: EventFilter | None = None
) -> int:
    """Export the selected events (or network) to `out` in format `fmt`; return the count."""
    if fmt not in EXPORTERS:
        raise StoreError(f"unknown export format {fmt!r}; known: {', '.join(sorted(EXPORTERS))}")
    return EXPORTERS[fmt](conn, Path(out), where or EventFilter())


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

GROUP_PARTS = ("IGO", "NGO", "IMG")


def _actor_fields(code: str | None, name: str | None) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1/2, Type1-3."""
    if not code:
        return [""] * 10
    country, rest = code[:3], code[3:]
    sectors = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    group = ""
    if country in GROUP_PARTS and sectors:
        group, sectors = sectors[0], sectors[1:]
    types = (sectors + ["", "", ""])[:3]
    country_code = "" if country == "---" or country in GROUP_PARTS else country
    return [code, (name or "").upper(), country_code, group, "", "", "", *types]


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
    geo = (
        [
            _geo_type(location),
            location.get("name") or "",
            "",
            "",
            "",
            _number(location.get("lat")),
            _number(location.get("lon")),
            str(location.get("geonames_id") or ""),
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
        *([""] * 8),
        *([""] * 8),
        *geo,
        added,
        event.url or "",
    ]
    # Tabs and newlines inside a field would break the 61-column layout.
    return [field.replace("\t", " ").replace("\n", " ") for field in row]


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


@exporter("icews")
def export_icews(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """ICEWS coded-event layout: tab-separated with a header, one row per event."""
    selected = events(conn, where)
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter="\t", lineterminator="\n")
        writer.writerow(ICEWS_COLUMNS)
        for e in selected:
            location = e.location or {}
            city = location.get("name") if location.get("kind") == "city" else ""
            province = location.get("name") if location.get("kind") == "admin1" else ""
            writer.writerow(
                [
                    e.id,
                    e.day or "",
                    e.source_name or "",
                    (e.source_code or "")[3:],
                    (e.source_code or "")[:3],
                    e.cameo_name or "",
                    e.cameo,
                    e.goldstein,
                    e.target_name or "",
                    (e.target_code or "")[3:],
                    (e.target_code or "")[:3],
                    e.document or "",
                    "",
                    e.url or "",
                    city,
                    "",
                    province,
                    location.get("country") or "",
                    location.get("lat") or "",
                    location.get("lon") or "",
                ]
            )
    return len(selected)


# --- PLOVER, CSV, Parquet ------------------------------------------------------------------


def plover_record(event: StoredEvent, found: list[Any]) -> dict[str, Any]:
    """An event in PLOVER's JSON shape (`event`, `mode`, `context`, `source`, `target`)."""
    first = found[0] if found else None
    return {
        "id": f"kronika-{event.id}",
        "date": event.day,
        "event": event.plover_type,
        "mode": event.plover_mode,
        "context": event.plover_context,
        "source": [{"actorText": event.source_name, "code": event.source_code}],
        "target": [{"actorText": event.target_name, "code": event.target_code}]
        if event.target_code or event.target_name
        else "",
        "eventText": first.trigger if first else None,
        "text": event.sentence,
        "location": event.location,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "num_mentions": event.num_mentions,
        "num_sources": event.num_sources,
        "num_articles": event.num_articles,
        "mentions": [m.to_dict() for m in found],
        "language": "en",
        "coder": "kronika",
    }


@exporter("plover")
def export_plover(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """PLOVER JSON Lines: one event per line with every mention."""
    selected = events(conn, where)
    with out.open("w", encoding="utf-8") as file:
        for start in range(0, len(selected), 500):
            chunk = selected[start : start + 500]
            found = mentions(conn, [e.id for e in chunk])
            for event in chunk:
                record = plover_record(event, found.get(event.id, []))
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(selected)


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
    """An event as one flat row (the columns of the csv and parquet exports)."""
    data = event.to_dict()
    location = data.pop("location") or {}
    data["location_name"] = location.get("name")
    data["location_country"] = location.get("country")
    data["lat"] = location.get("lat")
    data["lon"] = location.get("lon")
    return {column: data[column] for column in FLAT_COLUMNS}


@exporter("csv")
def export_csv(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """Events as CSV with a header (codes are text: `042` stays `042`)."""
    selected = events(conn, where)
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, FLAT_COLUMNS)
        writer.writeheader()
        writer.writerows(flat_row(e) for e in selected)
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


@exporter("graphml")
def export_graphml(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """The actor network as GraphML (directed; edge weight = events); returns edge count."""
    graph = network(conn, where)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
        '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
        '  <key id="mentions" for="edge" attr.name="mentions" attr.type="int"/>',
        '  <key id="goldstein" for="edge" attr.name="goldstein" attr.type="double"/>',
        '  <graph id="kronika" edgedefault="directed">',
    ]
    for code, name in graph.nodes.items():
        lines.append(
            f'    <node id={quoteattr(code)}><data key="name">{escape(name)}</data></node>'
        )
    for edge in graph.edges:
        lines.append(
            f"    <edge source={quoteattr(edge.source)} target={quoteattr(edge.target)}>"
            f'<data key="weight">{edge.events}</data>'
            f'<data key="mentions">{edge.mentions}</data>'
            f'<data key="goldstein">{edge.goldstein if edge.goldstein is not None else 0}</data>'
            "</edge>"
        )
    lines += ["  </graph>", "</graphml>", ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    return len(graph.edges)


@exporter("gexf")
def export_gexf(conn: sqlite3.Connection, out: Path, where: EventFilter) -> int:
    """The actor network as GEXF 1.3 for Gephi (edge weight = events); returns edge count."""
    graph = network(conn, where)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
        '  <graph defaultedgetype="directed" mode="static">',
        '    <attributes class="edge">',
        '      <attribute id="0" title="mentions" type="integer"/>',
        '      <attribute id="1" title="goldstein" type="double"/>',
        "    </attributes>",
        "    <nodes>",
    ]
    for code, name in graph.nodes.items():
        lines.append(f"      <node id={quoteattr(code)} label={quoteattr(name)}/>")
    lines.append("    </nodes>")
    lines.append("    <edges>")
    for number, edge in enumerate(graph.edges):
        goldstein = edge.goldstein if edge.goldstein is not None else 0
        lines.append(
            f'      <edge id="{number}" source={quoteattr(edge.source)}'
            f' target={quoteattr(edge.target)} weight="{edge.events}"><attvalues>'
            f'<attvalue for="0" value="{edge.mentions}"/>'
            f'<attvalue for="1" value="{goldstein}"/></attvalues></edge>'
        )
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    return len(graph.edges)
