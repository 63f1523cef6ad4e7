"""Benchmark kronika's engines and store, side by side in one run.

Run with `make bench` (after `bench_extract.py`) or `.venv/bin/python benchmarks/bench_engines.py`
(`--quick` for a smaller, faster run). It measures, on `../shared/news/` texts:

1. scaling: `ingest()` with 1 worker and with 2 worker processes on the same basil articles
   (ratio), and the peak RSS of each worker;
2. flat memory: 2 workers on 10x more Reuters stories (peak RSS of the main process and of a
   worker, large vs small);
3. Dask: a `LocalCluster` of 2 worker processes (extract to shards, then `load`) vs the local
   engine with 2 workers on the same articles (ratio, and whether the stores hold identical
   records);
4. `recode` of the 1-worker store vs that full ingest (ratio);
5. query latency (p50/p95) of `events --dyad`, `events --actor` and `timeline` on a store of
   1,000,000 synthetic events built with the store's schema.

Each ingest runs in a fresh child process, so its peak RSS (and that of its workers, from
`getrusage(RUSAGE_CHILDREN)`) is its own. Results go to `benchmarks/results.json` (key
"engines") and `docs/performance.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from results_doc import SHARED, display_path, save_results

BASIL = SHARED / "basil.jsonl"
REUTERS = SHARED / "reuters21578.jsonl"
NAME = "engines"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer runs")
    parser.add_argument("--articles", type=int, help="basil articles for scaling/Dask/recode")
    parser.add_argument("--small", type=int, help="Reuters stories, small input (50)")
    parser.add_argument("--events", type=int, help="synthetic events for queries (1,000,000)")
    parser.add_argument(
        "--only",
        action="append",
        choices=["scaling", "memory", "dask", "recode", "query"],
        help="run only these parts (repeatable); recode and dask need scaling",
    )
    parser.add_argument("--note", help="a remark to record with the results")
    parser.add_argument("--dry-run", action="store_true", help="print results; record nothing")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# ---------------------------------------------------------------- child processes


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def child(job: dict[str, Any]) -> dict[str, Any]:
    """One measured job in this (fresh) process; the parent reads the JSON we print."""
    from kronika.engine import ExtractorSpec
    from kronika.store import connect, ingest

    spec = ExtractorSpec.resolve()
    started = time.perf_counter()
    out: dict[str, Any] = {}
    if job["mode"] == "ingest":
        conn = connect(job["db"])
        report = ingest(conn, [job["input"]], spec, workers=job["workers"], limit=job["limit"])
        out["ingested"] = report.ingested
    elif job["mode"] == "recode":
        from kronika.store.recode import recode

        conn = connect(job["db"])
        report = recode(conn, spec.build())
        out["ingested"] = report.documents
        out["reparsed"] = report.reparsed
    elif job["mode"] == "dask":
        import distributed

        from kronika.engine.dask import ingest_to_shards
        from kronika.store.ingest import load

        cluster = distributed.LocalCluster(
            n_workers=job["workers"], threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = distributed.Client(cluster)
        out["cluster_start_seconds"] = time.perf_counter() - started
        mark = time.perf_counter()
        ingest_to_shards(
            [job["input"]],
            job["out"],
            spec,
            client=client,
            limit=job["limit"],
            partition_size=job["partition_size"],
        )
        out["extract_seconds"] = time.perf_counter() - mark
        client.close()
        cluster.close()
        mark = time.perf_counter()
        report = load(connect(job["db"]), job["out"])
        out["load_seconds"] = time.perf_counter() - mark
        out["ingested"] = report.ingested
    seconds = time.perf_counter() - started
    out.update(
        seconds=round(seconds, 3),
        articles_per_s=round(out["ingested"] / seconds, 3),
        main_rss_mb=round(_rss_mb(resource.RUSAGE_SELF), 1),
        # the largest child that has exited: the biggest worker process
        worker_rss_mb=round(_rss_mb(resource.RUSAGE_CHILDREN), 1) or None,
    )
    return out


def run_child(job: dict[str, Any]) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", json.dumps(job)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench_engines: child {job} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if job.get("workers") == 1 and job["mode"] != "dask":
        result["worker_rss_mb"] = result["main_rss_mb"]  # one process: it is the worker
    label = f"{job['mode']} workers={job.get('workers')} limit={job.get('limit')}"
    print(
        f"  {label:38} {result['seconds']:8.2f} s  {result['articles_per_s']:6.2f}/s  "
        f"main {result['main_rss_mb']:6.0f} MB  worker {result['worker_rss_mb'] or 0:6.0f} MB",
        flush=True,
    )
    return result


# ---------------------------------------------------------------- store comparison


def store_records(path: Path) -> dict[str, list[tuple]]:
    """Everything a store holds, without row ids, run ids or timestamps."""
    conn = sqlite3.connect(path)

    def columns(table: str, drop: set[str]) -> str:
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        return ", ".join(f't."{n}"' for n in names if n not in drop)

    queries = {
        "documents": f"SELECT {columns('documents', {'id', 'run_id', 'story_id'})}"
        " FROM documents t",
        "events": f"SELECT {columns('events', {'id', 'added'})} FROM events t",
        "mentions": "SELECT e.key, d.hash, "
        f"{columns('mentions', {'id', 'event_id', 'document_id'})}"
        " FROM mentions t JOIN events e ON e.id = t.event_id JOIN documents d"
        " ON d.id = t.document_id",
        "parses": "SELECT d.hash, t.model, t.docbin FROM parses t JOIN documents d"
        " ON d.id = t.document_id",
    }
    for table in ("actors", "quotes", "places", "dates", "equipment"):
        queries[table] = (
            f"SELECT d.hash, {columns(table, {'id', 'document_id'})} FROM {table} t"
            " JOIN documents d ON d.id = t.document_id"
        )
    found = {name: sorted(map(tuple, conn.execute(sql)), key=repr) for name, sql in queries.items()}
    conn.close()
    return found


# ---------------------------------------------------------------- synthetic store for queries

COUNTRIES = (
    "USA RUS CHN IRN ISR UKR TUR SYR IRQ PSE GBR FRA DEU SAU EGY IND PAK AFG PRK KOR JPN TJK "
    "AZE ARM NGA ETH SDN YEM LBY VEN COL MEX BRA CUB LBN JOR QAT ARE KAZ UZB POL BLR GEO SRB "
    "KEN SOM MLI NER"
).split()
SECTORS = ["", "", "", "GOV", "MIL", "GOV", "REB", "OPP", "BUS", "MED", "CVL", "COP", "LEG"]
CAMEO = [  # code, name, Goldstein, quad class, PLOVER type
    ("010", "Make statement", 0.0, 1, "CONSULT"),
    ("036", "Express intent to meet or negotiate", 4.0, 1, "CONSULT"),
    ("040", "Consult", 1.0, 1, "CONSULT"),
    ("042", "Make a visit", 1.9, 1, "CONSULT"),
    ("043", "Host a visit", 2.8, 1, "CONSULT"),
    ("051", "Praise or endorse", 3.4, 1, "SUPPORT"),
    ("057", "Sign formal agreement", 8.0, 1, "AGREE"),
    ("061", "Cooperate economically", 6.4, 2, "COOPERATE"),
    ("071", "Provide economic aid", 7.4, 2, "AID"),
    ("112", "Accuse", -2.0, 3, "ACCUSE"),
    ("120", "Reject", -4.0, 3, "REJECT"),
    ("130", "Threaten", -4.4, 3, "THREATEN"),
    ("141", "Demonstrate or rally", -6.5, 3, "PROTEST"),
    ("163", "Impose embargo, boycott, or sanctions", -8.0, 4, "SANCTION"),
    ("173", "Arrest, detain", -5.0, 4, "ASSAULT"),
    ("190", "Use conventional military force", -10.0, 4, "ASSAULT"),
    ("193", "Fight with small arms and light weapons", -10.0, 4, "ASSAULT"),
    ("195", "Employ aerial weapons", -10.0, 4, "ASSAULT"),
]
DOCUMENTS = 20_000


def build_query_store(path: Path, events: int, seed: int = 9) -> dict[str, Any]:
    """A store (kronika's schema) with `events` synthetic events, one mention each."""
    from kronika.store import connect

    started = time.perf_counter()
    rng = random.Random(seed)
    conn = connect(path)
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO runs (command, started, kronika_version, paths) VALUES"
        " ('bench', '2026-01-01T00:00:00Z', 'bench', 'synthetic')"
    )
    conn.executemany(
        "INSERT INTO documents (hash, doc_id, date, source, outlet, text, run_id)"
        " VALUES (?, ?, ?, ?, ?, ?, 1)",
        (
            (
                f"{n:064x}",
                f"syn-{n}",
                "2020-01-01",
                f"wire-{n % 40}",
                f"wire-{n % 40}",
                f"Synthetic article {n} about {rng.choice(COUNTRIES)}.",
            )
            for n in range(DOCUMENTS)
        ),
    )
    weights = [1 / (rank + 1) for rank in range(len(COUNTRIES))]  # Zipf-like: few big actors
    first = date(2000, 1, 1)
    span = (date(2024, 12, 31) - first).days

    def actor() -> str:
        return rng.choices(COUNTRIES, weights)[0] + rng.choice(SECTORS)

    def rows(count: int):
        for _ in range(count):
            source, target = actor(), actor() if rng.random() < 0.9 else None
            code, name, goldstein, quad, plover = rng.choice(CAMEO)
            day = (first + timedelta(days=rng.randrange(span))).isoformat()
            yield (
                f"{source}|{target or ''}|{code}|{day}",
                day,
                source,
                source,
                target,
                target,
                code,
                name,
                plover,
                goldstein,
                quad,
                "2026-01-01T00:00:00Z",
            )

    while True:
        stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        if stored >= events:
            break
        conn.executemany(
            "INSERT INTO events (key, day, source_code, source_name, target_code, target_name,"
            " cameo, cameo_name, plover_type, goldstein, quad_class, added, num_mentions,"
            " num_sources, num_articles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1)"
            " ON CONFLICT(key) DO NOTHING",
            rows(min(events - stored, 200_000)),
        )
    conn.execute(
        "INSERT INTO mentions (event_id, document_id, source_text, target_text, date, sentence,"
        " lead, trigger_text, rule, confidence, negated, modality)"
        f" SELECT id, id % {DOCUMENTS} + 1, source_name, target_name, day,"
        " source_name || ' ' || lower(cameo_name) || ' ' || coalesce(target_name, '') || '.',"
        " 1, cameo_name, 'synthetic', 0.9, 0, 'asserted' FROM events"
    )
    conn.execute("COMMIT")
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("events", "mentions", "documents")
    }
    conn.close()
    return {
        **counts,
        "build_seconds": round(time.perf_counter() - started, 1),
        "store_mb": round(path.stat().st_size / 1e6, 1),
    }


