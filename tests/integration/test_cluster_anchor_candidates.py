"""Claims giving the same figure for the same thing are candidates however far apart their
vectors are (``claimtrack.api.anchor_neighbours``): a toll told in two languages by two
outlets is often below ten closer claims about the same event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cluster_support import FakeEmbedder, members_of, seed_store, unit

from claimtrack.api import clustering
from claimtrack.api.clustering import cluster
from claimtrack.embedding.relation import ClaimFacts, Relation

EN = "The death toll climbed to 2,946"
AR = "ارتفع عدد الوفيات إلى 2946"


def _deaths(n: int) -> list[dict[str, Any]]:
    return [{"kind": "number", "value": n, "unit": None, "text": str(n), "counts": "deaths"}]


def _labels(table: dict[frozenset[str], str]) -> Any:
    """A relation function from a table of pairs (texts); anything else is ``related``."""

    def relation(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation:
        return Relation(table.get(frozenset((a.text, b.text)), "related"), score, [])

    return relation


def _store(tmp_path: Path, near: list[tuple[str, list[dict[str, Any]]]]) -> Any:
    """EN at one end, AR at right angles to it, and ``near`` claims next to EN, so both of
    them have more than ten nearer neighbours than each other."""
    claims = [
        {"id": "x-en", "text": EN, "lang": "en", "vector": unit(1.0, 0.0), "values": _deaths(2946)},
        {"id": "y-ar", "text": AR, "lang": "ar", "vector": unit(0.0, 1.0), "values": _deaths(2946)},
    ]
    for i, (text, values) in enumerate(near):
        claims.append({"id": f"n{i:02d}", "text": text, "lang": "en",
                       "vector": unit(1.0, 0.02 * (i + 1)), "values": values})  # fmt: skip
    return seed_store(tmp_path, claims)


FILLERS = [(f"Rescue teams reached village number {i}", []) for i in range(12)]


@pytest.mark.parametrize("anchors", [True, False], ids=["anchor candidates", "dense only"])
def test_the_same_figure_is_a_candidate_beyond_the_nearest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anchors: bool
) -> None:
    monkeypatch.setattr(clustering, "ANCHOR_CANDIDATES", anchors)
    store = _store(tmp_path, FILLERS)
    relation = _labels({frozenset((EN, AR)): "same"})
    cluster(store, FakeEmbedder(), relation_fn=relation)  # type: ignore[arg-type]
    members = members_of(store)
    together = "x-en" in members and members["x-en"] == members.get("y-ar")
    assert together is anchors  # without the anchor, neither is among the other's ten


def test_a_later_toll_joins_its_figure_not_the_nearest_conflict(tmp_path: Path) -> None:
    """EN conflicts with the group next to it (2,862 dead) and is the same claim as AR far
    away (2,946): it goes with AR, not as a conflicting variant of the nearer group."""
    older = ["The death toll rose to 2,862", "2,862 people have died, the ministry said"]
    store = _store(tmp_path, [(t, _deaths(2862)) for t in older] + FILLERS)
    table = {frozenset(older): "same", frozenset((EN, AR)): "same"}
    table |= {frozenset((EN, t)): "conflicting" for t in older}
    cluster(store, FakeEmbedder(), relation_fn=_labels(table))  # type: ignore[arg-type]
    members = members_of(store)
    assert members["n00"][0] == members["n01"][0]
    assert members["x-en"] == (members["y-ar"][0], "same")
    assert members["x-en"][0] != members["n00"][0]


def test_a_later_run_finds_the_figure_in_an_earlier_one(tmp_path: Path) -> None:
    """Anchor candidates include claims an earlier run placed, not only this run's."""
    store = _store(tmp_path, FILLERS)
    with store.session() as session:  # AR was clustered alone by an earlier run
        session.run(
            "INSERT INTO clustered_claims (claim_id, model_id, run_id) "
            "VALUES ('y-ar', 'use-multilingual-v3', 'earlier')"
        )
    relation = _labels({frozenset((EN, AR)): "same"})
    cluster(store, FakeEmbedder(), relation_fn=relation)  # type: ignore[arg-type]
    members = members_of(store)
    assert members["x-en"] == members["y-ar"]
