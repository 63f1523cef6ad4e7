"""Run every `kronika evaluate` format on the gold data in ../shared/eval and write the scores
to docs/evaluation.md (and benchmarks/evaluation.json), so the published figures are the ones
this code produces.

Usage: python scripts/evaluate_all.py [--eval DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"

# (format, path under the eval folder, what it measures)
RUNS = [
    ("plover-gsr", "plover/PLOVER_GSR_CAMEO.dev.json", "event type, source and target"),
    ("petrarch", "petrarch/PETR2_GSR_validation.dev.xml", "CAMEO triples"),
    (
        "petrarch-unittest",
        "petrarch/unittest",
        "PETRARCH's unit tests, coded with their own fixture dictionaries",
    ),
    (
        "case2021",
        "case2021/case2021_task2.dev.tsv",
        "ACLED-style labels mapped to PLOVER; checked on every change, no pattern written from it",
    ),
    ("cameo-quad", "cameo_news/cameo_quad.dev.tsv", "CAMEO quad class of news sentences"),
    ("cameo-roles", "cameo_news/cameo_roles.dev.conll", "event source and target spans"),
    ("ngec-actors", "actors/ngec_actor_resolution_cases.dev.tsv", "actor country and sector"),
    ("polnear", "quotes/polnear/dev", "quote attribution"),
    ("lgl", "geo/lgl.xml", "toponyms (local US news)"),
    ("lgl-baseline", "geo/lgl.xml", "spaCy GPE/LOC + most populous GeoNames"),
    ("gwn", "geo/GWN.xml", "toponyms (GeoWebNews)"),
    ("gwn-baseline", "geo/GWN.xml", "spaCy GPE/LOC + most populous GeoNames"),
    ("timeml", "time/TBAQ-cleaned", "temporal expressions"),
    ("timeml-baseline", "time/TBAQ-cleaned", "raw dateparser on the gold spans"),
]


def flatten(metrics: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the gold data folder")
    parser.add_argument("--only", nargs="*", help="run only these formats")
    args = parser.parse_args()
    if not args.eval.is_dir():
        print(f"no gold data at {args.eval}: nothing to evaluate")
        return

    from kronika.evaluate import EVALUATORS, run
    from kronika.pipeline import Extractor

    extractor = Extractor()
    results = {}
    for name, relative, what in RUNS:
        if args.only and name not in args.only:
            continue
        if name not in EVALUATORS:
            print(f"{name}: not registered, skipped")
            continue
        path = args.eval / relative
        started = time.perf_counter()
        metrics = run(name, path, extractor=extractor)
        seconds = round(time.perf_counter() - started, 1)
        results[name] = {"path": relative, "what": what, "seconds": seconds, "metrics": metrics}
        print(f"{name} ({seconds} s): {json.dumps(metrics)}")

    out = ROOT / "benchmarks" / "evaluation.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous.update(results)
    out.write_text(json.dumps(previous, indent=2) + "\n")
    lines = [
        "# Evaluation",
        "",
        "Scores of this version of kronika on the public gold data in `../shared/eval/`",
        "(the development half of each set), written by `python scripts/evaluate_all.py`",
        f"on {datetime.now(UTC).date().isoformat()}. Each line is `kronika evaluate FORMAT PATH`;",
        "`--details FILE` lists every hit and miss.",
        "",
        "| format | measures | metrics |",
        "|---|---|---|",
    ]
    for name, result in previous.items():
        metrics = ", ".join(f"{key} {value}" for key, value in flatten(result["metrics"]).items())
        lines.append(f"| `{name}` `{result['path']}` | {result['what']} | {metrics} |")
    (ROOT / "docs" / "evaluation.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {out} and docs/evaluation.md")


if __name__ == "__main__":
    main()
