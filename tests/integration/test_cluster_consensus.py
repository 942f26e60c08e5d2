"""A run that places every claim is the consensus of several visiting orders; a run with
groups already in the database is placed once, unless asked for a consensus, where those
groups are fixed points in every order (``claimtrack.api.group_consensus``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cluster_support import FakeEmbedder, members_of, partition, seed_store, table_relation, unit

from claimtrack.api import clustering
from claimtrack.api.clustering import cluster

TEXTS = ["Aid reached the port", "Aid arrived at the port", "The aid reached port"]


def _number(n: int) -> list[dict[str, Any]]:
    return [{"kind": "number", "value": n, "unit": None, "text": str(n)}]


def test_a_first_run_is_a_consensus_with_its_variants(tmp_path: Path) -> None:
    store = seed_store(tmp_path, [
        {"id": "c1", "text": "The storm killed 40 people", "lang": "en",
         "vector": unit(1.0, 0.0), "values": _number(40)},
        {"id": "c2", "text": "The storm killed 40 people in the town", "lang": "en",
         "vector": unit(1.0, 0.05), "values": _number(40)},
        {"id": "c3", "text": "The storm killed 90 people", "lang": "en",
         "vector": unit(1.0, 0.1), "values": _number(90)},
    ])  # fmt: skip
    report = cluster(store, FakeEmbedder())  # type: ignore[arg-type]  # the real rules
    assert report.orders == clustering.CONSENSUS_ORDERS > 1
    assert (report.new_groups, report.joined, report.conflicts) == (1, 1, 1)
    members = members_of(store)
    assert members["c1"] == (members["c2"][0], "same")
    assert members["c3"] == (members["c1"][0], "conflicting")
    with store.session() as session:
        rows = session.sql("SELECT claim_id, score, reasons FROM group_members").to_dicts()
        placed = session.sql("SELECT count(*) AS n FROM clustered_claims").to_dicts()[0]["n"]
    by_claim = {r["claim_id"]: r for r in rows}
    assert by_claim["c1"]["score"] == 1.0  # every order put c1 with c2
    assert any("40" in reason and "90" in reason for reason in by_claim["c3"]["reasons"])
    assert placed == 3


def test_a_rebuild_gives_the_same_consensus_again(tmp_path: Path) -> None:
    texts = [f"The bridge at km {i} collapsed" for i in range(8)]
    store = seed_store(tmp_path, [
        {"id": f"c{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.15 * i, 0.1 * (i % 3))}
        for i, t in enumerate(texts)
    ])  # fmt: skip
    # a chain of same pairs (each text with the next two): orders disagree on where to cut
    pairs = {frozenset((texts[i], texts[j])) for i in range(8) for j in (i + 1, i + 2) if j < 8}
    relation = table_relation(pairs)
    cluster(store, FakeEmbedder(), relation_fn=relation)  # type: ignore[arg-type]
    first = partition(store)
    again = cluster(store, FakeEmbedder(), relation_fn=relation, rebuild=True)  # type: ignore[arg-type]
    assert again.orders > 1 and partition(store) == first


def test_a_run_that_places_every_group_again_is_a_consensus(tmp_path: Path) -> None:
    store = seed_store(tmp_path, [
        {"id": f"c{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.1 * i)}
        for i, t in enumerate(TEXTS[:2])
    ])  # fmt: skip
    pairs = {frozenset((x, y)) for x in TEXTS for y in TEXTS if x != y}
    first = cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs))  # type: ignore[arg-type]
    assert first.orders > 1
    with store.session() as session:  # a new claim arrives, as a later ingest would add it
        session.run(
            "INSERT INTO claims SELECT * REPLACE ('c9' AS claim_id, 'k-c9' AS text_key, "
            "'k-c9' AS match_key, $text AS text) FROM claims WHERE claim_id = 'c0'",
            {"text": TEXTS[2]},
        )
        session.run(
            "INSERT INTO text_vectors SELECT * REPLACE ('k-c9' AS text_key) FROM text_vectors "
            "WHERE text_key = 'k-c0'"
        )
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs),  # type: ignore[arg-type]
                     incremental=True)  # fmt: skip
    # the new claim and the group around it are placed again: that group was the only one,
    # so nothing fixed is left and the run is a consensus again
    assert report.orders == clustering.CONSENSUS_ORDERS and not report.whole
    assert (report.considered, report.again, report.ids_kept) == (3, 2, 1)
    members = members_of(store)
    assert members["c9"] == members["c1"] == (members["c0"][0], "same")


def _clustered_pair(tmp_path: Path) -> tuple[Any, set[frozenset[str]]]:
    """Two of TEXTS clustered in a first run; ``pairs``: every two TEXTS are the same."""
    store = seed_store(tmp_path, [
        {"id": f"c{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.1 * i)}
        for i, t in enumerate(TEXTS[:2])
    ])  # fmt: skip
    pairs = {frozenset((x, y)) for x in TEXTS for y in TEXTS if x != y}
    cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs))  # type: ignore[arg-type]
    return store, pairs


def _grow(store: Any, claim_id: str, text: str) -> None:
    """A new claim arrives, as a later ingest would add it (c0's vector)."""
    with store.session() as session:
        session.run(
            "INSERT INTO claims SELECT * REPLACE ($id AS claim_id, $key AS text_key, "
            "$key AS match_key, $text AS text) FROM claims WHERE claim_id = 'c0'",
            {"id": claim_id, "key": f"k-{claim_id}", "text": text},
        )
        session.run(
            "INSERT INTO text_vectors SELECT * REPLACE ($key AS text_key) FROM text_vectors "
            "WHERE text_key = 'k-c0'",
            {"key": f"k-{claim_id}"},
        )


def test_a_small_database_is_placed_again_whole_by_a_run_with_new_claims(
    tmp_path: Path,
) -> None:
    """Groups of earlier runs are not fixed points on a small database: a run with new
    claims places all of them again (a consensus), keeping the earlier group's id; a run
    with nothing new changes nothing."""
    store, pairs = _clustered_pair(tmp_path)
    first_group = members_of(store)["c0"][0]
    _grow(store, "c9", TEXTS[2])
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs))  # type: ignore[arg-type]
    assert report.whole and report.considered == 3 and report.orders > 1
    assert report.ids_kept == 1
    assert members_of(store) == {c: (first_group, "same") for c in ("c0", "c1", "c9")}
    idle = cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs))  # type: ignore[arg-type]
    assert not idle.whole and idle.considered == 0


