"""Where extraction runs: in this process, in a pool of local processes, or on a Dask cluster.

Every engine calls the same function, `extract_batch`, on batches of documents and gets
back the same plain records (`Extraction.to_dict()` plus the cached parse), so the store
holds the same rows whichever engine produced them:

- `extract.py`: `ExtractorSpec` (how a worker builds its `Extractor`), `extract_batch`, and
  the conversion of a record back into an `Extraction` for the store's writer;
- `local.py`: one process, or N worker processes with a bounded number of batches in flight;
- `shards.py`: the Parquet shards and manifest a cluster run leaves for `kronika load`;
- `dask.py`: partitions the input and runs `extract_batch` on Dask workers (`kronika[dask]`).
"""

from __future__ import annotations

from .extract import EngineError, ExtractorSpec, extract_batch, extraction_from_record

__all__ = ["EngineError", "ExtractorSpec", "extract_batch", "extraction_from_record"]
