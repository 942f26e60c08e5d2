"""The int8 SimSIMD scan gives exactly the float32 top k: random and clustered data, ties,
k > n, and the fall-back to the float32 product when the bound cannot prove the answer."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from claimtrack.embedding import exact_scan
from claimtrack.embedding.index import VectorIndex

N = 6_000  # above exact_scan.MIN_ROWS, so the index offers the scan
assert N >= exact_scan.MIN_ROWS


def unit_rows(x: np.ndarray) -> np.ndarray:
    x = x.astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def random_rows(n: int, dim: int, seed: int) -> np.ndarray:
    return unit_rows(np.random.default_rng(seed).standard_normal((n, dim)))


def clustered_rows(n: int, dim: int, seed: int) -> np.ndarray:
    """Tight clusters, as claims about one event are (same-cluster cosine ~0.8)."""
    rng = np.random.default_rng(seed)
    centres = random_rows(40, dim, seed + 1)
    return unit_rows(centres[rng.integers(0, 40, n)] + rng.standard_normal((n, dim)) * 0.05)


def numpy_top(vectors: np.ndarray, q: np.ndarray, k: int) -> list[int]:
    """The reference: a stable sort of the whole float32 product (ties in row order)."""
    return np.argsort(-(vectors @ q), kind="stable")[:k].tolist()


def every_method(index: VectorIndex, q: np.ndarray, k: int) -> dict[str, list[int]]:
    """Rows of the top ``k`` by each exact method the index can choose, and by search."""
    got = {"search": [index.row_of[i] for i, _ in index.search(q, k)]}
    assert index._fastest is not None
    for method in index._fastest.methods:
        rows, _ = index._exact_top(method, q, min(k, len(index)))
        got[method] = [int(r) for r in rows]
    return got


def test_int8_dots_are_the_exact_integer_products() -> None:
    rng = np.random.default_rng(1)
    codes = rng.integers(-127, 128, (3_000, 512)).astype(np.int8)
    query = rng.integers(-127, 128, 512).astype(np.int8)
    want = codes.astype(np.int64) @ query.astype(np.int64)
    assert np.array_equal(exact_scan.int8_dots(codes, query), want.astype(np.float32))


@pytest.mark.parametrize(
    "order",
    ["random", "ascending", "descending", "all_equal", "few_values", "one_high", "sampled_high"],
)
def test_candidates_hold_every_row_that_could_outscore_them(order: str) -> None:
    """The proof needs: no row outside the candidates has a higher dot than the lowest
    candidate. The sampled threshold must keep that for any order of the rows."""
    rng = np.random.default_rng(2)
    n, count, k = 50_000, 256, 10
    dots = {
        "random": rng.integers(-9_000, 9_000, n),
        "ascending": np.arange(n),
        "descending": np.arange(n)[::-1],
        "all_equal": np.zeros(n),
        "few_values": rng.integers(0, 3, n),
        "one_high": np.where(np.arange(n) == 4_321, 10, 0),
        # High dots on exactly the sampled rows: the threshold lets too few through.
        "sampled_high": np.where(np.arange(n) % (n // (8 * count)) == 0, np.arange(n), 0),
    }[order].astype(np.float32)
    rows = exact_scan.candidates(dots, count, k)
    assert rows.shape[0] >= k and rows.shape[0] <= 4 * count
    assert len(set(rows.tolist())) == rows.shape[0]
    outside = np.ones(n, bool)
    outside[rows] = False
    assert dots[outside].max() <= dots[rows].min()
    assert np.array_equal(exact_scan.candidates(dots[:100], count, k), np.arange(100))


@pytest.mark.parametrize("rows", [random_rows, clustered_rows])
def test_scan_gives_numpys_ordered_top10(rows) -> None:  # type: ignore[no-untyped-def]
    x = rows(N, 128, 3)
    index = VectorIndex.build([f"r{i}" for i in range(N)], x, model_id="m")
    x = index.vectors  # the index's own (normalised) rows are the reference
    queries = rows(30, 128, 9)
    verified = exact_scan.COUNTERS["verified"]
    for q in queries:
        want = numpy_top(x, q, 10)
        found = exact_scan.top_k(x, exact_scan.quantise(x), q, 10)
        assert found is not None and found[0].tolist() == want
        assert found[1].tolist() == pytest.approx((x @ q)[want].tolist(), abs=1e-6)
        for method, got in every_method(index, q, 10).items():
            assert got == want, method
    assert "scan" in index._fastest.methods  # type: ignore[union-attr]
    assert exact_scan.COUNTERS["verified"] >= verified + 2 * len(queries)


def test_ties_come_in_row_order_for_every_method() -> None:
    """Rows of four +-0.5 entries: unit length and every dot product exact in float32, so
    scores tie exactly. 15 copies of the query's row tie at 1.0 across the 10th place."""
    rng = np.random.default_rng(4)
    x = np.zeros((N, 64), np.float32)
    for row in x:
        row[rng.choice(64, 4, replace=False)] = rng.choice([-0.5, 0.5], 4)
    copies = np.sort(rng.choice(np.arange(100, N), 15, replace=False))
    x[copies] = x[0]
    index = VectorIndex.build([f"r{i}" for i in range(N)], x, model_id="m")
    q = x[0]
    want = numpy_top(x, q, 10)
    assert want == [0, *copies[:9].tolist()]  # the ties, lowest rows first
    found = exact_scan.top_k(x, exact_scan.quantise(x), q, 10)
    assert found is not None and found[0].tolist() == want  # proven, not a fall-back
    for method, got in every_method(index, q, 10).items():
        assert got == want, method
    # Ties inside the top k too: a query on the +-0.5 grid with many rows at each score.
    q2 = np.zeros(64, np.float32)
    q2[:4] = 0.5
    for method, got in every_method(index, q2, 10).items():
        assert got == numpy_top(x, q2, 10), method


