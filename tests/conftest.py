"""Shared fixtures: temporary databases, the CLI runner, paths to repo data."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from postgres_support import lake_db, lake_store, postgres, shared_lake_store

__all__ = ["lake_db", "lake_store", "postgres", "shared_lake_store"]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ARTICLE = SEEDS / "000_5afa0f906a688b19.txt"
FIXTURES = REPO / "fixtures"


@functools.cache
def seed_claim_count() -> int:
    """How many claims the current extractor finds in the seed article (as ingested)."""
    from datetime import date

    from claimtrack.models import Article
    from claimtrack.pipeline.extract import extract_claims
    from claimtrack.pipeline.ingest import normalise_body

    text = normalise_body(SEED_ARTICLE.read_text(encoding="utf-8"))
    return len(extract_claims(Article("seed", text, "ar", published=date(2023, 9, 13))))


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


@dataclass(frozen=True)
class DemoRun:
    db: Path
    stdout: str
    report: Path


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """README command 1, ``claimtrack demo``, run once: its printout, database and report."""
    from claimtrack.cli import cli

    db = tmp_path_factory.mktemp("demo") / "claimtrack-demo.duckdb"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert result.exit_code == 0, result.output
    return DemoRun(db, result.stdout, db.with_name(db.stem + "-report.html"))


def chromium() -> str:
    """The headless browser for report tests; skips (saying why) only where it could not
    be installed. ``.ci/run`` installs Debian's ``chromium`` and sets
    ``CLAIMTRACK_REQUIRE_CHROMIUM=1`` once it is there, so CI never skips silently."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CLAIMTRACK_REQUIRE_CHROMIUM") == "1":
        pytest.fail("CLAIMTRACK_REQUIRE_CHROMIUM=1 but chromium is not on PATH")
    reason = os.environ.get("CLAIMTRACK_CHROMIUM_SKIP") or (
        "chromium is not on PATH (.ci/run installs the Debian package chromium)"
    )
    pytest.skip(reason)
