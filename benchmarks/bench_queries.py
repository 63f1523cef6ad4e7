"""Time every query the CLI, API and dashboard issue: kronika's store vs DuckDB over Parquet.

    .venv/bin/python benchmarks/bench_queries.py [--events N] [--json]

builds a store of N synthetic events (default 1,000,000) with `synthetic_store.py` (kronika's
schema, filled as a bulk load would fill it; see there for the corpus and its skew), exports
the same rows to Parquet, and runs each query with the same arguments in kronika (the
function the CLI, API or dashboard calls) and in DuckDB over the Parquet files (an analyst's
alternative), alternating the two. Every pair of results is compared; p50/p95 of each side
and the ratio kronika p95 ÷ DuckDB p95 are printed (a ratio ≤ 1.0 means kronika answers at
least as fast). The figures go to `benchmarks/results.json` (key "queries", or "queries_N"
for a size other than the default) and to `docs/performance.md`.

DuckDB is a benchmark dependency (`pip install -e '.[bench]'`, which `make bench` does).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results_doc import save_results
from synthetic_store import CAMEO, COUNTRIES, TOPICS, build_store, countries

DEFAULT_EVENTS = 1_000_000


# ---------------------------------------------------------------- the same rows in Parquet

EXPORTS = {
    # the flat event table of `kronika export --format parquet`, with the first mention's
    # document and sentence, as an analyst would export it
    "events": "SELECT e.id, e.day, e.source_code, e.source_name, e.target_code, e.target_name,"
    " e.cameo, e.cameo_name, e.plover_type, e.plover_mode, e.plover_context, e.goldstein,"
    " e.quad_class, e.location_name, e.location_country, e.location_lat, e.location_lon,"
    " e.location_kind, e.location_geonames_id, e.modality, e.negated, e.confidence,"
    " e.is_root, e.num_mentions, e.num_sources,"
    " e.num_articles, e.added, d.doc_id AS document, coalesce(d.url, d.path) AS url,"
    " m.sentence FROM events e"
    " LEFT JOIN mentions m ON m.id = (SELECT min(id) FROM mentions WHERE event_id = e.id)"
    " LEFT JOIN documents d ON d.id = m.document_id ORDER BY e.id",
    "mentions": "SELECT id, event_id, document_id, source_text, target_text, sentence"
    " FROM mentions ORDER BY id",
    "documents": "SELECT id, doc_id, date, title, source, url, path, outlet, story_id"
    " FROM documents ORDER BY id",
    "actors": "SELECT id, document_id, text, name, code, country, sector, kind FROM actors"
    " ORDER BY id",
    "quotes": "SELECT id, document_id, speaker_name, speaker_code, text FROM quotes",
    "places": "SELECT id, document_id, name, country FROM places",
    "dates": "SELECT id, document_id, value FROM dates",
    "equipment": "SELECT id, document_id, name FROM equipment",
    "rejected": "SELECT id, path, record, reason FROM rejected",
    "runs": "SELECT id, command, started FROM runs",
}


def export_parquet(store: Path, folder: Path) -> dict[str, Any]:
    """Write each table (events flattened) to `folder/NAME.parquet`, streaming in batches."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    started = time.perf_counter()
    conn = sqlite3.connect(store)
    folder.mkdir(parents=True, exist_ok=True)
    for name, sql in EXPORTS.items():
        cursor = conn.execute(sql)
        columns = [c[0] for c in cursor.description]
        schema = _schema(columns)
        with pq.ParquetWriter(folder / f"{name}.parquet", schema) as writer:
            while True:
                rows = cursor.fetchmany(122_880)
                values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
                arrays = [
                    pa.array(column, type=field.type)
                    for column, field in zip(values, schema, strict=True)
                ]
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
                if not rows:
                    break
    conn.close()
    size = sum(p.stat().st_size for p in folder.glob("*.parquet"))
    return {
        "export_seconds": round(time.perf_counter() - started, 1),
        "parquet_mb": round(size / 1e6),
    }


