"""Exact top-k cosine search that beats a plain float32 matrix-vector product.

``vectors @ q`` over N x 512 float32 rows is memory-bound: every query reads all of
them. The scan here reads an int8 copy instead (a quarter of the bytes) with SimSIMD's
integer dot products (AVX-512 VNNI / AVX2 kernels, exact in integers, one thread),
re-scores the best ``c`` candidates exactly in float32, and then *proves* the answer: a
row outside the candidates has a quantised score no higher than the lowest candidate's,
and quantisation moves a score by at most a bound computed from the actual rounding
errors (see :func:`top_k`), so when the k-th exact score is above (lowest candidate
score + bound) no other row can be in the top k. When it is not (a near-tie at the
candidate boundary) the query falls back to the full float32 product. Either way the
top-k rows are those of the float32 product, ties broken by row number. Counted in
:data:`COUNTERS` (``verified`` / ``fallbacks``).

Measured on the 2-core development VM, 100k x 512 (BENCHMARKS.md, issue 13): SimSIMD's
int8 dots over all rows take 1.8-2.6 ms at best on one thread, against 8.5 ms (quiet) for
numpy's float32 product on two; usearch's exact int8 search, used before, cost ~170 ns
per row (17-19 ms). SimSIMD's ``threads=2`` was no help on the loaded VM (p50 16 ms at
100k, best 1.0 ms), so the scan runs on one thread.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

#: Below this many rows the float32 product is about as fast and needs no int8 copy.
MIN_ROWS = 4_096
#: Candidates re-scored in float32 per query (at least 4k): wide enough that the
#: bound is usually met (the k-th score clears the c-th by more than the rounding).
CANDIDATES = 256
_CHUNK = 8_192

COUNTERS: Counter[str] = Counter()
_log = logging.getLogger(__name__)


@cache
def available() -> bool:
    """True when SimSIMD (a dependency) imports; without it exact search uses numpy's
    float32 product only, slower, and says so once in the log.

    Call it before importing usearch: usearch's extension carries its own SimSIMD kernels,
    and a ``simsimd`` imported after it rejects every int8 input ("Input tensors must have
    matching datatypes", simsimd 6.5 with usearch 2.26, measured)."""
    try:
        import simsimd  # noqa: F401
    except ImportError:
        _log.warning("simsimd is not installed: exact vector search falls back to numpy's "
                     "float32 product (pip install 'simsimd>=6.5,<7')")  # fmt: skip
        return False
    return True


@dataclass(slots=True)
class Quantised:
    """Rows as int8 codes on one scale: ``row ~= scale * codes``; ``max_error`` bounds
    ``|row - scale * codes|`` (Euclidean) over every row."""

    codes: np.ndarray
    scale: float
    max_error: float

    def extend(self, vectors: np.ndarray) -> Quantised:
        """These codes with ``vectors`` appended on the same scale (clipped; the error
        bound grows to cover them)."""
        codes, error = _encode(vectors, self.scale)
        return Quantised(
            np.concatenate([self.codes, codes]), self.scale, max(self.max_error, error)
        )


def quantise(vectors: np.ndarray) -> Quantised:
    scale = float(np.abs(vectors).max(initial=0.0)) / 127.0 or 1.0
    codes, error = _encode(vectors, scale)
    return Quantised(codes, scale, error)


def _encode(vectors: np.ndarray, scale: float) -> tuple[np.ndarray, float]:
    codes = np.empty(vectors.shape, dtype=np.int8)
    error = 0.0
    inverse = np.float32(1.0 / scale)
    for start in range(0, vectors.shape[0], _CHUNK):
        block = np.asarray(vectors[start : start + _CHUNK], dtype=np.float32)
        c = np.clip(np.rint(block * inverse), -127, 127)
        codes[start : start + _CHUNK] = c
        if block.size:
            c *= np.float32(scale)
            np.subtract(block, c, out=c)
            error = max(error, float(np.sqrt(np.einsum("ij,ij->i", c, c).max())))
    # float32 arithmetic above: allow for its rounding (relative 1e-6 is ample).
    return codes, error * (1 + 1e-5) + 1e-7


def int8_dots(codes: np.ndarray, query_codes: np.ndarray) -> np.ndarray:
    """``codes @ query_codes`` as float32 (integer dot products, exact: 512 * 127 * 127
    is 8.3M, below float32's 2**24)."""
    import simsimd

    found: Any = simsimd.cdist(codes, query_codes[None, :], metric="dot", out_dtype="float32")
    return np.asarray(found).reshape(-1)


def candidates(dots: np.ndarray, count: int, k: int) -> np.ndarray:
    """At least ``min(k, n)`` rows, about ``count``, such that every other row's dot is
    no higher than the lowest of theirs (what :func:`top_k`'s proof needs).

    A threshold from a strided sample of ~8 * ``count`` dots, then one comparison over
    all rows: 18 us at 10k rows and 0.05 ms at 100k, against 68 us and 1.1 ms for an
    ``argpartition`` of every row (measured on the development VM). The sample only sets
    how many rows pass; when too few or too many do, ``argpartition`` picks exactly
    ``count``, so the property holds for any data.
    """
    n = dots.shape[0]
    if count >= n:
        return np.arange(n)
    step = max(1, n // (8 * count))
    sample = dots[::step]
    above = min(sample.shape[0], max(1, (5 * count) // (4 * step)))
    threshold = np.partition(sample, sample.shape[0] - above)[sample.shape[0] - above]
    rows = np.flatnonzero(dots >= threshold)
    if rows.shape[0] < max(k, count // 2):  # the sample missed: select among all rows
        return np.argpartition(dots, n - count)[n - count :]
    if rows.shape[0] > 4 * count:  # many equal dots: keep the best ``count`` of these
        rows = rows[np.argpartition(dots[rows], rows.shape[0] - count)[rows.shape[0] - count :]]
    return rows


def top_k(
    vectors: np.ndarray, quant: Quantised, q: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows and float32 scores of the exact top ``k`` of ``vectors @ q``, best first
    (equal scores: lower row first).

    ``quant`` is :func:`quantise` of ``vectors``. None when the scan cannot prove its
    answer (the caller then computes the full product).

    Bound: with ``x = s*cx + ex`` and ``q = t*cq + eq``,
    ``|x.q - s*t*(cx.cq)| <= |ex| |q| + |s*cx| |eq| <= E |q| + (|x| + E) |eq|``, where E is
    the largest row error (:class:`Quantised`) and ``|eq|`` this query's; the integer dot
    product itself is exact. A row outside the candidates then scores at most
    ``lowest + bound``, strictly below a k-th score above that, so ties at the k-th place
    are all among the candidates and ordering them by row number matches a stable sort
    of the full product.
    """
    n = vectors.shape[0]
    count = min(n, max(4 * k, CANDIDATES))
    q64 = q.astype(np.float64)
    t = float(np.abs(q64).max()) / 127.0 or 1.0
    cq = np.clip(np.rint(q64 / t), -127, 127)
    eq = float(np.linalg.norm(q64 - cq * t))
    dots = int8_dots(quant.codes, cq.astype(np.int8))
    rows = candidates(dots, count, k)
    lowest = float(dots[rows].min()) * quant.scale * t
    scores = vectors[rows] @ q
    order = np.lexsort((rows, -scores))[:k]
    norm_q, norm_x = float(np.linalg.norm(q64)), 1.001
    bound = 1.01 * (quant.max_error * norm_q + (norm_x + quant.max_error) * eq) + 1e-6
    if count < n and float(scores[order[-1]]) <= lowest + bound:
        COUNTERS["fallbacks"] += 1
        return None
    COUNTERS["verified"] += 1
    return rows[order], scores[order]
