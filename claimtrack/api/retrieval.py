"""Hybrid candidate retrieval: dense (vector index) + lexical (BM25) lists, fused by RRF.

For the lead's ``similar`` and ``cluster`` wiring, the entry points are:

* :class:`ClaimRetriever` -- load once (vector index + lexical index of the claims),
  then call :meth:`ClaimRetriever.candidates` with a batch of queries.
* :func:`hybrid_candidates` -- the same as one call::

      hybrid_candidates(store, embedder, query_vectors, query_texts, k, allowed=None)
          -> list[list[Candidate]]          # one list per query, best fused first

  A :class:`Candidate` is a named tuple ``(text_key, dense_score, bm25_score,
  fused_rank)``: ``dense_score`` is the exact cosine of the query vector and the claim
  text's vector (``None`` when the text has no vector yet), ``bm25_score`` the claim's
  BM25 score for the query text (0.0 when no term matches), ``fused_rank`` its rank
  (from 1) after reciprocal rank fusion of the dense top-``depth`` and BM25
  top-``depth`` lists. ``allowed`` restricts both lists to those text keys (the
  ``similar`` filters). Cross-lingual queries still work: the dense list carries them, and
  names and numbers match lexically across languages.

Text keys map to claims through ``claims_by_text_keys`` as before (several claims can
share one text). The lexical index lives next to the vector index
(``DB.indexes/claims-lexical.lex``; for a DuckLake catalog the client cache, see
``Store.cache_dir``) and is brought up to date in place when opened
(:func:`lexical_index`): a new claim is analysed and added, nothing is rebuilt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from claimtrack.embedding.fusion import reciprocal_rank_fusion
from claimtrack.store import Store
from claimtrack.store import lexical as lexical_rows

if TYPE_CHECKING:
    from claimtrack.embedding.index import VectorIndex
    from claimtrack.embedding.lexical_index import LexicalIndex, SyncReport
    from claimtrack.embedding.model import Embedder


class Candidate(NamedTuple):
    """One fused candidate of a query (a plain tuple for callers that unpack it)."""

    text_key: str
    dense_score: float | None
    bm25_score: float
    fused_rank: int


def lexical_index_path(store: Store, corpus: str) -> Path:
    """Where the corpus's lexical index lives: next to the vector indexes."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", corpus)
    return store.cache_dir() / f"{slug}-lexical.lex"


def lexical_index(store: Store, corpus: str) -> tuple[LexicalIndex, SyncReport]:
    """The corpus's lexical index, loaded and synced with the store in place.

    Only new or changed documents are analysed; a missing or damaged file is rebuilt
    (``report.rebuilt``) and saved.
    """
    from claimtrack.embedding.lexical_index import open_index

    spec = lexical_rows.lexical_corpus(corpus)
    store.ensure_ready(create=True)
    with store.session() as session:
        current = lexical_rows.versions(session, corpus)

    def fetch(keys: list[str]) -> dict[str, dict[str, Any]]:
        with store.session() as session:
            return lexical_rows.documents(session, corpus, keys)

    return open_index(lexical_index_path(store, corpus), spec.fields, current, fetch)


def refresh_lexical(index: LexicalIndex, store: Store, corpus: str) -> SyncReport:
    """Bring a long-lived ``index`` up to date with the store in place (saved if changed)."""
    with store.session() as session:
        current = lexical_rows.versions(session, corpus)

    def fetch(keys: list[str]) -> dict[str, dict[str, Any]]:
        with store.session() as session:
            return lexical_rows.documents(session, corpus, keys)

    report = index.sync(current, fetch)
    if report.added or report.removed:
        index.save(lexical_index_path(store, corpus))
    return report


