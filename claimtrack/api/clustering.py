"""Group the same claim across articles and languages, incrementally.

New (ungrouped) claims visit their nearest neighbours first (vector neighbours, or vector
and BM25 neighbours fused); a claim joins a group only when it is ``same`` with the group
as a whole (a majority of a bounded sample of its members, the medoid included), never
through one member, so groups do not chain. A claim that conflicts with a group is linked
to it as a conflicting variant (not merged). After placing, the groups and the claims left
in none that the run touched join best pair first by average linkage over their cores
(:mod:`claimtrack.api.group_linkage`). Analysts' links and unlinks (``claim_links``) always
win: an unlinked pair is never grouped by a re-run, and manual memberships never move. See
:mod:`claimtrack.api.group_placer` and :mod:`claimtrack.embedding.group_rule`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from claimtrack.api.anchor_neighbours import AnchorNeighbours
from claimtrack.api.group_consensus import (
    Consensus,
    Outcome,
    consensus,
    fold_conflicting,
    visiting_order,
)
from claimtrack.api.group_linkage import Linker
from claimtrack.api.group_placer import Memo, Placer, RelationFn
from claimtrack.api.group_rebuild import forget_runs, restore_ids
from claimtrack.api.measure_conflicts import fold_groups, group_differs
from claimtrack.api.vectors import corpus_index
from claimtrack.store import Store
from claimtrack.store import groups as group_rows
from claimtrack.store import vectors as vector_rows
from claimtrack.store.runs import exclusive_run, finish_run

if TYPE_CHECKING:
    from claimtrack.api.retrieval import ClaimRetriever
    from claimtrack.embedding.index import VectorIndex
    from claimtrack.embedding.model import Embedder
    from claimtrack.store.db import Session

NEIGHBOURS = 10
BATCH = 2000
#: Candidate step: "dense" (vector neighbours) or "hybrid" (dense + BM25, RRF-fused).
CANDIDATES = "dense"
#: Add claims giving the same anchor figure to the candidates (:mod:`.anchor_neighbours`).
ANCHOR_CANDIDATES = True
#: A run that places at most CONSENSUS_MAX_CLAIMS claims, with no group there before it, is
#: the consensus of this many visiting orders (:mod:`claimtrack.api.group_consensus`). Ten: measured
#: offline on the crossarticle corpora, the consensus of 5 orders still moved with its bar
#: and 10 and 20 orders gave the same figures (BENCHMARKS.md, tenth session).
CONSENSUS_ORDERS = 10
#: ... each order costs one placing pass (the search is shared): see BENCHMARKS.md.
CONSENSUS_MAX_CLAIMS = 5000
#: A run with new claims over a database of at most this many embedded claims places every
#: claim again (as ``rebuild``; analysts' memberships stay): a consensus over all of them
#: instead of the new ones placed once around fixed groups, which lost a fifth of the
#: same-fact pairs when an event came in 8 parts (BENCHMARKS.md, twelfth session). 0: never.
WHOLE_RUN_MAX_CLAIMS = CONSENSUS_MAX_CLAIMS
#: A run that places new claims around earlier groups (a larger database, or
#: ``incremental``) first forgets the automatic memberships of the groups the new claims'
#: nearest neighbours are in, and places those claims again with the new ones: placed around
#: fixed groups, later readings of a fact piled up as variants of the first and early splits
#: stayed split (BENCHMARKS.md, thirteenth session). False: only the new claims are placed.
PLACE_AROUND_AGAIN = True
#: A group that gives another figure for a fixed quantity (a magnitude, a depth) than a
#: larger group of the same fact becomes its conflicting variants
#: (:mod:`claimtrack.api.measure_conflicts`): in a consensus, every group; placed in one
#: order, the groups a claim of the run links.
FOLD_MEASURES = True
#: Hybrid candidates: query terms in more than this share of claims are left out of BM25.
LEXICAL_MAX_DF = 0.02


@dataclass(slots=True)
class ClusterReport:
    model_id: str
    considered: int = 0
    joined: int = 0
    conflicts: int = 0
    new_groups: int = 0
    merged: int = 0
    #: ``rebuild``: groups that kept the id of an earlier group they hold most of.
    ids_kept: int = 0
    #: Visiting orders whose consensus gave the groups (1: placed once, claim-id order).
    orders: int = 1
    #: Every claim was placed again (``rebuild``, or a small database: see ``incremental``).
    whole: bool = False
    #: Claims placed again around the new ones (:data:`PLACE_AROUND_AGAIN`), among
    #: ``considered``.
    again: int = 0


def cluster(
    store: Store,
    embedder: Embedder,
    *,
    on_batch: Callable[[int, int], None] | None = None,
    relation_fn: RelationFn | None = None,
    candidates: str = CANDIDATES,
    rebuild: bool = False,
    orders: int | None = None,
    incremental: bool = False,
) -> ClusterReport:
    """Place every ungrouped, embedded claim; returns what changed.

    ``rebuild``: first forget what earlier runs decided (automatic memberships, placed
    claims) and place every claim again in this one run, as a first run over all of them
    would (:mod:`claimtrack.api.group_rebuild`); analysts' memberships and links stay. A
    run with new claims does so by itself over a database of at most
    :data:`WHOLE_RUN_MAX_CLAIMS` embedded claims, unless ``incremental``.

    A run with new claims on a larger database (or ``incremental``) places them with the
    claims of the groups their nearest neighbours are in (:data:`PLACE_AROUND_AGAIN`);
    the other groups stay as they are.

    ``orders``: a run is the consensus of this many visiting orders of the claims it places
    (:mod:`claimtrack.api.group_consensus`; groups there before it are fixed points in every
    order); default :data:`CONSENSUS_ORDERS` up to :data:`CONSENSUS_MAX_CLAIMS` claims when
    no group is there before the run, else 1 (one order: claim-id order).

    ``relation_fn(a, b, score, model_id=...)`` labels one pair of
    :class:`~claimtrack.embedding.relation.ClaimFacts` (default: ``relate``; a learned model
    plugs in here). ``candidates`` is "dense" (vector neighbours) or "hybrid" (vector and
    BM25 neighbours fused by reciprocal rank).
    """
    from claimtrack.embedding.relation import relate

    if candidates not in ("dense", "hybrid"):
        raise ValueError(f"candidates must be 'dense' or 'hybrid', not {candidates!r}")
    if orders is not None and orders < 1:
        raise ValueError(f"orders must be at least 1, not {orders}")
    if rebuild and incremental:
        raise ValueError("rebuild and incremental exclude each other")
    store.ensure_ready(create=True)
    params = {"rebuild": rebuild, "incremental": incremental, "orders": orders,
              "candidates": candidates}  # fmt: skip
    with exclusive_run(store, "cluster", embedder.model_id, "2", params) as run_id:
        return _cluster(store, embedder, run_id, on_batch, relation_fn or relate, candidates,
                        rebuild, orders, incremental)  # fmt: skip


def _cluster(
    store: Store,
    embedder: Embedder,
    run_id: str,
    on_batch: Callable[[int, int], None] | None,
    relation_fn: RelationFn,
    candidates: str,
    rebuild: bool,
    orders: int | None,
    incremental: bool,
) -> ClusterReport:
    """:func:`cluster`'s run ``run_id``, recorded and alone on the database."""
    model_id = embedder.model_id
    report = ClusterReport(model_id)
    index = corpus_index(store, "claims", model_id, embedder.dimension)
    before: dict[str, set[str]] = {}
    kept: set[str] = set()
    with store.session() as session:
        if not rebuild and not incremental:
            rebuild = _whole_run_pays(session, model_id)
        if rebuild:
            with session.transaction():
                before, kept = forget_runs(session, model_id)
        todo = group_rows.ungrouped_claims(session, model_id)
        new = todo.height
        memo = None
        if (
            _around_again(rebuild, new, len(index))
            and not (earlier := group_rows.memberships(session)).is_empty()
        ):
            # pairs worked out while choosing are kept for the placing, for a batch of new
            # claims the size of a consensus run (memory: a pair per new claim and neighbour)
            memo = Memo() if new <= CONSENSUS_MAX_CLAIMS else None
            keys = _neighbour_keys(store, index, relation_fn, model_id, todo.to_dicts(), memo)
            with session.transaction():
                before, kept = forget_runs(session, model_id, around=keys, members=earlier)
            todo = group_rows.ungrouped_claims(session, model_id)
        report.again = todo.height - new
        counted = group_rows.counted_claims(session, model_id) if ANCHOR_CANDIDATES else None
        members = group_rows.memberships(session)
        links = group_rows.latest_links(session)
        report.orders = _orders(orders, todo.height, members.height)
        report.whole = rebuild
    retriever = None
    if candidates == "hybrid" and todo.height:
        from claimtrack.api.retrieval import ClaimRetriever

        retriever = ClaimRetriever(store, embedder, vector_index=index)
    rows = todo.to_dicts()
    report.considered = len(rows)
    anchors = None
    if counted is not None and counted.height:
        anchors = AnchorNeighbours(index)
        anchors.add(counted.iter_rows(named=True))
    batches = [rows[start : start + BATCH] for start in range(0, len(rows), BATCH)]
    searches = _Searches(store, index, model_id, retriever, batches)
    run = _Run(store, index, relation_fn, model_id, members, links, run_id, report, memo)
    if report.orders > 1:
        run.by_consensus(rows, searches, anchors, on_batch)
    else:
        run.in_one_order(batches, searches, anchors, on_batch)
    if rebuild or report.again:
        with store.session() as session, session.transaction():
            report.ids_kept = restore_ids(session, model_id, before, kept, run_id)
    with store.session() as session:
        finish_run(
            session,
            run_id,
            "ok",
            {
                "considered": report.considered,
                "joined": report.joined,
                "conflicts": report.conflicts,
                "new_groups": report.new_groups,
                "merged": report.merged,
                "candidates": candidates,
                "ids_kept": report.ids_kept,
                "orders": report.orders,
                "again": report.again,
                "whole": report.whole,
            },
        )
    return report


