"""The review queue's default order (checkable tier, then check-worthiness) on a DuckLake
catalog: the same claims in the same order as on a DuckDB file."""

from __future__ import annotations

from pathlib import Path

from queue_support import FIRST_CLAIMS, ranked_claims, seed_store

from claimtrack.api import workflow
from claimtrack.store import Store


def test_lake_queue_has_the_file_queue_order(lake_store: Store, tmp_path: Path) -> None:
    on_lake = ranked_claims(seed_store(lake_store))
    on_file = ranked_claims(seed_store(Store(tmp_path / "seed.duckdb")))
    assert [r["claim_id"] for r in on_lake] == [r["claim_id"] for r in on_file]
    keys = [(not r["checkable"], -r["checkworthiness"]) for r in on_lake]
    assert keys == sorted(keys)
    for fragment in FIRST_CLAIMS:
        rank = min(r["rank"] for r in on_lake if fragment in r["text"])
        assert all(rank < r["rank"] for r in on_lake if not r["checkable"])
    assert workflow.queue(lake_store)["checkable"].to_list()[0] is True
