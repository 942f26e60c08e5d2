"""Two ``cluster`` runs never work on one database at once: each forgets and rewrites
groups, so the second is refused while the first is in progress (``runs.exclusive_run``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cluster_support import FakeEmbedder, members_of, seed_store, table_relation, unit

from claimtrack.api import clustering
from claimtrack.api.clustering import cluster
from claimtrack.errors import RunInProgressError
from claimtrack.store.runs import finish_run, start_run

TEXTS = ["Aid reached the port", "Aid arrived at the port"]
SAME = {frozenset(TEXTS)}


@pytest.fixture
def store(tmp_path: Path) -> Any:
    return seed_store(tmp_path, [
        {"id": f"c{i}", "text": t, "lang": "en", "vector": unit(1.0, 0.1 * i)}
        for i, t in enumerate(TEXTS)
    ])  # fmt: skip


def _runs(store: Any) -> list[dict[str, Any]]:
    with store.session() as session:
        return session.sql(
            "SELECT run_id, status, counts FROM pipeline_runs WHERE stage = 'cluster' "
            "ORDER BY started_at"
        ).to_dicts()


def test_a_run_in_progress_refuses_a_second_one(store: Any) -> None:
    with store.session() as session:  # another process of this host, still alive
        other = start_run(session, "cluster", FakeEmbedder.model_id, "2")
    with pytest.raises(RunInProgressError, match=r"another 'cluster' run \(started .* by process"):
        cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    assert members_of(store) == {}  # nothing forgotten or written
    refused = _runs(store)[-1]
    assert (
        refused["status"] == "failed" and "still running" in json.loads(refused["counts"])["error"]
    )
    with store.session() as session:
        finish_run(session, other, "ok", {})
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    assert report.joined == 1 and _runs(store)[-1]["status"] == "ok"


def test_an_abandoned_run_does_not_block(store: Any) -> None:
    with store.session() as session:
        start_run(session, "cluster", FakeEmbedder.model_id, "2")
        session.run("UPDATE pipeline_runs SET pid = 999999999")  # that process has ended
    report = cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    assert report.joined == 1
    assert [r["status"] for r in _runs(store)] == ["failed", "ok"]


def test_a_run_that_stops_on_an_error_is_failed_and_blocks_nothing(
    store: Any, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("placing broke")

    monkeypatch.setattr(clustering._Run, "by_consensus", broken)
    with pytest.raises(RuntimeError):
        cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    failed = _runs(store)[-1]
    assert failed["status"] == "failed" and json.loads(failed["counts"])["error"] == "placing broke"
    monkeypatch.undo()
    assert cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME)).joined == 1  # type: ignore[arg-type]


def test_the_cli_says_a_run_is_in_progress(store: Any, monkeypatch: Any) -> None:
    from click.testing import CliRunner

    from claimtrack.cli import cli

    monkeypatch.setattr("claimtrack.cli.matching._embedder", lambda obj, model: FakeEmbedder())
    monkeypatch.setattr("claimtrack.api.vectors.embed_missing", lambda *a, **k: None)
    with store.session() as session:
        start_run(session, "cluster", FakeEmbedder.model_id, "2")
    run = CliRunner().invoke(cli, ["--db", str(store.path), "cluster"])
    assert run.exit_code == 1 and "Traceback" not in run.output
    assert "is still running on this database" in run.output


@pytest.mark.parametrize(("hours_ago", "blocks"), [(1, True), (13, False)])
def test_another_machines_run_counts_until_it_is_stale(
    store: Any, hours_ago: int, blocks: bool
) -> None:
    """Its process cannot be checked from here: it holds the stage back for
    ``OTHER_HOST_STALE`` (12 hours), then counts as abandoned."""
    with store.session() as session:
        start_run(session, "cluster", FakeEmbedder.model_id, "2")
        session.run(
            "UPDATE pipeline_runs SET host = 'other-desk', pid = 1, "
            f"started_at = started_at - INTERVAL {hours_ago} HOUR"
        )
    if blocks:
        with pytest.raises(RunInProgressError, match="on other-desk"):
            cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME))  # type: ignore[arg-type]
    else:
        assert cluster(store, FakeEmbedder(), relation_fn=table_relation(SAME)).joined == 1  # type: ignore[arg-type]
