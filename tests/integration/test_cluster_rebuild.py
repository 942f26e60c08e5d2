"""``cluster --rebuild``: every claim placed again in one run, analysts' work kept.

Claims and vectors are written here (``cluster_support``); the relation of each pair is
set by the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from cluster_support import TOLL_TEXTS, FakeEmbedder, members_of, partition, toll_store

from claimtrack.api.clustering import cluster
from claimtrack.api.group_rebuild import carry_ids
from claimtrack.embedding.relation import ClaimFacts, Relation
from claimtrack.store import Store

TEXTS = TOLL_TEXTS


def _labels(same: set[frozenset[str]]) -> Any:
    by_text = {text: cid for cid, text in TEXTS.items()}

    def relation(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation:
        pair = frozenset((by_text[a.text], by_text[b.text]))
        return Relation("same" if pair in same else "related", score, [], 0.9)

    return relation


ALL_SAME = {frozenset((a, b)) for a in TEXTS for b in TEXTS if a != b}
PAIRS_ONLY = {frozenset(("c1", "c2")), frozenset(("c3", "c4"))}


def _run(store: Store, same: set[frozenset[str]], rebuild: bool = False) -> Any:
    return cluster(store, FakeEmbedder(), relation_fn=_labels(same), rebuild=rebuild)  # type: ignore[arg-type]


def test_a_rebuild_gives_the_groups_of_one_run_over_all_claims(tmp_path: Path) -> None:
    store = toll_store(tmp_path / "desk")
    _run(store, set())  # an earlier run found nothing to group
    assert partition(store) == set()
    assert _run(store, ALL_SAME).considered == 0  # incremental: placed claims stay put
    assert partition(store) == set()

    report = _run(store, ALL_SAME, rebuild=True)
    fresh = toll_store(tmp_path / "fresh")
    _run(fresh, ALL_SAME)
    assert report.considered == 4
    assert partition(store) == partition(fresh) == {frozenset(TEXTS)}


def test_a_rebuilt_group_keeps_its_id(tmp_path: Path) -> None:
    store = toll_store(tmp_path)
    _run(store, PAIRS_ONLY)
    before = members_of(store)
    report = _run(store, PAIRS_ONLY, rebuild=True)
    assert members_of(store) == before and report.ids_kept == 2
    with store.session() as session:
        groups = session.sql("SELECT group_id FROM claim_groups").to_series().to_list()
    assert sorted(groups) == sorted({g for g, _ in before.values()})  # no empty group left


def test_analysts_memberships_and_unlinks_survive_a_rebuild(tmp_path: Path) -> None:
    store = toll_store(tmp_path)
    with store.session() as session:
        session.run("INSERT INTO claim_groups VALUES ('analyst-group', 'manual', now(), 'r')")
        session.run(
            "INSERT INTO group_members VALUES ('c4', 'analyst-group', 'same', 'manual', NULL, "
            "['put here by an analyst'], now(), 'r')"
        )
        session.run(
            "INSERT INTO claim_links (event_id, claim_a, claim_b, action, relation, analyst, "
            "event_at, note) VALUES ('e1', 'c1', 'c3', 'unlink', NULL, 'tester', now(), NULL)"
        )
    _run(store, PAIRS_ONLY)
    _run(store, ALL_SAME, rebuild=True)
    members = members_of(store)
    assert members["c4"] == ("analyst-group", "same")
    with store.session() as session:
        method = session.sql("SELECT method FROM group_members WHERE claim_id = 'c4'").item()
    assert method == "manual"
    assert members["c1"][0] != members.get("c3", ("none", ""))[0]


def test_the_cli_says_what_a_rebuild_did(tmp_path: Path, monkeypatch: Any) -> None:
    from claimtrack.cli import cli

    store = toll_store(tmp_path)
    monkeypatch.setattr("claimtrack.cli.matching._embedder", lambda obj, model: FakeEmbedder())
    monkeypatch.setattr("claimtrack.api.vectors.embed_missing", lambda *a, **k: None)
    result = CliRunner().invoke(cli, ["--db", str(store.path), "cluster", "--rebuild"])
    assert result.exit_code == 0, result.output
    assert "all placed again" in result.output and "kept their earlier id" in result.output
    with store.session() as session:
        runs = session.sql("SELECT params FROM pipeline_runs WHERE stage = 'cluster'").to_series()
    assert json.loads(runs[0])["rebuild"] is True


def test_ids_go_to_the_group_that_holds_most_of_an_old_one() -> None:
    before = {"old-a": {"1", "2", "3"}, "old-b": {"4", "5"}, "analyst": {"9"}}
    after = {"new-x": {"1", "2", "4"}, "new-y": {"3", "5", "6"}, "analyst": {"9", "7"}}
    # new-x holds 2 of old-a's 3 members (a majority); new-y holds 1 of old-b's 2 (not)
    assert carry_ids(before, after, kept={"analyst"}) == {"new-x": "old-a"}
    # one old id goes to one new group only, the one sharing most
    assert carry_ids({"o": {"1", "2", "3", "4"}}, {"p": {"1", "2", "3"}, "q": {"4"}}, ()) == {
        "p": "o"
    }
