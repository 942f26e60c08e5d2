"""Embedding as a batch job on a distributed engine (Ray Data, Spark, Dask ...).

The job has three steps, and only the first and last touch the database:

1. :func:`embedding_tasks` (driver): the texts of a corpus without a vector for the model,
   split into partitions.
2. :func:`embed_to_parquet` (workers, in parallel, anywhere): embed one partition and write
   a Parquet file (``text_key, model_id, dimension, vector, run_id, embedded_at``) into a
   staging folder next to the DuckLake data path. Workers need the model, not the database.
3. :func:`register_vector_files` (driver): one transaction copies the files into
   ``text_vectors``, skipping keys someone else stored meanwhile.

``bench/distributed_embed.py`` runs it on a Dask cluster; docs/SCALING.md shows the
same three calls in a Ray Data job.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from claimtrack.store import Store
from claimtrack.store import vectors as vector_rows
from claimtrack.store.runs import finish_run, start_run

if TYPE_CHECKING:
    from claimtrack.embedding.model import Embedder


@lru_cache(maxsize=2)
def _worker_embedder(model: str | None) -> Embedder:
    """One model per worker process, loaded on its first partition."""
    from claimtrack.embedding.model import load_model

    return load_model(model)


def embedding_tasks(
    store: Store, corpus: str, model_id: str, partitions: int
) -> list[pl.DataFrame]:
    """The corpus's texts without a vector for ``model_id``, in ``partitions`` frames
    (``text_key, text, language``), largest first."""
    with store.session() as session:
        todo = vector_rows.missing_texts(session, corpus, model_id)
    if todo.is_empty():
        return []
    size = -(-todo.height // max(1, partitions))
    return [todo.slice(start, size) for start in range(0, todo.height, size)]


def embed_to_parquet(
    texts: pl.DataFrame, out: str | os.PathLike[str], *, model: str | None, run_id: str
) -> str:
    """Embed one partition and write its vectors to ``out`` (a worker's whole job)."""
    embedder = _worker_embedder(model)
    matrix = np.ascontiguousarray(
        embedder.encode(texts["text"].to_list(), kind="passage", batch_size=64), dtype=np.float32
    )
    frame = pl.DataFrame(
        {
            "text_key": texts["text_key"],
            "model_id": [embedder.model_id] * texts.height,
            "dimension": [matrix.shape[1]] * texts.height,
            "vector": pl.Series("vector", matrix).cast(pl.List(pl.Float32)),
            "run_id": [run_id] * texts.height,
            "embedded_at": [datetime.now(UTC)] * texts.height,
        },
        schema_overrides={"dimension": pl.Int32},
    )
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(target)
    return str(target)


def new_job(store: Store, corpus: str, model_id: str, texts: int) -> str:
    """Record the job as a pipeline run; its id names the staging files."""
    with store.session() as session:
        return start_run(session, "embed", model_id, "batch", {"corpus": corpus, "texts": texts})


def staging_path(staging: str | os.PathLike[str], run_id: str, part: int) -> str:
    return str(Path(staging) / f"vectors-{run_id}-{part:05d}-{uuid.uuid4().hex[:8]}.parquet")


def register_vector_files(store: Store, paths: list[str], run_id: str) -> int:
    """Copy the workers' files into the store in one transaction; the rows added."""
    with store.session() as session:
        added = vector_rows.insert_from_parquet(session, paths)
        finish_run(session, run_id, "ok", {"files": len(paths), "embedded": added})
    return added
