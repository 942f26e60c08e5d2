"""The database gateway: the only place that opens DuckDB connections.

A store is a DuckDB file (one analyst, or a few taking turns) or a DuckLake catalog on
PostgreSQL (a team; :mod:`claimtrack.store.lake`). DuckDB lets one process hold a file
open for writing and then refuses every other process, even read-only ones. claimtrack
therefore never holds a connection for long: each command (and each TUI worker) opens a
short session, does its work and closes it. Opening a file retries with backoff while
another process holds the lock, and gives up with one sentence naming that process.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl

from claimtrack.errors import DatabaseBusyError, NotFoundError, StoreError
from claimtrack.store.location import LakeLocation, is_lake, user_cache_dir
from claimtrack.store.session import Params, Session, quiet
from claimtrack.store.sqlfiles import Migration, migrations

T = TypeVar("T")

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")
# Two threads of one process opening the file while a third closes it: DuckDB's instance
# cache briefly sees the file attached twice. Transient, like a lock held elsewhere.
_ATTACH_RACE = "Unique file handle conflict"
_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)
"""


def _store_error(error: duckdb.Error, what: str) -> StoreError:
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    return StoreError(f"{what}: {message}")


class Store:
    """A claimtrack database. Cheap to create; opens connections only on demand.

    ``db`` is a file path or ``ducklake:postgres:<conninfo>``; ``data_path`` is where a
    new DuckLake catalog keeps its Parquet files (ignored for files).
    """

    def __init__(
        self,
        db: Path | str,
        *,
        data_path: str | os.PathLike[str] | None = None,
        busy_timeout: float = 10.0,
    ) -> None:
        self.lake: LakeLocation | None = None
        self.path: Path | None = None
        if is_lake(db):
            self.lake = LakeLocation.parse(str(db), data_path)
        else:
            self.path = Path(db)
        self.busy_timeout = busy_timeout

    def __repr__(self) -> str:
        return f"Store({self.display!r})"

    @property
    def display(self) -> str:
        """Where the database is, for people (a DuckLake password is masked)."""
        return self.lake.display if self.lake else str(self.path)

    @property
    def name(self) -> str:
        """A short name for titles: the file name, or the catalog's database name."""
        if self.lake is None:
            return self._file.name
        found = re.search(r"dbname\s*=\s*(\S+)", self.lake.conninfo)
        return f"ducklake:{found.group(1).strip(chr(39)) if found else 'postgres'}"

    @property
    def _file(self) -> Path:
        assert self.path is not None
        return self.path

    def cache_dir(self) -> Path:
        """Where this client keeps derived files (vector indexes): next to a database
        file, or in the user cache, keyed by the catalog (never inside the shared data)."""
        if self.lake is None:
            return self._file.parent / f"{self._file.name}.indexes"
        return user_cache_dir() / "lakes" / self.lake.cache_key

    def _connect(self, create: bool) -> duckdb.DuckDBPyConnection:
        if self.lake is not None:
            from claimtrack.store import lake

            return lake.connect(self.lake, create=create)
        path = self._file
        if not create and not path.exists():
            raise NotFoundError(
                f"no database at {path}; create one with 'claimtrack init' or "
                "'claimtrack ingest', or pass --db PATH"
            )
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.01
        while True:
            try:
                con = duckdb.connect(str(path))
                break
            except duckdb.IOException as error:
                holder = _LOCK_HOLDER.search(str(error))
                if holder is None:
                    raise _store_error(error, f"cannot open {path}") from error
                if time.monotonic() >= deadline:
                    raise DatabaseBusyError(
                        f"database {path} is in use by another process "
                        f"(PID {holder.group(2)}, {Path(holder.group(1)).name}); "
                        "wait for it to finish or close it, then retry"
                    ) from error
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
            except duckdb.Error as error:
                if _ATTACH_RACE not in str(error) or time.monotonic() >= deadline:
                    raise _store_error(error, f"cannot open {path}") from error
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
        try:
            return quiet(con)
        except duckdb.Error as error:
            con.close()
            raise _store_error(error, f"cannot open {path}") from error

    @contextmanager
    def session(self, *, create: bool = False) -> Iterator[Session]:
        """A short-lived connection; closed (and a file's lock released) on exit."""
        con = self._connect(create)
        try:
            if self.lake is not None:
                from claimtrack.store.lake import clean_error

                location = self.lake
                yield Session(con, dialect="ducklake", conflict_timeout=3 * self.busy_timeout,
                              clean=lambda message: clean_error(message, location))  # fmt: skip
            else:
                yield Session(con, conflict_timeout=3 * self.busy_timeout)
        finally:
            con.close()

    @contextmanager
    def transaction(self, *, create: bool = False) -> Iterator[Session]:
        with self.session(create=create) as session, session.transaction():
            yield session

    def atomic(self, work: Callable[[Session], T], *, what: str = "write") -> T:
        """``work(session)`` in one transaction of a fresh session, run again from the
        start when it loses a race with another writer (see ``Session.atomic``)."""
        with self.session() as session:
            return session.atomic(work, what=what)

    # -- migrations -------------------------------------------------------------------

    def applied_versions(self, session: Session) -> set[int]:
        if session.dialect == "ducklake":
            exists = session.scalar(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_catalog = current_database() AND table_name = 'schema_migrations'"
            )
            if not exists:
                return set()
        else:
            session.run(_MIGRATIONS_TABLE)
        frame = session.sql("SELECT DISTINCT version FROM schema_migrations")
        return set(frame["version"].to_list()) if frame.height else set()

    def migrate(self, *, target: int | None = None) -> list[Migration]:
        """Apply every pending migration (up to ``target``), each in its own transaction.

        Two processes migrating one DuckLake catalog at once: the second one's
        transaction conflicts, is retried, and then finds the migration applied.
        """
        applied: list[Migration] = []
        with self.session(create=True) as session:
            for migration in migrations():
                if target is not None and migration.version > target:
                    continue

                def apply(session: Session, migration: Migration = migration) -> bool:
                    return self._apply(session, migration)

                try:
                    done = session.atomic(apply, what=f"migration {migration.version}")
                except StoreError as error:
                    raise StoreError(
                        f"migration {migration.version:04d}_{migration.name} failed and was "
                        f"rolled back ({error})"
                    ) from error
                if done:
                    applied.append(migration)
        return applied

    def _apply(self, session: Session, migration: Migration) -> bool:
        if migration.version in self.applied_versions(session):
            return False
        sql = migration.sql
        if session.dialect == "ducklake":
            from claimtrack.store.lake import lake_migration

            sql = lake_migration(sql)
            session.run(lake_migration(_MIGRATIONS_TABLE))
        session.run(sql, what=f"migration {migration.version}")
        session.run(
            "INSERT INTO schema_migrations VALUES ($v, $n, $c, $t)",
            {
                "v": migration.version,
                "n": migration.name,
                "c": hashlib.sha256(migration.sql.encode()).hexdigest()[:16],
                "t": datetime.now(UTC),
            },
        )
        return True

    def pending(self) -> list[Migration]:
        with self.session() as session:
            done = self.applied_versions(session)
        if not done:
            raise NotFoundError(
                f"{self.display} holds no claimtrack database yet; create it with 'claimtrack init'"
            )
        return [m for m in migrations() if m.version not in done]

    def ensure_ready(self, *, create: bool) -> None:
        """Migrate when allowed to write; otherwise insist the schema is current."""
        if create:
            self.migrate()
            return
        if self.pending():
            raise StoreError(
                f"database {self.display} was made by an older claimtrack; "
                "run 'claimtrack init' to upgrade it"
            )

    # -- convenience ------------------------------------------------------------------

    def read(self, name: str, params: Params = None) -> pl.DataFrame:
        """Run one named query in a fresh session."""
        with self.session() as session:
            return session.query(name, params)
