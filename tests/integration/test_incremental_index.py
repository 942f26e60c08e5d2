"""Acceptance (issue 13): new articles reach `similar` through an in-place index update.

Ingest -> extract -> embed -> `similar` builds the claims index once; ingesting more
articles and embedding them then makes `similar` answer from the updated index with no
rebuild (``COUNTERS`` and the log line show which path ran).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.api.claims import extract
from claimtrack.api.ingest import ingest_paths
from claimtrack.api.vectors import embed_missing, index_path, load_embedder
from claimtrack.cli import cli
from claimtrack.embedding.index import COUNTERS
from claimtrack.embedding.index_log import log_path
from claimtrack.store import Store
from tests.conftest import FIXTURES, SEEDS


def _similar(db: Path, text: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        cli, ["--db", str(db), "similar", text, "--top-k", "3", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_new_articles_are_found_without_a_rebuild(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    embedder = load_embedder(None)
    store = Store(tmp_path / "desk.duckdb")
    ingest_paths(store, [SEEDS])
    extract(store)
    embed_missing(store, "claims", embedder=embedder)
    builds, rebuilds = COUNTERS["builds"], COUNTERS["rebuilds"]
    first = _similar(store.path, "first visit to Russia since 2019")
    assert COUNTERS["builds"] == builds + 1  # no index yet: built once
    assert all("first visit to Russia" not in str(row["text"]) for row in first)
    path = index_path(store, "claims", embedder.model_id)
    base_written = path.stat().st_mtime_ns

    ingest_paths(store, [FIXTURES / "articles"])
    extract(store)
    embed_missing(store, "claims", embedder=embedder)
    updates = COUNTERS["updates"]
    with caplog.at_level(logging.INFO, logger="claimtrack.embedding.index"):
        found = _similar(store.path, "first visit to Russia since 2019")
    # the new English claim is found (an Arabic report of the same fact may rank first)
    hits = [row for row in found if "first visit to Russia since 2019" in str(row["text"])]
    assert hits and hits[0]["source"] == "Fixture Wire (own words)"
    assert all(row["relation"] == "same" for row in found[: found.index(hits[0]) + 1])
    assert COUNTERS["rebuilds"] == rebuilds and COUNTERS["builds"] == builds + 1
    assert COUNTERS["updates"] == updates + 1
    assert "updated in place" in caplog.text and "rebuilt" not in caplog.text
    assert path.stat().st_mtime_ns == base_written and log_path(path).stat().st_size > 0
