"""When does a claim join a group? Against the group as a whole, never through one member.

Joining a group through any one ``same`` member chains: A~B and B~C put C with A even when
A and C state different facts. Here a claim is checked against a bounded sample of the
group's ``same`` members (all of them up to :data:`MAX_CHECK`; beyond that the group's
medoid plus the members nearest to the claim) and joins only when it is ``same`` with a
strict majority of that sample, or, in a group of three or more, with its medoid (and
conflicts with no sampled member). A claim that conflicts with the sample at least as often
as it agrees is the group's conflicting variant. Two ungrouped claims start a group only
on a confident ``same`` (:func:`confident_same`).

Pure functions over :class:`claimtrack.embedding.relation.Relation` results: the caller
supplies the relation function (hand-set rules or a learned model).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from claimtrack.embedding.relation import Relation

#: Most members a candidate claim is compared with, per group.
MAX_CHECK = 7
#: Two ungrouped claims start a new group only on a confident ``same``: the learned model's
#: P(same) at least this, or a shared anchor figure, or the same wording (rules decide
#: without a probability). A weak ``same`` between two claims about one topic ("the UN
#: reported 11,300 dead" / "the UN warned of landmines") made two-claim groups that then
#: kept each claim out of its fact's group. Chosen on derna-floods-2023 (train event):
#: group recall 0.55 (no bar) / 0.62 (0.6) / 0.67 (0.75 and 0.85) / 0.57 (0.95).
NEW_GROUP_P_SAME = 0.75
#: Members considered when a large group's medoid is computed (cost is quadratic).
MEDOID_POOL = 64


@dataclass(frozen=True)
class GroupVerdict:
    """``relation`` is "same" (join), "conflicting" (link as a variant) or None (neither)."""

    relation: Literal["same", "conflicting"] | None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    checked: int = 0


def medoid(vectors: np.ndarray) -> int:
    """Row of ``vectors`` (unit rows) with the highest total cosine to the others."""
    if len(vectors) <= 2:
        return 0
    sims = vectors @ vectors.T
    return int(np.argmax(sims.sum(axis=1)))


def sample_members(
    members: Sequence[str],
    similarity: Callable[[str], float],
    medoid_id: str | None,
    limit: int = MAX_CHECK,
) -> list[str]:
    """The members to compare a claim with: all when few, else the medoid + the nearest."""
    if len(members) <= limit:
        return list(members)
    chosen = [medoid_id] if medoid_id is not None and medoid_id in members else []
    rest = sorted((m for m in members if m != medoid_id), key=similarity, reverse=True)
    return [*chosen, *rest[: limit - len(chosen)]]


def judge(results: Sequence[Relation], *, medoid_same: bool = False) -> GroupVerdict:
    """Verdict of one claim against a group from its relations with the sampled members.

    ``medoid_same``: the claim is ``same`` with the medoid of a group of three or more (the
    caller computes it); that joins too, unless the claim conflicts with a sampled member.
    """
    n = len(results)
    if n == 0:
        return GroupVerdict(None)
    same = [r for r in results if r.relation == "same"]
    conflicts = [r for r in results if r.relation == "conflicting"]
    if same and medoid_same and not conflicts:
        score = max(r.score for r in same)
        return GroupVerdict("same", score, [f"same as the medoid ({len(same)} of {n})"], n)
    if 2 * len(same) > n:
        score = max(r.score for r in same)
        return GroupVerdict("same", score, [f"same as {len(same)} of {n} members"], n)
    if conflicts and len(conflicts) >= len(same):
        best = max(conflicts, key=lambda r: r.score)
        return GroupVerdict("conflicting", best.score, list(best.reasons), n)
    return GroupVerdict(None, checked=n)


def confident_same(relation: Relation) -> bool:
    """A ``same`` strong enough to start a new group (:data:`NEW_GROUP_P_SAME`)."""
    if relation.p_same is None or relation.p_same >= NEW_GROUP_P_SAME:
        return True
    return any("anchor" in r or "same wording" in r for r in relation.reasons)
