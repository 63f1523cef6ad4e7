"""A small store for the API and dashboard tests, with one hostile article in it."""

from __future__ import annotations

import json
from pathlib import Path

SCRIPT = "<script>window.kronikaPwned = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.kronikaPwned = 2; alert(2)">'

RECORDS = [
    {
        "id": "d1",
        "date": "2023-03-13",
        "source": "A",
        "title": "Talks in Berlin",
        "text": "Germany's foreign minister met Russia's envoy in Berlin on Monday."
        ' "We want a lasting peace," said German Foreign Minister Anna Keller.',
    },
    {
        "id": "d2",
        "date": "2023-04-02",
        "source": "B",
        "text": "Iran signed a defence agreement with Tajikistan in Dushanbe.",
    },
    {
        "id": "xss",
        "date": "2023-04-03",
        "source": "C",
        "title": f"Hostile {SCRIPT} title",
        "text": f"Poland condemned Belarus for the border incident {SCRIPT} in Warsaw. {IMG}"
        f' "Nothing {SCRIPT} will stop us," said Polish President Jan Nowak.',
    },
]


# Ids as users' corpora give them: BASIL's have a slash; others a percent sign, a space,
# '?' or '#', all of which a URL reserves.
ODD_ID = "basil/2b95%2F_1"
ODD_RECORDS = [
    {
        "id": ODD_ID,
        "date": "2023-04-05",
        "source": "D",
        "text": "Japan praised South Korea for the fisheries agreement in Tokyo.",
    },
    {
        "id": "wire 50% ?#/..",
        "date": "2023-04-06",
        "source": "E",
        "text": "Chile condemned Peru for the border incident.",
    },
]


def build_store(folder: Path, extractor, records: list[dict] | None = None) -> Path:
    from kronika.store import connect, ingest

    corpus = folder / "news.jsonl"
    lines = [json.dumps(r) for r in (RECORDS if records is None else records)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "kronika.db"
    conn = connect(path)
    ingest(conn, [corpus], extractor)
    conn.close()
    return path
