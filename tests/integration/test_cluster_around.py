"""A run on a large database places its new claims together with the groups around them
again (``clustering.PLACE_AROUND_AGAIN``): the groups its new claims' nearest neighbours
are in, not the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cluster_support import FakeEmbedder, members_of, seed_store, table_relation, unit

from claimtrack.api import clustering
from claimtrack.api.clustering import cluster

NEAR = ["Aid reached the port", "Aid arrived at the port", "The aid reached port"]
FAR = ["The minister resigned on Monday", "The minister quit on Monday"]
SAME = {frozenset((x, y)) for texts in (NEAR, FAR) for x in texts for y in texts if x != y}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: Any) -> Any:
    """Two groups of two claims each, far apart, from a first run; the database counts as
    large, and each claim's three nearest neighbours are the search's candidates."""
    store = seed_store(tmp_path, [
        {"id": "c0", "text": NEAR[0], "lang": "en", "vector": unit(1.0, 0.0)},
        {"id": "c1", "text": NEAR[1], "lang": "en", "vector": unit(1.0, 0.1)},
        {"id": "f0", "text": FAR[0], "lang": "en", "vector": unit(0.0, 0.0, 1.0)},
        {"id": "f1", "text": FAR[1], "lang": "en", "vector": unit(0.0, 0.1, 1.0)},
    ])  # fmt: skip
    cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    monkeypatch.setattr(clustering, "WHOLE_RUN_MAX_CLAIMS", 3)
    monkeypatch.setattr(clustering, "NEIGHBOURS", 2)
    return store


def _grow(store: Any, claim_id: str, text: str, like: str) -> None:
    """A new claim arrives, as a later ingest would add it, with claim ``like``'s vector."""
    with store.session() as session:
        session.run(
            "INSERT INTO claims SELECT * REPLACE ($id AS claim_id, $key AS text_key, "
            "$key AS match_key, $text AS text) FROM claims WHERE claim_id = $like",
            {"id": claim_id, "key": f"k-{claim_id}", "text": text, "like": like},
        )
        session.run(
            "INSERT INTO text_vectors SELECT * REPLACE ($key AS text_key) FROM text_vectors "
            "WHERE text_key = $like_key",
            {"key": f"k-{claim_id}", "like_key": f"k-{like}"},
        )


def _runs(store: Any) -> dict[str, str]:
    with store.session() as session:
        rows = session.sql("SELECT claim_id, run_id FROM group_members").to_dicts()
    return {r["claim_id"]: r["run_id"] for r in rows}


def test_the_group_around_a_new_claim_is_placed_again_and_keeps_its_id(store: Any) -> None:
    near_group, far_group = members_of(store)["c0"][0], members_of(store)["f0"][0]
    first_runs = _runs(store)
    _grow(store, "c9", NEAR[2], like="c0")
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    assert not report.whole and report.orders == 1  # around the far group: one order
    assert (report.considered, report.again, report.ids_kept) == (3, 2, 1)
    members = members_of(store)
    assert {c: members[c] for c in ("c0", "c1", "c9")} == {
        c: (near_group, "same") for c in ("c0", "c1", "c9")
    }
    # the far group is no neighbour of the new claim: untouched, not even rewritten
    assert members["f0"] == members["f1"] == (far_group, "same")
    runs = _runs(store)
    assert runs["f0"] == runs["f1"] == first_runs["f0"] != runs["c0"]
    with store.session() as session:
        placed = session.sql("SELECT count(*) AS n FROM clustered_claims").item()
        counts = session.sql(
            "SELECT counts FROM pipeline_runs WHERE stage = 'cluster' ORDER BY started_at"
        ).to_series()
    assert placed == 5
    assert '"again": 2' in counts[-1]


