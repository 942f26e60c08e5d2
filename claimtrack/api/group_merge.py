"""Merge groups that a ``cluster`` run split: two groups of one fact become one.

Placing claims one at a time, nearest neighbour first, splits a fact: a claim whose nearest
``same`` neighbour is still ungrouped starts a new group with it, even when a group of the
same fact already exists a little further away, and nothing ever joins the two. On the
Derna corpus (``../shared/eval/crossarticle.py``) 100 of 170 missed same-fact pairs sat in
two different groups.

After a run places its claims, each group that gained members this run is compared with
the groups of its members' candidate neighbours, the most similar pair first. Two groups
merge when they are ``same`` as wholes: of the cross pairs between the claims sampled from
each side (the medoid and the members nearest to the other side, :data:`SAMPLE` each), more
than :data:`MIN_SAME_SHARE` are ``same`` (the rest mostly ``related``: a sentence that states
the fact among others) and at most :data:`MAX_CONFLICT_SHARE` of them conflicting (a
stray conflict among many same pairs is one claim's other figure, not two facts; on derna,
the train event, allowing it took group recall 0.64 -> 0.66 with false merges unchanged).
Pairs are asked nearest first, and asking stops as soon as the answer is known (also when
even the nearest pair is unrelated or conflicting).
Groups with an analyst's membership on both sides or an unlinked pair across them are never
merged; a group holding an analyst's membership is always the one that stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from claimtrack.api.group_placer import ordered_pair
from claimtrack.embedding.group_rule import sample_members
from claimtrack.store import groups as group_rows

if TYPE_CHECKING:
    from claimtrack.api.group_placer import Placer
    from claimtrack.store.db import Session

#: Members sampled from each group when two groups are compared (up to SAMPLE² pairs).
SAMPLE = 5
#: Share of the cross pairs that may be ``conflicting`` in a merge (the nearest pair never).
MAX_CONFLICT_SHARE = 0.2
#: Share of the cross pairs that the ``same`` pairs must exceed. Chosen on derna-floods-2023
#: (train event): a strict majority (0.5) merged 16 group pairs, group recall 0.66, false
#: merges 0.006; 0.45 and 0.4: 20 merges, 0.72, 0.011; 0.34: 0.72, 0.011; 0.25-0.3: 0.77
#: but a 57-claim group of several facts, false merges 0.035.
MIN_SAME_SHARE = 0.4


def _unit_mean(vectors: list[np.ndarray]) -> np.ndarray:
    mean = np.mean(np.stack(vectors), axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


class Merger:
    """Candidate group pairs seen during a run, and the merges they lead to."""

    def __init__(self, placer: Placer) -> None:
        self.placer = placer
        self.placed: list[tuple[str, list[tuple[str, float]]]] = []

    def note(self, claim_id: str, found: list[tuple[str, float]]) -> None:
        """``claim_id`` was placed this run; ``found`` are its candidate neighbours."""
        self.placed.append((claim_id, found))

    def candidates(self) -> dict[tuple[str, str], float]:
        """Pairs of groups, each with the best similarity of a member to the other group."""
        placer = self.placer
        out: dict[tuple[str, str], float] = {}
        for claim_id, found in self.placed:
            mine = placer.group_of.get(claim_id)
            if mine is None or mine[1] != "same":
                continue
            for key, score in found:
                for other in placer.by_key.get(key, []):
                    theirs = placer.group_of.get(other["claim_id"])
                    if theirs is None or theirs[1] != "same" or theirs[0] == mine[0]:
                        continue
                    pair = ordered_pair(mine[0], theirs[0])
                    out[pair] = max(out.get(pair, -2.0), float(score))
        return out

    def run(self, session: Session, run_id: str) -> list[tuple[str, str]]:
        """Merge what the candidates allow, rewriting memberships in ``session``; returns the
        (source, target) group of each merge."""
        placer = self.placer
        manual = placer.manual_groups
        forward: dict[str, str] = {}

        def current(group_id: str) -> str:
            while group_id in forward:
                group_id = forward[group_id]
            return group_id

        candidates = self.candidates()
        self._load_members(session, {g for pair in candidates for g in pair})
        merges: list[tuple[str, str]] = []
        for (a, b), _ in sorted(candidates.items(), key=lambda item: -item[1]):
            a, b = current(a), current(b)
            if a == b or (a in manual and b in manual):
                continue
            if not self._same_as_wholes(a, b):
                continue
            source, target = self._direction(a, b, manual)
            placer.regroup(source, target)
            forward[source] = target
            merges.append((source, target))
        # One statement for every move (one each cost ~2 ms): only the placer's state
        # decides merges, so the rows can follow at the end, each to its final group.
        group_rows.move_groups(session, {source: current(source) for source in forward}, run_id)
        return merges

    # ------------------------------------------------------------------ deciding
    def _load_members(self, session: Session, groups: set[str]) -> None:
        placer = self.placer
        keys = {
            placer.key_of[c]
            for g in groups
            for c in (*placer.same_members.get(g, ()), *placer.variants.get(g, ()))
            if c not in placer.rows and c in placer.key_of
        }
        placer.load_keys(session, keys)

    def _sample(self, members: list[str], other: list[np.ndarray], group_id: str) -> list[str]:
        """All of ``members`` when few, else the medoid and those nearest the mean of the
        ``other`` group's vectors (worked out only then: most groups are small)."""
        if len(members) <= SAMPLE:
            return list(members)
        placer = self.placer
        medoid_id = placer.medoid_of(group_id, members)
        towards = placer.similarity_to(_unit_mean(other))
        return sample_members(members, towards, medoid_id, SAMPLE)

    def _same_as_wholes(self, a: str, b: str) -> bool:
        """Groups ``a`` and ``b`` state the same fact (see the module docstring)."""
        placer = self.placer
        members_a = [m for m in placer.same_members.get(a, []) if m in placer.rows]
        members_b = [m for m in placer.same_members.get(b, []) if m in placer.rows]
        vectors_a = [v for m in members_a if (v := placer.vector_of(m)) is not None]
        vectors_b = [v for m in members_b if (v := placer.vector_of(m)) is not None]
        if not vectors_a or not vectors_b or placer.unlinked_across(a, b):
            return False
        sample_a = [
            (x, v) for x in self._sample(members_a, vectors_b, a)
            if (v := placer.vector_of(x)) is not None
        ]  # fmt: skip
        sample_b = [
            (y, v) for y in self._sample(members_b, vectors_a, b)
            if (v := placer.vector_of(y)) is not None
        ]  # fmt: skip
        cross = [(float(va @ vb), x, va, y) for x, va in sample_a for y, vb in sample_b]
        cross.sort(key=lambda item: -item[0])
        same = conflicts = 0
        for done, (_, x, vector, y) in enumerate(cross):
            found = placer.relations(x, vector, [y])
            label = found[0][1].relation if found else None
            if done == 0 and label in (None, "unrelated", "conflicting"):
                return False  # even the nearest pair is unrelated, or in conflict
            conflicts += label == "conflicting"
            if conflicts > MAX_CONFLICT_SHARE * len(cross):
                return False  # more than a stray conflict
            same += label == "same"
            if same + len(cross) - done - 1 <= MIN_SAME_SHARE * len(cross):
                return False  # more than MIN_SAME_SHARE same pairs is out of reach
        return bool(cross)

    def _direction(self, a: str, b: str, manual: set[str]) -> tuple[str, str]:
        """(source, target): the group with an analyst's membership, else the larger, stays."""
        if a in manual:
            return b, a
        if b in manual:
            return a, b
        size = self.placer.size_of
        return (a, b) if (size(a), b) < (size(b), a) else (b, a)
