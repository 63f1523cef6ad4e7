"""A kronika store of N synthetic events, built fast enough for 10,000,000 of them.

    .venv/bin/python benchmarks/synthetic_store.py --events 1000000 STORE.db

`benchmarks/bench_queries.py` builds its store with `build_store`. The corpus has realistic
skew: actor countries drawn with Zipf weights and given sectors, the 18 most common CAMEO
codes with their Goldstein scores and PLOVER types, days spread over 25 years, 1-6 mentions
per event from 50 events per document on average, 40 outlets, places for 70% of events, and
an actor-mention row for each side of each mention.

The store is opened (created) by kronika itself, so its schema is kronika's; then the rows go
in as a bulk load would put them: the indexes of the big tables and the triggers that keep
the summaries are dropped, the rows are inserted in large `executemany` batches with no
journal, and the indexes, summaries (`refresh_totals`) and triggers are rebuilt once at the
end, followed by ANALYZE. The per-event counts and first-mention fields that ingest sets with
`recount_events` are computed while generating (every mention of an event is generated with
it), and a sample of events is then recounted by kronika's own `recount_events` to check that
they agree.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

EVENTS_PER_DOCUMENT = 50
OUTLETS = 40
CHUNK = 200_000
"""Events generated and inserted per batch."""

COUNTRIES = (
    "USA RUS CHN IRN ISR UKR TUR SYR IRQ PSE GBR FRA DEU SAU EGY IND PAK AFG PRK KOR JPN TJK "
    "AZE ARM NGA ETH SDN YEM LBY VEN COL MEX BRA CUB LBN JOR QAT ARE KAZ UZB POL BLR GEO SRB "
    "KEN SOM MLI NER"
).split()
SECTORS = {
    "": "",
    "GOV": "government",
    "MIL": "military",
    "REB": "rebels",
    "OPP": "opposition",
    "BUS": "business",
    "MED": "media",
    "CVL": "civilians",
    "COP": "police",
    "LEG": "parliament",
}
SECTOR_WEIGHTS = [4, 3, 2, 1, 1, 1, 1, 1, 1, 1]
CAMEO = [  # code, name, Goldstein, quad class, PLOVER type, verb in the synthetic sentence
    ("010", "Make statement", 0.0, 1, "CONSULT", "spoke about"),
    ("036", "Express intent to meet or negotiate", 4.0, 1, "CONSULT", "offered talks to"),
    ("040", "Consult", 1.0, 1, "CONSULT", "consulted"),
    ("042", "Make a visit", 1.9, 1, "CONSULT", "visited"),
    ("043", "Host a visit", 2.8, 1, "CONSULT", "hosted"),
    ("051", "Praise or endorse", 3.4, 1, "SUPPORT", "praised"),
    ("057", "Sign formal agreement", 8.0, 1, "AGREE", "signed a deal with"),
    ("061", "Cooperate economically", 6.4, 2, "COOPERATE", "traded with"),
    ("071", "Provide economic aid", 7.4, 2, "AID", "gave aid to"),
    ("112", "Accuse", -2.0, 3, "ACCUSE", "accused"),
    ("120", "Reject", -4.0, 3, "REJECT", "rejected"),
    ("130", "Threaten", -4.4, 3, "THREATEN", "threatened"),
    ("141", "Demonstrate or rally", -6.5, 3, "PROTEST", "protested against"),
    ("163", "Impose embargo, boycott, or sanctions", -8.0, 4, "SANCTION", "sanctioned"),
    ("173", "Arrest, detain", -5.0, 4, "ASSAULT", "detained"),
    ("190", "Use conventional military force", -10.0, 4, "ASSAULT", "attacked"),
    ("193", "Fight with small arms and light weapons", -10.0, 4, "ASSAULT", "fought"),
    ("195", "Employ aerial weapons", -10.0, 4, "ASSAULT", "bombed"),
]
# Words that appear in reporting sentences and are searched for with `--text`: whole words
# that are not part of any other word in the synthetic sentences.
TOPICS = (
    "drones pipeline sanctions elections refugees grain tariffs hostages ceasefire missiles "
    "uranium border oilfield embassy fisheries vaccine cyberattack bridge harbour airbase "
    "smuggling pilgrims journalists monastery railway reservoir wheat copper satellites "
    "minesweepers"
).split()
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2024, 12, 31)
ADDED = "2026-01-01T00:00:00Z"
BULK_TABLES = ("events", "mentions", "actors")
"""The tables whose indexes are dropped during the load and built again after it."""


def countries() -> dict[str, tuple[str, float, float, str]]:
    """name, lat, lon, capital of each country in COUNTRIES, from kronika's own table."""
    from kronika.knowledge.tables import data_path, read_tsv

    found = {}
    for row in read_tsv(data_path("geo", "countries.tsv"), ("iso3", "name", "lat", "lon")):
        if row["iso3"] in COUNTRIES:
            found[row["iso3"]] = (
                row["name"],
                float(row["lat"]),
                float(row["lon"]),
                row["capital"] or row["name"],
            )
    return found


