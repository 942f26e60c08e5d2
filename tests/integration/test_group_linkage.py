"""After placing, clusters join by average linkage over their cores (issue 10, point 6).

Claims are placed in claim-id order, each joining its nearest ``same`` neighbour: c1 starts
a group with c2, and c3, whose nearest neighbour c4 is still ungrouped, starts a second
group with c4, although all four state one fact. The linkage step after placing joins the
two groups, and only when their cross pairs say so: the nearest pair is ``same``, more than
``GROUP_SAME_SHARE`` of the pairs are, and their mean weight reaches ``MIN_LINKAGE``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cluster_support import (
    TOLL_TEXTS,
    TOLL_VECTORS,
    FakeEmbedder,
    members_of,
    partition,
    toll_store,
)

from claimtrack.api import group_linkage
from claimtrack.api.clustering import cluster
from claimtrack.embedding.relation import ClaimFacts, Relation
from claimtrack.store import Store

TEXTS = TOLL_TEXTS
# The nearest cross pair is c2-c3.
INSIDE = {frozenset(("c1", "c2")), frozenset(("c3", "c4"))}


def _store(tmp_path: Path, texts: dict[str, str] = TEXTS, vectors: Any = TOLL_VECTORS) -> Store:
    return toll_store(tmp_path, texts, vectors)


def _relation(
    labels: dict[frozenset[str], str],
    default: str,
    *,
    texts: dict[str, str] = TEXTS,
    inside: set[frozenset[str]] = INSIDE,
    p_same: float | None = None,
) -> Any:
    """Label of a pair of claim ids; pairs in ``inside`` are always same."""
    by_text = {text: cid for cid, text in texts.items()}

    def relation(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation:
        pair = frozenset((by_text[a.text], by_text[b.text]))
        label = "same" if pair in inside else labels.get(pair, default)
        reasons = ["numbers differ"] if label == "conflicting" else []
        p = p_same if label == "same" else None
        return Relation(label, score, reasons, p)  # type: ignore[arg-type]

    return relation


def _cluster(store: Store, relation: Any) -> Any:
    # One visiting order (claim-id order): these tests pin what placing leaves to the
    # linkage step; test_cluster_consensus.py covers the consensus of several orders.
    return cluster(store, FakeEmbedder(), relation_fn=relation, orders=1)  # type: ignore[arg-type]


def test_a_fact_split_by_placement_order_becomes_one_group(tmp_path: Path) -> None:
    store = _store(tmp_path)
    report = _cluster(store, _relation({}, "same"))
    members = members_of(store)
    assert report.new_groups == 2 and report.merged == 1
    assert {members[c] for c in TEXTS} == {(members["c1"][0], "same")}
    assert _cluster(store, _relation({}, "same")).merged == 0  # a re-run changes nothing


C23, C14 = frozenset(("c2", "c3")), frozenset(("c1", "c4"))
C13, C24 = frozenset(("c1", "c3")), frozenset(("c2", "c4"))


@pytest.mark.parametrize(
    ("labels", "default", "merged"),
    [
        # Only the nearest cross pair is same: 1 of 4 is not more than GROUP_SAME_SHARE.
        ({C23: "same"}, "related", False),
        # 2 of 4, the nearest among them: mean weight 0.5, share 0.5 > 0.4: one group.
        ({C23: "same", C14: "same"}, "related", True),
        # 2 of 4 again, but the nearest pair (c2-c3) is not the same claim: apart.
        ({C13: "same", C24: "same"}, "related", False),
        # One conflicting pair of four: mean (1 + 1 + 1 - 1) / 4 = 0.5, still one fact.
        ({C24: "conflicting"}, "same", True),
        # Two of four: mean 0, two facts.
        ({C24: "conflicting", C14: "conflicting"}, "same", False),
    ],
)
def test_groups_join_on_their_cross_pairs(
    tmp_path: Path, labels: dict[frozenset[str], str], default: str, merged: bool
) -> None:
    store = _store(tmp_path)
    report = _cluster(store, _relation(labels, default))
    members = members_of(store)
    assert report.new_groups == 2 and report.merged == int(merged)
    assert members["c1"][0] == members["c2"][0] and members["c3"][0] == members["c4"][0]
    assert (members["c1"][0] == members["c3"][0]) is merged


def _cross_pairs_at(p_same: float) -> Any:
    """Pairs inside a tight pair are certain (no probability, weight 1); cross pairs are
    ``same`` at ``p_same``."""
    by_text = {text: cid for cid, text in TEXTS.items()}

    def relation(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation:
        pair = frozenset((by_text[a.text], by_text[b.text]))
        return Relation("same", score, [], None if pair in INSIDE else p_same)

    return relation


@pytest.mark.parametrize(("above", "merged"), [(-0.05, 0), (0.05, 1)])
def test_the_mean_probability_must_reach_the_bar(tmp_path: Path, above: float, merged: int) -> None:
    """Every cross pair ``same``, at a P(same) just under or over MIN_LINKAGE."""
    store = _store(tmp_path)
    report = _cluster(store, _cross_pairs_at(group_linkage.MIN_LINKAGE + above))
    assert report.merged == merged


@pytest.mark.parametrize("bar", [0.3, 0.7])
def test_claims_placing_left_alone_start_a_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bar: float
) -> None:
    """Two claims whose P(same), 0.6, is under the placer's bar for a new group stay alone
    after placing; linkage joins them when 0.6 reaches its own bar, and only then."""
    monkeypatch.setattr(group_linkage, "MIN_LINKAGE", bar)
    texts = {"c1": TEXTS["c1"], "c2": TEXTS["c2"]}
    store = _store(tmp_path, texts, {"c1": (1.0, 0.0), "c2": (1.0, 0.1)})
    report = _cluster(store, _relation({}, "same", texts=texts, inside=set(), p_same=0.6))
    members = members_of(store)
    if bar < 0.6:
        assert members["c1"] == (members["c2"][0], "same") and report.new_groups == 1
    else:
        assert members == {} and report.new_groups == 0


def test_an_analysts_unlink_across_the_groups_blocks_the_join(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.session() as session:
        session.run(
            "INSERT INTO claim_links (event_id, claim_a, claim_b, action, relation, analyst, "
            "event_at, note) VALUES ('e1', 'c2', 'c3', 'unlink', NULL, 'tester', now(), NULL)"
        )
    report = _cluster(store, _relation({}, "same"))
    members = members_of(store)
    assert report.merged == 0
    assert members["c2"][0] != members["c3"][0]


def test_the_group_an_analyst_built_is_the_one_that_stays(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.session() as session:
        session.run(
            "INSERT INTO claim_groups VALUES ('analyst-group', 'use-multilingual-v3', now(), 'r')"
        )
        session.run(
            "INSERT INTO group_members VALUES ('c4', 'analyst-group', 'same', 'manual', NULL, "
            "['put here by an analyst'], now(), 'r')"
        )
    _cluster(store, _relation({}, "same"))
    with store.session() as session:
        rows = session.sql("SELECT claim_id, group_id, method FROM group_members").to_dicts()
    assert {r["group_id"] for r in rows} == {"analyst-group"}
    assert {r["claim_id"]: r["method"] for r in rows}["c4"] == "manual"


def test_two_runs_on_the_same_claims_make_the_same_groups(tmp_path: Path) -> None:
    """Group ids are random; which clusters join (ties included) must not depend on them."""
    texts = {f"c{i}": f"Claim {i} about the flood toll in Derna" for i in range(8)}
    vectors = {f"c{i}": (1.0, 0.05 * (i % 4), 0.02 * i) for i in range(8)}
    partitions = []
    for run in range(2):
        store = _store(tmp_path / str(run), texts, vectors)
        _cluster(store, _relation({}, "same", texts=texts, inside=set(), p_same=0.8))
        partitions.append(partition(store))
    assert partitions[0] == partitions[1] and partitions[0]
