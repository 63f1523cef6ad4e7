"""Extraction on a Dask cluster (`pip install 'kronika[dask]'`).

This process reads the input, drops duplicates by content hash and cuts the documents into
partitions; each partition goes to a Dask worker, which runs `extract_with_spec` (the same
`extract_batch` as every other engine, with an extractor built once per worker process);
the records come back here and are written as one Parquet shard per partition. Only a
bounded number of partitions is in flight, so memory stays flat on both sides. The shards
need no filesystem shared with the workers; `kronika load SHARDS --db` stores them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..readers.fields import MAX_CHARS
from ..records import Rejected
from . import shards
from .extract import EngineError, ExtractorSpec, WorkItem, extract_with_spec

PARTITION_SIZE = 200
IN_FLIGHT_PER_WORKER = 2


@dataclass
class ShardReport:
    """What a cluster run wrote."""

    out: str
    partitions: int = 0
    documents: int = 0
    errors: int = 0
    duplicates: int = 0
    rejected: int = 0
    seconds: float = 0.0
    workers: int = 0
    scheduler: str | None = None
    files: list[str] = field(default_factory=list, repr=False)

    def __str__(self) -> str:
        return (
            f"extracted {self.documents} document(s) into {self.partitions} shard(s) in "
            f"{self.out} ({self.duplicates} duplicate(s), {self.rejected + self.errors} "
            f"rejected); store them with: kronika load {self.out} --db STORE"
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("files")
        data["seconds"] = round(self.seconds, 2)
        return data


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EngineError(
            "the dask engine needs Dask: pip install 'kronika[dask]' (dask[distributed])"
        ) from None
    return distributed


def connect(scheduler: str | None = None, workers: int | None = None) -> Any:
    """A Dask client: for the scheduler at `scheduler` (tcp://host:8786), or for a new
    `LocalCluster` of `workers` single-threaded processes on this machine."""
    distributed = _distributed()
    if scheduler:
        try:
            return distributed.Client(scheduler, timeout="30s")
        except OSError as exc:
            raise EngineError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc} (is `dask scheduler` "
                "running there, and the port open?)"
            ) from None
    from .local import default_workers

    cluster = distributed.LocalCluster(
        n_workers=workers or default_workers(), threads_per_worker=1, processes=True
    )
    return distributed.Client(cluster)


def _partitions(items: Iterable[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    partition: list[WorkItem] = []
    for item in items:
        partition.append(item)
        if len(partition) >= size:
            yield partition
            partition = []
    if partition:
        yield partition


def ingest_to_shards(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    spec: ExtractorSpec,
    *,
    client: Any = None,
    scheduler: str | None = None,
    workers: int | None = None,
    date: str | None = None,
    columns: str | Mapping[str, str] | None = None,
    max_chars: int | None = MAX_CHARS,
    limit: int | None = None,
    partition_size: int = PARTITION_SIZE,
    keep_parses: bool = True,
    progress: Callable[[ShardReport], None] | None = None,
) -> ShardReport:
    """Extract every article under `paths` on a Dask cluster into Parquet shards in `out`.

    Pass a `distributed.Client` as `client`, or a `scheduler` address, or neither for a
    `LocalCluster` with `workers` processes (closed again at the end). `date`, `columns`
    and `max_chars` are `kronika.read`'s.
    """
    from ..readers import columns as read_columns
    from ..readers import normalise_date, read
    from ..store.write import content_hash

    distributed = _distributed()
    paths = list(paths)
    date, columns = normalise_date(date), read_columns(columns) or None
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    for stale in [*target.glob("part-*.parquet"), target / shards.MANIFEST]:
        stale.unlink(missing_ok=True)  # a rerun replaces the previous run's output
    own = client is None
    if own:
        client = connect(scheduler, workers)
    report = ShardReport(out=str(target), scheduler=client.scheduler.address)
    started = time.monotonic()
    rejected: list[Rejected] = []
    seen: set[bytes] = set()  # one hash per document in the input; 32 bytes each
    entries: dict[int, dict[str, Any]] = {}
    total_bytes = 0

    def fresh() -> Iterator[WorkItem]:
        nonlocal total_bytes
        read_count = 0
        for item in read([str(p) for p in paths], date=date, columns=columns, max_chars=max_chars):
            if isinstance(item, Rejected):
                rejected.append(item)
                continue
            if limit is not None and read_count >= limit:
                return
            read_count += 1
            total_bytes += len(item.text.encode("utf-8"))
            digest = content_hash(item.text)
            key = bytes.fromhex(digest)
            if key in seen:
                report.duplicates += 1
                continue
            seen.add(key)
            yield item, digest

    def save(index: int, records: list[dict[str, Any]]) -> None:
        entry = shards.write_shard(target / shards.shard_name(index), records)
        entries[index] = entry
        report.partitions += 1
        report.documents += entry["documents"] - entry["errors"]
        report.errors += entry["errors"]
        report.seconds = time.monotonic() - started
        if progress:
            progress(report)

    try:
        report.workers = len(client.scheduler_info()["workers"]) or 1
        in_flight = max(report.workers * IN_FLIGHT_PER_WORKER, 2)
        pending: dict[Any, int] = {}
        model = spec.model
        for index, partition in enumerate(_partitions(fresh(), partition_size)):
            future = client.submit(extract_with_spec, spec, partition, keep_parses, pure=False)
            pending[future] = index
            while len(pending) >= in_flight:
                done, _ = distributed.wait(list(pending), return_when="FIRST_COMPLETED")
                for future in done:
                    records = future.result()
                    model = records[0]["model"] if records else model
                    save(pending.pop(future), records)
        for future in distributed.as_completed(list(pending)):
            records = future.result()
            model = records[0]["model"] if records else model
            save(pending.pop(future), records)
    finally:
        if own:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()

    report.rejected = shards.write_rejected(target, rejected)
    partitions = [entries[i] for i in sorted(entries)]
    report.files = [e["path"] for e in partitions]
    report.seconds = time.monotonic() - started
    shards.write_manifest(
        target,
        {
            "kronika_version": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "model": model,
            "paths": [str(p) for p in paths],
            "partition_size": partition_size,
            "documents": report.documents,
            "errors": report.errors,
            "duplicates": report.duplicates,
            "rejected": report.rejected,
            "bytes": total_bytes,
            "scheduler": report.scheduler,
            "workers": report.workers,
            "partitions": partitions,
        },
    )
    return report