INTEGERS = {"id", "event_id", "document_id", "story_id", "location_geonames_id", "is_root",
            "negated",
            "num_mentions", "num_sources", "num_articles", "quad_class", "record"}  # fmt: skip
REALS = {"goldstein", "location_lat", "location_lon", "confidence"}


def _schema(columns: list[str]) -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            (c, pa.int64() if c in INTEGERS else pa.float64() if c in REALS else pa.string())
            for c in columns
        ]
    )


def duckdb_connect(folder: Path) -> Any:
    import duckdb

    conn = duckdb.connect()
    for name in EXPORTS:
        path = str(folder / f"{name}.parquet").replace("'", "''")
        conn.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    return conn


# ---------------------------------------------------------------- the queries

EVENT_FIELDS = (
    "id day source_code target_code cameo plover_type goldstein num_mentions num_sources "
    "num_articles document sentence"
).split()


def duck_where(args: dict[str, Any]) -> tuple[str, list[Any]]:
    """The WHERE clause of kronika's EventFilter, in DuckDB over the flat events table."""
    clauses, params = [], []
    source, target = args.get("source"), args.get("target")
    if args.get("dyad"):
        source, target = args["dyad"].split(":")
    if source:
        clauses.append("starts_with(source_code, ?)")
        params.append(source)
    if target:
        clauses.append("starts_with(target_code, ?)")
        params.append(target)
    if args.get("actor"):
        clauses.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
        params += [args["actor"], args["actor"]]
    if args.get("code"):
        if args["code"].endswith("*"):
            clauses.append("starts_with(cameo, ?)")
            params.append(args["code"].rstrip("*"))
        else:
            clauses.append("cameo = ?")
            params.append(args["code"])
    if args.get("plover"):
        clauses.append("plover_type = ?")
        params.append(args["plover"])
    if args.get("since"):
        clauses.append("day >= ?")
        params.append(args["since"])
    if args.get("place"):
        clauses.append("(location_name ILIKE ? OR location_country = ?)")
        params += [f"%{args['place']}%", args["place"].upper()]
    if args.get("text"):
        clauses.append("id IN (SELECT event_id FROM mentions WHERE sentence ILIKE ?)")
        params.append(f"%{args['text']}%")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def duck_events(
    db: Any, args: dict[str, Any], limit: int | None = None
) -> tuple[list[str], list[tuple]]:
    sql, params = duck_where(args)
    tail = f" LIMIT {int(limit)}" if limit else ""
    cursor = db.execute(f"SELECT * FROM events{sql} ORDER BY day, id{tail}", params)
    rows = cursor.fetchall()
    return [c[0] for c in cursor.description], rows


def duck_count(db: Any, args: dict[str, Any]) -> int:
    sql, params = duck_where(args)
    return db.execute(f"SELECT count(*) FROM events{sql}", params).fetchone()[0]


DUCK_PERIODS = {
    "day": "day",
    "week": "strftime(date_trunc('week', CAST(day AS DATE)), '%Y-%m-%d')",
    "month": "substr(day, 1, 7)",
}


def duck_timeline(db: Any, args: dict[str, Any], by: str) -> list[tuple]:
    sql, params = duck_where(args)
    sql += (" AND " if sql else " WHERE ") + "day IS NOT NULL"
    return db.execute(
        f"SELECT {DUCK_PERIODS[by]} AS period, count(*), sum(num_mentions),"
        f" round(avg(goldstein), 2) FROM events{sql} GROUP BY period ORDER BY period",
        params,
    ).fetchall()


def duck_network(db: Any, args: dict[str, Any]) -> list[tuple]:
    sql, params = duck_where(args)
    sql += (" AND " if sql else " WHERE ") + "source_code IS NOT NULL AND target_code IS NOT NULL"
    return db.execute(
        "SELECT source_code AS source, target_code AS target, count(*) AS events,"
        " sum(num_mentions), round(avg(goldstein), 2),"
        " count(*) FILTER (WHERE modality = 'asserted' AND NOT negated),"
        " round(avg(confidence), 2), min(day), max(day) FROM events"
        f"{sql} GROUP BY source, target ORDER BY events DESC, source, target",
        params,
    ).fetchall()


