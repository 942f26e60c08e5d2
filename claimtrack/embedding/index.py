"""A nearest-neighbour index over claim vectors: exact numpy below a size, HNSW above it.

The vectors' source of truth is the store (DuckDB); this index is a derived cache built
from an ``(ids, float32 matrix)`` pair. Its :attr:`VectorIndex.fingerprint` (model id +
dimension + count + an order-independent checksum of the ids) is saved with it, so a
caller can tell a stale file from a fresh one without reading the vectors.

Updates are incremental (:func:`load_or_build`): new and removed ids are applied in place
(rows appended; usearch add/remove in HNSW mode) and appended to the file's change log
(:mod:`claimtrack.embedding.index_log`) instead of rewriting the file. The index is
rebuilt from the store only when it is missing, damaged, of another format, or of another
model or dimension; each rebuild is logged (``claimtrack.embedding.index``) and counted
in :data:`COUNTERS` (``rebuilds`` vs ``updates``).

Why two engines (measured in ``bench/bench_search.py``): an exact matrix-vector product is
memory-bandwidth bound -- ~6 ms at 100k x 512, 57-87 ms at 1M on this 2-core machine -- and
has perfect recall, so it is used up to ``exact_threshold``; above it an HNSW graph
(``usearch``, f16) answers in ~1 ms (recall@10 0.997 at 1M synthetic clustered vectors).
Many queries at once (``search_many``: ``cluster``'s candidate step) are one matrix product,
compute-bound rather than memory-bound; from 20k rows it is done in bfloat16 and proven in
float32 where the CPU supports it (:mod:`claimtrack.embedding.bulk_top`).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimtrack.embedding import bulk_top, exact_scan
from claimtrack.embedding import index_log as changes
from claimtrack.embedding.block_top import top_k_rows
from claimtrack.embedding.fastest import Fastest
from claimtrack.embedding.index_log import IndexFileError
from claimtrack.embedding.index_rows import (
    _appended,
    _fingerprint,
    _id_hash,
    _id_sum,
    _normalised,
    _normalised_with_room,
    compute_fingerprint,
)
from claimtrack.errors import InvalidInputError

__all__ = ["COUNTERS", "IndexFileError", "VectorIndex", "compute_fingerprint", "load_or_build"]

log = logging.getLogger("claimtrack.embedding.index")
#: How saved indexes were brought up to date in this process: ``builds`` (no saved index
#: yet), ``rebuilds`` (a saved one was damaged, of another format or model: built again
#: from the store), ``updates`` (changed in place), ``loads`` (current as saved),
#: ``compactions`` (change log folded into the base file).
COUNTERS: Counter[str] = Counter()

FORMAT_VERSION = 2
#: Up to this many vectors search is exact (numpy). From bench/bench_search.py on this
#: 2-core machine: exact top-10 at 100k x 512 is ~6 ms p50 when quiet (16-18 ms under load
#: 11), HNSW ~1 ms with recall 0.975-0.995 -- but building the graph took 97-584 s for
#: 100k, and any new claim makes the index stale. Exact meets the 10 ms target at 100k
#: with no build cost and perfect recall, so HNSW starts above it.
DEFAULT_EXACT_THRESHOLD = 100_000
#: HNSW parameters (usearch); expansion_search trades latency for recall.
HNSW_DTYPE = "f16"
HNSW_CONNECTIVITY = 16
HNSW_EXPANSION_ADD = 128
# 1M clustered 512-d vectors (bench/results/search_1m.json sweep): ef_search 128 -> recall@10
# 0.871 / p50 0.5 ms, 256 -> 0.921 / 0.6 ms, 512 -> 0.941 / 1.1 ms with ef_add=64. The
# graph caps recall: on 20k x 128 test data ef_add 64 -> 0.91, 128 -> 0.97 (ef_search 512),
# so ef_add is 128: at 1M that gives recall@10 0.997, p50 1.1 ms, build 548 s, peak RSS
# 4.0 GB (bench/results/search_1m_ef_add128.json).
HNSW_EXPANSION_SEARCH = 512
HNSW_CANDIDATES = 100
# Exact scoring is done in row blocks so a batch of queries never materialises an
# (n_queries, n_vectors) matrix larger than this many floats.
_BLOCK_FLOATS = 32_000_000


_blas_controller: Any = None


def _one_blas_thread() -> Any:
    """Limit BLAS to one thread for a matrix-vector product.

    Measured here (2 shared cores): a 20k x 512 sgemv takes 8 ms with two BLAS threads
    (waking the second thread dominates) and 1 ms with one.
    """
    global _blas_controller
    if _blas_controller is None:
        try:
            from threadpoolctl import ThreadpoolController

            _blas_controller = ThreadpoolController()
        except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
            _blas_controller = False
    if _blas_controller is False:
        return contextlib.nullcontext()
    return _blas_controller.limit(limits=1, user_api="blas")


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Row indices of the ``k`` largest scores, best first, equal scores in row order (as
    a stable sort of all of them, so every exact method agrees on ties)."""
    if k >= scores.shape[0]:
        return np.argsort(-scores, kind="stable")
    kth = scores[np.argpartition(-scores, k - 1)[k - 1]]
    part = np.flatnonzero(scores >= kth)  # every row tied with the k-th, in row order
    if part.shape[0] < k:  # a NaN k-th score compares false with everything
        part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")[:k]]


