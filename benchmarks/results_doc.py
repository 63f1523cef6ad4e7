"""Shared by the benchmark scripts: `benchmarks/results.json` and the tables in
`docs/performance.md`, regenerated from it between the `<!-- results -->` markers."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "news"
RESULTS = REPO / "benchmarks" / "results.json"
DOC = REPO / "docs" / "performance.md"
BEGIN, END = "<!-- results -->", "<!-- /results -->"


def display_path(path: Path) -> str:
    path = path.resolve()
    try:
        return os.path.relpath(path, REPO)
    except ValueError:
        return str(path)


def load_results() -> dict[str, Any]:
    if RESULTS.is_file():
        try:
            data = json.loads(RESULTS.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            print(
                f"warning: {display_path(RESULTS)} is not valid JSON; starting afresh",
                file=sys.stderr,
            )
            return {}
        if isinstance(data, dict):
            return data
    return {}


def save_results(new: dict[str, Any]) -> None:
    """Replace the entries named in `new`, keep the others; regenerate the doc's tables."""
    results = load_results()
    results.update(new)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_doc(results)
    print(f"\nwrote {display_path(RESULTS)} and {display_path(DOC)}")


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} MB"


def _extract(r: dict[str, Any]) -> list[str]:
    s, k = r["spacy_pipe"], r["kronika"]
    n, chars = r["articles"], f"{r['characters']:,}"
    runs = ", ".join(f"{x:.2f} s" for x in s["runs_seconds"])
    lines = [
        f"{n} articles ({chars} characters) from `{r['input']}`, model `{r['model']}` "
        f"{r.get('model_version') or ''}, batch size {r['batch_size']}; Python {r['python']}, "
        f"spaCy {r['spacy_version']}, {r.get('cpus')} CPUs; {r['date']}. "
        "Command: `.venv/bin/python benchmarks/bench_extract.py`.",
        "",
        "| | articles | characters | seconds | articles/s | characters/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, x in (
        ("spaCy `nlp.pipe` (better of 2 runs)", s),
        ("kronika `extract_many` + `to_dict`", k),
    ):
        lines.append(
            f"| {label} | {n} | {chars} | {x['seconds']:.2f} "
            f"| {x['articles_per_s']:.1f} | {x['characters_per_s']:,} |"
        )
    lines += [
        "",
        f"Ratio of kronika's throughput to spaCy's: **{r['ratio']:.2f}** (target ≥ 1.0, never "
        f"below 0.75; spaCy runs: {runs}).",
    ]
    if "cpu_ratio" in r:
        cpu = r["cpu_seconds"]
        before, after = r["load_average"]
        lines += [
            "",
            f"In CPU seconds of the process (spaCy {', '.join(map(str, cpu['spacy']))}; kronika"
            f" {', '.join(map(str, cpu['kronika']))}): **{r['cpu_ratio']:.2f}**. Load average"
            f" (1 min) before/after: {before:.2f} / {after:.2f} on {r['cpus']} CPUs.",
        ]
    if r.get("note"):
        lines += ["", f"Note: {r['note']}"]
    return lines


