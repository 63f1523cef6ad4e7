"""Sanity checks for kronika's CAMEO event-code table (src/kronika/data/cameo.tsv).

The table is read with the csv module only, so these tests do not depend on the
kronika package being importable.
"""

import csv
from pathlib import Path

import pytest

TABLE = Path(__file__).resolve().parents[1] / "src" / "kronika" / "data" / "cameo.tsv"
REFERENCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cameo"

HEADER = [
    "code",
    "name",
    "goldstein",
    "quad_class",
    "plover_type",
    "plover_mode",
    "plover_context",
]
PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}
ROOTS = {f"{i:02d}" for i in range(1, 21)}


def expected_quad_class(root: str) -> int:
    r = int(root)
    if r <= 5:
        return 1  # verbal cooperation
    if r <= 8:
        return 2  # material cooperation
    if r <= 13:
        return 3  # verbal conflict
    return 4  # material conflict


def read_table():
    with TABLE.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        rows = [dict(zip(header, r, strict=False)) for r in reader if r]
    return header, rows


def read_reference(name: str) -> dict:
    out = {}
    with (REFERENCE_DIR / name).open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)  # header
        for r in reader:
            if r and r[0].strip():
                out[r[0].strip()] = r[1].strip() if len(r) > 1 else ""
    return out


def test_table_is_well_formed():
    header, rows = read_table()
    assert header == HEADER
    assert rows, "table is empty"

    codes = [r["code"] for r in rows]
    for row in rows:
        assert len(row) == len(HEADER), f"wrong column count in {row}"
    for code in codes:
        assert code.isdigit() and 2 <= len(code) <= 4, f"bad code {code!r}"
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    assert not dupes, f"duplicate codes: {dupes}"

    code_set = set(codes)
    assert ROOTS <= code_set, f"missing roots: {sorted(ROOTS - code_set)}"

    for row in rows:
        code = row["code"]
        root = code[:2]
        assert root in code_set, f"{code}: root {root} missing"
        if len(code) == 4:
            assert code[:3] in code_set, f"{code}: parent {code[:3]} missing"
        assert row["name"].strip(), f"{code}: empty name"
        assert int(row["quad_class"]) == expected_quad_class(root), code
        goldstein = float(row["goldstein"])
        assert -10.0 <= goldstein <= 10.0, f"{code}: goldstein {goldstein}"
        assert row["plover_type"] in PLOVER_TYPES or row["plover_type"] == "", (
            f"{code}: unknown PLOVER type {row['plover_type']!r}"
        )


def test_agrees_with_reference_tables():
    if not REFERENCE_DIR.is_dir():
        pytest.skip(
            "../shared/eval/cameo not found: reference tables are only in the development checkout"
        )
    _, rows = read_table()
    ours = {r["code"]: float(r["goldstein"]) for r in rows}

    ref_codes = read_reference("CAMEO.eventcodes.txt")
    missing = sorted(set(ref_codes) - set(ours))
    assert not missing, f"codes in the reference but not in our table: {missing}"

    ref_goldstein = {c: float(v) for c, v in read_reference("CAMEO.goldsteinscale.txt").items()}
    shared = sorted(set(ref_goldstein) & set(ours))
    assert shared
    agree = [c for c in shared if abs(ours[c] - ref_goldstein[c]) <= 0.5]
    disagree = {c: (ours[c], ref_goldstein[c]) for c in shared if c not in agree}
    assert len(agree) >= 0.95 * len(shared), (
        f"only {len(agree)}/{len(shared)} Goldstein values within 0.5; disagreements: {disagree}"
    )
