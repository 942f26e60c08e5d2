"""The learned relation model: two stages over :mod:`.features`, numpy only.

Stage 1 gives P(same fact) (``same`` or ``conflicting`` vs ``related``); stage 2, among
same-fact pairs, P(conflicting). Each stage is a logistic regression or boosted trees
(:mod:`claimtrack.embedding.trees`; the model card says which ships).
So ``p_same = p1 * (1 - p2)``,
``p_conflicting = p1 * p2``, ``p_related = 1 - p1``. Coefficients and the scaler were
fitted by ``bench/train_relation.py`` (scikit-learn) and ship as JSON in
``claimtrack/resources/relation/``; see its MODEL_CARD.md.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from claimtrack.embedding import trees as tree_arrays
from claimtrack.pairs.features import FEATURE_NAMES, SWAPPED

RESOURCE = ("claimtrack.resources", "relation", "model.json")
#: ``CLAIMTRACK_RELATION_MODEL=off`` makes :func:`claimtrack.embedding.relation.relate`
#: use the hand-set rules (the fallback, and the "before" of the benchmarks).
ENV_SWITCH = "CLAIMTRACK_RELATION_MODEL"


@dataclass(frozen=True)
class Stage:
    """One stage: logistic (``mean``/``scale``/``coef``) or boosted ``trees``."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    columns: np.ndarray
    trees: dict[str, np.ndarray] | None = None

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P of the stage's class for each row, the same for (a, b) and (b, a): the stage
        sees the pair both ways round (``features.SWAPPED``) and averages (log-odds for
        the logistic stage), so ``compare`` and ``cluster`` never depend on which claim
        comes first."""
        turned = x[:, SWAPPED]
        if self.trees is not None:
            forth = tree_arrays.probability(x[:, self.columns], self.trees)
            back = tree_arrays.probability(turned[:, self.columns], self.trees)
            return (forth + back) / 2
        z = (self._logit(x) + self._logit(turned)) / 2
        return 1.0 / (1.0 + np.exp(-z))

    def _logit(self, x: np.ndarray) -> np.ndarray:
        return ((x[:, self.columns] - self.mean) / self.scale) @ self.coef + self.intercept

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Stage:
        trees = d.get("trees")
        empty: list[float] = []
        return cls(
            features=tuple(d["features"]),
            mean=np.asarray(d.get("mean", empty), dtype=np.float64),
            scale=np.asarray(d.get("scale", empty), dtype=np.float64),
            coef=np.asarray(d.get("coef", empty), dtype=np.float64),
            intercept=float(d.get("intercept", 0.0)),
            threshold=float(d["threshold"]),
            columns=np.asarray([FEATURE_NAMES.index(f) for f in d["features"]], dtype=np.intp),
            trees=tree_arrays.from_json(trees) if trees else None,
        )


@dataclass(frozen=True)
class RelationModel:
    """Both stages plus the embedding model they were fitted for."""

    same_fact: Stage
    conflicting: Stage
    embedding_model: str
    version: str

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """``(n, 3)`` p_same, p_conflicting, p_related per feature row, and the labels."""
        p1 = self.same_fact.probability(x)
        p2 = self.conflicting.probability(x)
        probs = np.stack([p1 * (1 - p2), p1 * p2, 1 - p1], axis=1)
        return probs, [
            "related"
            if q1 < self.same_fact.threshold
            else ("conflicting" if q2 >= self.conflicting.threshold else "same")
            for q1, q2 in zip(p1.tolist(), p2.tolist(), strict=True)
        ]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RelationModel:
        return cls(
            same_fact=Stage.from_dict(d["same_fact"]),
            conflicting=Stage.from_dict(d["conflicting"]),
            embedding_model=str(d["embedding_model"]),
            version=str(d.get("version", "")),
        )


def learned_enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("off", "0", "false", "rules")


@lru_cache(maxsize=1)
def _shipped() -> RelationModel | None:
    package, folder, name = RESOURCE
    path = resources.files(package).joinpath(folder).joinpath(name)
    if not path.is_file():
        return None
    return RelationModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


def load_relation_model(model_id: str) -> RelationModel | None:
    """The shipped model when it was fitted on ``model_id``'s cosines and the learned step
    is not switched off; ``None`` means: use the rules."""
    if not learned_enabled():
        return None
    model = _shipped()
    if model is None or model.embedding_model != model_id:
        return None
    return model
