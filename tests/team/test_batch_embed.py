"""The distributed embedding job's contract: partitions out, Parquet files back in, loaded
once, keys stored meanwhile skipped -- on a DuckDB file and on a DuckLake catalog."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from claimtrack.api.batch_embed import embedding_tasks, new_job, register_vector_files
from claimtrack.store import Store
from claimtrack.store import vectors as vector_rows

MODEL = "test-model"


def _factchecks(store: Store, count: int) -> None:
    from claimtrack.store.factchecks import save_factchecks

    rows = [{"factcheck_id": f"f{i}", "claim": f"claim {i}", "match_key": f"claim {i}",
             "text_key": f"k{i:03d}", "status": "false", "rating_rule": "test", "origin": "t",
             "run_id": "r", "imported_at": datetime.now(UTC)} for i in range(count)]  # fmt: skip
    with store.session() as session:
        save_factchecks(session, rows)


def _vector_file(path: Path, keys: list[str], run_id: str) -> str:
    rng = np.random.default_rng(len(keys))
    matrix = rng.standard_normal((len(keys), 8)).astype(np.float32)
    pl.DataFrame({
        "text_key": keys, "model_id": [MODEL] * len(keys), "dimension": [8] * len(keys),
        "vector": pl.Series(matrix).cast(pl.List(pl.Float32)), "run_id": [run_id] * len(keys),
        "embedded_at": [datetime.now(UTC)] * len(keys),
    }).write_parquet(path)  # fmt: skip
    return str(path)


def _job(store: Store, tmp_path: Path) -> None:
    _factchecks(store, 10)
    tasks = embedding_tasks(store, "factchecks", MODEL, partitions=3)
    assert [t.height for t in tasks] == [4, 4, 2]
    run_id = new_job(store, "factchecks", MODEL, 10)
    # Someone embeds k000 while the job runs: the job's copy must not duplicate it.
    with store.session() as session:
        vector_rows.save_vectors(session, ["k000"], np.ones((1, 8), np.float32),
                                 model_id=MODEL, run_id="other")  # fmt: skip
    paths = [_vector_file(tmp_path / f"part{i}.parquet", t["text_key"].to_list(), run_id)
             for i, t in enumerate(tasks)]  # fmt: skip
    assert register_vector_files(store, paths, run_id) == 9
    assert register_vector_files(store, paths, run_id) == 0  # loading twice adds nothing
    with store.session() as session:
        keys, matrix = vector_rows.vectors(session, "factchecks", MODEL)
    assert keys == [f"k{i:03d}" for i in range(10)] and matrix.shape == (10, 8)
    assert np.allclose(matrix[0], 1.0)  # the earlier vector was kept
    assert embedding_tasks(store, "factchecks", MODEL, partitions=3) == []


def test_job_on_a_duckdb_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "desk.duckdb")
    store.migrate()
    _job(store, tmp_path)


def test_job_on_a_ducklake_catalog(lake_store: Store, tmp_path: Path) -> None:
    _job(lake_store, tmp_path)


@pytest.mark.parametrize("partitions", [1, 100])
def test_partitions_cover_every_text_once(tmp_path: Path, partitions: int) -> None:
    store = Store(tmp_path / "desk.duckdb")
    store.migrate()
    _factchecks(store, 7)
    tasks = embedding_tasks(store, "factchecks", MODEL, partitions)
    keys = pl.concat(tasks)["text_key"].to_list()
    assert sorted(keys) == [f"k{i:03d}" for i in range(7)]
