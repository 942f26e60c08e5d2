"""The store on a DuckLake catalog (PostgreSQL on 127.0.0.1): the same migrations and
named queries as a DuckDB file, keyed writes without duplicates, conflicts retried."""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl
import pytest

from claimtrack.errors import ConfigError, NotFoundError, StoreError
from claimtrack.store import Store
from claimtrack.store.location import LakeLocation
from claimtrack.store.sqlfiles import dialect_variants, migrations, query_names


def _columns(store: Store) -> pl.DataFrame:
    with store.session() as session:
        return session.sql(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = 'main' "
            "ORDER BY table_name, column_name"
        )


def test_migrations_give_the_same_schema_as_a_duckdb_file(
    lake_store: Store, tmp_path: Path
) -> None:
    file_store = Store(tmp_path / "file.duckdb")
    file_store.migrate()
    lake, file = _columns(lake_store), _columns(file_store)
    file = file.filter(pl.col("table_name") != "schema_migrations")
    lake = lake.filter(pl.col("table_name") != "schema_migrations")
    assert lake.height > 100
    assert lake.equals(file)
    assert lake_store.pending() == []
    assert lake_store.migrate() == []  # re-running applies nothing
    with lake_store.session() as session:
        assert session.scalar("SELECT count(*) FROM schema_migrations") == len(migrations())


def test_dialect_variants_have_a_duckdb_original() -> None:
    assert dialect_variants() <= query_names()
    assert {"source_upsert", "links_membership_set"} <= dialect_variants()


def test_upsert_inserts_new_keys_and_updates_existing_ones(lake_store: Store) -> None:
    frame = pl.DataFrame({"factcheck_id": ["f1"], "claim": ["a"]})
    with lake_store.session() as session:
        session.run(
            "INSERT INTO factchecks (factcheck_id, claim, match_key, text_key, status, "
            "rating_rule, origin, run_id, imported_at) "
            "VALUES ('f0', 'old', 'k', 't', 'true', 'r', 'o', 'run', now())"
        )
        both = pl.DataFrame({"factcheck_id": ["f0", "f1"], "claim": ["new", "b"]})
        session.upsert("factchecks", both.with_columns(
            match_key=pl.lit("k"), text_key=pl.lit("t"), status=pl.lit("true"),
            rating_rule=pl.lit("r"), origin=pl.lit("o"), run_id=pl.lit("run"),
            imported_at=pl.lit(None, pl.Datetime("us", "UTC")).fill_null(pl.lit(0).cast(
                pl.Datetime("us", "UTC")))), ["factcheck_id"], update=["claim"])  # fmt: skip
        rows = session.sql("SELECT factcheck_id, claim FROM factchecks ORDER BY 1").rows()
    assert rows == [("f0", "new"), ("f1", "b")]
    assert frame.height == 1


def test_concurrent_keyed_writes_do_not_duplicate_a_key(lake_store: Store) -> None:
    """Two threads save the same article at once: one wins, the other is retried and
    finds it stored (DuckLake has no unique keys; store_write_keys serialises them)."""
    from claimtrack.models import Article
    from claimtrack.store.articles import save_article

    article = Article(article_id="a" * 16, text="نص الخبر", language="ar", source="Desk")
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def save() -> None:
        with lake_store.session() as session:
            barrier.wait()
            outcomes.append(save_article(session, article, "run"))

    threads = [threading.Thread(target=save) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added", "duplicate", "duplicate", "duplicate"]
    with lake_store.session() as session:
        assert session.scalar("SELECT count(*) FROM articles") == 1
        assert session.scalar("SELECT count(*) FROM sources") == 1
        assert session.scalar("SELECT count(*) FROM article_appearances") == 1


def test_a_missing_catalog_says_how_to_create_it(postgres, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = postgres.create_database("empty")
    store = Store(f"ducklake:postgres:{postgres.conninfo(name)}")
    with pytest.raises(NotFoundError, match=r"claimtrack .*init"):
        store.ensure_ready(create=False)
    with pytest.raises(StoreError, match="--data-path"):
        store.migrate()


def test_unreachable_server_is_one_line_without_the_password() -> None:
    store = Store("ducklake:postgres:host=127.0.0.1 port=1 dbname=x user=u password=s3cret",
                  data_path="/tmp/x")  # fmt: skip
    with pytest.raises(StoreError) as caught:
        store.migrate()
    message = str(caught.value)
    assert "s3cret" not in message and "\n" not in message
    assert "password=***" in message


def test_location_parsing() -> None:
    with pytest.raises(ConfigError, match="ducklake:postgres"):
        LakeLocation.parse("ducklake:sqlite:meta.sqlite")
    with pytest.raises(ConfigError, match="connection string"):
        LakeLocation.parse("ducklake:postgres:")
    one = LakeLocation.parse("ducklake:postgres:dbname=a host=h", "s3://bucket/x")
    two = LakeLocation.parse("ducklake:postgres:host=h dbname=a", "s3://bucket/x")
    assert one.cache_key == two.cache_key and one.data_path == "s3://bucket/x"
    assert Store("ducklake:postgres:host=h dbname=desk").name == "ducklake:desk"


def test_lake_sessions_print_no_progress_bar(lake_store: Store) -> None:
    with lake_store.session() as session:
        assert session.scalar("SELECT current_setting('enable_progress_bar')") is False