def test_a_large_database_keeps_runs_incremental(tmp_path: Path, monkeypatch: Any) -> None:
    """Not placed again whole: the new claim and the group around it only (the placing
    around new claims is tested in test_cluster_around.py)."""
    store, pairs = _clustered_pair(tmp_path)
    monkeypatch.setattr(clustering, "WHOLE_RUN_MAX_CLAIMS", 2)  # 3 claims: "large"
    _grow(store, "c8", TEXTS[2])
    large = cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs))  # type: ignore[arg-type]
    assert not large.whole and (large.considered, large.again) == (3, 2)


def test_with_an_analysts_group_a_small_database_is_placed_again_once(tmp_path: Path) -> None:
    """The analyst's memberships stay where the analyst put them and an unlinked pair stays
    apart; the other claims are placed again around them, in one order (a consensus around
    fixed groups is asked for with ``orders``)."""
    from claimtrack.api.links import link, unlink

    store, pairs = _clustered_pair(tmp_path)
    _grow(store, "c8", TEXTS[2])
    cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs))  # type: ignore[arg-type]
    link(store, "c0", "c8", "same", analyst="ana")
    analysts_group = members_of(store)["c0"][0]
    _grow(store, "c9", TEXTS[1])
    unlink(store, "c0", "c9", analyst="ana")  # the new claim may not join c0
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(pairs))  # type: ignore[arg-type]
    assert report.whole and report.orders == 1 and report.considered == 2
    members = members_of(store)
    assert members["c0"] == members["c8"] == (analysts_group, "same")
    assert members["c1"] == (analysts_group, "same")
    assert members.get("c9", ("",))[0] != analysts_group


def test_another_magnitude_is_a_conflicting_variant_not_a_group(tmp_path: Path) -> None:
    """Reports of 6.8 meeting one another before the 7 group forms make a 6.8 group in
    most orders; the consensus folds it into the larger 7 group as conflicting variants."""
    from claimtrack.embedding.relation import ClaimFacts, Relation

    def magnitude(value: float) -> list[dict[str, Any]]:
        return [{"kind": "number", "value": value, "unit": None, "text": str(value),
                 "counts": "magnitude"}]  # fmt: skip

    sevens = ["A 7-magnitude quake hit", "The quake measured 7", "Magnitude 7 quake struck"]
    others = ["A 6.8-magnitude quake hit", "The quake measured 6.8"]
    claims = [
        {"id": f"s{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.05 * i),
         "values": magnitude(7)}
        for i, t in enumerate(sevens)
    ] + [
        {"id": f"o{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.3 + 0.05 * i),
         "values": magnitude(6.8)}
        for i, t in enumerate(others)
    ]  # fmt: skip
    store = seed_store(tmp_path, claims)

    def relation(a: ClaimFacts, b: ClaimFacts, score: float, *, model_id: str) -> Relation:
        if (a.text in sevens) == (b.text in sevens):
            return Relation("same", score, [])
        return Relation("conflicting", score, ["magnitude: 7 vs 6.8"])

    report = cluster(store, FakeEmbedder(), relation_fn=relation)  # type: ignore[arg-type]
    assert report.orders > 1
    assert partition(store) == {frozenset({"s0", "s1", "s2"})}
    members = members_of(store)
    assert members["o0"] == (members["s0"][0], "conflicting")
    assert members["o1"] == (members["s0"][0], "conflicting")
    assert report.conflicts == 2 and report.new_groups == 1


