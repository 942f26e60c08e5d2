"""Boosted trees evaluated with numpy: what a fitted scikit-learn
``HistGradientBoostingClassifier`` (binary, numeric features) predicts, without
scikit-learn at run time. Used by the fact-check re-ranker (:mod:`.ranker`) and by the
relation model (:mod:`claimtrack.pairs.model`).

The trees are flat node arrays concatenated over trees (``feature``, ``threshold``,
``left``, ``right``, ``is_leaf``, ``value``), ``roots`` the first node of each tree and
``baseline`` the starting log-odds. A row goes left when ``x[feature] <= threshold`` (the
features are always finite, so missing-value routing never applies).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["export", "from_json", "probability", "to_json"]

_DTYPES = {"feature": np.int64, "threshold": np.float64, "left": np.int64,
           "right": np.int64, "is_leaf": bool, "value": np.float64, "roots": np.int64,
           "baseline": np.float64}  # fmt: skip


def probability(x: np.ndarray, a: dict[str, np.ndarray]) -> np.ndarray:
    """P(class 1) of each row of ``x``: the sigmoid of the summed leaf values."""
    feature, threshold = a["feature"], a["threshold"]
    left, right, leaf, value = a["left"], a["right"], a["is_leaf"], a["value"]
    raw = np.full(x.shape[0], float(a["baseline"]))
    rows = np.arange(x.shape[0])
    for root in a["roots"]:
        node = np.full(x.shape[0], int(root))
        active = ~leaf[node]
        while active.any():
            idx = node[active]
            go_left = x[rows[active], feature[idx]] <= threshold[idx]
            node[active] = np.where(go_left, left[idx], right[idx])
            active = ~leaf[node]
        raw += value[node]
    return 1.0 / (1.0 + np.exp(-raw))


def export(model: Any) -> dict[str, np.ndarray]:
    """The arrays of a fitted binary ``HistGradientBoostingClassifier``."""
    names = ("feature", "threshold", "left", "right", "is_leaf", "value")
    parts: dict[str, list[np.ndarray]] = {k: [] for k in names}
    roots, offset = [], 0
    for (tree,) in model._predictors:
        nodes = tree.nodes
        if bool(np.any(nodes["is_categorical"])):
            raise RuntimeError("categorical splits are not supported by the numpy scorer")
        roots.append(offset)
        parts["feature"].append(nodes["feature_idx"].astype(np.int64))
        parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
        parts["left"].append(nodes["left"].astype(np.int64) + offset)
        parts["right"].append(nodes["right"].astype(np.int64) + offset)
        parts["is_leaf"].append(nodes["is_leaf"].astype(bool))
        parts["value"].append(nodes["value"].astype(np.float64))
        offset += len(nodes)
    arrays = {k: np.concatenate(v) for k, v in parts.items()}
    arrays["roots"] = np.asarray(roots, dtype=np.int64)
    arrays["baseline"] = np.asarray(float(np.ravel(model._baseline_prediction)[0]))
    return arrays


def to_json(arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """The arrays as JSON-ready lists (the relation model ships as JSON)."""
    return {k: np.asarray(v).tolist() for k, v in arrays.items()}


def from_json(d: dict[str, Any]) -> dict[str, np.ndarray]:
    return {k: np.asarray(d[k], dtype=dtype) for k, dtype in _DTYPES.items()}
