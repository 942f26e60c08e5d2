"""The shipped fact-check re-ranker loads, uses the serving features, and its numpy tree
scorer reproduces scikit-learn's probabilities."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources

import numpy as np
import pytest

from claimtrack.embedding.ranker import (
    FEATURES,
    Ranker,
    Signals,
    bigrams,
    duplicate_groups,
    feature_matrix,
    group_max,
    id_order,
    load_ranker,
)
from tests.conftest import REPO


def _signals(n_strong: int = 1, n_weak: int = 3) -> Signals:
    n = n_strong + n_weak
    strong = np.arange(n) < n_strong
    return Signals(
        bm25={f: np.where(strong, 30.0, 3.0) for f in ("claim", "title", "summary", "body", "all")},
        cos_claim=np.where(strong, 0.9, 0.2), cos_title=np.full(n, np.nan),
        dense_rank=np.arange(1, n + 1, dtype=float), bm25_rank=np.arange(1, n + 1, dtype=float),
        rrf=1.0 / (60 + np.arange(1, n + 1)), query_terms=frozenset({1, 2, 3, 4}),
        claim_terms=[frozenset({1, 2, 3, 4}) if s else frozenset({9}) for s in strong],
        doc_terms=[frozenset({1, 2, 3, 4, 5}) if s else frozenset({4, 9}) for s in strong],
        numbers=frozenset({4}),
        query_bigrams=bigrams(["a", "b", "c"]),
        claim_bigrams=[bigrams(["a", "b", "c"]) if s else bigrams(["x", f"y{i}"])
                       for i, s in enumerate(strong)],
        title_bigrams=[frozenset() for _ in range(n)],
    )  # fmt: skip


def test_shipped_ranker_loads_and_prefers_the_obvious_match() -> None:
    ranker = load_ranker()
    assert ranker.model_id.startswith("fc-rerank-")
    folder = resources.files("claimtrack.resources").joinpath("factcheck_ranker")
    meta = json.loads(folder.joinpath("model.json").read_text(encoding="utf-8"))
    assert tuple(meta["features"]) == FEATURES
    assert "train" in json.dumps(meta["trained_on"]) and "test" not in json.dumps(
        meta["trained_on"]
    )
    assert folder.joinpath("MODEL_CARD.md").read_text(encoding="utf-8").count(ranker.model_id)
    x = feature_matrix(_signals())
    assert x.shape == (4, len(FEATURES)) and np.isfinite(x).all()
    scores = ranker.score(x)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert int(np.argmax(scores)) == 0
    assert ranker.score(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_a_ranker_trained_on_other_features_is_refused() -> None:
    from claimtrack.errors import ConfigError

    with pytest.raises(ConfigError, match="retrain"):
        Ranker({"features": ["x"], "kind": "logistic", "model_id": "m"}, {})


def test_numpy_trees_reproduce_sklearn() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    spec = importlib.util.spec_from_file_location(
        "train_factcheck_ranker", REPO / "bench" / "train_factcheck_ranker.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((400, len(FEATURES))).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 3] > 0).astype(int)
    model = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=7).fit(x, y)
    meta = {"features": list(FEATURES), "kind": "trees", "model_id": "t"}
    ranker = Ranker(meta, module.export("trees", model))
    assert np.allclose(ranker.score(x), model.predict_proba(x)[:, 1], atol=1e-9)


def test_copies_score_alike_and_ids_sort_numerically() -> None:
    s = _signals(n_strong=2, n_weak=1)  # the two strong candidates are copies
    groups = duplicate_groups(s)
    assert groups[0] == groups[1] != groups[2]
    assert list(group_max(np.array([0.7, 0.9, 0.1]), groups)) == [0.9, 0.9, 0.1]
    assert sorted(["10", "9", "b", "a"], key=id_order) == ["9", "10", "a", "b"]