class ClaimRetriever:
    """Dense + BM25 candidates over the claims of one store and model; load once."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        *,
        vector_index: VectorIndex | None = None,
        lexical: LexicalIndex | None = None,
    ) -> None:
        from claimtrack.api.vectors import corpus_index

        self.store = store
        self.vectors = vector_index or corpus_index(
            store, "claims", embedder.model_id, embedder.dimension
        )
        if lexical is None:
            lexical, self.sync_report = lexical_index(store, "claims")
        self.lexical = lexical
        self._row_of = {key: row for row, key in enumerate(self.vectors.ids)}
        self._scratch = np.zeros(0, dtype=np.float32)

    def candidates(
        self,
        query_vectors: np.ndarray,
        query_texts: Sequence[str],
        k: int = 10,
        *,
        allowed: set[str] | None = None,
        depth: int | None = None,
        max_df: float | None = None,
    ) -> list[list[Candidate]]:
        """The ``k`` best fused candidates of each query (see the module docstring).

        ``depth`` (default ``k``) is how many candidates each retriever contributes.
        ``max_df`` (e.g. 0.02 for clustering 100k claims) drops query terms found in more
        than that share of the claims from the lexical side: much faster batches, and
        ``bm25_score`` becomes the sum over the remaining terms (see
        :meth:`LexicalIndex.iter_scores`). None scores exactly.
        """
        matrix = np.atleast_2d(np.asarray(query_vectors, dtype=np.float32))
        norms = np.linalg.norm(matrix, axis=1, keepdims=True) if matrix.size else 1.0
        matrix = matrix / np.maximum(norms, 1e-12)
        if matrix.shape[0] != len(query_texts):
            raise ValueError(f"{matrix.shape[0]} query vectors for {len(query_texts)} texts")
        if k <= 0 or not len(query_texts):
            return [[] for _ in query_texts]
        depth = max(depth or k, 1)
        if allowed is None and len(self.vectors) and matrix.shape[0] > 1:
            dense = self.vectors.search_many(matrix, depth)
        else:  # one query (``similar``): the one-BLAS-thread path is the fastest
            dense = [self.vectors.search(q, depth, allowed=allowed) for q in matrix]
        lexical_rows_ = self.lexical.iter_scores(list(query_texts), max_df=max_df)
        allowed_slots = None
        if allowed is not None:
            found = (self.lexical.slot_of(key) for key in allowed)
            allowed_slots = np.fromiter((s for s in found if s is not None), dtype=np.int64)
        out: list[list[Candidate]] = []
        for vector, dense_hits, (slots, values) in zip(matrix, dense, lexical_rows_, strict=True):
            if allowed_slots is not None:
                keep = np.isin(slots, allowed_slots)
                slots, values = slots[keep], values[keep]
            top = _top(values, depth)
            lexical_keys = [str(self.lexical.keys[slots[i]]) for i in top]
            cosine = dict(dense_hits)
            fused = reciprocal_rank_fusion([[key for key, _ in dense_hits], lexical_keys], limit=k)
            bm25 = self._bm25_of([key for key, _ in fused], slots, values)
            out.append([
                Candidate(key, cosine[key] if key in cosine else self._cosine(vector, key),
                          bm25[i], rank)
                for i, (rank, (key, _)) in enumerate(enumerate(fused, start=1))
            ])  # fmt: skip
        return out

    def _bm25_of(self, keys: list[str], slots: np.ndarray, values: np.ndarray) -> list[float]:
        """BM25 scores of ``keys`` from one query's ``(slots, values)``, via a scratch array
        (set, read, reset: O(matches), no per-query allocation of the corpus size)."""
        if self._scratch.shape[0] < len(self.lexical.keys):
            self._scratch = np.zeros(len(self.lexical.keys), dtype=np.float32)
        scratch = self._scratch
        scratch[slots] = values
        found = [self.lexical.slot_of(key) for key in keys]
        scores = [float(scratch[s]) if s is not None else 0.0 for s in found]
        scratch[slots] = 0.0
        return scores

    def _cosine(self, vector: np.ndarray, key: str) -> float | None:
        """Cosine of a unit-length query vector with ``key``'s vector (None: no vector)."""
        row = self._row_of.get(key)
        return None if row is None else float(self.vectors.vectors[row] @ vector)


def _top(values: np.ndarray, k: int) -> np.ndarray:
    if values.size <= k:
        return np.argsort(-values, kind="stable")
    part = np.argpartition(-values, k - 1)[:k]
    return part[np.argsort(-values[part], kind="stable")]


def hybrid_candidates(
    store: Store,
    embedder: Embedder,
    query_vectors: np.ndarray,
    query_texts: Sequence[str],
    k: int,
    allowed: set[str] | None = None,
) -> list[list[Candidate]]:
    """One-call form of :meth:`ClaimRetriever.candidates` (loads both indexes each call;
    keep a :class:`ClaimRetriever` for repeated searches)."""
    retriever = ClaimRetriever(store, embedder)
    return retriever.candidates(query_vectors, query_texts, k, allowed=allowed)
