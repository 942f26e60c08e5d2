"""Embedding orchestration: embed what is missing, and keep a vector index per corpus.

Vectors live in the store (``text_vectors``, also in a shared DuckLake catalog); the index
is a client-side cache (``Store.cache_dir``: next to a database file, or in the user cache
per DuckLake catalog), updated in place when claims are added or removed and rebuilt only
when it is missing, damaged or of another model
(:func:`claimtrack.embedding.index_file.load_or_build`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from claimtrack.store import Store
from claimtrack.store import vectors as vector_rows
from claimtrack.store.runs import fail_run, finish_run, start_run

if TYPE_CHECKING:
    from claimtrack.embedding.index import VectorIndex
    from claimtrack.embedding.model import Embedder


@dataclass(frozen=True, slots=True)
class EmbedReport:
    corpus: str
    model_id: str
    embedded: int


def load_embedder(model: str | None = None) -> Embedder:
    from claimtrack.embedding.model import load_model

    return load_model(model)


def embed_missing(
    store: Store,
    corpus: str = "claims",
    *,
    model: str | None = None,
    embedder: Embedder | None = None,
    batch_size: int = 512,
    on_batch: Callable[[int, int], None] | None = None,
) -> EmbedReport:
    """Embed every distinct text of ``corpus`` that has no vector for the model yet.

    Each batch of vectors is saved in its own short connection (encoding holds none), so
    other processes can use the database meanwhile and a crash loses at most one batch;
    a run that stops on an error is marked failed.
    """
    store.ensure_ready(create=True)
    embedder = embedder or load_embedder(model)
    with store.session() as session:
        todo = vector_rows.missing_texts(session, corpus, embedder.model_id)
        if todo.is_empty():
            return EmbedReport(corpus, embedder.model_id, 0)
        run_id = start_run(
            session,
            "embed",
            embedder.model_id,
            _model_version(embedder),
            {"corpus": corpus, "texts": todo.height},
        )
    keys, texts = todo["text_key"].to_list(), todo["text"].to_list()
    try:
        for start in range(0, len(keys), batch_size):
            chunk = slice(start, start + batch_size)
            matrix = embedder.encode(texts[chunk], kind="passage", batch_size=64)
            with store.session() as session:
                vector_rows.save_vectors(
                    session, keys[chunk], matrix, model_id=embedder.model_id, run_id=run_id
                )
            if on_batch is not None:
                on_batch(min(start + batch_size, len(keys)), len(keys))
    except BaseException as error:
        with store.session() as session:
            fail_run(session, run_id, f"{type(error).__name__}: {error}")
        raise
    with store.session() as session:
        finish_run(session, run_id, "ok", {"embedded": len(keys)})
    return EmbedReport(corpus, embedder.model_id, len(keys))


def _model_version(embedder: Embedder) -> str:
    try:
        from importlib.metadata import version

        return f"sentence-transformers {version('sentence-transformers')}"
    except Exception:  # metadata is informative only
        return "unknown"


def index_path(store: Store, corpus: str, model_id: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_")[:80] or "model"
    return store.cache_dir() / f"{corpus}-{slug}.idx"


def corpus_index(store: Store, corpus: str, model_id: str, dimension: int) -> VectorIndex:
    """The search index of ``corpus`` for one model: loaded if current, else rebuilt."""
    from claimtrack.embedding.index_file import load_or_build

    with store.session() as session:
        keys = vector_rows.vector_keys(session, corpus, model_id)

    def read_vectors() -> np.ndarray:
        with store.session() as session:
            current, matrix = vector_rows.vectors(session, corpus, model_id)
        if current == keys:
            return matrix
        # Another process added vectors between the two reads: keep the rows of `keys`
        # (vectors are never deleted, so each is still there).
        position = {key: row for row, key in enumerate(current)}
        return matrix[[position[key] for key in keys]]

    def new_vectors(new_keys: list[str]) -> np.ndarray:
        # Only the keys the saved index lacks: an update reads these rows, not all of them.
        if not new_keys:
            return np.zeros((0, dimension), dtype=np.float32)
        with store.session() as session:
            found = vector_rows.vectors_for_keys(session, new_keys, model_id)
        return np.stack([found[key] for key in new_keys]).astype(np.float32, copy=False)

    return load_or_build(
        index_path(store, corpus, model_id),
        keys,
        read_vectors,
        model_id=model_id,
        dimension=dimension,
        vectors_for=new_vectors,
    )