class Generator:
    """Draws the events of the corpus chunk by chunk, with their mentions and actor rows."""

    def __init__(self, events: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.countries = countries()
        self.documents = max(events // EVENTS_PER_DOCUMENT, 1)
        self.span = (LAST_DAY - FIRST_DAY).days
        self.days = [(FIRST_DAY + timedelta(days=n)).isoformat() for n in range(self.span + 1)]
        # Zipf: a few countries act in most events
        self.country_weights = list(accumulate(1 / (rank + 1) for rank in range(len(COUNTRIES))))
        self.sector_weights = list(accumulate(SECTOR_WEIGHTS))
        # a place is the country itself or its capital, half and half
        self.places = {
            iso3: (
                (capital, iso3, round(lat + 0.5, 4), round(lon + 0.5, 4), "city", None),
                (name, iso3, lat, lon, "country", None),
            )
            for iso3, (name, lat, lon, capital) in self.countries.items()
        }
        self.names = {
            country + sector: f"{self.countries[country][0]} {SECTORS[sector]}".strip()
            for country in COUNTRIES
            for sector in SECTORS
        }

    def document_rows(self) -> list[tuple[Any, ...]]:
        rng, documents = self.rng, self.documents
        return [
            (
                n,
                f"{n:064x}",
                f"syn-{n}",
                self.days[n * self.span // documents],
                f"Synthetic article {n}",
                f"wire-{n % OUTLETS}",
                f"wire-{n % OUTLETS}",
                f"Synthetic article {n} about {rng.choice(COUNTRIES)}.",
                # every 10th article repeats the wire story of the one before
                n - 1 if n % 10 == 0 else n,
            )
            for n in range(1, documents + 1)
        ]

    def actors(self, k: int) -> list[str]:
        rng = self.rng
        country = rng.choices(COUNTRIES, cum_weights=self.country_weights, k=k)
        sector = rng.choices(list(SECTORS), cum_weights=self.sector_weights, k=k)
        return [c + s for c, s in zip(country, sector, strict=True)]

    def chunk(
        self, first: int, size: int, next_mention: int
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The rows of events `first` .. `first + size - 1`; mentions are numbered from
        `next_mention` in event order, as one ingest would number them."""
        names, places, days, span = self.names, self.places, self.days, self.span + 1
        sources, targets = self.actors(size), self.actors(size)
        random_, expovariate, documents = self.rng.random, self.rng.expovariate, self.documents
        topics, cameo = TOPICS, CAMEO
        events, mentions, actors = [], [], []
        mention_id = next_mention
        for n in range(size):
            event_id = first + n
            source = sources[n]
            source_name = names[source]
            target: str | None = targets[n] if random_() < 0.9 else None
            target_name = names[target] if target else None
            code, name, goldstein, quad, plover, verb = cameo[int(random_() * len(cameo))]
            day = days[int(random_() * span)]
            if random_() < 0.3:
                place: tuple[Any, ...] = (None,) * 6
            else:
                country = (source if not target or random_() < 0.5 else target)[:3]
                place = places[country][random_() < 0.5]
            where = f" in {place[0]}" if place[0] else ""
            said = f"{source_name} {verb} {target_name or 'others'} over "
            count = 1 + min(int(expovariate(1.6)), 5)
            seen: set[int] = set()
            for _ in range(count):
                document = 1 + int(random_() * documents)
                seen.add(document)
                sentence = f"{said}{topics[int(random_() * len(topics))]}{where}."
                mentions.append(
                    (mention_id, event_id, document, source_name, target_name, day, sentence,
                     0, verb, "synthetic", 0.9, 0, "asserted")
                )  # fmt: skip
                mention_id += 1
                actors.append((document, source_name, source_name, source))
                if target:
                    actors.append((document, target_name, target_name, target))
            outlets = {document % OUTLETS for document in seen}
            # the key is unique by construction: the id makes it so
            key = f"{source}|{target or ''}|{code}|{day}|{event_id}"
            events.append(
                (event_id, key, day, source, source_name, target, target_name, code, name,
                 plover, goldstein, quad, *place, ADDED, count, len(outlets), len(seen), 0, 0.9)
            )  # fmt: skip
        return events, mentions, actors


def build_store(path: Path, events: int, seed: int = 9, *, quiet: bool = False) -> dict[str, Any]:
    """Build a store of `events` synthetic events at `path` (a new file); return its counts,
    the seconds it took and its size in MB."""
    from kronika.store import connect
    from kronika.store.schema import add_totals_triggers, drop_totals_triggers, refresh_totals

    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            print(f"  {message} ({time.perf_counter() - started:,.0f} s)", file=sys.stderr)

    generator = Generator(events, seed)
    conn = connect(path)  # kronika creates the schema
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA journal_mode = OFF")  # a failed build is thrown away, never resumed
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    conn.execute("PRAGMA temp_store = FILE")
    conn.execute("BEGIN")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({', '.join('?' * len(BULK_TABLES))})",
        BULK_TABLES,
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    drop_totals_triggers(conn)
    conn.execute(
        "INSERT INTO runs (command, started, finished, kronika_version, paths) VALUES"
        f" ('bench', '{ADDED}', '{ADDED}', 'bench', 'synthetic')"
    )
    conn.executemany(
        "INSERT INTO documents (id, hash, doc_id, date, title, source, outlet, text, run_id,"
        " story_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
        generator.document_rows(),
    )
    conn.execute("COMMIT")
    next_event, next_mention = 1, 1
    while next_event <= events:
        size = min(events - next_event + 1, CHUNK)
        event_rows, mention_rows, actor_rows = generator.chunk(next_event, size, next_mention)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO events (id, key, day, source_code, source_name, target_code,"
            " target_name, cameo, cameo_name, plover_type, goldstein, quad_class,"
            " location_name, location_country, location_lat, location_lon, location_kind,"
            " location_geonames_id, added, num_mentions, num_sources, num_articles, is_root,"
            " confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?)",
            event_rows,
        )
        conn.executemany(
            "INSERT INTO mentions (id, event_id, document_id, source_text, target_text, date,"
            " sentence, lead, trigger_text, rule, confidence, negated, modality)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            mention_rows,
        )
        conn.executemany(
            "INSERT INTO actors (document_id, text, name, code, country, sector, kind, start,"
            " \"end\") VALUES (?, ?, ?, ?, substr(?4, 1, 3), nullif(substr(?4, 4), ''),"
            " CASE WHEN length(?4) = 3 THEN 'country' ELSE 'organisation' END, 0, 1)",
            actor_rows,
        )
        conn.execute("COMMIT")
        next_event += size
        next_mention += len(mention_rows)
        say(f"{next_event - 1:,} events")
    conn.execute("BEGIN")
    for name, sql in indexes:
        conn.execute(sql)
        say(f"index {name}")
    refresh_totals(conn)
    add_totals_triggers(conn)
    conn.execute("COMMIT")
    say("summaries")
    conn.execute("ANALYZE")
    say("ANALYZE")
    _check_counts(conn, events, random.Random(seed + 1))
    conn.execute("PRAGMA journal_mode = WAL")
    counts = {
        table: conn.execute(f"SELECT rows FROM row_counts WHERE name = '{table}'").fetchone()[0]  # noqa: S608
        for table in ("events", "mentions", "documents", "actors")
    }
    conn.close()
    return {
        **counts,
        "build_seconds": round(time.perf_counter() - started, 1),
        "store_mb": round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6),
    }


def _check_counts(conn: sqlite3.Connection, events: int, rng: random.Random) -> None:
    """Recount a sample of events with kronika's `recount_events` (which ingest runs) and
    fail if any generated count or first-mention field differs from its answer."""
    from kronika.store.write import recount_events

    sample = sorted(rng.sample(range(1, events + 1), min(events, 2000)))
    ids = ",".join(map(str, sample))
    query = f"SELECT * FROM events WHERE id IN ({ids}) ORDER BY id"  # noqa: S608
    generated = conn.execute(query).fetchall()
    conn.execute("BEGIN")
    try:
        recount_events(conn, sample)
        recounted = conn.execute(query).fetchall()
    finally:
        conn.execute("ROLLBACK")
    for before, after in zip(generated, recounted, strict=True):
        if tuple(before) != tuple(after):
            raise RuntimeError(
                f"synthetic event {before['id']}: generated {tuple(before)}, but"
                f" recount_events gives {tuple(after)}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="the store to create (must not exist)")
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events")
    args = parser.parse_args(argv)
    if args.store.exists():
        parser.error(f"{args.store} exists; give a new file")
    print(build_store(args.store, args.events))
    return 0


if __name__ == "__main__":
    sys.exit(main())
