"""Shared fixtures: the loaded pipeline (once per session) and the gold-data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def extractor():
    """kronika's default pipeline, loaded once: the spaCy model is the slow part."""
    from kronika.pipeline import Extractor

    return Extractor()


@pytest.fixture
def shared() -> Path:
    """The ../shared folder with gold data; only the development checkout has it."""
    if not SHARED.is_dir():
        pytest.skip("../shared not found: gold data is only in the development checkout")
    return SHARED
