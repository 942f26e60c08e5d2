"""After placing: join groups, and the claims left ungrouped, by average linkage.

Placing claims one at a time (:mod:`claimtrack.api.group_placer`) is precise but splits a
fact: a claim whose nearest ``same`` neighbour is still ungrouped starts a new group with
it, a claim that no group accepts stays alone, and nothing joins them later. On the
crossarticle corpora (``../shared/eval/crossarticle.py``) placing alone grouped 64 of 174
same-fact pairs of derna-floods-2023 (the train event).

So after a run places its claims, every pair of *clusters* (a group, or a claim without
one) that a claim of the run has among its candidate neighbours is scored by **average
linkage** over the cross pairs of up to :data:`SAMPLE` members a side (those nearest their
cluster's mean vector, not those nearest the other side): the mean of a pair's weight,
P(same) for a pair labelled ``same`` (1 when rules decide, without probabilities),
:data:`CONFLICT_WEIGHT` for a ``conflicting`` pair, 0 for ``related``. The best-scoring pair
joins while its linkage is at least :data:`MIN_LINKAGE` and more than a share of its cross
pairs are ``same``: a strict majority when one side is a single claim (a claim joins a group
only when it is the same claim as most of it, never through one member), more than
:data:`GROUP_SAME_SHARE` for two groups. The joined cluster's links are scored again.

Best pair first over the whole run, averaged over each cluster's core: the greedy merge
this replaces (groups in order of their nearest members, judged on the members nearest each
other) grew one 59-claim group of a dozen facts on the morocco-earthquake-2023 dev event.

Conflicting variants stay where placing put them. Groups with an analyst's membership on
both sides, or an analyst's unlink across two clusters, are never joined; a group holding
an analyst's membership is always the one that stays.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from claimtrack.api.group_placer import ordered_pair
from claimtrack.store import groups as group_rows

if TYPE_CHECKING:
    from claimtrack.api.group_placer import Placer
    from claimtrack.store.db import Session

#: Members a side whose cross pairs are averaged (up to SAMPLE² relations per pair).
SAMPLE = 7
#: Least average linkage at which two clusters join. Chosen on derna-floods-2023 (train
#: event); see BENCHMARKS.md "Average linkage".
MIN_LINKAGE = 0.3
#: Weight of a ``conflicting`` cross pair in the average (a ``related`` one weighs 0).
CONFLICT_WEIGHT = -1.0
#: Share of the cross pairs that must be ``same`` (more than): a claim joins a cluster only
#: when it is the same claim as most of it (issue 10 point 6: never through one member).
CLAIM_SAME_SHARE = 0.5
#: ... and two groups merge above this share: group_merge's bar, chosen on derna-floods-2023
#: (train event) for the merge pass this replaces (0.5 merged 16 group pairs, group recall
#: 0.66; 0.4: 20 merges, 0.72, false merges 0.006 -> 0.011; 0.25-0.3: a 57-claim group).
GROUP_SAME_SHARE = 0.4


class LinkCounts(NamedTuple):
    """What one run's joins did: claims that joined a group, groups made, groups merged."""

    joined: int
    new_groups: int
    merged: int