def query_latency(path: Path, repeats: int, seed: int = 10) -> dict[str, Any]:
    from kronika.store import connect, query

    rng = random.Random(seed)
    conn = connect(path)
    big = COUNTRIES[:12]
    cases = {
        "events --dyad A:B": lambda: query.events(
            conn, query.EventFilter(dyad=f"{rng.choice(big)}:{rng.choice(COUNTRIES)}")
        ),
        "events --actor A --limit 100": lambda: query.events(
            conn, query.EventFilter(actor=rng.choice(COUNTRIES), limit=100)
        ),
        "events --actor A --since YYYY": lambda: query.events(
            conn,
            query.EventFilter(actor=rng.choice(COUNTRIES), since=str(rng.randrange(2000, 2025))),
        ),
        "timeline --by week (all events)": lambda: query.timeline(
            conn, query.EventFilter(), by="week"
        ),
        "timeline --dyad A:B --by month": lambda: query.timeline(
            conn, query.EventFilter(dyad=f"{rng.choice(big)}:{rng.choice(big)}"), by="month"
        ),
    }
    results = {}
    for name, run in cases.items():
        run()  # warm the page cache once
        times, sizes = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            found = run()
            times.append((time.perf_counter() - start) * 1000)
            sizes.append(len(found))
        cut = statistics.quantiles(times, n=20)
        results[name] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(cut[18], 2),
            "rows": int(statistics.median(sizes)),
        }
        print(
            f"  {name:34} p50 {results[name]['p50_ms']:8.1f} ms  "
            f"p95 {results[name]['p95_ms']:8.1f} ms  rows {results[name]['rows']}",
            flush=True,
        )
    conn.close()
    return results


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    for path in (BASIL, REUTERS):
        if not path.is_file():
            print(
                f"bench_engines: no input at {path} (the ../shared/news sample). Nothing measured."
            )
            return 0
    # All of basil: with fewer articles, process start-up (spaCy import and model load in
    # each worker) is a visible share of the run and understates steady-state scaling.
    articles = args.articles or (40 if args.quick else 300)
    small = args.small or (20 if args.quick else 50)
    events = args.events or (100_000 if args.quick else 1_000_000)
    repeats = 15 if args.quick else 40
    parts = set(args.only or ["scaling", "memory", "dask", "recode", "query"])
    if parts & {"dask", "recode"}:
        parts.add("scaling")
    command = "python benchmarks/bench_engines.py" + (" --quick" if args.quick else "")
    result: dict[str, Any] = {
        "command": command,
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}",
        "cpus": os.cpu_count(),
        "quick": args.quick,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "note": args.note,
    }
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kronika-bench-") as tmp:
        work = Path(tmp)
        base = {"mode": "ingest", "input": str(BASIL), "limit": articles}
        if "scaling" in parts:
            print(f"scaling: {articles} basil articles, 1 worker vs 2", flush=True)
            one = run_child({**base, "workers": 1, "db": str(work / "one.db")})
            two = run_child({**base, "workers": 2, "db": str(work / "two.db")})
            ratio = one["seconds"] / two["seconds"]
            note = None
            if ratio < 1.6:  # perhaps disturbed by other jobs: measure the pair again
                print(f"  ratio {ratio:.2f} < 1.6: measuring both again", flush=True)
                one_b = run_child({**base, "workers": 1, "db": str(work / "one-b.db")})
                two_b = run_child({**base, "workers": 2, "db": str(work / "two-b.db")})
                note = (
                    f"First pair gave {ratio:.2f}×; measured again: "
                    f"{one_b['seconds']:.1f} s vs {two_b['seconds']:.1f} s "
                    f"({one_b['seconds'] / two_b['seconds']:.2f}×); the table shows the better "
                    "run of each."
                )
                one = min(one, one_b, key=lambda r: r["seconds"])
                two = min(two, two_b, key=lambda r: r["seconds"])
                ratio = one["seconds"] / two["seconds"]
            result["scaling"] = {
                "input": display_path(BASIL),
                "articles": one["ingested"],
                "one": one,
                "two": two,
                "ratio": round(ratio, 3),
                "worker_rss_mb": max(one["worker_rss_mb"], two["worker_rss_mb"] or 0),
                "note": note,
            }
        if "memory" in parts:
            print(f"memory: {small} vs {small * 10} Reuters stories, 2 workers", flush=True)
            runs = [
                run_child(
                    {
                        "mode": "ingest",
                        "input": str(REUTERS),
                        "limit": n,
                        "workers": 2,
                        "db": str(work / f"reuters-{n}.db"),
                    }
                )
                for n in (small, small * 10)
            ]
            result["memory"] = {
                "input": display_path(REUTERS),
                "small": small,
                "large": small * 10,
                "runs": runs,
                "main_ratio": round(runs[1]["main_rss_mb"] / runs[0]["main_rss_mb"], 3),
                "worker_ratio": round(runs[1]["worker_rss_mb"] / runs[0]["worker_rss_mb"], 3),
            }
        if "dask" in parts:
            print(
                f"dask: LocalCluster(2) vs local engine (2 workers), {articles} articles",
                flush=True,
            )
            partition = max(articles // 8, 5)
            dask = run_child(
                {
                    **base,
                    "mode": "dask",
                    "workers": 2,
                    "partition_size": partition,
                    "out": str(work / "shards"),
                    "db": str(work / "dask.db"),
                }
            )
            local = result["scaling"]["two"]
            reference, found = store_records(work / "two.db"), store_records(work / "dask.db")
            result["dask"] = {
                "articles": dask["ingested"],
                "workers": 2,
                "partition_size": partition,
                "local_seconds": local["seconds"],
                **{
                    k: round(dask[k], 3)
                    for k in ("cluster_start_seconds", "extract_seconds", "load_seconds", "seconds")
                },
                "worker_rss_mb": dask["worker_rss_mb"],
                "ratio": round(local["seconds"] / dask["seconds"], 3),
                "identical": found == reference,
                "documents": len(found["documents"]),
                "events": len(found["events"]),
            }
            print(f"  identical records: {found == reference}", flush=True)
        if "recode" in parts:
            print("recode: the 1-worker store", flush=True)
            recoded = run_child({"mode": "recode", "db": str(work / "one.db"), "workers": 1})
            ingest_seconds = result["scaling"]["one"]["seconds"]
            result["recode"] = {
                "documents": recoded["ingested"],
                "reparsed": recoded["reparsed"],
                "ingest_seconds": ingest_seconds,
                "recode_seconds": recoded["seconds"],
                "ratio": round(ingest_seconds / recoded["seconds"], 3),
            }
        if "query" in parts:
            print(f"query: building a store of {events:,} synthetic events", flush=True)
            store = work / "query.db"
            built = build_query_store(store, events)
            print(f"  built in {built['build_seconds']} s, {built['store_mb']} MB", flush=True)
            result["query"] = {
                **built,
                "repeats": repeats,
                "queries": query_latency(store, repeats),
            }
    load_after = os.getloadavg()[0]
    result["load_average"] = [round(load_before, 2), round(load_after, 2)]
    # Our own children keep at most 2 cores busy; more than that is somebody else's work.
    result["noisy"] = max(load_before, load_after) > (os.cpu_count() or 1) + 0.5
    print(json.dumps(result, indent=2))
    if not args.dry_run:
        save_results({NAME: result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
