"""The exact-search method chooser: fastest method used, others re-tried, same answers."""

from __future__ import annotations

import numpy as np
import pytest

from claimtrack.embedding import fastest as fastest_module
from claimtrack.embedding.fastest import EXPLORE_EVERY, Fastest
from claimtrack.embedding.index import VectorIndex


class Clock:
    """A stand-in for time.perf_counter that each method advances by its own cost."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_fastest_method_is_used_and_a_change_of_speed_is_noticed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    monkeypatch.setattr(fastest_module.time, "perf_counter", clock)
    cost = {"a": 2.0, "b": 1.0}
    used: list[str] = []

    def work(method: str) -> str:
        clock.now += cost[method]
        used.append(method)
        return method

    chooser = Fastest(("a", "b"))
    for _ in range(EXPLORE_EVERY * 2):
        chooser.run(work)
    assert used[:2] == ["a", "b"]  # each tried once
    assert used[2:].count("a") == 2  # then only the regular re-tries of the slower one
    cost["a"] = 0.1  # the load changed: "a" is now the fast one
    del used[:]
    for _ in range(EXPLORE_EVERY * 8):
        chooser.run(work)
    assert used[-2 * EXPLORE_EVERY :].count("b") == 2  # "b" only re-tried now


@pytest.mark.parametrize("n", [500, 25_000])  # below and above the int8 scan's MIN_ROWS
def test_every_exact_method_gives_the_float32_top_k(n: int) -> None:
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((n, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = VectorIndex.build([f"k{i}" for i in range(n)], vectors, model_id="m")
    for q in rng.standard_normal((5, 64)).astype(np.float32):
        q /= np.linalg.norm(q)
        scores = vectors @ q
        truth = [f"k{i}" for i in np.argsort(-scores, kind="stable")[:10]]
        index.search(q, 10)  # sets up the chooser (and the int8 copy above MIN_ROWS)
        assert index._fastest is not None
        for method in index._fastest.methods:
            rows, _ = index._exact_top(method, q, 10)
            assert [f"k{int(r)}" for r in rows] == truth, method
        assert [i for i, _ in index.search(q, 10)] == truth


def test_one_slow_try_does_not_keep_the_fastest_method_unused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    monkeypatch.setattr(fastest_module.time, "perf_counter", clock)
    cost = {"a": 1.0, "b": 50.0}  # b's first try is a spike; it really costs 0.2
    used: list[str] = []

    def work(method: str) -> str:
        clock.now += cost[method]
        used.append(method)
        if method == "b":
            cost["b"] = 0.2
        return method

    chooser = Fastest(("a", "b"))
    for _ in range(EXPLORE_EVERY + 10):
        chooser.run(work)
    assert used[EXPLORE_EVERY - 1] == "b"  # the re-try
    assert used[EXPLORE_EVERY:] == ["b"] * 10  # adopted at once, not after more re-tries