class Linker:
    """The clusters a ``cluster`` run touched, and the joins average linkage allows.

    A cluster is ``g:<group id>`` or ``c:<claim id>`` (a claim in no group)."""

    def __init__(self, placer: Placer) -> None:
        self.placer = placer
        self.noted: list[tuple[str, list[tuple[str, float]]]] = []
        self._weights: dict[tuple[str, str], float] = {}
        self._cores: dict[str, tuple[int, list[str], np.ndarray]] = {}

    def note(self, claim_id: str, found: list[tuple[str, float]]) -> None:
        """``claim_id`` was considered this run; ``found`` are its candidate neighbours."""
        self.noted.append((claim_id, found))

    # ------------------------------------------------------------------ clusters
    def _cluster(self, claim_id: str) -> str | None:
        placed = self.placer.group_of.get(claim_id)
        if placed is None:
            return f"c:{claim_id}"
        return f"g:{placed[0]}" if placed[1] == "same" else None  # variants stay put

    def _home(self, claim_id: str) -> str:
        placed = self.placer.group_of.get(claim_id)
        return f"c:{claim_id}" if placed is None else f"g:{placed[0]}"

    def _members(self, cluster: str) -> list[str]:
        if cluster.startswith("c:"):
            return [cluster[2:]]
        return self.placer.same_members.get(cluster[2:], [])

    def _adjacency(self) -> dict[str, set[str]]:
        placer = self.placer
        near: dict[str, set[str]] = defaultdict(set)
        for claim_id, found in self.noted:
            mine = self._cluster(claim_id)
            if mine is None or placer.vector_of(claim_id) is None:
                continue
            for key, _ in found:
                for other in placer.by_key.get(key, []):
                    theirs = self._cluster(other["claim_id"])
                    if theirs is not None and theirs != mine:
                        near[mine].add(theirs)
                        near[theirs].add(mine)
        return near

    def _load_members(self, session: Session, clusters: set[str]) -> None:
        placer = self.placer
        keys = {
            placer.key_of[c]
            for g in clusters
            if g.startswith("g:")
            for c in (*placer.same_members.get(g[2:], ()), *placer.variants.get(g[2:], ()))
            if c not in placer.rows and c in placer.key_of
        }
        placer.load_keys(session, keys)

    def neighbouring_groups(self, session: Session) -> set[tuple[str, str]]:
        """Pairs of groups (ids, in order) of which one holds a claim of this run that has
        a member of the other among its candidate neighbours; their members loaded."""
        near = self._adjacency()
        pairs = {
            ordered_pair(a[2:], b[2:])
            for a, others in near.items()
            if a.startswith("g:")
            for b in others
            if b.startswith("g:")
        }
        self._load_members(session, {f"g:{g}" for pair in pairs for g in pair})
        return pairs

    def core(self, group_id: str) -> list[str]:
        """The members that stand for ``group_id`` (see :meth:`linkage`), nearest its mean
        vector first."""
        found = self._core(f"g:{group_id}")
        return [] if found is None else found[0]

    # ------------------------------------------------------------------ scoring
    def _core(self, cluster: str) -> tuple[list[str], np.ndarray] | None:
        """The members whose cross pairs stand for ``cluster`` (all when few, else the
        :data:`SAMPLE` nearest their mean vector) and their vectors; None when none has a
        vector. Kept as rows of the index (a few ints a cluster), not as vectors."""
        members = self._members(cluster)
        cached = self._cores.get(cluster)
        if cached is None or cached[0] != len(members):
            placer = self.placer
            ids: list[str] = []
            rows: list[int] = []
            for m in members:
                row = placer.row_of.get(placer.key_of.get(m, ""))
                if row is not None and m in placer.rows:
                    ids.append(m)
                    rows.append(row)
            if len(ids) > SAMPLE:
                vectors = placer.index.vectors[rows]
                order = np.argsort(-(vectors @ vectors.mean(axis=0)), kind="stable")[:SAMPLE]
                ids, rows = [ids[int(i)] for i in order], [rows[int(i)] for i in order]
            cached = self._cores[cluster] = (len(members), ids, np.asarray(rows, dtype=np.int64))
        _, core, at = cached
        return (core, self.placer.index.vectors[at]) if core else None

    def _weight(self, x: str, y: str) -> float:
        pair = ordered_pair(x, y)
        weight = self._weights.get(pair)
        if weight is None:
            placer = self.placer
            found = placer.relations(x, placer.vector_of(x), [y])  # type: ignore[arg-type]
            relation = found[0][1] if found else None
            if relation is None or relation.relation not in ("same", "conflicting"):
                weight = 0.0
            elif relation.relation == "conflicting":
                weight = CONFLICT_WEIGHT
            else:
                weight = 1.0 if relation.p_same is None else float(relation.p_same)
            self._weights[pair] = weight
        return weight

    def linkage(self, a: str, b: str) -> float:
        """Average weight of the cross pairs of ``a`` and ``b``'s samples, or 0 when no
        more than :data:`CLAIM_SAME_SHARE` of them (a claim and a cluster) or
        :data:`GROUP_SAME_SHARE` (two groups) are ``same``. Nearest pair first: when even
        that pair is not the same claim, 0 without asking the rest."""
        core_a, core_b = self._core(a), self._core(b)
        if core_a is None or core_b is None or self._blocked(a, b):
            return 0.0
        (ids_a, vectors_a), (ids_b, vectors_b) = core_a, core_b
        cross = vectors_a @ vectors_b.T
        order = np.argsort(-cross, axis=None, kind="stable")
        n = cross.size
        alone = a.startswith("c:") or b.startswith("c:")
        bar = CLAIM_SAME_SHARE if alone else GROUP_SAME_SHARE
        total = 0.0
        same = 0
        for done, flat in enumerate(order.tolist()):
            row, column = divmod(flat, len(ids_b))
            weight = self._weight(ids_a[row], ids_b[column])
            if done == 0 and weight <= 0:
                return 0.0
            total += weight
            same += weight > 0
            left = n - done - 1
            if total + left < MIN_LINKAGE * n or same + left <= bar * n:
                return 0.0  # out of reach even if every pair left were the same claim
        return total / n if same > bar * n else 0.0

    def _blocked(self, a: str, b: str) -> bool:
        placer = self.placer
        if a[2:] in placer.manual_groups and b[2:] in placer.manual_groups:
            return True
        return any({self._home(x), self._home(y)} == {a, b} for x, y in placer.unlinked)

    # ------------------------------------------------------------------ joining
    def run(self, session: Session, run_id: str, *, write: bool = True) -> LinkCounts:
        """Join what average linkage allows, writing memberships in ``session`` (``write``
        False: only the placer's state changes, as for one of several visiting orders)."""
        near = self._adjacency()
        self._load_members(session, set(near))
        version: dict[str, int] = defaultdict(int)
        heap: list[tuple[float, str, str, str, str, int, int]] = []

        def push(a: str, b: str) -> None:
            score = self.linkage(a, b)
            if score >= MIN_LINKAGE:
                # ties broken by claim ids, not by (random) group ids: runs repeat
                first_a, first_b = min(self._members(a)), min(self._members(b))
                low, high = sorted((first_a, first_b))
                heapq.heappush(heap, (-score, low, high, a, b, version[a], version[b]))

        for a, others in near.items():
            for b in others:
                if a < b:
                    push(a, b)
        joins = _Joins(self.placer)
        while heap:
            score, _, _, a, b, version_a, version_b = heapq.heappop(heap)
            if version[a] != version_a or version[b] != version_b:
                continue  # one side changed (or is gone) since: scored again when it did
            kept = joins.join(a, b, -score)
            for side in (a, b):
                if side != kept:
                    version[side] = -1
            version[kept] += 1
            neighbours = (near.pop(a, set()) | near.pop(b, set())) - {a, b}
            near[kept] = neighbours
            for other in neighbours:
                near[other] -= {a, b}
                near[other].add(kept)
            self._cores.pop(kept, None)
            for other in neighbours:
                push(kept, other)
        if write:
            joins.write(session, run_id)
        return LinkCounts(joins.joined, joins.new_groups, joins.merged)


