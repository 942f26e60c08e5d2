"""What the relation step derives from one claim alone, worked out once per claim.

``cluster`` compares each claim with many others (its neighbours, a sample of each
candidate group, the groups a merge weighs), and every comparison used to redo the same
per-claim work: anchors, stems, values sorted by kind, entity keys. :func:`derived` keeps
each result in the claim's ``ClaimFacts.memo``, so a pair costs only the comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from claimtrack.embedding.relation import ClaimFacts

T = TypeVar("T")


def derived(facts: ClaimFacts, name: str, compute: Callable[[ClaimFacts], T]) -> T:
    """``compute(facts)``, worked out once per claim (kept in ``facts.memo`` under
    ``name``); the result is shared, so callers must not change it."""
    memo = facts.memo
    if name not in memo:
        memo[name] = compute(facts)
    return cast(T, memo[name])
