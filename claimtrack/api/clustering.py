"""Group the same claim across articles and languages, incrementally.

New (ungrouped) claims are compared with their nearest neighbours: a ``same`` neighbour
brings the claim into the neighbour's group; a ``conflicting`` one links it to that
group as a conflict (not merged). Analysts' links and unlinks (``claim_links``) always
win: an unlinked pair is never grouped by a re-run, and manual memberships never move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from claimtrack.api.matching import row_facts
from claimtrack.api.vectors import corpus_index
from claimtrack.store import Store
from claimtrack.store import groups as group_rows
from claimtrack.store import vectors as vector_rows
from claimtrack.store.runs import finish_run, start_run

if TYPE_CHECKING:
    from claimtrack.embedding.model import Embedder

NEIGHBOURS = 10
BATCH = 2000


@dataclass(slots=True)
class ClusterReport:
    model_id: str
    considered: int = 0
    joined: int = 0
    conflicts: int = 0
    new_groups: int = 0


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def cluster(
    store: Store, embedder: Embedder, *, on_batch: Callable[[int, int], None] | None = None
) -> ClusterReport:
    """Place every ungrouped, embedded claim; returns what changed."""
    from claimtrack.embedding.relation import relate

    model_id = embedder.model_id
    report = ClusterReport(model_id)
    store.ensure_ready(create=True)
    index = corpus_index(store, "claims", model_id, embedder.dimension)
    with store.session() as session:
        todo = group_rows.ungrouped_claims(session, model_id)
        members = group_rows.memberships(session)
        links = group_rows.latest_links(session)
        run_id = start_run(session, "cluster", model_id, "1", {"claims": todo.height})
    group_of = {
        r["claim_id"]: (r["group_id"], r["relation"]) for r in members.iter_rows(named=True)
    }
    group_claims: dict[str, set[str]] = {}
    for claim_id, (group_id, _) in group_of.items():
        group_claims.setdefault(group_id, set()).add(claim_id)
    unlinked = {
        _pair(r["claim_a"], r["claim_b"])
        for r in links.iter_rows(named=True)
        if r["action"] == "unlink"
    }
    rows = todo.to_dicts()
    report.considered = len(rows)

    def blocked(claim_id: str, group_id: str) -> bool:
        return any(_pair(claim_id, other) in unlinked for other in group_claims.get(group_id, ()))

    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        with store.session() as session:
            stored = vector_rows.vectors_for_keys(
                session, sorted({r["text_key"] for r in batch}), model_id
            )
        queries = np.stack([stored[r["text_key"]] for r in batch])
        hits = index.search_many(queries, NEIGHBOURS)
        keys = sorted({key for found in hits for key, _ in found})
        with store.session() as session:
            neighbours = session.query(
                "claims_by_text_keys",
                {"text_keys": keys, "language": None, "source": None, "since": None},
            )
        by_key: dict[str, list[dict]] = {}
        for neighbour in neighbours.iter_rows(named=True):
            by_key.setdefault(neighbour["text_key"], []).append(neighbour)
        new_members: list[group_rows.Membership] = []
        with store.session() as session, session.transaction():
            for row, found in zip(batch, hits, strict=True):
                if row["claim_id"] in group_of:  # placed earlier in this run
                    continue
                facts = row_facts(row)
                best_same = best_conflict = None
                for key, score in found:
                    for other in by_key.get(key, []):
                        if other["claim_id"] == row["claim_id"]:
                            continue
                        if _pair(row["claim_id"], other["claim_id"]) in unlinked:
                            continue
                        rel = relate(facts, row_facts(other), score, model_id=model_id)
                        if rel.relation == "same" and best_same is None:
                            best_same = (other["claim_id"], score, rel.reasons)
                        elif rel.relation == "conflicting" and best_conflict is None:
                            best_conflict = (other["claim_id"], score, rel.reasons)
                choice = best_same or best_conflict
                if choice is None:
                    continue
                other_id, score, reasons = choice
                if other_id in group_of:
                    group_id, other_relation = group_of[other_id]
                else:
                    group_id, other_relation = (
                        group_rows.new_group(session, model_id, run_id),
                        "same",
                    )
                    report.new_groups += 1
                    group_of[other_id] = (group_id, "same")
                    group_claims.setdefault(group_id, set()).add(other_id)
                    new_members.append(
                        group_rows.Membership(other_id, group_id, "same", "auto", None)
                    )
                if blocked(row["claim_id"], group_id):
                    continue
                # Same as a group's conflicting variant = another copy of that variant.
                relation = (
                    "conflicting"
                    if (choice is best_conflict or other_relation == "conflicting")
                    else "same"
                )
                group_of[row["claim_id"]] = (group_id, relation)
                group_claims.setdefault(group_id, set()).add(row["claim_id"])
                new_members.append(
                    group_rows.Membership(
                        row["claim_id"],
                        group_id,
                        relation,
                        "auto",
                        round(float(score), 4),
                        tuple(reasons) if relation == "conflicting" else (),
                    )
                )
                if relation == "conflicting":
                    report.conflicts += 1
                else:
                    report.joined += 1
            group_rows.add_members(session, new_members, run_id)
            group_rows.mark_clustered(session, [r["claim_id"] for r in batch], model_id, run_id)
        if on_batch is not None:
            on_batch(min(start + BATCH, len(rows)), len(rows))
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
            },
        )
    return report


def list_groups(store: Store, *, min_size: int = 2) -> pl.DataFrame:
    with store.session() as session:
        return group_rows.list_groups(session, min_size)


def group_members(store: Store, group_id: str) -> pl.DataFrame:
    with store.session() as session:
        return group_rows.group_members(session, group_id)
