"""Shared fixtures: temporary databases, the CLI runner, paths to repo data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ARTICLE = SEEDS / "000_5afa0f906a688b19.txt"
FIXTURES = REPO / "fixtures"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    from claimtrack.store import Store

    s = Store(db_path)
    s.migrate()
    return s


@pytest.fixture
def run_cli(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Invoke the CLI on the temporary database: ``run_cli("articles", "--format", "json")``."""
    from claimtrack.cli import cli

    monkeypatch.delenv("CLAIMTRACK_DB", raising=False)
    monkeypatch.delenv("CLAIMTRACK_CONFIG", raising=False)
    monkeypatch.setenv("CLAIMTRACK_ANALYST", "tester")
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(
            cli, ["--db", str(db_path), *args], input=input, catch_exceptions=False
        )

    return run


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the seed article ingested and extracted (shared by a test module)."""
    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths
    from claimtrack.store import Store

    path = tmp_path_factory.mktemp("seeded") / "seed.duckdb"
    store = Store(path)
    store.migrate()
    ingest_paths(store, [SEEDS])
    extract(store)
    return path
