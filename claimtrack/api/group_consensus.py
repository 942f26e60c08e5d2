"""A whole run's groups as the consensus of several visiting orders.

Placing visits claims one at a time, and whoever comes first seeds a group: on the
crossarticle corpora the same claims in 20 random orders gave group recalls 0.61-0.70 (one
event), and claim-id order is just one of those draws (BENCHMARKS.md, "The visiting order
decides a share of the groups"). When one run places every claim (the first
run over a database, or ``cluster --rebuild`` with no analyst's group), :func:`consensus`
places and links them in ``orders`` seeded orders, counts how often each pair of claims
ended up as ``same`` members of one group, and joins claims by **average linkage** over
those shares: two clusters join while the mean share of their cross pairs is at least
:data:`SHARE`. A claim left in no group is the conflicting variant of the consensus group
that most orders linked it to (at least half of them). The result no longer depends on the
order claims arrived in, and is stable from run to run (fixed seeds).

Analysts' unlinks hold: no join puts an unlinked pair in one group. A run with groups there
before it (analysts' groups, groups away from a run's new claims) places once, in claim-id
order, unless asked for several orders: then those groups are fixed points, the same in every
order, their members counted with the run's claims that joined them, so a consensus group
holding some of them adds the run's claims to that group (``clustering._Run``).
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Least mean share of orders that put the cross pairs of two clusters in one group for the
#: clusters to join: a majority. On derna-floods-2023 (train event, 10 orders, 10 sets of
#: seeds) the median pairwise F1 was 0.902 at 0.4 and 0.910-0.914 from 0.5 to 0.8.
SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Outcome:
    """One order's result: claim -> (group, relation), and each variant's reasons."""

    placed: dict[str, tuple[str, str]]
    reasons: dict[str, tuple[str, ...]]


@dataclass(slots=True)
class Consensus:
    """Groups (``same`` claim ids with the share of orders that agreed) and variants."""

    groups: list[dict[str, float]]
    #: claim -> (index into ``groups``, share of orders, reasons)
    variants: dict[str, tuple[int, float, tuple[str, ...]]]


def visiting_order(count: int, seed: int) -> list[int]:
    """Positions 0..count-1 in the order of ``seed`` (0: as given)."""
    order = list(range(count))
    if seed:
        random.Random(seed).shuffle(order)
    return order


def consensus(outcomes: Sequence[Outcome], unlinked: Iterable[tuple[str, str]] = ()) -> Consensus:
    """The groups the ``outcomes`` of several orders agree on (see the module doc)."""
    runs = len(outcomes)
    same = [_same_members(outcome) for outcome in outcomes]
    together: Counter[tuple[str, str]] = Counter()
    for members in same:
        for claim_ids in members.values():
            together.update(itertools.combinations(sorted(claim_ids), 2))
    clusters = _average_linkage(together, runs, set(unlinked))
    groups = [
        {c: _mean_share(c, cluster, together, runs) for c in sorted(cluster)}
        for cluster in clusters
    ]
    return Consensus(groups, _variants(outcomes, same, groups))


def _same_members(outcome: Outcome) -> dict[str, list[str]]:
    """Group -> its ``same`` members, in one order's outcome."""
    members: dict[str, list[str]] = defaultdict(list)
    for claim_id, (group_id, relation) in outcome.placed.items():
        if relation == "same":
            members[group_id].append(claim_id)
    return members


def _mean_share(
    claim_id: str, cluster: set[str], together: Counter[tuple[str, str]], runs: int
) -> float:
    others = [c for c in cluster if c != claim_id]
    total = sum(together[(min(claim_id, c), max(claim_id, c))] for c in others)
    return round(total / (runs * len(others)), 4)


def _average_linkage(
    together: Counter[tuple[str, str]], runs: int, unlinked: set[tuple[str, str]]
) -> list[set[str]]:
    """Clusters of claims joined best pair first while their mean share is >= SHARE.

    Pairs that never shared a group count as 0, so only clusters with a shared pair are
    ever scored (a heap over those, re-scored lazily after each join)."""
    members: dict[int, set[str]] = {}
    cluster_of: dict[str, int] = {}
    cross: dict[int, dict[int, int]] = defaultdict(dict)  # summed counts between clusters
    for (a, b), n in together.items():
        for claim_id in (a, b):
            if claim_id not in cluster_of:
                cluster_of[claim_id] = len(members)
                members[len(members)] = {claim_id}
        x, y = cluster_of[a], cluster_of[b]
        cross[x][y] = cross[y][x] = cross[x].get(y, 0) + n
    blocked = {frozenset(pair) for pair in unlinked}

    def share(x: int, y: int) -> float:
        return cross[x].get(y, 0) / (runs * len(members[x]) * len(members[y]))

    heap = [(-share(x, y), x, y) for x in cross for y in cross[x] if x < y]
    heapq.heapify(heap)
    while heap:
        score, x, y = heapq.heappop(heap)
        if -score < SHARE:
            break  # every current score is in the heap: none left reaches the bar
        if x not in members or y not in members or -score != share(x, y):
            continue  # stale: a side is gone or changed (pushed again with its score)
        if any(frozenset((a, b)) in blocked for a in members[x] for b in members[y]):
            continue
        members[x] |= members.pop(y)
        for other, n in cross.pop(y).items():
            cross[other].pop(y, None)
            if other != x:
                cross[x][other] = cross[other][x] = cross[x].get(other, 0) + n
        for other in cross[x]:
            heapq.heappush(heap, (-share(x, other), min(x, other), max(x, other)))
    return [m for m in members.values() if len(m) > 1]


