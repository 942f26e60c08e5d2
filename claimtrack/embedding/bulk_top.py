"""Exact top k of many queries at once, scored in bfloat16 and proven in float32.

``search_many`` over every claim (``cluster``'s candidate step: 100k queries against 100k
rows) is one large matrix product, and it is compute-bound: numpy's float32 product ran at
~160 GFLOP/s on this 2-core VM, near its peak (a 6,400 x 100k x 512 product took 4.0 s,
and smaller blocks were slower, not faster). Where the CPU multiplies bfloat16 pairs in
hardware (AVX-512 BF16, AMX), torch's bfloat16 product does the same work in about half
the time (2.1 s). Its scores are rounded, so they only pick candidates: the best
``CANDIDATES`` rows of each query are re-scored in float32 and the answer is *proven*, as
:mod:`.exact_scan` does for one query. A row outside the candidates has a bfloat16 score no
higher than the first one left out, and rounding moves a score by at most
:data:`ERROR_BOUND`, so when the k-th float32 score is above (that score + bound) no other
row can enter the top k. Otherwise its best ``WIDE`` rough rows are tried the same way,
and failing that the query is scored with the float32 product (counted in
:data:`COUNTERS`). Either way the answer is the float32 top k, ties broken by row number;
float32 itself only decides to its rounding (numpy's product gives other last bits for
another block shape), so rows whose scores differ by ~1e-7 may come in the other order.

Used only where it pays: many queries against many rows, torch importable (it is a
dependency of the embedding models, loaded here only on first use) and the CPU reporting
bfloat16 dot-product instructions; everything else takes numpy's float32 product.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from claimtrack.embedding.block_top import top_k_rows

#: Below this many rows or queries the float32 product is cheap enough.
MIN_ROWS = 20_000
MIN_QUERIES = 64
#: Candidates re-scored in float32 per query (at least 2k). On 100k real USE vectors
#: (fact-checks and tweets), 32 left 4% of queries unproven and 16 left 21%: near-duplicate
#: texts crowd the candidates within the rounding bound. Those get a second, wider look
#: (``WIDE``), which left 1-2% to the float32 product (bench/bench_bulk_top.py).
CANDIDATES = 32
WIDE = 256
#: Queries scored per bfloat16 product (a 320 x 100k block of scores is 64 MB).
BLOCK = 320
#: Unit round-off of bfloat16 (8 significant bits, round to nearest).
_U = 2.0**-8
#: Largest ``|q.x - bf16(q).bf16(x)|`` for unit vectors: each input rounded (relative
#: ``u``, so ``(2u + u^2) |q||x|``), the product rounded to bfloat16 on output (``u`` of a
#: score of at most ``(1 + u)^2``), and float32 accumulation (about ``d * 2^-24``, under
#: ``1e-4`` for any d up to 1,600). Observed on real vectors: at most 0.0024.
ERROR_BOUND = (2 * _U + _U * _U) + _U * (1 + _U) ** 2 + 1e-4
#: Set False to force the float32 product (benchmarks compare the two in one process).
ENABLED = True

COUNTERS: Counter[str] = Counter()
_BF16_FLAGS = {"avx512_bf16", "amx_bf16"}


@cache
def available() -> bool:
    """True when torch imports and the CPU says it multiplies bfloat16 in hardware (Linux
    ``/proc/cpuinfo`` flags; elsewhere False: a bfloat16 product emulated in software is
    slower than numpy's float32 one)."""
    try:
        flags = set(Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").split())
    except OSError:
        return False
    if not flags & _BF16_FLAGS:
        return False
    try:
        import torch  # noqa: F401
    except ImportError:  # pragma: no cover - torch is a dependency
        return False
    return True


def wanted(n_rows: int, n_queries: int) -> bool:
    return ENABLED and n_rows >= MIN_ROWS and n_queries >= MIN_QUERIES and available()


def bf16_rows(vectors: np.ndarray) -> Any:
    """``vectors`` as a bfloat16 torch tensor (what :func:`top_k` multiplies by)."""
    import torch

    return torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32)).to(torch.bfloat16)


def top_k(
    vectors: np.ndarray, rows_bf16: Any, queries: np.ndarray, k: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per query, rows and float32 scores of the top ``k`` of ``vectors @ query``, best
    first (equal scores: lower row first). ``vectors`` and ``queries`` are unit rows and
    ``rows_bf16`` is :func:`bf16_rows` of ``vectors``."""
    import torch

    n = vectors.shape[0]
    k = min(k, n)
    taken = min(n, max(CANDIDATES, 2 * k))
    best = np.empty((queries.shape[0], k), dtype=np.int64)
    best_scores = np.empty((queries.shape[0], k), dtype=np.float32)
    proven = np.ones(queries.shape[0], dtype=bool)
    for start in range(0, queries.shape[0], BLOCK):
        block = np.ascontiguousarray(queries[start : start + BLOCK], dtype=np.float32)
        rough = torch.from_numpy(block).to(torch.bfloat16) @ rows_bf16.T
        at = np.arange(start, start + block.shape[0])
        proven[at] = _rescore(block, vectors, rough, taken, at, best, best_scores)
        crowded = np.flatnonzero(~proven[at])
        if crowded.size and taken < n:  # near-duplicates crowd the candidates: widen
            wide = min(n, max(WIDE, 2 * taken))
            proven[at[crowded]] = _rescore(
                block[crowded], vectors, rough[crowded], wide, at[crowded], best, best_scores
            )
    redo = np.flatnonzero(~proven)
    COUNTERS["verified"] += queries.shape[0] - redo.size
    COUNTERS["fallbacks"] += redo.size
    # Unproven queries last, in numpy's float32 product: interleaving numpy's BLAS threads
    # with torch's per block made both wait on each other (4.4 s instead of 2.6 s for
    # 6,400 x 100k).
    for start in range(0, redo.size, BLOCK):
        chunk = redo[start : start + BLOCK]
        exact = queries[chunk] @ vectors.T
        for i, top in enumerate(top_k_rows(exact, k)):
            best[chunk[i]], best_scores[chunk[i]] = top, exact[i, top]
    return list(zip(best, best_scores, strict=True))


def _rescore(
    block: np.ndarray,
    vectors: np.ndarray,
    rough: Any,
    taken: int,
    at: np.ndarray,
    best: np.ndarray,
    best_scores: np.ndarray,
) -> np.ndarray:
    """Re-score each query's ``taken`` best rough rows in float32, write its top k into
    ``best``/``best_scores`` at rows ``at``; True where that top k is proven."""
    import torch

    n, k = vectors.shape[0], best.shape[1]
    values, rows = torch.topk(rough, min(n, taken + 1), dim=1)
    cand = rows.numpy()[:, :taken]
    scores = np.einsum("qd,qcd->qc", block, vectors[cand])
    order = np.lexsort((cand, -scores), axis=1)[:, :k]
    best[at] = np.take_along_axis(cand, order, axis=1)
    best_scores[at] = np.take_along_axis(scores, order, axis=1)
    if taken >= n:
        return np.ones(block.shape[0], dtype=bool)
    # every row not taken scores at most the first one left out, plus the bound
    left_out = values[:, taken].float().numpy()
    return np.asarray(best_scores[at, -1] > left_out + ERROR_BOUND)
