"""The files a cluster run leaves behind: Parquet shards, rejected records and a manifest.

    SHARDS/part-00000.parquet   one per input partition: a row per document (the record of
    SHARDS/part-00001.parquet   `extract_batch`, its dicts as JSON text, the parse as bytes)
    SHARDS/rejected.jsonl       input records that could not be read
    SHARDS/manifest.json        written last: the run, and each shard with its SHA-256

A directory without `manifest.json` is an unfinished run; `kronika load` refuses it.
Every file is written under a temporary name and renamed, so none is ever half-written.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..records import Rejected
from .extract import EngineError

FORMAT = "kronika-shards"
VERSION = 1
MANIFEST = "manifest.json"
REJECTED = "rejected.jsonl"
JSON_COLUMNS = ("document", "extraction")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise EngineError(
            "Parquet shards need pyarrow: pip install 'kronika[dask]' (or 'kronika[parquet]')"
        ) from None
    return pyarrow


def shard_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def _replace(tmp: Path, path: Path) -> None:
    os.replace(tmp, path)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_shard(path: Path, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Write one partition's records; return its manifest entry."""
    pa = _pyarrow()
    table = pa.table(
        {
            "hash": pa.array([r["hash"] for r in records], pa.string()),
            "document": pa.array([json.dumps(r["document"]) for r in records], pa.string()),
            "extraction": pa.array(
                [None if r["extraction"] is None else json.dumps(r["extraction"]) for r in records],
                pa.string(),
            ),
            "parse": pa.array([r["parse"] for r in records], pa.binary()),
            "model": pa.array([r["model"] for r in records], pa.string()),
            "error": pa.array([r["error"] for r in records], pa.string()),
        }
    )
    tmp = path.with_suffix(".tmp")
    pa.parquet.write_table(table, tmp, compression="zstd")
    _replace(tmp, path)
    return {
        "path": path.name,
        "documents": len(records),
        "errors": sum(r["error"] is not None for r in records),
        "sha256": sha256(path),
    }


def write_rejected(out: Path, rejected: Iterable[Rejected]) -> int:
    tmp = out / (REJECTED + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as handle:
        for item in rejected:
            handle.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    _replace(tmp, out / REJECTED)
    return count


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps({"format": FORMAT, "version": VERSION, **manifest}, indent=2))
    _replace(tmp, out / MANIFEST)


def read_manifest(shards: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of a finished run, checked; EngineError says what is wrong."""
    path = Path(shards) / MANIFEST
    if not path.is_file():
        raise EngineError(
            f"{shards} has no {MANIFEST}: it is not the output of `kronika ingest --engine dask"
            " --out DIR`, or that run did not finish (run it again)"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EngineError(f"{path} is not valid JSON: {exc}") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise EngineError(
            f"{path}: expected format {FORMAT!r} version {VERSION}, found "
            f"{manifest.get('format')!r} version {manifest.get('version')!r}"
        )
    for entry in manifest["partitions"]:
        shard = Path(shards) / entry["path"]
        if not shard.is_file():
            raise EngineError(f"{shard} is listed in {path} but missing")
        if sha256(shard) != entry["sha256"]:
            raise EngineError(
                f"{shard} does not match its SHA-256 in {path}: the file changed or was "
                "truncated after the run; run the ingest again"
            )
    return manifest


def read_records(
    shards: str | os.PathLike[str], manifest: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Every record in the shards, partition by partition, one row group at a time."""
    pa = _pyarrow()
    for entry in manifest["partitions"]:
        parquet = pa.parquet.ParquetFile(Path(shards) / entry["path"])
        for group in range(parquet.num_row_groups):
            for row in parquet.read_row_group(group).to_pylist():
                for column in JSON_COLUMNS:
                    if row[column] is not None:
                        row[column] = json.loads(row[column])
                yield row


def read_rejected(shards: str | os.PathLike[str], manifest: dict[str, Any]) -> Iterator[Rejected]:
    path = Path(shards) / REJECTED
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield Rejected(**json.loads(line))