def duck_locations(db: Any, args: dict[str, Any]) -> list[tuple]:
    sql, params = duck_where(args)
    sql += (" AND " if sql else " WHERE ") + "location_lat IS NOT NULL"
    return db.execute(
        "SELECT location_name AS name, location_country AS country, location_lat AS lat,"
        " location_lon AS lon, location_kind AS kind, count(*) AS events,"
        " sum(num_mentions), round(avg(goldstein), 2) FROM events"
        f"{sql} GROUP BY name, country, lat, lon, kind ORDER BY events DESC, name LIMIT 2000",
        params,
    ).fetchall()


def duck_stats(db: Any) -> dict[str, int]:
    tables = ("documents", "events", "mentions", "quotes", "places", "dates", "equipment",
              "rejected", "runs")  # fmt: skip
    counts = " ".join(f"(SELECT count(*) FROM {t}) AS {t}," for t in tables)
    row = db.execute(
        f"SELECT {counts} (SELECT count(DISTINCT coalesce(story_id, id)) FROM documents),"
        " (SELECT count(DISTINCT code) FROM actors), (SELECT count(*) FROM actors)"
    ).fetchone()
    return dict(zip([*tables, "stories", "actors", "actor_mentions"], row, strict=True))


def duck_actors(db: Any, limit: int) -> list[tuple]:
    return db.execute(
        "SELECT code, name, max(kind) AS kind, count(*) AS mentions,"
        " count(DISTINCT document_id) AS documents FROM actors GROUP BY code, name"
        " ORDER BY mentions DESC, code, name LIMIT ?",
        [limit],
    ).fetchall()


def event_rows(found: list[Any]) -> list[tuple]:
    """kronika's events (StoredEvent or the API's dicts) as comparable tuples."""
    return [
        tuple(e[f] if isinstance(e, dict) else getattr(e, f) for f in EVENT_FIELDS) for e in found
    ]


def duck_event_rows(found: tuple[list[str], list[tuple]]) -> list[tuple]:
    columns, rows = found
    index = [columns.index(f) for f in EVENT_FIELDS]
    return [tuple(r[i] for i in index) for r in rows]


def same_shape(value: Any) -> Any:
    return value


@dataclass
class Case:
    """One query: how to draw its arguments, and how kronika and DuckDB answer it.

    `kronika` and `duckdb` are timed; `kronika_rows` and `duckdb_rows` (not timed) turn
    their answers into plain tuples to compare. `ordered` False compares them as sorted
    lists (the query's ORDER BY leaves ties in any order)."""

    name: str
    interface: str
    draw: Callable[[random.Random], dict[str, Any]]
    kronika: Callable[[Any, dict[str, Any]], Any]
    duckdb: Callable[[Any, dict[str, Any]], Any]
    kronika_rows: Callable[[Any], Any] = same_shape
    duckdb_rows: Callable[[Any], Any] = same_shape
    ordered: bool = True


