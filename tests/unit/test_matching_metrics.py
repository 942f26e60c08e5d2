"""Retrieval scorers used by `claimtrack eval match` / `eval factchecks`, on hand-made cases."""

from __future__ import annotations

import pytest

from claimtrack.evaluation.matching import (
    accuracy,
    average_precision_at_k,
    map_at_k,
    mrr,
    recall_at_k,
    success_at_k,
)

RANKED = {"q1": ["d3", "d1", "d9"], "q2": ["d5", "d6", "d7"], "q3": []}
QRELS = {"q1": {"d1"}, "q2": {"d5", "d7"}, "q3": {"d8"}}


def test_average_precision_counts_each_relevant_hit() -> None:
    assert average_precision_at_k(["d3", "d1"], {"d1"}, 5) == pytest.approx(0.5)
    # d5 at 1 (1/1), d7 at 3 (2/3): (1 + 2/3) / 2 relevant
    assert average_precision_at_k(["d5", "d6", "d7"], {"d5", "d7"}, 5) == pytest.approx(5 / 6)
    assert average_precision_at_k(["d5", "d6", "d7"], {"d5", "d7"}, 1) == pytest.approx(0.5)
    assert average_precision_at_k(["x"], set(), 5) == 0.0


def test_map_recall_success_mrr() -> None:
    assert map_at_k(RANKED, QRELS, 5) == pytest.approx((0.5 + 5 / 6 + 0.0) / 3)
    assert recall_at_k(RANKED, QRELS, 1) == pytest.approx((0 + 0.5 + 0) / 3)
    assert recall_at_k(RANKED, QRELS, 5) == pytest.approx((1 + 1 + 0) / 3)
    assert success_at_k(RANKED, QRELS, 1) == pytest.approx(1 / 3)
    assert mrr(RANKED, QRELS) == pytest.approx((0.5 + 1.0 + 0.0) / 3)


def test_accuracy_requires_equal_lengths() -> None:
    assert accuracy(["same", "conflicting"], ["same", "same"]) == 0.5
    with pytest.raises(ValueError, match="2 predictions for 1"):
        accuracy(["a", "b"], ["a"])