class VectorIndex:
    """Cosine-similarity search over unit vectors keyed by string ids."""

    def __init__(
        self,
        ids: list[str],
        vectors: np.ndarray,
        *,
        model_id: str,
        fingerprint: str,
        hnsw: Any | None = None,
        alive: np.ndarray | None = None,
        generation: str = "",
        room: np.ndarray | None = None,
    ) -> None:
        self.ids = ids
        self.vectors = vectors
        #: The buffer ``vectors`` starts, with spare rows for adds (owned by this index).
        self._room = room
        self.model_id = model_id
        self.fingerprint = fingerprint
        self._hnsw = hnsw
        #: Rows still in the index (HNSW mode keeps removed rows, as the graph's keys are
        #: row numbers); None when every row is.
        self._alive = alive
        self.generation = generation or uuid.uuid4().hex
        self._row_of: dict[str, int] | None = None
        self._id_sum: int | None = None
        self._quant: exact_scan.Quantised | None = None
        #: A bfloat16 copy of ``vectors`` for large batches of queries (:mod:`.bulk_top`).
        self._bf16: Any = None
        #: Which exact-search method is fastest here now (see :meth:`_search_exact`).
        self._fastest: Fastest | None = None
        #: HNSW candidates re-scored exactly per query (see :meth:`search`).
        self.hnsw_candidates = HNSW_CANDIDATES
        #: Change-log rows applied since the base file was written (see :meth:`save`).
        self.logged_rows = 0

    # ---------------------------------------------------------------- construction
    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        vectors: np.ndarray,
        *,
        model_id: str,
        exact_threshold: int = DEFAULT_EXACT_THRESHOLD,
    ) -> VectorIndex:
        """Index ``vectors[i]`` under ``ids[i]``; HNSW above ``exact_threshold`` vectors."""
        id_list = [str(i) for i in ids]
        if vectors.ndim != 2 or vectors.shape[0] != len(id_list):
            raise InvalidInputError(
                f"vector index: {len(id_list)} ids but vectors have shape {vectors.shape}"
            )
        if len(set(id_list)) != len(id_list):
            raise InvalidInputError("vector index: ids must be unique")
        matrix, room = _normalised_with_room(vectors)
        id_sum = _id_sum(id_list)
        fingerprint = _fingerprint(model_id, matrix.shape[1], len(id_list), id_sum)
        hnsw = _build_hnsw(matrix) if len(id_list) > exact_threshold else None
        index = cls(id_list, matrix, model_id=model_id, fingerprint=fingerprint, hnsw=hnsw,
                    room=room)  # fmt: skip
        index._id_sum = id_sum
        return index

    @property
    def approximate(self) -> bool:
        """True when searches go through the HNSW graph."""
        return self._hnsw is not None

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.ids) if self._alive is None else int(self._alive.sum())

    @property
    def row_of(self) -> dict[str, int]:
        """Row of each id in the index."""
        if self._row_of is None:
            rows = range(len(self.ids))
            if self._alive is not None:
                rows = np.flatnonzero(self._alive).tolist()  # type: ignore[assignment]
            self._row_of = {self.ids[row]: row for row in rows}
        return self._row_of

    # ------------------------------------------------------------ in-place changes
    def update(self, added: Sequence[str], vectors: np.ndarray, removed: Sequence[str]) -> None:
        """Remove ``removed`` ids, then add (or replace) ``added`` with ``vectors`` in place.

        Exact mode drops and appends rows; HNSW mode removes and adds graph nodes (keys
        are row numbers; a removed row stays, masked). The fingerprint follows the ids.
        """
        add_ids = [str(a) for a in added]
        self._bf16 = None
        if len(set(add_ids)) != len(add_ids):
            raise InvalidInputError("vector index: added ids must be unique")
        dim = self.dimension if self.ids else np.asarray(vectors).reshape(len(add_ids), -1).shape[1]
        matrix = _normalised(np.asarray(vectors, dtype=np.float32).reshape(len(add_ids), dim))
        if add_ids and self.ids and matrix.shape[1] != self.dimension:
            raise InvalidInputError(
                f"added vectors have dimension {matrix.shape[1]}, the index has {self.dimension}"
            )
        row_of, id_sum = self.row_of, self.id_sum
        gone = sorted({row_of[r] for r in [*map(str, removed), *add_ids] if r in row_of})
        first_new = len(self.ids) - (len(gone) if self._hnsw is None else 0)
        for row in gone:
            id_sum -= _id_hash(self.ids[row])
        for item in add_ids:
            id_sum += _id_hash(item)
        if self._hnsw is None:
            if gone:
                keep = np.ones(len(self.ids), dtype=bool)
                keep[gone] = False
                self.vectors, self._room = self.vectors[keep], None
                self.ids = [item for item, k in zip(self.ids, keep, strict=True) if k]
            self.vectors, self._room = _appended(self.vectors, matrix, self._room)
            self.ids = self.ids + add_ids
        else:
            alive = self._alive if self._alive is not None else np.ones(len(self.ids), bool)
            if gone:
                self._hnsw.remove(np.asarray(gone, dtype=np.uint64))
                alive[gone] = False
            first = len(self.ids)
            self.vectors, self._room = _appended(self.vectors, matrix, self._room)
            self.ids = self.ids + add_ids
            if add_ids:
                keys = np.arange(first, first + len(add_ids), dtype=np.uint64)
                self._hnsw.add(keys, matrix, threads=_add_threads(len(add_ids)))
            self._alive = (
                None if alive.all() else np.concatenate([alive, np.ones(len(add_ids), bool)])
            )
        if gone and self._hnsw is None:
            self._row_of, self._quant = None, None  # rows moved
        else:
            for row in gone:
                row_of.pop(self.ids[row], None)
            row_of.update((item, first_new + i) for i, item in enumerate(add_ids))
            if self._quant is not None and self._hnsw is None:
                self._quant = self._quant.extend(matrix)
        self._id_sum = id_sum % 2**64
        count = len(self.ids) if self._alive is None else int(self._alive.sum())
        self.fingerprint = _fingerprint(self.model_id, self.dimension, count, self._id_sum)

    @property
    def id_sum(self) -> int:
        if self._id_sum is None:
            self._id_sum = _id_sum(list(self.row_of))
        return self._id_sum

    # ---------------------------------------------------------------------- search
    def search(
        self, query: np.ndarray, k: int = 10, *, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest ids to ``query`` with cosine scores, best first.

        ``allowed`` restricts results to those ids; that search is exact over the subset,
        so it is always correct and costs time proportional to the subset's size.
        """
        if k <= 0 or not self.ids:
            return []  # an empty index has no dimension to check the query against
        q = self._query_vector(query)
        if allowed is not None:
            return self._search_subset(q, k, allowed)
        if self._hnsw is not None:
            # Over-fetch from the graph, then re-score the candidates exactly with the
            # float32 rows: scores then equal the exact path's (the relation thresholds
            # are calibrated on exact cosines, not f16 ones) and the order is exact.
            n_cand = min(max(k, self.hnsw_candidates), len(self.ids))
            found = self._hnsw.search(q, n_cand, threads=1)
            rows = np.asarray(found.keys, dtype=np.int64)
            scores = self.vectors[rows] @ q
            best = _top_k(scores, k)
            return [(self.ids[int(rows[i])], float(scores[i])) for i in best]
        return self._search_exact(q, k)

    def _search_exact(self, q: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Exact top ``k`` by whichever method is fastest here now (:mod:`.fastest`): the
        float32 product with numpy's BLAS threads, the same on one thread, or the int8 scan
        (:mod:`.exact_scan`, from ``MIN_ROWS`` rows). All give the float32 top k, ties in
        row order."""
        n = len(self.ids)
        scan = n >= exact_scan.MIN_ROWS and exact_scan.available()
        if scan and self._quant is None:  # once per index, not counted as a query's time
            self._quant = exact_scan.quantise(self.vectors)
        if self._fastest is None or ("scan" in self._fastest.methods) != scan:
            self._fastest = Fastest(("product", "one_thread", *(("scan",) if scan else ())))
        rows, scores = self._fastest.run(lambda method: self._exact_top(method, q, min(k, n)))
        return [(self.ids[int(r)], float(s)) for r, s in zip(rows, scores, strict=True)]

    def _exact_top(self, method: str, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if method == "scan" and self._quant is not None:
            found = exact_scan.top_k(self.vectors, self._quant, q, k)
            if found is not None:
                return found
        with _one_blas_thread() if method == "one_thread" else contextlib.nullcontext():
            scores = self.vectors @ q
        best = _top_k(scores, k)
        return best, scores[best]

    def search_many(self, queries: np.ndarray, k: int = 10) -> list[list[tuple[str, float]]]:
        """:meth:`search` for each row of ``queries``."""
        qs = _normalised(np.atleast_2d(queries))
        if qs.shape[1] != self.dimension:
            raise InvalidInputError(
                f"queries have dimension {qs.shape[1]}, the index has {self.dimension}"
            )
        if k <= 0 or not self.ids or qs.shape[0] == 0:
            return [[] for _ in range(qs.shape[0])]
        kk = min(k, len(self.ids))
        if self._hnsw is not None:
            n_cand = min(max(kk, self.hnsw_candidates), len(self.ids))
            found = self._hnsw.search(qs, n_cand, threads=0)
            results = []
            for row in range(qs.shape[0]):
                rows = np.asarray(found.keys[row][: int(found.counts[row])], dtype=np.int64)
                scores = self.vectors[rows] @ qs[row]
                best = _top_k(scores, kk)
                results.append([(self.ids[int(rows[i])], float(scores[i])) for i in best])
            return results
        if bulk_top.wanted(len(self.ids), qs.shape[0]):
            if self._bf16 is None:
                self._bf16 = bulk_top.bf16_rows(self.vectors)
            found = bulk_top.top_k(self.vectors, self._bf16, qs, kk)
            ids = self.ids
            return [[(ids[i], s) for i, s in zip(r.tolist(), v.tolist(), strict=True)]
                    for r, v in found]  # fmt: skip
        rows_per_block = max(1, _BLOCK_FLOATS // max(1, len(self.ids)))
        results = []
        for start in range(0, qs.shape[0], rows_per_block):
            block = qs[start : start + rows_per_block] @ self.vectors.T
            for scores, best in zip(block, top_k_rows(block, kk), strict=True):
                results.append([(self.ids[i], float(scores[i])) for i in best.tolist()])
        return results

    def _query_vector(self, query: np.ndarray) -> np.ndarray:
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.dimension:
            raise InvalidInputError(
                f"query has dimension {q.shape[0]}, the index has {self.dimension}"
            )
        norm = float(np.linalg.norm(q))
        return q / norm if norm > 0 and abs(norm - 1.0) > 1e-3 else q

    def _search_subset(self, q: np.ndarray, k: int, allowed: set[str]) -> list[tuple[str, float]]:
        row_of = self.row_of
        rows = np.fromiter((row_of[a] for a in allowed if a in row_of), dtype=np.int64)
        if rows.size == 0:
            return []
        with _one_blas_thread():
            scores = self.vectors[rows] @ q
        best = _top_k(scores, k)
        return [(self.ids[int(rows[i])], float(scores[i])) for i in best]

    # ------------------------------------------------------------------ persistence
    def save(self, path: Path) -> None:
        """Write the whole index to one file, dropping its change log (:mod:`index_file`)."""
        from claimtrack.embedding import index_file

        index_file.save(self, Path(path))

    def save_update(
        self, path: Path, added: Sequence[str], vectors: np.ndarray, removed: Sequence[str]
    ) -> None:
        """:meth:`update` in memory, then append the change to the saved file's log."""
        self.update(added, vectors, removed)
        changes.append_record(Path(path), self.generation, [str(a) for a in added], vectors,
                              [str(r) for r in removed], fingerprint=self.fingerprint,
                              count=len(self))  # fmt: skip
        self.logged_rows += len(added) + len(removed)

    @staticmethod
    def read_meta(path: Path) -> dict[str, Any]:
        """The saved index's metadata (fingerprint, model id, count; change log applied)."""
        from claimtrack.embedding import index_file

        return index_file.read_meta(Path(path))

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by :meth:`save`, with its change log applied."""
        from claimtrack.embedding import index_file

        return index_file.load(Path(path))


def _build_hnsw(matrix: np.ndarray) -> Any:
    exact_scan.available()  # simsimd must load before usearch (see there)
    from usearch.index import Index

    index = Index(
        ndim=matrix.shape[1],
        metric="ip",  # rows are unit vectors: inner product == cosine, distance = 1 - cos
        dtype=HNSW_DTYPE,
        connectivity=HNSW_CONNECTIVITY,
        expansion_add=HNSW_EXPANSION_ADD,
        expansion_search=HNSW_EXPANSION_SEARCH,
    )
    index.add(
        np.arange(matrix.shape[0], dtype=np.uint64), matrix, threads=_add_threads(matrix.shape[0])
    )
    return index


#: Up to this many vectors an HNSW insert runs on one thread: the graph then depends on the
#: vectors alone, not on how threads interleave (a 220-vector test index searched at
#: recall@10 0.91-1.0 from one build to the next, 1.0 every time on one thread). Larger
#: batches (a first build at 100k+, a bulk update) use every core.
SERIAL_ADD_ROWS = 1_000


def _add_threads(rows: int) -> int:
    """usearch ``threads`` for inserting ``rows`` vectors: one for small batches, else all."""
    return 1 if rows <= SERIAL_ADD_ROWS else 0


def load_or_build(*args: Any, **kwargs: Any) -> VectorIndex:
    """See :func:`claimtrack.embedding.index_file.load_or_build`."""
    from claimtrack.embedding import index_file

    return index_file.load_or_build(*args, **kwargs)