def _variants(
    outcomes: Sequence[Outcome],
    same: Sequence[dict[str, list[str]]],
    groups: list[dict[str, float]],
) -> dict[str, tuple[int, float, tuple[str, ...]]]:
    """Claims in no consensus group, linked as a variant of the consensus group holding most
    members of the group an order linked them to, when at least half the orders agree."""
    grouped = {c: i for i, group in enumerate(groups) for c in group}
    votes: dict[str, Counter[int]] = defaultdict(Counter)
    reasons: dict[tuple[str, int], tuple[str, ...]] = {}
    for outcome, members in zip(outcomes, same, strict=True):
        for claim_id, (group_id, relation) in outcome.placed.items():
            if relation != "conflicting" or claim_id in grouped:
                continue
            homes = Counter(grouped[c] for c in members[group_id] if c in grouped)
            if homes:
                home = min(homes, key=lambda k: (-homes[k], k))
                votes[claim_id][home] += 1
                reasons.setdefault((claim_id, home), outcome.reasons.get(claim_id, ()))
    out: dict[str, tuple[int, float, tuple[str, ...]]] = {}
    for claim_id, counted in sorted(votes.items()):
        home, n = min(counted.items(), key=lambda kv: (-kv[1], kv[0]))
        if 2 * n >= len(outcomes):
            out[claim_id] = (home, round(n / len(outcomes), 4), reasons[(claim_id, home)])
    return out


def fold_plan(
    sizes: Sequence[int],
    differs: Callable[[int, int], tuple[str, ...] | None],
    near: Mapping[int, Iterable[int]] | None = None,
) -> dict[int, tuple[int, tuple[str, ...]]]:
    """Which groups fold into which: ``{small: (host, reasons)}``. Groups are tried smallest
    first against larger (or equal) groups, largest first (ties by index); a group that took
    one in is never folded, nor one folded a host. ``near[small]``: the groups worth asking
    ``differs`` about for ``small`` (default: all), so a run over many groups asks only
    neighbours instead of every pair."""
    by_size = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    rank = {group: position for position, group in enumerate(by_size)}
    host_of: dict[int, tuple[int, tuple[str, ...]]] = {}
    hosts: set[int] = set()
    for small in reversed(by_size):
        if small in hosts:
            continue
        larger = by_size if near is None else sorted(near.get(small, ()), key=rank.__getitem__)
        for large in larger:
            if sizes[large] < sizes[small]:
                break
            if large == small or large in host_of:
                continue
            reasons = differs(small, large)
            if reasons is not None:
                host_of[small] = (large, reasons)
                hosts.add(large)
                break
    return host_of


def fold_conflicting(
    agreed: Consensus, differs: Callable[[int, int], tuple[str, ...] | None]
) -> Consensus:
    """Groups that state the same fact with another measurement fold into a larger one.

    Orders that met two reports of "6.8" before the "7" group formed made a "6.8" group of
    their own, so a consensus can show two groups where the desk wants one group with its
    conflicting variants. ``differs(small, large)`` (group indexes) gives the reasons when
    group ``small`` is a conflicting variant of group ``large``, else None (order of trial:
    :func:`fold_plan`). A folded group's members become conflicting variants of its host,
    each with the share of orders that agreed on its own group, and so do its own
    variants."""
    groups = agreed.groups
    host_of = fold_plan([len(group) for group in groups], differs)
    kept = [i for i in range(len(groups)) if i not in host_of]
    index = {old: new for new, old in enumerate(kept)}
    variants: dict[str, tuple[int, float, tuple[str, ...]]] = {}
    for claim_id, (k, share, reasons) in agreed.variants.items():
        home = host_of[k][0] if k in host_of else k
        variants[claim_id] = (index[home], share, reasons)
    for small, (large, reasons) in host_of.items():
        for claim_id, share in groups[small].items():
            variants[claim_id] = (index[large], share, reasons)
    return Consensus([groups[i] for i in kept], dict(sorted(variants.items())))
