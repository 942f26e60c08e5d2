"""A throwaway PostgreSQL server on 127.0.0.1 for team-mode (DuckLake) tests
(fixtures ``postgres``, ``lake_db``, ``lake_store``; tests/conftest.py exports them).

The server is the Debian package ``postgresql`` (``.ci/run`` installs it); it runs from a
temporary data directory on a free port, as the user ``postgres`` when the tests run as
root (PostgreSQL refuses to run as root). Tests skip with the reason when it is missing
or cannot start, or when the DuckDB extension packages (``claimtrack[team]``) are absent.
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_counter = itertools.count()


@dataclass(frozen=True)
class Postgres:
    port: int
    bindir: Path
    run_as: str | None
    socket_dir: Path

    def conninfo(self, dbname: str) -> str:
        return f"host=127.0.0.1 port={self.port} dbname={dbname} user=postgres"

    def create_database(self, prefix: str = "lake") -> str:
        name = f"{prefix}_{os.getpid()}_{next(_counter)}"
        _run(self, [str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                    "-U", "postgres", name])  # fmt: skip
        return name


def _bindir() -> Path | None:
    def version(initdb: str) -> int:
        name = Path(initdb).parts[-3]
        return int(name) if name.isdigit() else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _run(pg: Postgres | None, argv: list[str], *, run_as: str | None = None,
         timeout: float = 60) -> subprocess.CompletedProcess[str]:  # fmt: skip
    user = pg.run_as if pg is not None else run_as
    if user:
        argv = ["su", "-s", "/bin/sh", user, "-c", shlex.join(argv)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    for package in ("duckdb_extension_ducklake", "duckdb_extension_postgres"):
        if importlib.util.find_spec(package) is None:
            pytest.skip(f"{package} is not installed (pip install -e '.[team]')")
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (Debian package postgresql; .ci/run installs it)")
    run_as = None
    if os.geteuid() == 0:
        run_as = "postgres"
        try:
            subprocess.run(["id", run_as], capture_output=True, check=True)
        except subprocess.CalledProcessError:
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
    # Not under pytest's tmp dir: its parents are private to the user running the tests.
    root = Path(tempfile.mkdtemp(prefix="claimtrack-pg-"))
    if run_as:
        owner = pwd.getpwnam(run_as)
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, sockets, log = root / "data", root, root / "server.log"
    port = _free_port()
    pg = Postgres(port, bindir, run_as, sockets)
    try:
        _run(pg, [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                  "--no-sync"])  # fmt: skip
        options = f"-h 127.0.0.1 -p {port} -k {sockets} -F -c max_connections=200"
        _run(pg, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                  "-w", "-t", "60", "start"])  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        tail = log.read_text()[-500:] if log.exists() else getattr(error, "stderr", "") or ""
        pytest.skip(f"cannot start PostgreSQL on 127.0.0.1: {error} {tail}".strip())
    try:
        yield pg
    finally:
        subprocess.run(["su", "-s", "/bin/sh", run_as, "-c",
                        shlex.join([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                    "stop"])] if run_as else
                       [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def lake_db(postgres: Postgres, tmp_path: Path) -> tuple[str, Path]:
    """A fresh, empty PostgreSQL database for one DuckLake catalog, and its data path."""
    name = postgres.create_database()
    data = tmp_path / "lake-data"
    return f"ducklake:postgres:{postgres.conninfo(name)}", data


@pytest.fixture
def lake_store(lake_db: tuple[str, Path]):  # type: ignore[no-untyped-def]
    """A migrated DuckLake store."""
    from claimtrack.store import Store

    db, data = lake_db
    store = Store(db, data_path=data)
    store.migrate()
    return store


@pytest.fixture(scope="module")
def shared_lake_store(postgres: Postgres, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A migrated DuckLake store shared by a module's read-only tests."""
    from claimtrack.store import Store

    name = postgres.create_database("shared")
    store = Store(f"ducklake:postgres:{postgres.conninfo(name)}",
                  data_path=tmp_path_factory.mktemp("lake") / "data")  # fmt: skip
    store.migrate()
    return store


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def seed_lake(db: str, data_path: Path, *, claims: int):  # type: ignore[no-untyped-def]
    """Migrate the catalog, ingest and extract the seed article; the store and the ids of
    its ``claims`` most check-worthy claims."""
    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths
    from claimtrack.store import Store

    store = Store(db, data_path=data_path)
    store.migrate()
    ingest_paths(store, [Path(__file__).resolve().parents[1] / "seeds"])
    extract(store)
    with store.session() as session:
        ids = session.sql(
            "SELECT claim_id FROM claims ORDER BY checkworthiness DESC, claim_id LIMIT $n",
            {"n": claims},
        )["claim_id"].to_list()
    assert len(ids) == claims
    return store, ids
