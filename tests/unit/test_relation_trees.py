"""Boosted trees evaluated with numpy give what scikit-learn's fitted model gives
(:mod:`claimtrack.embedding.trees`, shared by the relation model and the fact-check ranker)."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from claimtrack.embedding import trees
from claimtrack.pairs.features import FEATURE_NAMES
from claimtrack.pairs.model import RelationModel, _shipped


def test_numpy_trees_equal_scikit_learn_probabilities() -> None:
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(7)
    x = rng.normal(size=(600, 6))
    x[:, 2] = rng.integers(0, 3, size=600)  # a few discrete columns, as the pair features
    y = ((x[:, 0] + 0.5 * x[:, 1] * x[:, 2] + rng.normal(scale=0.5, size=600)) > 0).astype(int)
    model = ensemble.HistGradientBoostingClassifier(
        max_depth=4, max_iter=60, learning_rate=0.1, early_stopping=False, random_state=0
    ).fit(x, y, sample_weight=rng.uniform(0.5, 2.0, size=600))
    arrays = trees.from_json(trees.to_json(trees.export(model)))  # through the JSON form
    test = rng.normal(size=(200, 6))
    test[:, 2] = rng.integers(0, 3, size=200)
    expected = model.predict_proba(test)[:, 1]
    assert np.allclose(trees.probability(test, arrays), expected, atol=1e-9)
    # a row exactly on a split threshold goes left, as in scikit-learn
    on_split = test[:1].copy()
    root = arrays["roots"][0]
    on_split[0, arrays["feature"][root]] = arrays["threshold"][root]
    assert np.allclose(trees.probability(on_split, arrays), model.predict_proba(on_split)[:, 1])


def test_shipped_tree_stages_reproduce_their_training_library_on_kept_rows() -> None:
    model = _shipped()
    assert model is not None
    shipped = resources.files("claimtrack.resources").joinpath("relation", "model.json")
    check = json.loads(shipped.read_text(encoding="utf-8")).get("check")
    if check is None:  # only a model written by today's trainer keeps check rows
        assert model.same_fact.trees is None and model.conflicting.trees is None
        return
    rows = np.asarray(check["rows"], dtype=np.float64)
    assert rows.shape == (len(check["p_stage1"]), len(FEATURE_NAMES))
    assert np.allclose(model.same_fact.probability(rows), check["p_stage1"], atol=1e-6)
    assert np.allclose(model.conflicting.probability(rows), check["p_stage2"], atol=1e-6)


def test_a_logistic_stage_still_loads() -> None:
    stage = {
        "features": ["cosine"],
        "mean": [0.5],
        "scale": [0.1],
        "coef": [2.0],
        "intercept": 0.0,
        "threshold": 0.5,
    }
    model = RelationModel.from_dict(
        {"same_fact": stage, "conflicting": stage, "embedding_model": "m", "version": "v"}
    )
    x = np.zeros((1, len(FEATURE_NAMES)))
    x[0, FEATURE_NAMES.index("cosine")] = 0.6
    probs, labels = model.predict(x)
    assert probs[0, 2] == pytest.approx(1 - 1 / (1 + np.exp(-2.0)))
    assert labels == ["conflicting"]
