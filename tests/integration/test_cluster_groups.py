"""Clustering joins a group only as a whole: no chaining through one member (issue 10, 6).

Tests that depend on which claim is placed first run one visiting order (``orders=1``,
claim-id order); ``test_cluster_consensus.py`` covers the consensus of several orders.

A small database is built straight from frames (our own sentences, hand-set unit vectors),
so the relation of every pair is under the test's control: either an injected relation
function (a table of pairs) or the real rules over the claims' values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cluster_support import FakeEmbedder, members_of, partition, seed_store, table_relation, unit

from claimtrack.api import clustering
from claimtrack.api.clustering import cluster


@pytest.mark.parametrize(
    "texts",
    [
        ("The dam broke on Sunday night", "The dam gave way at night", "Two dams gave way"),
        ("انهار السد ليلة الأحد", "انهار السد ليلا", "انهار سدان في المدينة"),
    ],
    ids=["en", "ar"],
)
def test_no_chaining_through_one_member(tmp_path: Path, texts: tuple[str, str, str]) -> None:
    a, b, c = texts
    lang = "ar" if not a.isascii() else "en"
    # B sits between A and C: A~B and B~C are "same", A and C are not.
    store = seed_store(tmp_path, [
        {"id": "c1", "text": a, "lang": lang, "vector": unit(1.0, 0.0)},
        {"id": "c2", "text": b, "lang": lang, "vector": unit(1.0, 0.6)},
        {"id": "c3", "text": c, "lang": lang, "vector": unit(1.0, 1.4)},
    ])  # fmt: skip
    relation = table_relation({frozenset((a, b)), frozenset((b, c))})
    cluster(store, FakeEmbedder(), relation_fn=relation, orders=1)  # type: ignore[arg-type]
    members = members_of(store)
    assert members["c1"][0] == members["c2"][0]
    assert "c3" not in members or members["c3"][0] != members["c1"][0]


def test_joins_when_same_as_the_group_as_a_whole(tmp_path: Path) -> None:
    texts = ["Quake of magnitude 6.8 hit", "A 6.8 quake struck", "6.8 earthquake hit region"]
    store = seed_store(tmp_path, [
        {"id": f"c{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.1 * i)}
        for i, t in enumerate(texts)
    ])  # fmt: skip
    pairs = {frozenset((x, y)) for x in texts for y in texts if x != y}
    cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs))  # type: ignore[arg-type]
    members = members_of(store)
    assert len({members[f"c{i}"][0] for i in range(3)}) == 1
    assert {members[f"c{i}"][1] for i in range(3)} == {"same"}


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ("The storm killed 40 people", "The storm killed 40 people in the town",
                "The storm killed 90 people")),
        ("ar", ("قتلت العاصفة 40 شخصا", "قتلت العاصفة 40 شخصا في البلدة", "قتلت العاصفة 90 شخصا")),
    ],
)  # fmt: skip
def test_conflicting_variant_is_linked_to_the_group(
    tmp_path: Path, lang: str, texts: tuple[str, str, str]
) -> None:
    def number(n: int) -> list[dict[str, Any]]:
        return [{"kind": "number", "value": n, "unit": None, "text": str(n)}]

    store = seed_store(tmp_path, [
        {"id": "c1", "text": texts[0], "lang": lang, "vector": unit(1.0, 0.0),
         "values": number(40)},
        {"id": "c2", "text": texts[1], "lang": lang, "vector": unit(1.0, 0.05),
         "values": number(40)},
        {"id": "c3", "text": texts[2], "lang": lang, "vector": unit(1.0, 0.1),
         "values": number(90)},
    ])  # fmt: skip
    cluster(store, FakeEmbedder())  # type: ignore[arg-type]  # the real rules
    members = members_of(store)
    assert members["c1"] == (members["c2"][0], "same")
    assert members["c3"] == (members["c1"][0], "conflicting")


@pytest.mark.parametrize("orders", [1, None], ids=["one order", "consensus"])
def test_unlink_blocks_the_group(tmp_path: Path, orders: int | None) -> None:
    texts = ["Aid reached the port", "Aid arrived at the port", "The aid reached port"]
    store = seed_store(tmp_path, [
        {"id": f"c{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.1 * i)}
        for i, t in enumerate(texts)
    ])  # fmt: skip
    with store.session() as session:
        session.run(
            "INSERT INTO claim_links (event_id, claim_a, claim_b, action, relation, analyst, "
            "event_at, note) VALUES ('e1', 'c0', 'c2', 'unlink', NULL, 'tester', now(), NULL)"
        )
    pairs = {frozenset((x, y)) for x in texts for y in texts if x != y}
    relation = table_relation(pairs)
    report = cluster(store, FakeEmbedder(), relation_fn=relation, orders=orders)  # type: ignore[arg-type]
    assert report.orders == (1 if orders == 1 else clustering.CONSENSUS_ORDERS)
    (group,) = partition(store)
    assert len(group) == 2 and group != {"c0", "c2"}  # two of the three, never the unlinked
    if orders == 1:  # claim-id order: c0 comes first and takes c1
        assert group == {"c0", "c1"}


def test_hybrid_candidates_find_the_same_group(tmp_path: Path) -> None:
    texts = ["Rescuers pulled 12 survivors from rubble", "Rescuers pulled 12 survivors out"]
    store = seed_store(tmp_path, [
        {"id": f"c{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.1 * i)}
        for i, t in enumerate(texts)
    ])  # fmt: skip
    pairs = {frozenset(texts)}
    report = cluster(
        store,
        FakeEmbedder(),  # type: ignore[arg-type]
        relation_fn=table_relation(pairs),
        candidates="hybrid",
    )
    assert report.joined == 1
    members = members_of(store)
    assert members["c0"][0] == members["c1"][0]


def _weighted(p_same: dict[frozenset[str], float]) -> Any:
    """A learned-looking relation: ``same`` with the given P(same), else ``related``."""
    from claimtrack.embedding.relation import Relation

    def relation(a: Any, b: Any, score: float, *, model_id: str) -> Relation:
        p = p_same.get(frozenset((a.text, b.text)))
        if p is None:
            return Relation("related", score, [], p_same=0.1, p_conflicting=0.0, p_related=0.9)
        return Relation("same", score, [], p_same=p, p_conflicting=0.0, p_related=1 - p)

    return relation


def test_a_weak_same_starts_no_group_but_joins_one(tmp_path: Path) -> None:
    """Two ungrouped claims need a confident same to start a group (P(same) >= 0.75, a
    shared anchor or the same wording); an existing group is joined on weaker ones."""
    a, b = "The UN reported 11,300 dead", "The UN warned of landmines in the city"
    c, d = "The toll reached 11,300", "11,300 people died, the UN said"
    store = seed_store(tmp_path, [
        {"id": "c9", "text": a, "lang": "en", "vector": unit(1.0, 0.0)},
        {"id": "c2", "text": b, "lang": "en", "vector": unit(1.0, -0.2)},
        {"id": "c3", "text": c, "lang": "en", "vector": unit(1.0, 0.2)},
        {"id": "c4", "text": d, "lang": "en", "vector": unit(1.0, 0.25)},
    ])  # fmt: skip
    weak = {frozenset((a, b)): 0.6, frozenset((c, d)): 0.9, frozenset((a, c)): 0.6,
            frozenset((a, d)): 0.6}  # fmt: skip
    cluster(store, FakeEmbedder(), relation_fn=_weighted(weak), orders=1)  # type: ignore[arg-type]
    members = members_of(store)
    assert members["c3"][0] == members["c4"][0]  # a confident pair starts a group
    assert "c2" not in members  # the weak pair (c2, c9) started none
    # c9 (placed last, in claim order) is weakly same with both members: it joins them
    assert members["c9"] == (members["c3"][0], "same")
