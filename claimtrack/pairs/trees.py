"""A boosted-tree ensemble evaluated with numpy: what a fitted scikit-learn
``HistGradientBoostingClassifier`` (binary) predicts, without scikit-learn at run time.

Each tree is stored as flat node arrays (``feature``, ``threshold``, ``left``, ``right``,
``value``); a leaf points to itself, so every row walks all trees at once for ``depth``
steps. A row goes left when ``x[feature] <= threshold`` (the features never hold NaN).
``bench/train_relation.py`` writes the arrays (:func:`from_sklearn`); the shipped model keeps
check rows so a test proves the arrays still give the fitted probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["TreeEnsemble", "from_sklearn"]


@dataclass(frozen=True)
class TreeEnsemble:
    """All trees' nodes concatenated; ``roots`` are the first node of each tree."""

    feature: np.ndarray  # int, column of the stage's feature matrix (leaves: 0)
    threshold: np.ndarray  # float, go left when x <= threshold
    left: np.ndarray  # int, absolute node index (leaves: themselves)
    right: np.ndarray
    value: np.ndarray  # float, leaf values (internal nodes: 0)
    roots: np.ndarray
    depth: int
    baseline: float

    def raw(self, x: np.ndarray) -> np.ndarray:
        """Sum of the leaf values each row reaches, plus the baseline (log-odds)."""
        node = np.broadcast_to(self.roots, (len(x), len(self.roots))).copy()
        rows = np.arange(len(x))[:, None]
        for _ in range(self.depth):
            goes_left = x[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(goes_left, self.left[node], self.right[node])
        return self.value[node].sum(axis=1) + self.baseline

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.raw(x)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": self.value.tolist(),
            "roots": self.roots.tolist(),
            "depth": self.depth,
            "baseline": self.baseline,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TreeEnsemble:
        return cls(
            feature=np.asarray(d["feature"], dtype=np.intp),
            threshold=np.asarray(d["threshold"], dtype=np.float64),
            left=np.asarray(d["left"], dtype=np.intp),
            right=np.asarray(d["right"], dtype=np.intp),
            value=np.asarray(d["value"], dtype=np.float64),
            roots=np.asarray(d["roots"], dtype=np.intp),
            depth=int(d["depth"]),
            baseline=float(d["baseline"]),
        )


def from_sklearn(model: Any) -> TreeEnsemble:
    """The arrays of a fitted binary ``HistGradientBoostingClassifier`` (numeric features)."""
    feature: list[int] = []
    left: list[int] = []
    right: list[int] = []
    roots: list[int] = []
    threshold: list[float] = []
    value: list[float] = []
    depth = 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        base = len(feature)
        roots.append(base)
        for i, node in enumerate(nodes):
            leaf = bool(node["is_leaf"])
            feature.append(0 if leaf else int(node["feature_idx"]))
            threshold.append(0.0 if leaf else float(node["num_threshold"]))
            left.append(base + i if leaf else base + int(node["left"]))
            right.append(base + i if leaf else base + int(node["right"]))
            value.append(float(node["value"]) if leaf else 0.0)
            depth = max(depth, int(node["depth"]))
    return TreeEnsemble(
        feature=np.asarray(feature, dtype=np.intp),
        threshold=np.asarray(threshold, dtype=np.float64),
        left=np.asarray(left, dtype=np.intp),
        right=np.asarray(right, dtype=np.intp),
        value=np.asarray(value, dtype=np.float64),
        roots=np.asarray(roots, dtype=np.intp),
        depth=depth,
        baseline=float(np.ravel(model._baseline_prediction)[0]),
    )