def test_an_analysts_membership_near_the_new_claim_stays(store: Any) -> None:
    from claimtrack.api.links import link

    link(store, "c0", "c1", "same", analyst="ana")
    group = members_of(store)["c0"][0]
    _grow(store, "c9", NEAR[2], like="c1")
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    assert report.considered == 1 and report.again == 0  # nothing automatic to forget
    with store.session() as session:
        rows = session.sql("SELECT claim_id, group_id, method FROM group_members").to_dicts()
    by_claim = {r["claim_id"]: (r["group_id"], r["method"]) for r in rows}
    assert by_claim["c0"] == by_claim["c1"] == (group, "manual")
    assert by_claim["c9"] == (group, "auto")


def test_a_run_with_nothing_new_forgets_nothing(store: Any) -> None:
    before = _runs(store)
    idle = cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    assert (idle.considered, idle.again) == (0, 0) and _runs(store) == before


def test_switched_off_only_the_new_claims_are_placed(store: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(clustering, "PLACE_AROUND_AGAIN", False)
    first_runs = _runs(store)
    _grow(store, "c9", NEAR[2], like="c0")
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    assert (report.considered, report.again) == (1, 0)
    runs = _runs(store)
    assert runs["c0"] == runs["c1"] == first_runs["c0"] != runs["c9"]
    assert members_of(store)["c9"] == (members_of(store)["c0"][0], "same")


def test_new_claims_join_a_fixed_group_in_a_consensus(store: Any) -> None:
    """Asked for a consensus around groups there before the run, two new claims go to the
    analyst's group that every order put them in: added to it, no new group made, its
    members unmoved."""
    from claimtrack.api.links import link

    link(store, "c0", "c1", "same", analyst="ana")
    group = members_of(store)["c0"][0]
    with store.session() as session:
        groups_before = session.sql("SELECT count(*) FROM claim_groups").item()
    _grow(store, "c8", NEAR[2], like="c0")
    _grow(store, "c9", "Aid got to the port", like="c1")
    same = SAME | {frozenset(("Aid got to the port", t)) for t in NEAR}
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(same), orders=10)  # type: ignore[arg-type]
    assert report.orders == 10 and report.considered == 2
    assert (report.joined, report.new_groups) == (2, 0)
    with store.session() as session:
        rows = session.sql("SELECT claim_id, group_id, method, score FROM group_members")
        groups_after = session.sql("SELECT count(*) FROM claim_groups").item()
    by_claim = {r["claim_id"]: r for r in rows.to_dicts()}
    assert {c: (by_claim[c]["group_id"], by_claim[c]["method"]) for c in ("c0", "c1")} == {
        "c0": (group, "manual"),
        "c1": (group, "manual"),
    }
    assert by_claim["c8"]["group_id"] == by_claim["c9"]["group_id"] == group
    assert by_claim["c8"]["method"] == "auto" and by_claim["c8"]["score"] == 1.0
    assert groups_after == groups_before


def test_the_cli_counts_the_claims_placed_again(store: Any, monkeypatch: Any) -> None:
    from click.testing import CliRunner

    from claimtrack.cli import cli

    monkeypatch.setattr("claimtrack.cli.matching._embedder", lambda obj, model: FakeEmbedder())
    monkeypatch.setattr("claimtrack.api.vectors.embed_missing", lambda *a, **k: None)
    _grow(store, "c9", NEAR[2], like="c0")
    run = CliRunner().invoke(cli, ["--db", str(store.path), "cluster"])
    assert run.exit_code == 0, run.output
    # (the command's own relation step, not the fixture's table: how they group may differ)
    assert "Clustered 3 claim(s) (2 placed again around the new ones)" in run.output
    assert "group(s) kept their earlier id." in run.output


def test_a_large_batch_keeps_no_pairs_in_memory_and_places_the_same(
    store: Any, monkeypatch: Any
) -> None:
    """Above a consensus run's size the pairs asked while choosing are not kept (memory);
    they are asked again while placing, with the same result."""
    monkeypatch.setattr(clustering, "CONSENSUS_MAX_CLAIMS", 0)
    near_group = members_of(store)["c0"][0]
    _grow(store, "c9", NEAR[2], like="c0")
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    assert (report.considered, report.again, report.ids_kept) == (3, 2, 1)
    assert {members_of(store)[c] for c in ("c0", "c1", "c9")} == {(near_group, "same")}