def cases() -> list[Case]:
    from kronika.store import query
    from kronika.web import data

    big = COUNTRIES[:12]

    def F(**kw: Any) -> query.EventFilter:  # noqa: N802
        return query.EventFilter(**kw)

    def draw_dyad(rng: random.Random) -> dict[str, Any]:
        return {"dyad": f"{rng.choice(big)}:{rng.choice(COUNTRIES)}"}

    def draw_actor(rng: random.Random) -> dict[str, Any]:
        return {"actor": rng.choice(COUNTRIES)}

    def draw_actor_since(rng: random.Random) -> dict[str, Any]:
        return {"actor": rng.choice(COUNTRIES), "since": str(rng.randrange(2000, 2025))}

    def draw_code(rng: random.Random) -> dict[str, Any]:
        return {"code": rng.choice(["01*", "04*", "05*", "06*", "1*", "11*", "19*", "042"])}

    def draw_plover(rng: random.Random) -> dict[str, Any]:
        return {"plover": rng.choice(sorted({c[4] for c in CAMEO}))}

    def draw_place(rng: random.Random) -> dict[str, Any]:
        country = rng.choice(COUNTRIES)
        return {"place": rng.choice([_COUNTRY_CACHE[country][0], _COUNTRY_CACHE[country][3]])}

    def draw_text(rng: random.Random) -> dict[str, Any]:
        return {"text": rng.choice(TOPICS)}

    def nothing(rng: random.Random) -> dict[str, Any]:
        return {}

    def events(limit: int | None = None) -> Callable[[Any, dict[str, Any]], Any]:
        return lambda conn, a: query.events(conn, F(**a, limit=limit))

    def duck_list(limit: int | None = None) -> Callable[[Any, dict[str, Any]], Any]:
        return lambda db, a: duck_events(db, a, limit)

    def api_page(conn: Any, a: dict[str, Any]) -> Any:
        items, more = data.events_page(conn, F(**a), limit=50, offset=0)
        return items, more, data.count_events(conn, F(**a))

    def duck_page(db: Any, a: dict[str, Any]) -> Any:
        columns, rows = duck_events(db, a, 51)
        return (columns, rows[:50]), len(rows) > 50, duck_count(db, a)

    def page_rows(found: Any) -> Any:
        return event_rows(found[0]), *found[1:]

    def duck_page_rows(found: Any) -> Any:
        return duck_event_rows(found[0]), *found[1:]

    def home(conn: Any, a: dict[str, Any]) -> Any:
        return (*api_page(conn, a), query.stats(conn))

    def duck_home(db: Any, a: dict[str, Any]) -> Any:
        return (*duck_page(db, a), duck_stats(db))

    def home_rows(found: Any) -> Any:
        stats = dict(found[-1])
        stats.pop("schema_version")
        return (*page_rows(found[:-1]), stats)

    def timeline(by: str) -> Callable[[Any, dict[str, Any]], Any]:
        return lambda conn, a: query.timeline(conn, F(**a), by=by)

    def duck_time(by: str) -> Callable[[Any, dict[str, Any]], Any]:
        return lambda db, a: duck_timeline(db, a, by)

    def period_rows(found: Any) -> Any:
        return [(p.period, p.events, p.mentions, p.goldstein) for p in found]

    def network(conn: Any, a: dict[str, Any]) -> Any:
        return query.network(conn, F(**a))

    def network_rows(graph: Any) -> Any:
        return [tuple(vars(e).values()) for e in graph.edges]

    def locations(conn: Any, a: dict[str, Any]) -> Any:
        return data.locations(conn, F(**a))

    def dict_rows(found: Any) -> Any:
        return [tuple(r.values()) for r in found]

    def stats(conn: Any, a: dict[str, Any]) -> Any:
        return query.stats(conn)

    def stats_rows(found: Any) -> Any:
        found = dict(found)
        found.pop("schema_version")
        return found

    def actors(conn: Any, a: dict[str, Any]) -> Any:
        return query.actors(conn, limit=51)

    def actor_rows(found: Any) -> Any:
        return [(a.code, a.name, a.kind, a.mentions, a.documents) for a in found]

    listed = {"kronika_rows": event_rows, "duckdb_rows": duck_event_rows}
    paged = {"kronika_rows": page_rows, "duckdb_rows": duck_page_rows}
    found = [
        Case("events --dyad A:B", "cli", draw_dyad, events(), duck_list(), **listed),
        Case("events --actor A --limit 100", "cli", draw_actor, events(100), duck_list(100),
             **listed),
        Case("events --actor A --since YYYY", "cli", draw_actor_since, events(), duck_list(),
             **listed),
        Case("events --code C --limit 100", "cli", draw_code, events(100), duck_list(100),
             **listed),
        Case("events --plover P --limit 100", "cli", draw_plover, events(100), duck_list(100),
             **listed),
        Case("events --place X --limit 100", "cli", draw_place, events(100), duck_list(100),
             **listed),
        Case("events --text W --limit 100", "cli", draw_text, events(100), duck_list(100),
             **listed),
        Case("api events (page + total)", "api", nothing, api_page, duck_page, **paged),
        Case("api events ?actor=A", "api", draw_actor, api_page, duck_page, **paged),
        Case("api events ?code=C", "api", draw_code, api_page, duck_page, **paged),
        Case("api events ?plover=P", "api", draw_plover, api_page, duck_page, **paged),
        Case("dashboard / (page, total, stats)", "dashboard", nothing, home, duck_home,
             kronika_rows=home_rows, duckdb_rows=lambda f: (*duck_page_rows(f[:-1]), f[-1])),
    ]  # fmt: skip
    timed = {"kronika_rows": period_rows}
    for by in ("day", "week", "month"):
        found.append(
            Case(f"timeline --by {by}", "cli", nothing, timeline(by), duck_time(by), **timed)
        )
    for by in ("day", "week", "month"):
        found.append(
            Case(f"timeline --dyad A:B --by {by}", "cli", draw_dyad, timeline(by),
                 duck_time(by), **timed)
        )  # fmt: skip
    found += [
        Case("network", "api", nothing, network, duck_network, network_rows),
        Case("network --actor A", "api", draw_actor, network, duck_network, network_rows),
        Case("map (locations)", "api", nothing, locations, duck_locations, dict_rows,
             ordered=False),
        Case("map --plover P", "api", draw_plover, locations, duck_locations, dict_rows,
             ordered=False),
        Case("stats", "cli", nothing, stats, lambda db, a: duck_stats(db), stats_rows),
        Case("actors --limit 50", "api", nothing, actors, lambda db, a: duck_actors(db, 51),
             actor_rows),
    ]  # fmt: skip
    return found


