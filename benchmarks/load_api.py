"""Load check for `kronika serve`: N concurrent clients against /api/events for S seconds,
optionally while an ingest writes to the same store. Loopback only.

    python benchmarks/load_api.py --db /tmp/basil.db --clients 50 --seconds 30 \
        --ingest ../shared/news/reuters21578.jsonl --ingest-limit 300

Starts `kronika serve` on a free 127.0.0.1 port, runs the clients (each a bounded loop that
stops at the deadline), and prints p50/p95/p99 latency, throughput and errors as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

QUERIES = [
    {},
    {"limit": 100},
    {"actor": "USA"},
    {"dyad": "USA:CHN"},
    {"code": "04*"},
    {"plover": "CONSULT"},
    {"since": "2010", "until": "2012"},
    {"text": "talks"},
    {"source": "GBR", "offset": 10},
    {"place": "London"},
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def client(base: str, deadline: float, latencies: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < deadline:
            params = random.choice(QUERIES)
            started = time.perf_counter()
            try:
                response = await http.get("/api/events", params=params)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {response.text[:200]}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--ingest", help="Articles to ingest into the store meanwhile.")
    parser.add_argument("--ingest-limit", type=int, default=300)
    args = parser.parse_args()

    kronika = str(Path(sys.executable).with_name("kronika"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([kronika, "serve", "--db", args.db, "--port", str(port)])
    writer = None
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/api/stats", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        before = httpx.get(f"{base}/api/stats").json()
        if args.ingest:
            writer = subprocess.Popen(
                [
                    kronika,
                    "ingest",
                    args.ingest,
                    "--db",
                    args.db,
                    "--limit",
                    str(args.ingest_limit),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**os.environ},
            )
            time.sleep(8)  # let the ingest load its model and start committing batches
        latencies: list[float] = []
        errors: list[str] = []
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()

        async def run() -> None:
            await asyncio.gather(
                *(client(base, deadline, latencies, errors) for _ in range(args.clients))
            )

        asyncio.run(run())
        elapsed = time.monotonic() - started
        after = httpx.get(f"{base}/api/stats").json()
        ordered = sorted(latencies)

        def pct(p: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

        print(
            json.dumps(
                {
                    "clients": args.clients,
                    "seconds": round(elapsed, 1),
                    "requests": len(latencies),
                    "requests_per_second": round(len(latencies) / elapsed, 1),
                    "errors": len(errors),
                    "first_errors": errors[:5],
                    "p50_ms": pct(0.50),
                    "p95_ms": pct(0.95),
                    "p99_ms": pct(0.99),
                    "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else None,
                    "ingest_running": writer is not None and writer.poll() is None,
                    "documents_before": before["documents"],
                    "documents_after": after["documents"],
                },
                indent=2,
            )
        )
    finally:
        if writer is not None:
            writer.terminate()
            writer.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