def _around_again(rebuild: bool, new: int, indexed: int) -> bool:
    """Place the new claims' neighbourhood again (:data:`PLACE_AROUND_AGAIN`): a run that
    does not place every claim, with new claims (and, the caller checks, groups there to
    forget)."""
    return PLACE_AROUND_AGAIN and not rebuild and new > 0 and indexed > 0


def _neighbour_keys(
    store: Store,
    index: VectorIndex,
    relation_fn: RelationFn,
    model_id: str,
    rows: list[dict[str, Any]],
    memo: Memo | None,
) -> set[str]:
    """The texts of ``rows`` and of those of their :data:`NEIGHBOURS` nearest claims that
    the relation step calls ``same`` or ``conflicting`` with them (a nearest claim of
    another fact changes nothing where the new claim goes). ``memo`` keeps the relations
    for the placing that follows."""
    placer = Placer(index, relation_fn, model_id, memo)
    keys: set[str] = set()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        queries = _query_vectors(store, index, model_id, batch)
        found = index.search_many(queries, NEIGHBOURS)
        with store.session() as session:
            placer.fetch(session, batch, found)
        for row, query, hits in zip(batch, queries, found, strict=True):
            keys.add(row["text_key"])
            others = [other["claim_id"] for key, _ in hits for other in placer.by_key[key]]
            for other, relation in placer.relations(row["claim_id"], query, others):
                if other != row["claim_id"] and relation.relation in ("same", "conflicting"):
                    keys.add(placer.key_of[other])
    return keys


