"""Candidate neighbours that give the same figure for the same thing, however worded.

Two reports of one fact in two languages by two outlets are often far apart as vectors
(cosine 0.3-0.5 for "the quake claimed 2,012 deaths" and "ارتفعت حصيلة ضحايا الزلزال ...
إلى 2012 قتيلا" in a corpus about one event), below ten closer claims about the same event.
The relation step calls such a pair ``same`` (an agreeing value anchor, see
:mod:`claimtrack.embedding.value_anchor`), but ``cluster`` never asked it: the pair was not
among each other's vector neighbours. Here every claim of a run that states an anchor figure
(a counted figure of 100 or more, a percent, a magnitude or depth) also gets, as candidates,
the :data:`PER_CLAIM` claims of other articles nearest to it that give that figure for that
thing (claims of this run and of earlier runs). Placing tries them after its vector
neighbours and the linkage step weighs the clusters they join
(:mod:`claimtrack.api.group_linkage`); the relation step still decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from claimtrack.api.matching import row_facts
from claimtrack.embedding.value_anchor import anchor_keys

if TYPE_CHECKING:
    from claimtrack.embedding.index import VectorIndex

#: Claims sharing an anchor figure added to one claim's candidates (nearest first).
PER_CLAIM = 5
#: Claims sharing one figure beyond which it stops being a candidate source (a magnitude
#: every report of an earthquake gives is a topic, not a fact; nearest PER_CLAIM still come
#: from the dense search).
MAX_SHARED = 200


class AnchorNeighbours:
    """Which claims (by text key) give each anchor figure, and their article."""

    def __init__(self, index: VectorIndex) -> None:
        self.index = index
        self.holders: dict[tuple[str, str, float], list[tuple[str, str]]] = defaultdict(list)
        self.keys_of: dict[str, list[tuple[str, str, float]]] = {}

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            claim_id = row["claim_id"]
            if claim_id in self.keys_of:
                continue
            keys = anchor_keys(row_facts(row))
            self.keys_of[claim_id] = keys
            for key in keys:
                self.holders[key].append((row["text_key"], row["article_id"]))

    def partners(
        self, row: dict[str, Any], query: np.ndarray, found: list[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        """Up to :data:`PER_CLAIM` claims not in ``found`` (text key, cosine) that share an
        anchor with ``row``, from other articles, nearest first."""
        keys = self.keys_of.get(row["claim_id"], [])
        if not keys:
            return []
        have = {key for key, _ in found} | {row["text_key"]}
        wanted: set[str] = set()
        for key in keys:
            holders = self.holders.get(key, [])
            if len(holders) <= MAX_SHARED:
                wanted |= {k for k, article in holders if article != row["article_id"]}
        rows = [
            (k, r) for k in sorted(wanted - have) if (r := self.index.row_of.get(k)) is not None
        ]
        if not rows:
            return []
        scores = self.index.vectors[[r for _, r in rows]] @ query
        best = np.argsort(-scores, kind="stable")[:PER_CLAIM]
        return [(rows[i][0], float(scores[i])) for i in map(int, best)]
