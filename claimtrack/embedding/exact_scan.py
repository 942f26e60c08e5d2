"""Exact top-k cosine search that beats a plain float32 matrix-vector product.

``vectors @ q`` over N x 512 float32 rows is memory-bound: every query reads all of
them. The scan here reads a float16 copy instead (half the bytes) with usearch's SIMD
brute-force search on every core, re-scores the best ``c`` candidates exactly in
float32, and then *proves* the answer: a row outside the candidates has a float16 score
no higher than the lowest candidate's, and float16 rounding moves the inner product of
two unit vectors by at most :func:`rounding_bound`, so when the k-th exact score is above
(lowest candidate score + bound) no other row can be in the top k. When it is not (a
near-tie at the candidate boundary) the query falls back to the full float32 product, so
the top-k ids are those of the float32 product, by construction. Counted in
:data:`COUNTERS` (``verified`` / ``fallbacks``).

The bound assumes usearch's float16 kernel accumulates in float32 (the "serial",
"haswell" and "skylake" kernels do: they widen to float32 before the multiply-add);
on hardware where usearch picks another float16 kernel the plain product is used.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np

#: Below this many rows a single-threaded float32 product is faster than the scan.
MIN_ROWS = 20_000
#: float16 kernels known to widen to float32 before accumulating.
_F32_ACCUMULATING = {"serial", "haswell", "skylake"}
_U16 = 2.0**-11  # float16 unit roundoff
_U32 = 2.0**-24  # float32 unit roundoff

COUNTERS: Counter[str] = Counter()
_kernel_ok: bool | None = None


def rounding_bound(dimension: int) -> float:
    """Upper bound on |x.q - f16(x).f16(q)| for unit x, q (norms within 1e-3 of 1).

    ``|x.q - x'.q'| <= |x - x'| |q| + |x'| |q - q'|``; each float16 rounding is relative
    ``u = 2**-11`` (plus ``2**-25`` absolute per subnormal coordinate), and the float32
    accumulation of ``d`` products adds ``d * 2**-24``. Doubled for margin.
    """
    per_vector = _U16 * 1.001 + math.sqrt(dimension) * 2.0**-25
    return 2.0 * (per_vector * 1.001 + (1.001 + per_vector) * per_vector + dimension * _U32)


def available() -> bool:
    """True when usearch is installed and its float16 kernel accumulates in float32."""
    global _kernel_ok
    if _kernel_ok is None:
        try:
            from usearch.index import Index

            kernel = Index(ndim=8, dtype="f16", metric="ip").hardware_acceleration
            _kernel_ok = str(kernel) in _F32_ACCUMULATING
        except Exception:
            _kernel_ok = False
    return _kernel_ok


def half_copy(vectors: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(vectors, dtype=np.float16)


def top_k(
    vectors: np.ndarray, half: np.ndarray, q: np.ndarray, k: int, *, threads: int = 0
) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows and float32 scores of the exact top ``k`` of ``vectors @ q``, best first.

    ``half`` is :func:`half_copy` of ``vectors``. None when the scan cannot prove its
    answer (the caller then computes the full product).
    """
    from usearch.index import MetricKind, search

    n = vectors.shape[0]
    count = min(n, max(4 * k, 40))
    found: Any = search(
        half, q.astype(np.float16), count, MetricKind.IP, exact=True, threads=threads
    )
    rows = np.asarray(found.keys, dtype=np.int64)
    approx = 1.0 - np.asarray(found.distances, dtype=np.float64)
    scores = vectors[rows] @ q
    order = np.argsort(-scores, kind="stable")[:k]
    if count < n and float(scores[order[-1]]) <= float(approx.min()) + rounding_bound(q.shape[0]):
        COUNTERS["fallbacks"] += 1
        return None
    COUNTERS["verified"] += 1
    return rows[order], scores[order]
