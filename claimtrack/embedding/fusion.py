"""Reciprocal rank fusion (Cormack, Clarke & Buettcher 2009) of ranked candidate lists.

Each list contributes ``weight / (k + rank)`` (rank from 1) to every key it holds; keys
are returned by the summed score, ties broken by the best single rank and then the key,
so the order is deterministic. Scores of different retrievers (cosines, BM25) are never
compared, only their ranks -- that is what makes fusion safe without calibration.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

#: The constant of the original paper; it damps the weight of the very first ranks.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]],
    *,
    k: int = RRF_K,
    weights: Sequence[float] | None = None,
    limit: int | None = None,
) -> list[tuple[K, float]]:
    """Fuse ranked lists of keys (best first) into one ``[(key, fused_score)]``, best first.

    A key repeated within one list counts once, at its first (best) rank; the repeat
    takes no rank.
    """
    if k < 0:
        raise ValueError("reciprocal_rank_fusion: k must be >= 0")
    if weights is not None and len(weights) != len(rankings):
        raise ValueError(
            f"reciprocal_rank_fusion: {len(weights)} weights for {len(rankings)} lists"
        )
    score: dict[K, float] = {}
    best: dict[K, int] = {}
    for i, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else float(weights[i])
        seen: set[K] = set()
        for key in ranking:
            if key in seen:
                continue
            seen.add(key)
            rank = len(seen)
            score[key] = score.get(key, 0.0) + weight / (k + rank)
            best[key] = min(best.get(key, rank), rank)
    order = sorted(score, key=lambda key: (-score[key], best[key], str(key)))
    if limit is not None:
        order = order[:limit]
    return [(key, score[key]) for key in order]