def test_the_cli_says_how_a_run_was_placed(tmp_path: Path, monkeypatch: Any) -> None:
    import json

    from click.testing import CliRunner

    from claimtrack.cli import cli

    store = seed_store(tmp_path, [
        {"id": f"c{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.1 * i)}
        for i, t in enumerate(TEXTS)
    ])  # fmt: skip
    monkeypatch.setattr("claimtrack.cli.matching._embedder", lambda obj, model: FakeEmbedder())
    monkeypatch.setattr("claimtrack.api.vectors.embed_missing", lambda *a, **k: None)
    run = CliRunner().invoke(cli, ["--db", str(store.path), "cluster", "--orders", "4"])
    assert run.exit_code == 0, run.output
    assert "consensus of 4 visiting orders" in run.output
    again = CliRunner().invoke(cli, ["--db", str(store.path), "cluster", "--rebuild",
                                     "--orders", "1"])  # fmt: skip
    assert again.exit_code == 0 and "consensus" not in again.output
    with store.session() as session:
        counts = session.sql(
            "SELECT counts FROM pipeline_runs WHERE stage = 'cluster' ORDER BY started_at"
        ).to_series()
    assert [json.loads(c)["orders"] for c in counts] == [4, 1]
    bad = CliRunner().invoke(cli, ["--db", str(store.path), "cluster", "--orders", "0"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    both = CliRunner().invoke(cli, ["--db", str(store.path), "cluster", "--rebuild",
                                    "--incremental"])  # fmt: skip
    assert both.exit_code == 2 and "exclude each other" in both.output
    assert "Traceback" not in both.output


def _magnitude_claims(prefix: str, value: float, angles: list[float]) -> list[dict[str, Any]]:
    values = [{"kind": "number", "value": value, "unit": None, "text": str(value),
               "counts": "magnitude"}]  # fmt: skip
    return [
        {"id": f"{prefix}{i}", "text": f"The quake measured {value} ({prefix}{i})", "lang": "en",
         "vector": unit(1.0, angle), "values": values}
        for i, angle in enumerate(angles)
    ]  # fmt: skip


def _magnitude_relation(a: Any, b: Any, score: float, *, model_id: str) -> Any:
    from claimtrack.embedding.relation import Relation

    if ("7" in a.text.split()[3]) == ("7" in b.text.split()[3]):
        return Relation("same", score, [])
    return Relation("conflicting", score, ["magnitude: 7 vs 6.8"])


@pytest.mark.parametrize("around", [False, True])
def test_an_incremental_run_folds_a_new_measurement_group_into_the_fact(
    tmp_path: Path, monkeypatch: Any, around: bool
) -> None:
    """Placed in one order around the fixed 7 group, two new reports of 6.8 nearer each
    other than the existing magnitude-7 group make a group of their own, then fold into the
    7 group as its conflicting variants (with the fold switched off they stay a group beside
    it). Placed again with that group (a consensus), the same groups."""
    monkeypatch.setattr(clustering, "PLACE_AROUND_AGAIN", around)
    store = seed_store(tmp_path, _magnitude_claims("s", 7, [0.0, 0.05, 0.1]))
    cluster(store, FakeEmbedder(), relation_fn=_magnitude_relation)  # type: ignore[arg-type]
    assert partition(store) == {frozenset({"s0", "s1", "s2"})}
    home = members_of(store)["s0"][0]
    seed_store(tmp_path, _magnitude_claims("o", 6.8, [0.6, 0.62]))
    report = cluster(store, FakeEmbedder(), relation_fn=_magnitude_relation,  # type: ignore[arg-type]
                     incremental=True, orders=None if around else 1)  # fmt: skip
    assert report.orders == (clustering.CONSENSUS_ORDERS if around else 1)
    members = members_of(store)
    assert members["o0"] == (home, "conflicting") and members["o1"] == (home, "conflicting")
    assert partition(store) == {frozenset({"s0", "s1", "s2"})}
    assert report.conflicts == 2
    with store.session() as session:
        reasons = session.sql("SELECT reasons FROM group_members WHERE claim_id = 'o0'").item()
    assert list(reasons) == ["magnitude: 7 vs 6.8"]


def test_without_the_fold_the_new_measurement_stays_a_group(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(clustering, "FOLD_MEASURES", False)
    monkeypatch.setattr(clustering, "PLACE_AROUND_AGAIN", False)  # one order around the 7s
    store = seed_store(tmp_path, _magnitude_claims("s", 7, [0.0, 0.05, 0.1]))
    cluster(store, FakeEmbedder(), relation_fn=_magnitude_relation)  # type: ignore[arg-type]
    seed_store(tmp_path, _magnitude_claims("o", 6.8, [0.6, 0.62]))
    cluster(store, FakeEmbedder(), relation_fn=_magnitude_relation,  # type: ignore[arg-type]
            incremental=True, orders=1)  # fmt: skip
    assert partition(store) == {frozenset({"s0", "s1", "s2"}), frozenset({"o0", "o1"})}


def test_a_group_an_analyst_made_never_folds(tmp_path: Path) -> None:
    from claimtrack.store import groups as group_rows

    store = seed_store(tmp_path, _magnitude_claims("s", 7, [0.0, 0.05, 0.1]))
    cluster(store, FakeEmbedder(), relation_fn=_magnitude_relation)  # type: ignore[arg-type]
    seed_store(tmp_path, _magnitude_claims("o", 6.8, [0.6, 0.62, 0.64]))
    with store.session() as session, session.transaction():
        group_rows.add_groups(session, ["analyst-g"], FakeEmbedder.model_id, "manual-run")
        group_rows.add_members(session, [
            group_rows.Membership("o0", "analyst-g", "same", "manual", None),
            group_rows.Membership("o1", "analyst-g", "same", "manual", None),
        ], None)  # fmt: skip
    cluster(store, FakeEmbedder(), relation_fn=_magnitude_relation)  # type: ignore[arg-type]
    members = members_of(store)
    assert members["o0"] == ("analyst-g", "same") and members["o1"] == ("analyst-g", "same")
    assert members["o2"] == ("analyst-g", "same")


def test_a_copy_of_a_variant_must_conflict_with_the_group_itself(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A claim that is the same as one of a group's conflicting variants joins it as another
    copy of that variant only when it conflicts with the group's members too: "the USGS said
    on its website", merely related to a time-of-day group, is no variant of it. (New claims
    placed around a fixed group: its claims are not placed again here.)"""
    from claimtrack.embedding.relation import Relation

    monkeypatch.setattr(clustering, "PLACE_AROUND_AGAIN", False)

    def relation(a: Any, b: Any, score: float, *, model_id: str) -> Relation:
        kinds = {a.text[0], b.text[0]}
        if len(kinds) == 1 or kinds in ({"o", "x"}, {"o", "y"}):
            return Relation("same", score, [])
        if kinds in ({"s", "o"}, {"s", "y"}):
            return Relation("conflicting", score, ["magnitude: 7 vs 6.8"])
        return Relation("related", score, [])

    store = seed_store(tmp_path, [
        {"id": "s0", "text": "s: a magnitude-7 quake", "lang": "en", "vector": unit(1.0, 0.0)},
        {"id": "s1", "text": "s: the quake measured 7", "lang": "en", "vector": unit(1.0, 0.05)},
        {"id": "o0", "text": "o: the quake measured 6.8", "lang": "en", "vector": unit(1.0, 0.1)},
    ])  # fmt: skip
    cluster(store, FakeEmbedder(), relation_fn=relation)  # type: ignore[arg-type]
    home = members_of(store)["s0"][0]
    assert members_of(store)["o0"] == (home, "conflicting")
    seed_store(tmp_path, [
        {"id": "x0", "text": "x: the agency said so", "lang": "en", "vector": unit(1.0, 0.12)},
    ])  # fmt: skip
    cluster(store, FakeEmbedder(), relation_fn=relation, incremental=True)  # type: ignore[arg-type]
    assert "x0" not in members_of(store)
    seed_store(tmp_path, [
        {"id": "y0", "text": "y: USGS put it at 6.8", "lang": "en", "vector": unit(1.0, 0.14)},
    ])  # fmt: skip
    cluster(store, FakeEmbedder(), relation_fn=relation, incremental=True)  # type: ignore[arg-type]
    assert members_of(store)["y0"] == (home, "conflicting")
