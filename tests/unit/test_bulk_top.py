"""Batched exact top k through a bfloat16 product (claimtrack.embedding.bulk_top)."""

from __future__ import annotations

import numpy as np
import pytest

from claimtrack.embedding import bulk_top
from claimtrack.embedding.index import VectorIndex


def _unit(rows: np.ndarray) -> np.ndarray:
    rows = rows.astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _clustered(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    """Clusters of near-duplicates at several spreads, as claims repeated across articles."""
    rng = np.random.default_rng(seed)
    centres = _unit(rng.standard_normal((n // 8 + 1, dim)))
    spread = rng.choice([0.005, 0.05, 0.3], size=(n, 1))
    return _unit(centres[np.arange(n) // 8] + spread * rng.standard_normal((n, dim)))


def _assert_float32_top(
    found: list[tuple[np.ndarray, np.ndarray]], vectors: np.ndarray, queries: np.ndarray, k: int
) -> None:
    """``found`` is the float32 product's top k of each query, best first. Rows may differ
    only where float32 rounding alone tells two scores apart: the product's own answer
    changes with how BLAS blocks it (identical rows score a few ulps apart)."""
    scores = queries @ vectors.T
    for q, (rows, got) in enumerate(found):
        expected = np.argsort(-scores[q], kind="stable")[:k]
        assert len(rows) == k == len(set(rows.tolist()))
        assert np.allclose(got, scores[q, expected], atol=1e-5)  # the k best scores
        assert np.allclose(got, scores[q, rows], atol=1e-5)  # and they are these rows'


def test_top_k_equals_the_float32_product() -> None:
    vectors = _clustered(3_000)
    queries = _unit(vectors[::7] + 0.01)  # near their rows: close candidates, crowded ones
    found = bulk_top.top_k(vectors, bulk_top.bf16_rows(vectors), queries, 10)
    _assert_float32_top(found, vectors, queries, 10)
    exact = queries @ vectors.T
    same = sum(
        rows.tolist() == np.argsort(-row, kind="stable")[:10].tolist()
        for (rows, _), row in zip(found, exact, strict=True)
    )
    assert same >= 0.95 * len(found)  # the same rows in the same order almost always


def test_unprovable_queries_fall_back_and_stay_exact() -> None:
    """More identical rows than any candidate list: no rough score can prove the top k,
    so those queries take the float32 product, and the answer is still exact."""
    rng = np.random.default_rng(3)
    copies = np.repeat(_unit(rng.standard_normal((1, 32))), bulk_top.WIDE + 50, axis=0)
    vectors = np.concatenate([_unit(rng.standard_normal((2_000, 32))), copies])
    queries = np.concatenate([copies[:3], _unit(rng.standard_normal((5, 32)))])
    before = bulk_top.COUNTERS["fallbacks"]
    found = bulk_top.top_k(vectors, bulk_top.bf16_rows(vectors), queries, 5)
    assert bulk_top.COUNTERS["fallbacks"] - before == 3
    _assert_float32_top(found, vectors, queries, 5)
    assert all(row >= 2_000 for rows, _ in found[:3] for row in rows)  # copies of the query


def test_the_rounding_bound_holds_on_random_unit_vectors() -> None:
    import torch

    rng = np.random.default_rng(11)
    for dim in (16, 512, 1_024):
        a = _unit(rng.standard_normal((200, dim)))
        b = _unit(rng.standard_normal((300, dim)))
        b[:5] = a[:5]  # scores near 1, where output rounding is largest
        rough = (torch.from_numpy(a).bfloat16() @ torch.from_numpy(b).bfloat16().T).float()
        error = np.abs(rough.numpy() - a @ b.T).max()
        assert error < bulk_top.ERROR_BOUND


def test_index_search_many_takes_the_bulk_path_and_forgets_it_on_update(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk_top, "MIN_ROWS", 100)
    monkeypatch.setattr(bulk_top, "MIN_QUERIES", 4)
    monkeypatch.setattr(bulk_top, "available", lambda: True)
    vectors = _clustered(1_000, seed=5)
    index = VectorIndex.build([f"c{i}" for i in range(1_000)], vectors, model_id="m")
    queries = vectors[:40]
    before = bulk_top.COUNTERS["verified"] + bulk_top.COUNTERS["fallbacks"]
    bulk = index.search_many(queries, 5)
    assert bulk_top.COUNTERS["verified"] + bulk_top.COUNTERS["fallbacks"] - before == 40
    monkeypatch.setattr(bulk_top, "ENABLED", False)
    plain = index.search_many(queries, 5)
    assert [[i for i, _ in r] for r in bulk] == [[i for i, _ in r] for r in plain]
    monkeypatch.setattr(bulk_top, "ENABLED", True)
    # a new row equal to the first query must now be found first (the bfloat16 copy of
    # the old rows is dropped on update)
    index.update(["new"], -vectors[:1], [])
    found = index.search_many(-queries, 1)
    assert found[0][0][0] == "new"
