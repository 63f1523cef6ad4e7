"""Near-duplicate articles: the same wire story on several sites, lightly edited.

Each document belongs to a story (`documents.story_id`, the id of the story's first
document). Candidates come from MinHash locality-sensitive hashing over word 5-shingles
(table `story_bands`); a document joins the story of its most similar candidate when the
Jaccard similarity of the two texts' shingle sets is at least `SIMILARITY`. Exact copies
never get this far: they have the same content hash and are duplicates.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3

import numpy as np

SHINGLE = 5
PERMUTATIONS = 32
ROWS = 4  # 8 bands of 4 rows: pairs above ~0.6 similarity very likely share a band
SIMILARITY = 0.7
CANDIDATES = 20
WORD = re.compile(r"\w+")

_rng = np.random.default_rng(20240531)
_A = _rng.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64)


def shingles(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    size = min(SHINGLE, len(words)) or 1
    return {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def bands(found: set[str]) -> list[str]:
    """The LSH band keys of a shingle set (multiply-shift hashing, min per permutation)."""
    values = np.fromiter((_hash64(s) for s in found), dtype=np.uint64, count=len(found))
    with np.errstate(over="ignore"):
        signature = ((_A[:, None] * values[None, :] + _B[:, None]) >> np.uint64(32)).min(axis=1)
    keys = []
    for band in range(PERMUTATIONS // ROWS):
        rows = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(f"{band}:{hashlib.blake2b(rows, digest_size=8).hexdigest()}")
    return keys


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def assign_story(conn: sqlite3.Connection, document_id: int, text: str) -> int:
    """Link a stored document to the story of its first near-duplicate, or start a story."""
    found = shingles(text)
    keys = bands(found)
    story = document_id
    # The candidates sharing the most bands; the cap keeps templated texts (earnings tables,
    # weather reports) from making every lookup scan thousands of near-misses.
    candidates = conn.execute(
        "SELECT d.id, d.story_id, d.text FROM documents d JOIN"
        " (SELECT document_id, count(*) AS shared FROM story_bands"
        "  WHERE band IN (SELECT value FROM json_each(?)) AND document_id != ?"
        "  GROUP BY document_id ORDER BY shared DESC, document_id LIMIT ?) c"
        " ON c.document_id = d.id ORDER BY c.shared DESC, d.id",
        (json.dumps(keys), document_id, CANDIDATES),
    ).fetchall()
    best = 0.0
    for candidate, candidate_story, candidate_text in candidates:
        similarity = jaccard(found, shingles(candidate_text))
        if similarity >= SIMILARITY and similarity > best:
            story, best = candidate_story or candidate, similarity
    conn.executemany(
        "INSERT INTO story_bands (band, document_id) VALUES (?, ?)",
        [(key, document_id) for key in keys],
    )
    conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", (story, document_id))
    return story


def backfill(conn: sqlite3.Connection) -> None:
    """Give documents stored before stories existed their story, in ingest order."""
    rows = conn.execute(
        "SELECT id, text FROM documents WHERE story_id IS NULL ORDER BY id"
    ).fetchall()
    for row in rows:
        assign_story(conn, row[0], row[1])
