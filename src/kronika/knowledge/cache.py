"""A cache of indexes compiled from large data files, so that building an extractor does not
parse 40,000 rows each time.

An index is rebuilt whenever one of its source files changes (path, size or modification
time) or kronika's version does. The cache lives with the place index (`knowledge.geo`): in
`$KRONIKA_CACHE_DIR`, else `$XDG_CACHE_HOME/kronika`, else `~/.cache/kronika`. A cache that
cannot be read or written is ignored: the index is then built from the files.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = 1  # bump when the shape of a cached index changes


def cache_dir() -> Path:
    folder = os.environ.get("KRONIKA_CACHE_DIR")
    if folder:
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "kronika"


def cached(name: str, sources: list[Path], build: Callable[[], T]) -> T:
    """The index `build()` makes from `sources`, from the cache when it is up to date."""
    from .. import __version__

    folder = cache_dir()
    stamp = hashlib.sha1(f"{FORMAT} {__version__}".encode())
    for source in sources:
        status = source.stat()
        stamp.update(f"{source.resolve()} {status.st_size} {status.st_mtime_ns}".encode())
    path = folder / f"{name}-{stamp.hexdigest()[:16]}.pickle"
    try:
        with open(path, "rb") as cached_file, collection_paused():
            return pickle.load(cached_file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    with collection_paused():
        value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)  # earlier versions of the same index
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass
    return value


@contextmanager
def collection_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a large index (or a long listing of events) is
    built or unpickled: each of the collections that hundreds of thousands of new objects
    set off walks the whole growing index again, about half the time of loading it. The
    index holds no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
