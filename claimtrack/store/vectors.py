"""Vectors in DuckDB: the source of truth every vector index is built from.

A corpus is a table of texts with a ``text_key`` column (claims, fact-checks); each
distinct key gets one vector per model. Vectors go in and out through Arrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import polars as pl

from claimtrack.errors import InvalidInputError
from claimtrack.store.db import Session


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    missing_query: str  # -> text_key, text, language (texts without a vector for $model_id)
    vectors_query: str  # -> text_key, vector (ordered by text_key)
    keys_query: str  # -> text_key (same order)


CORPORA = {
    "claims": Corpus("claims", "vectors_missing", "vectors_for_model", "vector_keys_for_model"),
    "factchecks": Corpus(
        "factchecks",
        "factcheck_vectors_missing",
        "factcheck_vectors_for_model",
        "factcheck_vector_keys_for_model",
    ),
}


def corpus(name: str) -> Corpus:
    try:
        return CORPORA[name]
    except KeyError:
        raise InvalidInputError(
            f"unknown corpus {name!r} (choose from {sorted(CORPORA)})"
        ) from None


def missing_texts(session: Session, corpus_name: str, model_id: str) -> pl.DataFrame:
    return session.query(corpus(corpus_name).missing_query, {"model_id": model_id})


def save_vectors(
    session: Session, keys: list[str], matrix: np.ndarray, *, model_id: str, run_id: str
) -> None:
    """Bulk-insert (through Arrow) one vector per key; existing keys are left alone."""
    if not keys:
        return
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    frame = pl.DataFrame(
        {
            "text_key": keys,
            "model_id": [model_id] * len(keys),
            "dimension": [matrix.shape[1]] * len(keys),
            "vector": pl.Series("vector", matrix).cast(pl.List(pl.Float32)),
            "run_id": [run_id] * len(keys),
            "embedded_at": [datetime.now(UTC)] * len(keys),
        }
    )
    session.upsert("text_vectors", frame, ["text_key", "model_id"])


def vector_keys(session: Session, corpus_name: str, model_id: str) -> list[str]:
    frame = session.query(corpus(corpus_name).keys_query, {"model_id": model_id})
    return frame["text_key"].to_list() if frame.height else []


def vectors(session: Session, corpus_name: str, model_id: str) -> tuple[list[str], np.ndarray]:
    frame = session.query(corpus(corpus_name).vectors_query, {"model_id": model_id})
    if frame.is_empty():
        return [], np.zeros((0, 0), dtype=np.float32)
    dimension = len(frame["vector"][0])
    matrix = frame["vector"].list.to_array(dimension).to_numpy().astype(np.float32, copy=False)
    return frame["text_key"].to_list(), np.ascontiguousarray(matrix)


def vectors_for_keys(session: Session, keys: list[str], model_id: str) -> dict[str, np.ndarray]:
    """Vectors of specific texts (e.g. one claim's), whatever corpus they belong to."""
    if not keys:
        return {}
    frame = session.sql(
        "SELECT v.text_key, v.vector FROM text_vectors v"
        " JOIN (SELECT DISTINCT unnest($k) AS text_key) USING (text_key) WHERE v.model_id = $m",
        {"m": model_id, "k": keys},
    )
    return {
        row["text_key"]: np.asarray(row["vector"], dtype=np.float32)
        for row in frame.iter_rows(named=True)
    }


def insert_from_parquet(session: Session, paths: list[str]) -> int:
    """Copy vectors from Parquet files (``text_key, model_id, dimension, vector, run_id,
    embedded_at``, e.g. written by a distributed embedding job) into ``text_vectors``,
    skipping keys already stored; returns how many rows were added."""
    if not paths:
        return 0

    def copy(session: Session) -> int:
        session.lock_keys("text_vectors")
        before = int(session.scalar("SELECT count(*) FROM text_vectors"))
        session.run(
            "INSERT INTO text_vectors (text_key, model_id, dimension, vector, run_id, embedded_at)"
            " SELECT DISTINCT ON (f.text_key, f.model_id) f.text_key, f.model_id, f.dimension,"
            " f.vector::FLOAT[], f.run_id, f.embedded_at FROM read_parquet($paths) f"
            " ANTI JOIN text_vectors v ON v.text_key = f.text_key AND v.model_id = f.model_id",
            {"paths": paths},
            what="load vector files",
        )
        return int(session.scalar("SELECT count(*) FROM text_vectors")) - before

    return session.atomic(copy, what="load vector files")