def _query_vectors(
    store: Store, index: VectorIndex, model_id: str, batch: list[dict[str, Any]]
) -> np.ndarray:
    """The vectors of ``batch``'s texts, from the index (normalised, as the placer reads
    the other side of each pair) or, for any it lacks, from the store."""
    # Reading them from the index instead of the store took 0.15-0.3 s a batch of 2,000 out
    # of the placing thread at 100k claims.
    row_of = index.row_of
    rows = [row for r in batch if (row := row_of.get(r["text_key"])) is not None]
    if len(rows) == len(batch):
        return index.vectors[rows]
    with store.session() as session:
        stored = vector_rows.vectors_for_keys(
            session, sorted({r["text_key"] for r in batch}), model_id
        )
    return np.stack([stored[r["text_key"]] for r in batch])


def _whole_run_pays(session: Session, model_id: str) -> bool:
    """Place every claim again: there are new claims, groups made by earlier runs, and at
    most :data:`WHOLE_RUN_MAX_CLAIMS` embedded claims (seconds). Analysts' memberships stay
    where they are, as in ``rebuild``; with them the run places once (see :func:`_orders`)."""
    if not 0 < group_rows.embedded_count(session, model_id) <= WHOLE_RUN_MAX_CLAIMS:
        return False  # one count first: a large database reads nothing more here
    if group_rows.memberships(session).is_empty():
        return False  # a first run places every claim anyway
    return not group_rows.ungrouped_claims(session, model_id).is_empty()


