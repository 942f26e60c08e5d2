"""The state of one ``cluster`` run: which claim is in which group, and where a new one goes.

A claim visits its candidate neighbours nearest first. Each neighbour stands for its group
(or for itself when it has none yet); the claim is compared with a bounded sample of that
group's ``same`` members (:mod:`claimtrack.embedding.group_rule`) and joins the first group
it is ``same`` with as a whole. A group it conflicts with instead gets it as a conflicting
variant; a claim that is ``same`` as one of a group's conflicting variants, and conflicts
with the group too, is another copy of that variant. Analysts' unlinks block a group for
the pair's claims.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import polars as pl

from claimtrack.api.matching import row_facts
from claimtrack.embedding.group_rule import (
    MAX_CHECK,
    MEDOID_POOL,
    GroupVerdict,
    confident_same,
    judge,
    medoid,
    sample_members,
)
from claimtrack.store import groups as group_rows

if TYPE_CHECKING:
    from claimtrack.embedding.index import VectorIndex
    from claimtrack.embedding.relation import ClaimFacts, Relation
    from claimtrack.store.db import Session

#: Distinct groups (or ungrouped neighbours) a claim is checked against, nearest first.
CANDIDATE_GROUPS = 5
#: A claim the same as one of a group's conflicting variants is another copy of it only
#: when it conflicts with the group itself (not when merely related to its members).
COPY_NEEDS_CONFLICT = True


class RelationFn(Protocol):
    def __call__(
        self, a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str
    ) -> Relation: ...


@dataclass(slots=True)
class Memo:
    """Claim facts and pair relations (by claim ids), for placers that see the same pairs."""

    facts: dict[str, ClaimFacts] = field(default_factory=dict)
    pairs: dict[tuple[str, str], Relation] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Choice:
    """Where a claim goes: ``group_id`` (None: a new group with ``partner``), as what."""

    group_id: str | None
    partner: str
    relation: str  # same | conflicting
    verdict: GroupVerdict
    #: Conflicting as another copy of one of the group's conflicting variants.
    variant_copy: bool = False


def ordered_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class Placer:
    def __init__(
        self,
        index: VectorIndex,
        relation_fn: RelationFn,
        model_id: str,
        memo: Memo | None = None,
    ) -> None:
        self.index = index
        self.relation_fn = relation_fn
        self.model_id = model_id
        self.row_of = {key: i for i, key in enumerate(index.ids)}
        self.group_of: dict[str, tuple[str, str]] = {}
        self.same_members: dict[str, list[str]] = {}
        self.variants: dict[str, list[str]] = {}
        self.key_of: dict[str, str] = {}
        self.rows: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, list[dict[str, Any]]] = {}
        self.unlinked: set[tuple[str, str]] = set()
        self.manual_groups: set[str] = set()
        #: Facts and pair relations already worked out; shared by the placers of one run's
        #: visiting orders (:mod:`claimtrack.api.group_consensus`), None: not kept.
        self.memo = memo
        self._facts: dict[str, ClaimFacts] = {} if memo is None else memo.facts
        self._medoids: dict[str, tuple[int, str]] = {}
        #: Groups made since the last :meth:`write_new_groups` (their rows not yet written).
        self.new_groups: list[str] = []

    # ------------------------------------------------------------------ loading
    def load(self, members: pl.DataFrame, links: pl.DataFrame) -> None:
        for r in members.iter_rows(named=True):
            self._add(r["claim_id"], r["group_id"], r["relation"])
            self.key_of[r["claim_id"]] = r["text_key"]
            if r["method"] == "manual":
                self.manual_groups.add(r["group_id"])
        self.unlinked = {
            ordered_pair(r["claim_a"], r["claim_b"])
            for r in links.iter_rows(named=True)
            if r["action"] == "unlink"
        }

    def _add(self, claim_id: str, group_id: str, relation: str) -> None:
        self.group_of[claim_id] = (group_id, relation)
        side = self.same_members if relation == "same" else self.variants
        side.setdefault(group_id, []).append(claim_id)

    def add_same(self, claim_id: str, group_id: str) -> None:
        """``claim_id`` (in no group yet) is now a ``same`` member of ``group_id``."""
        self._add(claim_id, group_id, "same")

    def size_of(self, group_id: str) -> int:
        return len(self.same_members.get(group_id, ())) + len(self.variants.get(group_id, ()))

    def unlinked_across(self, a: str, b: str) -> bool:
        """An analyst unlinked a claim of group ``a`` from a claim of group ``b``."""
        groups = {a, b}
        return any(
            {self.group_of.get(x, ("",))[0], self.group_of.get(y, ("",))[0]} == groups
            for x, y in self.unlinked
        )

    def similarity_to(self, query: np.ndarray) -> Callable[[str], float]:
        """Cosine of a claim's vector with ``query`` (-2 for a claim without a vector)."""

        def similarity(claim_id: str) -> float:
            vector = self.vector_of(claim_id)
            return -2.0 if vector is None else float(vector @ query)

        return similarity

    def regroup(self, source: str, target: str) -> None:
        """Every member of ``source`` now belongs to ``target`` (same relation as before)."""
        for side in (self.same_members, self.variants):
            moved = side.pop(source, [])
            side.setdefault(target, []).extend(moved)
            for claim_id in moved:
                self.group_of[claim_id] = (target, self.group_of[claim_id][1])
        self._medoids.pop(source, None)
        self._medoids.pop(target, None)

    def fold(self, source: str, target: str) -> list[str]:
        """Every member of ``source`` is now a conflicting variant of ``target``; returns
        those that were ``same`` members of ``source``."""
        moved = self.same_members.pop(source, [])
        for claim_id in [*moved, *self.variants.pop(source, [])]:
            self._add(claim_id, target, "conflicting")
        self._medoids.pop(source, None)
        return moved

    def _remember(self, row: dict[str, Any]) -> None:
        if row["claim_id"] not in self.rows:
            self.rows[row["claim_id"]] = row
            self.key_of[row["claim_id"]] = row["text_key"]
            self.by_key.setdefault(row["text_key"], []).append(row)

    def fetch(
        self, session: Session, batch: list[dict[str, Any]], hits: list[list[tuple[str, float]]]
    ) -> None:
        """Load the rows of the batch's neighbours and of the groups they belong to."""
        for row in batch:
            self._remember(row)
        keys = {key for found in hits for key, _ in found} - self.by_key.keys()
        self.load_keys(session, keys)
        groups = {
            self.group_of[c][0]
            for key in {k for found in hits for k, _ in found}
            for row in self.by_key.get(key, [])
            if (c := row["claim_id"]) in self.group_of
        }
        wanted = {
            self.key_of[c]
            for g in groups
            for c in (*self.same_members.get(g, ())[:MEDOID_POOL], *self.variants.get(g, ()))
            if c not in self.rows and c in self.key_of
        }
        self.load_keys(session, wanted)

    def load_keys(self, session: Session, keys: set[str]) -> None:
        if not keys:
            return
        found = session.query(
            "claims_by_text_keys",
            {"text_keys": sorted(keys), "language": None, "source": None, "since": None},
        )
        for row in found.iter_rows(named=True):
            self._remember(row)
        for key in keys:
            self.by_key.setdefault(key, [])

    # ------------------------------------------------------------------ deciding
    def vector_of(self, claim_id: str) -> np.ndarray | None:
        row = self.row_of.get(self.key_of.get(claim_id, ""))
        return None if row is None else self.index.vectors[row]

    def facts_of(self, claim_id: str) -> ClaimFacts:
        facts = self._facts.get(claim_id)
        if facts is None:
            facts = self._facts[claim_id] = row_facts(self.rows[claim_id])
        return facts

    def relations(
        self, claim_id: str, query: np.ndarray, others: list[str]
    ) -> list[tuple[str, Relation]]:
        out = []
        facts = self.facts_of(claim_id)
        for other in others:
            vector = self.vector_of(other)
            if vector is None or other not in self.rows:
                continue
            known = None if self.memo is None else self.memo.pairs.get((claim_id, other))
            if known is None:
                score = float(vector @ query)
                other_facts = self.facts_of(other)
                known = self.relation_fn(facts, other_facts, score, model_id=self.model_id)
                if self.memo is not None:
                    self.memo.pairs[(claim_id, other)] = known
            out.append((other, known))
        return out

    def medoid_of(self, group_id: str, members: list[str]) -> str | None:
        cached = self._medoids.get(group_id)
        if cached is not None and cached[0] == len(members):
            return cached[1]
        pool = [m for m in members[:MEDOID_POOL] if self.vector_of(m) is not None]
        if not pool:
            return None
        best = pool[medoid(np.stack([self.vector_of(m) for m in pool]))]  # type: ignore[misc]
        self._medoids[group_id] = (len(members), best)
        return best

    def place(
        self,
        row: dict[str, Any],
        query: np.ndarray,
        found: list[tuple[str, float]],
        anchored: Sequence[tuple[str, float]] = (),
    ) -> Choice | None:
        """The group ``row`` joins (or conflicts with), nearest neighbours first.

        ``anchored``: claims giving the same anchor figure for the same thing (text key,
        cosine; :mod:`claimtrack.api.anchor_neighbours`), tried next, for a ``same`` home
        only, beyond the :data:`CANDIDATE_GROUPS` nearest. A claim that merely conflicts
        with its neighbours takes such a home: "the toll climbed to 2,946" goes with the
        other reports of 2,946, not as a variant of the nearest group, which reports 2,862
        (a later toll is another fact). Another copy of a group's conflicting variant stays
        one."""
        claim_id = row["claim_id"]
        query = query / max(float(np.linalg.norm(query)), 1e-12)
        seen: set[str] = set()
        conflict: Choice | None = None
        nearest = (
            candidate
            for key, _ in sorted(found, key=lambda hit: -hit[1])
            for candidate in self._candidates(key, claim_id, seen)
        )
        for group_id, other_id in itertools.islice(nearest, CANDIDATE_GROUPS):
            choice = self._try(claim_id, query, group_id, other_id)
            if choice is not None and choice.relation == "same":
                return choice
            if choice is not None and conflict is None:
                conflict = choice
        if conflict is not None and conflict.variant_copy:
            return conflict
        for key, _ in anchored:
            for group_id, other_id in self._candidates(key, claim_id, seen):
                choice = self._try(claim_id, query, group_id, other_id)
                if choice is not None and choice.relation == "same":
                    return choice
        return conflict

    def _candidates(
        self, key: str, claim_id: str, seen: set[str]
    ) -> Iterator[tuple[str | None, str]]:
        """(group, claim) for each claim with text ``key`` whose group (or the claim itself,
        when in none) is not in ``seen``; adds it to ``seen``."""
        for other in self.by_key.get(key, []):
            other_id = other["claim_id"]
            if other_id == claim_id:
                continue
            group_id = self.group_of[other_id][0] if other_id in self.group_of else None
            token = group_id or f"solo:{other_id}"
            if token not in seen:
                seen.add(token)
                yield group_id, other_id

    def _try(
        self, claim_id: str, query: np.ndarray, group_id: str | None, other_id: str
    ) -> Choice | None:
        members = self.same_members.get(group_id, []) if group_id else [other_id]
        variants = self.variants.get(group_id, []) if group_id else []
        if any(ordered_pair(claim_id, m) in self.unlinked for m in (*members, *variants)):
            return None

        similarity = self.similarity_to(query)
        medoid_id = self.medoid_of(group_id, members) if group_id and len(members) >= 3 else None
        sample = sample_members(members, similarity, medoid_id)
        relations = self.relations(claim_id, query, sample)
        medoid_same = any(m == medoid_id and r.relation == "same" for m, r in relations)
        verdict = judge([r for _, r in relations], medoid_same=medoid_same)
        partner = other_id if group_id is None else (sample[0] if sample else other_id)
        # A new group needs a confident pair; an existing one is joined as a whole.
        if verdict.relation == "same" and (group_id or confident_same(relations[0][1])):
            return Choice(group_id, partner, "same", verdict)
        if variants and (not COPY_NEEDS_CONFLICT or verdict.relation == "conflicting"):
            # another copy of one of the group's conflicting variants
            nearest = sorted(variants, key=similarity, reverse=True)[:MAX_CHECK]
            for variant, rel in self.relations(claim_id, query, nearest):
                if rel.relation == "same":
                    reasons = verdict.reasons or [f"same as conflicting variant {variant}"]
                    return Choice(group_id, partner, "conflicting", GroupVerdict(
                        "conflicting", rel.score, reasons, verdict.checked), True)  # fmt: skip
        if verdict.relation == "conflicting":
            return Choice(group_id, partner, "conflicting", verdict)
        return None

    # ------------------------------------------------------------------ writing
    def write_new_groups(self, session: Session, run_id: str) -> None:
        """Insert the rows of the groups :meth:`commit` made since the last call."""
        group_rows.add_groups(session, self.new_groups, self.model_id, run_id)
        self.new_groups = []

    def commit(
        self,
        session: Session,
        row: dict[str, Any],
        choice: Choice,
        run_id: str,
        report: Any,
    ) -> list[group_rows.Membership]:
        out: list[group_rows.Membership] = []
        group_id = choice.group_id
        if group_id is None:
            group_id = group_rows.new_group_id()
            self.new_groups.append(group_id)
            report.new_groups += 1
            self._add(choice.partner, group_id, "same")
            out.append(group_rows.Membership(choice.partner, group_id, "same", "auto", None))
        relation = choice.relation
        self._add(row["claim_id"], group_id, relation)
        out.append(
            group_rows.Membership(
                row["claim_id"],
                group_id,
                relation,
                "auto",
                round(float(choice.verdict.score), 4),
                tuple(choice.verdict.reasons) if relation == "conflicting" else (),
            )
        )
        if relation == "conflicting":
            report.conflicts += 1
        else:
            report.joined += 1
        return out
