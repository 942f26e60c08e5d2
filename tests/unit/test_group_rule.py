"""The group-joining rule on its own (issue 10, point 6)."""

from __future__ import annotations

import numpy as np

from claimtrack.embedding.group_rule import judge, medoid, sample_members
from claimtrack.embedding.relation import Relation


def rel(label: str, score: float = 0.8) -> Relation:
    return Relation(label, score, [f"{label} reason"])  # type: ignore[arg-type]


def test_one_member_of_two_is_not_enough() -> None:
    assert judge([rel("same"), rel("related")]).relation is None


def test_strict_majority_joins() -> None:
    verdict = judge([rel("same"), rel("same"), rel("related")])
    assert verdict.relation == "same" and verdict.checked == 3


def test_medoid_joins_only_without_a_conflict() -> None:
    assert judge([rel("same"), rel("related"), rel("related")], medoid_same=True).relation == (
        "same"
    )
    with_conflict = judge([rel("same"), rel("conflicting"), rel("related")], medoid_same=True)
    assert with_conflict.relation == "conflicting"


def test_conflicting_variant() -> None:
    verdict = judge([rel("conflicting", 0.9), rel("related")])
    assert verdict.relation == "conflicting" and verdict.reasons == ["conflicting reason"]
    assert judge([]).relation is None


def test_sample_keeps_the_medoid_and_the_nearest() -> None:
    members = [f"m{i}" for i in range(10)]
    similarity = {m: i / 10 for i, m in enumerate(members)}.__getitem__
    sample = sample_members(members, similarity, "m0", limit=4)
    assert sample == ["m0", "m9", "m8", "m7"]
    assert sample_members(members[:3], similarity, None) == members[:3]


def test_medoid_is_the_central_vector() -> None:
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.6, 0.8], [0.0, 1.0]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert medoid(vectors) in (1, 2)
