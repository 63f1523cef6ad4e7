"""The benchmark's bulk-built synthetic store is a kronika store like an ingested one."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from synthetic_store import build_store  # noqa: E402

from kronika.store import connect  # noqa: E402
from kronika.store.query import EventFilter, events, stats  # noqa: E402
from kronika.store.schema import stale_totals  # noqa: E402


def test_bulk_built_store_has_summaries_equal_to_a_recomputation(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.db"
    built = build_store(path, 3000, quiet=True)
    conn = connect(path, create=False)
    assert stale_totals(conn) == []
    counted = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
        for t in ("events", "mentions")
    }
    assert built["events"] == counted["events"] == 3000
    assert built["mentions"] == counted["mentions"] >= 3000
    assert stats(conn)["events"] == 3000
    # the triggers are back: a new event is counted in the summaries at once
    conn.execute(
        "INSERT INTO events (key, day, source_code, cameo, num_mentions, added)"
        " VALUES ('new', '2025-01-01', 'USA', '010', 1, 'now')"
    )
    assert stale_totals(conn) == []
    assert [e.day for e in events(conn, EventFilter(since="2025"))] == ["2025-01-01"]
