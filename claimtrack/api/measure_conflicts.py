"""Is one group a conflicting variant of another? A different measurement.

A fact-checker wants "magnitude 7" as one group with its conflicting variants ("6.8", the
USGS reading), not two groups side by side. When several reports of "6.8" meet before the
"7" group forms, placing makes a "6.8" group, and the consensus keeps it
(:func:`claimtrack.api.group_consensus.fold_conflicting` folds it back); a run placed in one
order (an incremental run, or one over more claims than a consensus takes) folds the groups
its claims touched (:func:`fold_groups`). Only fixed quantities count
(``value_anchor.FIXED_QUANTITIES``: a magnitude, a depth, a population): a later death toll
is another fact, not a conflicting variant of the first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from claimtrack.api.group_consensus import fold_plan
from claimtrack.embedding.value_anchor import FIXED_QUANTITIES, anchor_keys

if TYPE_CHECKING:
    from claimtrack.api.group_linkage import Linker
    from claimtrack.api.group_placer import Placer
    from claimtrack.embedding.relation import ClaimFacts
    from claimtrack.store.db import Session

#: Members a side whose cross pairs are compared (those most orders agreed on).
SAMPLE = 3


def signature(facts: list[ClaimFacts]) -> dict[str, float]:
    """The figure most of ``facts`` give for each fixed quantity they measure. A claim that
    also counts something else is left out: in "2,122 killed when a magnitude-7 quake
    struck" the magnitude names the event, and the claim is about its toll."""
    seen: dict[str, Counter[float]] = defaultdict(Counter)
    for one in facts:
        keys = anchor_keys(one)
        if any(what not in FIXED_QUANTITIES for what, _, _ in keys):
            continue
        for what, _, value in keys:
            seen[what][value] += 1
    return {what: figures.most_common(1)[0][0] for what, figures in seen.items()}


def group_differs(
    placer: Placer, groups: list[dict[str, float]]
) -> Callable[[int, int], tuple[str, ...] | None]:
    """``differs(small, large)`` for :func:`fold_conflicting`: the two groups' usual figures
    for a fixed quantity differ, and most cross pairs of their cores are ``conflicting``
    (none ``same``). Returns the reasons of the first conflicting pair."""
    signatures = [signature([placer.facts_of(c) for c in group]) for group in groups]

    def core(group: dict[str, float]) -> list[str]:
        return sorted(group, key=lambda c: (-group[c], c))[:SAMPLE]

    def differs(small: int, large: int) -> tuple[str, ...] | None:
        mine, theirs = signatures[small], signatures[large]
        if not any(what in theirs and theirs[what] != value for what, value in mine.items()):
            return None
        targets = core(groups[large])
        found = [
            relation
            for claim_id in core(groups[small])
            if (vector := placer.vector_of(claim_id)) is not None
            for _, relation in placer.relations(claim_id, vector, targets)
        ]
        conflicts = [r for r in found if r.relation == "conflicting"]
        if 2 * len(conflicts) <= len(found) or any(r.relation == "same" for r in found):
            return None
        return tuple(conflicts[0].reasons)

    return differs


def fold_groups(linker: Linker, session: Session) -> list[tuple[str, str, tuple[str, ...]]]:
    """One order's folds, after its joins: ``(group, host, reasons)`` for each group that
    becomes conflicting variants of a larger neighbouring group (:func:`group_differs`,
    tried as :func:`~claimtrack.api.group_consensus.fold_plan` does). Only pairs of groups
    that a claim of this run links are asked; a group holding an analyst's membership never
    folds, nor one whose claims an analyst unlinked from the host's."""
    placer = linker.placer
    pairs = linker.neighbouring_groups(session)
    ids = sorted({g for pair in pairs for g in pair}, key=lambda g: min(placer.same_members[g]))
    at = {g: i for i, g in enumerate(ids)}
    near: dict[int, set[int]] = {}
    for a, b in pairs:
        for small, large in ((a, b), (b, a)):
            if small not in placer.manual_groups and not placer.unlinked_across(small, large):
                near.setdefault(at[small], set()).add(at[large])
    groups = []
    for g in ids:
        core = linker.core(g)
        rank = {c: 1.0 - k / (len(core) + 1) for k, c in enumerate(core)}
        groups.append({c: rank.get(c, 0.0) for c in placer.same_members[g] if c in placer.rows})
    sizes = [len(placer.same_members[g]) for g in ids]
    plan = fold_plan(sizes, group_differs(placer, groups), near)
    return [(ids[small], ids[large], reasons) for small, (large, reasons) in plan.items()]
