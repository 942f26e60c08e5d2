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


def test_lake_upgrade_fills_the_tier_of_existing_claims(
    lake_db: tuple[str, Path], tmp_path: Path
) -> None:
    """Migration 0011 on a DuckLake catalog holding claims: the same flags as extraction."""
    seeded = seed_store(Store(tmp_path / "seed.duckdb"))
    db, data = lake_db
    lake = Store(db, data_path=data)
    lake.migrate(target=10)
    with lake.session() as session:
        session.run(f"ATTACH '{seeded.path}' AS seeded (READ_ONLY)")
        for table in ("sources", "articles"):
            session.run(f"INSERT INTO {table} SELECT * FROM seeded.{table}")
        session.run("INSERT INTO claims SELECT * EXCLUDE (checkable) FROM seeded.claims")
        session.run("DETACH seeded")
    assert [m.version for m in lake.migrate()] == [11]
    with lake.session() as session:
        upgraded = dict(session.sql("SELECT claim_id, checkable FROM claims").iter_rows())
    with seeded.session() as session:
        extracted = dict(session.sql("SELECT claim_id, checkable FROM claims").iter_rows())
    assert upgraded == extracted
    assert (
        workflow.queue(lake)["claim_id"].to_list() == workflow.queue(seeded)["claim_id"].to_list()
    )