def test_k_above_the_row_count_returns_every_row_in_order() -> None:
    x = random_rows(exact_scan.MIN_ROWS + 10, 32, 5)
    index = VectorIndex.build([f"r{i}" for i in range(len(x))], x, model_id="m")
    x, q, k = index.vectors, x[3], len(x) + 50
    found = exact_scan.top_k(x, exact_scan.quantise(x), q, k)
    assert found is not None and found[0].tolist() == numpy_top(x, q, k)
    for method, got in every_method(index, q, k).items():
        assert got == numpy_top(x, q, k), method
    small = VectorIndex.build(["a", "b", "c"], random_rows(3, 32, 6), model_id="m")
    assert [i for i, _ in small.search(q, 10)] == [
        f"{'abc'[r]}" for r in numpy_top(small.vectors, q, 3)
    ]


def test_near_ties_beyond_the_int8_resolution_fall_back_to_the_float32_product() -> None:
    """500 near-copies of one row (differences far below the int8 step): the scan cannot
    tell them apart, so it must not answer; the product orders them exactly."""
    rng = np.random.default_rng(7)
    base = random_rows(1, 128, 8)
    x = random_rows(N, 128, 9)
    x[:500] = unit_rows(base + rng.standard_normal((500, 128)) * 1e-4)
    index = VectorIndex.build([f"r{i}" for i in range(N)], x, model_id="m")
    x, q = index.vectors, base[0]
    fallbacks = exact_scan.COUNTERS["fallbacks"]
    assert exact_scan.top_k(x, exact_scan.quantise(x), q, 10) is None
    assert exact_scan.COUNTERS["fallbacks"] == fallbacks + 1
    for method, got in every_method(index, q, 10).items():
        assert got == numpy_top(x, q, 10), method
    assert exact_scan.COUNTERS["fallbacks"] > fallbacks + 1  # the index's scan fell back too


def test_without_simsimd_exact_search_uses_the_product(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "simsimd", None)  # makes `import simsimd` fail
    assert exact_scan.available.__wrapped__() is False
    assert "pip install 'simsimd" in caplog.text
    monkeypatch.setattr(exact_scan, "available", lambda: False)
    x = random_rows(N, 64, 10)
    index = VectorIndex.build([f"r{i}" for i in range(N)], x, model_id="m")
    q = x[11]
    got = every_method(index, q, 10)
    assert index._fastest is not None and "scan" not in index._fastest.methods
    assert all(rows == numpy_top(index.vectors, q, 10) for rows in got.values())


def test_the_scan_still_works_after_an_hnsw_index_was_built_first() -> None:
    """usearch carries its own SimSIMD kernels; a simsimd imported after it rejected every
    int8 input. A fresh process builds an HNSW index, then asks an exact scan."""
    import json
    import subprocess

    script = """
import numpy as np
from claimtrack.embedding.index import VectorIndex
x = np.random.default_rng(0).standard_normal((3000, 32)).astype(np.float32)
VectorIndex.build([str(i) for i in range(3000)], x, model_id="m", exact_threshold=100)
import json
from claimtrack.embedding import exact_scan
codes = np.arange(-60, 68, dtype=np.int8).reshape(2, 64)
print(json.dumps(exact_scan.int8_dots(codes, codes[0]).tolist()))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-400:]
    first = np.arange(-60, 4, dtype=np.int64)
    want = [float(first @ first), float(np.arange(4, 68, dtype=np.int64) @ first)]
    assert json.loads(out.stdout) == want