_COUNTRY_CACHE: dict[str, tuple[str, float, float, str]] = {}


def same(left: Any, right: Any) -> bool:
    """Equal, with floats equal to 0.011 (a mean rounded to 2 places may differ by one unit
    in the last place, summed in another order)."""
    if isinstance(left, float) or isinstance(right, float):
        return left is not None and right is not None and abs(left - right) < 0.011
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return left == right


def _sorted(value: list[tuple]) -> list[tuple]:
    return sorted(value, key=repr)


def run(
    store: Path, parquet: Path, repeats: int, seed: int = 10, only: list[str] | None = None
) -> dict[str, Any]:
    from kronika.store import connect

    _COUNTRY_CACHE.update(countries())
    conn = connect(store, create=False)
    db = duckdb_connect(parquet)
    results = {}
    chosen = cases()
    if only:
        unknown = set(only) - {case.name for case in chosen}
        if unknown:
            raise SystemExit(f"bench_queries: no query named {', '.join(sorted(unknown))}")
        chosen = [case for case in chosen if case.name in only]
    for case in chosen:
        rng = random.Random(f"{seed}-{case.name}")
        draws = [case.draw(rng) for _ in range(repeats)]
        case.kronika(conn, draws[0])  # warm both once
        case.duckdb(db, draws[0])
        times: dict[str, list[float]] = {"kronika": [], "duckdb": []}
        agree, rows = True, []
        first_difference = None
        for args in draws:
            start = time.perf_counter()
            ours = case.kronika(conn, args)
            times["kronika"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            theirs = case.duckdb(db, args)
            times["duckdb"].append((time.perf_counter() - start) * 1000)
            ours, theirs = case.kronika_rows(ours), case.duckdb_rows(theirs)
            if not case.ordered:
                ours, theirs = _sorted(ours), _sorted(theirs)
            if not same(ours, theirs):
                agree = False
                first_difference = first_difference or {"arguments": args}
            rows.append(_size(ours))
        entry = {
            "interface": case.interface,
            "kronika_p50_ms": round(statistics.median(times["kronika"]), 2),
            "kronika_p95_ms": round(_p95(times["kronika"]), 2),
            "duckdb_p50_ms": round(statistics.median(times["duckdb"]), 2),
            "duckdb_p95_ms": round(_p95(times["duckdb"]), 2),
            "rows": int(statistics.median(rows)),
            "rows_agree": agree,
        }
        entry["ratio"] = round(entry["kronika_p95_ms"] / max(entry["duckdb_p95_ms"], 1e-6), 3)
        if first_difference:
            entry["difference"] = first_difference
        results[case.name] = entry
        print(
            f"  {case.name:36} kronika p50 {entry['kronika_p50_ms']:8.1f} p95 "
            f"{entry['kronika_p95_ms']:8.1f} | duckdb p50 {entry['duckdb_p50_ms']:7.1f} p95 "
            f"{entry['duckdb_p95_ms']:7.1f} | ratio {entry['ratio']:6.2f} rows {entry['rows']:>6}"
            f"{'' if agree else '  ROWS DIFFER ' + json.dumps(first_difference)}",
            file=sys.stderr,
            flush=True,
        )
    conn.close()
    db.close()
    return results


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]