def _runs_table(runs: list[tuple[str, dict[str, Any]]]) -> list[str]:
    lines = [
        "| run | articles | seconds | CPU seconds | articles/s | main peak RSS | worker peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, x in runs:
        cpu = x.get("cpu_seconds")
        lines.append(
            f"| {label} | {x['ingested']} | {x['seconds']:.2f} | "
            f"{'–' if cpu is None else f'{cpu:.1f}'} | {x['articles_per_s']:.2f} "
            f"| {_mb(x.get('main_rss_mb'))} | {_mb(x.get('worker_rss_mb'))} |"
        )
    return lines


def _engines(r: dict[str, Any]) -> list[str]:
    lines = [
        f"{r['machine']}; {r['date']}. Command: `{r['command']}`.",
        "",
    ]
    if "scaling" in r:
        s = r["scaling"]
        lines += [
            f"**Scaling** ({s['articles']} articles from `{s['input']}`, `ingest()` into a new "
            "store, end to end including process start and model load):",
            "",
            *_runs_table([("1 worker", s["one"]), ("2 workers", s["two"])]),
            "",
            f"2 workers vs 1: **{s['ratio']:.2f}×** (target ≥ 1.6). "
            f"Peak RSS per worker: **{s['worker_rss_mb']:,.0f} MB** (target ≤ 500 MB)."
            + (f" {s['note']}" if s.get("note") else ""),
            "",
        ]
    if "memory" in r:
        m = r["memory"]
        lines += [
            f"**Flat memory** (2 workers, `{m['input']}`, {m['small']} vs {m['large']} articles):",
            "",
            *_runs_table(
                [(f"{m['small']} articles", m["runs"][0]), (f"{m['large']} articles", m["runs"][1])]
            ),
            "",
            f"Peak RSS, {m['large']} vs {m['small']} articles: main process "
            f"**{m['main_ratio']:.2f}×**, worker **{m['worker_ratio']:.2f}×** "
            "(1.0 is perfectly flat).",
            "",
        ]
    if "dask" in r:
        d = r["dask"]
        lines += [
            f"**Dask** (LocalCluster, {d['workers']} single-threaded worker processes, "
            f"{d['articles']} articles, partitions of {d['partition_size']}; then "
            "`load` into a new store):",
            "",
            "| | seconds |",
            "|---|---:|",
            f"| local engine, 2 workers (`ingest`) | {d['local_seconds']:.2f} |",
            f"| Dask: start LocalCluster | {d['cluster_start_seconds']:.2f} |",
            f"| Dask: extract to shards | {d['extract_seconds']:.2f} |",
            f"| Dask: `load` shards into the store | {d['load_seconds']:.2f} |",
            f"| Dask: total | {d['seconds']:.2f} |",
            "",
            f"Local ÷ Dask throughput: **{d['ratio']:.2f}**; identical records in the two "
            f"stores: **{'yes' if d['identical'] else 'NO'}** "
            f"({d['documents']} documents, {d['events']} events).",
            "",
        ]
    if "recode" in r:
        c = r["recode"]
        if "recoded" in c:
            lines += [
                f"**Recode vs re-ingest** ({c['documents']} articles, one process, model load "
                f"included in both; the edit: the user folder `{c['edit']}`, which adds five "
                "people):",
                "",
                "| | seconds | CPU seconds |",
                "|---|---:|---:|",
                f"| full ingest | {c['ingest_seconds']:.2f} | {c['ingest_cpu_seconds']:.1f} |",
                f"| `recode` after the edit: {c['recoded']} documents re-coded, "
                f"{c['documents'] - c['recoded']} unchanged | {c['recode_seconds']:.2f} "
                f"| {c['recode_cpu_seconds']:.1f} |",
                f"| `recode --all`: every document | {c['everything_seconds']:.2f} "
                f"| {c['everything_cpu_seconds']:.1f} |",
                "",
                f"Recode after the edit is **{c['ratio']:.2f}×** faster than a full re-ingest "
                f"(**{c['cpu_ratio']:.2f}×** in CPU seconds; target ≥ 10); `--all` "
                f"{c['everything_ratio']:.2f}×. The re-coded store holds the same records as a "
                f"fresh ingest with the edited dictionaries: "
                f"**{'yes' if c['identical'] else 'NO'}** (`--all`: "
                f"{'yes' if c['identical_everything'] else 'NO'}).",
                "",
            ]
        else:
            lines += [
                f"**Recode vs re-ingest** ({c['documents']} articles, one process, model load "
                "included in both):",
                "",
                "| | seconds |",
                "|---|---:|",
                f"| full ingest | {c['ingest_seconds']:.2f} |",
                f"| `recode` from cached parses | {c['recode_seconds']:.2f} |",
                "",
                f"Recode is **{c['ratio']:.2f}×** faster than a full re-ingest.",
                "",
            ]
    if "query" in r:
        q = r["query"]
        lines += [
            f"**Query latency** on a synthetic store of {q['events']:,} events "
            f"({q['mentions']:,} mentions, {q['documents']:,} documents; "
            f"{q['store_mb']:,.0f} MB; built in {q['build_seconds']:.0f} s), "
            f"{q['repeats']} runs each with varying arguments, via `kronika.store.query`:",
            "",
            "| query | p50 ms | p95 ms | rows (median) |",
            "|---|---:|---:|---:|",
        ]
        for name, x in q["queries"].items():
            lines.append(f"| {name} | {x['p50_ms']:.1f} | {x['p95_ms']:.1f} | {x['rows']:,} |")
        lines.append("")
    if r.get("load_average"):
        before, after = r["load_average"]
        lines.append(
            f"Load average (1 min) before/after the run: {before:.2f} / {after:.2f} on "
            f"{r['cpus']} CPUs"
            + ("; **the machine was busy: noisy figures**." if r.get("noisy") else ".")
        )
    if r.get("note"):
        lines += ["", f"Note: {r['note']}"]
    return lines


def _queries(r: dict[str, Any]) -> list[str]:
    built = ""
    if r.get("build_seconds") is not None:
        built = (
            f" ({r['mentions']:,} mentions, {r['documents']:,} documents, {r['actors']:,} actor"
            f" mentions; store {r['store_mb']:,} MB built in {r['build_seconds']:.0f} s, Parquet"
            f" {r['parquet_mb']:,} MB written in {r['export_seconds']:.0f} s)"
        )
    lines = [
        f"{r['events']:,} synthetic events{built}; {r['repeats']} runs of each query with"
        f" varying arguments, kronika and DuckDB {r['duckdb_version']} alternating; SQLite"
        f" {r['sqlite_version']}; {r['machine']}; {r['date']}. Command: `{r['command']}`.",
        "",
        "| query | used by | kronika p50 ms | kronika p95 ms | DuckDB p50 ms | DuckDB p95 ms"
        " | ratio (p95) | rows (median) | rows agree |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, q in r["queries"].items():
        lines.append(
            f"| {name} | {q['interface']} | {q['kronika_p50_ms']:.1f} | {q['kronika_p95_ms']:.1f}"
            f" | {q['duckdb_p50_ms']:.1f} | {q['duckdb_p95_ms']:.1f} | {q['ratio']:.2f}"
            f" | {q['rows']:,} | {'yes' if q['rows_agree'] else '**no**'} |"
        )
    worst = max(r["queries"].items(), key=lambda item: item[1]["ratio"])
    before, after = r["load_average"]
    lines += [
        "",
        f"Worst ratio: **{worst[1]['ratio']:.2f}** ({worst[0]}); rows agree for every query:"
        f" **{'yes' if r['all_rows_agree'] else 'NO'}**. Load average (1 min) before/after:"
        f" {before:.2f} / {after:.2f} on {r['cpus']} CPUs.",
    ]
    if r.get("note"):
        lines += ["", f"Note: {r['note']}"]
    return lines


def _long(r: dict[str, Any]) -> list[str]:
    lines = [
        f"One document of each size, built from `{r['input']}`, extracted the way `ingest` "
        f"does (`extract_batch`, cached parse included) in a fresh process per size; "
        f"Python {r['python']}, {r['cpus']} CPUs; {r['date']}. Command: `{r['command']}`.",
        "",
        "| characters | seconds | CPU seconds | characters/s | peak RSS | after model load "
        "| places | events |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for x in r["sizes"].values():
        cpu = f"{x['cpu_seconds']:.2f}" if "cpu_seconds" in x else "–"
        lines.append(
            f"| {x['characters']:,} | {x['seconds']:.2f} | {cpu} "
            f"| {x['characters'] / x['seconds']:,.0f} | {_mb(x['peak_rss_mb'])} "
            f"| {_mb(x['loaded_rss_mb'])} | {x['places']:,} | {x['events']:,} |"
        )
    if "ratio" in r:
        top = r["sizes"][str(1_000_000)]
        cpu_ratio = f", **{r['cpu_ratio']:.1f}×** the CPU time" if "cpu_ratio" in r else ""
        lines += [
            "",
            f"1,000,000 vs 40,000 characters: **{r['ratio']:.1f}×** the time{cpu_ratio} (linear "
            f"growth is {r['ratio_target']:.0f}×; target at most that); peak RSS at 1,000,000 "
            f"characters **{_mb(top['peak_rss_mb'])}** (target < {r['rss_target_mb']:,} MB).",
        ]
    if "first_cpu_ratio" in r:  # runs before every size was measured as a first extraction
        base = r["sizes"][str(40_000)]
        lines += [
            "",
            f"The 40,000-character figures are its best of {len(base['runs_seconds'])} "
            f"extractions; its first took {base['first_cpu_seconds']:.2f} CPU seconds (the "
            f"later ones find its words and names cached). First extraction against first "
            f"extraction, 1,000,000 vs 40,000 characters: **{r['first_cpu_ratio']:.1f}×** the "
            f"CPU time.",
        ]
    elif "runs_cpu_seconds" in r["sizes"].get(str(40_000), {}):
        base = r["sizes"][str(40_000)]
        runs = ", ".join(f"{x:.2f}" for x in base["runs_cpu_seconds"])
        lines += [
            "",
            "Each figure is the first extraction of its text in a fresh process, after a "
            "warm-up on 40,000 characters of other text; the sizes under 200,000 characters "
            f"are the median of {len(base['runs_cpu_seconds'])} such processes by CPU time "
            f"(40,000 characters: {runs} CPU seconds).",
        ]
    if "parts" in r:
        parts = r["parts"]
        lines += [
            "",
            f"The same {parts['characters']:,} characters extracted as the "
            f"{parts['documents']} documents of at most 40,000 characters they split into at "
            f"paragraph breaks, one after another in a fresh process (the same "
            f"text, so the same mix of places and events: {parts['places']:,} places, "
            f"{parts['events']:,} events): {parts['seconds']:.2f} s, {parts['cpu_seconds']:.2f} "
            f"CPU seconds. The whole document takes **{r['parts_cpu_ratio']:.2f}×** the CPU "
            f"time of its parts (1.00× is linear growth).",
        ]
    before, after = r["load_average"]
    lines += ["", f"Load average (1 min) before/after the run: {before:.2f} / {after:.2f}."]
    return lines


def _load(r: dict[str, Any]) -> list[str]:
    lines = [
        f"`kronika serve` on 127.0.0.1 over a store built from `{r['store']}`; clients call "
        f"`/api/events` with 10 kinds of filters in a loop; the ingest is `kronika ingest "
        f"{r['ingest_input']} --limit {r['ingest_limit']}` into the served store. Python "
        f"{r['python']}, {r['cpus']} CPUs; {r['date']}. Command: `{r['command']}`.",
        "",
        "| phase | clients | requests | requests/s | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, key in (
        ("one client", "single"),
        ("clients, no ingest", "clients_only"),
        ("clients while an ingest writes", "with_ingest"),
    ):
        x = r[key]
        lines.append(
            f"| {label} | {x['clients']} | {x['requests']:,} | {x['requests_per_second']} "
            f"| {x['errors']} | {x['p50_ms']} | {x['p95_ms']} | {x['p99_ms']} |"
        )
    loaded, clean = r["ingest"], r["clean_ingest"]
    before, after = r["load_average"]
    lines += [
        "",
        f"p95 during the ingest vs the same clients without it: **{r['ratio_to_clients_only']}×**"
        f" (target ≤ 3×; vs one client: {r['ratio_to_single']}×). The ingest ran throughout: "
        f"**{'yes' if r['ingest_ran_throughout'] else 'no'}**. Its counts (ingested "
        f"{loaded['ingested']}, duplicates {loaded['duplicates']}, rejected {loaded['rejected']}; "
        f"{r['served_documents']:,} documents stored) equal a clean run's ({clean['ingested']}, "
        f"{clean['duplicates']}, {clean['rejected']}; {r['clean_documents']:,}): "
        f"**{'yes' if r['counts_equal'] else 'NO'}**.",
        "",
        f"Load average (1 min) before/after the run: {before:.2f} / {after:.2f}.",
    ]
    return lines


RENDER = {
    "extract": _extract,
    "engines": _engines,
    "queries": _queries,
    "long": _long,
    "load": _load,
}


def markdown(results: dict[str, Any]) -> str:
    parts = []
    for name, r in sorted(results.items()):
        render = RENDER.get(name) or (_queries if name.startswith("queries_") else None)
        if render is None or not isinstance(r, dict):
            body = [f"```json\n{json.dumps(r, indent=2)}\n```"]
        else:
            body = render(r)
        parts.append("\n".join([f"### {name}", "", *body]).rstrip())
    return "\n\n".join(parts)


def write_doc(results: dict[str, Any]) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.is_file() else "# Performance\n"
    if BEGIN not in text or END not in text or text.index(BEGIN) > text.index(END):
        text = text.rstrip("\n") + f"\n\n## Results\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(f"{head}{BEGIN}\n{markdown(results)}\n{END}{tail}", encoding="utf-8")
