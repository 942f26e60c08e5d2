"""Every kind of command against ``--db ducklake:postgres:...``, unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from postgres_support import seed_lake

from claimtrack.cli import cli

REPO = Path(__file__).resolve().parents[2]


def _run(db: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def test_workflow_export_and_stats_commands(
    lake_db: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMTRACK_CONFIG", raising=False)
    db, data = lake_db
    init = _run(db, "--data-path", str(data), "init")
    assert "applied migrations: 0001_foundation" in init.output
    _, (a, b) = seed_lake(db, data, claims=2)
    assert len(json.loads(_run(db, "claims", "--format", "json").output)) > 2
    _run(db, "link", a, b, "--relation", "same", "--analyst", "rana")
    _run(db, "verdict", a, "misleading", "--group", "--analyst", "rana",
         "--evidence", "https://example.org/check")  # fmt: skip
    _run(db, "note", b, "called the embassy", "--analyst", "sami")
    _run(db, "assign", b, "--to", "sami", "--analyst", "rana")
    _run(db, "undo", a, "--analyst", "rana")
    _run(db, "unlink", a, b, "--analyst", "rana")
    history = json.loads(_run(db, "history", a, "--format", "json").output)
    assert [e["action"] for e in history] == ["link", "verdict", "evidence", "undo", "undo",
                                              "unlink"]  # fmt: skip
    states = {c["claim_id"]: c for c in json.loads(_run(db, "claims", "--format", "json").output)}
    assert states[a]["status"] == "unreviewed" and states[b]["status"] == "misleading"
    queue = json.loads(_run(db, "queue", "--analyst", "sami", "--format", "json").output)
    assert [c["claim_id"] for c in queue] == []  # b is misleading now: no longer open
    out = tmp_path / "claims.parquet"
    _run(db, "export", "--format", "parquet", "--with-history", "--out", str(out))
    assert out.stat().st_size > 0
    stats = json.loads(_run(db, "stats", "--format", "json").output)
    assert stats["by_status"]["misleading"] == 1


def test_missing_catalog_is_one_line(postgres, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CLAIMTRACK_CONFIG", raising=False)
    name = postgres.create_database("none")
    result = CliRunner().invoke(cli, ["--db", f"ducklake:postgres:{postgres.conninfo(name)}",
                                      "claims"])  # fmt: skip
    assert result.exit_code == 1
    assert result.output.startswith("Error: no claimtrack database at ducklake:postgres:")


@pytest.mark.slow
def test_embedding_search_and_clustering_commands(lake_db: tuple[str, Path]) -> None:
    db, data = lake_db
    seed_lake(db, data, claims=1)
    _run(db, "embed")
    hits = json.loads(_run(db, "similar", "75 years of diplomatic relations", "--format",
                           "json").output)  # fmt: skip
    assert hits and "75 عاماً" in hits[0]["text"]
    _run(db, "cluster")
    before = json.loads(_run(db, "groups", "--format", "json").output)
    rebuilt = _run(db, "cluster", "--rebuild")
    assert "all placed again" in rebuilt.output
    assert json.loads(_run(db, "groups", "--format", "json").output) == before
    # new articles on a catalog: the new claims and the groups around them placed again
    _run(db, "ingest", str(REPO / "fixtures/articles"))
    _run(db, "extract")
    around = _run(db, "cluster", "--incremental")
    assert "placed again around the new ones" in around.output
    assert json.loads(_run(db, "groups", "--format", "json").output)
    _run(
        db,
        "factchecks",
        "import",
        str(REPO / "fixtures/factchecks" / "arabic_claimreview_subset.json"),
    )
    _run(db, "factchecks", "suggest")