class _Joins:
    """The joins of one run, applied to the placer's state and written at the end."""

    def __init__(self, placer: Placer) -> None:
        self.placer = placer
        self.forward: dict[str, str] = {}  # group -> group it moved into
        self.members: list[group_rows.Membership] = []
        self.joined = self.new_groups = self.merged = 0

    def current(self, group_id: str) -> str:
        while group_id in self.forward:
            group_id = self.forward[group_id]
        return group_id

    def join(self, a: str, b: str, score: float) -> str:
        """Join clusters ``a`` and ``b``; returns the cluster they now are."""
        placer = self.placer
        if a.startswith("c:") and b.startswith("c:"):
            group_id = group_rows.new_group_id()
            placer.new_groups.append(group_id)
            self.new_groups += 1
            for cluster in (a, b):
                self._add(cluster[2:], group_id, score)
            return f"g:{group_id}"
        if a.startswith("c:") or b.startswith("c:"):
            claim, group = (a, b) if a.startswith("c:") else (b, a)
            self._add(claim[2:], group[2:], score)
            return group
        source, target = self._direction(a[2:], b[2:])
        placer.regroup(source, target)
        self.forward[source] = target
        self.merged += 1
        return f"g:{target}"

    def _add(self, claim_id: str, group_id: str, score: float) -> None:
        self.placer.add_same(claim_id, group_id)
        self.members.append(
            group_rows.Membership(claim_id, group_id, "same", "auto", round(score, 4))
        )
        self.joined += 1

    def _direction(self, a: str, b: str) -> tuple[str, str]:
        """(source, target): the group with an analyst's membership, else the larger, stays."""
        manual = self.placer.manual_groups
        if a in manual:
            return b, a
        if b in manual:
            return a, b
        size = self.placer.size_of
        return (a, b) if (size(a), b) < (size(b), a) else (b, a)

    def write(self, session: Session, run_id: str) -> None:
        # Only the placer's state decides joins, so rows follow at the end, each to its
        # final group: new groups, then new members, then every group move in one statement.
        self.placer.write_new_groups(session, run_id)
        members = [replace(m, group_id=self.current(m.group_id)) for m in self.members]
        group_rows.add_members(session, members, run_id)
        moves = {source: self.current(source) for source in self.forward}
        group_rows.move_groups(session, moves, run_id)
