"""Benchmark kronika's extraction against a bare spaCy parse of the same texts.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_extract.py`). In one process,
on the same articles and the same loaded model, it times:

1. spaCy: `nlp.pipe(texts, batch_size=32)` with the model as `spacy.load` gives it,
   consuming every doc (the baseline);
2. kronika: `Extractor.extract_many(documents, batch_size=32)`, calling `.to_dict()` on
   every extraction, so annotation, coding and JSON conversion are all included;
3. spaCy again; the better of the two spaCy runs is the baseline.

Both are warmed up on a few articles first, and the model is loaded before any timing.
The figures go to `benchmarks/results.json` (key "extract") and to the table in
`docs/performance.md` (see `results_doc.py`). With `--profile`, kronika's run is done under
cProfile, the top functions are printed, and nothing is recorded (the profiler distorts
the timings).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results_doc import SHARED, display_path, save_results

DEFAULT_INPUT = SHARED / "basil.jsonl"
NAME = "extract"
BATCH_SIZE = 32


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--input",
        type=Path,
        default=DEFAULT_INPUT,
        help=f"articles to read (default: {DEFAULT_INPUT})",
    )
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--quick", action="store_true", help="the first 60 articles only")
    parser.add_argument("--warmup", type=int, default=5, help="articles to warm up on (5)")
    parser.add_argument("--note", default=None, help="a remark to record with the results")
    parser.add_argument(
        "--profile", action="store_true", help="profile kronika's run with cProfile; record nothing"
    )
    return parser.parse_args(argv)


CPU: dict[str, list[float]] = {"spacy": [], "kronika": []}
"""The CPU seconds of each run: on a shared machine the wall-clock time also counts other
people's jobs, the CPU time of this (single-threaded) process does not."""


