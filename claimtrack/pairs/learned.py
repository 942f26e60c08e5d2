"""``relate`` with the learned model: label, calibrated probabilities and reasons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from claimtrack.embedding.relation import ClaimFacts, Relation, RelationLabel, differences
from claimtrack.pairs.features import feature_matrix, pair_features, same_wording
from claimtrack.pairs.model import load_relation_model


def _relation(
    a: ClaimFacts,
    b: ClaimFacts,
    score: float,
    probs: Sequence[float],
    label: str,
    reasons: list[str] | None = None,
) -> Relation:
    p_same, p_conf, p_rel = probs
    reasons = differences(a, b) if reasons is None else list(reasons)
    summary = f"p_same {p_same:.2f}, p_conflicting {p_conf:.2f}, p_related {p_rel:.2f}"
    if label != "same" and not reasons and same_wording(a, b):
        # A copy or a light edit: the model never saw such pairs in training and called
        # identical claims "conflicting" (p 0.83-0.97).
        label, shown = "same", ["same wording", f"model said {label}", summary]
    elif label == "conflicting" and reasons:
        shown = reasons
    elif label == "conflicting":
        shown = ["same fact, wording differs in substance", summary]
    else:
        shown = [summary, *reasons]
    return Relation(
        cast(RelationLabel, label),
        score,
        shown,
        p_same=round(p_same, 4),
        p_conflicting=round(p_conf, 4),
        p_related=round(p_rel, 4),
    )


def relate_learned(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation | None:
    """The learned label of one pair, or ``None`` when no model applies (use the rules)."""
    model = load_relation_model(model_id)
    if model is None:
        return None
    reasons = differences(a, b)  # once: the features and the label's reasons share them
    probs, labels = model.predict(pair_features(a, b, score, reasons=reasons).reshape(1, -1))
    return _relation(a, b, score, probs[0].tolist(), labels[0], reasons)


def relate_many(
    pairs: Sequence[tuple[ClaimFacts, ClaimFacts]], scores: Sequence[float], *, model_id: str
) -> list[Relation] | None:
    """Batch :func:`relate_learned` (features as one matrix), ``None`` without a model."""
    model = load_relation_model(model_id)
    if model is None:
        return None
    probs, labels = model.predict(feature_matrix(pairs, scores))
    return [
        _relation(a, b, float(s), probs[i].tolist(), labels[i])
        for i, ((a, b), s) in enumerate(zip(pairs, scores, strict=True))
    ]
