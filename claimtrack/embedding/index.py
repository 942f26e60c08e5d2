"""A nearest-neighbour index over claim vectors: exact numpy below a size, HNSW above it.

The vectors' source of truth is the store (DuckDB); this index is a derived, disposable
cache built from an ``(ids, float32 matrix)`` pair. Its :attr:`VectorIndex.fingerprint`
(model id + dimension + count + checksum of the ids) is saved with it, so a caller can
tell a stale file from a fresh one without reading the vectors
(:func:`load_or_build` rebuilds transparently).

Why two engines (measured in ``bench/bench_search.py``): an exact matrix-vector product is
memory-bandwidth bound -- ~6 ms at 100k x 512, 57-87 ms at 1M on this 2-core machine -- and
has perfect recall, so it is used up to ``exact_threshold``; above it an HNSW graph
(``usearch``, f16) answers in ~1 ms (recall@10 0.997 at 1M synthetic clustered vectors).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimtrack.errors import ClaimtrackError, InvalidInputError

FORMAT_VERSION = 1
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


class IndexFileError(ClaimtrackError):
    """An index file is unreadable or was written by another format version."""

    title = "Index file error"


def compute_fingerprint(ids: Sequence[str], model_id: str, dimension: int) -> str:
    """The fingerprint an index over ``ids`` embedded by ``model_id`` would carry."""
    ids_digest = hashlib.sha256()
    for item in ids:
        ids_digest.update(str(item).encode("utf-8"))
        ids_digest.update(b"\x1e")
    parts = [model_id, str(int(dimension)), str(len(ids)), ids_digest.hexdigest()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _normalised(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` as C-contiguous float32 rows of unit length (copied only if needed)."""
    out = np.ascontiguousarray(vectors, dtype=np.float32)
    if out.size == 0:
        return out
    norms = np.linalg.norm(out, axis=1)
    if np.any(np.abs(norms - 1.0) > 1e-3):
        out = out / np.maximum(norms, 1e-12)[:, None]
    return out


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
    """Row indices of the ``k`` largest scores, best first (argpartition, then sort k)."""
    if k >= scores.shape[0]:
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


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
    ) -> None:
        self.ids = ids
        self.vectors = vectors
        self.model_id = model_id
        self.fingerprint = fingerprint
        self._hnsw = hnsw
        self._row_of: dict[str, int] | None = None
        #: HNSW candidates re-scored exactly per query (see :meth:`search`).
        self.hnsw_candidates = HNSW_CANDIDATES

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
        matrix = _normalised(vectors)
        fingerprint = compute_fingerprint(id_list, model_id, matrix.shape[1])
        hnsw = _build_hnsw(matrix) if len(id_list) > exact_threshold else None
        return cls(id_list, matrix, model_id=model_id, fingerprint=fingerprint, hnsw=hnsw)

    @property
    def approximate(self) -> bool:
        """True when searches go through the HNSW graph."""
        return self._hnsw is not None

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.ids)

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
        with _one_blas_thread():
            scores = self.vectors @ q
        best = _top_k(scores, k)
        return [(self.ids[i], float(scores[i])) for i in best]

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
        rows_per_block = max(1, _BLOCK_FLOATS // max(1, len(self.ids)))
        results = []
        for start in range(0, qs.shape[0], rows_per_block):
            block = qs[start : start + rows_per_block] @ self.vectors.T
            for scores in block:
                best = _top_k(scores, kk)
                results.append([(self.ids[i], float(scores[i])) for i in best])
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
        if self._row_of is None:
            self._row_of = {item: row for row, item in enumerate(self.ids)}
        rows = np.fromiter((self._row_of[a] for a in allowed if a in self._row_of), dtype=np.int64)
        if rows.size == 0:
            return []
        with _one_blas_thread():
            scores = self.vectors[rows] @ q
        best = _top_k(scores, k)
        return [(self.ids[int(rows[i])], float(scores[i])) for i in best]

    # ------------------------------------------------------------------ persistence
    def save(self, path: Path) -> None:
        """Write the index to one file (a zip of meta.json, ids, vectors and the graph)."""
        path = Path(path)
        meta = {
            "format_version": FORMAT_VERSION,
            "model_id": self.model_id,
            "fingerprint": self.fingerprint,
            "count": len(self.ids),
            "dimension": self.dimension,
            "approximate": self.approximate,
        }
        # One temporary name per process: two processes rebuilding at once must not write
        # into the same file.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            # Stored, not deflated: vectors do not compress and loading should be a copy.
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
                zf.writestr("meta.json", json.dumps(meta))
                zf.writestr("ids.json", json.dumps(self.ids, ensure_ascii=False))
                with zf.open("vectors.npy", "w", force_zip64=True) as fh:
                    np.save(fh, self.vectors, allow_pickle=False)
                if self._hnsw is not None:
                    with zf.open("hnsw.usearch", "w", force_zip64=True) as fh:
                        fh.write(self._hnsw.save())
            tmp.replace(path)  # atomic: a reader never sees a half-written index
        finally:
            tmp.unlink(missing_ok=True)

    @staticmethod
    def read_meta(path: Path) -> dict[str, Any]:
        """The saved index's metadata (fingerprint, model id, count) without loading vectors."""
        try:
            with zipfile.ZipFile(Path(path)) as zf:
                meta: dict[str, Any] = json.loads(zf.read("meta.json"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise IndexFileError(f"{path}: not a claimtrack vector index ({exc})") from exc
        if meta.get("format_version") != FORMAT_VERSION:
            raise IndexFileError(
                f"{path}: index format {meta.get('format_version')}, expected {FORMAT_VERSION}"
            )
        return meta

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by :meth:`save`."""
        meta = cls.read_meta(path)
        try:
            with zipfile.ZipFile(Path(path)) as zf:
                ids = json.loads(zf.read("ids.json"))
                with zf.open("vectors.npy") as fh:
                    vectors = np.load(io.BytesIO(fh.read()), allow_pickle=False)
                hnsw = None
                if meta["approximate"]:
                    from usearch.index import Index

                    hnsw = Index.restore(zf.read("hnsw.usearch"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise IndexFileError(f"{path}: damaged vector index ({exc})") from exc
        return cls(
            ids, vectors, model_id=meta["model_id"], fingerprint=meta["fingerprint"], hnsw=hnsw
        )


def _build_hnsw(matrix: np.ndarray) -> Any:
    from usearch.index import Index

    index = Index(
        ndim=matrix.shape[1],
        metric="ip",  # rows are unit vectors: inner product == cosine, distance = 1 - cos
        dtype=HNSW_DTYPE,
        connectivity=HNSW_CONNECTIVITY,
        expansion_add=HNSW_EXPANSION_ADD,
        expansion_search=HNSW_EXPANSION_SEARCH,
    )
    index.add(np.arange(matrix.shape[0], dtype=np.uint64), matrix, threads=0)
    return index


def load_or_build(
    path: Path,
    ids: Sequence[str],
    vectors: Callable[[], np.ndarray],
    *,
    model_id: str,
    dimension: int,
    exact_threshold: int = DEFAULT_EXACT_THRESHOLD,
) -> VectorIndex:
    """Load the index at ``path`` if its fingerprint matches ``ids``/``model_id``, else rebuild.

    ``vectors`` is called only when a rebuild is needed (reading 1M vectors from the
    store is the expensive part); the rebuilt index is saved back to ``path``.
    """
    path = Path(path)
    expected = compute_fingerprint([str(i) for i in ids], model_id, dimension)
    if path.exists():
        try:
            if VectorIndex.read_meta(path).get("fingerprint") == expected:
                return VectorIndex.load(path)
        except IndexFileError:
            pass  # unreadable or old format: rebuild below
    index = VectorIndex.build(ids, vectors(), model_id=model_id, exact_threshold=exact_threshold)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise IndexFileError(
            f"cannot keep the search index in {path.parent}: a file of that name is in the "
            "way; move it elsewhere (claimtrack keeps its search indexes in that folder)"
        ) from exc
    except OSError as exc:
        raise IndexFileError(f"cannot create {path.parent}: {exc.strerror or exc}") from exc
    try:
        index.save(path)
    except OSError as exc:
        raise IndexFileError(f"cannot save the search index {path}: {exc.strerror or exc}") from exc
    return index
