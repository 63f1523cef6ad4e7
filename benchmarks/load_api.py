"""Load test of `kronika serve` on loopback: /api/events under concurrent clients, with and
without an ingest writing to the same store, and the ingest's counts against a clean run.

    python benchmarks/load_api.py                  # 30 clients, 30 s per phase
    python benchmarks/load_api.py --quick          # 10 clients, 10 s: a smoke test

It builds a store from `--corpus` (300 BASIL articles) unless `--store` names one, copies
it, serves the copy on a free 127.0.0.1 port (never another address) and measures, in one
run:

1. one client, no ingest (the unloaded latency);
2. `--clients` clients for `--seconds`, no ingest;
3. the same while `kronika ingest --ingest --limit N` writes into the served store;

then ingests the same articles into a second copy with nothing else running and compares
the two ingests' counts and stored documents. Each client is a loop that stops at the
deadline, every request has a 30 s timeout, and every phase is bounded, so the run ends.
Figures go to `benchmarks/results.json` (key "load") and `docs/performance.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from results_doc import SHARED, display_path, save_results

HOST = "127.0.0.1"  # loopback only
QUERIES = [
    {},
    {"limit": 100},
    {"actor": "USA"},
    {"dyad": "USA:AFG"},
    {"code": "04*"},
    {"plover": "CONSULT"},
    {"since": "2010", "until": "2012"},
    {"text": "talks"},
    {"source": "GBR", "offset": 10},
    {"place": "London"},
]
TARGET_RATIO = 3.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="A store to serve (copied, not changed).")
    parser.add_argument("--corpus", type=Path, default=SHARED / "basil.jsonl")
    parser.add_argument("--ingest", type=Path, default=SHARED / "reuters21578.jsonl")
    parser.add_argument("--ingest-limit", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--quick", action="store_true", help="10 clients, 10 s; not recorded")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def kronika(*args: str, **options: Any) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("kronika")), *args]
    return subprocess.Popen(command, **options)


def ingest(corpus: Path, db: Path, limit: int | None = None) -> dict[str, Any]:
    """`kronika ingest` to the end; its JSON summary."""
    extra = ["--limit", str(limit)] if limit else []
    process = kronika(
        "ingest", str(corpus), "--db", str(db), "--json", *extra, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    out, _ = process.communicate(timeout=3600)
    if process.returncode != 0:
        raise SystemExit(f"load_api: kronika ingest {corpus} failed ({process.returncode})")
    return json.loads(out)


def documents(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


async def client(base: str, deadline: float, latencies: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < deadline:
            params = random.choice(QUERIES)
            started = time.perf_counter()
            try:
                response = await http.get("/api/events", params=params)
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if response.status_code != 200:
                errors.append(f"{response.status_code} {response.text[:200]}")
                continue
            latencies.append(time.perf_counter() - started)


def phase(base: str, clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    async def run() -> None:
        await asyncio.gather(*(client(base, deadline, latencies, errors) for _ in range(clients)))

    asyncio.run(run())
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "errors": len(errors),
        "first_errors": errors[:5],
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.quick:
        args.clients, args.seconds, args.ingest_limit = 10, 10.0, 300
    for needed in ([] if args.store else [args.corpus]) + [args.ingest]:
        if not needed.is_file():
            print(f"load_api: no input at {needed.resolve()}; nothing measured.")
            return 0
    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="kronika-load-"))
    try:
        base_store = work / "base.db"
        if args.store:
            shutil.copy(args.store, base_store)
        else:
            print(f"building a store from {args.corpus} ...", flush=True)
            ingest(args.corpus, base_store)
        served, clean = work / "served.db", work / "clean.db"
        shutil.copy(base_store, served)
        shutil.copy(base_store, clean)
        result = measure(args, served)
        print("the same ingest with nothing else running ...", flush=True)
        result["clean_ingest"] = ingest(args.ingest, clean, args.ingest_limit)
        result["clean_documents"] = documents(clean)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    loaded, quiet = result["ingest"], result["clean_ingest"]
    result["counts_equal"] = all(
        loaded[key] == quiet[key] for key in ("ingested", "duplicates", "rejected")
    ) and (result["served_documents"] == result["clean_documents"])
    single, alone, during = result["single"], result["clients_only"], result["with_ingest"]
    result["ratio_to_clients_only"] = round(during["p95_ms"] / alone["p95_ms"], 2)
    result["ratio_to_single"] = round(during["p95_ms"] / single["p95_ms"], 2)
    result.update(
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        python=platform.python_version(),
        cpus=os.cpu_count(),
        load_average=[round(load_before, 2), round(os.getloadavg()[0], 2)],
        store=display_path(args.store) if args.store else display_path(args.corpus),
        ingest_input=display_path(args.ingest),
        ingest_limit=args.ingest_limit,
        command="python benchmarks/load_api.py" + (" --quick" if args.quick else ""),
    )
    print(json.dumps(result, indent=2))
    if args.quick or args.store:
        print("(--quick or --store: benchmarks/results.json not updated)")
    else:
        save_results({"load": result})
    return 0


def measure(args: argparse.Namespace, db: Path) -> dict[str, Any]:
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = kronika(
        "serve", "--db", str(db), "--host", HOST, "--port", str(port),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    writer = None
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/stats", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        print("one client ...", flush=True)
        single = phase(base, 1, args.seconds / 2)
        print(f"{args.clients} clients ...", flush=True)
        alone = phase(base, args.clients, args.seconds)
        before = documents(db)
        writer = kronika(
            "ingest", str(args.ingest), "--db", str(db), "--json",
            "--limit", str(args.ingest_limit), stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 300
        while documents(db) == before and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)  # until the ingest has loaded its model and committed a batch
        print(f"{args.clients} clients while an ingest writes ...", flush=True)
        during = phase(base, args.clients, args.seconds)
        throughout = writer.poll() is None
        out, _ = writer.communicate(timeout=3600)
        summary = json.loads(out)
        return {
            "single": single,
            "clients_only": alone,
            "with_ingest": during,
            "ingest_ran_throughout": throughout,
            "ingest": summary,
            "served_documents": documents(db),
        }
    finally:
        if writer is not None and writer.poll() is None:
            writer.terminate()
            writer.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
