"""VectorIndex: exact and HNSW search, filtering, persistence and stale detection."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimtrack.embedding.index import (
    IndexFileError,
    VectorIndex,
    compute_fingerprint,
    load_or_build,
)
from claimtrack.errors import InvalidInputError


def clustered(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((50, dim)).astype(np.float32)
    x = centres[rng.integers(0, 50, n)] + 0.4 * rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def ids_for(n: int) -> list[str]:
    return [f"id{i}" for i in range(n)]


def test_exact_search_matches_brute_force() -> None:
    x = clustered(2000)
    index = VectorIndex.build(ids_for(2000), x, model_id="m")
    assert not index.approximate
    q = x[17] + 0.01
    got = index.search(q, k=5)
    scores = x @ (q / np.linalg.norm(q))
    want = [f"id{i}" for i in np.argsort(-scores)[:5]]
    assert [i for i, _ in got] == want
    assert got[0][0] == "id17"
    assert got[0][1] == pytest.approx(float(scores[17]), abs=1e-5)
    assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)


def test_hnsw_recall_against_exact() -> None:
    x = clustered(5000, seed=1)
    queries = clustered(100, seed=2)
    exact = VectorIndex.build(ids_for(5000), x, model_id="m")
    approx = VectorIndex.build(ids_for(5000), x, model_id="m", exact_threshold=1000)
    assert approx.approximate
    truth = exact.search_many(queries, 10)
    found = approx.search_many(queries, 10)
    recall = np.mean(
        [len({a for a, _ in t} & {a for a, _ in f}) / 10 for t, f in zip(truth, found, strict=True)]
    )
    assert recall >= 0.95
    single = approx.search(queries[0], 10)
    assert {a for a, _ in single} == {a for a, _ in found[0]}


@pytest.mark.slow
def test_hnsw_recall_20k() -> None:
    x = clustered(20_000, dim=128, seed=3)
    queries = clustered(200, dim=128, seed=4)
    exact = VectorIndex.build(ids_for(20_000), x, model_id="m")
    approx = VectorIndex.build(ids_for(20_000), x, model_id="m", exact_threshold=1000)
    truth, found = exact.search_many(queries, 10), approx.search_many(queries, 10)
    recall = np.mean(
        [len({a for a, _ in t} & {a for a, _ in f}) / 10 for t, f in zip(truth, found, strict=True)]
    )
    assert recall >= 0.95


@pytest.mark.parametrize("threshold", [10**9, 100])
def test_allowed_restricts_results(threshold: int) -> None:
    x = clustered(500)
    index = VectorIndex.build(ids_for(500), x, model_id="m", exact_threshold=threshold)
    allowed = {"id3", "id4", "id5", "unknown"}
    got = index.search(x[3], k=10, allowed=allowed)
    assert next(i for i, _ in got) == "id3"
    assert {i for i, _ in got} <= allowed and len(got) == 3
    assert index.search(x[3], k=10, allowed=set()) == []


def test_search_many_matches_search_and_k_larger_than_n() -> None:
    x = clustered(30)
    index = VectorIndex.build(ids_for(30), x, model_id="m")
    many = index.search_many(x[:4], k=50)
    assert len(many) == 4 and all(len(r) == 30 for r in many)
    assert [i for i, _ in many[2][:5]] == [i for i, _ in index.search(x[2], k=5)]


def test_vectors_are_normalised_and_inputs_checked() -> None:
    x = clustered(10) * 7.0
    index = VectorIndex.build(ids_for(10), x, model_id="m")
    assert index.search(x[0], 1)[0][1] == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(InvalidInputError):
        VectorIndex.build(ids_for(9), x, model_id="m")
    with pytest.raises(InvalidInputError):
        VectorIndex.build(["a"] * 10, x, model_id="m")
    with pytest.raises(InvalidInputError):
        index.search(np.ones(3, dtype=np.float32))


@pytest.mark.parametrize("threshold", [10**9, 100])
def test_save_load_round_trip(tmp_path: Path, threshold: int) -> None:
    x = clustered(400)
    index = VectorIndex.build(ids_for(400), x, model_id="use", exact_threshold=threshold)
    path = tmp_path / "claims.index"
    index.save(path)
    loaded = VectorIndex.load(path)
    assert loaded.fingerprint == index.fingerprint and loaded.model_id == "use"
    assert loaded.approximate == index.approximate
    assert loaded.search(x[9], 5) == index.search(x[9], 5)
    assert VectorIndex.read_meta(path)["count"] == 400


def test_fingerprint_changes_with_model_and_ids_not_order() -> None:
    base = compute_fingerprint(["a", "b"], "m", 4)
    assert base == compute_fingerprint(["a", "b"], "m", 4)
    assert base != compute_fingerprint(["a", "b"], "other", 4)
    assert base != compute_fingerprint(["a", "b", "c"], "m", 4)
    assert base == compute_fingerprint(["b", "a"], "m", 4)  # a set: updates keep it
    assert base != compute_fingerprint(["a", "c"], "m", 4)
    assert base != compute_fingerprint(["a", "b"], "m", 8)


def test_load_or_build_rebuilds_only_when_stale(tmp_path: Path) -> None:
    path = tmp_path / "idx" / "claims.index"
    x = clustered(50)
    calls: list[int] = []

    def vectors() -> np.ndarray:
        calls.append(1)
        return x[: len(ids)]

    ids = ids_for(40)
    first = load_or_build(path, ids, vectors, model_id="m", dimension=64)
    assert len(first) == 40 and len(calls) == 1
    again = load_or_build(path, ids, vectors, model_id="m", dimension=64)
    assert again.fingerprint == first.fingerprint and len(calls) == 1  # fresh: no rebuild
    ids = ids_for(50)  # new claims arrived: stale
    grown = load_or_build(path, ids, vectors, model_id="m", dimension=64)
    assert len(grown) == 50 and len(calls) == 2
    other_model = load_or_build(path, ids, vectors, model_id="m2", dimension=64)
    assert other_model.model_id == "m2" and len(calls) == 3


def test_damaged_file_is_reported_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "claims.index"
    path.write_bytes(b"not a zip")
    with pytest.raises(IndexFileError):
        VectorIndex.load(path)
    x = clustered(5)
    rebuilt = load_or_build(path, ids_for(5), lambda: x, model_id="m", dimension=64)
    assert len(VectorIndex.load(path)) == len(rebuilt) == 5
