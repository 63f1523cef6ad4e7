"""The seed article end to end: `kronika extract` scored by ../shared/seed/check_seed.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEED = "000_faf24893d20170c3"


def test_seed_article_meets_every_required_item(shared, tmp_path):
    out = tmp_path / f"{SEED}.json"
    extract = subprocess.run(
        [sys.executable, "-m", "kronika", "extract", str(ROOT / "examples" / f"{SEED}.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert extract.returncode == 0, extract.stderr
    out.write_text(extract.stdout, encoding="utf-8")
    assert len(extract.stdout.splitlines()) == 1  # one document, one JSON line

    check = subprocess.run(
        [
            sys.executable,
            str(shared / "seed" / "check_seed.py"),
            str(shared / "seed" / f"{SEED}.gold.json"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert check.returncode == 0, check.stdout + check.stderr
    assert "26/26" in check.stdout, check.stdout