def timed(run: Callable[[], int], who: str) -> tuple[float, int]:
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    count = run()
    CPU[who].append(time.process_time() - cpu)
    return time.perf_counter() - start, count


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("nan")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.quick and args.limit is None:
        args.limit = 60
    path: Path = args.input
    if not path.is_file():
        print(
            f"bench_extract: no input at {path.resolve()} (looked there for the BASIL news "
            f"sample; pass --input PATH to use another file). Nothing measured."
        )
        return 0

    import spacy

    import kronika
    from kronika.nlp import model_name
    from kronika.pipeline import Extractor
    from kronika.records import Document

    documents: list[Document] = []
    rejected = 0
    for item in kronika.read([path]):
        if isinstance(item, Document):
            documents.append(item)
        else:
            rejected += 1
    if args.limit is not None:
        documents = documents[: args.limit]
    if not documents:
        print(f"bench_extract: {path} holds no readable articles ({rejected} rejected).")
        return 0
    texts = [d.text for d in documents]
    characters = sum(len(t) for t in texts)

    start = time.perf_counter()
    extractor = Extractor()
    setup_seconds = time.perf_counter() - start
    # The baseline is spaCy as it comes: the same model loaded afresh, not kronika's copy
    # (whose attribute ruler is compiled, see kronika/nlp.py).
    nlp = spacy.load(model_name())
    model = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}"
    model_version = nlp.meta.get("version")

    def run_spacy(batch: list[str] = texts) -> int:
        count = 0
        for _doc in nlp.pipe(batch, batch_size=BATCH_SIZE):
            count += 1
        return count

    def run_kronika(batch: list[Document] = documents) -> int:
        count = 0
        for extraction in extractor.extract_many(batch, batch_size=BATCH_SIZE):
            extraction.to_dict()
            count += 1
        return count

    print(
        f"{len(documents)} articles, {characters:,} characters from {display_path(path)}"
        f" ({rejected} rejected); model {model} {model_version}; "
        f"extractor built in {setup_seconds:.1f} s"
    )

    load_before = os.getloadavg()[0]
    warm = documents[: args.warmup]
    run_spacy([d.text for d in warm])
    run_kronika(warm)

    spacy_runs = []
    seconds, count = timed(run_spacy, "spacy")
    spacy_runs.append(seconds)
    print(f"  spaCy run 1:  {seconds:8.2f} s", flush=True)

    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    kronika_seconds, kcount = timed(run_kronika, "kronika")
    if profiler is not None:
        profiler.disable()
    print(
        f"  kronika run:  {kronika_seconds:8.2f} s" + (" (under cProfile)" if profiler else ""),
        flush=True,
    )

    seconds, count = timed(run_spacy, "spacy")
    spacy_runs.append(seconds)
    print(f"  spaCy run 2:  {seconds:8.2f} s", flush=True)
    assert count == kcount == len(documents)

    spacy_seconds = min(spacy_runs)
    n = len(documents)
    result: dict[str, Any] = {
        "articles": n,
        "characters": characters,
        "rejected": rejected,
        "batch_size": BATCH_SIZE,
        "warmup_articles": len(warm),
        "spacy_pipe": {
            "seconds": round(spacy_seconds, 3),
            "articles_per_s": round(rate(n, spacy_seconds), 2),
            "characters_per_s": round(rate(characters, spacy_seconds)),
            "runs_seconds": [round(s, 3) for s in spacy_runs],
            "note": "better of two runs (before and after kronika's)",
        },
        "kronika": {
            "seconds": round(kronika_seconds, 3),
            "articles_per_s": round(rate(n, kronika_seconds), 2),
            "characters_per_s": round(rate(characters, kronika_seconds)),
        },
        "ratio": round(spacy_seconds / kronika_seconds, 3),
        "cpu_seconds": {
            "spacy": [round(c, 2) for c in CPU["spacy"]],
            "kronika": [round(c, 2) for c in CPU["kronika"]],
        },
        "cpu_ratio": round(min(CPU["spacy"]) / CPU["kronika"][0], 3),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "model": model,
        "model_version": model_version,
        "pipeline": list(nlp.pipe_names),
        "setup_seconds": round(setup_seconds, 2),
        "kronika_version": getattr(kronika, "__version__", None),
        "python": platform.python_version(),
        "spacy_version": spacy.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "input": display_path(path),
        "limit": args.limit,
        "note": args.note,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }

    print()
    print(format_table(result))
    print()
    print(
        f"kronika extract: {result['kronika']['articles_per_s']:.1f} articles/s; "
        f"spaCy nlp.pipe: {result['spacy_pipe']['articles_per_s']:.1f} articles/s "
        f"(better of 2 runs); ratio {result['ratio']:.2f}; in CPU time {result['cpu_ratio']:.2f}"
    )

    if profiler is not None:
        print_profile(profiler)
        print("\n(profiled run: benchmarks/results.json and docs/performance.md not updated)")
        return 0

    save_results({NAME: result})
    return 0


def format_table(r: dict[str, Any]) -> str:
    rows = [
        ("", "articles", "characters", "seconds", "articles/s"),
        (
            "spaCy nlp.pipe (best of 2)",
            str(r["articles"]),
            f"{r['characters']:,}",
            f"{r['spacy_pipe']['seconds']:.2f}",
            f"{r['spacy_pipe']['articles_per_s']:.1f}",
        ),
        (
            "kronika extract + to_dict",
            str(r["articles"]),
            f"{r['characters']:,}",
            f"{r['kronika']['seconds']:.2f}",
            f"{r['kronika']['articles_per_s']:.1f}",
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.append(f"ratio kronika/spaCy throughput: {r['ratio']:.2f}")
    return "\n".join(lines)


def print_profile(profiler: cProfile.Profile) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(25)
    print("\nTop 25 functions by cumulative time (kronika's run):")
    print(out.getvalue())
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.print_stats(r"kronika[/\\]", 25)
    print("Top 25 of kronika's own functions by cumulative time:")
    print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