def _orders(asked: int | None, claims: int, memberships: int) -> int:
    """Visiting orders for a run placing ``claims`` claims: one when there is nothing to
    order; the ``asked`` number (groups there before the run are fixed points in every
    order); else :data:`CONSENSUS_ORDERS` up to :data:`CONSENSUS_MAX_CLAIMS` claims when no
    group is there before the run, one when there is: around fixed groups the consensus
    grouped no more pairs than one order (derna, train: 149 vs 153 of 174, 8 parts; BENCHMARKS.md,
    thirteenth session) at ten times the cost."""
    if claims < 2:
        return 1
    if asked is not None:
        return asked
    if memberships:
        return 1
    return CONSENSUS_ORDERS if claims <= CONSENSUS_MAX_CLAIMS else 1


class _Run:
    """One ``cluster`` run's placing: in one order with writes per batch, or the consensus
    of several orders written at the end."""

    def __init__(
        self,
        store: Store,
        index: VectorIndex,
        relation_fn: RelationFn,
        model_id: str,
        members: pl.DataFrame,
        links: pl.DataFrame,
        run_id: str,
        report: ClusterReport,
        memo: Memo | None = None,
    ) -> None:
        self.store, self.index, self.relation_fn = store, index, relation_fn
        self.model_id, self.members, self.links = model_id, members, links
        self.run_id, self.report = run_id, report
        #: Relations already worked out for this run (the neighbourhood of its new claims).
        self.memo = memo

    def _placer(self, memo: Memo | None = None) -> tuple[Placer, Linker]:
        placer = Placer(self.index, self.relation_fn, self.model_id, memo)
        placer.load(self.members, self.links)
        return placer, Linker(placer)

    def _visit(
        self,
        placer: Placer,
        linker: Linker,
        session: Session,
        row: dict[str, Any],
        query: np.ndarray,
        found: list[tuple[str, float]],
        anchored: list[tuple[str, float]],
        report: ClusterReport,
    ) -> list[group_rows.Membership]:
        """Place one claim (unless placed earlier in this run); the memberships it made."""
        linker.note(row["claim_id"], [*found, *anchored])
        if row["claim_id"] in placer.group_of:
            return []
        choice = placer.place(row, query, found, anchored)
        if choice is None:
            return []
        return placer.commit(session, row, choice, self.run_id, report)

    def in_one_order(
        self,
        batches: list[list[dict[str, Any]]],
        searches: _Searches,
        anchors: AnchorNeighbours | None,
        on_batch: Callable[[int, int], None] | None,
    ) -> None:
        placer, linker = self._placer(self.memo)
        report, run_id, model_id = self.report, self.run_id, self.model_id
        total = sum(map(len, batches))
        for number, batch in enumerate(batches):
            queries, hits = searches.take(number)
            extra = _anchored(anchors, batch, queries, hits)
            with self.store.session() as session:
                placer.fetch(session, batch, [*hits, *extra])
                new_members: list[group_rows.Membership] = []
                with session.transaction():
                    for row, query, found, anchored in zip(
                        batch, queries, hits, extra, strict=True
                    ):
                        new_members += self._visit(
                            placer, linker, session, row, query, found, anchored, report
                        )
                    placer.write_new_groups(session, run_id)
                    group_rows.add_members(session, new_members, run_id)
                    group_rows.mark_clustered(
                        session, [r["claim_id"] for r in batch], model_id, run_id
                    )
            if on_batch is not None:
                on_batch(min((number + 1) * BATCH, total), total)
        if linker.noted:
            with self.store.session() as session, session.transaction():
                linked = linker.run(session, run_id)
                folds = fold_groups(linker, session) if FOLD_MEASURES else []
                group_rows.fold_groups(session, folds, run_id)
            report.joined += linked.joined
            report.new_groups += linked.new_groups
            report.merged = linked.merged
            for source, target, _ in folds:
                report.conflicts += len(placer.fold(source, target))

    def by_consensus(
        self,
        rows: list[dict[str, Any]],
        searches: _Searches,
        anchors: AnchorNeighbours | None,
        on_batch: Callable[[int, int], None] | None,
    ) -> None:
        queries: list[np.ndarray] = []
        hits: list[list[tuple[str, float]]] = []
        for number in range(len(searches.batches)):
            found_queries, found = searches.take(number)
            queries.extend(found_queries)
            hits.extend(found)
        extra = _anchored(anchors, rows, queries, hits)
        outcomes: list[Outcome] = []
        unlinked: set[tuple[str, str]] = set()
        memo = self.memo or Memo()  # every order asks mostly the same pairs
        region = {row["claim_id"] for row in rows}
        with self.store.session() as session:
            for seed in range(self.report.orders):
                placer, linker = self._placer(memo)
                placer.fetch(session, rows, [*hits, *extra])
                scratch = ClusterReport(self.model_id)
                reasons: dict[str, tuple[str, ...]] = {}
                for i in visiting_order(len(rows), seed):
                    for m in self._visit(
                        placer, linker, session, rows[i], queries[i], hits[i], extra[i], scratch
                    ):
                        reasons[m.claim_id] = m.reasons
                linker.run(session, self.run_id, write=False)
                outcomes.append(Outcome(_placed_with(placer, region), reasons))
                unlinked = placer.unlinked
                if on_batch is not None:
                    on_batch(len(rows) * (seed + 1) // self.report.orders, len(rows))
        agreed = consensus(outcomes, unlinked)
        fixed = dict(zip(self.members["claim_id"], self.members["group_id"], strict=True))
        if FOLD_MEASURES:
            known = [{c: s for c, s in g.items() if c in placer.rows} for g in agreed.groups]
            differs = group_differs(placer, known)
            agreed = fold_conflicting(agreed, lambda small, large: None if any(
                c in fixed for c in agreed.groups[small]) else differs(small, large))  # fmt: skip
        self._write(agreed, rows, fixed)

    def _write(self, agreed: Consensus, rows: list[dict[str, Any]], fixed: dict[str, str]) -> None:
        """Write the consensus: a group holding claims of a group there before the run (a
        fixed point) adds the run's claims to that group (the one of most of them), the
        others are new groups. Claims there before the run keep their memberships."""
        new_ids: list[str] = []
        targets: list[str] = []
        for group in agreed.groups:
            homes = Counter(fixed[c] for c in group if c in fixed)
            if homes:
                targets.append(min(homes, key=lambda g: (-homes[g], g)))
            else:
                new_ids.append(group_rows.new_group_id())
                targets.append(new_ids[-1])
            self.report.joined += sum(c not in fixed for c in group) - (0 if homes else 1)
        new_members = [
            group_rows.Membership(claim_id, group_id, "same", "auto", share)
            for group_id, group in zip(targets, agreed.groups, strict=True)
            for claim_id, share in group.items()
            if claim_id not in fixed
        ]
        new_members += [
            group_rows.Membership(claim_id, targets[k], "conflicting", "auto", share, reasons)
            for claim_id, (k, share, reasons) in agreed.variants.items()
            if claim_id not in fixed
        ]
        with self.store.session() as session, session.transaction():
            group_rows.add_groups(session, new_ids, self.model_id, self.run_id)
            group_rows.add_members(session, new_members, self.run_id)
            group_rows.mark_clustered(
                session, [r["claim_id"] for r in rows], self.model_id, self.run_id
            )
        self.report.new_groups = len(new_ids)
        self.report.conflicts = sum(m.relation == "conflicting" for m in new_members)


def _placed_with(placer: Placer, region: set[str]) -> dict[str, tuple[str, str]]:
    """One order's outcome: where the run's claims (``region``) went, and the ``same``
    members of the groups there before the run that they joined."""
    # in the placer's order (visiting order), never a set's: the consensus breaks ties by
    # the order pairs were first counted in, and runs must repeat
    placed = {c: where for c, where in placer.group_of.items() if c in region}
    for group_id in dict.fromkeys(group_id for group_id, _ in placed.values()):
        for claim_id in placer.same_members.get(group_id, ()):
            placed.setdefault(claim_id, (group_id, "same"))
    return placed


def _anchored(
    anchors: AnchorNeighbours | None,
    rows: list[dict[str, Any]],
    queries: Any,
    hits: list[list[tuple[str, float]]],
) -> list[list[tuple[str, float]]]:
    if anchors is None:
        return [[] for _ in rows]
    return [
        anchors.partners(row, query, found)
        for row, query, found in zip(rows, queries, hits, strict=True)
    ]


class _Searches:
    """The candidate neighbours of each batch, the next batch's searched in a thread while
    the current one is placed.

    A dense search is one matrix product (numpy leaves the GIL to BLAS), placing is Python
    on one core: overlapped, the run takes about the longer of the two instead of their
    sum. The searches read only the index and the stored vectors, which placing does not
    change, so the hits are the ones a search after placing would find. Hybrid candidates
    (BM25 in Python) are searched in turn, in this thread.
    """

    def __init__(
        self,
        store: Store,
        index: VectorIndex,
        model_id: str,
        retriever: ClaimRetriever | None,
        batches: list[list[dict[str, Any]]],
    ) -> None:
        self.store, self.index, self.model_id = store, index, model_id
        self.retriever, self.batches = retriever, batches
        self.pool = ThreadPoolExecutor(max_workers=1) if retriever is None else None
        self.pending: Future[list[list[tuple[str, float]]]] | None = None
        self.pending_queries: np.ndarray | None = None
        if batches:
            self._start(0)

    def _start(self, number: int) -> None:
        queries = _query_vectors(self.store, self.index, self.model_id, self.batches[number])
        self.pending_queries = queries
        if self.pool is not None:
            self.pending = self.pool.submit(self.index.search_many, queries, NEIGHBOURS)

    def take(self, number: int) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
        """The queries and hits of batch ``number`` (batches are taken in order)."""
        queries, pending = self.pending_queries, self.pending
        assert queries is not None
        if pending is not None:
            hits = pending.result()
        else:
            assert self.retriever is not None
            fused = self.retriever.candidates(
                queries,
                [r["text"] for r in self.batches[number]],
                NEIGHBOURS,
                max_df=LEXICAL_MAX_DF,
            )
            hits = [[(c.text_key, c.dense_score or 0.0) for c in found] for found in fused]
        if number + 1 < len(self.batches):
            self._start(number + 1)
        elif self.pool is not None:
            self.pool.shutdown()
        return queries, hits


def list_groups(store: Store, *, min_size: int = 2) -> pl.DataFrame:
    with store.session() as session:
        return group_rows.list_groups(session, min_size)


def group_members(store: Store, group_id: str) -> pl.DataFrame:
    with store.session() as session:
        return group_rows.group_members(session, group_id)
