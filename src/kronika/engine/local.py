"""Extraction on this machine: in this process, or in N worker processes.

Batches go to the workers in input order and come back in input order, with at most
`2 × workers` batches in flight, so memory stays flat however large the input: the reader
waits for the writer, never the other way round. Workers are started with `spawn` (a
clean interpreter, no inherited threads or open store), each builds its extractor once, and
they run at a lower CPU priority (nice +10) than the command, so that a server or shell on
the same machine stays responsive while an ingest runs.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .extract import ExtractorSpec, WorkItem, extract_batch, extract_with_spec

IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _watch_parent(parent: int) -> None:
    """Exit when the parent dies (say, `kill -9`), instead of waiting on its queue forever."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


WORKER_NICENESS = 10
"""How much lower than the command that starts them extraction workers run: an ingest is
batch work, and a server or shell on the same machine should stay responsive."""


def _start_worker(parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not allowed here: run at the parent's priority
        pass


def extract_chunks(
    chunks: Iterable[Sequence[WorkItem]],
    extractor: Any,
    *,
    workers: int = 1,
    keep_parses: bool = True,
) -> Iterator[list[dict[str, Any]]]:
    """Yield `extract_batch`'s records for each chunk, in order.

    With `workers` ≤ 1 the chunks are extracted here, by `extractor` (a `kronika.Extractor`,
    or an `ExtractorSpec` to build one from). With more, `extractor` must be an
    `ExtractorSpec`: each worker process builds its own extractor from it.
    """
    if workers <= 1:
        if isinstance(extractor, ExtractorSpec):
            extractor = extractor.build()
        for chunk in chunks:
            yield extract_batch(extractor, chunk, keep_parses)
        return
    if not isinstance(extractor, ExtractorSpec):
        raise TypeError(
            f"workers={workers} needs an ExtractorSpec (each worker process builds its own "
            f"extractor), not {type(extractor).__name__}: pass "
            "kronika.engine.ExtractorSpec.resolve(model, dictionaries)"
        )
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    pending: deque[Future[list[dict[str, Any]]]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(extract_with_spec, extractor, list(chunk), keep_parses))
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