def _size(value: Any) -> int:
    if isinstance(value, tuple) and value and isinstance(value[0], list):
        return len(value[0])
    return len(value) if isinstance(value, (list, dict)) else 1


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS, help="synthetic events")
    parser.add_argument("--repeats", type=int, default=40, help="runs of each query (40)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--store", type=Path, help="keep (or reuse) the store and Parquet here")
    parser.add_argument("--note", help="a remark to record with the results")
    parser.add_argument("--dry-run", action="store_true", help="record nothing")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this query (repeatable; the same draws as in a full run); implies"
        " --dry-run, since part of the set is no record of the whole",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import duckdb
    except ImportError:
        print("bench_queries: needs DuckDB: pip install -e '.[bench]' (make bench does)")
        return 1
    load_before = os.getloadavg()[0]
    folder = args.store or Path(tempfile.mkdtemp(prefix="kronika-queries-"))
    folder.mkdir(parents=True, exist_ok=True)
    store, parquet = folder / f"events-{args.events}.db", folder / f"parquet-{args.events}"
    try:
        built: dict[str, Any] = {}
        if not store.exists():
            print(f"building a store of {args.events:,} synthetic events", file=sys.stderr)
            partial = store.with_name(store.name + ".partial")
            for leftover in folder.glob(partial.name + "*"):
                leftover.unlink()
            built = build_store(partial, args.events)
            partial.rename(store)
        if not parquet.exists():
            print("exporting to Parquet", file=sys.stderr, flush=True)
            partial = parquet.with_name(parquet.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            built.update(export_parquet(store, partial))
            partial.rename(parquet)
        queries = run(store, parquet, args.repeats, only=args.only)
    finally:
        if args.store is None:
            shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()[0]
    result = {
        "events": args.events,
        "queries": queries,
        **built,
        "repeats": args.repeats,
        "all_rows_agree": all(q["rows_agree"] for q in queries.values()),
        "worst_ratio": max(q["ratio"] for q in queries.values()),
        "duckdb_version": duckdb.__version__,
        "sqlite_version": sqlite3.sqlite_version,
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}",
        "cpus": os.cpu_count(),
        "load_average": [round(load_before, 2), round(load_after, 2)],
        "command": "python benchmarks/bench_queries.py"
        + ("" if args.events == DEFAULT_EVENTS else f" --events {args.events}")
        + ("" if args.repeats == 40 else f" --repeats {args.repeats}")
        + (" --store DIR" if args.store else "")
        + "".join(f" --only '{name}'" for name in args.only or ()),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "note": args.note,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    if not (args.dry_run or args.only):
        name = "queries" if args.events == DEFAULT_EVENTS else f"queries_{args.events}"
        save_results({name: result})
    return 0 if result["all_rows_agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
