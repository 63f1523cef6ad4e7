"""How extraction time and memory grow with the length of one document.

Run with `.venv/bin/python benchmarks/bench_long.py` (part of `make bench`). For each size
(10,000, 40,000, 100,000 and 1,000,000 characters by default) a fresh child process loads
the model, warms up, builds one document of that many characters from BASIL articles (in
file order, joined by blank lines) and extracts it once, the way `kronika ingest` does
(`kronika.engine.extract_batch`, cached parse included). The child reports the seconds, the
CPU seconds (which depend less on what else the machine is doing) and its peak RSS.

Every size is measured the same way: the first extraction of its text, after a warm-up on
other text (40,000 characters of Reuters stories, so that what a process sets up once, on
the first articles it meets, is not counted in any size). Documents under 200,000
characters are measured in `--repeats` fresh processes and the run with the median CPU
time is kept. (Extracting one text again in the same process would find its words and
names cached, which no ingest does; and the best of several short runs would be compared
with one long run, which averages over the machine's load.)

Linear growth means the 1,000,000-character document takes 25× the time of the
40,000-character one; the target is at most that, and a peak RSS under 1.5 GB. The longer
documents are denser (more place names and events per character), so the benchmark also
extracts the 1,000,000 characters once more, in a fresh process, as the documents of at
most 40,000 characters they split into at paragraph breaks, one after another: the same
text, so the same mix, where linear growth means the whole costs what its parts cost
together. The figures go to `benchmarks/results.json` (key "long") and
`docs/performance.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results_doc import SHARED, display_path, save_results

DEFAULT_INPUT = SHARED / "basil.jsonl"
WARM_INPUT = SHARED / "reuters21578.jsonl"  # not the measured text
WARM_CHARS = 40_000
SIZES = (10_000, 40_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 40_000, 100_000)
BASE, TOP = 40_000, 1_000_000
TIME_TARGET = TOP / BASE  # linear growth
RSS_TARGET_MB = 1536
REPEAT_BELOW = 200_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None)
    parser.add_argument("--quick", action="store_true", help="10k, 40k and 100k only")
    parser.add_argument(
        "--repeats", type=int, default=3, help="fresh processes per size under 200,000 (3)"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-parts", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def build_text(path: Path, size: int) -> str:
    """`size` characters of articles from `path` (JSON Lines), cut at a word break."""
    parts: list[str] = []
    total = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
    text = "\n\n".join(parts)
    if len(text) < size:
        raise SystemExit(f"bench_long: {path} holds only {len(text):,} characters")
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size * 0.9 else size]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def warmed_extractor(path: Path) -> Any:
    """An extractor that has extracted `WARM_CHARS` characters of text other than the
    measured one (Reuters stories, one document each; else the start of `path`)."""
    from kronika.engine import extract_batch
    from kronika.pipeline import Extractor
    from kronika.records import Document

    extractor = Extractor()
    texts: list[str] = []
    if WARM_INPUT.is_file():
        with WARM_INPUT.open(encoding="utf-8") as handle:
            for line in handle:
                texts.append(json.loads(line)["text"])
                if sum(map(len, texts)) >= WARM_CHARS:
                    break
    else:
        texts = [build_text(path, 2_000)]
    documents = [(Document(text=t, date="2020-01-01"), f"warm-{k}") for k, t in enumerate(texts)]
    extract_batch(extractor, documents)
    return extractor


def extract_timed(extractor: Any, document: Any) -> tuple[float, float, dict[str, Any]]:
    """Seconds, CPU seconds and the extraction of one document, as `ingest` extracts it."""
    from kronika.engine import extract_batch

    started, started_cpu = time.perf_counter(), time.process_time()
    [record] = extract_batch(extractor, [(document, "long")])
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    if record["error"]:
        raise SystemExit(f"bench_long: extraction failed: {record['error']}")
    return seconds, cpu, record["extraction"]


def child(size: int, path: Path) -> dict[str, Any]:
    """Runs in a fresh process: extract one document of `size` characters, once."""
    from kronika.records import Document

    extractor = warmed_extractor(path)
    loaded_mb = peak_rss_mb()
    text = build_text(path, size)
    document = Document(text=text, id=f"long-{size}", date="2020-01-01")
    seconds, cpu_seconds, extraction = extract_timed(extractor, document)
    return {
        "characters": len(text),
        "seconds": seconds,
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "loaded_rss_mb": round(loaded_mb, 1),
        "events": len(extraction["events"]),
        "places": len(extraction["places"]),
        "actors": len(extraction["actors"]),
        "quotes": len(extraction["quotes"]),
    }


def child_parts(size: int, path: Path) -> dict[str, Any]:
    """Runs in a fresh process: the text of `size` characters as the documents of at most
    `BASE` characters it splits into at paragraph breaks, extracted one after another."""
    from kronika.parse import sections
    from kronika.records import Document

    extractor = warmed_extractor(path)
    text = build_text(path, size)
    parts = sections(text, BASE)
    seconds = cpu = 0.0
    places = events = 0
    for k, part in enumerate(parts):
        document = Document(text=part, id=f"part-{k}", date="2020-01-01")
        part_seconds, part_cpu, extraction = extract_timed(extractor, document)
        seconds, cpu = seconds + part_seconds, cpu + part_cpu
        places, events = places + len(extraction["places"]), events + len(extraction["events"])
    return {
        "characters": sum(map(len, parts)),
        "documents": len(parts),
        "longest": max(map(len, parts)),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "places": places,
        "events": events,
    }


def measure(size: int, path: Path, repeats: int, parts: bool = False) -> dict[str, Any]:
    """One fresh process per run; below `REPEAT_BELOW` characters `repeats` runs, of which
    the one with the median CPU time is kept (with every run's figures)."""
    command = [sys.executable, __file__, "--input", str(path)]
    command += ["--child-parts" if parts else "--child", str(size)]
    runs = []
    for _ in range(1 if parts or size >= REPEAT_BELOW else max(1, repeats)):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"bench_long: the run for {size:,} characters failed:\n{done.stderr}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    ordered = sorted(runs, key=lambda run: run["cpu_seconds"])
    kept = dict(ordered[(len(ordered) - 1) // 2])
    if len(runs) > 1:
        kept["runs_seconds"] = [round(run["seconds"], 2) for run in runs]
        kept["runs_cpu_seconds"] = [run["cpu_seconds"] for run in runs]
    return kept


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.input)))
        return 0
    if args.child_parts:
        print(json.dumps(child_parts(args.child_parts, args.input)))
        return 0
    if not args.input.is_file():
        print(f"bench_long: no input at {args.input.resolve()}; nothing measured.")
        return 0
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    load_before = os.getloadavg()[0]
    runs: dict[str, dict[str, Any]] = {}
    for size in sizes:
        runs[str(size)] = result = measure(size, args.input, args.repeats)
        print(
            f"{result['characters']:>9,} characters: {result['seconds']:8.2f} s, "
            f"peak RSS {result['peak_rss_mb']:,.0f} MB",
            flush=True,
        )
    entry: dict[str, Any] = {
        "input": display_path(args.input),
        "sizes": runs,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "command": "python benchmarks/bench_long.py" + (" --quick" if args.quick else ""),
    }
    if str(BASE) in runs and str(TOP) in runs:
        top, base = runs[str(TOP)], runs[str(BASE)]
        ratio = top["seconds"] / base["seconds"]
        entry["ratio"] = round(ratio, 2)
        entry["cpu_ratio"] = round(top["cpu_seconds"] / base["cpu_seconds"], 2)
        entry["ratio_target"] = TIME_TARGET
        entry["rss_target_mb"] = RSS_TARGET_MB
        print(
            f"1,000,000 vs 40,000 characters: {ratio:.1f}× the time, {entry['cpu_ratio']:.1f}× "
            f"the CPU time (linear: {TIME_TARGET:.0f}×); peak RSS {top['peak_rss_mb']:,.0f} MB "
            f"(target < {RSS_TARGET_MB} MB)",
            flush=True,
        )
        entry["parts"] = parts = measure(TOP, args.input, args.repeats, parts=True)
        entry["parts_cpu_ratio"] = round(top["cpu_seconds"] / parts["cpu_seconds"], 3)
        print(
            f"the same {parts['characters']:,} characters as {parts['documents']} documents of "
            f"at most {BASE:,}: {parts['cpu_seconds']:.2f} CPU seconds; the whole takes "
            f"{entry['parts_cpu_ratio']:.2f}× that (linear: 1.00×)"
        )
    if args.sizes is None and not args.quick:
        save_results({"long": entry})
    else:
        print("(not the default sizes: benchmarks/results.json not updated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
